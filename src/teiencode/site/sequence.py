"""Previous and next document, in the collection index's order, for every page of a build.

A page links to ``seq/<id>.<view>.prev.html`` and ``….next.html``: tiny pages, written here when
the index is made, that send the reader on (a zero-delay refresh, and a link for anyone whose
browser does not follow it) to the neighbour's same view. The views themselves never change when
the collection does, so a build that adds a document re-renders no other document's pages.
Linear in the number of documents (the index sorts them).
"""
from __future__ import annotations

import html
import os
from pathlib import Path
from typing import Iterable, NamedTuple

from ..fileio import write_atomic

FOLDER = "seq"
VIEWS = ("parallel", "diplomatic", "reading")


class Neighbour(NamedTuple):
    """A document as its neighbours' previous/next pages name it."""

    doc_id: str
    title: str
    hrefs: dict[str, str]  # view -> its page, relative to the index's folder


def _stub(target: str, label: str) -> bytes:
    href = html.escape(target, quote=True)
    text = html.escape(label)
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f'<meta http-equiv="refresh" content="0; url={href}">'
            f'<meta name="robots" content="noindex"><title>{text}</title></head>'
            f'<body><p><a href="{href}">{text}</a></p></body></html>\n').encode("utf-8")


def write_sequence(docs: Iterable[Neighbour], out_dir: str | os.PathLike) -> int:
    """Write the previous/next pages of every document into ``out_dir/seq``.

    The first document's previous and the last one's next lead to the index. Pages whose content
    did not change are not rewritten; those of documents no longer in the collection are removed.
    Reads ``docs`` once, holding three at a time and the ids seen.

    :param docs: the documents in the index's order (:meth:`teiencode.render.IndexRows.in_order`)
    :return: how many pages were written
    """
    folder = Path(out_dir) / FOLDER
    ids: set[str] = set()
    written = 0

    def write(doc: Neighbour, previous: Neighbour | None, following: Neighbour | None) -> int:
        ids.add(doc.doc_id)
        count = 0
        for direction, other in (("prev", previous), ("next", following)):
            word = "Previous" if direction == "prev" else "Next"
            for view in VIEWS:
                if other is None:
                    target, label = f"../index.html#doc-{doc.doc_id}", "Collection index"
                else:
                    target, label = f"../{other.hrefs[view]}", f"{word} document: {other.title}"
                path = folder / f"{doc.doc_id}.{view}.{direction}.html"
                data = _stub(target, label)
                if not path.exists() or path.read_bytes() != data:
                    folder.mkdir(parents=True, exist_ok=True)
                    write_atomic(path, data, durable=False)
                    count += 1
        return count

    previous = current = None
    for doc in docs:
        if current is not None:
            written += write(current, previous, doc)
        previous, current = current, doc
    if current is not None:
        written += write(current, previous, None)
    if folder.is_dir():
        for page in folder.glob("*.html"):
            # <id>.<view>.<prev|next>.html: an id may hold dots, the two words after it do not
            if page.name.rsplit(".", 3)[0] not in ids:
                page.unlink()
    return written


def links(doc_id: str, view: str) -> Iterable[tuple[str, str]]:
    """(direction, href) of a page's previous and next links, relative to the page."""
    return [(d, f"{FOLDER}/{doc_id}.{view}.{d}.html") for d in ("prev", "next")]
