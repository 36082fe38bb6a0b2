"""Document ids: an export's file name made a short ASCII XML name that keeps different names apart."""
from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path

from .translit import romanize_hangul, transliterate

EXPORT_SUFFIXES = (".txt", ".text", ".export")
_SAFE = re.compile(r"[A-Za-z0-9_.-]+")
_UNSAFE_RUN = re.compile(r"[^A-Za-z0-9_.-]+")


def doc_id_for(path: str) -> str:
    """The document's id: the export's file name, made an ASCII XML name.

    A name that already is one is kept as it is. Any other is romanised (Cyrillic by BGN/PCGN,
    Hangul by Revised Romanization, Latin letters without their accents), the characters left
    (spaces, other scripts) become ``_``, and a short hash of the original name is appended, so
    that ``Кабель 1950.txt`` and ``Письмо 1950.txt`` (or two Chinese names) never share an id.
    Linear in the length of the name.

    :param path: the export's path; only its file name counts
    """
    stem = Path(path).name
    for suffix in EXPORT_SUFFIXES:
        if stem.lower().endswith(suffix):
            stem = stem[: -len(suffix)]
    stem = unicodedata.normalize("NFC", stem)
    if _SAFE.fullmatch(stem):
        return stem
    latin = unicodedata.normalize("NFKD", romanize_hangul(transliterate(stem)))
    latin = "".join(ch for ch in latin if not unicodedata.combining(ch))
    readable = _UNSAFE_RUN.sub("_", latin).strip("_") or "document"
    digest = hashlib.sha256(stem.encode("utf-8")).hexdigest()[:8]
    return f"{readable}-{digest}"
