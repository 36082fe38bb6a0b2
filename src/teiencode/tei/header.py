"""Header -> teiHeader: fileDesc with msDesc and the citation, encodingDesc from the registry, profileDesc."""
from __future__ import annotations

import copy
import functools
from urllib.parse import quote

from .. import __version__
from ..config import Config
from ..conventions import RULES
from ..model import Citation, DateValue, Document, Party
from ..reader.header import parse_citation
from ..reader.languages import name_for_code
from .ns import append_text, el


# A repeated field that has a place of its own keeps its later value there (a second abstract paragraph,
# credits note, citation); any other repeated field is kept verbatim in notesStmt.
_REPEATS_IN_PLACE = {"Summary", "Credits", "Citation"}


def write_header(root, doc: Document, config: Config) -> None:
    """Append the teiHeader for ``doc`` to the TEI root."""
    h = doc.header
    header = el(root, "teiHeader")
    file_desc = el(header, "fileDesc")
    title_stmt = el(file_desc, "titleStmt")
    # A title the export has no title line for is marked with where it came from (citation, or devised).
    title = el(title_stmt, "title", h.title, type="main", subtype=h.title_source)
    if len(h.title_lines) > 1 and not h.title_source and " ".join(h.title_lines) == h.title:
        # The export's line break in the title: <lb/>, after a newline that keeps the words apart.
        title.text = h.title_lines[0] + "\n"
        for k, line in enumerate(h.title_lines[1:], start=2):
            el(title, "lb").tail = line + ("\n" if k < len(h.title_lines) else "")
    if h.funder:
        el(title_stmt, "funder", h.funder)
    for k, editor in enumerate(config.editors, start=1):
        el(title_stmt, "editor", editor, **{"xml:id": f"editor-{k}"})
    translator = h.citation.translator if h.citation else None
    if translator:
        resp = el(title_stmt, "respStmt")
        el(resp, "resp", "Translated by")
        el(resp, "persName", translator, **{"xml:id": "translator"})
    resp = el(title_stmt, "respStmt")
    el(resp, "resp", "Encoded in TEI by")
    el(resp, "name", "teiencode", **{"xml:id": "encoder"})

    pub = el(file_desc, "publicationStmt")
    el(pub, "publisher", config.publisher)
    el(pub, "pubPlace", config.pub_place)
    el(pub, "idno", doc.doc_id, type="local")
    el(pub, "idno", f"{config.base_url.rstrip('/')}/{doc.doc_id}", type="URI")
    avail = el(pub, "availability")
    el(avail, "licence", config.licence, target=config.licence_url)
    el(pub, "date", when=config.date())

    notes = []
    if h.credits is not None:
        notes.append(("credits", None, h.credits))
    notes += [("credits", None, fld.value) for fld in h.repeated if fld.label == "Credits"]
    if h.contents:
        notes.append(("contents", None, h.contents))
    for fld in h.extra + [f for f in h.repeated if f.label not in _REPEATS_IN_PLACE]:
        notes.append(("field", fld.label, fld.value))
    if notes:
        notes_stmt = el(file_desc, "notesStmt")
        for note_type, n, value in notes:
            note = el(notes_stmt, "note", type=note_type, n=n)
            if n:
                # The field's own label is words of the export: keep them as text, not only in @n.
                el(note, "label", f"{n}:").tail = " "
            if isinstance(value, list):
                lst = el(note, "list")
                for item in value:
                    el(lst, "item", item)
            else:
                _multiline(note, value)

    source_desc = el(file_desc, "sourceDesc")
    _ms_desc(source_desc, doc)
    if h.citation:
        _citation_bibl(source_desc, h.citation, h.date)
    for fld in h.repeated:
        if fld.label == "Citation":
            _citation_bibl(source_desc, parse_citation(fld.value), h.date)

    _encoding_desc(header, config)
    _profile_desc(header, doc)
    rev = el(header, "revisionDesc")
    el(rev, "change", f"Encoded from {doc.source_name} (sha256 {doc.source_sha256[:16]}) by teiencode {__version__}.",
       when=config.date(), who="#encoder")


def _multiline(node, value: str) -> None:
    for k, line in enumerate(value.split("\n")):
        if k:
            el(node, "lb")
        append_text(node, line)


def _date(parent, value: DateValue, tag: str = "date"):
    return el(parent, tag, value.text, when=value.when, notBefore=value.not_before, notAfter=value.not_after,
              cert="medium" if value.precision == "circa" else None)


def _ms_desc(source_desc, doc: Document) -> None:
    h = doc.header
    cit = h.citation or Citation(text="")
    ms = el(source_desc, "msDesc", **{"xml:id": "msdesc"})
    ident = el(ms, "msIdentifier")
    if cit.institution:
        el(ident, "institution", cit.institution)
    if cit.repository:
        el(ident, "repository", cit.repository)
    if cit.collection:
        el(ident, "collection", cit.collection)
    for idno in cit.identifiers:
        el(ident, "idno", idno, type="shelfmark")
    if not (cit.repository or cit.identifiers or cit.collection):
        el(ident, "idno", doc.doc_id, type="local")
    contents = el(ms, "msContents")
    langs = [d.lang for d in doc.divisions]
    main = h.original_language_code or (langs[0] if langs else "en")
    others = " ".join(dict.fromkeys(code for code in langs if code != main)) or None
    # The language's name only as the export gives it: a guessed one would read as a field it never had.
    el(contents, "textLang", h.original_language, mainLang=main, otherLangs=others)
    history = el(ms, "history")
    if h.date:
        origin = _date(el(history, "origin"), h.date, "origDate")
        if h.date_from_citation:
            origin.set("evidence", "external")  # from the citation, not the export's date line
    for line in cit.provenance:
        el(history, "provenance", line)
    if len(history) == 0:
        el(history, "summary", "No origin or provenance is stated in the export.")


def _citation_bibl(source_desc, cit: Citation, date: DateValue | None) -> None:
    """The citation verbatim, with its parts marked up where they stand."""
    bibl = el(source_desc, "bibl", type="citation")
    text = cit.text
    spans = []

    def find(value: str | None, tag: str, **attrs):
        if value:
            i = text.find(value)
            if i >= 0 and not any(a < i + len(value) and i < b for a, b, *_ in spans):
                spans.append((i, i + len(value), tag, attrs))

    find(cit.title, "title")
    if cit.date_text:
        from ..reader.dates import parse_date
        d = parse_date(cit.date_text)
        find(cit.date_text, "date", **({"when": d.when, "notBefore": d.not_before, "notAfter": d.not_after} if d else {}))
    find(cit.archive, "orgName")
    find(cit.translator, "persName", ref="#translator")
    if cit.url:
        i = text.find(cit.url)
        if i >= 0:
            spans.append((i, i + len(cit.url), "ref", {"target": as_any_uri(cit.url)}))
    pos = 0
    for start, end, tag, attrs in sorted(spans):
        _append_lines(bibl, text[pos:start])
        el(bibl, tag, text[start:end], **attrs)
        pos = end
    _append_lines(bibl, text[pos:])


# Characters a URI may hold as they are (RFC 3986 reserved and unreserved, and % of an escape already made);
# "[" and "]" are left out: xsd:anyURI refuses them outside a host's IP literal.
_URI_SAFE = ":/?#@!$&'()*+,;=%~-._"


def as_any_uri(url: str) -> str:
    """The URL as a valid xsd:anyURI: every character it may not hold as it is, percent-encoded (UTF-8).
    The text of the citation keeps the URL as the export wrote it."""
    return quote(url, safe=_URI_SAFE)


def _append_lines(node, s: str) -> None:
    for k, part in enumerate(s.split("\n")):
        if k:
            el(node, "lb")
        append_text(node, part)


def _encoding_desc(header, config: Config) -> None:
    # The same for every document of an edition: built once, then copied by lxml (in C) into each header.
    header.append(copy.deepcopy(_encoding_desc_for(config.project_description)))


@functools.lru_cache(maxsize=8)
def _encoding_desc_for(project_description: str):
    """The encodingDesc, as a tree of its own: only the project description varies (RULES and the version
    are fixed while the process runs). Never changed: callers copy it."""
    enc = el(None, "encodingDesc")
    el(el(enc, "projectDesc"), "p", project_description)
    ed = el(enc, "editorialDecl")
    for rule in RULES:
        el(ed, "p", rule.describe, n=rule.name)
    _refs_decl(enc)
    app_info = el(enc, "appInfo")
    app = el(app_info, "application", ident="teiencode", version=__version__)
    el(app, "label", "teiencode")
    return enc


def _party(action, party: Party) -> None:
    """One sender or addressee: its name (an office alone as roleName), then the person a bracket identifies."""
    if party.kind == "org":
        el(action, "orgName", party.name)
    elif party.kind == "place":
        el(action, "placeName", party.name)
    elif party.name:
        el(action, "persName", party.name)
    elif party.role:
        el(el(action, "persName"), "roleName", party.role)
    if party.identification:
        el(action, "persName", party.identification, type=party.identification_type, rend=party.identification_rend)


# How the text is cited (DTS, and any reader of the TEI): a division, then a unit, whose reference is
# the id the alignment gives it ("t.12" = division "t", delimiter ".", unit "12"). A division's part
# ("o", "t", "t2") is made from its type and the number after "-" in its xml:id ("translation-2").
DIVISION_MATCH = "/TEI/text/body/div"
DIVISION_USE = "concat(substring(@type, 1, 1), substring-after(@xml:id, '-'))"
UNIT_MATCH = (".//*[@xml:id][substring-after(@xml:id, '.') != '']"
              "[translate(substring-after(@xml:id, '.'), '0123456789', '') = '']")
UNIT_USE = "substring-after(@xml:id, '.')"


def _refs_decl(enc) -> None:
    division = el(el(enc, "refsDecl"), "citeStructure", unit="division", match=DIVISION_MATCH, use=DIVISION_USE)
    el(division, "citeStructure", unit="unit", match=UNIT_MATCH, use=UNIT_USE, delim=".")


def _profile_desc(header, doc: Document) -> None:
    h = doc.header
    prof = el(header, "profileDesc")
    summaries = ([h.summary] if h.summary else []) + [" ".join(f.value.split("\n")) for f in h.repeated
                                                       if f.label == "Summary"]
    if summaries:
        abstract = el(prof, "abstract")
        for summary in summaries:
            el(abstract, "p", summary)
    lang_usage = el(prof, "langUsage")
    codes = list(dict.fromkeys([d.lang for d in doc.divisions] + ([h.original_language_code]
                                                                   if h.original_language_code else [])))
    for code in codes or ["en"]:
        el(lang_usage, "language", name_for_code(code), ident=code)
    c = doc.correspondence
    if c:
        cd = el(prof, "correspDesc")
        sent = el(cd, "correspAction", type="sent")
        for party in c.senders:
            _party(sent, party)
        if c.place and not any(p.kind == "place" for p in c.senders):
            el(sent, "placeName", c.place)
        if c.date and (c.date.when or c.date.not_before or c.date.not_after):
            el(sent, "date", when=c.date.when, notBefore=c.date.not_before, notAfter=c.date.not_after)
        if c.addressees:
            received = el(cd, "correspAction", type="received")
            for party in c.addressees:
                _party(received, party)
    if doc.speakers:
        lp = el(el(prof, "particDesc"), "listPerson")
        for sid, label in doc.speakers.items():
            person = el(lp, "person", **{"xml:id": sid})
            el(person, "persName", label)
    hn = el(prof, "handNotes")
    for hand in doc.hands:
        el(hn, "handNote", hand.description, medium=hand.medium, **{"xml:id": hand.xml_id})
