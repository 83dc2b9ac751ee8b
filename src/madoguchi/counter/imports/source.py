"""Reading an export file line by line, so that a byte that is not in the
file's encoding is found by its line (and the row that line belongs to), not
by an offset into a decoder's buffer.

Splitting the raw bytes at b"\\n" is safe for both encodings the import
reads: in UTF-8 no byte of a multi-byte character is 0x0A, and in Shift_JIS
(CP932) a second byte is 0x40 or more. A line that does not decode is kept,
with U+FFFD where its bad bytes were, so the CSV parser stays in step and the
import reports the row instead of stopping at the first bad byte.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

# Shift_JIS exports from Windows systems are CP932 (a superset: ①, 髙 ...).
ENCODINGS = {"utf-8": "utf-8-sig", "shift_jis": "cp932"}


def other_encoding(encoding: str) -> str:
    return "shift_jis" if encoding == "utf-8" else "utf-8"


class DecodedLines:
    """The lines of a binary file as text; `undecodable` maps a line number (1 =
    the header) to the first bad byte's place in that line (1 = its first byte)."""

    def __init__(self, binary: BinaryIO, encoding: str = "utf-8"):
        self.binary = binary
        self.encoding = encoding
        self.codec = ENCODINGS[encoding]
        self.undecodable: dict[int, int] = {}

    def __iter__(self) -> Iterator[str]:
        codec = self.codec
        for number, raw in enumerate(self.binary, start=1):
            try:
                yield raw.decode(codec)
            except UnicodeDecodeError as e:
                self.undecodable[number] = e.start + 1
                yield raw.decode(codec, errors="replace")
            codec = "utf-8" if codec == "utf-8-sig" else codec  # a byte-order mark only opens the file


@contextlib.contextmanager
def open_export(path: Path, encoding: str) -> Iterator[DecodedLines]:
    with path.open("rb") as binary:
        yield DecodedLines(binary, encoding)
