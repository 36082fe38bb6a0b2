"""The records of a build folder, as OAI-PMH and DTS see them: from the build manifest, read only.

Each manifest entry is a record. Its datestamp is when its files last changed (the newest of the TEI
and its views); it is deleted when its export disappeared from the collection (the export's folder
is still there, the export is not) or its TEI is gone. Set memberships (year, original language,
genre) come from the TEI header, read once per version of the file.

Bounds: a refresh is linear in the number of manifest entries (a few stats each; a header is parsed
only when its file changed), and happens only when the manifest or the folder changed; between
refreshes a request costs one stat of each.
"""
from __future__ import annotations

import datetime as _dt
import os
import re
import stat
import threading
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from ..batch import MANIFEST_NAME, read_manifest
from ..deposit import TEI_SUFFIX
from ..reader.languages import name_for_code
from ..site import search, sequence

TEI_NS = "http://www.tei-c.org/ns/1.0"
NS = {"t": TEI_NS}

# A document id as the build names files: an XML name without a path in it.
_SAFE_ID = re.compile(r"[\w.-]+", re.ASCII)
# A set spec part: the characters OAI-PMH allows (less ':', which separates levels).
_SPEC_UNSAFE = re.compile(r"[^A-Za-z0-9_.!~*'()-]+")
# Where a title's leading genre words end ("Cable No. 5, A to B", "Record of a Conversation between"):
# a function word, a number sign or a word with a digit. The genre is the words before it.
_GENRE_STOP = frozenset("a an the of from to between with via about by for on in at and no no. nos. nº n° #".split())

# Folders of a build the reader's site needs served (teiencode.site: previous/next, search).
SITE_FOLDERS = frozenset({sequence.FOLDER, search.FOLDER})

SET_NAMES = {"year": "Year of the original document", "language": "Original language",
             "genre": "Genre, from the title"}


@dataclass(frozen=True)
class HeaderFacts:
    """What the catalogue reads from a TEI header."""

    title: str
    uri: str | None
    year: str | None
    language: str | None
    languages: tuple[str, ...]
    genre: str | None
    description: str | None


@dataclass(frozen=True)
class Record:
    """One record of the build: a document, live or deleted."""

    doc_id: str
    path: Path  # the TEI file in the build folder
    datestamp: _dt.datetime  # UTC, whole seconds
    deleted: bool
    facts: HeaderFacts | None  # None when the TEI cannot be read (a deleted record's may be gone)
    view_names: tuple[str, ...] = ()

    @property
    def sets(self) -> tuple[str, ...]:
        """The record's set specs (``year:1950``, ``language:ru``, ``genre:cable``)."""
        f = self.facts
        if f is None:
            return ()
        pairs = (("year", f.year), ("language", f.language), ("genre", f.genre))
        return tuple(f"{kind}:{value}" for kind, value in pairs if value)

    def in_set(self, spec: str) -> bool:
        """Whether the record belongs to ``spec`` or to a set under it."""
        return any(s == spec or s.startswith(spec + ":") for s in self.sets)


class Catalogue:
    """The records of one build folder, refreshed when the build changes it.

    :param build_dir: a folder written by ``teiencode build`` (it holds ``.teiencode-manifest.json``)
    """

    def __init__(self, build_dir: str | os.PathLike):
        self.root = Path(build_dir).resolve()
        self._lock = threading.Lock()
        self._key: tuple | None = None
        self._records: tuple[Record, ...] = ()
        self._by_id: dict[str, Record] = {}
        self._by_uri: dict[str, Record] = {}
        self._facts: dict[str, tuple[tuple, HeaderFacts | None]] = {}

    # --- lookups -----------------------------------------------------------------------------

    def records(self) -> tuple[Record, ...]:
        """Every record, live and deleted, sorted by document id."""
        self._refresh()
        return self._records

    def get(self, doc_id: str) -> Record | None:
        """The record of ``doc_id``, or None."""
        self._refresh()
        return self._by_id.get(doc_id)

    def find(self, ident: str) -> Record | None:
        """The record whose document URI (``idno[@type='URI']``) or id is ``ident``, or None."""
        self._refresh()
        return self._by_uri.get(ident) or self._by_id.get(ident)

    def live(self) -> list[Record]:
        """The records that are not deleted, sorted by document id."""
        return [r for r in self.records() if not r.deleted]

    def sets(self) -> list[tuple[str, str]]:
        """Every set (spec, name), the three kinds first, then their values, sorted."""
        specs = sorted({s for r in self.records() for s in r.sets})
        kinds = [k for k in SET_NAMES if any(s.startswith(k + ":") for s in specs)]
        return [(k, SET_NAMES[k]) for k in kinds] + [(s, _set_name(s)) for s in specs]

    def file(self, name: str) -> Path | None:
        """A regular file directly in the build folder, by name, or None; or one in a folder the
        build makes for the reader's site (``seq/`` previous/next pages, ``pagefind/`` search).

        Refused: other names with a path in them, hidden names (the manifest, the lock), and
        anything that resolves outside the folder (a symlink out).
        """
        if "/" in name and name.split("/", 1)[0] in SITE_FOLDERS:
            return self._site_file(name)
        if not name or name.startswith(".") or "/" in name or "\\" in name or "\x00" in name:
            return None
        path = self.root / name
        try:
            st = os.lstat(path)
        except OSError:
            return None
        if stat.S_ISREG(st.st_mode):
            return path  # a plain file right in the (resolved) folder: nothing to follow
        try:
            resolved = path.resolve(strict=True)
        except (OSError, RuntimeError):
            return None
        if resolved.parent != self.root or not resolved.is_file():
            return None
        return resolved

    def _site_file(self, name: str) -> Path | None:
        """A regular file under one of SITE_FOLDERS: no hidden or empty part, and it resolves inside
        that folder (which must itself be in the build folder)."""
        parts = name.split("/")
        if any(not part or part.startswith(".") or "\\" in part or "\x00" in part for part in parts):
            return None
        folder = self.root / parts[0]
        try:
            inside = folder.resolve(strict=True)
            resolved = (self.root / name).resolve(strict=True)
        except (OSError, RuntimeError):
            return None
        if inside.parent != self.root or not resolved.is_relative_to(inside) or not resolved.is_file():
            return None
        return resolved

    # --- refresh -----------------------------------------------------------------------------

    def _refresh(self) -> None:
        key = (_stat_key(self.root / MANIFEST_NAME), _stat_key(self.root))
        if key == self._key:
            return
        with self._lock:
            if key == self._key:
                return
            manifest = read_manifest(self.root)
            records = []
            for doc_id, entry in sorted(manifest.get("documents", {}).items()):
                if isinstance(entry, dict) and _SAFE_ID.fullmatch(doc_id) and not doc_id.startswith("."):
                    records.append(self._record(doc_id, entry))
            self._records = tuple(records)
            self._by_id = {r.doc_id: r for r in records}
            # A URI names its first live record (a deleted copy of the same document does not hide it).
            by_uri: dict[str, Record] = {}
            for r in records:
                uri = r.facts.uri if r.facts else None
                if uri and (uri not in by_uri or (by_uri[uri].deleted and not r.deleted)):
                    by_uri[uri] = r
            self._by_uri = by_uri
            self._key = key

    def _record(self, doc_id: str, entry: dict) -> Record:
        tei = self.root / f"{doc_id}{TEI_SUFFIX}"
        found = self.file(tei.name)
        present = found is not None
        tei = found or tei  # read where it really is: a symlink checked once is not followed again
        views = tuple(n for n in (entry.get("views") or {}) if isinstance(n, str) and self.file(n))
        times = [_mtime(self.root / n) for n in ((tei.name,) if present else ()) + views]
        source = entry.get("source")
        gone = False
        if isinstance(source, str) and source:
            src = Path(source)
            # Gone from the collection: its folder is there and it is not. With no folder, the
            # collection is not on this machine (a copied build) and nothing can be told.
            gone = not src.exists() and src.parent.is_dir()
            if gone:
                times.append(_mtime(src.parent))  # the removal changed the folder
        deleted = gone or not present
        if not times:
            times.append(_mtime(self.root / MANIFEST_NAME))
        stamp = _dt.datetime.fromtimestamp(int(max(times)), _dt.timezone.utc)
        facts = self._header_facts(tei) if present else None
        return Record(doc_id, tei, stamp, deleted, facts, views)

    def _header_facts(self, tei: Path) -> HeaderFacts | None:
        key = _stat_key(tei)
        cached = self._facts.get(tei.name)
        if cached and cached[0] == key:
            return cached[1]
        facts = read_header_facts(tei)
        self._facts[tei.name] = (key, facts)
        return facts


_HEADER_END = b"</teiHeader>"


def read_header_facts(tei: Path) -> HeaderFacts | None:
    """Title, URI, year, original language and genre of a TEI file, reading only its teiHeader."""
    header = read_header(tei)
    return _facts(header) if header is not None else None


def read_header(tei: Path) -> etree._Element | None:
    """The teiHeader of a TEI file, or None when it cannot be read.

    The bytes up to the header's end, closed as a document, parse five times faster than an
    iterparse that stops there; a file laid out otherwise is parsed whole.
    """
    try:
        data = tei.read_bytes()
        end = data.find(_HEADER_END)
        root = None
        if end > 0:
            try:
                root = etree.fromstring(data[:end + len(_HEADER_END)] + b"</TEI>", _PARSER)
            except etree.XMLSyntaxError:
                root = None
        if root is None:
            root = etree.fromstring(data, _PARSER)
    except (etree.XMLSyntaxError, OSError, ValueError):
        return None
    return root.find(f"{{{TEI_NS}}}teiHeader")


_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def _paths(*paths: str) -> tuple[etree.XPath, ...]:
    return tuple(etree.XPath(f"string({p})", namespaces=NS) for p in paths)


_TITLE = _paths("t:fileDesc/t:titleStmt/t:title[@type='main']", "t:fileDesc/t:titleStmt/t:title")
_DATE = _paths(".//t:msDesc/t:history/t:origin/t:origDate/@when", ".//t:msDesc/t:history/t:origin/t:origDate/@notBefore",
               ".//t:correspAction[@type='sent']/t:date/@when", ".//t:correspAction[@type='sent']/t:date/@notBefore")
_LANGUAGE = _paths(".//t:msContents/t:textLang/@mainLang", "t:profileDesc/t:langUsage/t:language[1]/@ident")
_URI = _paths("t:fileDesc/t:publicationStmt/t:idno[@type='URI']")
_ABSTRACT = _paths("t:profileDesc/t:abstract")
_LANGUAGES = etree.XPath("t:profileDesc/t:langUsage/t:language/@ident", namespaces=NS)


def _facts(h) -> HeaderFacts:
    def first(paths: tuple[etree.XPath, ...]) -> str | None:
        for path in paths:
            found = path(h).strip()
            if found:
                return " ".join(found.split())
        return None

    title = first(_TITLE) or ""
    date = first(_DATE)
    year = date[:4] if date and date[:4].isdigit() else None
    language = first(_LANGUAGE)
    return HeaderFacts(
        title=title,
        uri=first(_URI),
        year=year,
        language=_spec_part(language) if language else None,
        languages=tuple(_LANGUAGES(h)),
        genre=genre_of(title),
        description=first(_ABSTRACT),
    )


def genre_of(title: str) -> str | None:
    """The genre a title opens with, as a set spec part: the words before the first function word,
    number or punctuation ("Ciphered Telegram No. 8600, A to B" -> ``ciphered-telegram``)."""
    words = []
    for word in title.split():
        bare = word.rstrip(",;:")
        if bare.lower() in _GENRE_STOP or any(c.isdigit() for c in bare) or not bare[:1].isalpha():
            break
        words.append(bare.lower())
        if bare != word:  # a comma or colon ends the genre
            break
    return _spec_part("-".join(words)) if words else None


def _spec_part(value: str) -> str | None:
    part = _SPEC_UNSAFE.sub("-", value).strip("-")
    return part or None


def _set_name(spec: str) -> str:
    kind, _, value = spec.partition(":")
    if kind == "language":
        return name_for_code(value) or value
    if kind == "genre":
        return value.replace("-", " ").capitalize()
    return value


def _stat_key(path: Path) -> tuple | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_size, st.st_ino)


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0
