"""The .pdf reader, on PDFs built in code (tests/pdf_fixtures.py)."""

from __future__ import annotations

import logging
import random
from pathlib import Path

import pytest
from pdf_fixtures import (
    DEFAULT_HEADER,
    sample_items,
    wrap_lines,
    write_image_only_pdf,
    write_lines_pdf,
    write_pdf,
    write_word_like_pdf,
)
from pypdf import PdfReader

from policylint.documents import (
    Block,
    BlockKind,
    Document,
    DocumentError,
    Limits,
    Location,
    read_bytes,
    read_path,
)
from policylint.documents.pdf import _pieces

LONG_PARAGRAPH = (
    "Long paragraph. "
    + " ".join(
        f"Clause {i} says that trainees record hour {i} on the weekly log, signed monthly."
        for i in range(1, 60)
    )
    + " End of the long paragraph."
)


def page_lines(path: Path) -> list[list[str]]:
    """Each page's extracted text, as the reader numbers its lines."""
    reader = PdfReader(path)
    out = []
    for page in reader.pages:
        text = page.extract_text()
        lines = text.split("\n")
        if text.endswith("\n"):
            lines.pop()
        out.append(lines)
    return out


def source_at(pages: list[list[str]], loc: Location, length: int) -> str:
    assert loc.page is not None and loc.line is not None and loc.column is not None
    line = pages[loc.page - 1][loc.line - 1]
    return line[loc.column - 1 : loc.column - 1 + length]


def assert_mapped(block: Block, pages: list[list[str]]) -> None:
    """The first and last character of every word map back to the same character in
    the source (a word joined across a line break starts and ends on different lines)."""
    pos = 0
    for word in block.text.split(" "):
        start = block.text.index(word, pos)
        pos = start + len(word)
        assert source_at(pages, block.locate(start), 1) == word[0], (word, block)
        assert source_at(pages, block.locate(pos - 1), 1) == word[-1], (word, block)


def texts(doc: Document, kind: BlockKind | None = None) -> list[str]:
    return [b.text for b in doc.blocks if kind is None or b.kind == kind]


def find(doc: Document, needle: str) -> Block:
    matches = [b for b in doc.blocks if needle in b.text]
    assert len(matches) == 1, (needle, [b.text[:60] for b in matches])
    return matches[0]


# --- layout: pages, headers/footers, paragraphs ------------------------------------


@pytest.fixture(scope="module")
def handbook(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Document]:
    items = sample_items(sections=8, paragraphs_per_section=3)
    items.insert(4, ("paragraph", LONG_PARAGRAPH))
    path = write_pdf(tmp_path_factory.mktemp("pdf") / "handbook.pdf", items)
    return path, read_path(path)


def test_document_basics(handbook: tuple[Path, Document]) -> None:
    path, doc = handbook
    assert doc.format == "pdf"
    assert doc.path == str(path)
    assert len(PdfReader(path).pages) >= 4
    assert doc.title == "Graduate Practicum in Clinical Mental Health Counseling"
    assert doc.words > 2000


def test_running_header_and_footer_dropped(handbook: tuple[Path, Document]) -> None:
    _, doc = handbook
    for text in texts(doc):
        assert "Riverside Counseling Center" not in text
        assert "Page " not in text
    # the header was drawn on every page and really is in the extracted text
    path, _ = handbook
    assert all(DEFAULT_HEADER in "\n".join(lines) for lines in page_lines(path))


def test_blocks_locate_their_page_line_and_column(handbook: tuple[Path, Document]) -> None:
    path, doc = handbook
    pages = page_lines(path)
    seen_pages = set()
    for block in doc.blocks:
        assert_mapped(block, pages)
        seen_pages.update(s.page for s in block.segments)
    assert seen_pages == set(range(1, len(pages) + 1))


def test_paragraph_spanning_a_page_break(handbook: tuple[Path, Document]) -> None:
    path, doc = handbook
    block = find(doc, "Long paragraph.")
    assert block.kind == BlockKind.PARAGRAPH
    assert block.text.endswith("End of the long paragraph.")
    assert block.text == LONG_PARAGRAPH
    on_pages = sorted({s.page for s in block.segments})
    assert len(on_pages) >= 2
    assert block.start.page == on_pages[0]
    assert block.locate_end(len(block.text)).page == on_pages[-1]
    # the first line of the next page is inside this paragraph and located there
    pages = page_lines(path)
    first_line = pages[on_pages[1] - 1][0]
    offset = block.text.index(first_line.strip())
    loc = block.locate(offset)
    assert (loc.page, loc.line, loc.column) == (on_pages[1], 1, 1)


def test_wrapped_lines_are_joined(handbook: tuple[Path, Document]) -> None:
    _, doc = handbook
    for kind, text in sample_items(sections=8, paragraphs_per_section=3):
        if kind == "paragraph":
            block = find(doc, text)
            assert block.kind == BlockKind.PARAGRAPH
            assert len({s.line for s in block.segments}) >= 2


def test_headings_and_sections(handbook: tuple[Path, Document]) -> None:
    _, doc = handbook
    headings = [b for b in doc.blocks if b.kind == BlockKind.HEADING]
    assert [h.text for h in headings][:3] == [
        "Graduate Practicum in Clinical Mental Health Counseling",
        "1. Attendance Policies",
        "2. Supervision Policies",
    ]
    title = headings[0]
    assert title.level == 1 and title.section == ()
    assert {h.level for h in headings[1:]} == {2}
    assert all(h.section == () for h in headings)
    para = next(
        b for b in doc.blocks if b.text.startswith("The site supervisor reviews the caseload")
    )
    assert para.section == ("4. Caseload Policies",)
    assert para.section_path == "4. Caseload Policies"


def test_bullet_items(handbook: tuple[Path, Document]) -> None:
    _, doc = handbook
    items = [b for b in doc.blocks if b.kind == BlockKind.LIST_ITEM]
    assert len(items) == 16
    assert {b.label for b in items} == {"•"}
    item = find(doc, "Keep a weekly log of caseload hours")
    assert item.kind == BlockKind.LIST_ITEM
    assert item.text == "Keep a weekly log of caseload hours (16 minimum)."
    assert item.section == ("4. Caseload Policies",)


# --- paragraphs, hyphenation, lists, headings in detail ---------------------------


def test_hyphenation_undone_but_compounds_kept(tmp_path: Path) -> None:
    text = (
        "Each trainee completes the required docu-\n"
        "mentation for every session and practises self-\n"
        "care during the semester, with a 24-\n"
        "hour turnaround for notes, COVID-\n"
        "19 precautions, and an on-\n"
        "call rotation that is shared fairly among the whole staff of the clinic."
    )
    path = write_pdf(tmp_path / "hyphen.pdf", [("paragraph", text)], header=None, footer=None)
    doc = read_path(path)
    assert texts(doc) == [
        "Each trainee completes the required documentation for every session and practises "
        "self-care during the semester, with a 24-hour turnaround for notes, COVID-19 "
        "precautions, and an on-call rotation that is shared fairly among the whole staff "
        "of the clinic."
    ]
    block = doc.blocks[0]
    start = block.text.index("documentation")
    assert block.locate(start) == Location(line=1, column=37, page=1)
    assert block.locate(start + 4) == Location(line=2, column=1, page=1)  # "mentation"
    assert_mapped(block, page_lines(path))


def test_paragraph_breaks_without_spacing(tmp_path: Path) -> None:
    paragraphs = [
        "The first paragraph runs over two lines of text because it is long enough to "
        "need a second line.",
        "The second paragraph also wraps onto another line, and the reader has to find "
        "where it ends.",
        "A third one.",
    ]
    path = write_lines_pdf(tmp_path / "nospace.pdf", wrap_lines(paragraphs, gap=0))
    assert texts(read_path(path)) == paragraphs
    path = write_lines_pdf(tmp_path / "spaced.pdf", wrap_lines(paragraphs, gap=9))
    assert texts(read_path(path)) == paragraphs


def test_vertical_gap_splits_paragraphs(tmp_path: Path) -> None:
    # the first paragraph ends in a full-width line without a full stop: only the gap
    # below it says that a new paragraph starts
    first = "Supervision hours are scheduled by the site and logged weekly by the trainee and"
    pages = [[(72, 700, first), (72, 686, "the supervisor together"), (72, 660, "Next paragraph.")]]
    path = write_lines_pdf(tmp_path / "gap.pdf", pages)
    assert texts(read_path(path)) == [first + " the supervisor together", "Next paragraph."]


def test_first_line_indent_starts_a_paragraph(tmp_path: Path) -> None:
    a = "Trainees complete a self-assessment at midterm and again at the end of the term"
    b = "and discuss it with the site supervisor"
    c = "Evaluations are kept in the trainee's file, which the trainee may read at any"
    d = "time on request"
    pages = [[(72, 700, a), (72, 686, b), (100, 672, c), (72, 658, d)]]
    path = write_lines_pdf(tmp_path / "indent.pdf", pages)
    assert texts(read_path(path)) == [f"{a} {b}", f"{c} {d}"]


def test_list_items_with_labels(tmp_path: Path) -> None:
    items = [
        ("paragraph", "Before the first client session, each trainee must:"),
        ("numbered", "Complete the site orientation."),
        (
            "numbered",
            "Read the emergency procedures, the documentation manual and the supervision "
            "agreement, and sign the acknowledgement form that the site keeps on file.",
        ),
        ("bullet", "Bring photo identification."),
        ("paragraph", "After orientation the trainee shadows a licensed clinician."),
    ]
    path = write_pdf(tmp_path / "lists.pdf", items, header=None, footer=None)
    doc = read_path(path)
    assert [(b.kind, b.label, b.text) for b in doc.blocks] == [
        (BlockKind.PARAGRAPH, None, items[0][1]),
        (BlockKind.LIST_ITEM, "1.", items[1][1]),
        (BlockKind.LIST_ITEM, "2.", items[2][1]),
        (BlockKind.LIST_ITEM, "•", items[3][1]),
        (BlockKind.PARAGRAPH, None, items[4][1]),
    ]
    pages = page_lines(path)
    for block in doc.blocks:
        assert_mapped(block, pages)
    # the label is not part of the text, and the text's column is after it
    assert source_at(pages, doc.blocks[1].start, 8) == "Complete"


def test_text_list_labels(tmp_path: Path) -> None:
    paragraphs = [
        "Trainees may not:",
        "- see clients without a supervisor on site;",
        "a) carry more than twelve clients;",
        "(ii) work more than forty hours a week.",
    ]
    path = write_lines_pdf(tmp_path / "labels.pdf", wrap_lines(paragraphs, gap=0))
    doc = read_path(path)
    assert [(b.kind, b.label, b.text) for b in doc.blocks] == [
        (BlockKind.PARAGRAPH, None, "Trainees may not:"),
        (BlockKind.LIST_ITEM, "-", "see clients without a supervisor on site;"),
        (BlockKind.LIST_ITEM, "a)", "carry more than twelve clients;"),
        (BlockKind.LIST_ITEM, "(ii)", "work more than forty hours a week."),
    ]


def test_wrapped_number_is_not_a_list_label(tmp_path: Path) -> None:
    a = "Hours spent on documentation, case notes and consultation are recorded for term"
    b = "14. Questions about the log go to the liaison, who answers within two days."
    c = "Bring to the final evaluation:"
    d = "- the log signed by the site supervisor"
    pages = [[(72, 700, a), (72, 686, b), (72, 660, c), (72, 646, d)]]
    doc = read_path(write_lines_pdf(tmp_path / "wrapnum.pdf", pages))
    assert [(b.kind, b.label, b.text) for b in doc.blocks] == [
        (BlockKind.PARAGRAPH, None, f"{a} {b}"),
        (BlockKind.PARAGRAPH, None, c),
        (BlockKind.LIST_ITEM, "-", d[2:]),
    ]


def test_bullet_glyph_on_its_own_line(tmp_path: Path) -> None:
    # ZapfDingbats bullets come out of pypdf as "■" on a line of their own
    pages = [
        [
            (72, 700, "Expectations for every trainee are listed below."),
            (72, 680, "n", "ZapfDingbats", 8),
            (86, 680, "Arrive on time for each shift."),
            (72, 666, "l", "ZapfDingbats", 8),
            (86, 666, "Log your hours weekly."),
        ]
    ]
    doc = read_path(write_lines_pdf(tmp_path / "dingbats.pdf", pages))
    assert [(b.kind, b.label, b.text) for b in doc.blocks] == [
        (BlockKind.PARAGRAPH, None, "Expectations for every trainee are listed below."),
        (BlockKind.LIST_ITEM, "•", "Arrive on time for each shift."),
        (BlockKind.LIST_ITEM, "•", "Log your hours weekly."),
    ]
    assert all("■" not in b.text for b in doc.blocks)


def test_heading_levels_and_sections(tmp_path: Path) -> None:
    items = [
        ("title", "Practicum Syllabus"),
        ("heading", "1. Attendance"),
        ("paragraph", "Attendance at every scheduled shift is expected."),
        ("subheading", "1.1 Absences"),
        ("paragraph", "Report an absence to the supervisor before the shift starts."),
        ("subheading", "1.2 Make-Up Hours"),
        ("paragraph", "Missed hours are made up within the term."),
        ("heading", "2. Leave"),
        ("paragraph", "Trainees have five days of paid sick leave."),
    ]
    doc = read_path(write_pdf(tmp_path / "levels.pdf", items, header=None, footer=None))
    assert doc.title == "Practicum Syllabus"
    got = [(b.kind, b.level, b.section, b.text) for b in doc.blocks]
    h, p = BlockKind.HEADING, BlockKind.PARAGRAPH
    assert got == [
        (h, 1, (), "Practicum Syllabus"),
        (h, 2, (), "1. Attendance"),
        (p, None, ("1. Attendance",), items[2][1]),
        (h, 3, ("1. Attendance",), "1.1 Absences"),
        (p, None, ("1. Attendance", "1.1 Absences"), items[4][1]),
        (h, 3, ("1. Attendance",), "1.2 Make-Up Hours"),
        (p, None, ("1. Attendance", "1.2 Make-Up Hours"), items[6][1]),
        (h, 2, (), "2. Leave"),
        (p, None, ("2. Leave",), items[8][1]),
    ]


def test_headings_from_text_alone(tmp_path: Path) -> None:
    # every line in the same font: numbered title-case lines and ALL CAPS lines
    paragraphs = [
        "ATTENDANCE POLICY",
        "Trainees attend all scheduled practicum hours at the site and report absences "
        "before the start of the shift.",
        "3. Grading Criteria",
        "Grades are based on the final site evaluation and the weekly logs.",
        "3.1 Case Presentation",
        "Each trainee presents one case to the seminar.",
    ]
    doc = read_path(write_lines_pdf(tmp_path / "plain.pdf", wrap_lines(paragraphs, gap=0)))
    got = [(b.kind, b.level, b.section_path, b.text) for b in doc.blocks]
    h, p = BlockKind.HEADING, BlockKind.PARAGRAPH
    assert got == [
        (h, 1, "", "ATTENDANCE POLICY"),
        (p, None, "ATTENDANCE POLICY", paragraphs[1]),
        (h, 1, "", "3. Grading Criteria"),
        (p, None, "3. Grading Criteria", paragraphs[3]),
        (h, 2, "3. Grading Criteria", "3.1 Case Presentation"),
        (p, None, "3. Grading Criteria › 3.1 Case Presentation", paragraphs[5]),
    ]


def test_short_numbered_title_case_run_is_a_list(tmp_path: Path) -> None:
    paragraphs = [
        "Required forms:",
        "1. Informed Consent",
        "2. Treatment Plan",
        "3. Weekly Log",
        "All forms are kept in the electronic record.",
    ]
    doc = read_path(write_lines_pdf(tmp_path / "forms.pdf", wrap_lines(paragraphs, gap=0)))
    assert [(b.kind, b.label, b.text) for b in doc.blocks] == [
        (BlockKind.PARAGRAPH, None, "Required forms:"),
        (BlockKind.LIST_ITEM, "1.", "Informed Consent"),
        (BlockKind.LIST_ITEM, "2.", "Treatment Plan"),
        (BlockKind.LIST_ITEM, "3.", "Weekly Log"),
        (BlockKind.PARAGRAPH, None, "All forms are kept in the electronic record."),
    ]


def test_bold_sentence_is_not_a_heading(tmp_path: Path) -> None:
    items = [
        ("heading", "Leave"),
        (
            "paragraph",
            "**Trainees who are ill must stay home and must not be asked to see clients "
            "while sick, and no trainee is penalised for taking sick leave.**",
        ),
        ("paragraph", "Sick days do not count against the required hours."),
    ]
    doc = read_path(write_pdf(tmp_path / "bold.pdf", items, header=None, footer=None))
    assert [b.kind for b in doc.blocks] == [
        BlockKind.HEADING,
        BlockKind.PARAGRAPH,
        BlockKind.PARAGRAPH,
    ]


KINDS = {
    "title": BlockKind.HEADING,
    "heading": BlockKind.HEADING,
    "subheading": BlockKind.HEADING,
    "paragraph": BlockKind.PARAGRAPH,
    "bullet": BlockKind.LIST_ITEM,
    "numbered": BlockKind.LIST_ITEM,
}


@pytest.mark.parametrize("font", ["Helvetica", "Times", "Vera"])
def test_fonts(tmp_path: Path, font: str) -> None:
    items = sample_items(sections=4, paragraphs_per_section=2)
    items.insert(3, ("subheading", "1.1 Absences"))
    path = write_pdf(tmp_path / f"{font}.pdf", items, font=font)
    doc = read_path(path)
    assert [(b.kind, b.text) for b in doc.blocks] == [(KINDS[k], t) for k, t in items]
    assert find(doc, "Review the caseload section").section == ("4. Caseload Policies",)
    pages = page_lines(path)
    for block in doc.blocks:
        assert_mapped(block, pages)


def test_ligatures_expanded(tmp_path: Path) -> None:
    # an embedded TrueType font keeps the ligature glyphs, which extract as U+FB01 etc.
    text = "Conﬁdential ﬁles stay in the ofﬁce."
    path = write_pdf(tmp_path / "lig.pdf", [("paragraph", text)], font="Vera", header=None)
    assert "ﬁ" in page_lines(path)[0][0]
    block = read_path(path).blocks[0]
    assert block.text == "Confidential files stay in the office."
    assert block.locate(block.text.index("files")) == Location(line=1, column=13, page=1)
    assert block.locate(block.text.index("les stay")) == Location(line=1, column=14, page=1)


def test_word_like_output(tmp_path: Path) -> None:
    items = sample_items(sections=5, paragraphs_per_section=3)
    items.insert(3, ("subheading", "1.1 Absences and Make-Up Work"))
    items.insert(4, ("numbered", "Notify the site."))
    path = write_word_like_pdf(tmp_path / "word.pdf", items)
    doc = read_path(path)
    assert doc.title == "Graduate Practicum in Clinical Mental Health Counseling"
    expected = [text for kind, text in items if kind != "pagebreak"]
    assert texts(doc) == expected
    assert [b.kind for b in doc.blocks] == [KINDS[kind] for kind, _ in items]
    assert find(doc, "Notify the site.").section == (
        "1. Attendance Policies",
        "1.1 Absences and Make-Up Work",
    )
    pages = page_lines(path)
    assert len(pages) >= 2
    for block in doc.blocks:
        assert_mapped(block, pages)


def test_word_like_output_without_paragraph_spacing(tmp_path: Path) -> None:
    items = sample_items(sections=3, paragraphs_per_section=3)
    path = write_word_like_pdf(tmp_path / "tight.pdf", items, paragraph_gap=0)
    assert texts(read_path(path)) == [text for _, text in items]


def test_hyphenation_across_a_page_break(tmp_path: Path) -> None:
    first = "Clinicians keep all client records in the electronic health docu-"
    pages = [[(72, 700, first)], [(72, 700, "mentation system and never on personal devices.")]]
    doc = read_path(write_lines_pdf(tmp_path / "pagehyphen.pdf", pages))
    block = doc.blocks[0]
    assert texts(doc) == [
        "Clinicians keep all client records in the electronic health documentation system "
        "and never on personal devices."
    ]
    start = block.text.index("documentation")
    assert block.locate(start) == Location(line=1, column=first.index("docu") + 1, page=1)
    assert block.locate(start + 4) == Location(line=1, column=1, page=2)


def test_hyphenation_in_a_list_item(tmp_path: Path) -> None:
    pages = [[(72, 700, "• Complete the progress-note docu-"), (84, 686, "mentation by Friday.")]]
    path = write_lines_pdf(tmp_path / "itemhyphen.pdf", pages)
    doc = read_path(path)
    assert [(b.kind, b.label, b.text) for b in doc.blocks] == [
        (BlockKind.LIST_ITEM, "•", "Complete the progress-note documentation by Friday.")
    ]
    block = doc.blocks[0]
    assert block.start == Location(line=1, column=3, page=1)
    second = page_lines(path)[0][1]  # pypdf starts the indented line with a space
    column = second.index("mentation") + 1
    assert block.locate(block.text.index("mentation")) == Location(line=2, column=column, page=1)


def test_all_bold_bullet_is_a_list_item(tmp_path: Path) -> None:
    items = [
        ("paragraph", "Every trainee must follow these rules."),
        ("bullet", "**Never see clients alone.**"),
        ("bullet", "**Report every incident.**"),
    ]
    doc = read_path(write_pdf(tmp_path / "boldbullets.pdf", items, header=None, footer=None))
    assert [(b.kind, b.text) for b in doc.blocks] == [
        (BlockKind.PARAGRAPH, items[0][1]),
        (BlockKind.LIST_ITEM, "Never see clients alone."),
        (BlockKind.LIST_ITEM, "Report every incident."),
    ]


def test_all_caps_paragraph_is_not_a_heading(tmp_path: Path) -> None:
    text = (
        "THE PROGRAM IS NOT RESPONSIBLE FOR HOURS WORKED OUTSIDE THE APPROVED SCHEDULE, "
        "INCLUDING EVENINGS WEEKENDS AND HOLIDAYS"
    )
    paragraphs = ["NOTICE", text, "Questions go to the training director."]
    doc = read_path(write_lines_pdf(tmp_path / "caps.pdf", wrap_lines(paragraphs, gap=8)))
    assert [(b.kind, b.text) for b in doc.blocks] == [
        (BlockKind.HEADING, "NOTICE"),
        (BlockKind.PARAGRAPH, text),
        (BlockKind.PARAGRAPH, paragraphs[2]),
    ]


# --- running headers and footers ----------------------------------------------------


def test_page_top_headings_are_not_running_headers(tmp_path: Path) -> None:
    items: list[tuple[str, str]] = []
    for week in range(1, 6):
        items += [
            ("heading", f"Week {week}"),
            ("paragraph", f"Readings and reflections for week {week} of the practicum."),
            ("pagebreak", ""),
        ]
    doc = read_path(write_pdf(tmp_path / "weeks.pdf", items[:-1]))
    headings = texts(doc, BlockKind.HEADING)
    assert headings == [f"Week {n}" for n in range(1, 6)]


def test_repeated_body_text_is_kept(tmp_path: Path) -> None:
    repeated = "Contact the training director with any questions."
    items = sample_items(sections=8, paragraphs_per_section=2)
    items.insert(6, ("paragraph", repeated))
    items.insert(20, ("paragraph", repeated))
    doc = read_path(write_pdf(tmp_path / "repeat.pdf", items))
    assert texts(doc).count(repeated) == 2


def test_two_page_document_header_dropped(tmp_path: Path) -> None:
    items = [("paragraph", "First page text."), ("pagebreak", ""), ("paragraph", "Second.")]
    doc = read_path(write_pdf(tmp_path / "two.pdf", items, header="Clinic Policy Manual"))
    assert texts(doc) == ["First page text.", "Second."]


def test_single_page_keeps_its_header(tmp_path: Path) -> None:
    doc = read_path(write_pdf(tmp_path / "one.pdf", [("paragraph", "Only page.")]))
    # (this producer draws the running lines after the body)
    assert texts(doc) == ["Only page.", DEFAULT_HEADER, "Page 1 of 1"]


# --- glyph clean-up -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("■ Attend supervision", "• Attend supervision"),
        ("\uf0b7 Attend supervision", "• Attend supervision"),
        ("\x7f Attend supervision", "• Attend supervision"),
        ("Sick (cid:12)leave is paid", "Sick leave is paid"),
        ("Sick ■leave\ufffd is paid", "Sick leave is paid"),
        ("con\ufb01dential \ufb02oor", "confidential floor"),
        ("  indented text  ", "indented text"),
        ("a\x00b\x1fc", "abc"),
        ("soft\u00adhyphen", "softhyphen"),
    ],
)
def test_unmapped_glyphs_dropped(raw: str, clean: str) -> None:
    assert "".join(text for text, _ in _pieces(raw)) == clean


def test_pieces_keep_source_columns() -> None:
    pieces = _pieces("  ■ Sick (cid:12)leave")
    assert pieces == [("•", 2), (" Sick ", 3), ("leave", 17)]


# --- errors -------------------------------------------------------------------------


def read_error(data: bytes, limits: Limits | None = None) -> str:
    with pytest.raises(DocumentError) as info:
        read_bytes(data, "x.pdf", limits=limits)
    message = str(info.value)
    assert "\n" not in message
    return message


def test_user_password_is_refused(tmp_path: Path) -> None:
    path = write_pdf(tmp_path / "locked.pdf", [("paragraph", "Secret.")], user_password="pw")
    assert PdfReader(path).is_encrypted
    message = read_error(path.read_bytes())
    assert message.startswith("the PDF is password-protected;")
    with pytest.raises(DocumentError, match="password-protected"):
        read_path(path)


def test_owner_password_only_is_readable(tmp_path: Path) -> None:
    path = write_pdf(
        tmp_path / "owner.pdf",
        [("paragraph", "Printing is restricted, reading is not.")],
        owner_password="owner-secret",
        header=None,
        footer=None,
    )
    assert PdfReader(path).is_encrypted
    assert texts(read_path(path)) == ["Printing is restricted, reading is not."]


def test_image_only_pdf(tmp_path: Path) -> None:
    path = write_image_only_pdf(tmp_path / "scan.pdf")
    message = read_error(path.read_bytes())
    assert message.startswith("the PDF has no extractable text (a scanned image?); run OCR")


def test_only_running_lines_is_like_no_text(tmp_path: Path) -> None:
    items = [("paragraph", " "), ("pagebreak", ""), ("paragraph", " ")]
    path = write_pdf(tmp_path / "stamped.pdf", items)
    assert "no extractable text" in read_error(path.read_bytes())


@pytest.mark.parametrize(
    "data",
    [
        b"this is not a PDF at all, just some words in a file named .pdf\n" * 20,
        bytes(range(256)) * 8,
        b"PK\x03\x04" + b"\x00" * 200,
    ],
)
def test_garbage_bytes(data: bytes) -> None:
    assert read_error(data).startswith("not a valid PDF")


def test_garbage_after_a_pdf_header() -> None:
    data = b"%PDF-1.7\n" + bytes(random.Random(1).randrange(256) for _ in range(4000)) + b"%%EOF"
    assert read_error(data).startswith("not a valid PDF")


def test_truncated_pdf(tmp_path: Path) -> None:
    data = write_pdf(tmp_path / "t.pdf", sample_items(3, 2)).read_bytes()
    for cut in (len(data) // 2, len(data) - 40, 400):
        message = read_error(data[:cut])
        assert "truncated" in message or "not a valid PDF" in message


def test_too_many_pages(tmp_path: Path) -> None:
    data = write_pdf(tmp_path / "big.pdf", sample_items(8, 3)).read_bytes()
    message = read_error(data, Limits(max_pdf_pages=2))
    assert "pages, over the limit of 2" in message


def test_damaged_files_raise_only_document_error(tmp_path: Path) -> None:
    data = write_pdf(tmp_path / "f.pdf", sample_items(3, 2)).read_bytes()
    rng = random.Random(7)
    for _ in range(40):
        mutated = bytearray(data)
        for _ in range(rng.randrange(1, 40)):
            i = rng.randrange(len(mutated))
            mutated[i] = rng.randrange(256)
        try:
            read_bytes(bytes(mutated), "fuzz.pdf")
        except DocumentError as exc:
            assert "\n" not in str(exc)


def test_pypdf_warnings_are_silenced(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    data = write_pdf(tmp_path / "w.pdf", sample_items(2, 2)).read_bytes()
    start = data.index(b"\n") + 1
    shifted = data[:start] + b"% padding that breaks every xref offset\n" * 3 + data[start:]
    with caplog.at_level(logging.DEBUG):
        doc = read_bytes(shifted, "shifted.pdf")
    assert doc.blocks
    assert not [r for r in caplog.records if r.name.startswith("pypdf")]
    assert logging.getLogger("pypdf").level == logging.NOTSET  # restored


def test_read_bytes_names_the_document(tmp_path: Path) -> None:
    data = write_pdf(tmp_path / "n.pdf", [("paragraph", "Hello.")]).read_bytes()
    doc = read_bytes(data, "stdin.pdf")
    assert doc.path == "stdin.pdf" and doc.format == "pdf"
    assert doc.title is None
    titled = write_pdf(tmp_path / "m.pdf", [("paragraph", "Hello.")], title="Leave Policy")
    assert read_path(titled).title == "Leave Policy"
