"""Builders for .docx test fixtures, made in code.

Each ``build_*`` function writes a .docx to ``path`` and returns ``path``. python-docx
makes the ordinary parts; raw OXML (``oxml()``) covers what it lacks: tracked
changes, content controls, text boxes, fields, footnotes and endnotes, custom
numbering. Other test modules import these, so keep the texts stable.
"""

from __future__ import annotations

import io
import random
import struct
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml.ns import qn
from docx.oxml.parser import parse_xml

NAMESPACES = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
    "v": "urn:schemas-microsoft-com:vml",
}
_DECLS = " ".join(f'xmlns:{prefix}="{uri}"' for prefix, uri in NAMESPACES.items())
_DATE = "2025-01-01T00:00:00Z"


def oxml(fragment: str):
    """Parse one XML element written with the prefixes of :data:`NAMESPACES`."""
    head, sep, rest = fragment.strip().partition(">")
    if head.endswith("/"):
        head, sep = head[:-1], "/>"
    return parse_xml(f"{head} {_DECLS}{sep}{rest}")


def t(text: str) -> str:
    """A run holding ``text``."""
    return f'<w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def deleted_run(text: str) -> str:
    return f'<w:r><w:delText xml:space="preserve">{escape(text)}</w:delText></w:r>'


def para(inner: str, style: str | None = None) -> str:
    ppr = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    return f"<w:p>{ppr}{inner}</w:p>"


def append(doc, fragment: str):
    """Append a block-level element (``w:p``, ``w:tbl``, ``w:sdt``) to the body."""
    el = oxml(fragment)
    body = doc.element.body
    sect_pr = body.find(qn("w:sectPr"))
    if sect_pr is not None:
        sect_pr.addprevious(el)
    else:
        body.append(el)
    return el


def _save(doc, path: str | Path) -> Path:
    path = Path(path)
    doc.save(str(path))
    return path


# ------------------------------------------------------------------ structure


def build_headings(path: str | Path) -> Path:
    """Title, Heading 1, a custom style based on Heading 2, a direct outline level.

    Blocks: Title "Employee Handbook" (level 0), "Welcome to the clinic." (no
    section), H1 "Leave", "Leave is granted on request.", "Policy Section" (based on
    Heading 2) "Bereavement", "Staff receive five days.", H1 "Pay", a Normal
    paragraph with outlineLvl 2 "Overtime", "Overtime is paid at 1.5x."
    """
    doc = docx.Document()
    doc.add_heading("Employee Handbook", level=0)
    doc.add_paragraph("Welcome to the clinic.")
    doc.add_heading("Leave", level=1)
    doc.add_paragraph("Leave is granted on request.")
    custom = doc.styles.add_style("Policy Section", WD_STYLE_TYPE.PARAGRAPH)
    custom.base_style = doc.styles["Heading 2"]
    doc.add_paragraph("Bereavement", style="Policy Section")
    doc.add_paragraph("Staff receive five days.")
    doc.add_heading("Pay", level=1)
    p = doc.add_paragraph("Overtime")
    p._p.get_or_add_pPr().append(oxml('<w:outlineLvl w:val="2"/>'))
    doc.add_paragraph("Overtime is paid at 1.5x.")
    return _save(doc, path)


def _level(
    ilvl: int,
    fmt: str,
    text: str,
    start: int = 1,
    restart: int | None = None,
    style: str | None = None,
) -> str:
    extra = f'<w:lvlRestart w:val="{restart}"/>' if restart is not None else ""
    if style:
        extra += f'<w:pStyle w:val="{style}"/>'
    return (
        f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
        f'{extra}<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/></w:lvl>'
    )


def add_abstract_num(doc, abstract_id: int, levels: list[str]) -> None:
    numbering = doc.part.numbering_part.element
    el = oxml(
        f'<w:abstractNum w:abstractNumId="{abstract_id}">'
        f'<w:multiLevelType w:val="multilevel"/>{"".join(levels)}</w:abstractNum>'
    )
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(el)
    else:
        numbering.append(el)


def add_num(doc, num_id: int, abstract_id: int, start_overrides: dict[int, int] | None = None):
    overrides = "".join(
        f'<w:lvlOverride w:ilvl="{ilvl}"><w:startOverride w:val="{start}"/></w:lvlOverride>'
        for ilvl, start in (start_overrides or {}).items()
    )
    doc.part.numbering_part.element.append(
        oxml(
            f'<w:num w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>{overrides}</w:num>'
        )
    )


def numbered(text: str, num_id: int, ilvl: int) -> str:
    return (
        f'<w:p><w:pPr><w:pStyle w:val="ListParagraph"/><w:numPr><w:ilvl w:val="{ilvl}"/>'
        f'<w:numId w:val="{num_id}"/></w:numPr></w:pPr>{t(text)}</w:p>'
    )


#: (text, expected label) in reading order for :func:`build_lists`
LIST_LABELS = [
    ("Bereavement leave", "1."),
    ("Sick leave", "2."),
    ("Vacation", "3."),
    ("Paid", "•"),
    ("Unpaid", "•"),
    ("Eligibility", "1."),
    ("Full-time staff", "a)"),
    ("Part-time staff", "b)"),
    ("Prorated by hours", "(i)"),
    ("Approval", "2."),
    ("Manager sign-off", "a)"),
    ("Restarted list", "1."),
    ("Restarted sub item", "a)"),
    ("Clause A", "1."),
    ("Never reset x", "a)"),
    ("Clause B", "2."),
    ("Never reset y", "b)"),
    ("Legal one", "1.1"),
    ("Upper roman", "II."),
]


def build_lists(path: str | Path) -> Path:
    """Lists whose labels are :data:`LIST_LABELS`.

    "List Number" / "List Bullet" paragraphs take their numbering from the style
    (no ``w:numPr`` on the paragraph); custom numbering 90 has three levels
    ("%1.", "%2)", "(%3)"); numId 91 restarts it with a ``w:startOverride``; 92 has
    a second level that never restarts (``w:lvlRestart`` 0); 93 is "%1.%2" legal
    style and 94 upper roman starting at 2.
    """
    doc = docx.Document()
    doc.add_heading("Leave types", level=1)
    for text in ("Bereavement leave", "Sick leave", "Vacation"):
        doc.add_paragraph(text, style="List Number")
    for text in ("Paid", "Unpaid"):
        doc.add_paragraph(text, style="List Bullet")
    add_abstract_num(
        doc,
        90,
        [
            _level(0, "decimal", "%1."),
            _level(1, "lowerLetter", "%2)"),
            _level(2, "lowerRoman", "(%3)"),
        ],
    )
    add_abstract_num(
        doc, 92, [_level(0, "decimal", "%1."), _level(1, "lowerLetter", "%2)", restart=0)]
    )
    add_abstract_num(doc, 93, [_level(0, "decimal", "%1."), _level(1, "decimal", "%1.%2")])
    add_abstract_num(doc, 94, [_level(0, "upperRoman", "%1.", start=2)])
    add_num(doc, 90, 90)
    add_num(doc, 91, 90, {0: 1})
    add_num(doc, 92, 92)
    add_num(doc, 93, 93)
    add_num(doc, 94, 94)
    for text, num_id, ilvl in (
        ("Eligibility", 90, 0),
        ("Full-time staff", 90, 1),
        ("Part-time staff", 90, 1),
        ("Prorated by hours", 90, 2),
        ("Approval", 90, 0),
        ("Manager sign-off", 90, 1),
    ):
        append(doc, numbered(text, num_id, ilvl))
    append(doc, para(t("A plain paragraph between lists.")))
    append(doc, numbered("Restarted list", 91, 0))
    append(doc, numbered("Restarted sub item", 91, 1))
    for text, ilvl in (
        ("Clause A", 0),
        ("Never reset x", 1),
        ("Clause B", 0),
        ("Never reset y", 1),
    ):
        append(doc, numbered(text, 92, ilvl))
    append(doc, numbered("Legal one", 93, 1))
    append(doc, numbered("Upper roman", 94, 0))
    return _save(doc, path)


def build_tables(path: str | Path) -> Path:
    """H1 "Leave"; a 2x2 table whose last cell holds a nested 1x2 table; a paragraph;
    then a 1x1 table whose cell is a Heading 2 "Overtime"; a paragraph after it."""
    doc = docx.Document()
    doc.add_heading("Leave", level=1)
    table = doc.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Type"
    table.cell(0, 1).text = "Days"
    table.cell(1, 0).text = "Bereavement"
    inner_cell = table.cell(1, 1)
    inner = inner_cell.add_table(rows=1, cols=2)
    inner.cell(0, 0).text = "Parent: 5 days"
    inner.cell(0, 1).text = "Other: 3 days"
    doc.add_paragraph("Leave requests go to HR.")
    layout = doc.add_table(rows=1, cols=1)
    layout.cell(0, 0).paragraphs[0].text = "Overtime"
    layout.cell(0, 0).paragraphs[0].style = doc.styles["Heading 2"]
    doc.add_paragraph("Overtime needs approval.")
    return _save(doc, path)


# --------------------------------------------------------------- inline markup


def build_tracked_changes(path: str | Path) -> Path:
    """Tracked insertion/deletion, a move, and a deleted table row.

    Final view: "Fees are fully refundable.", "Leave policy.",
    "This applies to all staff from day one.", table cell "Kept row" only.
    Original view: "Fees are not refundable.", "Leave policy applies to all staff.",
    "This from day one.", cells "Kept row" and "Deleted row".
    """
    doc = docx.Document()
    rev = 'w:author="HR" w:date="' + _DATE + '"'
    append(
        doc,
        para(
            t("Fees are ")
            + f'<w:del w:id="1" {rev}>{deleted_run("not ")}</w:del>'
            + f'<w:ins w:id="2" {rev}>{t("fully ")}</w:ins>'
            + t("refundable.")
        ),
    )
    append(
        doc,
        para(
            t("Leave policy")
            + f'<w:moveFrom w:id="3" {rev}>{t(" applies to all staff")}</w:moveFrom>'
            + t(".")
        ),
    )
    append(
        doc,
        para(
            t("This")
            + f'<w:moveTo w:id="4" {rev}>{t(" applies to all staff")}</w:moveTo>'
            + t(" from day one.")
        ),
    )
    deleted_cell = para(f'<w:del w:id="6" {rev}>{deleted_run("Deleted row")}</w:del>')
    append(
        doc,
        '<w:tbl><w:tblPr/><w:tblGrid><w:gridCol w:w="4000"/></w:tblGrid>'
        f"<w:tr><w:tc>{para(t('Kept row'))}</w:tc></w:tr>"
        f'<w:tr><w:trPr><w:del w:id="5" {rev}/></w:trPr><w:tc>{deleted_cell}</w:tc></w:tr>'
        "</w:tbl>",
    )
    return _save(doc, path)


def build_content_controls(path: str | Path) -> Path:
    """An inline control ("Contact: dean@example.edu"), a block control paragraph
    ("Block control paragraph."), and a table cell wrapped in a cell-level control
    ("Cell control text.")."""
    doc = docx.Document()
    append(
        doc,
        para(
            t("Contact: ")
            + '<w:sdt><w:sdtPr><w:alias w:val="Email"/></w:sdtPr>'
            + f"<w:sdtContent>{t('dean@example.edu')}</w:sdtContent></w:sdt>"
        ),
    )
    append(
        doc,
        '<w:sdt><w:sdtPr><w:alias w:val="Clause"/></w:sdtPr>'
        f"<w:sdtContent>{para(t('Block control paragraph.'))}</w:sdtContent></w:sdt>",
    )
    append(
        doc,
        '<w:tbl><w:tblPr/><w:tblGrid><w:gridCol w:w="4000"/></w:tblGrid><w:tr>'
        f"<w:sdt><w:sdtPr/><w:sdtContent><w:tc>{para(t('Cell control text.'))}</w:tc>"
        "</w:sdtContent></w:sdt></w:tr></w:tbl>",
    )
    return _save(doc, path)


def _box_content(text: str) -> str:
    return f"<w:txbxContent>{para(t(text))}</w:txbxContent>"


def textbox_drawing_run(text: str) -> str:
    """A run with a DrawingML text box and its VML ``mc:Fallback`` copy, as Word
    writes it."""
    return (
        '<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>'
        '<wp:anchor distT="0" distB="0" distL="114300" distR="114300" simplePos="0" '
        'relativeHeight="1" behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1">'
        '<wp:simplePos x="0" y="0"/>'
        '<wp:positionH relativeFrom="column"><wp:posOffset>0</wp:posOffset></wp:positionH>'
        '<wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV>'
        '<wp:extent cx="2000000" cy="500000"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
        '<wp:wrapSquare wrapText="bothSides"/><wp:docPr id="1" name="Text Box 1"/>'
        "<wp:cNvGraphicFramePr/><a:graphic>"
        '<a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        '<wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr><a:xfrm><a:off x="0" y="0"/>'
        '<a:ext cx="2000000" cy="500000"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/>'
        f"</a:prstGeom></wps:spPr><wps:txbx>{_box_content(text)}</wps:txbx><wps:bodyPr/>"
        "</wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>"
        '<mc:Fallback><w:pict><v:shape type="#_x0000_t202" style="width:150pt;height:40pt">'
        f"<v:textbox>{_box_content(text)}</v:textbox></v:shape></w:pict></mc:Fallback>"
        "</mc:AlternateContent></w:r>"
    )


def textbox_vml_run(text: str) -> str:
    """A run with a plain VML text box (``w:pict``), as older Word versions wrote."""
    return (
        '<w:r><w:pict><v:shape type="#_x0000_t202" style="width:150pt;height:40pt">'
        f"<v:textbox>{_box_content(text)}</v:textbox></v:shape></w:pict></w:r>"
    )


def build_text_boxes(path: str | Path) -> Path:
    """H1 "Policies"; "Host paragraph one." anchoring a DrawingML text box with a
    VML fallback ("Callout: no overtime without approval."); "Host paragraph two."
    anchoring a plain VML box ("Sidebar: call the on-call line."); "Closing
    paragraph."."""
    doc = docx.Document()
    doc.add_heading("Policies", level=1)
    append(
        doc,
        para(
            t("Host paragraph ")
            + textbox_drawing_run("Callout: no overtime without approval.")
            + t("one.")
        ),
    )
    append(doc, para(t("Host paragraph two.") + textbox_vml_run("Sidebar: call the on-call line.")))
    doc.add_paragraph("Closing paragraph.")
    return _save(doc, path)


def build_fields(path: str | Path) -> Path:
    """Fields and hyperlinks.

    1. "Page 1" (``w:fldSimple`` PAGE)
    2. "See Section 3 for details." (complex REF field; instruction dropped)
    3. "Result: first." (nested IF/PAGE complex fields)
    4. "Read the policy portal and the leave section." (external and internal links)
    """
    doc = docx.Document()
    append(doc, para(t("Page ") + f'<w:fldSimple w:instr=" PAGE ">{t("1")}</w:fldSimple>'))

    def fld(kind: str) -> str:
        return f'<w:r><w:fldChar w:fldCharType="{kind}"/></w:r>'

    def instr(text: str) -> str:
        return f'<w:r><w:instrText xml:space="preserve">{escape(text)}</w:instrText></w:r>'

    append(
        doc,
        para(
            t("See ")
            + fld("begin")
            + instr(" REF _Ref1 \\h ")
            + fld("separate")
            + t("Section 3")
            + fld("end")
            + t(" for details.")
        ),
    )
    append(
        doc,
        para(
            t("Result: ")
            + fld("begin")
            + instr(" IF ")
            + fld("begin")
            + instr(" PAGE ")
            + fld("separate")
            + t("1")
            + fld("end")
            + instr(' = 1 "first" "other" ')
            + fld("separate")
            + t("first")
            + fld("end")
            + t(".")
        ),
    )
    rid = doc.part.relate_to(
        "https://intranet.example.org/policies", RT.HYPERLINK, is_external=True
    )
    append(
        doc,
        para(
            t("Read the ")
            + f'<w:hyperlink r:id="{rid}">{t("policy portal")}</w:hyperlink>'
            + t(" and the ")
            + f'<w:hyperlink w:anchor="leave">{t("leave section")}</w:hyperlink>'
            + t(".")
        ),
    )
    return _save(doc, path)


def build_special_characters(path: str | Path) -> Path:
    """Tabs, breaks, hyphens, symbols and hidden text.

    Raw text of paragraph 1: "Full time staff: on-call duty, productivity ✓"
    (``w:tab``, ``w:br``, ``w:noBreakHyphen``, ``w:softHyphen``, ``w:sym``); a hidden
    run "SECRET" is skipped.
    """
    doc = docx.Document()
    append(
        doc,
        para(
            "<w:r><w:t>Full</w:t><w:tab/><w:t>time</w:t><w:br/><w:t>staff:</w:t></w:r>"
            '<w:r><w:rPr><w:vanish/></w:rPr><w:t xml:space="preserve"> SECRET</w:t></w:r>'
            '<w:r><w:t xml:space="preserve"> on</w:t><w:noBreakHyphen/>'
            '<w:t xml:space="preserve">call duty, pro</w:t><w:softHyphen/>'
            '<w:t xml:space="preserve">ductivity </w:t>'
            '<w:sym w:font="Wingdings" w:char="F0FC"/></w:r>'
        ),
    )
    return _save(doc, path)


# ------------------------------------------------------------ other stories


def _add_xml_part(doc, name: str, content_type: str, reltype: str, xml: str) -> None:
    part = Part(PackURI(name), content_type, xml.encode("utf-8"), doc.part.package)
    doc.part.relate_to(part, reltype)


def build_notes(path: str | Path) -> Path:
    """A footnote ("Per state law, at least three days.") and an endnote ("See the
    staff agreement.") referenced from "Bereavement leave is granted." and
    "Sick leave is paid."; separator notes are present and must be skipped."""
    doc = docx.Document()
    append(
        doc,
        para(
            t("Bereavement leave is granted.")
            + '<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
            + '<w:footnoteReference w:id="1"/></w:r>'
        ),
    )
    append(doc, para(t("Sick leave is paid.") + '<w:r><w:endnoteReference w:id="1"/></w:r>'))
    w = NAMESPACES["w"]
    notes = (
        ("footnote", "Per state law, at least three days."),
        ("endnote", "See the staff agreement."),
    )
    for kind, text in notes:
        xml = (
            f'<w:{kind}s xmlns:w="{w}">'
            f'<w:{kind} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
            f"</w:{kind}>"
            f'<w:{kind} w:type="continuationSeparator" w:id="0"><w:p><w:r>'
            f"<w:continuationSeparator/></w:r></w:p></w:{kind}>"
            f'<w:{kind} w:id="1"><w:p><w:r><w:{kind}Ref/></w:r>'
            f'<w:r><w:t xml:space="preserve"> {escape(text)}</w:t></w:r></w:p></w:{kind}>'
            f"</w:{kind}s>"
        )
        content_type = CT.WML_FOOTNOTES if kind == "footnote" else CT.WML_ENDNOTES
        reltype = RT.FOOTNOTES if kind == "footnote" else RT.ENDNOTES
        _add_xml_part(doc, f"/word/{kind}s.xml", content_type, reltype, xml)
    return _save(doc, path)


def build_headers_footers(path: str | Path) -> Path:
    """Three sections. Section 1: default header "Acme Clinic Handbook", footer
    "Confidential", and a first-page header "Cover page header" (titlePg on).
    Section 2 is linked to section 1 (shares its parts). Section 3 has its own header
    "Appendix header" and links the footer. Body paragraphs: "Section one text.",
    "Section two text.", "Section three text."."""
    doc = docx.Document()
    doc.add_paragraph("Section one text.")
    first = doc.sections[0]
    first.header.paragraphs[0].text = "Acme Clinic Handbook"
    first.footer.paragraphs[0].text = "Confidential"
    first.different_first_page_header_footer = True
    first.first_page_header.paragraphs[0].text = "Cover page header"
    second = doc.add_section()
    doc.add_paragraph("Section two text.")
    second.different_first_page_header_footer = False
    third = doc.add_section()
    doc.add_paragraph("Section three text.")
    third.different_first_page_header_footer = False
    third.header.is_linked_to_previous = False
    third.header.paragraphs[0].text = "Appendix header"
    return _save(doc, path)


#: comment texts used by :func:`build_comments`
DIRECTIVE_ONE = "policylint-disable grief-leave/short-bereavement"
DIRECTIVE_EMPTY = "policylint-disable-next availability"
DIRECTIVE_RANGE = "policylint-disable productivity"
DIRECTIVE_CAPITAL = "Policylint-ignore sick-leave"


def build_comments(path: str | Path) -> Path:
    """Word comments. Body paragraphs (blocks 0..5):

    0 "Bereavement leave is one day." - DIRECTIVE_ONE on its second run, plus an
      ordinary comment "Check with legal." (not a directive)
    (an empty paragraph holding DIRECTIVE_EMPTY on an empty run -> next block)
    1 "Staff are reachable at all times."
    2 "Quota: 30 sessions a week." \\ DIRECTIVE_RANGE from 2 to 3
    3 "Notes are written off the clock." /
    4 "Work while ill is expected." - DIRECTIVE_CAPITAL
    """
    doc = docx.Document()
    p0 = doc.add_paragraph("Bereavement leave ")
    run = p0.add_run("is one day.")
    doc.add_comment(run, text=DIRECTIVE_ONE, author="HR", initials="HR")
    doc.add_comment(p0.runs[0], text="Check with legal.", author="HR", initials="HR")
    empty = doc.add_paragraph()
    doc.add_comment(empty.add_run(""), text=DIRECTIVE_EMPTY, author="HR", initials="HR")
    doc.add_paragraph("Staff are reachable at all times.")
    p2 = doc.add_paragraph("Quota: 30 sessions a week.")
    p3 = doc.add_paragraph("Notes are written off the clock.")
    doc.add_comment([p2.runs[0], p3.runs[0]], text=DIRECTIVE_RANGE, author="HR", initials="HR")
    p4 = doc.add_paragraph("Work while ill is expected.")
    doc.add_comment(p4.runs, text=DIRECTIVE_CAPITAL, author="HR", initials="HR")
    return _save(doc, path)


def build_positions(path: str | Path) -> Path:
    """Paragraph numbers: 1 "First paragraph.", 2 (empty), 3 "   Indented text.",
    4 empty first paragraph of cell A, ... see the test for the full map."""
    doc = docx.Document()
    doc.add_paragraph("First paragraph.")  # 1
    doc.add_paragraph("")  # 2
    doc.add_paragraph("   Indented\ttext.")  # 3
    table = doc.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Cell A"  # 4
    table.cell(0, 1).text = "Cell B"  # 5
    append(doc, para(t("Host ") + textbox_vml_run("Box text.") + t("paragraph.")))  # 6, box 7
    doc.add_paragraph("Last paragraph.")  # 8
    return _save(doc, path)


# ------------------------------------------------------------------- sample text

_SENTENCES = [
    "Clinicians are expected to maintain a caseload of {n} active clients.",
    "Bereavement leave of {n} days is available for the death of an immediate family member.",
    "Documentation must be completed within {n} hours of each session.",
    "Staff should respond to client messages within {n} hours, including weekends.",
    "Supervision is provided for {n} hours each week for pre-licensed clinicians.",
    "Productivity targets are reviewed every {n} weeks with your supervisor.",
    "Paid time off accrues at {n} hours per pay period.",
    "Employees who are ill should notify the front desk at least {n} hours before a shift.",
    "Cancellation fees apply when a client cancels less than {n} hours in advance.",
    "The clinic closes for {n} days at the end of the year.",
]


def build_handbook(path: str | Path, words: int = 5000, seed: int = 7) -> Path:
    """A realistic handbook of about ``words`` words: headings, paragraphs, numbered
    and bulleted lists, a table, a header and a footer."""
    rng = random.Random(seed)
    doc = docx.Document()
    doc.add_heading("Riverside Counseling Employee Handbook", level=0)
    doc.sections[0].header.paragraphs[0].text = "Riverside Counseling - Confidential"
    doc.sections[0].footer.paragraphs[0].text = "Version 3, reviewed annually"
    count = 0
    section = 0
    while count < words:
        section += 1
        doc.add_heading(f"Section {section}: Policies", level=1)
        for sub in range(3):
            doc.add_heading(f"Topic {section}.{sub + 1}", level=2)
            for _ in range(3):
                text = " ".join(
                    rng.choice(_SENTENCES).format(n=rng.randint(1, 40)) for _ in range(4)
                )
                doc.add_paragraph(text)
                count += len(text.split())
            for _ in range(3):
                text = rng.choice(_SENTENCES).format(n=rng.randint(1, 40))
                doc.add_paragraph(text, style=rng.choice(["List Number", "List Bullet"]))
                count += len(text.split())
        table = doc.add_table(rows=3, cols=2)
        for row in table.rows:
            for cell in row.cells:
                cell.text = rng.choice(_SENTENCES).format(n=rng.randint(1, 40))
                count += len(cell.text.split())
    return _save(doc, path)


# ------------------------------------------------------------------ bad inputs


def _minimal_package(
    document_xml: bytes, *, level: int = 9, compression: int = zipfile.ZIP_DEFLATED
) -> bytes:
    content_types = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/word/document.xml" ContentType="'
        f'{CT.WML_DOCUMENT_MAIN}"/></Types>'
    )
    rels = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{RT.OFFICE_DOCUMENT}" Target="word/document.xml"/>'
        "</Relationships>"
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression, compresslevel=level) as zf:
        zf.writestr("[Content_Types].xml", content_types)
        zf.writestr("_rels/.rels", rels)
        zf.writestr("word/document.xml", document_xml)
    return buf.getvalue()


def minimal_docx_bytes(paragraphs: list[str], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A bare package (no styles, numbering or settings) with these paragraphs."""
    w = NAMESPACES["w"]
    body = "".join(para(t(text)) for text in paragraphs)
    return _minimal_package(
        f'<w:document xmlns:w="{w}"><w:body>{body}</w:body></w:document>'.encode(),
        compression=compression,
    )


def encrypted_member_bytes() -> bytes:
    """A package whose document.xml has the zip "encrypted" flag set in the central
    directory (zip-level encryption, not Word's)."""
    out = bytearray(minimal_docx_bytes(["Text."]))
    pos = out.find(b"PK\x01\x02")
    while pos != -1:
        name_len = struct.unpack_from("<H", out, pos + 28)[0]
        if out[pos + 46 : pos + 46 + name_len] == b"word/document.xml":
            flags = struct.unpack_from("<H", out, pos + 8)[0]
            struct.pack_into("<H", out, pos + 8, flags | 0x1)
        pos = out.find(b"PK\x01\x02", pos + 4)
    return bytes(out)


def build_zip_bomb(path: str | Path, mib: int = 30) -> Path:
    """A small .docx whose word/document.xml expands to ``mib`` MiB of repetitive XML
    (a ratio far above 100:1)."""
    w = NAMESPACES["w"]
    # mostly whitespace between paragraphs: deflate shrinks runs of one byte ~1000:1
    unit = para(t("All staff must be available at all times. ")).encode() + b" " * 16384
    head = f'<w:document xmlns:w="{w}"><w:body>'.encode()
    tail = b"</w:body></w:document>"
    repeat = (mib * (1 << 20)) // len(unit) + 1
    path = Path(path)
    path.write_bytes(_minimal_package(head + unit * repeat + tail))
    return path


def build_big_xml(path: str | Path, mib: float = 2.0) -> Path:
    """A .docx whose document.xml is about ``mib`` MiB of varied text, compressing at
    an ordinary ratio: caught only by the XML part size limit."""
    rng = random.Random(3)
    w = NAMESPACES["w"]
    parts = [f'<w:document xmlns:w="{w}"><w:body>'.encode()]
    size = 0
    while size < mib * (1 << 20):
        text = " ".join(
            "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(2, 9)))
            for _ in range(30)
        )
        chunk = para(t(text)).encode()
        parts.append(chunk)
        size += len(chunk)
    parts.append(b"</w:body></w:document>")
    path = Path(path)
    path.write_bytes(_minimal_package(b"".join(parts), level=1))
    return path


def lying_size_docx_bytes() -> bytes:
    """A package whose document.xml declares (in both headers) a smaller size than it
    really inflates to: zipfile must stop at the declared size and fail the CRC."""
    data = minimal_docx_bytes(["A paragraph long enough to matter. " * 20])
    real = None
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        info = zf.getinfo("word/document.xml")
        real = info.file_size
    fake = real // 4
    out = bytearray(data)
    name = b"word/document.xml"
    # local file header: signature, ..., uncompressed size at offset 22
    pos = out.find(b"PK\x03\x04" + b"", 0)
    while pos != -1:
        name_len = struct.unpack_from("<H", out, pos + 26)[0]
        if out[pos + 30 : pos + 30 + name_len] == name:
            struct.pack_into("<I", out, pos + 22, fake)
        pos = out.find(b"PK\x03\x04", pos + 4)
    # central directory header: uncompressed size at offset 24, name at 46
    pos = out.find(b"PK\x01\x02")
    while pos != -1:
        name_len = struct.unpack_from("<H", out, pos + 28)[0]
        if out[pos + 46 : pos + 46 + name_len] == name:
            struct.pack_into("<I", out, pos + 24, fake)
        pos = out.find(b"PK\x01\x02", pos + 4)
    return bytes(out)


def build_encrypted(path: str | Path, password: str = "Passw0rd") -> Path:
    """A password-protected .docx (an OLE container with an EncryptedPackage stream),
    made with msoffcrypto-tool's OOXML encryption."""
    from msoffcrypto.format.ooxml import OOXMLFile

    plain = io.BytesIO()
    doc = docx.Document()
    doc.add_paragraph("Secret policy text.")
    doc.save(plain)
    plain.seek(0)
    out = io.BytesIO()
    OOXMLFile(plain).encrypt(password, out)
    path = Path(path)
    path.write_bytes(out.getvalue())
    return path


def zip_bytes(members: dict[str, bytes | str]) -> bytes:
    """A zip archive with these members (for "a zip that is not a .docx")."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, content in members.items():
            zf.writestr(name, content)
    return buf.getvalue()


def build_toc(path: str | Path) -> Path:
    """A table of contents (a TOC field whose result spans "toc 1" paragraphs, which
    are skipped), then H1 "Leave" and "Leave text."."""
    doc = docx.Document()
    doc.styles.add_style("toc 1", WD_STYLE_TYPE.PARAGRAPH)
    toc_id = doc.styles["toc 1"].style_id
    append(
        doc,
        para(
            '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
            '<w:r><w:instrText xml:space="preserve"> TOC \\o "1-3" </w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r>' + t("Leave\t1"),
            style=toc_id,
        ),
    )
    append(doc, para(t("Pay\t2") + '<w:r><w:fldChar w:fldCharType="end"/></w:r>', style=toc_id))
    doc.add_heading("Leave", level=1)
    doc.add_paragraph("Leave text.")
    return _save(doc, path)


def build_numbered_headings(path: str | Path) -> Path:
    """Headings numbered through their styles (as Word's multilevel heading lists
    are), and a list defined through a numbering style (``w:numStyleLink``).

    Labels: "1." Leave, "1.1" Bereavement, "1.2" Sick leave, "2." Pay,
    "2.1" Overtime, then "Article I" / "Article II" for two clause paragraphs.
    """
    doc = docx.Document()
    add_abstract_num(
        doc,
        95,
        [
            _level(0, "decimal", "%1.", style="Heading1"),
            _level(1, "decimal", "%1.%2", style="Heading2"),
        ],
    )
    add_num(doc, 95, 95)
    styles = doc.styles.element
    for name, ilvl in (("Heading 1", None), ("Heading 2", 1)):
        level = f'<w:ilvl w:val="{ilvl}"/>' if ilvl is not None else ""
        ppr = doc.styles[name].element.get_or_add_pPr()
        ppr.insert(0, oxml(f'<w:numPr>{level}<w:numId w:val="95"/></w:numPr>'))
    # numbering style "PolicyList": abstract 96 only links to it; 98 holds the levels
    styles.append(
        oxml(
            '<w:style w:type="numbering" w:styleId="PolicyList"><w:name w:val="Policy List"/>'
            '<w:pPr><w:numPr><w:numId w:val="97"/></w:numPr></w:pPr></w:style>'
        )
    )
    numbering = doc.part.numbering_part.element
    first_num = numbering.find(qn("w:num"))
    first_num.addprevious(
        oxml(
            '<w:abstractNum w:abstractNumId="96"><w:numStyleLink w:val="PolicyList"/>'
            "</w:abstractNum>"
        )
    )
    add_abstract_num(doc, 98, [_level(0, "upperRoman", "Article %1")])
    add_num(doc, 96, 96)
    add_num(doc, 97, 98)
    for text, level in (
        ("Leave", 1),
        ("Bereavement", 2),
        ("Sick leave", 2),
        ("Pay", 1),
        ("Overtime", 2),
    ):
        doc.add_heading(text, level=level)
    append(doc, numbered("Staff may decline extra sessions.", 96, 0))
    append(doc, numbered("Notes are paid time.", 96, 0))
    return _save(doc, path)
