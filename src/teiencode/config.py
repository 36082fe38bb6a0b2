"""Project configuration (teiencode.toml): the edition's facts that no export holds."""
from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path

from .diagnostics import Diagnostic, InputError

CONFIG_NAME = "teiencode.toml"
REGISTER_NAME = "register.xml"


@dataclass(frozen=True)
class Config:
    """Edition facts with documented defaults; override any of them in ``teiencode.toml``."""

    publisher: str = "teiencode edition"
    pub_place: str = "Online"
    licence: str = "Creative Commons Attribution 4.0 International (CC BY 4.0)"
    licence_url: str = "https://creativecommons.org/licenses/by/4.0/"
    base_url: str = "https://example.org/edition"
    editors: tuple[str, ...] = ()
    source_organization: str = "teiencode edition"
    project_description: str = ("A digital edition of translated archival documents: each document's original-"
                                "language transcription and its English translation, encoded in TEI P5 and "
                                "aligned unit by unit.")
    build_date: str | None = None  # YYYY-MM-DD; else SOURCE_DATE_EPOCH; else the fixed epoch below
    register: str | None = None  # the register of names (register.xml beside teiencode.toml by default)
    path: str | None = field(default=None, compare=False)

    def date(self) -> str:
        """The edition's date stamp: deterministic, never the wall clock."""
        if self.build_date:
            return self.build_date
        epoch = os.environ.get("SOURCE_DATE_EPOCH")
        if epoch and epoch.isdigit():
            import datetime
            return datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc).strftime("%Y-%m-%d")
        return "2026-01-01"


def load_config(start: str | Path | None = None) -> Config:
    """Find ``teiencode.toml`` in ``start`` or its parents and read it; defaults when there is none.

    :param start: a folder to search from (the current folder when omitted)
    """
    here = Path(start or Path.cwd()).resolve()
    if here.is_file():
        here = here.parent
    for folder in (here, *here.parents):
        candidate = folder / CONFIG_NAME
        if candidate.is_file():
            return read_config(candidate)
        if (folder / REGISTER_NAME).is_file():  # a register with no configuration: defaults and the register
            return Config(register=str(folder / REGISTER_NAME))
    return Config()


def read_config(path: Path) -> Config:
    """Read one configuration file.

    :param path: the ``teiencode.toml`` to read
    """
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"line (\d+), column (\d+)", str(exc))
        line, col = (int(m.group(1)), int(m.group(2))) if m else (1, 1)
        raise InputError(Diagnostic("error", "E-CONFIG", f"not valid TOML: {str(exc).split(' (at')[0]}",
                                    str(path), line, col)) from None
    section = data.get("edition", data)
    known = {f.name for f in fields(Config)} - {"path"}
    unknown = sorted(set(section) - known)
    if unknown:
        raise InputError(Diagnostic("error", "E-CONFIG", f"unknown setting {unknown[0]!r}; expected one of "
                                    + ", ".join(sorted(known)), str(path), 1, 1))
    values = {k: (tuple(v) if k == "editors" else v) for k, v in section.items()}
    register = path.parent / values.get("register", REGISTER_NAME)
    if "register" in values and not register.is_file():
        raise InputError(Diagnostic("error", "E-CONFIG", f"register: no such file {str(register)!r}", str(path), 1, 1))
    values["register"] = str(register) if register.is_file() else None
    return Config(**values, path=str(path))
