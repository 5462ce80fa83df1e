"""Plain text: bytes into text.

In: the bytes of a .txt file (or anything sent as text). Out: the text, decoded as UTF-8
(with or without a byte-order mark), UTF-16 (with one), or else Windows-1252, the
encoding of older Windows editors, with a note to check its accents. Binary data (NUL
bytes, many control characters) is refused.
"""

import codecs

from ..release import ReleaseFormatError


def decode_text(data):
    """(text, notes) of `data`; raise `ReleaseFormatError` for binary data."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), []
        except UnicodeDecodeError:
            pass
    sample = data[:4096]
    if b"\x00" in sample or sum(byte < 9 or 13 < byte < 32 for byte in sample) > len(sample) / 20:
        raise ReleaseFormatError("this is not text (a binary file?): nothing to import")
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        pass
    return data.decode("cp1252", errors="replace"), [
        "The file was not UTF-8: it was read as Windows-1252. Please check its accents."
    ]
