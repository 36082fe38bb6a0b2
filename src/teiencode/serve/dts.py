"""Distributed Text Services 1.0 over a build folder: entry point, collection, navigation, document.

The citation tree of a document is the one its TEI declares (``encodingDesc/refsDecl/citeStructure``),
evaluated as written (XPath, TEI as the default namespace), so a client that reads only the TEI cites
the same passages. Each function takes the request's parameters and returns (status, JSON or bytes);
:mod:`teiencode.serve.app` only wires them to routes.

Bounds: a document's citation tree is built once per version of its file (linear in its size; kept in
a small cache); a navigation or passage request is then linear in the number of units it returns.
"""
from __future__ import annotations

import copy
import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping
from urllib.parse import quote

import elementpath
from lxml import etree

from .. import xmlsafe
from .catalogue import TEI_NS, Catalogue, Record, read_header

DTS_VERSION = "1.0"
CONTEXT = "https://dtsapi.org/context/v1.0.json"
DTS_NS = "https://w3id.org/api/dts#"
TEI_MEDIA_TYPE = "application/tei+xml"
_TEI = f"{{{TEI_NS}}}"


class DTSError(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass
class Unit:
    ref: str
    cite_type: str | None
    level: int
    parent: str | None
    element: etree._Element
    end: int = 0  # index after the unit's last descendant in the document-order list

    def json(self) -> dict:
        return {"identifier": self.ref, "@type": "CitableUnit", "level": self.level, "parent": self.parent,
                "citeType": self.cite_type}


@dataclass
class CiteStructure:
    cite_type: str | None
    match: str
    use: str
    delim: str
    children: list[CiteStructure] = field(default_factory=list)

    def json(self) -> dict:
        out: dict = {"@type": "CiteStructure", "citeType": self.cite_type}
        if self.children:
            out["citeStructure"] = [c.json() for c in self.children]
        return out


@dataclass
class CitationTree:
    tree: etree._ElementTree
    structures: list[CiteStructure]
    units: list[Unit]
    by_ref: dict[str, int]


@dataclass(frozen=True)
class Edition:
    """The root collection: the edition."""

    id: str = "https://example.org/edition"
    title: str = "teiencode edition"
    description: str | None = None
    page_size: int = 100
    files_url: str | None = None  # where the build folder's files are served, for download links


# --- citation trees --------------------------------------------------------------------------------

def citation_tree(path: Path) -> CitationTree:
    """The citation tree a TEI file declares, with every unit in document order (cached per file version)."""
    st = path.stat()
    return _citation_tree(str(path), st.st_mtime_ns, st.st_size)


@functools.lru_cache(maxsize=64)
def _citation_tree(path: str, mtime_ns: int, size: int) -> CitationTree:
    tree = etree.parse(path, xmlsafe.make_parser())
    decl = tree.find(f"{_TEI}teiHeader/{_TEI}encodingDesc/{_TEI}refsDecl")
    structures = [_structure(s) for s in decl.findall(f"{_TEI}citeStructure")] if decl is not None else []
    units: list[Unit] = []
    order = {node: k for k, node in enumerate(tree.iter())}  # XPath results are taken in document order
    for s in structures:
        _collect(tree, s, None, 1, units, order)
    for k in range(len(units) - 1, -1, -1):  # a unit's subtree ends where the next unit not below it starts
        end = k + 1
        while end < len(units) and units[end].level > units[k].level:
            end = units[end].end
        units[k].end = end
    by_ref: dict[str, int] = {}
    for k, unit in enumerate(units):
        by_ref.setdefault(unit.ref, k)
    return CitationTree(tree, structures, units, by_ref)


def declared_structures(path: Path) -> list[CiteStructure]:
    """The citeStructures a TEI file declares, from its header alone (cached per file version)."""
    st = path.stat()
    return _declared_structures(str(path), st.st_mtime_ns, st.st_size)


@functools.lru_cache(maxsize=4096)
def _declared_structures(path: str, mtime_ns: int, size: int) -> list[CiteStructure]:
    header = read_header(Path(path))
    decl = header.find(f"{_TEI}encodingDesc/{_TEI}refsDecl") if header is not None else None
    return [_structure(s) for s in decl.findall(f"{_TEI}citeStructure")] if decl is not None else []


def _structure(node) -> CiteStructure:
    return CiteStructure(node.get("unit"), node.get("match", ""), node.get("use", ""), node.get("delim", ""),
                         [_structure(c) for c in node.findall(f"{_TEI}citeStructure")])


@functools.lru_cache(maxsize=64)
def _selector(expression: str) -> elementpath.Selector:
    return elementpath.Selector(expression, namespaces={"": TEI_NS, "xml": "http://www.w3.org/XML/1998/namespace"})


def _collect(context, s: CiteStructure, parent: Unit | None, level: int, units: list[Unit], order: dict) -> None:
    try:
        matched = _selector(s.match).select(context)
    except elementpath.ElementPathError:
        return
    nodes = [n for n in matched if isinstance(n, etree._Element) and n in order] if isinstance(matched, list) else []
    for node in sorted(nodes, key=order.__getitem__):
        value = _selector(s.use).select(node)
        value = value[0] if isinstance(value, list) and value else value
        text = value.text if isinstance(value, etree._Element) else str(value or "")
        if not text and text != "0":
            continue
        ref = (parent.ref + s.delim + text) if parent else text
        unit = Unit(ref, s.cite_type, level, parent.ref if parent else None, node)
        units.append(unit)
        for child in s.children:
            _collect(node, child, unit, level + 1, units, order)


# --- endpoints -------------------------------------------------------------------------------------

def entry_point(base: str) -> dict:
    """The entry point: where the other three endpoints are."""
    return {
        "@context": CONTEXT, "dtsVersion": DTS_VERSION, "@id": base, "@type": "EntryPoint",
        "collection": f"{base}/collection{{?id,page,nav}}",
        "navigation": f"{base}/navigation{{?resource,ref,start,end,down,tree,page}}",
        "document": f"{base}/document{{?resource,ref,start,end,tree,mediaType}}",
    }


def collection(catalogue: Catalogue, edition: Edition, base: str, params: Mapping[str, str], request_url: str) -> dict:
    """The collection endpoint: the edition (members: its resources, paged) or one resource."""
    nav = params.get("nav", "children")
    if nav not in ("children", "parents"):
        raise DTSError(400, "nav is 'children' or 'parents'")
    ident = params.get("id")
    records = [r for r in catalogue.live() if r.facts is not None]
    if ident is None or ident == edition.id:
        out = _edition_json(edition, base, len(records))
        if nav == "parents":
            out["member"] = []
            return out
        page = _page(params)
        size = max(1, edition.page_size)
        last = max(1, -(-len(records) // size))
        if page is not None and page > last:
            raise DTSError(404, f"page {page} is past the last page ({last})")
        start = ((page or 1) - 1) * size
        out["member"] = [_resource_json(r, edition, base) for r in records[start:start + size]]
        if len(records) > size:
            url = f"{base}/collection?id={quote(edition.id, safe='')}&page="
            current = page or 1
            out["view"] = {"@id": url + str(current), "@type": "Pagination", "first": url + "1",
                           "previous": url + str(max(1, current - 1)), "next": url + str(min(last, current + 1)),
                           "last": url + str(last)}
        return out
    record = _resource(catalogue, ident)
    out = _resource_json(record, edition, base)
    out = {"@context": CONTEXT, "dtsVersion": DTS_VERSION, **out}
    if nav == "parents":
        out["member"] = [_edition_json(edition, base, len(records))]
    return out


def navigation(catalogue: Catalogue, edition: Edition, base: str, params: Mapping[str, str], request_url: str) -> dict:
    """The navigation endpoint over the resource's citation tree (DTS 1.0, "Usage of down, ref, start and end")."""
    record, tree = _resource_tree(catalogue, params)
    if "page" in params and params["page"] != "1":
        raise DTSError(400, "navigation is not paged: every member comes in one response")
    ref, start, end = params.get("ref"), params.get("start"), params.get("end")
    _check_range(ref, start, end)
    down = _down(params.get("down"))
    if down is None and ref is None and start is None:
        raise DTSError(400, "give ref, start and end, or down")
    if down == 0 and ref is None:
        raise DTSError(400, "down=0 needs ref")
    out = {"@context": CONTEXT, "dtsVersion": DTS_VERSION, "@type": "Navigation", "@id": request_url,
           "resource": _resource_json(record, edition, base, tree)}
    units = tree.units
    if ref is not None:
        k = _unit_index(tree, ref)
        out["ref"] = units[k].json()
        if down is None:
            return out
        if down == 0:
            parent = units[k].parent
            out["member"] = [u.json() for u in units if u.parent == parent]
            return out
        top = units[k].level  # the unit itself, then its subtree down to the depth asked
        out["member"] = [u.json() for u in units[k:units[k].end] if down == -1 or u.level <= top + down]
        return out
    if start is not None:
        a, b = _unit_index(tree, start), _unit_index(tree, end)
        out["start"], out["end"] = units[a].json(), units[b].json()
        if down is None:
            return out
        a, b = _ordered(tree, a, b)
        deepest = max(units[a].level, units[b].level)
        shallowest = min(units[a].level, units[b].level)
        stop = max(units[b].end, b + 1)
        out["member"] = [u.json() for u in units[a:stop]
                         if u.level >= shallowest and (down == -1 or u.level <= deepest + down)]
        return out
    out["member"] = [u.json() for u in units if down == -1 or u.level <= down]
    return out


def document(catalogue: Catalogue, params: Mapping[str, str]) -> tuple[bytes, Record]:
    """The document endpoint: the whole TEI as built (byte for byte), or a passage (ref, or start to end)
    in ``dts:wrapper`` inside a TEI with the document's header."""
    media = params.get("mediaType")
    if media is not None and media != TEI_MEDIA_TYPE:
        raise DTSError(404, f"the only media type is {TEI_MEDIA_TYPE}")
    ref, start, end = params.get("ref"), params.get("start"), params.get("end")
    if "resource" not in params:
        raise DTSError(400, "the resource parameter is required")
    _check_range(ref, start, end)
    if ref is None and start is None:  # the whole document; tree has no effect without ref or start
        record = _resource(catalogue, params["resource"])
        st = record.path.stat()
        if not _well_formed(str(record.path), st.st_mtime_ns, st.st_size):
            raise DTSError(404, f"the TEI of {params['resource']!r} is not well-formed XML")
        return record.path.read_bytes(), record
    record, tree = _resource_tree(catalogue, params)
    units = tree.units
    if ref is not None:
        chosen = [units[_unit_index(tree, ref)]]
        attrs = {"ref": ref}
    else:
        a, b = _ordered(tree, _unit_index(tree, start), _unit_index(tree, end))
        level = units[a].level
        # The units of start's level from start to end, each whole; a deeper end brings its ancestor.
        chosen = [u for u in units[a:max(units[b].end, b + 1)] if u.level == level]
        attrs = {"start": start, "end": end}
    return _passage(tree, [u.element for u in chosen], attrs), record


@functools.lru_cache(maxsize=4096)
def _well_formed(path: str, mtime_ns: int, size: int) -> bool:
    try:
        etree.parse(path, xmlsafe.make_parser())
    except (etree.XMLSyntaxError, OSError):
        return False
    return True


def _passage(tree: CitationTree, elements: list[etree._Element], attrs: Mapping[str, str]) -> bytes:
    src = tree.tree.getroot()
    root = etree.Element(f"{_TEI}TEI", nsmap={None: TEI_NS, "dts": DTS_NS})
    for name, value in src.attrib.items():
        root.set(name, value)
    header = src.find(f"{_TEI}teiHeader")
    if header is not None:
        root.append(copy.deepcopy(header))
    body = etree.SubElement(etree.SubElement(root, f"{_TEI}text"), f"{_TEI}body")
    container = body
    first = elements[0] if elements else None
    # The division around the passage, shallow: its language and type stay known.
    division = first.xpath("ancestor::tei:div[parent::tei:body]", namespaces={"tei": TEI_NS}) if first is not None else []
    if division and division[0] not in elements:
        container = etree.SubElement(body, division[0].tag, dict(division[0].attrib))
    wrapper = etree.SubElement(container, f"{{{DTS_NS}}}wrapper")
    for name, value in attrs.items():
        wrapper.set(name, value)
    for element in elements:
        piece = copy.deepcopy(element)
        piece.tail = None
        wrapper.append(piece)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


# --- helpers ---------------------------------------------------------------------------------------

def resource_id(record: Record) -> str:
    """A resource's DTS identifier: the document's URI (``idno[@type='URI']``), else its id."""
    return (record.facts.uri if record.facts and record.facts.uri else None) or record.doc_id


def _resource(catalogue: Catalogue, ident: str) -> Record:
    record = catalogue.find(ident)
    if record is None or record.deleted or record.facts is None:
        raise DTSError(404, f"no resource {ident!r}")
    return record


def _resource_tree(catalogue: Catalogue, params: Mapping[str, str]) -> tuple[Record, CitationTree]:
    if "resource" not in params:
        raise DTSError(400, "the resource parameter is required")
    record = _resource(catalogue, params["resource"])
    _check_tree_param(params)
    try:
        return record, citation_tree(record.path)
    except (OSError, etree.XMLSyntaxError):
        raise DTSError(404, f"the TEI of {params['resource']!r} cannot be read") from None


def _check_tree_param(params: Mapping[str, str]) -> None:
    if "tree" in params:
        raise DTSError(404, "a resource here has one citation tree, the default: give no tree")


def _check_range(ref, start, end) -> None:
    if ref is not None and (start is not None or end is not None):
        raise DTSError(400, "ref cannot be used with start or end")
    if (start is None) != (end is None):
        raise DTSError(400, "start and end go together")


def _ordered(tree: CitationTree, a: int, b: int) -> tuple[int, int]:
    if a > b:
        raise DTSError(400, "start comes after end in the document")
    return a, b


def _unit_index(tree: CitationTree, ref: str) -> int:
    k = tree.by_ref.get(ref)
    if k is None:
        raise DTSError(404, f"no citable unit {ref!r}")
    return k


def _down(value: str | None) -> int | None:
    if value is None:
        return None
    try:
        down = int(value)
    except ValueError:
        raise DTSError(400, "down is a whole number, -1 for the whole depth") from None
    if down < -1:
        raise DTSError(400, "down is -1 or more")
    return down


def _page(params: Mapping[str, str]) -> int | None:
    if "page" not in params:
        return None
    try:
        page = int(params["page"])
    except ValueError:
        raise DTSError(400, "page is a whole number") from None
    if page < 1:
        raise DTSError(400, "pages count from 1")
    return page


def _templates(base: str, ident: str | None) -> dict:
    if ident is None:
        return {"collection": f"{base}/collection{{?id,page,nav}}"}
    q = quote(ident, safe="")
    return {
        "collection": f"{base}/collection?id={q}{{&nav}}",
        "navigation": f"{base}/navigation?resource={q}{{&ref,start,end,down,tree,page}}",
        "document": f"{base}/document?resource={q}{{&ref,start,end,tree,mediaType}}",
    }


def _edition_json(edition: Edition, base: str, count: int) -> dict:
    out = {"@context": CONTEXT, "dtsVersion": DTS_VERSION, "@id": edition.id, "@type": "Collection",
           "title": edition.title, "totalParents": 0, "totalChildren": count, **_templates(base, None)}
    if edition.description:
        out["description"] = edition.description
    return out


def _resource_json(record: Record, edition: Edition, base: str, tree: CitationTree | None = None) -> dict:
    facts = record.facts
    ident = resource_id(record)
    if tree is not None:
        structures = tree.structures
    else:  # a collection's members: the declaration is enough, the units are not needed
        try:
            structures = declared_structures(record.path)
        except OSError:
            structures = []
    out = {"@id": ident, "@type": "Resource", "title": facts.title if facts else record.doc_id,
           "totalParents": 1, "totalChildren": 0, **_templates(base, ident)}
    if facts and facts.description:
        out["description"] = facts.description
    dc: dict = {"title": [{"lang": "en", "value": out["title"]}], "identifier": [ident]}
    if facts and facts.languages:
        dc["language"] = list(facts.languages)
    if facts and facts.year:
        dc["date"] = facts.year
    out["dublinCore"] = dc
    out["mediaTypes"] = [TEI_MEDIA_TYPE]
    if edition.files_url:
        out["download"] = f"{edition.files_url.rstrip('/')}/{record.path.name}"
    out["citationTrees"] = ([{"@type": "CitationTree", "citeStructure": [s.json() for s in structures]}]
                            if structures else [])
    return out
