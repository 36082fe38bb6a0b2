"""The pipeline: export -> model -> aligned model -> TEI -> validated file; the sole owner of stage order."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .config import Config
from .diagnostics import Diagnostic, Reporter
from .model import Document

if TYPE_CHECKING:
    from lxml import etree

EXPORT_SUFFIXES = (".txt",)


@dataclass
class DocumentResult:
    """What happened to one export."""

    source: str
    doc_id: str | None = None
    output: str | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    status: str = "built"  # built | rendered (views only) | unchanged | kept | failed
    summary: str = ""

    @property
    def failed(self) -> bool:
        return self.status == "failed"


def find_exports(paths: list[str | Path]) -> list[Path]:
    """Every export named by ``paths``: files as given, folders searched for ``*.txt`` (sorted).

    :param paths: files and folders
    """
    found: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            found.extend(sorted(q for q in p.rglob("*") if q.suffix.lower() in EXPORT_SUFFIXES and q.is_file()))
        else:
            found.append(p)
    return found


def read(path: str | Path, reporter: Reporter) -> Document:
    """Stage 1: the export as a document model."""
    from .reader import read_export
    return read_export(path, reporter)


def align(doc: Document, sidecar: Path | None = None) -> Document:
    """Stage 2: link the original's units to each translation's units (pins from a sidecar file)."""
    from .align import align_document
    align_document(doc, sidecar)
    return doc


def encode(doc: Document, config: Config):
    """Stage 3: the TEI tree."""
    from .tei import encode as encode_tei
    return encode_tei(doc, config)


def convert(path: str | Path, config: Config | None = None, reporter: Reporter | None = None):
    """Read, align and encode one export; return (document, TEI tree, diagnostics).

    :param path: the export file
    :param config: edition facts (defaults when omitted)
    :param reporter: collects warnings (a fresh one when omitted)
    """
    reporter = reporter or Reporter(str(path))
    doc = read(path, reporter)
    sidecar = Path(path).with_suffix(".toml")
    doc = align(doc, sidecar)
    tree = encode(doc, config or Config())
    return doc, tree, reporter.diagnostics


def validation_problems(tree: etree._ElementTree, data: bytes, name: str) -> list[Diagnostic]:
    """Stage 4: the errors the edition schema finds in a TEI tree serialized as ``data``.

    The build checks the RELAX NG and the Schematron; the XSD is trang's translation of the same
    RELAX NG and costs most of a second to load, so only `teiencode validate` adds it.
    """
    from .validate import check_tree
    return [d for d in check_tree(tree, data, name, xsd=False) if d.level == "error"]
