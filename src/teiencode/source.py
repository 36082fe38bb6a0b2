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


def decode(data: bytes, path: str) -> SourceText:
    """Decode UTF-8 bytes (BOM allowed) into a SourceText, or raise InputError with the bad byte's place.

    :param data: the raw bytes of the export
    :param path: shown in diagnostics
    """
    digest = hashlib.sha256(data).hexdigest()
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise InputError(Diagnostic(
            "error", "E-ENCODING",
            f"byte 0x{data[exc.start]:02x} is not UTF-8; expected a UTF-8 text export", path, line, col)) from None
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
