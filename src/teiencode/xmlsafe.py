"""Safe XML parsing: no external entities, no network, no DTD loading, no entity-expansion bombs."""
from __future__ import annotations

import io
import os
import re
from pathlib import Path

from lxml import etree

from .diagnostics import Diagnostic, ValidationError

_DOCTYPE = re.compile(r"<!DOCTYPE\b")
_ENTITY = re.compile(r"<!ENTITY\b")


class UnsafeXMLError(ValidationError):
    """The file is not well-formed XML, cannot be read, or declares entities (XXE, billion laughs)."""


def make_parser() -> etree.XMLParser:
    """A parser that never resolves entities, loads a DTD or touches the network.

    ``huge_tree=False`` keeps libxml2's limits on depth and text size.
    """
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=False,
    )


def _decode_for_scan(data: bytes) -> str:
    """Text good enough to find markup in: UTF-16/32 by BOM, else UTF-8 (any ASCII-compatible encoding)."""
    for bom, codec in ((b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"),
                       (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            return data.decode(codec, errors="replace")
    if data[:4] in (b"<\x00?\x00", b"\x00<\x00?"):  # UTF-16 without a BOM
        return data.decode("utf-16-le" if data[0] == 0x3C else "utf-16-be", errors="replace")
    return data.decode("utf-8", errors="replace")


def _position(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of ``offset`` in ``text``."""
    line = text.count("\n", 0, offset) + 1
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, col


def entity_diagnostic(data: bytes, name: str = "<input>") -> Diagnostic | None:
    """Return an error when the document declares entities in a DOCTYPE, else ``None``.

    Entity declarations are how XXE and entity-expansion bombs work; an edition file
    never needs one, so the file is refused before any parser sees it.

    :param data: the raw bytes of the document
    :param name: the file name used in the diagnostic
    """
    text = _decode_for_scan(data)
    doctype = _DOCTYPE.search(text)
    if doctype is None:
        return None
    entity = _ENTITY.search(text, doctype.end())
    if entity is None:
        return None
    line, col = _position(text, entity.start())
    return Diagnostic("error", "xml-entity",
                      "the DOCTYPE declares entities; entity declarations are refused "
                      "(they can read local files or expand without bound), nothing was parsed",
                      name, line, col)


def _syntax_diagnostic(exc: etree.XMLSyntaxError, name: str) -> Diagnostic:
    line, col = exc.position if exc.position else (1, 1)
    message = (exc.msg or str(exc)).strip()
    # libxml2 appends ", line N, column M" which the diagnostic already says
    message = re.sub(r",? line \d+, column \d+$", "", message)
    return Diagnostic("error", "xml-syntax", f"the XML cannot be read: {message}", name, line or 1, max(col, 1))


def parse_bytes(data: bytes, name: str = "<input>") -> etree._ElementTree:
    """Parse XML bytes safely.

    :param data: the document
    :param name: its file name, used in diagnostics and as the tree's URL
    :raises UnsafeXMLError: not well-formed, it declares or uses entities, or names an external DTD
    """
    diag = entity_diagnostic(data, name)
    if diag is not None:
        raise UnsafeXMLError(diag)
    parser = make_parser()
    try:
        tree = etree.parse(io.BytesIO(data), parser, base_url=name)
    except etree.XMLSyntaxError as exc:
        raise UnsafeXMLError(_syntax_diagnostic(exc, name)) from None
    dtd = tree.docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        # only reached when the byte scan was fooled by an exotic encoding
        raise UnsafeXMLError(Diagnostic("error", "xml-entity",
                                        "the DOCTYPE declares entities; entity declarations are refused",
                                        name, 1, 1))
    refused = _external_dtd(tree, data, name) or _undeclared_entity(parser, data, name)
    if refused is not None:
        raise UnsafeXMLError(refused)
    return tree


def _external_dtd(tree: etree._ElementTree, data: bytes, name: str) -> Diagnostic | None:
    """An error when the DOCTYPE names an external DTD (``SYSTEM``/``PUBLIC``), which the parser did not load.

    Another tool given the file (jing, a browser, an XML editor) would fetch it, and an external DTD's
    parameter entities can read a local file and send it to a server.
    """
    info = tree.docinfo
    if not (info.system_url or info.public_id):
        return None
    text = _decode_for_scan(data)
    found = _DOCTYPE.search(text)
    line, col = _position(text, found.start()) if found else (1, 1)
    return Diagnostic("error", "xml-dtd",
                      f"the DOCTYPE names an external DTD ({info.system_url or info.public_id}); external DTDs "
                      "are refused (they can read local files and reach the network), nothing was loaded",
                      name, line, col)


def _undeclared_entity(parser: etree.XMLParser, data: bytes, name: str) -> Diagnostic | None:
    """An error for the first entity reference that nothing declares (libxml2 only warns when a DTD could)."""
    for entry in parser.error_log:
        if entry.type in (etree.ErrorTypes.WAR_UNDECLARED_ENTITY, etree.ErrorTypes.ERR_UNDECLARED_ENTITY):
            line, col = entry.line or 1, max(entry.column, 1)
            # libxml2 points after the reference: point at its & or %
            found = re.search(r"'([^']*)'", entry.message)
            lines = _decode_for_scan(data).split("\n")
            if found and line <= len(lines):
                before = lines[line - 1][:col]
                start = max(before.rfind(f"&{found[1]};"), before.rfind(f"%{found[1]};"))
                col = start + 1 if start >= 0 else col
            return Diagnostic("error", "xml-entity",
                              f"the XML cannot be read: {entry.message.strip()}; entities are refused",
                              name, line, col)
    return None


def parse(path: str | os.PathLike) -> etree._ElementTree:
    """Parse an XML file safely.

    :param path: the file to read
    :raises UnsafeXMLError: unreadable, not well-formed, or it declares entities
    """
    name = str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise UnsafeXMLError(Diagnostic("error", "file", f"cannot read the file: {exc.strerror}",
                                        name, 1, 1)) from None
    return parse_bytes(data, name)
