"""Source text: decode an export, normalise line endings, map offsets to line and column."""
from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from .diagnostics import Diagnostic, InputError


# Characters XML 1.0 cannot hold at all (tab, newline and carriage return are fine).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True)
class SourceText:
    """An export's text as lines (no line endings), with its path and content hash."""

    path: str
    lines: tuple[str, ...]
    sha256: str

    @property
    def name(self) -> str:
        return Path(self.path).name


# Byte order marks, longest first: UTF-32's little-endian mark begins with UTF-16's.
_BOMS = ((b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"),
         (b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))


def _encoding(data: bytes) -> tuple[str, bytes]:
    """The codec a byte order mark names (UTF-8 without one) and the bytes after the mark."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return codec, data[len(bom):]
    return "utf-8", data


def decode(data: bytes, path: str) -> SourceText:
    """Decode an export into a SourceText, or raise InputError with the bad byte's place.

    UTF-8, or UTF-16/UTF-32 (little or big endian) when a byte order mark says so (Windows
    editors save "Unicode" text that way); a UTF-8 byte order mark is dropped. Linear in the size.

    :param data: the raw bytes of the export
    :param path: shown in diagnostics
    """
    digest = hashlib.sha256(data).hexdigest()
    codec, data = _encoding(data)
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as exc:
        # count lines in the text decoded so far, so UTF-16 places are right too
        before = data[:exc.start].decode(codec, errors="replace")
        line = before.count("\n") + 1
        col = len(before) - (before.rfind("\n") + 1) + 1
        name = "UTF-8" if codec == "utf-8" else f"{codec.upper()} (as its byte order mark says)"
        raise InputError(Diagnostic(
            "error", "E-ENCODING",
            f"byte 0x{data[exc.start]:02x} is not {name}; expected a UTF-8 text export", path, line, col)) from None
    # Exports come from Windows and old Macs too; NFC so that equal words compare equal.
    # A form feed or vertical tab (PDF text layers) ends a line like a newline does.
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n")
                                 .replace("\f", "\n").replace("\v", "\n"))
    bad = _NOT_XML.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        col = bad.start() - (text.rfind("\n", 0, bad.start()) + 1) + 1
        raise InputError(Diagnostic(
            "error", "E-CHARACTER", f"control character U+{ord(bad.group()):04X} cannot be kept in XML; "
            "expected printable text", path, line, col))
    lines = tuple(line.rstrip() .replace("\t", " ") for line in text.split("\n"))
    if not any(line.strip() for line in lines):
        raise InputError(Diagnostic("error", "E-EMPTY", "the file is empty; expected an archive text export", path, 1, 1))
    return SourceText(path, lines, digest)


def read_source(path: str | Path) -> SourceText:
    """Read and decode an export file.

    :param path: the export's path
    """
    p = Path(path)
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise InputError(Diagnostic("error", "E-PATH", "no such file; expected an export .txt file", str(p))) from None
    except IsADirectoryError:
        raise InputError(Diagnostic("error", "E-PATH", "is a folder; expected an export .txt file", str(p))) from None
    except OSError as exc:
        raise InputError(Diagnostic("error", "E-PATH", f"cannot read: {exc.strerror}", str(p))) from None
    return decode(data, str(p))
