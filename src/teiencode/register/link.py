"""Linking: mentions in a TEI tree's text get ``persName``/``placeName``/``orgName`` with ``@ref`` to the
register; names the encoder already wrote (correspDesc, name glosses, datelines) get ``@ref``.

Linear in the tree: each text node is scanned once by the gazetteer (see :mod:`.names`) and split
where a form was found; nothing is rescanned.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from ..tei.ns import q
from .names import Match, names_after_titles, tokens
from .store import KINDS, PREFIX, TAG_KIND, Entry, Register

# Elements whose text may hold a name element (TEI phrase content) and that read as running text.
# Page furniture, labels, ids, dates, foreign terms and descriptions of gaps are left as they are.
_SCANNED = frozenset(q(t) for t in ("p", "ab", "seg", "head", "item", "note", "add", "signed", "salute",
                                     "dateline", "supplied", "unclear", "hi", "q", "quote", "l", "speaker",
                                     "opener", "closer", "stamp"))
_NAMES = frozenset(q(t) for t in ("persName", "placeName", "orgName"))
_SKIP = frozenset(q(t) for t in ("fw", "label", "idno", "date", "foreign", "desc", "gap", "title",
                                  "sic", "term", "num", "ref", "roleName"))


@dataclass
class Linked:
    """What linking did to one document: the entries it names, and names it could not resolve."""

    used: dict[str, int] = field(default_factory=dict)  # entry id -> mentions
    pseudonyms: list[tuple[str, str]] = field(default_factory=list)  # (name as written, entry id it stands for)
    unresolved: list[etree._Element] = field(default_factory=list)  # name elements with no entry


def link(tree: etree._ElementTree, register: Register | None) -> Linked:
    """Stage 3b: link the names of a TEI tree to the register, in place.

    Body text: every register form (any script, any case, inflected Russian, Korean particles) becomes a
    name element with ``@ref="reg:ID"``; titles and offices (``Comrade``, ``тов.``) are not forms, so they
    stay outside. Existing name elements whose text is a form get ``@ref``; a pseudonym followed by its
    identification (``Ivanov [Petrov]``) both point at the person identified. The header's correspDesc
    names also carry the entry's authority URI. The header declares the ``reg:`` prefix.

    :param tree: the TEI document (changed in place)
    :param register: the edition's register; None links nothing
    :returns: the entries used and what could not be resolved
    """
    result = Linked()
    if register is None or not register.entries:
        return result
    root = tree.getroot()
    gazetteer = register.gazetteer
    for name in list(root.iter(*_NAMES)):
        _resolve_existing(name, register, result)
    if result.pseudonyms:  # the document's own bracket says who the pseudonym is: its other mentions too
        from .names import Gazetteer, form_key, sound_key
        learned = {form_key(written): entry_id for written, entry_id in result.pseudonyms}
        gazetteer = Gazetteer({**gazetteer.forms, **{k: v for k, v in learned.items() if k}},
                              {**gazetteer.sounds, **{tuple(sound_key(w) for w in k): v for k, v in learned.items()
                                                      if k and all(w.isascii() for w in k)}})
    body = root.find(q("text"))
    if body is not None:
        for node in list(body.iter(*_SCANNED)):
            if any(a.tag in _NAMES or a.tag in _SKIP for a in node.iterancestors()):
                continue
            _wrap_text(node, gazetteer, register, result)
    for action in root.iter(q("correspAction")):
        for name in list(action.iter(q("persName"))):
            _identify_pseudonym(name, register)
    for name in root.iter(*_NAMES):
        ref = name.get("ref", "")
        if ref.startswith(PREFIX + ":") and name.getparent().tag == q("correspAction"):
            uri = register.entries[ref.split()[0][len(PREFIX) + 1:]].authority_uri()
            if uri:
                name.set("ref", f"{ref.split()[0]} {uri}")
    if result.used:
        _declare_prefix(root)
    return result


def entry_for(text: str, register: Register) -> Entry | None:
    """The entry a whole name is a form of; titles and offices before it (``Comrade``, ``Vice Premier``)
    do not count."""
    from .names import strip_titles
    text = strip_titles(" ".join(text.split()))
    matches = register.gazetteer.scan(text)
    if len(matches) == 1 and matches[0].start == 0 and matches[0].end == len(text):
        return register.entries[matches[0].entry_id]
    return None


def _resolve_existing(name, register: Register, result: Linked) -> None:
    if name.get("ref"):
        return
    entry = entry_for("".join(name.itertext()), register)
    if entry is not None and entry.kind == TAG_KIND.get(etree.QName(name).localname, entry.kind):
        _set(name, entry, result)
    elif name.get("type") == "identification":
        pseudonym = name.getprevious()
        if entry is not None and pseudonym is not None and pseudonym.tag == name.tag:
            _set(name, entry, result)
    else:
        result.unresolved.append(name)
    if name.get("type") == "identification" and name.get("ref"):
        pseudonym = name.getprevious()
        if pseudonym is not None and pseudonym.tag == q("persName") and not pseudonym.get("type"):
            written = " ".join("".join(pseudonym.itertext()).split())
            if not pseudonym.get("ref") or pseudonym.get("ref") != name.get("ref"):
                if pseudonym in result.unresolved:
                    result.unresolved.remove(pseudonym)
                if entry_for(written, register) is None:
                    result.pseudonyms.append((written, name.get("ref")[len(PREFIX) + 1:]))
                pseudonym.set("ref", name.get("ref"))


def _identify_pseudonym(name, register: Register) -> None:
    """A correspondent written under a pseudonym the register knows (``Filippov``) is followed by the person
    it stands for, as a bracket would have said (``persName type="identification"``): CMIF names him."""
    from .names import form_key, strip_titles
    ref = name.get("ref", "")
    following = name.getnext()
    if name.get("type") or not ref.startswith(PREFIX + ":") or (
            following is not None and following.tag == name.tag and following.get("type") == "identification"):
        return
    entry = register.entries.get(ref[len(PREFIX) + 1:])
    written = form_key(strip_titles(" ".join("".join(name.itertext()).split())))
    if entry and any(f.type == "pseudonym" and form_key(f.text) == written for f in entry.forms):
        identification = etree.Element(q("persName"), type="identification", ref=ref)
        identification.text = entry.name
        identification.tail = name.tail
        name.addnext(identification)


def _set(name, entry: Entry, result: Linked) -> None:
    name.set("ref", entry.ref)
    result.used[entry.id] = result.used.get(entry.id, 0) + 1


def _wrap_text(node, gazetteer, register: Register, result: Linked) -> None:
    """Wrap the forms found in ``node``'s own text and in its children's tails."""
    position = [0]

    def insert(element) -> None:
        node.insert(position[0], element)
        position[0] += 1

    if node.text:
        node.text = _split(node.text, gazetteer, register, result, insert)
    for child in list(node):
        position[0] = node.index(child) + 1
        if child.tail:
            child.tail = _split(child.tail, gazetteer, register, result, insert)


def _split(text: str, gazetteer, register: Register, result: Linked, insert) -> str | None:
    """Return the text before the first match; insert a name element per match, with its tail. A name after
    a title that is no form of the register is a persName with no @ref (and a suggestion)."""
    words = tokens(text)  # once for both scans
    matches = _with_titled_names(gazetteer.scan(text, words), names_after_titles(text, words))
    if not matches:
        return text
    for i, m in enumerate(matches):
        entry = register.entries.get(m.entry_id)
        element = etree.Element(q(KINDS[entry.kind][1] if entry else "persName"))
        element.text = text[m.start:m.end]
        if entry:
            _set(element, entry, result)
        else:
            result.unresolved.append(element)
        element.tail = text[m.end: matches[i + 1].start if i + 1 < len(matches) else len(text)] or None
        insert(element)
    return text[:matches[0].start] or None


def _with_titled_names(matches: list[Match], titled: list[tuple[int, int, str]]) -> list[Match]:
    """The register's matches and the titled names that overlap none of them, in text order (one merge)."""
    out: list[Match] = []
    j = 0
    for start, end, _ in titled:
        while j < len(matches) and matches[j].end <= start:
            out.append(matches[j])
            j += 1
        if j < len(matches) and matches[j].start < end:
            continue  # the register knows (part of) this name
        out.append(Match(start, end, ""))
    return out + matches[j:]


def _declare_prefix(root) -> None:
    """``reg:ID`` means ``register/ID.html``: the entry's page, which a build writes beside the TEI."""
    enc = root.find(f"{q('teiHeader')}/{q('encodingDesc')}")
    if enc is None or enc.find(q("listPrefixDef")) is not None:
        return
    lpd = etree.SubElement(enc, q("listPrefixDef"))
    etree.SubElement(lpd, q("prefixDef"), ident=PREFIX, matchPattern="([A-Za-z0-9_.-]+)",
                     replacementPattern="register/$1.html")


def unresolved_refs(path, register: Register) -> list:
    """Errors for each ``reg:`` pointer of a TEI file that names no entry of the register (what the
    Schematron cannot check: it does not see the register). One pass over the file.

    :param path: a TEI file
    """
    from .. import xmlsafe
    from ..diagnostics import Diagnostic, TeiencodeError
    try:
        root = xmlsafe.parse(path).getroot()
    except TeiencodeError:
        return []  # the schema check reports a file that cannot be read
    problems = []
    for node in root.iter(*_NAMES):
        for ref in (node.get("ref") or "").split():
            if ref.startswith(PREFIX + ":") and ref[len(PREFIX) + 1:] not in register.entries:
                problems.append(Diagnostic("error", "E-REGISTER-REF", f"@ref {ref!r} names no entry of the register "
                                           f"{register.path}", str(path), node.sourceline or 1, 1))
    return problems
