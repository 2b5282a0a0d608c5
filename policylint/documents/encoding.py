"""Decoding bytes of text formats (.txt, .md, .html) without ever crashing."""

from __future__ import annotations

import codecs
import re

from .model import DocumentError

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.I)


def decode(data: bytes, *, html: bool = False) -> tuple[str, str]:
    """Return ``(text, encoding)``.

    Order: a byte-order mark (UTF-32, UTF-8, UTF-16); UTF-16 without a BOM when every
    other byte is NUL; for HTML a ``<meta charset>`` declaration, which must agree
    with the bytes (a declaration of UTF-16 in a tag readable as ASCII, of UTF-8 on
    bytes that are not UTF-8, or of a single-byte charset on bytes that are UTF-8 is
    an error, not silent garbage); strict UTF-8; and finally cp1252, the usual
    encoding of text saved by Windows editors (its five undefined bytes become
    U+FFFD). Data that is mostly control characters is refused as binary, and so is
    a file with no text at all (only a BOM, say). Line endings are normalised to
    ``\\n`` (one character per line break, so line numbers match what editors show).
    """
    enc = _detect(data, html=html)
    try:
        text = data.decode(enc, errors="replace")
    except LookupError:
        enc = "utf-8"
        text = data.decode(enc, errors="replace")
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        raise DocumentError(
            "the file holds no text (only a byte-order mark or whitespace); nothing to check"
        )
    if _looks_binary(text):
        raise DocumentError(
            "does not look like text (binary data); check that the file is what its extension says"
        )
    return normalise_newlines(text), enc


def normalise_newlines(text: str) -> str:
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def _detect(data: bytes, *, html: bool) -> str:
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "utf-32"
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    sample = data[:4096]
    if len(sample) >= 4 and b"\x00" in sample:
        even = sample[0::2].count(0)
        odd = sample[1::2].count(0)
        half = len(sample) // 2
        if odd > 0.4 * half and even < 0.05 * half:
            return "utf-16-le"
        if even > 0.4 * half and odd < 0.05 * half:
            return "utf-16-be"
    if html:
        m = _META_CHARSET.search(data[:2048])
        if m:
            declared = m.group(1).decode("ascii", "replace")
            try:
                name = codecs.lookup(declared).name
            except LookupError:
                name = None
            if name is not None:
                _check_declared(data, declared, name)
                return name
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        return "cp1252"


def _check_declared(data: bytes, declared: str, codec: str) -> None:
    """Raise when the charset an HTML file declares contradicts its bytes."""
    fix = "fix the <meta charset> declaration (or re-save the file in the declared encoding)"
    if codec.startswith(("utf-16", "utf-32")):
        # the declaration was found by reading the bytes as ASCII: they are not UTF-16
        raise DocumentError(
            f"declares charset={declared}, but its bytes are not {declared.upper()} (the "
            f"declaration itself reads as ASCII); {fix}"
        )
    try:
        data.decode(codec)
    except UnicodeDecodeError as exc:
        raise DocumentError(
            f"declares charset={declared}, but byte {exc.start} (0x{data[exc.start]:02x}) "
            f"is not valid {declared}; {fix}"
        ) from None
    if codec != "utf-8" and not data.isascii() and _is_utf8(data):
        single_byte = codecs.lookup(codec).decode(b"\xc3\xa9")[0] != "é"
        if single_byte:
            raise DocumentError(
                f"declares charset={declared}, but its bytes are UTF-8 (read as {declared} "
                f"they would turn into garbage such as 'Ã©'); {fix}"
            )


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _looks_binary(text: str) -> bool:
    sample = text[:8192]
    if not sample:
        return False
    bad = sum(1 for ch in sample if (ord(ch) < 32 and ch not in "\t\n\r\f\v") or ch == "\ufffd")
    return bad > max(8, 0.1 * len(sample))
