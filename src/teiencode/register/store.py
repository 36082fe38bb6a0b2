"""The register file: TEI ``listPerson`` / ``listPlace`` / ``listOrg`` in ``register.xml``.

Read once per process; written only by adding (new entries, new forms of an entry), through a temporary
file and a rename, so what the team wrote by hand is never rewritten or lost.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from .. import xmlsafe
from ..diagnostics import Diagnostic, InputError
from ..tei.ns import TEI_NS, XML_NS, q
from .names import Gazetteer, form_key, sound_key

REGISTER_NAME = "register.xml"
PREFIX = "reg"  # @ref="reg:pers-stalin"; the TEI header's prefixDef says where "reg:" points
KINDS = {"person": ("listPerson", "persName"), "place": ("listPlace", "placeName"), "org": ("listOrg", "orgName")}
TAG_KIND = {name: kind for kind, (_, name) in KINDS.items()}
# Authority identifiers as URIs (the form CMIF and Linked Data expect).
AUTHORITY_URI = {"wikidata": "http://www.wikidata.org/entity/{}", "viaf": "http://viaf.org/viaf/{}",
                 "gnd": "https://d-nb.info/gnd/{}", "geonames": "https://sws.geonames.org/{}/"}
_ID = f"{{{XML_NS}}}id"
_LANG = f"{{{XML_NS}}}lang"


@dataclass
class Form:
    """One way the entry is written: its text, language/script (``ru``, ``ru-Latn``) and type."""

    text: str
    lang: str | None = None
    type: str | None = None  # None | "pseudonym" | "variant" ...


@dataclass
class Entry:
    """A person, place or organisation of the register."""

    id: str
    kind: str  # person | place | org
    forms: list[Form] = field(default_factory=list)
    idnos: dict[str, str] = field(default_factory=dict)
    sha: str = ""  # of the entry's XML: a change re-links the documents that name it

    @property
    def name(self) -> str:
        """The preferred name: the first form that is not a pseudonym."""
        return next((f.text for f in self.forms if f.type != "pseudonym"), self.forms[0].text if self.forms else self.id)

    @property
    def ref(self) -> str:
        return f"{PREFIX}:{self.id}"

    def authority_uri(self) -> str | None:
        """The first authority identifier as a URI (Wikidata, VIAF, GND, GeoNames, in that order)."""
        for kind, template in AUTHORITY_URI.items():
            if kind in self.idnos:
                value = self.idnos[kind]
                return value if value.startswith("http") else template.format(value)
        return None


class Register:
    """The register of an edition: its entries, and the gazetteer of all their forms."""

    def __init__(self, tree: etree._ElementTree | None = None, path: str | None = None):
        self.path = path
        self.tree = tree if tree is not None else _empty()
        self.entries: dict[str, Entry] = {}
        for kind, (_, name_tag) in KINDS.items():
            for node in self.tree.getroot().iter(q(kind)):
                entry = _entry(node, kind, name_tag)
                if entry.id:
                    self.entries[entry.id] = entry
        self._gazetteer: Gazetteer | None = None

    @property
    def gazetteer(self) -> Gazetteer:
        if self._gazetteer is None:
            forms: dict[tuple[str, ...], str] = {}
            ambiguous: set[tuple[str, ...]] = set()
            for entry in self.entries.values():
                for form in entry.forms:
                    key = form_key(form.text)
                    if not key:
                        continue
                    if forms.get(key, entry.id) != entry.id:
                        ambiguous.add(key)  # one form, two entries: the register must say which
                    forms[key] = entry.id
            sounds: dict[tuple[str, ...], str] = {}
            for key, entry_id in forms.items():
                if key not in ambiguous and all(k.isascii() for k in key):
                    sound = tuple(sound_key(k) for k in key)
                    if sounds.get(sound, entry_id) != entry_id:
                        ambiguous.add(sound)
                    sounds[sound] = entry_id
            self._gazetteer = Gazetteer({k: v for k, v in forms.items() if k not in ambiguous},
                                        {k: v for k, v in sounds.items() if k not in ambiguous})
        return self._gazetteer

    def fingerprint(self, text: str) -> str:
        """What of the register a document with this text uses: the entries whose forms it holds and their
        content. Equal fingerprints mean linking would give the same TEI; linear in the text."""
        used = sorted({m.entry_id for m in self.gazetteer.scan(text)})
        return hashlib.sha256("\n".join(f"{i}:{self.entries[i].sha}" for i in used).encode()).hexdigest()[:16]

    def add(self, entry: Entry, source: str | None = None) -> None:
        """Add a new entry (its id must be new), written after the team's own entries of its kind."""
        if entry.id in self.entries:
            raise ValueError(f"{entry.id} is already in the register")
        node = etree.SubElement(_list(self.tree, entry.kind), q(entry.kind), {_ID: entry.id})
        for form in entry.forms:
            _form_element(node, entry.kind, form)
        if source:
            etree.SubElement(node, q("note"), type="source").text = source
        _indent(node)
        self._added(node, entry.kind)

    def add_form(self, entry_id: str, form: Form) -> bool:
        """Append a form to an existing entry (after what is there, which is left as written)."""
        node = next(n for n in self.tree.getroot().iter(q(self.entries[entry_id].kind)) if n.get(_ID) == entry_id)
        entry = self.entries[entry_id]
        if any(f.text == form.text and f.type == form.type for f in entry.forms):
            return False
        names = node.findall(q(KINDS[entry.kind][1]))
        new = _form_element(None, entry.kind, form)
        (names[-1].addnext(new) if names else node.insert(0, new))
        _indent(new)
        self._added(node, entry.kind)
        return True

    def _added(self, node, kind: str) -> None:
        entry = _entry(node, kind, KINDS[kind][1])
        self.entries[entry.id] = entry
        self._gazetteer = None

    def serialize(self) -> bytes:
        # the declaration as teams write it; comments and processing instructions around the root are kept
        return b'<?xml version="1.0" encoding="UTF-8"?>\n' + etree.tostring(self.tree, encoding="UTF-8") + b"\n"

    def save(self, path: str | Path | None = None) -> Path:
        """Write the register atomically (temporary file and rename)."""
        from ..fileio import write_atomic
        return write_atomic(path or self.path, self.serialize())


def _indent(node) -> None:
    """Indent an added element like its siblings (two spaces a level), leaving the rest of the file as it is."""
    depth = sum(1 for _ in node.iterancestors())
    etree.indent(node, space="  ", level=depth)
    previous = node.getprevious()
    before = "\n" + "  " * depth
    if previous is not None:
        node.tail, previous.tail = previous.tail if previous.tail and not previous.tail.strip() else None, before
    else:
        parent = node.getparent()
        node.tail, parent.text = parent.text if parent.text and not parent.text.strip() else None, before


def _empty() -> etree._ElementTree:
    root = etree.Element(q("TEI"), nsmap={None: TEI_NS})
    header = etree.SubElement(root, q("teiHeader"))
    fd = etree.SubElement(header, q("fileDesc"))
    etree.SubElement(etree.SubElement(fd, q("titleStmt")), q("title")).text = "Register of persons, places and organisations"
    etree.SubElement(etree.SubElement(fd, q("publicationStmt")), q("p")).text = "Kept by the edition's team."
    etree.SubElement(etree.SubElement(fd, q("sourceDesc")), q("p")).text = "Made with teiencode register."
    etree.SubElement(etree.SubElement(etree.SubElement(root, q("text")), q("body")), q("p"))
    return etree.ElementTree(root)


def _list(tree, kind: str):
    """The list that holds entries of ``kind`` (made in standOff when the file has none)."""
    list_tag = KINDS[kind][0]
    found = tree.getroot().find(f".//{q(list_tag)}")
    if found is not None:
        return found
    root = tree.getroot()
    stand_off = root.find(q("standOff"))
    if stand_off is None:
        stand_off = etree.SubElement(root, q("standOff"))
    return etree.SubElement(stand_off, q(list_tag))


def _form_element(parent, kind: str, form: Form):
    tag = q(KINDS[kind][1])
    node = etree.Element(tag) if parent is None else etree.SubElement(parent, tag)
    node.text = form.text
    if form.lang:
        node.set(_LANG, form.lang)
    if form.type:
        node.set("type", form.type)
    return node


def _entry(node, kind: str, name_tag: str) -> Entry:
    forms = [Form(" ".join("".join(n.itertext()).split()), n.get(_LANG), n.get("type"))
             for n in node.iter(q(name_tag))]
    idnos = {n.get("type"): (n.text or "").strip() for n in node.iter(q("idno")) if n.get("type") and n.text}
    sha = hashlib.sha256(etree.tostring(node, encoding="UTF-8", with_tail=False)).hexdigest()[:16]
    return Entry(node.get(_ID, ""), kind, [f for f in forms if f.text], idnos, sha)


def read_register(path: str | Path) -> Register:
    """Read ``register.xml``; a file that is not XML or not TEI is one located error line."""
    tree = xmlsafe.parse(path)
    root = tree.getroot()
    if root.tag != q("TEI"):
        raise InputError(Diagnostic("error", "E-REGISTER", "the register must be a TEI document (root <TEI> in "
                                    "the TEI namespace)", str(path), root.sourceline or 1, 1))
    for node in root.iter(q("person"), q("place"), q("org")):  # the parser refuses an xml:id given twice
        if not node.get(_ID):
            raise InputError(Diagnostic("error", "E-REGISTER", f"a <{etree.QName(node).localname}> has no xml:id",
                                        str(path), node.sourceline or 1, 1))
    return Register(tree, str(path))


_CACHE: dict[tuple[str, float, int], Register] = {}


def load_register(path: str | Path | None) -> Register | None:
    """The register at ``path`` (None when there is none), read once per process while the file is unchanged."""
    if not path:
        return None
    p = Path(path)
    try:
        stat = p.stat()
    except OSError:
        return None
    key = (str(p.resolve()), stat.st_mtime, stat.st_size)
    if key not in _CACHE:
        _CACHE.clear()
        _CACHE[key] = read_register(p)
    return _CACHE[key]
