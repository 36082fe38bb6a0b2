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


@functools.cache
def attribute_name(name: str) -> str:
    """Clark name of an ``xml:`` attribute; other attribute names are in no namespace."""
    return q(name) if name.startswith("xml:") else name


def el(parent, tag: str, text: str | None = None, **attrs: str | None):
    """Append a TEI element to ``parent`` (or make a root when parent is None)."""
    node = etree.Element(q(tag), nsmap=NSMAP) if parent is None else etree.SubElement(parent, q(tag))
    if text:
        node.text = text
    # set() per attribute costs less in lxml than an attribute dict handed to SubElement.
    for name, value in attrs.items():
        if value is not None:
            node.set(attribute_name(name), value)
    return node


def append_text(node, text: str) -> None:
    """Append text at the end of ``node``'s content (after its last child)."""
    if not text:
        return
    # node[-1] is O(1) in lxml; len(node) counts every child, which made a paragraph of many
    # marks quadratic.
    try:
        last = node[-1]
    except IndexError:
        node.text = (node.text or "") + text
    else:
        last.tail = (last.tail or "") + text
