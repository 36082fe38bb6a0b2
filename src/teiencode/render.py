"""HTML views, collection index and archive notation of TEI files, through the XSLT in xslt/."""
from __future__ import annotations

import copy
import functools
import itertools
import os
import re
import tempfile
import urllib.parse
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, Union

from lxml import etree

from . import site, xmlsafe
from .diagnostics import Diagnostic, TeiencodeError
from .fileio import write_atomic

TEI_NS = "http://www.tei-c.org/ns/1.0"
VIEWS = ("parallel", "diplomatic", "reading")
_ENCODING_DESC = f"{{{TEI_NS}}}encodingDesc"

TeiSource = Union[str, os.PathLike, etree._ElementTree, etree._Element]
QuotedParam = type(etree.XSLT.strparam(""))  # a string stylesheet parameter, quoted once

# Stylesheets may read nothing and write nothing: the pages come from the TEI alone.
ACCESS_CONTROL = etree.XSLTAccessControl(
    read_file=False, write_file=False, create_dir=False, read_network=False, write_network=False
)


def xslt_dir() -> Path:
    """The folder of the stylesheets: $TEIENCODE_XSLT, else packaged, else the source tree's xslt/."""
    env = os.environ.get("TEIENCODE_XSLT")
    candidates = [Path(env)] if env else []
    here = Path(__file__).resolve().parent
    candidates += [here / "xslt", here.parents[1] / "xslt"]
    for candidate in candidates:
        if (candidate / "common.xsl").is_file():
            return candidate
    raise FileNotFoundError("xslt/common.xsl not found; set TEIENCODE_XSLT to the stylesheet folder")


@functools.cache
def _stylesheet(name: str) -> etree.XSLT:
    """Compile xslt/<name>.xsl once per process (imports are read at compile time only)."""
    path = xslt_dir() / f"{name}.xsl"
    sheet = etree.parse(str(path))
    if name in (*VIEWS, "views"):  # the legend of marks, from the convention registry
        sheet = site.legend.add_to_stylesheet(sheet)
    return etree.XSLT(sheet, access_control=ACCESS_CONTROL)


@functools.cache
def _css() -> str:
    return (xslt_dir() / "teiencode.css").read_text(encoding="utf-8")


@functools.cache
def _css_param() -> QuotedParam:
    """The CSS quoted as a stylesheet parameter once, not for every page."""
    return etree.XSLT.strparam(_css())


@functools.cache
def _page_params() -> dict[str, QuotedParam]:
    """What every page embeds besides the TEI: the CSS, the script and the script's CSP hash."""
    return {"css": _css_param(), "script": etree.XSLT.strparam(site.script()),
            "script_hash": etree.XSLT.strparam(site.script_hash())}


def clear_cache() -> None:
    """Forget compiled stylesheets and the CSS, so edited ones are read again in a long-lived process."""
    _page_params.cache_clear()
    site.script.cache_clear()
    site.script_hash.cache_clear()
    _stylesheet.cache_clear()
    _css.cache_clear()
    _css_param.cache_clear()


def _error(code: str, message: str, path: str, line: int = 1, col: int = 1) -> TeiencodeError:
    return TeiencodeError(Diagnostic("error", code, message, path, line or 1, col or 1))


def load_tei(tei: TeiSource) -> etree._ElementTree:
    """Parse a TEI file (or accept a parsed one), checking that its root is tei:TEI.

    :param tei: a path, or an lxml tree or element already in memory.
    :raises TeiencodeError: the file is missing, not well-formed, declares entities, or is not TEI.
    """
    if isinstance(tei, etree._Element):
        tree = tei.getroottree()
        name = tree.docinfo.URL or "<tree>"
    elif isinstance(tei, etree._ElementTree):
        tree = tei
        name = tree.docinfo.URL or "<tree>"
    else:
        name = os.fspath(tei)
        tree = xmlsafe.parse(name)
    root = tree.getroot()
    if root.tag != f"{{{TEI_NS}}}TEI":
        raise _error("tei-root", f"root element is {root.tag}, expected TEI in the TEI namespace",
                     name, root.sourceline or 1)
    return tree


def _source_name(tree: etree._ElementTree) -> str:
    return tree.docinfo.URL or "<tree>"


def doc_id(tei: TeiSource) -> str:
    """The file stem shared by a document's outputs: <id>.tei.xml, <id>.parallel.html ...

    :param tei: a path (its name minus .tei.xml decides) or a tree (its TEI/@xml:id minus d-).
    """
    if not isinstance(tei, (etree._Element, etree._ElementTree)):
        name = Path(tei).name
        if name.endswith(".tei.xml"):
            return name[: -len(".tei.xml")]
        tei = load_tei(tei)
    root = tei.getroot() if isinstance(tei, etree._ElementTree) else tei
    xml_id = root.get("{http://www.w3.org/XML/1998/namespace}id", "")
    return xml_id[2:] if xml_id.startswith("d-") else xml_id or "document"


def _transform(name: str, tree: etree._ElementTree,
               **params: str | QuotedParam) -> etree._XSLTResultTree:
    stylesheet = _stylesheet(name)
    quoted = {key.replace("_", "-"): etree.XSLT.strparam(value) if isinstance(value, str) else value
              for key, value in params.items()}
    try:
        return stylesheet(tree, **quoted)
    except etree.XSLTApplyError as exc:
        entry = exc.error_log.last_error if exc.error_log else None
        raise _error("view-xslt", f"{name}.xsl failed: {exc}", _source_name(tree),
                     entry.line if entry else 1) from None


def render_view(tei: TeiSource, view: str, *, stem: str | None = None, index_href: str = "",
                sequence_href: str = "") -> str:
    """Render one HTML view of a TEI document as a self-contained page.

    :param tei: TEI file path, or a parsed TEI tree or root element.
    :param view: ``parallel``, ``diplomatic`` or ``reading``.
    :param stem: file stem for the links between views; default from the path or TEI/@xml:id.
    :param index_href: link to the collection index from the page; empty for none.
    :param sequence_href: the folder of the previous/next pages (site/sequence.py); empty for none.
    :return: the HTML text, doctype included.
    """
    return str(_render(tei, view, stem=stem, index_href=index_href, sequence_href=sequence_href))


def _render(tei: TeiSource, view: str, *, stem: str | None, index_href: str,
            sequence_href: str = "") -> etree._XSLTResultTree:
    """The page as a result tree: str() gives the text, bytes() its UTF-8 for a file without decoding."""
    if view not in VIEWS:
        raise ValueError(f"unknown view {view!r}; expected one of {', '.join(VIEWS)}")
    tree = load_tei(tei)
    stem = stem or doc_id(tei if not isinstance(tei, etree._Element) else tree)
    facets = {f"facet_{k}": v for k, v in site.facets.of_tei(tree.getroot()).items()} if view == "reading" else {}
    return _transform(view, tree, **_page_params(), doc_id=stem, index_href=index_href, sequence_href=sequence_href,
                      **facets)


def to_text(tei: TeiSource) -> str:
    """Write a TEI document back in the archive's plain-text export notation (xslt/text.xsl).

    :param tei: TEI file path, or a parsed TEI tree or root element.
    :return: the export text: date line, **title**, header fields, then the divisions' blocks.
    """
    text = str(_transform("text", load_tei(tei)))
    # The stylesheet separates blocks generously; tidy to the export's look for a readable diff.
    lines = [line.rstrip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n") + "\n"


def _output_folder(tei_path: str | os.PathLike, out_dir: str | os.PathLike | None) -> Path:
    folder = Path(out_dir) if out_dir is not None else Path(tei_path).parent
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def write_view(tei_path: str | os.PathLike, view: str, out_dir: str | os.PathLike | None = None,
               *, index_href: str = "", sequence_href: str = "") -> Path:
    """Write one view, <id>.<view>.html, of a TEI file (e.g. one edited by hand).

    :param tei_path: the TEI file; <id> is its name minus ``.tei.xml``.
    :param view: ``parallel``, ``diplomatic`` or ``reading``.
    :param out_dir: where to write; default the TEI file's folder.
    :param index_href: link to the collection index from the page, relative to out_dir.
    :param sequence_href: the folder of the previous/next pages, relative to out_dir; empty for none.
    :return: the path written.
    """
    target = _output_folder(tei_path, out_dir) / f"{doc_id(tei_path)}.{view}.html"
    # Views are made again from the TEI at will: no need to wait for the disk.
    write_atomic(target, bytes(_render(tei_path, view, stem=None, index_href=index_href,
                                       sequence_href=sequence_href)), durable=False)
    return target


def _pages(tree: etree._ElementTree, stem: str, index_href: str,
           sequence_href: str = "") -> Iterator[tuple[str, bytes]]:
    """Each view's page, in the order of VIEWS, as :func:`render_view` makes it (a test checks).

    views.xsl makes the parallel and diplomatic pages in one run, rendering each unit once for
    both, into ``<pages><html>…</html><html>…</html></pages>``; the reading page has its own run.
    """
    pages = _transform("views", tree, **_page_params(), doc_id=stem, index_href=index_href,
                       sequence_href=sequence_href).getroot()
    parallel, diplomatic = pages
    yield "parallel", _page_bytes(parallel)
    yield "diplomatic", _page_bytes(diplomatic)
    yield "reading", bytes(_render(tree, "reading", stem=stem, index_href=index_href, sequence_href=sequence_href))


def _page_bytes(page: etree._Element) -> bytes:
    """One <html> of a result as the html output method writes a page: the doctype it writes for
    doctype-system="about:legacy-compat", the page (its charset <meta> is in common.xsl), a newline."""
    return etree.tostring(page, method="html", encoding="UTF-8", doctype="<!DOCTYPE html>") + b"\n"


def render_all(tei_path: str | os.PathLike, out_dir: str | os.PathLike | None = None,
               *, index_href: str = "", tree: etree._ElementTree | None = None,
               sequence_href: str = "") -> list[Path]:
    """Write <id>.parallel.html, <id>.diplomatic.html and <id>.reading.html for one TEI file.

    :param tei_path: the TEI file; <id> is its name minus ``.tei.xml``.
    :param out_dir: where to write; default the TEI file's folder (the pages link to <id>.tei.xml).
    :param index_href: link to the collection index from each page, relative to out_dir.
    :param tree: the file's content as a tree (a build passes the one it serialized); read when omitted.
    :param sequence_href: the folder of the previous/next pages, relative to out_dir; empty for none.
    :return: the paths written, in the order of VIEWS.
    """
    tree = load_tei(tei_path if tree is None else tree)  # one tree for the three views
    stem = doc_id(tei_path)
    folder = _output_folder(tei_path, out_dir)
    written = []
    for view, page in _pages(tree, stem, index_href, sequence_href):
        target = folder / f"{stem}.{view}.html"
        write_atomic(target, page, durable=False)
        written.append(target)
    return written


def _href(target: Path, base: Path) -> str:
    """A relative, URL-quoted link from folder base to target (both resolved)."""
    return urllib.parse.quote(Path(os.path.relpath(target, base)).as_posix())


def _view_hrefs(tei_path: Path, base: Path) -> dict[str, str]:
    """The links from folder ``base`` (resolved) to each view of a TEI file, by view."""
    folder, stem = tei_path.parent.resolve(), doc_id(tei_path)
    return {view: _href(folder / f"{stem}.{view}.html", base) for view in VIEWS}


def index_entry(tree: etree._ElementTree, tei_path: str | os.PathLike,
                index_path: str | os.PathLike) -> etree._Element:
    """One TEI file's ``<doc>`` in the index source: its teiHeader (less the encodingDesc), its
    divisions and its links.

    :param tree: the file's content, parsed
    :param tei_path: the TEI file (its name gives the id and the views' names)
    :param index_path: where the index page will be written (links are relative to its folder)
    """
    base = Path(index_path).parent.resolve()
    path = Path(tei_path)
    folder = path.parent.resolve()
    stem = doc_id(path)
    entry = etree.Element("doc", id=stem, tei=_href(folder / path.name, base), **_view_hrefs(path, base))
    root = tree.getroot()
    header = root.find(f"{{{TEI_NS}}}teiHeader")
    if header is not None:
        # Without the encodingDesc, the edition's declarations and the same in every document:
        # half the header, which an index of thousands would parse and walk for nothing.
        copied = etree.SubElement(entry, header.tag, header.attrib, nsmap=header.nsmap)
        copied.extend(copy.deepcopy(part) for part in header if part.tag != _ENCODING_DESC)
    for div in root.iterfind(f"{{{TEI_NS}}}text/{{{TEI_NS}}}body/{{{TEI_NS}}}div"):
        etree.SubElement(entry, "division", type=div.get("type", ""),
                         lang=div.get("{http://www.w3.org/XML/1998/namespace}lang", ""))
    from .register.pages import named_entries  # the index's filter by person and place
    for ref, (kind, label) in named_entries(root).items():
        etree.SubElement(entry, "name", ref=ref, kind=kind).text = label
    return entry


@dataclass(frozen=True)
class IndexRow:
    """One document's row of the collection index: its HTML and the keys it is sorted by."""

    undated: float  # 1 for a document with no usable date: those go last
    date: str  # ISO, so that dates sort as text
    title: str
    html: bytes
    names: tuple[tuple[str, str, str], ...] = ()  # (register ref, kind, label) for the index's filter

    @property
    def key(self) -> tuple[float, str, str]:
        # Python compares str by code point, as libxslt's xsl:sort compares UTF-8 bytes
        return self.undated, self.date, self.title


def index_row(tree: etree._ElementTree, tei_path: str | os.PathLike, index_path: str | os.PathLike) -> IndexRow:
    """One TEI file's row of the index page (index.xsl on its :func:`index_entry`).

    :param tree: the file's content, parsed
    :param tei_path: the TEI file (its name gives the id and the views' names)
    :param index_path: where the index page will be written (links are relative to its folder)
    """
    entry = index_entry(tree, tei_path, index_path)
    site.facets.annotate_doc(entry)  # year, language, genre, sender, recipient: the row's data-* and parties
    row = _transform("index", etree.ElementTree(entry)).getroot()
    html = b"".join(etree.tostring(part, method="html", encoding="UTF-8") for part in row if part.tag != "name")
    names = tuple((n.get("ref"), n.get("kind"), n.text or "") for n in row.iterfind("name"))
    return IndexRow(float(row.get("undated")), row.get("date"), row.get("title"), html, names)


class IndexRows:
    """The rows of a collection index on their way to the page: their HTML in a temporary file,
    only their sort keys in memory, so a build of thousands of documents stays small."""

    def __init__(self) -> None:
        self._spool = tempfile.TemporaryFile()
        # keyed by the path's text, not a Path: a Path object costs four times the memory
        # and each row's sort key as one string and its place in the spool as one number: a few
        # objects a row where tuples of floats and ints took twice the memory
        self._rows: dict[str, tuple[str, int]] = {}
        # every name a row carries, once: bounded by the register, not by the collection
        # (kind, label, the file it is from): the label of the first file in path order, as a page
        # made from the files has it, whatever order a build's workers finish in
        self.names: dict[str, tuple[str, str, str]] = {}

    def add(self, tei_path: str | os.PathLike, row: IndexRow) -> None:
        """Keep ``row`` as the row of ``tei_path`` (a later one replaces it)."""
        offset = self._spool.seek(0, os.SEEK_END)
        self._spool.write(row.html)
        key = _path_key(tei_path)
        self._rows[key] = (_sort_text(row.key), offset << 32 | len(row.html))
        for ref, kind, label in row.names:
            if ref not in self.names or key < self.names[ref][2]:
                self.names[ref] = (kind, label, key)

    def __contains__(self, tei_path: object) -> bool:
        return isinstance(tei_path, (str, os.PathLike)) and _path_key(tei_path) in self._rows

    def in_order(self, tei_paths: list[Path]) -> list[tuple[Path, str]]:
        """``tei_paths`` with their rows' titles, in index order; equal keys keep the order of
        ``tei_paths`` (as libxslt's xsl:sort would)."""
        ordered = sorted(((p, self._rows[_path_key(p)][0]) for p in tei_paths), key=lambda pair: pair[1])
        return [(path, sort_text.split("\0", 1)[1]) for path, sort_text in ordered]

    def sorted_html(self, tei_paths: list[Path]) -> Iterator[bytes]:
        """The rows of ``tei_paths`` in index order, one at a time."""
        for _, place in sorted((self._rows[_path_key(p)] for p in tei_paths), key=lambda r: r[0]):
            self._spool.seek(place >> 32)
            yield self._spool.read(place & 0xFFFFFFFF)

    def close(self) -> None:
        self._spool.close()


def _sort_text(key: tuple[float, str, str]) -> str:
    """``(undated, date, title)`` as one string that sorts as the tuple does: undated is 0 or 1, and
    NUL (in no XML text) ends the date, so a date that is the start of another sorts first."""
    undated, date, title = key
    return f"{'1' if undated else '0'}{date}\0{title}"


def _path_key(path: str | os.PathLike) -> str:
    """A path's text as a Path would compare it (``a/./b`` is ``a/b``); the very string when it is
    that already, so that a list of thousands of them is not made twice."""
    text = os.fspath(path)
    canonical = str(Path(text))
    return text if canonical == text else canonical


def render_index(tei_paths: Iterable[str | os.PathLike], out_path: str | os.PathLike,
                 *, title: str = "Documents", rows: IndexRows | None = None,
                 names: dict[str, str] | None = None) -> Path:
    """Write the collection index page: every document with date, title, parties, languages and
    view links, and the previous/next pages of every document (:mod:`teiencode.site.sequence`).

    Made a document at a time (:func:`index_row`), the rows kept on disk and written sorted into
    the page: memory does not grow with the collection; time is linear but for the sort, n log n.

    :param tei_paths: the built TEI files (their views are expected beside them).
    :param out_path: the index HTML file to write, e.g. OUT/index.html.
    :param title: the page heading.
    :param rows: rows already made, by TEI path (a build makes them while it has each tree); the
        other files are parsed, one at a time
    :param names: the label of each register entry in the person and place filter (its preferred
        name); an entry not given is labelled as a document wrote it
    :return: out_path.
    """
    target = Path(out_path)
    target.parent.mkdir(parents=True, exist_ok=True)
    paths = [_path_key(p) for p in tei_paths]  # text, not Path objects: thousands of them
    own = rows is None
    rows = IndexRows() if rows is None else rows
    try:
        for path in paths:
            if path not in rows:
                rows.add(path, index_row(load_tei(path), path, target))
        collection = etree.Element("collection")
        for ref, (kind, label, _) in sorted(rows.names.items()):
            etree.SubElement(collection, "name", ref=ref, kind=kind).text = (names or {}).get(ref, label)
        frame = bytes(_transform("index", etree.ElementTree(collection), **_page_params(),
                                 index_title=title, count=etree.XSLT.strparam(str(len(paths)))))
        head, tail = frame.split(b"<!--rows-->")
        write_atomic(target, itertools.chain([head], rows.sorted_html(paths), [tail]), durable=False)
        base = target.parent.resolve()  # previous/next, in the index's order, one document at a time
        site.sequence.write_sequence((site.sequence.Neighbour(doc_id(Path(path)), row_title, _view_hrefs(Path(path), base))
                                      for path, row_title in rows.in_order(paths)), target.parent)
    finally:
        if own:
            rows.close()
    return target
