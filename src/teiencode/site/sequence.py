"""Previous and next document, in the collection index's order, for every page of a build.

A page links to ``seq/<id>.<view>.prev.html`` and ``….next.html``: tiny pages, written here when
the index is made, that send the reader on (a zero-delay refresh, and a link for anyone whose
browser does not follow it) to the neighbour's same view. The views themselves never change when
the collection does, so a build that adds a document re-renders no other document's pages.
Linear in the number of documents (one sort aside).
"""
from __future__ import annotations

import html
import os
from pathlib import Path
from typing import Iterable

from lxml import etree

from ..fileio import write_atomic

TEI = "{http://www.tei-c.org/ns/1.0}"
FOLDER = "seq"
VIEWS = ("parallel", "diplomatic", "reading")


def sort_key(doc: etree._Element) -> tuple:
    """The index's order: dated documents first, by ISO date (as text), then by title."""
    date = doc.find(f".//{TEI}origDate")
    when = "" if date is None else (date.get("when") or date.get("notBefore") or "")
    title = doc.find(f"{TEI}teiHeader/{TEI}fileDesc/{TEI}titleStmt/{TEI}title")
    return (when == "", when, " ".join((title.xpath("string()") if title is not None else "").split()))


def ordered(collection: etree._Element) -> list[etree._Element]:
    """The ``<doc>`` entries of an index source in the index's order."""
    return sorted(collection.iterfind("doc"), key=sort_key)


def _title(doc: etree._Element) -> str:
    title = doc.find(f"{TEI}teiHeader/{TEI}fileDesc/{TEI}titleStmt/{TEI}title")
    return " ".join((title.xpath("string()") if title is not None else doc.get("id", "")).split())


def _stub(target: str, label: str) -> bytes:
    href = html.escape(target, quote=True)
    text = html.escape(label)
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f'<meta http-equiv="refresh" content="0; url={href}">'
            f'<meta name="robots" content="noindex"><title>{text}</title></head>'
            f'<body><p><a href="{href}">{text}</a></p></body></html>\n').encode("utf-8")


def write_sequence(collection: etree._Element, out_dir: str | os.PathLike) -> list[Path]:
    """Write the previous/next pages of every document of an index source into ``out_dir/seq``.

    The first document's previous and the last one's next lead to the index. Pages whose content
    did not change are not rewritten; those of documents no longer in the collection are removed.

    :param collection: the index source (:func:`teiencode.render.index_source`), links relative to out_dir
    :return: the pages written
    """
    folder = Path(out_dir) / FOLDER
    docs = ordered(collection)
    wanted: dict[Path, bytes] = {}
    for i, doc in enumerate(docs):
        neighbours = {"prev": docs[i - 1] if i > 0 else None, "next": docs[i + 1] if i + 1 < len(docs) else None}
        for direction, other in neighbours.items():
            word = "Previous" if direction == "prev" else "Next"
            for view in VIEWS:
                if other is None:
                    target, label = f"../index.html#doc-{doc.get('id')}", "Collection index"
                else:
                    target, label = f"../{other.get(view)}", f"{word} document: {_title(other)}"
                wanted[folder / f"{doc.get('id')}.{view}.{direction}.html"] = _stub(target, label)
    written = []
    if wanted:
        folder.mkdir(parents=True, exist_ok=True)
    for path, data in wanted.items():
        if not path.exists() or path.read_bytes() != data:
            write_atomic(path, data, durable=False)
            written.append(path)
    if folder.is_dir():
        for stale in folder.glob("*.html"):
            if stale not in wanted:
                stale.unlink()
    return written


def links(doc_id: str, view: str) -> Iterable[tuple[str, str]]:
    """(direction, href) of a page's previous and next links, relative to the page."""
    return [(d, f"{FOLDER}/{doc_id}.{view}.{d}.html") for d in ("prev", "next")]
