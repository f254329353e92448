"""Bytes of a document file to text, or a reason why it cannot be read."""

import re
from dataclasses import dataclass

# Order matters: GB18030 decodes almost any byte string, so it is the fallback.
_ENCODINGS = ("utf-8-sig", "gb18030")
# Control characters other than line breaks, tabs and form feeds: more than one in a hundred means binary.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")


@dataclass(frozen=True)
class Decoded:
    text: str | None
    encoding: str | None
    error: str | None


def decode_document(content: bytes) -> Decoded:
    if not content.strip():
        return Decoded(None, None, "empty file")
    if b"\x00" in content[:8192]:
        return Decoded(None, None, "binary file (NUL bytes), not a text rendering")
    for encoding in _ENCODINGS:
        try:
            text = content.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _looks_like_text(text):
            return Decoded(text.replace("\r\n", "\n").replace("\r", "\n"), encoding.removesuffix("-sig"), None)
    return Decoded(None, None, "undecodable: neither UTF-8 nor GB18030 text")


def _looks_like_text(text: str) -> bool:
    return len(_CONTROL.findall(text)) <= len(text) // 100
