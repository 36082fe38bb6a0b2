"""The TEI namespace and element helpers."""
import functools

from lxml import etree

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
NSMAP = {None: TEI_NS}


@functools.cache
def q(tag: str) -> str:
    """Clark name of a TEI element, or of an ``xml:`` attribute."""
    if tag.startswith("xml:"):
        return f"{{{XML_NS}}}{tag[4:]}"
    return f"{{{TEI_NS}}}{tag}"


def el(parent, tag: str, text: str | None = None, **attrs: str | None):
    """Append a TEI element to ``parent`` (or make a root when parent is None)."""
    attrib = {q(k) if k.startswith("xml:") else k: v for k, v in attrs.items() if v is not None} if attrs else {}
    node = etree.Element(q(tag), attrib, nsmap=NSMAP) if parent is None else etree.SubElement(parent, q(tag), attrib)
    if text:
        node.text = text
    return node


def append_text(node, text: str) -> None:
    """Append text at the end of ``node``'s content (after its last child)."""
    if not text:
        return
    if len(node):
        last = node[-1]
        last.tail = (last.tail or "") + text
    else:
        node.text = (node.text or "") + text
