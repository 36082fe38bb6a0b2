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
    written = _drop_dangling_corresp(root)
    links = [(t, o, link.cert) for link in doc.links
             if (t := [i for i in link.translation if i in written]) and (o := [i for i in link.original if i in written])]
    if links:
        grp = el(el(root, "standOff"), "linkGrp", type="alignment")
        for translation, original, cert in links:
            el(grp, "link", target=" ".join("#" + i for i in (*translation, *original)), cert=cert_label(cert))
    return etree.ElementTree(root)


def _drop_dangling_corresp(root) -> set[str]:
    """Keep in each @corresp only the units the encoder wrote (a unit the model links may be written under
    another id, or not at all); return the ids written. Linear in the tree's size."""
    written = set(root.xpath("//@xml:id"))
    for node in root.iterfind(".//*[@corresp]"):
        kept = [t for t in node.get("corresp").split() if t[1:] in written]
        if kept:
            node.set("corresp", " ".join(kept))
        else:
            del node.attrib["corresp"]
    return written


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
        # A space the encoder wrote between two elements is the export's: they stood on one line.
        if not child.tail or "\n" in child.tail:
            child.tail = pad
        # Tested here, not on entry: a call per leaf costs more. len() first: .tag builds a new string.
        if len(child) and child.tag in _ELEMENT_ONLY_TAGS:
            _indent(child, level + 1)
    children[-1].tail = "\n" + "  " * level


def _indent_nested(root) -> None:
    """Indent the element-only containers that mixed content holds (a list in a note), which
    ``_indent`` does not reach: their children are lines of the export, and without the
    indentation their words would run together in the string value. O(n) in the elements."""
    for node in root.iter(*_ELEMENT_ONLY_TAGS):
        if len(node) and not node.text:  # not indented yet: _indent gives every container it reaches a text
            _indent(node, sum(1 for _ in node.iterancestors()))


_LB = q("lb")


def _keep_line_breaks(root) -> None:
    """End the text before every ``<lb/>`` with whitespace (a newline), as the export's line did.

    The string value of the TEI, which full-text indexes and plain-text exports read, has no
    markup: ``то<lb/>нужно`` would read "тонужно". An ``<lb/>`` that opens its parent's content
    has no text before it in the parent and is left as it is. O(n) in the line breaks.
    """
    for lb in root.iter(_LB):
        previous = lb.getprevious()
        if previous is None:
            parent = lb.getparent()
            if parent.text and not parent.text[-1].isspace():
                parent.text += "\n"
        elif not previous.tail:
            previous.tail = "\n"
        elif not previous.tail[-1].isspace():
            previous.tail += "\n"


def serialize(tree: etree._ElementTree) -> bytes:
    """Pretty-printed UTF-8 with an XML declaration; the same tree always gives the same bytes.

    Only element-only content is indented, so no whitespace is added inside a paragraph but the
    newline that ends the text before an ``<lb/>``: every word boundary of the export is
    whitespace in the string value (``string(/)``), whatever markup stands at it. The
    indentation goes into ``tree`` itself, which then holds what the bytes hold: a build
    validates and renders it without parsing the bytes back.
    """
    root = tree.getroot()
    if root.tag in _ELEMENT_ONLY_TAGS:
        _indent(root)
    _indent_nested(root)
    _keep_line_breaks(root)
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8", pretty_print=False) + b"\n"
