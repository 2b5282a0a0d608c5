"""The .docx reader: structure, hidden text python-docx misses, positions, comments
and every kind of bad input. Fixtures are built in code (tests/docx_fixtures.py)."""

from __future__ import annotations

import contextlib
import io
import random
import zipfile
from pathlib import Path

import docx
import docx_fixtures as fx
import pytest

from policylint.documents import BlockKind, DocumentError, Limits, read_bytes, read_path
from policylint.documents import docx as reader
from policylint.documents.model import Document, block_json


def read(path: Path, view: str = "final") -> Document:
    if view == "final":
        return read_path(path)
    return reader.read(path.read_bytes(), str(path), Limits(), view=view)


def texts(document: Document, kind: BlockKind | None = None) -> list[str]:
    return [b.text for b in document.blocks if kind is None or b.kind == kind]


# ------------------------------------------------------------------- structure


def test_headings_levels_title_and_custom_style(tmp_path: Path) -> None:
    doc = read(fx.build_headings(tmp_path / "h.docx"))
    headings = [(b.text, b.level) for b in doc.blocks if b.kind == BlockKind.HEADING]
    assert headings == [
        ("Employee Handbook", 0),
        ("Leave", 1),
        ("Bereavement", 2),  # custom style based on Heading 2
        ("Pay", 1),
        ("Overtime", 3),  # direct w:outlineLvl 2
    ]
    assert doc.title == "Employee Handbook"
    assert doc.format == "docx"


def test_sections_are_the_heading_path_above(tmp_path: Path) -> None:
    doc = read(fx.build_headings(tmp_path / "h.docx"))
    sections = {b.text: b.section for b in doc.blocks}
    # the Title is not part of any section path
    assert sections["Employee Handbook"] == ()
    assert sections["Welcome to the clinic."] == ()
    assert sections["Leave"] == ()  # a heading's own section is the path above it
    assert sections["Leave is granted on request."] == ("Leave",)
    assert sections["Bereavement"] == ("Leave",)
    assert sections["Staff receive five days."] == ("Leave", "Bereavement")
    assert sections["Pay"] == ()
    assert sections["Overtime is paid at 1.5x."] == ("Pay", "Overtime")


def test_list_labels_as_word_renders_them(tmp_path: Path) -> None:
    doc = read(fx.build_lists(tmp_path / "l.docx"))
    items = [(b.text, b.label) for b in doc.blocks if b.kind == BlockKind.LIST_ITEM]
    assert items == fx.LIST_LABELS
    plain = next(b for b in doc.blocks if b.text == "A plain paragraph between lists.")
    assert plain.kind == BlockKind.PARAGRAPH and plain.label is None
    assert all(b.section == ("Leave types",) for b in doc.blocks[1:])


def test_list_label_is_not_in_the_text(tmp_path: Path) -> None:
    doc = read(fx.build_lists(tmp_path / "l.docx"))
    first = doc.blocks[1]
    assert (first.text, first.label) == ("Bereavement leave", "1.")
    assert block_json(first)["label"] == "1."


def test_numbering_through_styles_and_numbering_styles(tmp_path: Path) -> None:
    doc = read(fx.build_numbered_headings(tmp_path / "nh.docx"))
    assert [(b.kind, b.label, b.text) for b in doc.blocks] == [
        (BlockKind.HEADING, "1.", "Leave"),
        (BlockKind.HEADING, "1.1", "Bereavement"),
        (BlockKind.HEADING, "1.2", "Sick leave"),
        (BlockKind.HEADING, "2.", "Pay"),
        (BlockKind.HEADING, "2.1", "Overtime"),
        (BlockKind.LIST_ITEM, "Article I", "Staff may decline extra sessions."),
        (BlockKind.LIST_ITEM, "Article II", "Notes are paid time."),
    ]
    # labels stay out of the section path
    assert doc.blocks[-1].section == ("Pay", "Overtime")


@pytest.mark.parametrize(
    ("n", "fmt", "expected"),
    [
        (3, "decimal", "3"),
        (2, "lowerLetter", "b"),
        (28, "lowerLetter", "bb"),
        (4, "upperLetter", "D"),
        (9, "lowerRoman", "ix"),
        (14, "upperRoman", "XIV"),
        (5, "decimalZero", "05"),
        (2, "ordinal", "2nd"),
        (3, "none", ""),
        (7, "someNewFormat", "7"),
    ],
)
def test_number_formats(n: int, fmt: str, expected: str) -> None:
    assert reader._format_number(n, fmt) == expected


@pytest.mark.parametrize(
    ("stored", "shown"),
    [("\uf0b7", "•"), ("\uf0a7", "▪"), ("o", "◦"), ("\uf0fe", "•"), ("-", "-"), ("", "•")],
)
def test_bullet_characters(stored: str, shown: str) -> None:
    assert reader._bullet(stored) == shown


def test_tables_nested_cells_are_table_cells_with_section(tmp_path: Path) -> None:
    doc = read(fx.build_tables(tmp_path / "t.docx"))
    cells = [(b.text, b.section) for b in doc.blocks if b.kind == BlockKind.TABLE_CELL]
    assert cells[:5] == [
        ("Type", ("Leave",)),
        ("Days", ("Leave",)),
        ("Bereavement", ("Leave",)),
        ("Parent: 5 days", ("Leave",)),  # nested table
        ("Other: 3 days", ("Leave",)),
    ]
    after = next(b for b in doc.blocks if b.text == "Leave requests go to HR.")
    assert after.kind == BlockKind.PARAGRAPH


def test_heading_styled_cell_stays_a_cell_but_starts_a_section(tmp_path: Path) -> None:
    doc = read(fx.build_tables(tmp_path / "t.docx"))
    cell = next(b for b in doc.blocks if b.text == "Overtime")
    assert cell.kind == BlockKind.TABLE_CELL
    assert cell.section == ("Leave",)
    last = doc.blocks[-1]
    assert (last.text, last.section) == ("Overtime needs approval.", ("Leave", "Overtime"))


def test_table_of_contents_is_skipped(tmp_path: Path) -> None:
    doc = read(fx.build_toc(tmp_path / "toc.docx"))
    assert texts(doc) == ["Leave", "Leave text."]


# ------------------------------------------------------ text python-docx misses


def test_tracked_changes_final_view(tmp_path: Path) -> None:
    doc = read(fx.build_tracked_changes(tmp_path / "c.docx"))
    assert texts(doc) == [
        "Fees are fully refundable.",
        "Leave policy.",
        "This applies to all staff from day one.",
        "Kept row",
    ]


def test_tracked_changes_original_view(tmp_path: Path) -> None:
    doc = read(fx.build_tracked_changes(tmp_path / "c.docx"), view="original")
    assert texts(doc) == [
        "Fees are not refundable.",
        "Leave policy applies to all staff.",
        "This from day one.",
        "Kept row",
        "Deleted row",
    ]
    # paragraph numbers do not depend on the view
    final = read(fx.build_tracked_changes(tmp_path / "c2.docx"))
    assert [b.start.line for b in final.blocks] == [b.start.line for b in doc.blocks][:4]


def test_unknown_view_is_a_programming_error(tmp_path: Path) -> None:
    data = fx.build_headings(tmp_path / "h.docx").read_bytes()
    with pytest.raises(ValueError, match="view"):
        reader.read(data, "h.docx", Limits(), view="draft")  # type: ignore[arg-type]


def test_content_controls_inline_block_and_cell(tmp_path: Path) -> None:
    doc = read(fx.build_content_controls(tmp_path / "cc.docx"))
    assert texts(doc) == [
        "Contact: dean@example.edu",
        "Block control paragraph.",
        "Cell control text.",
    ]
    assert doc.blocks[2].kind == BlockKind.TABLE_CELL


@pytest.mark.parametrize("view", ["final", "original"])
def test_text_boxes_are_read_once_as_separate_blocks(tmp_path: Path, view: str) -> None:
    doc = read(fx.build_text_boxes(tmp_path / "tb.docx"), view=view)
    assert [(b.kind, b.text) for b in doc.blocks[1:]] == [
        (BlockKind.PARAGRAPH, "Host paragraph one."),  # box text not in the host
        (BlockKind.TEXT_BOX, "Callout: no overtime without approval."),  # Fallback skipped
        (BlockKind.PARAGRAPH, "Host paragraph two."),
        (BlockKind.TEXT_BOX, "Sidebar: call the on-call line."),  # plain w:pict
        (BlockKind.PARAGRAPH, "Closing paragraph."),
    ]
    assert all(b.section == ("Policies",) for b in doc.blocks[1:])


def test_fields_keep_results_only(tmp_path: Path) -> None:
    doc = read(fx.build_fields(tmp_path / "f.docx"))
    assert texts(doc)[:3] == ["Page 1", "See Section 3 for details.", "Result: first."]


def test_hyperlink_text_is_kept(tmp_path: Path) -> None:
    doc = read(fx.build_fields(tmp_path / "f.docx"))
    assert texts(doc)[3] == "Read the policy portal and the leave section."


def test_tabs_breaks_hyphens_symbols_and_hidden_text(tmp_path: Path) -> None:
    doc = read(fx.build_special_characters(tmp_path / "s.docx"))
    assert texts(doc) == ["Full time staff: on-call duty, productivity ✓"]


def test_footnotes_and_endnotes_after_the_body(tmp_path: Path) -> None:
    doc = read(fx.build_notes(tmp_path / "n.docx"))
    assert [(b.kind, b.section, b.text) for b in doc.blocks] == [
        (BlockKind.PARAGRAPH, (), "Bereavement leave is granted."),
        (BlockKind.PARAGRAPH, (), "Sick leave is paid."),
        (BlockKind.FOOTNOTE, ("Footnotes",), "Per state law, at least three days."),
        (BlockKind.FOOTNOTE, ("Endnotes",), "See the staff agreement."),
    ]
    note = doc.blocks[2]
    # no paragraph number outside the body; the column counts within the note's text
    assert note.start.line is None
    assert note.start.column == 2  # the raw text starts with a space


def test_headers_and_footers_once_each_at_the_end(tmp_path: Path) -> None:
    doc = read(fx.build_headers_footers(tmp_path / "hf.docx"))
    body = [b.text for b in doc.blocks if b.kind == BlockKind.PARAGRAPH]
    assert body == ["Section one text.", "Section two text.", "Section three text."]
    tail = [(b.section, b.text) for b in doc.blocks[len(body) :]]
    assert tail == [
        (("Header",), "Acme Clinic Handbook"),
        (("Header",), "Cover page header"),
        (("Footer",), "Confidential"),
        (("Header",), "Appendix header"),
    ]
    assert all(b.kind == BlockKind.HEADER_FOOTER for b in doc.blocks[len(body) :])
    json = block_json(doc.blocks[-1])
    assert json["line"] is None and json["column"] == 1
    assert json["section"] == "Header"


def test_word_comment_directives(tmp_path: Path) -> None:
    doc = read(fx.build_comments(tmp_path / "cm.docx"))
    assert texts(doc) == [
        "Bereavement leave is one day.",
        "Staff are reachable at all times.",
        "Quota: 30 sessions a week.",
        "Notes are written off the clock.",
        "Work while ill is expected.",
    ]
    found = [(d.text, d.block) for d in doc.directives]
    assert found == [
        (fx.DIRECTIVE_ONE, 0),
        (fx.DIRECTIVE_EMPTY, 1),  # anchored on an empty paragraph: the next block
        (fx.DIRECTIVE_RANGE, 2),  # a range over two paragraphs covers both
        (fx.DIRECTIVE_RANGE, 3),
        ("policylint-ignore sick-leave", 4),  # Word's capital first letter undone
    ]
    assert "Check with legal." not in [d.text for d in doc.directives]


# ------------------------------------------------------------------- positions


def test_paragraph_numbers_count_every_body_paragraph(tmp_path: Path) -> None:
    doc = read(fx.build_positions(tmp_path / "p.docx"))
    assert [(b.text, b.start.line) for b in doc.blocks] == [
        ("First paragraph.", 1),
        ("Indented text.", 3),  # paragraph 2 is empty: no block, but counted
        ("Cell A", 4),
        ("Cell B", 5),
        ("Host paragraph.", 6),
        ("Box text.", 7),  # the text box's paragraph follows its host
        ("Last paragraph.", 8),
    ]


def test_columns_are_offsets_in_the_raw_paragraph_text(tmp_path: Path) -> None:
    doc = read(fx.build_positions(tmp_path / "p.docx"))
    indented = doc.blocks[1]  # raw text "   Indented\ttext."
    assert indented.locate(0).column == 4
    assert indented.locate(indented.text.index("text")).column == 13
    assert indented.locate_end(len(indented.text)).column == 18
    host = doc.blocks[4]  # raw "Host paragraph." (the box adds nothing)
    assert host.locate(host.text.index("paragraph")).column == 6
    assert all(loc.page is None for loc in (b.start for b in doc.blocks))


def test_body_paragraphs_maps_a_line_back_to_its_element(tmp_path: Path) -> None:
    path = fx.build_positions(tmp_path / "p.docx")
    doc = read(path)
    body = docx.Document(str(path)).element.body
    paragraphs = reader.body_paragraphs(body)
    for block in doc.blocks:
        raw = reader.paragraph_text(paragraphs[block.start.line - 1])
        assert " ".join(raw.split()) == block.text


def test_paragraph_pieces_point_at_their_elements(tmp_path: Path) -> None:
    path = fx.build_tracked_changes(tmp_path / "c.docx")
    body = docx.Document(str(path)).element.body
    p = reader.body_paragraphs(body)[0]
    final = reader.paragraph_pieces(p)
    original = reader.paragraph_pieces(p, "original")
    assert "".join(piece.text for piece in final) == "Fees are fully refundable."
    assert "".join(piece.text for piece in original) == "Fees are not refundable."
    assert [piece.element.tag.rsplit("}", 1)[1] for piece in original] == ["t", "delText", "t"]
    assert original[1].element.getparent().getparent().tag == reader.W_DEL
    index, offset = reader.piece_at(final, len("Fees are fu"))
    assert (final[index].text, offset) == ("fully ", 2)
    assert reader.piece_at(final, len("Fees are fully refundable.")) == (2, len("refundable."))
    with pytest.raises(IndexError):
        reader.piece_at(final, 100)


def test_special_pieces_have_their_own_elements(tmp_path: Path) -> None:
    path = fx.build_special_characters(tmp_path / "s.docx")
    p = reader.body_paragraphs(docx.Document(str(path)).element.body)[0]
    pieces = reader.paragraph_pieces(p)
    tags = [piece.element.tag.rsplit("}", 1)[1] for piece in pieces]
    assert tags == ["t", "tab", "t", "br", "t", "t", "noBreakHyphen", "t", "t", "sym"]
    assert "".join(piece.text for piece in pieces) == (
        "Full time staff: on-call duty, productivity ✓"
    )


def test_iter_story_reports_where_paragraphs_sit(tmp_path: Path) -> None:
    path = fx.build_positions(tmp_path / "p.docx")
    body = docx.Document(str(path)).element.body
    flags = [(s.in_table, s.in_text_box) for s in reader.iter_story(body)]
    assert flags == [
        (False, False),
        (False, False),
        (False, False),
        (True, False),
        (True, False),
        (False, False),
        (False, True),
        (False, False),
    ]


def test_bare_package_without_styles_or_numbering(tmp_path: Path) -> None:
    doc = read_bytes(fx.minimal_docx_bytes(["Hello there.", "  ", "Second."]), "m.docx")
    assert texts(doc) == ["Hello there.", "Second."]
    assert [b.start.line for b in doc.blocks] == [1, 3]
    assert doc.title is None and doc.directives == []


def test_realistic_handbook(tmp_path: Path) -> None:
    doc = read_path(fx.build_handbook(tmp_path / "handbook.docx"))
    assert doc.words >= 5000
    kinds = {b.kind for b in doc.blocks}
    assert {
        BlockKind.HEADING,
        BlockKind.PARAGRAPH,
        BlockKind.LIST_ITEM,
        BlockKind.TABLE_CELL,
        BlockKind.HEADER_FOOTER,
    } <= kinds
    assert doc.title == "Riverside Counseling Employee Handbook"
    lines = [b.start.line for b in doc.blocks if b.start.line is not None]
    assert lines == sorted(lines)


# ------------------------------------------------------------------ bad inputs


def _error(data: bytes, limits: Limits | None = None) -> str:
    with pytest.raises(DocumentError) as info:
        read_bytes(data, "x.docx", limits=limits)
    message = str(info.value)
    assert "\n" not in message
    assert ";" in message  # what went wrong; what to do
    return message


def test_garbage_bytes() -> None:
    message = _error(b"this is not a zip archive \x00\x01\x02\xff" * 20)
    assert message.startswith("not a valid .docx (not a zip archive)")


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"%PDF-1.7\n%...", "it is a PDF file"),
        (b"{\\rtf1\\ansi Policy}", "it is an RTF file"),
        (b"<html><body>Policy</body></html>", "HTML or Word XML"),
    ],
)
def test_other_formats_named_docx(data: bytes, expected: str) -> None:
    message = _error(data)
    assert message.startswith("not a valid .docx") and expected in message


def test_truncated_docx(tmp_path: Path) -> None:
    data = fx.build_headings(tmp_path / "h.docx").read_bytes()
    assert "damaged or truncated" in _error(data[: len(data) // 2])


def test_zip_bomb_default_limits(tmp_path: Path) -> None:
    path = fx.build_zip_bomb(tmp_path / "bomb.docx", mib=30)
    assert path.stat().st_size < 100 * 1024
    message = _error(path.read_bytes())
    assert "zip bomb" in message and "word/document.xml" in message


def test_compression_ratio_over_100_caught_by_default_limits(tmp_path: Path) -> None:
    # 5 MiB is under every size limit: only the ratio check can catch it
    path = fx.build_zip_bomb(tmp_path / "bomb.docx", mib=5)
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo("word/document.xml")
    assert info.file_size > 1 << 20 and info.file_size / info.compress_size > 100
    assert "zip bomb" in _error(path.read_bytes())


def test_big_xml_part_with_a_smaller_limit(tmp_path: Path) -> None:
    path = fx.build_big_xml(tmp_path / "big.docx", mib=2)
    message = _error(path.read_bytes(), Limits(max_xml_part_size=1 << 20))
    assert "of XML, over the 1.0 MB limit" in message
    # an ordinary ratio: the default limits read it
    assert read_bytes(path.read_bytes(), "big.docx").words > 100_000


@pytest.mark.parametrize(
    ("limits", "expected"),
    [
        (Limits(max_zip_members=2), "holds 3 files"),
        (Limits(max_member_size=1000), "would expand to"),
        (Limits(max_total_uncompressed=1000), "in total"),
    ],
)
def test_each_zip_limit(limits: Limits, expected: str) -> None:
    data = fx.minimal_docx_bytes(["Policy text. " * 200])
    assert expected in _error(data, limits)
    read_bytes(data, "x.docx")  # fine with the default limits


def test_compression_ratio_applies_only_above_1_mib() -> None:
    # "Policy text. " * 200 compresses far beyond 100:1 but is tiny
    data = fx.minimal_docx_bytes(["Policy text. " * 2000])
    assert read_bytes(data, "x.docx", limits=Limits(max_compression_ratio=2.0)).words == 4000


def test_zip_level_encryption_flag() -> None:
    assert "zip archive is encrypted" in _error(fx.encrypted_member_bytes())


def test_compression_method_word_does_not_write() -> None:
    data = fx.minimal_docx_bytes(["Text."], compression=zipfile.ZIP_BZIP2)
    assert "compression method" in _error(data)


def test_member_lying_about_its_size() -> None:
    # zipfile stops inflating at the declared size and then fails the CRC check
    assert "damaged" in _error(fx.lying_size_docx_bytes())


def test_encrypted_docx(tmp_path: Path) -> None:
    path = fx.build_encrypted(tmp_path / "locked.docx")
    assert path.read_bytes().startswith(b"\xd0\xcf\x11\xe0")
    assert _error(path.read_bytes()) == (
        "the document is password-protected; remove the password in Word "
        "(File › Info › Protect Document) and try again"
    )


def test_legacy_doc_named_docx() -> None:
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1024)
    assert "legacy Word .doc" in _error(data)


@pytest.mark.parametrize(
    ("members", "expected"),
    [
        ({"hello.txt": "hi"}, "without word/document.xml"),
        ({"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<x/>"}, "an Excel workbook"),
        ({"[Content_Types].xml": "<Types/>", "ppt/presentation.xml": "<x/>"}, "PowerPoint"),
    ],
)
def test_zip_that_is_not_a_docx(members: dict[str, str], expected: str) -> None:
    message = _error(fx.zip_bytes(members))
    assert message.startswith("not a Word document") and expected in message


def test_docx_with_broken_xml() -> None:
    data = fx.minimal_docx_bytes(["ok"])
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        members = {name: zf.read(name) for name in zf.namelist()}
    members["word/document.xml"] = members["word/document.xml"][:-20]
    assert "damaged" in _error(fx.zip_bytes(members))


def _with_document_xml(xml: str) -> bytes:
    data = fx.minimal_docx_bytes(["x"])
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        members = {name: zf.read(name) for name in zf.namelist()}
    members["word/document.xml"] = xml.encode()
    return fx.zip_bytes(members)


def test_billion_laughs_is_refused() -> None:
    w = fx.NAMESPACES["w"]
    laughs = "".join(
        f'<!ENTITY l{i} "&l{i - 1};&l{i - 1};&l{i - 1};&l{i - 1};">' for i in range(1, 12)
    )
    xml = (
        f'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY l0 "ha">{laughs}]>'
        f'<w:document xmlns:w="{w}"><w:body><w:p><w:r><w:t>A&l11;</w:t></w:r></w:p>'
        "</w:body></w:document>"
    )
    assert "damaged" in _error(_with_document_xml(xml))


def test_external_entities_are_not_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET")
    w = fx.NAMESPACES["w"]
    xml = (
        f'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>'
        f'<w:document xmlns:w="{w}"><w:body><w:p><w:r><w:t>A&xxe;</w:t></w:r></w:p>'
        "</w:body></w:document>"
    )
    try:
        doc = read_bytes(_with_document_xml(xml), "x.docx")
    except DocumentError:
        return
    assert "TOPSECRET" not in " ".join(texts(doc))


@pytest.mark.parametrize("seed", range(40))
def test_corrupted_bytes_raise_only_document_error(tmp_path: Path, seed: int) -> None:
    data = bytearray(fx.build_lists(tmp_path / "l.docx").read_bytes())
    rng = random.Random(seed)
    for _ in range(rng.randint(1, 8)):
        data[rng.randrange(len(data))] = rng.randrange(256)
    with contextlib.suppress(DocumentError):
        read_bytes(bytes(data), "x.docx")


@pytest.mark.parametrize("seed", range(25))
def test_mangled_xml_raises_only_document_error(tmp_path: Path, seed: int) -> None:
    source = fx.build_comments(tmp_path / "cm.docx").read_bytes()
    rng = random.Random(seed)
    with zipfile.ZipFile(io.BytesIO(source)) as zf:
        members = {name: zf.read(name) for name in zf.namelist()}
    name = rng.choice(sorted(n for n in members if n.endswith((".xml", ".rels"))))
    xml = bytearray(members[name])
    for _ in range(rng.randint(1, 4)):
        pos = rng.randrange(len(xml))
        xml[pos : pos + rng.randint(0, 5)] = rng.choice([b"<", b">", b'"', b"", b"&", b"w:p"])
    members[name] = bytes(xml)
    with contextlib.suppress(DocumentError):
        read_bytes(fx.zip_bytes(members), "x.docx")
