"""Bytes of a document file to text, or a reason why it cannot be read.

Text encodings, in order: a byte-order mark says which (UTF-8, UTF-16 LE / BE); UTF-16 without one
is recognised by its NUL bytes, nearly all in the high byte of each pair (every ASCII character:
digits, tabs, line breaks); otherwise UTF-8, then GB18030. Other content with NUL bytes is an unsupported
binary file.
"""

import codecs
import re
from dataclasses import dataclass

# Order matters: GB18030 decodes almost any byte string, so it is the fallback.
_ENCODINGS = ("utf-8", "gb18030")
_BOMS = (
    (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"),
)
# Control characters other than line breaks, tabs and form feeds: more than one in a hundred means binary.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")
# What a disclosure is written in: ASCII, CJK ideographs, CJK and full-width punctuation, general
# punctuation. A guess at UTF-16 without a byte-order mark must decode to mostly these.
_DOCUMENT_CHARACTERS = re.compile(
    r"[\t\n\r\x20-\x7e\u00a0-\u00ff\u2000-\u206f\u2190-\u22ff\u3000-\u303f\u3400-\u9fff\uff00-\uffef]"
)
_SAMPLE = 8192  # bytes looked at to tell an encoding


@dataclass(frozen=True)
class Decoded:
    text: str | None
    encoding: str | None
    error: str | None


def decode_document(content: bytes) -> Decoded:
    decoded = _decode_text(content)
    if decoded.text is not None and not decoded.text.strip():
        return Decoded(None, None, "empty file")
    return decoded


def _decode_text(content: bytes) -> Decoded:
    if not content.strip():
        return Decoded(None, None, "empty file")
    for bom, name, codec in _BOMS:
        if content.startswith(bom):
            return _decoded(content, name, codec, f"undecodable: {name} byte-order mark, but not {name} text")
    if utf16 := _utf16_without_bom(content):
        return _decoded(content, utf16, utf16, f"undecodable: looks like {utf16} text, but is not")
    if b"\x00" in content[:_SAMPLE]:
        return Decoded(None, None, "unsupported file type: a binary file (NUL bytes), not a text rendering")
    for encoding in _ENCODINGS:
        try:
            text = content.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _looks_like_text(text):
            return Decoded(_normalized(text), encoding, None)
    return Decoded(None, None, "undecodable: neither UTF-8, UTF-16 nor GB18030 text")


def _decoded(content: bytes, name: str, codec: str, error: str) -> Decoded:
    try:
        text = content.decode(codec)
    except UnicodeDecodeError:
        return Decoded(None, None, error)
    if not _looks_like_text(text):
        return Decoded(None, None, error)
    return Decoded(_normalized(text), name, None)


def _utf16_without_bom(content: bytes) -> str | None:
    """utf-16-le / utf-16-be when the NUL bytes of the sample nearly all sit on one side of the byte pairs
    and the sample decodes to the characters of a document; else None."""
    sample = content[: _SAMPLE - _SAMPLE % 2]
    if len(content) % 2 or b"\x00" not in sample:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if min(even, odd) * 8 > max(even, odd):  # NULs on both sides: binary (a few are ideographs like 一, U+4E00)
        return None
    encoding = "utf-16-le" if odd > even else "utf-16-be"
    text = sample.decode(encoding, errors="replace")  # a pair cut at the sample's end costs one character
    printable = len(_DOCUMENT_CHARACTERS.findall(text))
    return encoding if printable >= 0.95 * len(text) else None


def _normalized(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _looks_like_text(text: str) -> bool:
    return len(_CONTROL.findall(text)) <= len(text) // 100
