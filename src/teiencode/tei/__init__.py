"""Encoder: the document model -> a TEI P5 tree (lxml)."""
from __future__ import annotations

from lxml import etree

from ..align import cert_label
from ..config import Config
from ..model import Document
from .body import write_text
from .header import write_header
from .ns import el, q

__all__ = ["encode", "serialize"]

def encode(doc: Document, config: Config | None = None) -> etree._ElementTree:
    """Encode a document as TEI.

    :param doc: the document model (with alignment links, if any)
    :param config: the edition's facts; defaults when omitted
    """
    config = config or Config()
    _apply_links(doc)
    root = el(None, "TEI", **{"xml:id": "d-" + doc.doc_id, "xml:lang": "en"})
    write_header(root, doc, config)
    write_text(root, doc)
    if doc.links:
        grp = el(el(root, "standOff"), "linkGrp", type="alignment")
        for link in doc.links:
            targets = " ".join("#" + i for i in (*link.translation, *link.original))
            el(grp, "link", target=targets, cert=cert_label(link.cert))
    return etree.ElementTree(root)


def _apply_links(doc: Document) -> None:
    blocks = {b.xml_id: b for d in doc.divisions for b in d.blocks}
    for b in blocks.values():
        b.corresp = []
    for link in doc.links:
        for t in link.translation:
            if t in blocks:
                blocks[t].corresp.extend(o for o in link.original if o in blocks)
        for o in link.original:
            if o in blocks:
                blocks[o].corresp.extend(t for t in link.translation if t in blocks)


# Elements with mixed content: their whitespace is text, so indentation never enters them.
_ELEMENT_ONLY = {"TEI", "teiHeader", "fileDesc", "titleStmt", "respStmt", "publicationStmt", "availability",
                 "notesStmt", "sourceDesc", "msDesc", "msIdentifier", "msContents", "history", "origin",
                 "encodingDesc", "editorialDecl", "appInfo", "application", "profileDesc", "langUsage",
                 "correspDesc", "correspAction", "particDesc", "listPerson", "person", "handNotes", "revisionDesc",
                 "text", "body", "div", "opener", "closer", "postscript", "list", "sp", "standOff", "linkGrp",
                 "abstract", "projectDesc", "refsDecl", "citeStructure"}


_ELEMENT_ONLY_TAGS = frozenset(q(name) for name in _ELEMENT_ONLY)  # Clark names: no QName per node


def _indent(node, level: int = 0) -> None:
    """Indent element-only ``node`` and its element-only descendants; one holding text is left as it is."""
    children = list(node)  # one proxy per child, reused by the checks, the tails and the descent
    if not children or (node.text and node.text.strip()):
        return
    for child in children:  # a loop, not any(): no generator step per child
        if child.tail and child.tail.strip():
            return
    pad = "\n" + "  " * (level + 1)
    node.text = pad
    for child in children:
        child.tail = pad
        # Tested here, not on entry: a call per leaf costs more. len() first: .tag builds a new string.
        if len(child) and child.tag in _ELEMENT_ONLY_TAGS:
            _indent(child, level + 1)
    children[-1].tail = "\n" + "  " * level


def serialize(tree: etree._ElementTree) -> bytes:
    """Pretty-printed UTF-8 with an XML declaration; the same tree always gives the same bytes.

    Only element-only content is indented, so no whitespace is added inside a paragraph. The
    indentation goes into ``tree`` itself, which then holds what the bytes hold: a build
    validates and renders it without parsing the bytes back.
    """
    root = tree.getroot()
    if root.tag in _ELEMENT_ONLY_TAGS:
        _indent(root)
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8", pretty_print=False) + b"\n"
