"""Atomic file writes: a reader sees the old file or the new one, never half of either."""
from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import Iterable

from .diagnostics import FileError


def write_atomic(path: str | os.PathLike, data: bytes | str | Iterable[bytes], *, durable: bool = True) -> Path:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename.

    The rename alone makes the write atomic for a process that is killed; ``durable`` also
    flushes the file to disk first, so it survives a power cut.

    :param path: the file to (re)write; missing folders are made
    :param data: bytes, or text written as UTF-8 with ``\\n`` line ends, or chunks of bytes (a
        large file written without holding it whole)
    :param durable: fsync before the rename (skip it for files that can be made again, like views)
    :raises FileError: the file cannot be written (``E-IO``: disk full, read-only, no permission);
        the old file, if any, is left as it was
    """
    path = Path(path)
    if isinstance(data, str):
        data = data.encode("utf-8")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise FileError(exc, path) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            for chunk in [data] if isinstance(data, bytes) else data:
                handle.write(chunk)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        # mkstemp makes files private (0600); edition files are meant to be read by others too.
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):  # disk full, read-only, no permission: the user's to fix
            raise FileError(exc, path) from None
        raise
    return path
