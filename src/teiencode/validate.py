"""Validate TEI against the edition's RELAX NG, XSD and Schematron, and optionally TEI's tei_all."""
from __future__ import annotations

import bisect
import functools
import json
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, Union

from lxml import etree, isoschematron

from . import xmlsafe
from .diagnostics import Diagnostic, TeiencodeError, ValidationError
from .schemagen import RNG_NAME, SCH_NAME, SCHEMA_DIR, XSD_NAME, default_tei_all

SVRL_NS = "http://purl.oclc.org/dsdl/svrl"
XSL_NS = "http://www.w3.org/1999/XSL/Transform"
Source = Union[str, os.PathLike, etree._ElementTree]

# Our rule contexts are elements: visit no attributes, comments or PIs, and record no fired rules.
_SCHEMATRON_COMPILE = {"attributes": "'false'", "only-child-elements": "'true'", "generate-fired-rule": "'false'"}


class CompiledSchematron:
    """The edition's Schematron compiled to XSLT by lxml's ISO skeleton, and run as such.

    Running the XSLT ourselves lets us drop a walk the skeleton makes per pattern: it applies the
    default mode to the whole document inside each ``svrl:active-pattern``, and outputs nothing.
    """

    def __init__(self, schema: etree._ElementTree):
        compiled = isoschematron.Schematron(schema, store_xslt=True, compile_params=_SCHEMATRON_COMPILE)
        xslt = compiled.validator_xslt
        etree.SubElement(xslt.getroot(), f"{{{XSL_NS}}}template", match="*")  # the default mode stops here
        self._transform = etree.XSLT(xslt)

    def failures(self, tree: etree._ElementTree) -> list[etree._Element]:
        """The SVRL failed asserts and successful reports for ``tree``, in document order."""
        report = self._transform(tree)
        return list(report.iter(f"{{{SVRL_NS}}}failed-assert", f"{{{SVRL_NS}}}successful-report"))


@dataclass
class Schemas:
    """The three compiled schemas of the edition; the XSD is compiled on first use.

    xmlschema takes most of a second to import and compile the XSD, while RELAX NG and
    Schematron (derived from the same ODD) take milliseconds: a build that checks only those
    never pays for it.
    """

    rng: etree.RelaxNG
    sch: CompiledSchematron
    directory: Path

    @functools.cached_property
    def xsd(self):
        import xmlschema
        try:
            # schemas come from this repository: stay inside it, never fetch anything
            return xmlschema.XMLSchema10(str(self.directory / XSD_NAME), allow="local", defuse="always")
        except (OSError, xmlschema.XMLSchemaException) as exc:
            raise TeiencodeError(Diagnostic("error", "schema-missing", f"cannot load the edition XSD: {exc}",
                                            str(self.directory / XSD_NAME), 1, 1)) from None


def schema_dir() -> Path:
    """Where the edition's schemas live: ``$TEIENCODE_SCHEMAS``, else ``schemagen.SCHEMA_DIR`` (packaged or the checkout's)."""
    return Path(os.environ.get("TEIENCODE_SCHEMAS") or SCHEMA_DIR)


@functools.lru_cache(maxsize=4)
def load_schemas(directory: str | os.PathLike | None = None) -> Schemas:
    """Compile the edition's schemas once per process.

    :param directory: the folder holding teiencode.rng/.xsd/.sch (:func:`schema_dir` by default)
    :raises TeiencodeError: a schema file is missing or broken
    """
    folder = Path(directory) if directory else schema_dir()
    try:
        rng = etree.RelaxNG(xmlsafe.parse(folder / RNG_NAME))
        sch = CompiledSchematron(xmlsafe.parse(folder / SCH_NAME))
    except (OSError, etree.LxmlError) as exc:
        raise TeiencodeError(Diagnostic("error", "schema-missing",
                                        f"cannot load the edition schemas: {exc}", str(folder), 1, 1)) from None
    return Schemas(rng=rng, sch=sch, directory=folder)


# --- locating problems ------------------------------------------------------------

class _Locator:
    """Turns an element into line:col; lxml knows only lines, the source text gives columns."""

    def __init__(self, tree: etree._ElementTree, path: str, data: bytes | None = None):
        self.tree = tree
        self.path = path
        self._data = data
        self._lines: list[str] | None = None

    def lines(self) -> list[str]:
        """The source's lines, read when a problem first needs a column (valid documents never do)."""
        if self._lines is None:
            try:
                data = self._data if self._data is not None else Path(self.path).read_bytes()
                self._lines = data.decode("utf-8", errors="replace").splitlines()
            except OSError:
                self._lines = []
        return self._lines

    def column(self, line: int, local_name: str | None, nth: int = 0) -> int:
        """Column of the ``nth`` start tag ``local_name`` on ``line`` (1 when unknown)."""
        if not local_name or not 0 < line <= len(self.lines()):
            return 1
        matches = list(re.finditer(rf"<(?:[\w.-]+:)?{re.escape(local_name)}(?=[\s/>])", self.lines()[line - 1]))
        if not matches:
            return 1
        return matches[min(nth, len(matches) - 1)].start() + 1

    def of_element(self, element: etree._Element) -> tuple[int, int]:
        line = element.sourceline or 1
        same = [e for e in self.tree.iter(element.tag) if e.sourceline == line]
        nth = same.index(element) if element in same else 0
        return line, self.column(line, etree.QName(element).localname, nth)

    def diagnostic(self, code: str, message: str, element: etree._Element | None = None,
                   line: int | None = None, name: str | None = None) -> Diagnostic:
        if element is not None and isinstance(element.tag, str):
            line, col = self.of_element(element)
        else:
            line = line or 1
            col = self.column(line, name)
        return Diagnostic("error", code, message, self.path, line, col)


# --- the three engines -------------------------------------------------------------

_RNG_ELEMENT = re.compile(r"\belement (?:\{[^}]*\})?([\w.-]+)|\bElement ([\w.-]+)")


def _rng_diagnostics(tree: etree._ElementTree, schemas: Schemas, where: _Locator) -> list[Diagnostic]:
    if schemas.rng.validate(tree):
        return []
    out = []
    for entry in schemas.rng.error_log:
        found = _RNG_ELEMENT.search(entry.message)
        name = next((g for g in found.groups() if g), None) if found else None
        out.append(where.diagnostic("rng", f"the edition grammar (RELAX NG) does not allow this: {entry.message}",
                                    line=entry.line, name=name))
    return out


def _xsd_diagnostics(tree: etree._ElementTree, schemas: Schemas, where: _Locator) -> list[Diagnostic]:
    out = []
    for error in schemas.xsd.iter_errors(tree):
        element = error.elem if isinstance(getattr(error, "elem", None), etree._Element) else None
        reason = (error.reason or str(error)).strip()
        at = f" (at {error.path})" if error.path else ""
        out.append(where.diagnostic("xsd", f"the edition XML Schema does not allow this: {reason}{at}",
                                    element=element, line=error.sourceline))
    return out


def _sch_diagnostics(tree: etree._ElementTree, schemas: Schemas, where: _Locator) -> list[Diagnostic]:
    out = []
    for failure in schemas.sch.failures(tree):
        rule = failure.get("id") or "schematron"
        message = " ".join("".join(failure.itertext()).split())
        element = None
        try:
            found = tree.xpath(failure.get("location", "/"))
            node = found[0] if found else None
            element = node.getparent() if isinstance(node, str) else node
        except etree.XPathError:
            pass  # a location lxml cannot evaluate: report at line 1
        out.append(where.diagnostic(f"sch:{rule}", message, element=element))
    return out


def _read(source: Source) -> tuple[etree._ElementTree, str]:
    if isinstance(source, etree._ElementTree):
        return source, source.docinfo.URL or "<tree>"
    return xmlsafe.parse(source), str(source)


def _engines(tree: etree._ElementTree, schemas: Schemas | None, where: _Locator,
             xsd: bool = True) -> Iterator[Diagnostic]:
    schemas = schemas or load_schemas()
    engines = (_rng_diagnostics, _xsd_diagnostics, _sch_diagnostics) if xsd else (_rng_diagnostics,
                                                                                   _sch_diagnostics)
    for engine in engines:
        yield from sorted(engine(tree, schemas, where), key=lambda d: (d.line, d.col))


def iter_diagnostics(source: Source, *, schemas: Schemas | None = None) -> Iterator[Diagnostic]:
    """Yield every problem of one TEI document, grammar errors first, each with line:col.

    Codes: ``xml-syntax``, ``xml-entity``, ``file`` (the file cannot be read safely),
    ``rng``, ``xsd``, ``sch:<rule id>``.

    :param source: a path, or an lxml tree parsed from a file (for line numbers)
    :param schemas: compiled schemas (:func:`load_schemas` by default)
    """
    try:
        tree, path = _read(source)
    except TeiencodeError as exc:
        yield exc.diagnostic
        return
    yield from _engines(tree, schemas, _Locator(tree, path))


def check_tree(tree: etree._ElementTree, data: bytes, name: str = "<input>", *,
               schemas: Schemas | None = None, xsd: bool = True) -> list[Diagnostic]:
    """Every problem of a TEI tree built in memory and serialized as ``data``, not yet a file.

    A valid tree, the usual case, is checked as it is: parsing ``data`` back would give the same
    tree. Only a tree with problems is parsed from ``data``, whose verdict and line:col are reported.

    :param tree: the tree ``data`` was serialized from
    :param data: its bytes
    :param name: the file name to report (where the bytes are going)
    :param schemas: compiled schemas (:func:`load_schemas` by default)
    :param xsd: also run the W3C XML Schema (slow; RELAX NG and Schematron come from the same ODD)
    """
    schemas = schemas or load_schemas()
    if schemas.rng.validate(tree) and not schemas.sch.failures(tree) \
            and not (xsd and next(schemas.xsd.iter_errors(tree), None)):
        return []
    return diagnostics_for_bytes(data, name, schemas=schemas, xsd=xsd)


def diagnostics_for_bytes(data: bytes, name: str = "<input>", *,
                          schemas: Schemas | None = None, xsd: bool = True) -> list[Diagnostic]:
    """Every problem of serialized TEI that is not (yet) a file.

    :param data: the TEI bytes
    :param name: the file name to report (where the bytes are going)
    :param schemas: compiled schemas (:func:`load_schemas` by default)
    :param xsd: also run the W3C XML Schema (slow; RELAX NG and Schematron come from the same ODD)
    """
    try:
        tree = xmlsafe.parse_bytes(data, name)
    except TeiencodeError as exc:
        return [exc.diagnostic]
    return list(_engines(tree, schemas, _Locator(tree, name, data), xsd))


def validate(source: Source, *, schemas: Schemas | None = None) -> None:
    """Raise on the first problem.

    :param source: a path or an lxml tree
    :param schemas: compiled schemas (:func:`load_schemas` by default)
    :raises ValidationError: the document is not valid
    """
    first = next(iter_diagnostics(source, schemas=schemas), None)
    if first is not None:
        raise ValidationError(first)


def is_valid(source: Source, *, schemas: Schemas | None = None) -> bool:
    """Whether the document is valid against all three schemas.

    :param source: a path or an lxml tree
    :param schemas: compiled schemas (:func:`load_schemas` by default)
    """
    return next(iter_diagnostics(source, schemas=schemas), None) is None


# --- tei_all ---------------------------------------------------------------------------

@functools.lru_cache(maxsize=1)
def _tei_all_lxml(path: str) -> etree.RelaxNG:
    return etree.RelaxNG(xmlsafe.parse(path))  # ~15 s: only when jing is absent


_JING_LINE = re.compile(r"^(?P<path>.*?):(?P<line>\d+):(?P<col>\d+): (?P<level>error|fatal|warning): (?P<msg>.*)$")


def check_tei_all(sources: Source | Iterable[Source], *,
                  rng: str | os.PathLike | None = None) -> list[Diagnostic]:
    """Validate documents against the official TEI P5 tei_all.rng (jing if installed, else lxml).

    Each file is read once, with :mod:`teiencode.xmlsafe`; jing is then given a copy of that parsed,
    entity-free tree, never the file itself, so it cannot load a DTD, an entity or anything else the
    file points at. Diagnostics name the original file, at its own line numbers. Linear in the size
    of the documents (the line mapping is a binary search per diagnostic).

    :param sources: one path or tree, or several
    :param rng: tei_all.rng (``$TEI_ALL_RNG`` or ``../shared/tei/tei_all.rng`` by default)
    :raises TeiencodeError: tei_all.rng cannot be found
    """
    sources = [sources] if isinstance(sources, (str, os.PathLike, etree._ElementTree)) else list(sources)
    rng = Path(rng) if rng else default_tei_all()
    if rng is None or not rng.is_file():
        raise TeiencodeError(Diagnostic("error", "tei-all-missing",
                                        "tei_all.rng not found: set TEI_ALL_RNG", str(rng or "tei_all.rng"), 1, 1))
    out: list[Diagnostic] = []
    safe: list[tuple[etree._ElementTree, str]] = []
    for source in sources:
        try:
            safe.append(_read(source))
        except TeiencodeError as exc:
            out.append(exc.diagnostic)
    jing = shutil.which("jing")
    if safe and jing:
        out.extend(_jing(jing, rng, safe))
    elif safe:
        validator = _tei_all_lxml(str(rng))
        for tree, path in safe:
            if not validator.validate(tree):
                out.extend(Diagnostic("error", "tei-all", f"TEI P5 tei_all does not allow this: {e.message}",
                                      path, e.line or 1, max(e.column, 1)) for e in validator.error_log)
    return out


def _jing(jing: str, rng: Path, trees: list[tuple[etree._ElementTree, str]]) -> list[Diagnostic]:
    """Run jing on copies of parsed trees and report its findings at the originals' places."""
    out = []
    with tempfile.TemporaryDirectory(prefix="teiencode-tei-all-") as folder:
        copies = {}
        for number, (tree, path) in enumerate(trees):
            copy = Path(folder) / f"{number}.xml"
            copy.write_bytes(_entity_free(tree))
            copies[str(copy)] = _LineMap(tree, path, copy)
        result = subprocess.run([jing, str(rng), *copies], capture_output=True, text=True)
        for line in result.stdout.splitlines() + result.stderr.splitlines():
            match = _JING_LINE.match(line)
            where = copies.get(match["path"]) if match else None
            if where is None:
                continue
            path, at_line, at_col = where.original(int(match["line"]), int(match["col"]))
            out.append(Diagnostic("error", "tei-all", f"TEI P5 tei_all does not allow this: {match['msg']}",
                                  path, at_line, at_col))
    return out


def _entity_free(tree: etree._ElementTree) -> bytes:
    """The root element alone, serialized: no DOCTYPE, so nothing for a validator to fetch."""
    return etree.tostring(tree.getroot(), encoding="UTF-8", xml_declaration=True)


_START_TAG = re.compile(r"<(?![/!?])")


class _LineMap:
    """Maps a place in the serialized copy of a tree back to the original file.

    Serializing keeps text (and its line breaks) but not the prolog or the layout inside start tags,
    so between two start tags the copy's lines are the original's shifted by a constant.
    """

    def __init__(self, tree: etree._ElementTree, path: str, copy: Path):
        data = copy.read_bytes()
        copied = etree.fromstring(data, xmlsafe.make_parser())
        self.path = path
        self.where = _Locator(tree, path)
        self.copy_lines = data.decode("utf-8").splitlines()
        self.originals = list(tree.getroot().iter(tag=etree.Element))
        self.starts = [e.sourceline or 1 for e in copied.iter(tag=etree.Element)]

    def original(self, line: int, col: int) -> tuple[str, int, int]:
        at = max(0, bisect.bisect_right(self.starts, line) - 1)
        first = bisect.bisect_left(self.starts, line)
        if first < at and line <= len(self.copy_lines):
            # several start tags end on this line of the copy (each is on one line there): jing's
            # column, just after a tag, tells which
            tags = [m.start() + 1 for m in _START_TAG.finditer(self.copy_lines[line - 1])]
            at = first + max(0, min(sum(1 for c in tags if c < col), at - first + 1) - 1)
        element = self.originals[at]
        shifted = line + (element.sourceline or 1) - self.starts[at]
        lines = self.where.lines()
        same = 0 < shifted <= len(lines) and line <= len(self.copy_lines) \
            and lines[shifted - 1] == self.copy_lines[line - 1]
        if same:
            return self.path, shifted, col
        if self.starts[at] == line:
            return (self.path, *self.where.of_element(element))
        return self.path, max(shifted, 1), 1


# --- many files, reports, and writing -----------------------------------------------------

def expand_paths(paths: Iterable[str | os.PathLike]) -> list[Path]:
    """Files as given; a directory stands for the ``*.xml`` files below it, sorted.

    :param paths: files and directories
    """
    out: list[Path] = []
    for path in map(Path, paths):
        out.extend(sorted(path.rglob("*.xml")) if path.is_dir() else [path])
    return out


def validate_paths(paths: Iterable[str | os.PathLike], *, tei_all: bool = False,
                   schemas: Schemas | None = None) -> list[Diagnostic]:
    """Validate many files; the backing of ``teiencode validate``.

    :param paths: files and directories (see :func:`expand_paths`)
    :param tei_all: also check against the official tei_all
    :param schemas: compiled schemas (:func:`load_schemas` by default)
    """
    files = expand_paths(paths)
    out: list[Diagnostic] = []
    parsed = []  # each file is read once: tei_all is checked on the same tree
    for path in files:
        try:
            tree, name = _read(path)
        except TeiencodeError as exc:
            out.append(exc.diagnostic)
            continue
        parsed.append(tree)
        out.extend(_engines(tree, schemas, _Locator(tree, name)))
    if tei_all and files:
        out.extend(check_tei_all(parsed))
    return out


def render_report(diagnostics: list[Diagnostic], files: Iterable[str | os.PathLike] = (),
                  fmt: str = "text") -> str:
    """Format diagnostics for people (``text``: one ``file:line:col: LEVEL code: message`` a line)
    or machines (``json``: ``{"valid", "files", "diagnostics"}``).

    :param diagnostics: what :func:`validate_paths` returned
    :param files: the files checked, so valid ones are listed too in JSON
    :param fmt: ``text`` or ``json``
    """
    if fmt == "json":
        bad = {d.path for d in diagnostics if d.level == "error"}
        names = [str(f) for f in files]
        report = {
            "valid": not bad,
            "files": [{"path": name, "valid": name not in bad} for name in names],
            "diagnostics": [d.as_dict() for d in diagnostics],
        }
        return json.dumps(report, ensure_ascii=False, indent=2)
    return "\n".join(str(d) for d in diagnostics)
