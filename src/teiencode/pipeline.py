"""The pipeline: export -> model -> aligned model -> TEI -> validated file; the sole owner of stage order."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .config import Config
from .fileio import write_atomic
from .diagnostics import Diagnostic, Reporter, TeiencodeError
from .model import Document

EXPORT_SUFFIXES = (".txt",)


@dataclass
class DocumentResult:
    """What happened to one export."""

    source: str
    doc_id: str | None = None
    output: str | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    status: str = "built"  # built | unchanged | kept | failed
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


def build_one(path: Path, out_dir: Path, config: Config, *, validate: bool = True) -> DocumentResult:
    """Build one export into ``out_dir/<id>.tei.xml``; errors become diagnostics, never exceptions.

    :param path: the export
    :param out_dir: the output folder
    :param config: edition facts
    :param validate: check the TEI against the edition schema before writing it
    """
    from .tei import serialize
    result = DocumentResult(str(path))
    reporter = Reporter(str(path))
    try:
        doc, tree, _ = convert(path, config, reporter)
    except TeiencodeError as exc:
        result.status = "failed"
        result.diagnostics = reporter.diagnostics or [exc.diagnostic]
        if exc.diagnostic not in result.diagnostics:
            result.diagnostics.append(exc.diagnostic)
        return result
    result.doc_id = doc.doc_id
    result.diagnostics = list(reporter.diagnostics)
    data = serialize(tree)
    out = out_dir / f"{doc.doc_id}.tei.xml"
    if validate:
        problems = validation_problems(data, str(out))
        if problems:
            result.status = "failed"
            result.diagnostics.extend(problems)
            return result
    write_atomic(out, data)
    result.output = str(out)
    langs = "+".join(d.lang for d in doc.divisions) or "no text"
    marks = sum(1 for d in doc.divisions for b in d.blocks)
    result.summary = f"{langs}, {marks} units, {len(doc.links)} links"
    return result


def validation_problems(data: bytes, name: str) -> list[Diagnostic]:
    """Problems the edition schema finds in serialized TEI (none when the validator is not installed)."""
    try:
        from . import validate as validator
    except ImportError:
        return []
    if not hasattr(validator, "diagnostics_for_bytes"):
        return []
    return [d for d in validator.diagnostics_for_bytes(data, name) if d.level == "error"]
