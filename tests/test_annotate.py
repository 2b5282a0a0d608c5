"""`policylint annotate`: a copy of a .docx with a Word comment on every finding and,
with --suggest-edits, tracked-change rewrites (policylint/annotate.py).

The rules come from tests/data/annotate_rules.yaml, so these tests do not depend on
the bundled rule pack.
"""

from __future__ import annotations

import hashlib
import io
import shutil
import struct
import subprocess
import sys
import zipfile
import zlib
from collections import Counter
from pathlib import Path

import docx
import docx_fixtures as fx
import pytest
from click.testing import CliRunner
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from lxml import etree

from policylint.annotate import (
    AUTHOR,
    AnnotateError,
    annotate_docx,
    comment_anchors,
    default_output_path,
    output_date,
)
from policylint.api import lint
from policylint.cli import cli
from policylint.config import Config
from policylint.documents import Limits
from policylint.documents import docx as reader

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_handbooks" / "riverbend-clinic-handbook.docx"
RULES = Path(__file__).parent / "data" / "annotate_rules.yaml"
IDS = [
    "martyr-language/annotate-test-calling",
    "availability/annotate-test-reachable",
    "caseload/annotate-test-uncapped",
    "sick-leave/annotate-test-note",
    "unpaid-work/annotate-test-clock",
    "productivity/annotate-test-header",
    "grief-leave/annotate-test-absent",
]
SELECT = ",".join(IDS)
W = fx.NAMESPACES["w"]
NS = {"w": W}


def config() -> Config:
    return Config(rules=[str(RULES)], select=list(IDS))


# ------------------------------------------------------------------ fixtures


def _png() -> bytes:
    """A valid 2x2 RGB PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    raw = b"".join(b"\x00" + b"\xff\x00\x00" * 2 for _ in range(2))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


REV = 'w:author="HR" w:date="2025-01-01T00:00:00Z"'


def build_review_fixture(path: Path) -> Path:
    """Every place a finding can sit. Texts (final view), in body order:

    Title "Annotate Fixture Handbook"; H1 "Availability";
    MIXED  "Clinicians must remain reachable by phone at any hour." - "remain reach" bold,
           "able by phone" italic: the match spans two runs with different formatting
    COLOUR "For us, therapy is a calling rather than a job, truly." - one red run
    LINK   "Our sacred vocation matters." - "sacred vocation" is a hyperlink
    SDT    "Charting is done off the clock." - "off the clock" in a content control
    table  "Notes" | "Notes are written off the clock."
    EXISTING_COMMENT "Staff stay reachable at all times." - HR comment on the paragraph
    TRACKED "Therapists must remain reachable on weekends." - "must remain reachable "
           is an HR insertion; " when possible" an HR deletion (original view:
           "Therapists on weekends when possible.")
    a picture paragraph; HOST "See the callout." anchoring a text box
    "Callout: charting happens off the clock."; NOTE "Documentation rules apply." with
    a footnote "Late notes are finished off the clock."; the header
    "Every hour billed counts."
    """
    doc = docx.Document()
    doc.sections[0].header.paragraphs[0].text = "Every hour billed counts."
    doc.add_heading("Annotate Fixture Handbook", level=0)
    doc.add_heading("Availability", level=1)
    fx.append(
        doc,
        fx.para(
            fx.t("Clinicians must ")
            + "<w:r><w:rPr><w:b/></w:rPr><w:t>remain reach</w:t></w:r>"
            + '<w:r><w:rPr><w:i/></w:rPr><w:t xml:space="preserve">able by phone</w:t></w:r>'
            + fx.t(" at any hour.")
        ),
    )
    fx.append(
        doc,
        fx.para(
            '<w:r><w:rPr><w:color w:val="C00000"/></w:rPr><w:t xml:space="preserve">'
            "For us, therapy is a calling rather than a job, truly.</w:t></w:r>"
        ),
    )
    rid = doc.part.relate_to("https://example.invalid/mission", RT.HYPERLINK, is_external=True)
    fx.append(
        doc,
        fx.para(
            fx.t("Our ")
            + f'<w:hyperlink r:id="{rid}">{fx.t("sacred vocation")}</w:hyperlink>'
            + fx.t(" matters.")
        ),
    )
    fx.append(
        doc,
        fx.para(
            fx.t("Charting is done ")
            + '<w:sdt><w:sdtPr><w:alias w:val="Where"/></w:sdtPr>'
            + f"<w:sdtContent>{fx.t('off the clock')}</w:sdtContent></w:sdt>"
            + fx.t(".")
        ),
    )
    table = doc.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Notes"
    table.cell(0, 1).text = "Notes are written off the clock."
    p = doc.add_paragraph("Staff stay reachable at all times.")
    doc.add_comment(p.runs, text="Check with legal.", author="HR", initials="HR")
    fx.append(
        doc,
        fx.para(
            fx.t("Therapists ")
            + f'<w:ins w:id="901" {REV}>{fx.t("must remain reachable ")}</w:ins>'
            + fx.t("on weekends")
            + f'<w:del w:id="902" {REV}>{fx.deleted_run(" when possible")}</w:del>'
            + fx.t(".")
        ),
    )
    image = path.parent / "pixel.png"
    image.write_bytes(_png())
    doc.add_picture(str(image))
    fx.append(
        doc,
        fx.para(
            fx.t("See the callout.")
            + fx.textbox_drawing_run("Callout: charting happens off the clock.")
        ),
    )
    fx.append(
        doc,
        fx.para(
            fx.t("Documentation rules apply.")
            + '<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
            + '<w:footnoteReference w:id="1"/></w:r>'
        ),
    )
    xml = (
        f'<w:footnotes xmlns:w="{W}">'
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
        "</w:footnote>"
        '<w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r>'
        '<w:r><w:t xml:space="preserve"> Late notes are finished off the clock.</w:t></w:r>'
        "</w:p></w:footnote></w:footnotes>"
    )
    fx._add_xml_part(doc, "/word/footnotes.xml", CT.WML_FOOTNOTES, RT.FOOTNOTES, xml)
    doc.save(str(path))
    return path


#: (rule, block text containing the match, the match) for the fixture
EXACT = [
    ("availability/annotate-test-reachable", "remain reachable", "Clinicians must"),
    ("martyr-language/annotate-test-calling", "a calling rather than a job", "For us"),
    ("martyr-language/annotate-test-calling", "sacred vocation", "Our sacred"),
    ("unpaid-work/annotate-test-clock", "off the clock", "Charting is done"),
    ("unpaid-work/annotate-test-clock", "off the clock", "Notes are written"),
    ("availability/annotate-test-reachable", "reachable at all times", "Staff stay"),
    ("availability/annotate-test-reachable", "remain reachable", "Therapists"),
]


@pytest.fixture(scope="module")
def fixture_doc(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_review_fixture(tmp_path_factory.mktemp("annotate") / "review.docx")


def run_annotate(path: Path, **kw):  # type: ignore[no-untyped-def]
    report = lint([str(path)], config())
    result = report.files[0]
    assert result.error is None, result.error
    why = {r.id: r.why for r in report.ruleset}
    out = annotate_docx(path.read_bytes(), result.document, result.findings, why=why, **kw)
    return result, out


def comments_by_id(data: bytes) -> dict[str, tuple[str, str]]:
    doc = docx.Document(io.BytesIO(data))
    return {str(c.comment_id): (c.author, c.text) for c in doc.comments}


def document_xml(data: bytes) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return etree.fromstring(zf.read("word/document.xml"))


def texts(data: bytes, view: str = "final") -> list[tuple[str, str]]:
    document = reader.read(data, "x.docx", Limits(), view)  # type: ignore[arg-type]
    return [(str(b.kind), b.text) for b in document.blocks]


# ------------------------------------------------------------- comments: fixture


def test_fixture_every_finding_has_one_comment_on_its_words(fixture_doc: Path) -> None:
    before = hashlib.sha256(fixture_doc.read_bytes()).hexdigest()
    result, out = run_annotate(fixture_doc)
    assert hashlib.sha256(fixture_doc.read_bytes()).hexdigest() == before
    findings = [f for f in result.findings if not f.suppressed]
    assert out.comments == len(findings) == len(out.comment_ids)
    anchors = comment_anchors(out.data)
    comments = comments_by_id(out.data)
    got = Counter()
    for f in findings:
        cid = out.comment_ids[f.fingerprint]
        author, text = comments[cid]
        assert author == AUTHOR
        assert f"({f.rule})" in text.splitlines()[0]
        assert f.message in text
        if f.scope == "span":
            block = result.document.blocks[f.block]
            if block.kind in ("paragraph", "table-cell"):  # the main text: on the words
                assert anchors[cid] == f.match, (f.rule, block.text)
                got[(f.rule, f.match, block.text.split(" ")[0])] += 1
    expected = Counter((rule, match, lead.split(" ")[0]) for rule, match, lead in EXACT)
    assert got == expected
    assert out.exact == len(EXACT)
    # text box, footnote, header and the document-level finding: on a paragraph
    assert out.on_paragraph == 4


def test_fixture_comment_text(fixture_doc: Path) -> None:
    result, out = run_annotate(fixture_doc)
    comments = comments_by_id(out.data)
    anchors = comment_anchors(out.data)
    by_rule = {}
    for f in result.findings:
        by_rule.setdefault(f.rule, []).append(comments[out.comment_ids[f.fingerprint]][1])
    calling = by_rule["martyr-language/annotate-test-calling"][0].splitlines()
    assert calling[0] == "Info: Vocation rhetoric (martyr-language/annotate-test-calling)"
    assert calling[1] == '"a calling rather than a job" frames the job as a vocation.'
    assert calling[2].startswith("Why it matters: Calling the work a vocation")
    assert calling[3] == (
        "Suggested rewrite: Therapy is skilled professional work, and we pay and staff it as such."
    )
    reachable = by_rule["availability/annotate-test-reachable"][0]
    assert "Or: Clinicians are not expected to answer messages" in reachable
    (absent,) = by_rule["grief-leave/annotate-test-absent"]
    assert absent.startswith("Warning: No grief leave for miscarriage")
    assert "Clause to add: Employees may take up to five paid days" in absent
    assert "about the document as a whole" in absent
    absent_id = next(
        out.comment_ids[f.fingerprint] for f in result.findings if f.scope == "document"
    )
    assert anchors[absent_id] == "Annotate Fixture Handbook"  # on the title
    # the unanchorable ones say where the words are, on the paragraph a reader sees
    clock = {t for t in by_rule["unpaid-work/annotate-test-clock"] if "Word cannot" in t}
    assert len(clock) == 2
    notes = {f.block: f for f in result.findings if f.rule == "unpaid-work/annotate-test-clock"}
    placed = {}
    for f in notes.values():
        cid = out.comment_ids[f.fingerprint]
        placed[result.document.blocks[f.block].kind] = (anchors[cid], comments[cid][1])
    box_anchor, box_text = placed["text-box"]
    assert box_anchor == "See the callout."
    assert "in a text box anchored to this paragraph" in box_text
    note_anchor, note_text = placed["footnote"]
    assert note_anchor == "Documentation rules apply."
    assert "in the footnote marked in this paragraph" in note_text
    (header,) = by_rule["productivity/annotate-test-header"]
    header_id = next(
        out.comment_ids[f.fingerprint]
        for f in result.findings
        if f.rule == "productivity/annotate-test-header"
    )
    assert "in the page header" in header and "Word cannot attach comments to headers" in header
    assert anchors[header_id] == "Annotate Fixture Handbook"  # first paragraph of the section


def test_fixture_split_runs_keep_their_formatting(fixture_doc: Path) -> None:
    _result, out = run_annotate(fixture_doc)
    body = document_xml(out.data).find(f"{{{W}}}body")
    paragraphs = body.findall(f"{{{W}}}p")

    def runs_of(lead: str) -> list[tuple[str, tuple[str, ...]]]:
        p = next(p for p in paragraphs if "".join(p.itertext()).startswith(lead))
        out_ = []
        for r in p.iter(f"{{{W}}}r"):
            text = "".join(t.text or "" for t in r.iter(f"{{{W}}}t"))
            rpr = r.find(f"{{{W}}}rPr")
            props = tuple(etree.QName(c).localname for c in rpr) if rpr is not None else ()
            if text:
                out_.append((text, props))
        return out_

    assert runs_of("Clinicians must") == [
        ("Clinicians must ", ()),
        ("remain reach", ("b",)),
        ("able", ("i",)),
        (" by phone", ("i",)),
        (" at any hour.", ()),
    ]
    assert runs_of("For us") == [
        ("For us, therapy is ", ("color",)),
        ("a calling rather than a job", ("color",)),
        (", truly.", ("color",)),
    ]


def test_fixture_everything_else_survives(fixture_doc: Path) -> None:
    data = fixture_doc.read_bytes()
    _, out = run_annotate(fixture_doc)
    # same text as the input in both views (comments add no text)
    assert texts(out.data) == texts(data)
    assert texts(out.data, "original") == texts(data, "original")
    # the existing comment is still there, on the same words
    comments = comments_by_id(out.data)
    hr = [cid for cid, (author, _text) in comments.items() if author == "HR"]
    assert len(hr) == 1
    assert comments[hr[0]][1] == "Check with legal."
    assert comment_anchors(out.data)[hr[0]] == "Staff stay reachable at all times."
    assert comment_anchors(data)[hr[0]] == "Staff stay reachable at all times."
    # the existing tracked changes are untouched
    root = document_xml(out.data)
    ins = root.findall(".//w:ins", NS)
    dels = root.findall(".//w:del", NS)
    assert [(e.get(f"{{{W}}}id"), e.get(f"{{{W}}}author")) for e in ins] == [("901", "HR")]
    assert [(e.get(f"{{{W}}}id"), e.get(f"{{{W}}}author")) for e in dels] == [("902", "HR")]
    # images, styles, numbering, header, footnotes: same parts, same content
    with zipfile.ZipFile(io.BytesIO(data)) as a, zipfile.ZipFile(io.BytesIO(out.data)) as b:
        before, after = set(a.namelist()), set(b.namelist())
        assert before <= after
        assert after - before <= {"word/comments.xml"}
        for name in sorted(before):
            if name in ("word/document.xml", "word/comments.xml", "[Content_Types].xml"):
                continue
            if name.endswith("document.xml.rels"):
                continue
            x, y = a.read(name), b.read(name)
            if name.endswith((".xml", ".rels")):
                assert etree.tostring(etree.fromstring(x), method="c14n") == etree.tostring(
                    etree.fromstring(y), method="c14n"
                ), name
            else:
                assert x == y, name
    assert any(name.startswith("word/media/") for name in before)
    # the output opens with python-docx
    assert len(docx.Document(io.BytesIO(out.data)).paragraphs) > 5


def test_fixture_suggest_edits(fixture_doc: Path) -> None:
    data = fixture_doc.read_bytes()
    _result, out = run_annotate(fixture_doc, suggest_edits=True)
    # original view: exactly the input's original view
    assert texts(out.data, "original") == texts(data, "original")
    final = [text for _kind, text in texts(out.data)]
    counts = Counter(final)
    # MIXED, the existing-comment paragraph and TRACKED
    assert counts["Outside scheduled hours, urgent client calls go to the on-call line."] == 3
    # COLOUR and LINK
    assert counts["Therapy is skilled professional work, and we pay and staff it as such."] == 2
    # SDT and the table cell
    assert counts["All work time, including notes, is paid."] == 2
    assert "For us, therapy is a calling rather than a job, truly." not in final
    # every body finding with its words marked got an edit: 7 exact anchors
    assert out.edits == 7
    # text box, footnote and header findings get comments only, and say so
    assert out.edits_skipped == 3
    assert "Callout: charting happens off the clock." in final
    # revisions: unique ids, by policylint, deletions hold w:delText only
    root = document_xml(out.data)
    ids = [e.get(f"{{{W}}}id") for e in root.iter(f"{{{W}}}ins", f"{{{W}}}del")]
    comment_ids = [e.get(f"{{{W}}}id") for e in root.iter(f"{{{W}}}commentRangeStart")]
    assert len(ids) == len(set(ids))
    assert not set(ids) & set(comment_ids)
    ours = [e for e in root.iter(f"{{{W}}}ins", f"{{{W}}}del") if e.get(f"{{{W}}}author") == AUTHOR]
    assert len([e for e in ours if e.tag == f"{{{W}}}ins"]) == 7
    for d in ours:
        if d.tag == f"{{{W}}}del":
            assert d.find(".//w:t", NS) is None
            assert d.find(".//w:delText", NS) is not None
    # the inserted text another author added is deleted inside that insertion
    hr_ins = next(e for e in root.iter(f"{{{W}}}ins") if e.get(f"{{{W}}}id") == "901")
    assert hr_ins.find("w:del", NS) is not None
    # the rewritten run keeps the sentence's formatting
    red = [
        r
        for r in root.iter(f"{{{W}}}r")
        if r.getparent().tag == f"{{{W}}}ins" and r.find("w:rPr/w:color", NS) is not None
    ]
    assert [r.findtext("w:t", namespaces=NS) for r in red] == [
        "Therapy is skilled professional work, and we pay and staff it as such."
    ]


def test_accept_all_equals_final_view(fixture_doc: Path) -> None:
    """Accepting every change (dropping w:del, unwrapping w:ins) reads as the final view."""
    _, out = run_annotate(fixture_doc, suggest_edits=True)
    with zipfile.ZipFile(io.BytesIO(out.data)) as zf:
        members = {name: zf.read(name) for name in zf.namelist()}
    root = etree.fromstring(members["word/document.xml"])
    for d in list(root.iter(f"{{{W}}}del")):
        d.getparent().remove(d)
    for ins in list(root.iter(f"{{{W}}}ins")):
        parent = ins.getparent()
        if parent.tag == f"{{{W}}}trPr" or parent.tag == f"{{{W}}}rPr":
            continue
        index = parent.index(ins)
        for child in reversed(list(ins)):
            parent.insert(index, child)
        parent.remove(ins)
    members["word/document.xml"] = etree.tostring(root)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, content in members.items():
            zf.writestr(name, content)
    accepted = buf.getvalue()
    assert texts(accepted, "original") == texts(accepted, "final") == texts(out.data)


def test_suppressed_findings_get_no_comment(tmp_path: Path) -> None:
    """A Word comment "policylint-disable availability -- reason" on a paragraph
    silences the finding there: no policylint comment for it."""
    doc = docx.Document()
    p = doc.add_paragraph("Staff stay reachable at all times.")
    doc.add_comment(
        p.runs,
        text="policylint-disable availability -- reviewed by the board",
        author="HR",
        initials="HR",
    )
    doc.add_paragraph("Notes are written off the clock.")
    path = tmp_path / "suppressed.docx"
    doc.save(str(path))
    result, out = run_annotate(path)
    assert {f.rule for f in result.findings if f.suppressed} == {
        "availability/annotate-test-reachable"
    }
    active = sorted(f.rule for f in result.findings if not f.suppressed)
    assert active == ["grief-leave/annotate-test-absent", "unpaid-work/annotate-test-clock"]
    assert out.comments == 2
    comments = comments_by_id(out.data)
    assert sum(1 for author, _ in comments.values() if author == "HR") == 1
    anchors = comment_anchors(out.data)
    ours = {anchors.get(cid) for cid, (author, _) in comments.items() if author == AUTHOR}
    assert ours == {"Staff stay reachable at all times.", "off the clock"}  # title = 1st para


def test_comments_in_header_only_document(tmp_path: Path) -> None:
    """Headers of a later section point to that section's first paragraph."""
    doc = docx.Document()
    doc.add_paragraph("Section one.")
    second = doc.add_section()
    second.header.is_linked_to_previous = False
    second.header.paragraphs[0].text = "Every hour billed counts."
    doc.add_paragraph("Section two starts here.")
    path = tmp_path / "sections.docx"
    doc.save(str(path))
    result, out = run_annotate(path)
    (f,) = [f for f in result.findings if f.rule == "productivity/annotate-test-header"]
    assert comment_anchors(out.data)[out.comment_ids[f.fingerprint]] == "Section two starts here."


def test_tabs_hidden_runs_and_fields(tmp_path: Path) -> None:
    """A match across a tab and around a hidden run is marked exactly; a sentence inside
    a simple field gets its comment but no tracked change (Word regenerates fields)."""
    doc = docx.Document()
    fx.append(
        doc,
        fx.para(
            '<w:r><w:t xml:space="preserve">Staff must remain</w:t><w:tab/><w:t>reachable</w:t>'
            "</w:r><w:r><w:rPr><w:vanish/></w:rPr><w:t>HIDDEN</w:t></w:r>"
            '<w:r><w:t xml:space="preserve"> now.</w:t></w:r>'
        ),
    )
    fx.append(
        doc,
        fx.para(
            fx.t("Work is a ")
            + f'<w:fldSimple w:instr=" DOCPROPERTY Motto ">{fx.t("sacred vocation")}</w:fldSimple>'
            + fx.t(" here.")
        ),
    )
    path = tmp_path / "edge.docx"
    doc.save(str(path))
    result, out = run_annotate(path, suggest_edits=True)
    anchors = comment_anchors(out.data, "original")
    span = [f for f in result.findings if f.scope == "span"]
    assert {f.match for f in span} == {"remain reachable", "sacred vocation"}
    for f in span:
        assert anchors[out.comment_ids[f.fingerprint]] == f.match
    assert (out.edits, out.edits_skipped) == (1, 1)
    assert texts(out.data, "original") == texts(path.read_bytes())
    comments = comments_by_id(out.data)
    vocation = next(f for f in span if f.match == "sacred vocation")
    assert "the sentence holds a field" in comments[out.comment_ids[vocation.fingerprint]][1]


# --------------------------------------------------------------- sample handbook


@pytest.fixture(scope="module")
def sample_result():  # type: ignore[no-untyped-def]
    report = lint([str(SAMPLE)], config())
    return report


def test_sample_handbook(sample_result, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    data = SAMPLE.read_bytes()
    result = sample_result.files[0]
    findings = [f for f in result.findings if not f.suppressed]
    assert len(findings) >= 5
    why = {r.id: r.why for r in sample_result.ruleset}
    out = annotate_docx(data, result.document, findings, why=why)
    anchors = comment_anchors(out.data)
    for f in findings:
        cid = out.comment_ids[f.fingerprint]
        if f.scope == "span":
            assert anchors[cid] == f.match
    assert out.exact == sum(1 for f in findings if f.scope == "span")
    assert texts(out.data) == texts(data)
    # header, footer (PAGE field) and numbering survive
    with zipfile.ZipFile(io.BytesIO(data)) as a, zipfile.ZipFile(io.BytesIO(out.data)) as b:
        for name in ("word/header1.xml", "word/footer1.xml", "word/numbering.xml"):
            assert etree.tostring(etree.fromstring(a.read(name)), method="c14n") == etree.tostring(
                etree.fromstring(b.read(name)), method="c14n"
            )
    edited = annotate_docx(data, result.document, findings, why=why, suggest_edits=True)
    assert texts(edited.data, "original") == texts(data)
    final = {text for _k, text in texts(edited.data)}
    assert "Full-time caseloads are capped at 25 active clients." in final
    assert (
        "Riverbend is not an ordinary workplace. Therapy is skilled professional work, "
        "and we pay and staff it as such." in final
    )
    assert edited.edits == out.exact


def test_reproducible_with_source_date_epoch(
    fixture_doc: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1735689600")  # 2025-01-01T00:00:00Z
    _, one = run_annotate(fixture_doc, suggest_edits=True)
    _, two = run_annotate(fixture_doc, suggest_edits=True)
    assert one.data == two.data
    root = document_xml(one.data)
    dates = {
        e.get(f"{{{W}}}date")
        for e in root.iter(f"{{{W}}}ins", f"{{{W}}}del")
        if e.get(f"{{{W}}}author") == AUTHOR
    }
    assert dates == {"2025-01-01T00:00:00Z"}
    with zipfile.ZipFile(io.BytesIO(one.data)) as zf:
        comments = etree.fromstring(zf.read("word/comments.xml"))
        assert {zi.date_time for zi in zf.infolist()} == {(2025, 1, 1, 0, 0, 0)}
    ours = [c for c in comments if c.get(f"{{{W}}}author") == AUTHOR]
    assert {c.get(f"{{{W}}}date") for c in ours} == {"2025-01-01T00:00:00Z"}


def test_output_date() -> None:
    assert output_date({"SOURCE_DATE_EPOCH": "0"}).isoformat() == "1970-01-01T00:00:00+00:00"
    assert output_date({}).microsecond == 0
    with pytest.raises(AnnotateError):
        output_date({"SOURCE_DATE_EPOCH": "yesterday"})


def test_default_output_path() -> None:
    assert default_output_path("docs/Handbook 2026.docx") == Path(
        "docs/Handbook 2026.policylint.docx"
    )


# ----------------------------------------------------------------------- CLI


def invoke(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, ["annotate", *args], catch_exceptions=False)


def test_cli_writes_copy_beside_input(tmp_path: Path) -> None:
    src = tmp_path / "handbook.docx"
    shutil.copy(SAMPLE, src)
    before = src.read_bytes()
    res = invoke(str(src), "--rules", str(RULES), "--select", SELECT)
    out = tmp_path / "handbook.policylint.docx"
    assert res.exit_code == 0, res.output  # the copy was written: success, whatever it found
    assert res.stdout.splitlines()[0] == (
        f"Wrote {out}: 6 comments (5 anchored on the exact words, 1 on the paragraph), "
        "0 suggested edits"
    )
    assert res.stdout.splitlines()[1].startswith("Profile: handbook")
    assert src.read_bytes() == before
    assert docx.Document(str(out)).comments is not None
    # an existing output is not overwritten without --force
    stamp = out.read_bytes()
    res = invoke(str(src), "--rules", str(RULES), "--select", SELECT)
    assert res.exit_code == 2
    assert res.stderr.strip() == (
        f"{out}: error: already exists; use --force to overwrite it, or -o to choose another name"
    )
    assert out.read_bytes() == stamp
    res = invoke(
        str(src), "--rules", str(RULES), "--select", SELECT, "--force", "--suggest-edits",
    )  # fmt: skip
    assert res.exit_code == 0, res.output
    assert res.stdout.splitlines()[0].endswith("5 suggested edits")
    assert out.read_bytes() != stamp
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temp files


def test_cli_options(tmp_path: Path) -> None:
    src = tmp_path / "handbook.docx"
    shutil.copy(SAMPLE, src)
    target = tmp_path / "review" / "copy.docx"
    target.parent.mkdir()
    res = invoke(
        str(src), "-o", str(target), "--rules", str(RULES),
        "--select", "caseload/annotate-test-uncapped",
    )  # fmt: skip
    assert res.exit_code == 0
    assert "1 comment (1 anchored on the exact words, 0 on the paragraph)" in res.stdout
    res = invoke(
        str(src), "-o", str(target), "--force", "--rules", str(RULES), "--select", SELECT,
        "--ignore", "caseload,grief-leave",
    )  # fmt: skip
    assert res.exit_code == 0, res.output
    assert "4 comments (4 anchored" in res.stdout
    res = invoke(
        str(src), "-o", str(target), "--force", "--rules", str(RULES), "--select", SELECT,
        "--profile", "syllabus",
    )  # fmt: skip
    assert "5 comments (5 anchored" in res.stdout  # the handbook-only document rule is off


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing.docx"], "missing.docx: error: no such file or directory"),
        (["notes.pdf"], "notes.pdf: error: annotate writes Word comments, so it needs a .docx"),
        (["-"], "policylint: error: annotate needs the path of a .docx file"),
        (["bad.docx"], "bad.docx: error: not a valid .docx"),
        (["good.docx", "-o", "good.docx"], "good.docx: error: refusing to write over an input"),
        (["good.docx", "-o", "copy.txt"], "copy.txt: error: the annotated copy must be a .docx"),
        (["folder.docx"], "folder.docx: error: is a directory"),
    ],
)
def test_cli_bad_input(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4\n")
    (tmp_path / "bad.docx").write_bytes(b"not a zip at all")
    (tmp_path / "folder.docx").mkdir()
    shutil.copy(SAMPLE, tmp_path / "good.docx")
    before = (tmp_path / "good.docx").read_bytes()
    res = invoke(*args, "--rules", str(RULES), "--select", SELECT)
    assert res.exit_code == 2
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(message), res.stderr
    assert "Traceback" not in res.output
    assert (tmp_path / "good.docx").read_bytes() == before
    assert not list(tmp_path.glob("*.policylint.docx"))


def test_cli_warns_about_annotating_an_annotated_copy(tmp_path: Path) -> None:
    src = tmp_path / "h.docx"
    shutil.copy(SAMPLE, src)
    invoke(str(src), "--rules", str(RULES), "--select", SELECT)
    res = invoke(str(tmp_path / "h.policylint.docx"), "--rules", str(RULES), "--select", SELECT)
    assert "warning: it already holds 6 policylint comment(s)" in res.stderr


def test_cli_subprocess_no_traceback(tmp_path: Path) -> None:
    (tmp_path / "broken.docx").write_bytes(b"PK\x03\x04 truncated")
    proc = subprocess.run(
        [sys.executable, "-m", "policylint", "annotate", "broken.docx"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == [
        "broken.docx: error: not a valid .docx (the zip archive is damaged or truncated); "
        "download the file again or re-save it from Word"
    ]


# ------------------------------------------------------------------ LibreOffice


SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
EXPORT_NOTES = '{"ExportNotes":{"type":"boolean","value":"true"}}'


@pytest.mark.slow
@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_renders_the_comments(fixture_doc: Path, tmp_path: Path) -> None:
    from pypdf import PdfReader

    _, out = run_annotate(fixture_doc, suggest_edits=True)
    annotated = tmp_path / "review.policylint.docx"
    annotated.write_bytes(out.data)
    profile = (tmp_path / "lo-profile").as_uri()
    proc = subprocess.run(
        [
            str(SOFFICE), f"-env:UserInstallation={profile}", "--headless",
            # comments become PDF annotations only when asked (JSON filter options: LO 7.4+)
            "--convert-to", f"pdf:writer_pdf_Export:{EXPORT_NOTES}",
            "--outdir", str(tmp_path), str(annotated),
        ],
        capture_output=True, text=True, timeout=240,
    )  # fmt: skip
    pdf = tmp_path / "review.policylint.pdf"
    assert pdf.exists(), proc.stdout + proc.stderr
    reader_ = PdfReader(str(pdf))
    notes = []
    for page in reader_.pages:
        for annot in page.get("/Annots") or []:
            contents = annot.get_object().get("/Contents")
            if contents:
                notes.append(str(contents))
    joined = "\n".join(notes)
    assert "Info: Vocation rhetoric (martyr-language/annotate-test-calling)" in joined
    assert "Why it matters: Calling the work a vocation" in joined
    assert "Check with legal." in joined  # the existing comment too
    assert sum(1 for n in notes if n.startswith(("Info:", "Warning:", "Error:"))) == out.comments
