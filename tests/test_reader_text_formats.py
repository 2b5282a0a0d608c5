"""Readers for Markdown, plain text and HTML: text, kinds, sections and exact
positions (slicing the source at a block's line/column gives the block's text)."""

from __future__ import annotations

import codecs

import pytest

from policylint.documents import BlockKind, DocumentError, read_bytes


def source_at(source: str, line: int, column: int, length: int) -> str:
    return source.split("\n")[line - 1][column - 1 : column - 1 + length]


def assert_positions(source: str, doc) -> None:  # type: ignore[no-untyped-def]
    """Every block starts where it says, and every word of it maps back exactly
    (except characters produced by escapes and entities)."""
    for block in doc.blocks:
        loc = block.start
        first_word = block.text.split()[0]
        assert source_at(source, loc.line, loc.column, len(first_word)) == first_word, block
        offset = 0
        for word in block.text.split(" "):
            if word.isalnum():
                loc = block.locate(offset)
                assert source_at(source, loc.line, loc.column, len(word)) == word, (block, word)
            offset += len(word) + 1


MARKDOWN = """\
---
title: Riverbend handbook
owner: HR
---
# Riverbend Clinic Handbook

Welcome to **Riverbend**. Read the
[leave policy](https://example.org/leave) and *ask* questions.

## Leave

### Bereavement

Bereavement leave is one day for an immediate family member.

- Clinicians must be reachable
  at all times.
- Reply within **two hours**.

1. First numbered item.
2. Second numbered item.

```yaml
clinicians: must answer 24/7
```

    indented code is not prose either

Call `policylint` or visit https://example.com/page for details.

<!-- policylint-disable-next-line availability -- accepted by the board -->
| Leave type | Days |
|---|---|
| Bereavement | One day, unpaid |

> Clients come first, before ourselves.

Text with a footnote[^1] and an entity &amp; an escape \\*star\\*.

[^1]: The footnote text is prose.

<div class="note">
<p>Raw HTML paragraph with <b>bold</b> words.</p>
</div>
"""


def test_markdown_blocks_kinds_sections_and_positions() -> None:
    doc = read_bytes(MARKDOWN.encode(), "handbook.md")
    assert doc.format == "md"
    assert doc.title == "Riverbend Clinic Handbook"
    texts = [(b.kind, b.text, b.section_path) for b in doc.blocks]
    assert (BlockKind.HEADING, "Riverbend Clinic Handbook", "") in texts
    assert (
        BlockKind.PARAGRAPH,
        "Bereavement leave is one day for an immediate family member.",
        "Riverbend Clinic Handbook › Leave › Bereavement",
    ) in texts
    items = [b for b in doc.blocks if b.kind is BlockKind.LIST_ITEM]
    assert [b.text for b in items] == [
        "Clinicians must be reachable at all times.",
        "Reply within two hours.",
        "First numbered item.",
        "Second numbered item.",
    ]
    assert [b.label for b in items] == ["•", "•", "1.", "2."]
    cells = [b.text for b in doc.blocks if b.kind is BlockKind.TABLE_CELL]
    assert cells == ["Leave type", "Days", "Bereavement", "One day, unpaid"]
    assert any(
        b.kind is BlockKind.FOOTNOTE and b.text == "The footnote text is prose." for b in doc.blocks
    )
    assert any(b.text == "Raw HTML paragraph with bold words." for b in doc.blocks)
    assert any(b.text == "Clients come first, before ourselves." for b in doc.blocks)
    assert_positions(MARKDOWN, doc)


def test_markdown_not_prose() -> None:
    doc = read_bytes(MARKDOWN.encode(), "handbook.md")
    everything = " ".join(b.text for b in doc.blocks)
    assert "title:" not in everything and "owner" not in everything  # front matter
    assert "24/7" not in everything  # fenced code
    assert "indented code" not in everything
    assert "policylint" not in everything.lower().split()  # inline code
    assert "https" not in everything and "example.com" not in everything
    assert "disable-next-line" not in everything  # HTML comment
    para = next(b for b in doc.blocks if b.text.startswith("Call"))
    assert para.text == "Call or visit for details."


def test_markdown_link_text_kept_and_positions_across_lines() -> None:
    doc = read_bytes(MARKDOWN.encode(), "handbook.md")
    welcome = next(b for b in doc.blocks if b.text.startswith("Welcome"))
    assert welcome.text == "Welcome to Riverbend. Read the leave policy and ask questions."
    i = welcome.text.index("leave policy")
    loc = welcome.locate(i)
    assert (loc.line, loc.column) == (8, 2)
    end = welcome.locate_end(i + len("leave policy"))
    assert (end.line, end.column) == (8, 14)


def test_markdown_escapes_and_entities() -> None:
    doc = read_bytes(MARKDOWN.encode(), "handbook.md")
    block = next(b for b in doc.blocks if b.text.startswith("Text with a footnote"))
    assert block.text == "Text with a footnote and an entity & an escape *star*."
    star = block.text.index("star")
    loc = block.locate(star)
    assert source_at(MARKDOWN, loc.line, loc.column, 4) == "star"


def test_markdown_directives() -> None:
    doc = read_bytes(MARKDOWN.encode(), "handbook.md")
    (directive,) = doc.directives
    assert directive.text == "policylint-disable-next-line availability -- accepted by the board"
    assert (
        directive.line
        == MARKDOWN.split("\n").index(
            "<!-- policylint-disable-next-line availability -- accepted by the board -->"
        )
        + 1
    )
    assert doc.blocks[directive.next_block].text == "Leave type"


def test_markdown_crlf_and_bom() -> None:
    data = codecs.BOM_UTF8 + b"# Title\r\n\r\nFirst line\r\nsecond line.\r\n"
    doc = read_bytes(data, "x.md")
    para = doc.blocks[1]
    assert para.text == "First line second line."
    assert para.locate(para.text.index("second")).line == 4


TEXT = """\
RIVERBEND CLINIC EMPLOYEE HANDBOOK

1. Leave Policies

Employees receive ten days of paid
time off each year.

1.1 Bereavement Leave
Bereavement leave is one day.

# policylint-disable-next-line sick-leave -- reviewed 2026
- A physician's note is required for any sick day.
- Clinicians must arrange cover
  before using sick time.

1. This numbered line is a sentence, so it is a list item.
"""


def test_text_reader_headings_lists_positions() -> None:
    doc = read_bytes(TEXT.encode(), "handbook.txt")
    kinds = [(b.kind, b.text) for b in doc.blocks]
    assert kinds[0] == (BlockKind.HEADING, "RIVERBEND CLINIC EMPLOYEE HANDBOOK")
    assert (BlockKind.HEADING, "1. Leave Policies") in kinds
    assert (BlockKind.HEADING, "1.1 Bereavement Leave") in kinds
    bereavement = next(b for b in doc.blocks if b.text == "Bereavement leave is one day.")
    assert bereavement.section == ("1. Leave Policies", "1.1 Bereavement Leave")
    items = [b for b in doc.blocks if b.kind is BlockKind.LIST_ITEM]
    assert [b.text for b in items] == [
        "A physician's note is required for any sick day.",
        "Clinicians must arrange cover before using sick time.",
        "This numbered line is a sentence, so it is a list item.",
    ]
    assert [b.label for b in items] == ["•", "•", "1."]
    assert doc.directives[0].text == "policylint-disable-next-line sick-leave -- reviewed 2026"
    assert doc.blocks[doc.directives[0].next_block].text.startswith("A physician")
    assert_positions(TEXT, doc)


def test_text_reader_no_headings_when_not_obvious() -> None:
    doc = read_bytes(b"Leave\n\nSome text here.\n", "x.txt")
    assert all(b.kind is BlockKind.PARAGRAPH for b in doc.blocks)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("Caf\u00e9 policy: clients\u2019 fees.".encode("cp1252"), "Café policy: clients’ fees."),
        ("Caf\u00e9 policy.".encode("utf-16"), "Café policy."),
        ("Caf\u00e9 policy.".encode("utf-16-le"), "Café policy."),
        (codecs.BOM_UTF8 + "Caf\u00e9 policy.".encode(), "Café policy."),
        ("Caf\u00e9 policy.".encode("utf-8"), "Café policy."),
        (
            b"Bytes \x81\x8d\x8f undefined in cp1252.",
            "Bytes \ufffd\ufffd\ufffd undefined in cp1252.",
        ),
    ],
)
def test_text_encodings(data: bytes, expected: str) -> None:
    doc = read_bytes(data, "x.txt")
    assert doc.blocks[0].text == expected


def test_text_binary_garbage_is_an_error() -> None:
    with pytest.raises(DocumentError, match="binary"):
        read_bytes(bytes(range(256)) * 20, "x.txt")


HTML = """\
<!doctype html>
<html><head><title>Practice Policies</title>
<style>p { color: red }</style><script>var clinicians = "must answer";</script></head>
<body>
<nav><a href="/">Home</a> <a href="/fees">Fees</a></nav>
<main>
<h1>Practice Policies</h1>
<h2>Cancellations</h2>
<p>Our therapists are there
whenever you need them &amp; more.</p>
<ul><li>Reply within <b>two hours</b>.</li><li><p>Weekends included.</p></li></ul>
<ol start="3"><li>Third item.</li></ol>
<table><tr><th>Fee</th><td>$150 per session</td></tr></table>
<!-- policylint-disable-next-line availability -- reason here -->
<p hidden>Hidden text.</p>
<pre>code block</pre>
</main>
<footer>Copyright 2026 Riverbend</footer>
</body></html>
"""


def test_html_reader() -> None:
    doc = read_bytes(HTML.encode(), "policies.html")
    assert doc.title == "Practice Policies"
    texts = [(b.kind, b.text, b.section_path, b.label) for b in doc.blocks]
    assert (BlockKind.HEADING, "Cancellations", "Practice Policies", None) in texts
    assert (
        BlockKind.PARAGRAPH,
        "Our therapists are there whenever you need them & more.",
        "Practice Policies › Cancellations",
        None,
    ) in texts
    assert (
        BlockKind.LIST_ITEM,
        "Reply within two hours.",
        "Practice Policies › Cancellations",
        "•",
    ) in texts
    assert (
        BlockKind.LIST_ITEM,
        "Weekends included.",
        "Practice Policies › Cancellations",
        "•",
    ) in texts
    assert (BlockKind.LIST_ITEM, "Third item.", "Practice Policies › Cancellations", "3.") in texts
    cells = [b.text for b in doc.blocks if b.kind is BlockKind.TABLE_CELL]
    assert cells == ["Fee", "$150 per session"]
    everything = " ".join(b.text for b in doc.blocks)
    for chrome in ("Home", "color", "must answer", "Hidden", "code block", "Copyright"):
        assert chrome not in everything
    assert doc.directives[0].text.startswith("policylint-disable-next-line availability")
    assert_positions(HTML, doc)


def test_unsupported_format_lists_supported() -> None:
    with pytest.raises(DocumentError, match=r"unsupported format \.rtf.*\.docx.*\.md"):
        read_bytes(b"{\\rtf1}", "x.rtf")


def test_empty_input() -> None:
    with pytest.raises(DocumentError, match="empty"):
        read_bytes(b"   \n", "x.md")
