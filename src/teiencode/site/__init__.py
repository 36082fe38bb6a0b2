"""The reader's site around the views: the legend of marks from the convention registry, the order
of the collection (previous/next), and full-text search (Pagefind).

Small public API for render.py and batch.py: :func:`legend.stylesheet_data`, :func:`script`,
:func:`sequence.write_sequence`, :func:`search.index_site`.
"""
from __future__ import annotations

import base64
import functools
import hashlib
from pathlib import Path

from . import facets, legend, search, sequence

__all__ = ["facets", "legend", "search", "sequence", "script", "script_hash", "page_links", "page_links_in"]


def page_links() -> dict[str, str]:
    """How a built page links to its collection: the index and the previous/next pages beside it
    (keyword arguments of :func:`teiencode.render.render_all`)."""
    return {"index_href": "index.html", "sequence_href": f"{sequence.FOLDER}/"}


def page_links_in(folder: str | Path) -> dict[str, str]:
    """:func:`page_links` when ``folder`` holds a build's index, else none (a page rendered alone)."""
    return page_links() if (Path(folder) / "index.html").is_file() else {}


def _script_path() -> Path:
    from ..render import xslt_dir
    return xslt_dir() / "teiencode.js"


@functools.cache
def script() -> str:
    """The views' one script (xslt/teiencode.js), embedded in each page like the CSS."""
    path = _script_path()
    return path.read_text(encoding="utf-8") if path.is_file() else ""


@functools.cache
def script_hash() -> str:
    """The script's CSP source ('sha256-…'): the policy allows that script and no other."""
    digest = hashlib.sha256(script().encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"
