"""Full-text search over a build with Pagefind (PyPI ``pagefind`` with ``pagefind-bin``), offline.

Pagefind reads the built HTML (the parts marked ``data-pagefind-body``) and writes a static
index to ``OUT/pagefind/``, with filters from the pages' ``data-pagefind-filter`` attributes (year,
language of the original, genre, sender, recipient). The browser loads it with fetch(), which
file:// forbids: the edition is searched when served, e.g. ``python -m http.server -d OUT``.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from ..diagnostics import Diagnostic

FOLDER = "pagefind"


def available() -> bool:
    """Whether the Pagefind binary is installed (the ``pagefind-bin`` wheel, or on the PATH)."""
    return _command() is not None


def wanted(option: bool | None) -> bool:
    """Whether a build indexes its pages: as asked, else when Pagefind is installed."""
    return available() if option is None else option


def present(out_dir: str | os.PathLike) -> bool:
    """Whether a build folder has a search index."""
    return (Path(out_dir) / FOLDER / "pagefind-entry.json").is_file()


def _command() -> list[str] | None:
    try:
        import pagefind_bin  # noqa: F401  (the wheel ships the binary)
    except ImportError:
        binary = shutil.which("pagefind")
        return [binary] if binary else None
    return [sys.executable, "-m", "pagefind_bin"]


def index_site(out_dir: str | os.PathLike, *, timeout: float = 600) -> list[Diagnostic]:
    """Index the HTML of ``out_dir`` into ``out_dir/pagefind``.

    :return: diagnostics (a warning when Pagefind is missing or fails); the build goes on without search
    """
    out = Path(out_dir)
    command = _command()
    if command is None:
        return [Diagnostic("warning", "W-SEARCH", "pagefind is not installed (pip install 'pagefind[bin]'): "
                           "no search index", str(out))]
    try:
        done = subprocess.run([*command, "--site", str(out), "--output-subdir", FOLDER, "--silent"],
                              capture_output=True, text=True, timeout=timeout)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return [Diagnostic("warning", "W-SEARCH", f"pagefind did not run: {exc}", str(out))]
    if done.returncode != 0:
        last = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no message"]
        return [Diagnostic("warning", "W-SEARCH", f"pagefind failed: {last[0]}", str(out))]
    return []
