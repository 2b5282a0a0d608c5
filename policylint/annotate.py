"""Review in Word: a copy of a .docx with a Word comment on every finding and,
optionally, each finding's first rewrite as a tracked change.

    from policylint.annotate import annotate_docx
    result = annotate_docx(data, document, findings, why={...})
    Path("handbook.policylint.docx").write_bytes(result.data)

Where the comments go
---------------------
* A finding in the body (paragraphs, list items, headings, table cells, content
  controls, hyperlinks, text inside existing tracked insertions) gets a comment
  anchored on exactly the matched words. Runs are split at the match boundaries; each
  piece keeps a copy of the run's formatting (``w:rPr``), so nothing changes on screen.
* Word ignores comment anchors inside headers, footers, text boxes, footnotes and
  endnotes ([MS-OI29500] 2.1.315), so a finding there gets its comment on the nearest
  paragraph the reader sees: the paragraph that anchors the text box, the paragraph
  holding the footnote or endnote mark, or the first paragraph of the section that
  shows the header or footer. The comment says where the words really are.
* A document-level finding (a provision the document lacks) gets its comment on the
  title, else the first heading, else the first paragraph, with the clause to add.
* Should a span ever fail to map onto the XML (a match inside a symbol with no run of
  its own, say), the comment goes on the whole paragraph and says so.

Suggested edits (``suggest_edits=True``)
----------------------------------------
For a finding in the body whose comment is anchored on its words, the sentence that
holds the match becomes a tracked deletion and the finding's first rewrite a tracked
insertion right after it, both by author "policylint", so Word's Review › Accept /
Reject works on each. One edit per sentence (the first finding on a sentence wins).
No edit is written when the sentence holds a field, a picture, a text box or a
footnote mark (deleting those silently would lose more than words), nor for
document-level findings (where a missing clause belongs is the author's call); their
comments say so. Existing tracked changes are kept: text another author inserted is
deleted inside that insertion, as Word does.

Everything else in the package is left as python-docx loaded it: styles, numbering,
images, headers, existing comments and tracked changes. Before returning, the result
is read back with policylint's own reader and compared with the input block by block
(final view without edits, original view with them); a difference is an internal
error and nothing is returned.

Dates: comments and revisions carry ``SOURCE_DATE_EPOCH`` when it is set (and the
zip members get that time too, so the output is byte-for-byte reproducible),
otherwise the current UTC time.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as _dt
import io
import os
import zipfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from lxml import etree

from .documents import BlockKind, Document, Limits
from .documents import docx as docx_reader
from .documents.docx import iter_story, paragraph_pieces, paragraph_text, piece_at
from .documents.wordml import (
    W_AUTHOR,
    W_COMMENT,
    W_COMMENT_END,
    W_COMMENT_REF,
    W_COMMENT_START,
    W_DATE,
    W_DEL,
    W_DEL_TEXT,
    W_ENDNOTE_REF,
    W_FLD_SIMPLE,
    W_FOOTNOTE_REF,
    W_HYPERLINK,
    W_ID,
    W_INS,
    W_MOVE_FROM,
    W_MOVE_TO,
    W_P,
    W_PPR,
    W_R,
    W_RPR,
    W_SECT_PR,
    W_SMART_TAG,
    W_T,
    W_TXBX_CONTENT,
    W_TYPE,
    W_VAL,
    XML_SPACE,
    R,
    W,
)
from .findings import Finding, Severity
from .formatters.lawinfo import all_floors, citation_line
from .safety import INVISIBLE

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument

__all__ = [
    "AUTHOR",
    "INITIALS",
    "AnnotateError",
    "Annotated",
    "annotate_docx",
    "comment_anchors",
    "default_output_path",
    "output_date",
    "read_input",
]

AUTHOR = "policylint"
INITIALS = "PL"


#: run children that make a sentence unsafe to delete as a tracked change
_COMPLEX_RUN_CONTENT = frozenset(
    W + name
    for name in (
        "fldChar",
        "instrText",
        "drawing",
        "pict",
        "object",
        "footnoteReference",
        "endnoteReference",
        "ruby",
        "ptab",
    )
) | {"{http://schemas.openxmlformats.org/markup-compatibility/2006}AlternateContent"}
#: containers an inserted rewrite is lifted out of (when no text follows it there)
_HOIST_FROM = frozenset({W_HYPERLINK, W_INS, W_MOVE_TO, W_FLD_SIMPLE, W_SMART_TAG})
_REVISIONS = frozenset({W_INS, W_DEL, W_MOVE_TO, W_MOVE_FROM})


class AnnotateError(Exception):
    """The copy cannot be made; the message says why (the CLI prefixes the path)."""


@dataclass(frozen=True, slots=True)
class Annotated:
    """The annotated .docx and what went into it."""

    data: bytes
    #: comments written: one per flagged clause (the findings on one sentence share
    #: it) and one per missing provision
    comments: int
    #: comments anchored on exactly the matched words
    exact: int
    #: comments on a whole paragraph (document-level findings, headers, text boxes...)
    on_paragraph: int
    #: tracked-change rewrites written
    edits: int
    #: findings whose rewrite could not be written as a tracked change
    edits_skipped: int = 0
    #: the comment id given to each finding, by fingerprint (for tests and tools);
    #: findings on one sentence share their clause's comment
    comment_ids: dict[str, str] = field(default_factory=dict)
    #: comments by policylint the input already had (it was annotated before)
    existing: int = 0


def default_output_path(path: str | os.PathLike[str]) -> Path:
    """``handbook.docx`` -> ``handbook.policylint.docx``, beside the input."""
    p = Path(path)
    return p.with_name(f"{p.stem}.policylint.docx")


def output_date(environ: Mapping[str, str] | None = None) -> _dt.datetime:
    """``SOURCE_DATE_EPOCH`` (reproducible builds) when set, else now; UTC, whole seconds."""
    env = os.environ if environ is None else environ
    raw = env.get("SOURCE_DATE_EPOCH", "").strip()
    if raw:
        try:
            return _dt.datetime.fromtimestamp(int(raw), _dt.UTC)
        except (ValueError, OverflowError, OSError):
            raise AnnotateError(
                f"SOURCE_DATE_EPOCH={raw!r} is not a number of seconds since 1970"
            ) from None
    return _dt.datetime.now(_dt.UTC).replace(microsecond=0)


# ------------------------------------------------------------------------ the plan


@dataclass(slots=True)
class _Place:
    """Where a finding's comment goes."""

    paragraph: etree._Element
    #: raw-text offsets of the words in ``paragraph``; None: the whole paragraph
    span: tuple[int, int] | None = None
    #: raw-text offsets of the sentence to rewrite (body findings only)
    sentence: tuple[int, int] | None = None
    #: shown in the comment when it is not on the words themselves
    note: str | None = None


@dataclass(slots=True)
class _Item:
    #: the finding the comment is placed by: for a clause, its most severe finding
    #: spanning every matched word of the clause
    finding: Finding
    place: _Place
    exact: bool = False
    edit: bool = False
    edit_note: str | None = None
    #: every finding the comment is about (several on one sentence), most severe first
    findings: tuple[Finding, ...] = ()
    #: the one rewrite for the clause (see policylint.grouping)
    rewrite: str | None = None

    @property
    def all(self) -> tuple[Finding, ...]:
        return self.findings or (self.finding,)


def _collapse(text: str) -> str:
    return " ".join(text.split())


def _comparable(text: str) -> str:
    """Text without whitespace or invisible characters: the reader removes the latter,
    breaks very long runs with spaces and splits huge paragraphs into blocks, so a
    block's text is compared with its paragraph's this way."""
    return "".join(INVISIBLE.sub("", text).split())


def _quote(text: str, limit: int = 80) -> str:
    text = _collapse(text)
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return f"“{text}”"


class _Locator:
    """Maps blocks of the policylint document back to ``w:p`` elements."""

    def __init__(self, doc: DocxDocument, document: Document) -> None:
        self.doc = doc
        self.document = document
        body = doc.element.body
        self.body = body
        self.story = list(iter_story(body))
        self._nonbody: dict[int, tuple[str, str, etree._Element]] | None = None
        self._sections: list[etree._Element] | None = None

    # -- body

    def body_paragraph(self, block_index: int) -> etree._Element | None:
        block = self.document.blocks[block_index]
        line = block.start.line
        if line is None or not 1 <= line <= len(self.story):
            return None
        p = self.story[line - 1].element
        if _comparable(block.text) not in _comparable(paragraph_text(p)):
            return None  # not the paragraph the reader saw: never anchor blindly
        return p

    def in_text_box(self, block_index: int) -> bool:
        line = self.document.blocks[block_index].start.line
        return (
            line is not None and 1 <= line <= len(self.story) and self.story[line - 1].in_text_box
        )

    @staticmethod
    def text_box_host(p: etree._Element) -> etree._Element | None:
        """The outermost body paragraph whose run anchors the text box holding ``p``."""
        host = None
        node = p.getparent()
        while node is not None:
            if node.tag == W_P:
                host = node
            node = node.getparent()
        return host

    def title_paragraph(self) -> etree._Element:
        """The title, else the first heading, else the first paragraph with text."""
        blocks = self.document.blocks
        for wanted in (
            lambda b: b.kind == BlockKind.HEADING and b.level == 0,
            lambda b: b.kind == BlockKind.HEADING,
            lambda b: b.kind != BlockKind.HEADER_FOOTER and b.kind != BlockKind.FOOTNOTE,
        ):
            for i, block in enumerate(blocks):
                if wanted(block) and not self.in_text_box(i):
                    p = self.body_paragraph(i)
                    if p is not None:
                        return p
        return self.first_visible(self.story)

    def first_visible(self, items: Iterable) -> etree._Element:  # type: ignore[type-arg]
        first = None
        for item in items:
            if item.in_text_box:
                continue
            if first is None:
                first = item.element
            if paragraph_text(item.element).strip():
                return item.element
        if first is not None:
            return first
        # a body without a single paragraph: give it one (never happens with Word files)
        p = self.body.makeelement(W_P, {})
        sect = self.body.find(W_SECT_PR)
        if sect is not None:
            sect.addprevious(p)
        else:
            self.body.append(p)
        return p

    # -- headers, footers, notes

    def nonbody(self, block_index: int) -> tuple[str, str, etree._Element] | None:
        """``(kind, key, paragraph)`` for a header/footer/note block: kind is
        ``header``, ``footer``, ``footnote`` or ``endnote``; key is the section index
        (headers/footers) or the note id."""
        if self._nonbody is None:
            self._nonbody = self._match_nonbody()
        return self._nonbody.get(block_index)

    def _match_nonbody(self) -> dict[int, tuple[str, str, etree._Element]]:
        candidates = [*self._note_paragraphs(), *self._header_footer_paragraphs()]
        used = [False] * len(candidates)
        texts = [_comparable(paragraph_text(c[2])) for c in candidates]
        found: dict[int, tuple[str, str, etree._Element]] = {}
        cursor = 0
        for i, block in enumerate(self.document.blocks):
            if block.kind not in (BlockKind.HEADER_FOOTER, BlockKind.FOOTNOTE):
                continue
            order = [*range(cursor, len(candidates)), *range(cursor)]
            wanted = _comparable(block.text)
            for j in order:
                if not used[j] and texts[j] == wanted:
                    used[j] = True
                    found[i] = candidates[j]
                    cursor = j + 1
                    break
        return found

    def _note_paragraphs(self) -> Iterator[tuple[str, str, etree._Element]]:
        for kind in ("footnote", "endnote"):
            root = _part_root(_related_part(self.doc.part, f"/{kind}s"))
            if root is None:
                continue
            for note in root.iterchildren(W + kind):
                if note.get(W_TYPE, "normal") != "normal":
                    continue
                for item in iter_story(note):
                    yield kind, note.get(W_ID, ""), item.element

    def sections(self) -> list[etree._Element]:
        if self._sections is None:
            sect_prs = []
            for p in self.body.iterchildren(W_P):
                ppr = p.find(W_PPR)
                sect = ppr.find(W_SECT_PR) if ppr is not None else None
                if sect is not None:
                    sect_prs.append(sect)
            final = self.body.find(W_SECT_PR)
            if final is not None:
                sect_prs.append(final)
            self._sections = sect_prs
        return self._sections

    def _header_footer_paragraphs(self) -> Iterator[tuple[str, str, etree._Element]]:
        """Paragraphs of each header/footer part, with the first section that shows it
        (a section without its own reference inherits the previous section's)."""
        current: dict[tuple[str, str], str] = {}
        seen: set[str] = set()
        related = self.doc.part.related_parts
        for index, sect in enumerate(self.sections()):
            for ref in sect:
                if ref.tag in (W + "headerReference", W + "footerReference"):
                    which = "header" if ref.tag == W + "headerReference" else "footer"
                    current[(which, ref.get(W_TYPE, "default"))] = ref.get(R + "id", "")
            for (which, _kind), rid in sorted(current.items()):
                part = related.get(rid)
                if part is None or str(part.partname) in seen:
                    continue
                seen.add(str(part.partname))
                root = _part_root(part)
                if root is None:
                    continue
                for item in iter_story(root):
                    yield which, str(index), item.element

    def section_first_paragraph(self, index: int) -> etree._Element:
        """First paragraph with text in section ``index`` (0-based)."""
        sections = self.sections()
        if not 0 <= index < len(sections):
            return self.title_paragraph()
        # the top-level body children of each section, in order
        owner: dict[etree._Element, int] = {}
        section = 0
        for child in self.body:
            owner[child] = section
            if child.tag == W_P:
                ppr = child.find(W_PPR)
                if ppr is not None and ppr.find(W_SECT_PR) is not None:
                    section += 1

        def top(el: etree._Element) -> etree._Element:
            while el.getparent() is not None and el.getparent() is not self.body:
                el = el.getparent()
            return el

        items = [s for s in self.story if owner.get(top(s.element)) == index]
        return self.first_visible(items) if items else self.title_paragraph()

    def note_reference_paragraph(self, kind: str, note_id: str) -> etree._Element | None:
        tag = W_FOOTNOTE_REF if kind == "footnote" else W_ENDNOTE_REF
        for item in self.story:
            for ref in item.element.iter(tag):
                if ref.get(W_ID) == note_id:
                    if item.in_text_box:
                        return self.text_box_host(item.element)
                    return item.element
        return None


def _related_part(part, reltype_suffix: str):  # type: ignore[no-untyped-def]
    for rel in part.rels.values():
        if not rel.is_external and rel.reltype.endswith(reltype_suffix):
            return rel.target_part
    return None


def _part_root(part) -> etree._Element | None:  # type: ignore[no-untyped-def]
    if part is None:
        return None
    element = getattr(part, "element", None)
    if element is not None:
        return element
    from docx.oxml.parser import parse_xml

    return parse_xml(part.blob)


# --------------------------------------------------------------------- run surgery


def _content(run: etree._Element) -> list[etree._Element]:
    return [c for c in run if c.tag != W_RPR]


def _preserve(t: etree._Element) -> None:
    t.set(XML_SPACE, "preserve")


def _split_run_before(child: etree._Element) -> etree._Element:
    """Split ``child``'s run so that ``child`` starts a run; returns that run. The new
    run gets a copy of the run's properties."""
    run = child.getparent()
    assert run is not None
    content = _content(run)
    if content and content[0] is child:
        return run
    right = run.makeelement(run.tag, dict(run.attrib))
    rpr = run.find(W_RPR)
    if rpr is not None:
        right.append(copy.deepcopy(rpr))
    moving = [child, *child.itersiblings()]
    for el in moving:
        right.append(el)
    run.addnext(right)
    return right


def _split_text(t: etree._Element, offset: int) -> etree._Element:
    """Split a ``w:t`` at ``offset``; returns the right-hand ``w:t``."""
    text = t.text or ""
    right = t.makeelement(t.tag, dict(t.attrib))
    right.text = text[offset:]
    t.text = text[:offset]
    _preserve(t)
    _preserve(right)
    t.addnext(right)
    return right


def _boundary(p: etree._Element, offset: int) -> bool:
    """Make ``offset`` in the raw text of ``p`` fall on a run boundary."""
    pieces = paragraph_pieces(p)
    total = sum(len(piece.text) for piece in pieces)
    if not pieces:
        return False
    if offset >= total:
        el = pieces[-1].element
        if el is None or el.getparent() is None or el.getparent().tag != W_R:
            return False
        following = el.getnext()
        if following is not None:
            _split_run_before(following)
        return True
    index, within = piece_at(pieces, offset)
    el = pieces[index].element
    if el is None or el.getparent() is None or el.getparent().tag != W_R:
        return False
    if within > 0:
        if el.tag != W_T:
            return False
        el = _split_text(el, within)
    _split_run_before(el)
    return True


def _runs_in(p: etree._Element, start: int, end: int) -> list[etree._Element] | None:
    """The runs whose text lies in ``[start, end)``, or None if a run also holds text
    outside it (boundaries not made) or a piece has no run of its own."""
    runs: list[etree._Element] = []
    # keyed by the elements themselves: lxml keeps a proxy alive (and the same) only
    # while something refers to it, so id() of a proxy is not a stable key
    spans: dict[etree._Element, list[int]] = {}
    pos = 0
    for piece in paragraph_pieces(p):
        end_pos = pos + len(piece.text)
        el = piece.element
        run = el.getparent() if el is not None else None
        if run is not None and run.tag == W_R:
            lo_hi = spans.setdefault(run, [pos, end_pos])
            lo_hi[0] = min(lo_hi[0], pos)
            lo_hi[1] = max(lo_hi[1], end_pos)
        if end_pos > start and pos < end:
            if run is None or run.tag != W_R:
                return None
            if not runs or runs[-1] is not run:
                runs.append(run)
        pos = end_pos
    if not runs:
        return None
    for run in runs:
        lo, hi = spans[run]
        if lo < start or hi > end:
            return None
    return runs


def _isolate(p: etree._Element, start: int, end: int) -> list[etree._Element] | None:
    """Split runs so that ``[start, end)`` of the raw text is exactly a sequence of
    whole runs; returns them (None if that cannot be done)."""
    if end <= start:
        return None
    if not _boundary(p, end) or not _boundary(p, start):
        return None
    return _runs_in(p, start, end)


def _runs_between(p: etree._Element, first: etree._Element, last: etree._Element) -> list:  # type: ignore[type-arg]
    """Every ``w:r`` of ``p`` from ``first`` to ``last`` inclusive, in document order
    (text boxes inside them included)."""
    out = []
    inside = False
    for el in p.iter(W_R):
        if el is first:
            inside = True
        if inside:
            out.append(el)
        if el is last:
            break
    return out


def _has_complex_content(runs: Iterable[etree._Element]) -> bool:
    """Whether a run holds a field, a picture, a note mark... or sits in a simple field
    (whose result Word regenerates, dropping a tracked change made in it)."""
    for run in runs:
        if any(child.tag in _COMPLEX_RUN_CONTENT for child in run):
            return True
        if next(run.iterancestors(W_FLD_SIMPLE), None) is not None:
            return True
    return False


def _revision(parent: etree._Element, tag: str, rid: int, date: str) -> etree._Element:
    el = parent.makeelement(tag, {})
    el.set(W_ID, str(rid))
    el.set(W_AUTHOR, AUTHOR)
    el.set(W_DATE, date)
    return el


def _comment_reference_run(parent: etree._Element, cid: str) -> etree._Element:
    run = parent.makeelement(W_R, {})
    rpr = etree.SubElement(run, W_RPR)
    style = etree.SubElement(rpr, W + "rStyle")
    style.set(W_VAL, "CommentReference")
    ref = etree.SubElement(run, W_COMMENT_REF)
    ref.set(W_ID, cid)
    return run


def _mark(parent: etree._Element, tag: str, cid: str) -> etree._Element:
    el = parent.makeelement(tag, {})
    el.set(W_ID, cid)
    return el


def _anchor_runs(first: etree._Element, last: etree._Element, cid: str) -> None:
    first.addprevious(_mark(first, W_COMMENT_START, cid))
    end = _mark(last, W_COMMENT_END, cid)
    last.addnext(end)
    # the reference mark must not disappear when someone rejects a tracked change
    anchor = end
    while anchor.getparent() is not None and anchor.getparent().tag in _REVISIONS:
        anchor = anchor.getparent()
    anchor.addnext(_comment_reference_run(last, cid))


def _anchor_paragraph(p: etree._Element, cid: str) -> None:
    start = _mark(p, W_COMMENT_START, cid)
    ppr = p.find(W_PPR)
    if ppr is not None:
        ppr.addnext(start)
    else:
        p.insert(0, start)
    p.append(_mark(p, W_COMMENT_END, cid))
    p.append(_comment_reference_run(p, cid))


def _visible_text_after(el: etree._Element) -> bool:
    for sib in el.itersiblings():
        for t in sib.iter(W_T):
            if not t.text:
                continue
            if any(a.tag in (W_DEL, W_MOVE_FROM) for a in t.iterancestors()):
                continue
            return True
    return False


# ---------------------------------------------------------------------- annotator


_COMMENT_XML = (
    f'<w:comment xmlns:w="{W[1:-1]}" w:id="ID" w:author="">'
    '<w:p><w:pPr><w:pStyle w:val="CommentText"/></w:pPr>'
    '<w:r><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr><w:annotationRef/></w:r>'
    "</w:p></w:comment>"
)


class _Comments:
    """Adds Word comments in constant time each.

    python-docx's ``add_comment`` looks for a free id by reading every comment's id,
    so adding n comments took time in n squared (331 s for a 6,000-paragraph
    handbook). The next id is kept here instead; the comment element is the one
    python-docx writes. Should python-docx's internals ever differ, its own method is
    used."""

    def __init__(self, doc: DocxDocument) -> None:
        self.comments = doc.comments  # creates the comments part when there is none
        self._elm = getattr(self.comments, "_comments_elm", None)
        self._part = getattr(self.comments, "_comments_part", None)
        self.next_id = -1
        if self._elm is not None and self._part is not None:
            ids = [
                int(value)
                for c in self._elm.iterchildren(W_COMMENT)
                if (value := c.get(W_ID, "")).isdigit()
            ]
            self.next_id = max(ids, default=-1) + 1

    def add(self):  # type: ignore[no-untyped-def]
        if self._elm is None or not 0 <= self.next_id < 2**31 - 1:
            return self.comments.add_comment(text="", author=AUTHOR, initials=INITIALS)
        from docx.comments import Comment
        from docx.oxml.parser import parse_xml

        elm = parse_xml(_COMMENT_XML.replace('w:id="ID"', f'w:id="{self.next_id}"'))
        self.next_id += 1
        self._elm.append(elm)
        elm.author = AUTHOR
        elm.initials = INITIALS
        return Comment(elm, self._part)


class _Annotator:
    def __init__(
        self,
        doc: DocxDocument,
        document: Document,
        why: Mapping[str, str],
        date: _dt.datetime,
        suggest_edits: bool,
    ) -> None:
        self.doc = doc
        self.document = document
        self.why = why
        self.date = date
        self.date_text = date.strftime("%Y-%m-%dT%H:%M:%SZ")
        self.suggest_edits = suggest_edits
        self.locate = _Locator(doc, document)
        self.comments = _Comments(doc)

    # -- planning

    def place(self, finding: Finding) -> tuple[_Place, bool]:
        """Where the comment goes, and whether it is on the exact words."""
        loc = self.locate
        if finding.scope == "document" or finding.block is None:
            return _Place(loc.title_paragraph(), note=_DOCUMENT_NOTE), False
        index = finding.block
        if not 0 <= index < len(self.document.blocks):
            return _Place(loc.title_paragraph(), note=self._lost(finding)), False
        block = self.document.blocks[index]
        match = finding.match or ""
        if block.kind in (BlockKind.HEADER_FOOTER, BlockKind.FOOTNOTE):
            where = loc.nonbody(index)
            if where is None:
                return _Place(loc.title_paragraph(), note=self._lost(finding)), False
            kind, key, _p = where
            if kind in ("header", "footer"):
                p = loc.section_first_paragraph(int(key))
                note = (
                    f"The flagged words, {_quote(match)}, are in the page {kind} "
                    f"({_quote(block.text, 60)}). Word cannot attach comments to headers "
                    "or footers, so this comment is on the first paragraph of the section "
                    f"that shows that {kind}."
                )
                return _Place(p, note=note), False
            ref = loc.note_reference_paragraph(kind, key)
            if ref is None:
                return _Place(loc.title_paragraph(), note=self._lost(finding)), False
            note = (
                f"The flagged words, {_quote(match)}, are in the {kind} marked in this "
                f"paragraph. Word cannot attach comments inside {kind}s."
            )
            return _Place(ref, note=note), False
        p = loc.body_paragraph(index)
        if p is None:
            return _Place(loc.title_paragraph(), note=self._lost(finding)), False
        if loc.in_text_box(index):
            host = loc.text_box_host(p)
            note = (
                f"The flagged words, {_quote(match)}, are in a text box anchored to this "
                "paragraph. Word cannot attach comments inside text boxes."
            )
            return _Place(host if host is not None else p, note=note), False
        span = _raw_span(block, finding.start, finding.end)
        sentence = _raw_span(block, finding.sentence_start, finding.sentence_end)
        if span is None:
            note = f"The flagged words are {_quote(match)} in this paragraph."
            return _Place(p, note=note), False
        return _Place(p, span=span, sentence=sentence), True

    @staticmethod
    def _lost(finding: Finding) -> str:
        where = f" ({finding.section})" if finding.section else ""
        return (
            f"The flagged words, {_quote(finding.match or '')}{where}, could not be located "
            "in the Word file, so this comment is at the top of the document."
        )

    def plan(self, findings: Sequence[Finding]) -> list[_Item]:
        """One item per missing provision and one per flagged clause (findings on
        the same sentence share a comment and a rewrite), in document order."""
        from .grouping import clauses

        items = []
        for f in findings:
            if f.scope == "document" or f.block is None:
                place, exact = self.place(f)
                items.append(_Item(f, place, exact, rewrite=(f.suggestions or (None,))[0]))
        for clause in clauses(f for f in findings if f.scope != "document" and f.block is not None):
            anchor = _clause_anchor(clause.findings)
            place, exact = self.place(anchor)
            rewrite = clause.rewrite or None
            items.append(_Item(anchor, place, exact, findings=clause.findings, rewrite=rewrite))
        if self.suggest_edits:
            self._plan_edits(items)
        return items

    def _plan_edits(self, items: list[_Item]) -> None:
        taken: dict[etree._Element, list[tuple[int, int]]] = {}
        for item in items:
            f = item.finding
            if f.scope == "document" or not item.rewrite:
                continue
            if not item.exact or item.place.sentence is None:
                item.edit_note = (
                    "The rewrite is not written into the text: policylint writes tracked "
                    "changes only in the main text."
                )
                continue
            p = item.place.paragraph
            start, end = item.place.sentence
            mine = taken.setdefault(p, [])
            if any(start < b and a < end for a, b in mine):
                item.edit_note = (
                    "The rewrite is not written into the text: another finding on this "
                    "sentence already is."
                )
                continue
            # splitting runs changes nothing on screen, so isolate the sentence now and
            # look at exactly what a tracked deletion would cover
            runs = _isolate(p, start, end)
            if runs is None or _has_complex_content(_runs_between(p, runs[0], runs[-1])):
                item.edit_note = (
                    "The rewrite is not written into the text: the sentence holds a field, "
                    "a picture or a note mark that a tracked deletion would remove."
                )
                continue
            mine.append((start, end))
            item.edit = True

    # -- writing

    def comment_lines(self, item: _Item) -> tuple[str, list[str]]:
        found = item.all
        f = found[0]
        severity = Severity(f.severity)
        lines: list[str] = []
        if len(found) == 1:
            head = f"{severity.value.capitalize()}: {f.title} ({f.rule})"
            lines.append(f.message)
            why = self.why.get(f.rule)
            if why:
                lines.append(f"Why it matters: {_collapse(why)}")
        else:
            rules = ", ".join(dict.fromkeys(x.rule for x in found))
            head = f"{severity.value.capitalize()}: {len(found)} concerns in this clause ({rules})"
            for x in found:
                lines.append(f"{x.title} ({x.rule}, {x.severity}): {x.message}")
                why = self.why.get(x.rule)
                if why:
                    lines.append(f"Why it matters: {_collapse(why)}")
        floors = dict.fromkeys(
            citation_line(law, source=True) for x in found for law in all_floors(x.law)
        )
        lines.extend(f"Legal floor: {text}. Not legal advice." for text in floors)
        label = "Clause to add" if f.scope == "document" else "Suggested rewrite"
        if item.rewrite:
            lines.append(f"{label}: {_collapse(item.rewrite)}")
        others = dict.fromkeys(
            _collapse(s) for x in found for s in x.suggestions[1:] if _collapse(s)
        )
        lines.extend(f"Or: {text}" for text in others)
        if item.edit:
            lines.append(
                "The rewrite is in the text as a tracked change; accept or reject it under Review."
            )
        elif item.edit_note and self.suggest_edits:
            lines.append(item.edit_note)
        if item.place.note:
            lines.append(item.place.note)
        return head, lines

    def add_comment(self, item: _Item) -> str:
        head, lines = self.comment_lines(item)
        comment = self.comments.add()
        comment._comment_elm.date = self.date  # python-docx stamps "now"
        comment.paragraphs[0].add_run(head).bold = True
        for line in lines:
            comment.add_paragraph(line)
        cid = str(comment.comment_id)
        place = item.place
        if item.exact and place.span is not None:
            runs = _isolate(place.paragraph, *place.span)
            if runs is not None:
                _anchor_runs(runs[0], runs[-1], cid)
                return cid
            # could not split there: fall back to the paragraph, and say so
            item.exact = False
            item.edit = False
            note = f"The flagged words are {_quote(item.finding.match or '')} in this paragraph."
            comment.add_paragraph(note)
        _anchor_paragraph(place.paragraph, cid)
        return cid

    def write_edit(self, item: _Item, next_id: Iterator[int]) -> bool:
        p = item.place.paragraph
        assert item.place.sentence is not None
        start, end = item.place.sentence
        runs = _isolate(p, start, end)
        if runs is None:
            return False
        rewrite = _collapse(item.rewrite or item.finding.suggestions[0])
        dels: list[etree._Element] = []
        for run in runs:
            previous = run.getprevious()
            if dels and previous is dels[-1]:
                dels[-1].append(run)
            else:
                d = _revision(run, W_DEL, next(next_id), self.date_text)
                run.addprevious(d)
                d.append(run)
                dels.append(d)
            for t in list(run.iter(W_T)):
                t.tag = W_DEL_TEXT
                _preserve(t)
        ins = _revision(p, W_INS, next(next_id), self.date_text)
        new_run = ins.makeelement(W_R, {})
        rpr = runs[0].find(W_RPR)
        if rpr is not None:
            new_run.append(copy.deepcopy(rpr))
        t = etree.SubElement(new_run, W_T)
        t.text = rewrite
        _preserve(t)
        ins.append(new_run)
        anchor = dels[-1]
        while (
            anchor.getparent() is not None
            and anchor.getparent() is not p
            and anchor.getparent().tag in _HOIST_FROM
            and not _visible_text_after(anchor)
        ):
            anchor = anchor.getparent()
        anchor.addnext(ins)
        return True


_DOCUMENT_NOTE = "This is about the document as a whole: nothing in it covers this."


def _clause_anchor(findings: Sequence[Finding]) -> Finding:
    """The most severe finding of a clause, stretched over every matched word of the
    clause in its block, so that one comment covers them all."""
    primary = findings[0]
    same = [f for f in findings if f.block == primary.block and f.start is not None]
    if len(same) < 2 or primary.start is None or primary.end is None:
        return primary
    start = min(f.start for f in same if f.start is not None)
    end = max(f.end for f in same if f.end is not None)
    excerpt = primary.excerpt or ""
    match = primary.match
    if primary.sentence_start is not None:
        a, b = start - primary.sentence_start, end - primary.sentence_start
        if 0 <= a < b <= len(excerpt):
            match = excerpt[a:b]
    return primary.with_(start=start, end=end, match=match)


def _raw_span(block, start: int | None, end: int | None) -> tuple[int, int] | None:  # type: ignore[no-untyped-def]
    """Offsets in the paragraph's raw text for ``[start, end)`` of the block text."""
    if start is None or end is None or end <= start or end > len(block.text):
        return None
    first = block.locate(start)
    last = block.locate_end(end)
    if first.column is None or last.column is None or first.line != last.line:
        return None
    return first.column - 1, last.column - 1


_ALL_IDS = etree.XPath("//@w:id", namespaces={"w": W[1:-1]})


def _max_id(doc: DocxDocument) -> int:
    """The largest numeric ``w:id`` in the parts that can hold revisions or comments."""
    best = 0
    roots = [doc.element]
    for part in doc.part.package.iter_parts():
        if part is doc.part:
            continue
        name = str(part.partname)
        if name.startswith("/word/") and name.endswith(".xml"):
            root = getattr(part, "element", None)
            if root is None and any(
                k in name for k in ("footnotes", "endnotes", "header", "footer", "comments")
            ):
                root = _part_root(part)
            if root is not None:
                roots.append(root)
    for root in roots:
        for value in _ALL_IDS(root):
            try:
                best = max(best, int(value))
            except ValueError:
                continue
    return best


def _reproducible_zip(data: bytes, when: _dt.datetime) -> bytes:
    """The same package with every member dated ``when`` (zip dates start in 1980)."""
    stamp = max(when, _dt.datetime(1980, 1, 1, tzinfo=_dt.UTC))
    date_time = stamp.timetuple()[:6]
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=date_time)
            member.compress_type = info.compress_type
            member.external_attr = info.external_attr
            dst.writestr(member, src.read(info.filename))
    return out.getvalue()


def _policylint_comments(doc: DocxDocument) -> int:
    part = _related_part(doc.part, "/comments")
    root = _part_root(part)
    if root is None:
        return 0
    return sum(1 for c in root.iterchildren(W_COMMENT) if c.get(W_AUTHOR) == AUTHOR)


def annotate_docx(
    data: bytes,
    document: Document,
    findings: Sequence[Finding],
    *,
    why: Mapping[str, str] | None = None,
    suggest_edits: bool = False,
    date: _dt.datetime | None = None,
    limits: Limits | None = None,
    reproducible: bool | None = None,
) -> Annotated:
    """Annotate the .docx ``data``, whose reading is ``document`` (final view) and whose
    findings are ``findings`` (suppressed ones are skipped). ``why`` maps rule ids to
    the rule's explanation. ``date`` defaults to :func:`output_date`; the zip members
    carry it too when ``reproducible`` (default: when ``SOURCE_DATE_EPOCH`` is set).
    Raises :class:`AnnotateError`."""
    import docx

    if date is None:
        date = output_date()
    if reproducible is None:
        reproducible = bool(os.environ.get("SOURCE_DATE_EPOCH", "").strip())
    limits = limits or Limits()
    active = sorted(
        (f for f in findings if not getattr(f, "suppressed", False)), key=lambda f: f.sort_key
    )
    # every part python-docx will read, images included, inflated under the caps first
    package = docx_reader.safe_package(data, limits, binaries=True)
    try:
        doc = docx.Document(io.BytesIO(package))
    except Exception as exc:  # the reader accepted these bytes; python-docx should too
        raise AnnotateError(f"python-docx cannot open the file ({exc})") from exc
    del package
    existing = _policylint_comments(doc)
    annotator = _Annotator(doc, document, why or {}, date, suggest_edits)
    items = annotator.plan(active)
    ids: dict[str, str] = {}
    for item in items:
        cid = annotator.add_comment(item)
        for f in item.all:
            ids[f.fingerprint or str(len(ids))] = cid
    edits = 0
    skipped = sum(1 for item in items if item.edit_note is not None)
    planned = [item for item in items if item.edit]
    if planned:
        counter = iter(range(_max_id(doc) + 1, 2**31))
        # right to left within a paragraph, so earlier offsets stay valid
        planned.sort(key=lambda item: -item.place.sentence[0])  # type: ignore[index]
        for item in planned:
            if annotator.write_edit(item, counter):
                edits += 1
            else:
                skipped += 1
    out = io.BytesIO()
    doc.save(out)
    result = out.getvalue()
    if reproducible:
        result = _reproducible_zip(result, date)
    _verify(data, result, document, limits, edited=edits > 0)
    exact = sum(1 for item in items if item.exact)
    return Annotated(
        data=result,
        comments=len(items),
        exact=exact,
        on_paragraph=len(items) - exact,
        edits=edits,
        edits_skipped=skipped,
        comment_ids=ids,
        existing=existing,
    )


def _texts(document: Document) -> list[tuple[str, str]]:
    return [(str(b.kind), b.text) for b in document.blocks]


def _verify(
    original: bytes, annotated: bytes, document: Document, limits: Limits, *, edited: bool
) -> None:
    """The annotated copy must read as the input did: the final view when nothing was
    edited, the original view when tracked changes were added."""
    view: docx_reader.View = "original" if edited else "final"
    # the copy is policylint's own output: it is judged by the real limits (what its
    # parts actually inflate to), not by the compression-ratio heuristic for inputs,
    # which hundreds of similar comments would trip
    own = dataclasses.replace(limits, max_compression_ratio=None, read_seconds_per_mb=None)
    try:
        before = docx_reader.read(original, document.path, limits, view) if edited else document
        after = docx_reader.read(annotated, document.path, own, view)
    except Exception as exc:
        raise AnnotateError(
            f"internal error: the annotated copy cannot be read back ({exc}); nothing was "
            "written. Please report this with the file."
        ) from exc
    a, b = _texts(before), _texts(after)
    if a != b:
        where = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), len(a))
        raise AnnotateError(
            f"internal error: the annotated copy would read differently from the input "
            f"(block {where + 1}); nothing was written. Please report this with the file."
        )


# ------------------------------------------------------------------ reading back


def comment_anchors(data: bytes, view: docx_reader.View = "final") -> dict[str, str]:
    """Comment id -> the text its range covers in the main document (whitespace
    collapsed), for comments anchored in the body; a comment whose range spans
    paragraphs gets their texts joined by a space."""
    import docx

    doc = docx.Document(io.BytesIO(data))
    body = doc.element.body
    paragraphs = [item.element for item in iter_story(body)]
    open_ids: set[str] = set()
    collected: dict[str, list[str]] = {}
    for p in paragraphs:
        # document order of the elements of this paragraph (text boxes excluded:
        # they are paragraphs of their own in iter_story)
        order = {el: i for i, el in enumerate(p.iter())}
        marks = [
            (order[el], el.tag, el.get(W_ID, ""))
            for el in p.iter(W_COMMENT_START, W_COMMENT_END)
            if not any(a.tag == W_TXBX_CONTENT for a in el.iterancestors())
            or _box_of(el) is _box_of(p)
        ]
        pieces = [(order.get(pc.element, -1), pc.text) for pc in paragraph_pieces(p, view)]
        events = sorted(
            [(pos, 0, tag, cid) for pos, tag, cid in marks]
            + [(pos, 1, "text", text) for pos, text in pieces]
        )
        chunks: dict[str, list[str]] = {cid: [] for cid in open_ids}
        for _pos, _kind, tag, value in events:
            if tag == W_COMMENT_START:
                open_ids.add(value)
                chunks.setdefault(value, [])
            elif tag == W_COMMENT_END:
                open_ids.discard(value)
            else:
                for cid in open_ids:
                    chunks.setdefault(cid, []).append(value)
        for cid, parts in chunks.items():
            collected.setdefault(cid, []).append("".join(parts))
    return {cid: _collapse(" ".join(parts)) for cid, parts in collected.items()}


def _box_of(el: etree._Element) -> etree._Element | None:
    for a in el.iterancestors():
        if a.tag == W_TXBX_CONTENT:
            return a
    return None


def read_input(path: str | os.PathLike[str], limits: Limits) -> bytes:
    """The bytes of the .docx to annotate, read once (the same bytes are linted and
    annotated), at most ``limits.max_file_size`` of them; FIFOs and devices are
    refused. Raises :class:`~policylint.documents.DocumentError` with the messages
    the readers use."""
    from .documents import read_file_bytes

    return read_file_bytes(
        path, limits, directory_message="is a directory; annotate takes one .docx file"
    )
