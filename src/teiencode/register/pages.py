"""The register in a build folder: one HTML page per entry a document names (``OUT/register/<id>.html``,
what ``reg:ID`` points at: every form, the authority records, the documents it occurs in by date), and
``OUT/register/index.html``. (No copy of register.xml: ``teiencode validate OUT`` checks every .xml there
as an edition document.)

Reads each TEI file of the folder once (its header facts and its ``reg:`` references): linear in the
size of the build; pages are written through a temporary file and a rename.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree
from lxml.html import builder as E

from .. import xmlsafe
from ..diagnostics import TeiencodeError
from ..fileio import write_atomic
from .store import AUTHORITY_URI, PREFIX, Register

_TEI = "{http://www.tei-c.org/ns/1.0}"
_KIND_LABEL = {"person": "Person", "place": "Place", "org": "Organisation"}
_STYLE = ("body{font-family:Georgia,serif;max-width:48rem;margin:2rem auto;padding:0 1rem;line-height:1.5}"
          "table{border-collapse:collapse}td,th{padding:.2rem .6rem;border-bottom:1px solid #ddd;text-align:left}"
          ".lang{color:#666;font-size:.85em}")


@dataclass
class _Doc:
    doc_id: str
    title: str
    date: str
    mentions: dict[str, int] = field(default_factory=dict)
    written: dict[str, dict[str, None]] = field(default_factory=dict)  # entry id -> forms as written


def documents(out: Path) -> list[_Doc]:
    """The built documents of ``out`` with the register entries each names (files that cannot be read
    are skipped: the build reported them)."""
    found = []
    for tei in sorted(out.glob("*.tei.xml")):
        try:
            root = xmlsafe.parse(tei).getroot()
        except TeiencodeError:
            continue
        title_el = root.find(f".//{_TEI}titleStmt/{_TEI}title")  # all its text: a wrapped title holds <lb/>
        title = "" if title_el is None else " ".join("".join(title_el.itertext()).split())
        date_el = root.find(f".//{_TEI}sourceDesc//{_TEI}origDate")
        date = "" if date_el is None else (date_el.get("when") or date_el.get("notBefore") or "")
        doc = _Doc(tei.name[: -len(".tei.xml")], title, date)
        for node in root.iter(f"{_TEI}persName", f"{_TEI}placeName", f"{_TEI}orgName"):
            ref = (node.get("ref") or "").split()
            if ref and ref[0].startswith(PREFIX + ":"):
                entry_id = ref[0][len(PREFIX) + 1:]
                doc.mentions[entry_id] = doc.mentions.get(entry_id, 0) + 1
                doc.written.setdefault(entry_id, {})[" ".join("".join(node.itertext()).split())] = None
        found.append(doc)
    return found


def named_entries(root) -> dict[str, tuple[str, str]]:
    """The register entries a TEI document names: id -> (element name, the name as first written in Latin
    script, else as first written). One pass over the document."""
    found: dict[str, tuple[str, str]] = {}
    for node in root.iter(f"{_TEI}persName", f"{_TEI}placeName"):
        ref = (node.get("ref") or "").split()
        if not ref or not ref[0].startswith(PREFIX + ":"):
            continue
        entry_id = ref[0][len(PREFIX) + 1:]
        text = " ".join("".join(node.itertext()).split())
        if entry_id not in found or (text.isascii() and not found[entry_id][1].isascii()):
            found[entry_id] = (etree.QName(node).localname, text)
    return found


def publish(register: Register, out: str | Path) -> list[Path]:
    """Write the register and its pages into the build folder ``out``; return the pages written."""
    out = Path(out)
    docs = documents(out)
    by_entry: dict[str, list[_Doc]] = {}
    for doc in docs:
        for entry_id in doc.mentions:
            if entry_id in register.entries:
                by_entry.setdefault(entry_id, []).append(doc)
    pages = {f"{entry_id}.html": _page(register.entries[entry_id],
                                       sorted(entry_docs, key=lambda d: (d.date or "9999", d.doc_id)))
             for entry_id, entry_docs in by_entry.items()}
    pages["index.html"] = _index(register, by_entry)
    folder = out / "register"
    for stale in folder.glob("*.html") if folder.is_dir() else ():
        if stale.name not in pages:  # an entry no document names any more
            stale.unlink(missing_ok=True)
    written = []
    for name, page in sorted(pages.items()):
        target = folder / name
        if not target.is_file() or target.read_bytes() != page:  # unchanged pages keep their date
            written.append(write_atomic(target, page, durable=False))
    return written


def _html(title: str, *body) -> bytes:
    doc = E.HTML(E.HEAD(E.META(charset="utf-8"), E.TITLE(title), E.STYLE(_STYLE)), E.BODY(*body))
    return b"<!DOCTYPE html>\n" + etree.tostring(doc, method="html", encoding="utf-8")


def _page(entry, docs: list[_Doc]) -> bytes:
    forms = E.UL(*[E.LI(f.text, *([" ", E.SPAN(f"({f.lang})", E.CLASS("lang"))] if f.lang else []),
                        *([" ", E.EM(f.type)] if f.type else []), **({"lang": f.lang} if f.lang else {}))
                   for f in entry.forms])
    authorities = [E.LI(E.A(f"{kind}: {value}", href=value if value.startswith("http") else
                            AUTHORITY_URI[kind].format(value), rel="noreferrer"))
                   for kind, value in entry.idnos.items() if kind in AUTHORITY_URI]
    seen = dict.fromkeys(w for d in docs for w in d.written.get(entry.id, ()))
    rows = [E.TR(E.TD(d.date), E.TD(E.A(d.title or d.doc_id, href=f"../{d.doc_id}.reading.html")),
                 E.TD(str(d.mentions[entry.id]))) for d in docs]
    return _html(entry.name,
                 E.P(E.A("Register", href="index.html"), " · ", E.A("Collection", href="../index.html")),
                 E.H1(entry.name), E.P(_KIND_LABEL[entry.kind], E.CLASS("kind")),
                 E.H2("Forms"), forms,
                 E.H2("As written in the documents"), E.P("; ".join(seen), id="written"),
                 *([E.H2("Authority records"), E.UL(*authorities)] if authorities else []),
                 E.H2(f"Documents ({len(docs)})"),
                 E.TABLE(E.TR(E.TH("Date"), E.TH("Document"), E.TH("Mentions")), *rows, id="documents"))


def _index(register: Register, by_entry: dict[str, list[_Doc]]) -> bytes:
    sections = []
    for kind, label in _KIND_LABEL.items():
        items = [E.LI(E.A(register.entries[i].name, href=f"{i}.html"), f" ({len(by_entry[i])})")
                 for i in sorted(by_entry, key=lambda i: register.entries[i].name.casefold())
                 if register.entries[i].kind == kind]
        if items:
            sections += [E.H2(label + "s"), E.UL(*items)]
    return _html("Register", E.P(E.A("Collection", href="../index.html")), E.H1("Register"), *sections)
