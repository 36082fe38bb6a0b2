"""The pipeline: export -> model -> aligned model -> TEI -> names linked to the register -> validated file;
the sole owner of stage order."""
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


def link_names(tree, config: Config):
    """Stage 3b: names in the TEI tree linked to the edition's register (none when there is no register)."""
    from .register import link, load_register
    return link(tree, load_register(config.register))


def convert(path: str | Path, config: Config | None = None, reporter: Reporter | None = None):
    """Read, align and encode one export; return (document, TEI tree, diagnostics).

    :param path: the export file
    :param config: edition facts (defaults when omitted)
    :param reporter: collects warnings (a fresh one when omitted)
    """
    doc, tree, _, reporter = convert_linked(path, config, reporter)
    return doc, tree, reporter.diagnostics


def convert_linked(path: str | Path, config: Config | None = None, reporter: Reporter | None = None):
    """:func:`convert`, also returning what linking names to the register did (for its suggestions)."""
    reporter = reporter or Reporter(str(path))
    doc = read(path, reporter)
    sidecar = Path(path).with_suffix(".toml")
    doc = align(doc, sidecar)
    config = config or Config()
    tree = encode(doc, config)
    linked = link_names(tree, config)
    return doc, tree, linked, reporter


def validation_problems(tree: etree._ElementTree, data: bytes, name: str, *,
                        doc: Document | None = None, export: str | None = None) -> list[Diagnostic]:
    """Stage 4: the errors the edition schema finds in a TEI tree serialized as ``data``.

    The build checks the RELAX NG and the Schematron; the XSD is trang's translation of the same
    RELAX NG and costs most of a second to load, so only `teiencode validate` adds it.

    :param name: the file the TEI is meant for
    :param doc: with ``export``: report each error at the place in the export the faulty element
        came from, since the TEI, refused, is never written to ``name``
    :param export: the export's path
    """
    from .validate import check_tree
    problems = [d for d in check_tree(tree, data, name, xsd=False) if d.level == "error"]
    if problems and doc is not None and export is not None:
        return in_export(problems, data, doc, export)
    return problems


def in_export(problems: list[Diagnostic], data: bytes, doc: Document, export: str) -> list[Diagnostic]:
    """Problems found in serialized TEI, placed in the export it was made from.

    Each problem's element is found by its line in ``data``; the nearest element (itself or an
    ancestor) made from a block of the export gives the block's line:col; a header element gives
    the header field whose value holds its text; else 1:1. Linear in the size of ``data``, plus a
    binary search per problem.
    """
    import bisect

    from lxml import etree

    from . import xmlsafe
    from .diagnostics import TeiencodeError
    try:
        elements = list(xmlsafe.parse_bytes(data, export).getroot().iter(tag=etree.Element))
    except TeiencodeError:
        elements = []
    lines = [e.sourceline or 1 for e in elements]
    spans = {block.xml_id: block.span for division in doc.divisions for block in _blocks(division.blocks)
             if block.xml_id}
    out = []
    for problem in problems:
        at = bisect.bisect_right(lines, problem.line) - 1
        span, what = _origin(elements[at], spans, doc) if at >= 0 else (None, "")
        out.append(Diagnostic(problem.level, problem.code,
                              f"the TEI made from this{what} is not valid, so it was not written: {problem.message}",
                              export, span.line if span else 1, span.col if span else 1))
    return out


def _blocks(blocks):
    for block in blocks:
        yield block
        yield from _blocks(block.items)


def _origin(element, spans: dict, doc: Document):
    """The export place an element of the TEI came from, and a few words saying what it is."""
    xml_id = "{http://www.w3.org/XML/1998/namespace}id"
    for node in (element, *element.iterancestors()):
        if node.get(xml_id) in spans:
            return spans[node.get(xml_id)], " paragraph"
        if node.tag == "{http://www.tei-c.org/ns/1.0}teiHeader":
            text = " ".join("".join(element.itertext()).split())
            field = next((f for f in doc.header.fields.values() if text and text in " ".join(f.value.split())),
                         None)
            return (field.span, f" {field.label} field") if field else (None, " header")
    return None, ""
