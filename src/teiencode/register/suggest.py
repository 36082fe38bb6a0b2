"""``teiencode register --suggest`` / ``--accept``: names the register lacks, and forms it should merge.

Candidates come from a linked TEI tree: names the encoder wrote that resolve to no entry (correspDesc
parties, name glosses, datelines), capitalised words after a title or office (``Comrade``, ``тов.``,
``General``), and pseudonyms taught by a bracketed identification. A candidate whose cross-script key
(:func:`.names.phonetic`) equals a form of an entry is proposed as a merge into that entry; two new
candidates with one key in an original unit and in its aligned translation unit are one new entry.
Linear in the tree: each text node is scanned once; candidates are grouped through dictionaries.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from ..tei.ns import XML_NS, q
from ..translit import romanize_hangul, transliterate
from .link import Linked, entry_for
from .names import is_han, names_after_titles, phonetic, strip_titles
from .store import KINDS, TAG_KIND, Entry, Form, Register

_LANG_OF_SCRIPT = {"Cyrl": "ru", "Hang": "ko", "Hani": "zh"}


@dataclass
class Suggestion:
    """One proposal: a new entry, or new forms of an existing one, with why and where."""

    id: str  # what --accept takes: the new entry's id, or ENTRY+FORM-SLUG for a merge
    kind: str
    forms: list[Form]
    target: str | None = None  # the entry a merge adds to
    evidence: list[str] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)

    def describe(self) -> str:
        forms = "; ".join(f"{f.text}" + (f" ({f.lang})" if f.lang else "") + (f" [{f.type}]" if f.type else "")
                          for f in self.forms)
        what = f"merge into {self.target}" if self.target else f"new {self.kind}"
        return (f"{self.id}\t{what}: {forms}\n\tevidence: {'; '.join(dict.fromkeys(self.evidence))}"
                f"\n\tdocuments: {', '.join(dict.fromkeys(self.documents))}")


def script_lang(text: str) -> str | None:
    """The language tag a form's script suggests (Cyrillic ru, Hangul ko, Han zh); None for Latin."""
    for ch in text:
        if "\u0400" <= ch <= "\u04ff":
            return _LANG_OF_SCRIPT["Cyrl"]
        if "\uac00" <= ch <= "\ud7a3":
            return _LANG_OF_SCRIPT["Hang"]
        if is_han(ch):
            return _LANG_OF_SCRIPT["Hani"]
    return None


def slug(text: str) -> str:
    """An id-safe romanised slug of a name (Han characters as code points)."""
    latin = romanize_hangul(transliterate(text))
    out = []
    for ch in latin.lower():
        if ch.isascii() and ch.isalnum():
            out.append(ch)
        elif is_han(ch):
            out.append(f"u{ord(ch):x}")
        else:
            out.append("-")
    return re.sub("-+", "-", "".join(out)).strip("-") or "name"


@dataclass
class _Candidate:
    text: str
    kind: str
    doc: str
    unit: str | None  # the xml:id of the unit it stands in (for alignment evidence)
    why: str


def candidates(tree: etree._ElementTree, linked: Linked, doc_id: str) -> list[_Candidate]:
    """Names in a linked TEI tree that the register does not resolve."""
    found: list[_Candidate] = []
    for name in linked.unresolved:
        text = strip_titles(" ".join("".join(name.itertext()).split()))
        kind = TAG_KIND.get(etree.QName(name).localname)
        # a name with digits is a heading the encoder took for a name (Correspondent 20 Sent 1.7.51)
        if text and kind and not name.get("ref") and not any(ch.isdigit() for ch in text):
            where = etree.QName(name.getparent()).localname
            found.append(_Candidate(text, kind, doc_id, _unit(name), f"<{etree.QName(name).localname}> in <{where}>"))
    body = tree.getroot().find(q("text"))
    if body is not None:
        names = frozenset(q(t) for t in ("persName", "placeName", "orgName"))
        for node in body.iter():
            if not isinstance(node.tag, str) or node.tag in names:
                continue
            for text in (node.text, *(c.tail for c in node)):
                if text:
                    found.extend(_after_titles(text, doc_id, _unit(node)))
    return found


def _after_titles(text: str, doc_id: str, unit: str | None) -> list[_Candidate]:
    """Capitalised words right after a title word (``Cde. Ivanov``, ``тов. ИВАНОВ``)."""
    return [_Candidate(text[start:end], "person", doc_id, unit, f"after the title {title!r}")
            for start, end, title in names_after_titles(text)]


def _unit(node) -> str | None:
    for n in (node, *node.iterancestors()):
        xml_id = n.get(f"{{{XML_NS}}}id")
        if xml_id and "." in xml_id:
            return xml_id
    return None


def suggest(register: Register, documents: list[tuple[str, etree._ElementTree, Linked]]) -> list[Suggestion]:
    """Proposals for the register from linked documents (doc id, TEI tree, what linking did).

    :returns: merges (new forms of entries, pseudonyms) first, then new entries, each once by id
    """
    keyed: dict[str, Entry] = {}
    for entry in register.entries.values():
        for form in entry.forms:
            key = phonetic(form.text)
            if key:
                keyed.setdefault(key, entry)
    out: dict[str, Suggestion] = {}
    for doc_id, tree, linked in documents:
        for written, entry_id in linked.pseudonyms:
            _merge(out, register.entries[entry_id], Form(written, script_lang(written), "pseudonym"),
                   "a bracketed identification names the person", doc_id)
        cands = candidates(tree, linked, doc_id)
        corresp = _alignment(tree)
        by_unit: dict[str, list[_Candidate]] = {}
        for c in cands:
            if c.unit:
                by_unit.setdefault(c.unit, []).append(c)
        for c in cands:
            key = phonetic(c.text)
            entry = keyed.get(key) if key else None
            if entry is not None and entry_for(c.text, register) is entry:
                continue  # the register already links this form
            if entry is not None and entry.kind == c.kind:
                _merge(out, entry, Form(c.text, script_lang(c.text)), f"transliterates like {entry.name!r}"
                       f" ({c.why})", doc_id)
                continue
            # Alignment: the same key in the aligned unit of the other language.
            partner = next((p for u in corresp.get(c.unit or "", ()) for p in by_unit.get(u, ())
                            if p.text != c.text and key and phonetic(p.text) == key), None)
            _new(out, c, partner, doc_id)
    return sorted(out.values(), key=lambda s: (s.target is None, s.id))


def _merge(out, entry: Entry, form: Form, why: str, doc_id: str) -> None:
    if any(f.text == form.text for f in entry.forms):
        return
    sid = f"{entry.id}+{slug(form.text)}"
    s = out.setdefault(sid, Suggestion(sid, entry.kind, [form], entry.id))
    s.evidence.append(why)
    s.documents.append(doc_id)


def _new(out, c: _Candidate, partner: _Candidate | None, doc_id: str) -> None:
    latin = partner if partner is not None and script_lang(c.text) else c
    sid = f"{_PREFIX[c.kind]}-{slug(latin.text)}"
    s = out.setdefault(sid, Suggestion(sid, c.kind, []))
    for cand in (c, partner) if partner is not None else (c,):
        if all(f.text != cand.text for f in s.forms):
            s.forms.append(Form(cand.text, script_lang(cand.text)))
    s.evidence.append(c.why if partner is None else f"{c.why}; aligned with {partner.text!r} in {partner.unit}")
    s.documents.append(doc_id)


_PREFIX = {"person": "pers", "place": "place", "org": "org"}


def _alignment(tree) -> dict[str, tuple[str, ...]]:
    """Unit id -> the ids it is aligned with (from @corresp)."""
    out: dict[str, tuple[str, ...]] = {}
    for node in tree.getroot().iter():
        corresp = node.get("corresp") if isinstance(node.tag, str) else None
        xml_id = node.get(f"{{{XML_NS}}}id") if corresp else None
        if xml_id:
            out[xml_id] = tuple(t.lstrip("#") for t in corresp.split())
    return out


def accept(register: Register, suggestions: list[Suggestion], ids: list[str]) -> list[str]:
    """Write the chosen suggestions into the register (adding only); return the ids not found.

    :param ids: suggestion ids as ``--suggest`` printed them
    """
    by_id = {s.id: s for s in suggestions}
    missing = [i for i in ids if i not in by_id]
    for sid in ids:
        s = by_id.get(sid)
        if s is None:
            continue
        if s.target:
            for form in s.forms:
                register.add_form(s.target, form)
        elif s.id not in register.entries:
            ordered = sorted(s.forms, key=lambda f: f.lang is not None)  # a Latin form first: preferred
            register.add(Entry(s.id, s.kind, ordered), source="Accepted from teiencode register --suggest: "
                         + "; ".join(dict.fromkeys(s.evidence)) + " (" + ", ".join(dict.fromkeys(s.documents)) + ")")
    return missing


__all__ = ["KINDS", "Suggestion", "accept", "candidates", "suggest"]


def suggest_for_exports(exports, register: Register, config) -> list[Suggestion]:
    """Convert each export (nothing is written) and gather the suggestions of all of them.

    :param exports: export files
    :param config: the edition's configuration (its register is ``register``)
    """
    from dataclasses import replace

    from ..pipeline import convert_linked
    from .link import link as link_tree
    documents = []
    bare = replace(config, register=None)
    for path in exports:
        _, tree, _, _ = convert_linked(path, bare)
        documents.append((path.stem, tree, link_tree(tree, register)))
    return suggest(register, documents)
