"""Bytes to text: BOMs honoured, UTF-8 first, else the encoding charset-normalizer finds
(Windows-1252 preferred on a near tie); binary data refused with one line."""

from __future__ import annotations

from reader.core.document import LoadError

_PREFERRED_LEGACY = ("cp1252", "latin_1", "iso8859_15")

def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode *data* to text, returning ``(text, encoding)``. BOMs are honoured and dropped."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        enc = "utf-16-le" if data.startswith(b"\xff\xfe") else "utf-16-be"
        return data[2:].decode(enc, errors="replace"), enc
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    if text is not None:
        # A stray NUL in text is shown as a symbol; many of them mean binary data.
        if text.count("\x00") > max(2, len(text) // 1000) or _mostly_controls(text[:8192]):
            raise LoadError("looks like binary data (NUL bytes), not text")
        return text, "utf-8"
    if _looks_binary(data):
        raise LoadError("looks like binary data, not text")
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data))
    if not matches:
        raise LoadError("could not detect the text encoding (binary data?)")
    best = matches[0]
    # Windows-1252 is by far the most common legacy encoding; charset-normalizer can rank a
    # Baltic or Central European code page a hair ahead of it on Western text.
    for m in matches:
        if (m.encoding in _PREFERRED_LEGACY and m.chaos <= best.chaos + 0.15
                and m.coherence >= best.coherence - 0.05):
            best = m
            break
    return str(best), best.encoding


_MAGIC = (b"\x89PNG", b"\x1f\x8b", b"PK\x03\x04", b"%PDF", b"GIF8", b"\xff\xd8\xff", b"\x7fELF")


def _mostly_controls(sample: str) -> bool:
    controls = sum(1 for c in sample if c < " " and c not in "\t\n\r\f\x1b")
    return bool(sample) and controls / len(sample) > 0.1


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if sample.count(b"\x00") > max(2, len(sample) // 1000):
        return True
    if sample.startswith(_MAGIC):
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27))
    return bool(sample) and controls / len(sample) > 0.1


def normalise_newlines(text: str) -> str:
    """``\\r\\n`` and lone ``\\r`` become ``\\n``; a leading BOM is dropped."""
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n")
