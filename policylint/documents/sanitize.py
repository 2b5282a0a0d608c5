"""The last step of every reader: make a document's text safe to match.

Three things happen here, each keeping every character's position in the source
exact (a block's :class:`~policylint.documents.model.Segment` map is rebuilt around
each edit):

1. **Invisible characters are removed** (:data:`policylint.safety.INVISIBLE`: bidi
   controls such as U+202E, zero-width characters, soft hyphens, C0/C1 controls
   such as the ESC of a terminal sequence). A clause with an invisible character in
   a word ("bereave\\u202ement") then reads as it looks to a person, so the rules see
   it, and the text printed later cannot drive a terminal. Whitespace left doubled
   by a removal is collapsed.
2. **Long runs without whitespace are broken.** spaCy's tokenizer strips prefixes
   and suffixes from a whitespace-free run one at a time, which is quadratic in the
   run's length (20,000 parentheses took 33 s). A run longer than
   :data:`MAX_RUN` characters that holds any non-alphanumeric character gets a space
   inserted at most every :data:`MAX_RUN` characters, after punctuation where
   possible (so a long URL breaks after a ``/``). Runs of letters and digits only are
   tokenized in linear time and are left alone. No word of prose is that long.
3. **Blocks longer than** :data:`MAX_BLOCK` **characters are split**, at a sentence
   end where there is one, else at a space: spaCy refuses texts over
   ``nlp.max_length`` (1,000,000 characters), and a block that size is one huge line
   or paragraph, not a clause. The pieces keep the block's kind and section.

Directives that point at blocks by index are renumbered to match.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from collections.abc import Iterable

from ..safety import ESCAPE_SEQUENCE, INVISIBLE
from .model import Block, Directive, Document, Segment

#: longest whitespace-free run (with punctuation in it) left as it is
MAX_RUN = 64
#: longest block handed to the language pipeline
MAX_BLOCK = 100_000

_LONG_RUN = re.compile(rf"\S{{{MAX_RUN + 1},}}")
_ALNUM_RUN = re.compile(r"[^\W_]+")
_EXTRA_SPACE = re.compile(r"(?<= ) +|^ +| +$")
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s")


def sanitize(document: Document, max_block: int = MAX_BLOCK) -> Document:
    """The document with invisible characters removed, long runs broken and long
    blocks split (in place; also returned). Fast when there is nothing to do."""
    new_blocks: list[Block] = []
    #: old block index -> index of its first piece in the new list, and piece count
    first: list[int] = []
    counts: list[int] = []
    changed = False
    for block in document.blocks:
        first.append(len(new_blocks))
        cleaned = clean_block(block)
        if cleaned is not block:
            changed = True
        pieces = [] if cleaned is None else split_block(cleaned, max_block)
        if len(pieces) != 1:
            changed = True
        counts.append(len(pieces))
        new_blocks.extend(pieces)
    if document.title is not None and INVISIBLE.search(document.title):
        document.title = " ".join(INVISIBLE.sub("", document.title).split()) or None
    if not changed:
        return document
    document.blocks = new_blocks
    first.append(len(new_blocks))
    if document.directives:
        document.directives = list(_renumber(document.directives, first, counts))
    return document


def _renumber(
    directives: Iterable[Directive], first: list[int], counts: list[int]
) -> Iterable[Directive]:
    """Directives with block indexes of the new block list (``first[i]``: index of old
    block ``i``'s first piece, or of the next block when ``i`` vanished)."""
    total = first[-1]
    for d in directives:
        next_block = d.next_block
        if next_block is not None and 0 <= next_block < len(first):
            next_block = first[next_block]
        if d.block is None or not 0 <= d.block < len(counts):
            yield dataclasses.replace(d, next_block=next_block)
            continue
        start, count = first[d.block], counts[d.block]
        if count == 0:  # its block vanished: like a comment on an empty paragraph,
            # it attaches to the next block
            block = start if start < total else None
            yield dataclasses.replace(d, block=block, next_block=next_block)
            continue
        for i in range(count):  # a split block: every piece
            yield dataclasses.replace(d, block=start + i, next_block=next_block)


# -- editing one block ---------------------------------------------------------------


def clean_block(block: Block) -> Block | None:
    """``block`` without invisible characters and with long runs broken; the same
    object when nothing changes, None when nothing is left."""
    text = block.text
    section = _clean_section(block.section)
    if INVISIBLE.search(text):
        # whole terminal escape sequences (ESC ] 0 ; title BEL), then any other
        # invisible character
        removed = [i for m in ESCAPE_SEQUENCE.finditer(text) for i in range(m.start(), m.end())]
        removed += [m.start() for m in INVISIBLE.finditer(text)]
        block = edit_block(block, delete=removed)
        text = block.text
        extra = [m.start() + i for m in _EXTRA_SPACE.finditer(text) for i in range(len(m.group()))]
        if extra:
            block = edit_block(block, delete=extra)
            text = block.text
        if not text:
            return None
    if len(text) > MAX_RUN and _LONG_RUN.search(text):
        breaks = _run_breaks(text)
        if breaks:
            block = edit_block(block, insert_space=breaks)
    if section is not block.section:
        block = dataclasses.replace(block, section=section)
    return block


_SECTIONS: dict[tuple[str, ...], tuple[str, ...]] = {}


def _clean_section(section: tuple[str, ...]) -> tuple[str, ...]:
    if not any(INVISIBLE.search(s) for s in section):
        return section
    cleaned = _SECTIONS.get(section)
    if cleaned is None:
        cleaned = tuple(" ".join(INVISIBLE.sub("", s).split()) for s in section)
        if len(_SECTIONS) < 1024:
            _SECTIONS[section] = cleaned
    return cleaned


def _run_breaks(text: str) -> list[int]:
    """Offsets before which a space is inserted so that no whitespace-free run with
    punctuation in it is longer than :data:`MAX_RUN`."""
    breaks: list[int] = []
    for m in _LONG_RUN.finditer(text):
        run = m.group()
        alnum = _ALNUM_RUN.fullmatch(run)
        if alnum is not None:
            continue  # letters and digits only: tokenized in linear time
        start, end = m.start(), m.end()
        pos = start
        while end - pos > MAX_RUN:
            cut = pos + MAX_RUN
            # prefer to cut right after a punctuation character in the last quarter
            window = text[pos + MAX_RUN * 3 // 4 : cut]
            for i in range(len(window) - 1, -1, -1):
                if not window[i].isalnum():
                    cut = pos + MAX_RUN * 3 // 4 + i + 1
                    break
            breaks.append(cut)
            pos = cut
    return breaks


def edit_block(
    block: Block, *, delete: Iterable[int] = (), insert_space: Iterable[int] = ()
) -> Block:
    """``block`` with the characters at the offsets ``delete`` removed and a space
    inserted before each offset in ``insert_space``; every remaining character keeps
    its source position (an inserted space has none of its own)."""
    text = block.text
    n = len(text)
    dels = sorted(set(i for i in delete if 0 <= i < n))
    ins = sorted(set(i for i in insert_space if 0 < i < n))
    if not dels and not ins:
        return block
    # pieces of kept text: [a, b) in the old text, each preceded by a space if inserted
    cuts = sorted(set(dels) | set(ins) | {n})
    del_set = set(dels)
    ins_set = set(ins)
    pieces: list[tuple[int, int, bool]] = []
    pos = 0
    pending_space = False
    for cut in cuts:
        if cut > pos:
            pieces.append((pos, cut, pending_space))
            pending_space = False
        if cut in ins_set:
            pending_space = True
        pos = cut + 1 if cut in del_set else cut
    out: list[str] = []
    segments: list[Segment] = []
    starts = [s.offset for s in block.segments]
    length = 0
    for a, b, space in pieces:
        if space and length:
            out.append(" ")
            length += 1
        # the old segments covering [a, b)
        i = max(0, bisect.bisect_right(starts, a) - 1)
        while i < len(block.segments):
            seg = block.segments[i]
            if seg.offset >= b:
                break
            seg_end = block.segments[i + 1].offset if i + 1 < len(block.segments) else n
            lo, hi = max(a, seg.offset), min(b, seg_end)
            if lo < hi:
                column = None if seg.column is None else seg.column + (lo - seg.offset)
                new = Segment(length + (lo - a), seg.line, column, seg.page)
                if not segments or not _continues(segments[-1], new):
                    segments.append(new)
            i += 1
        out.append(text[a:b])
        length += b - a
    new_text = "".join(out)
    if segments and segments[0].offset != 0:
        s0 = segments[0]
        segments.insert(0, Segment(0, s0.line, s0.column, s0.page))
    if not block.segments:
        segments = []
    return dataclasses.replace(block, text=new_text, segments=tuple(segments))


def _continues(prev: Segment, new: Segment) -> bool:
    """Whether ``new`` is what ``prev`` already implies (no new segment needed)."""
    if prev.line != new.line or prev.page != new.page:
        return False
    if prev.column is None or new.column is None:
        return prev.column is None and new.column is None
    return prev.column + (new.offset - prev.offset) == new.column


# -- splitting -----------------------------------------------------------------------


def split_block(block: Block, max_chars: int = MAX_BLOCK) -> list[Block]:
    """``block`` cut into pieces of at most ``max_chars`` characters, at sentence ends
    where possible, else at spaces (else anywhere); positions are kept."""
    text = block.text
    if len(text) <= max_chars:
        return [block]
    pieces: list[Block] = []
    start = 0
    n = len(text)
    while start < n:
        end = min(start + max_chars, n)
        if end < n:
            end = _cut(text, start, end)
        piece = _slice(block, start, end, first=not pieces)
        if piece.text:
            pieces.append(piece)
        start = end
        while start < n and text[start] == " ":
            start += 1
    return pieces


def _cut(text: str, start: int, end: int) -> int:
    """Where to end a piece ``[start, end)``: after the last sentence end in its second
    half, else at its last space, else at ``end``."""
    half = start + (end - start) // 2
    last = None
    for m in _SENTENCE_END.finditer(text, half, end):
        last = m.end() - 1  # the whitespace after the sentence
    if last is not None and last > start:
        return last
    space = text.rfind(" ", half, end)
    return space if space > start else end


def _slice(block: Block, start: int, end: int, *, first: bool) -> Block:
    text = block.text[start:end].rstrip(" ")
    segments: list[Segment] = []
    if block.segments:
        starts = [s.offset for s in block.segments]
        i = max(0, bisect.bisect_right(starts, start) - 1)
        loc = block.locate(start)
        segments.append(Segment(0, loc.line, loc.column, loc.page))
        for seg in block.segments[i + 1 :]:
            if seg.offset >= start + len(text):
                break
            segments.append(dataclasses.replace(seg, offset=seg.offset - start))
    return dataclasses.replace(
        block,
        text=text,
        segments=tuple(segments),
        label=block.label if first else None,
        level=block.level if first else None,
    )
