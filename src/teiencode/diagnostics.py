"""Diagnostics: problems tied to a place in a file, and the error hierarchy."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Diagnostic:
    """One problem, printed as ``file:line:col: LEVEL code: message``."""

    level: str  # "error" | "warning"
    code: str
    message: str
    path: str = "<input>"
    line: int = 1
    col: int = 1

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.level.upper()} {self.code}: {self.message}"

    def as_dict(self) -> dict:
        return {"level": self.level, "code": self.code, "message": self.message,
                "path": self.path, "line": self.line, "col": self.col}


class TeiencodeError(Exception):
    """Base of every error a user can cause; carries the diagnostic to print."""

    def __init__(self, diagnostic: Diagnostic):
        super().__init__(str(diagnostic))
        self.diagnostic = diagnostic


class InputError(TeiencodeError, ValueError):
    """The export cannot be read as an archive export."""


class FileError(TeiencodeError):
    """A file or folder cannot be read or written: disk full, read-only, no permission (``E-IO``)."""

    def __init__(self, exc: OSError, path: object, doing: str = "write"):
        super().__init__(Diagnostic("error", "E-IO", f"cannot {doing}: {exc.strerror or exc}",
                                    str(path if path is not None else exc.filename)))
        self.errno = exc.errno


class ValidationError(TeiencodeError, ValueError):
    """A TEI document is not valid against the edition schema."""


class Reporter:
    """Collects diagnostics for one file; errors raise in strict mode."""

    def __init__(self, path: str, strict: bool = False):
        self.path = path
        self.strict = strict
        self.diagnostics: list[Diagnostic] = []

    def warning(self, code: str, message: str, line: int = 1, col: int = 1) -> Diagnostic:
        diag = Diagnostic("warning", code, message, self.path, line, col)
        self.diagnostics.append(diag)
        return diag

    def error(self, code: str, message: str, line: int = 1, col: int = 1) -> Diagnostic:
        """Record an error and raise: an error means the document cannot be encoded."""
        diag = Diagnostic("error", code, message, self.path, line, col)
        self.diagnostics.append(diag)
        raise InputError(diag)
