"""The facets a reader narrows the collection by: year, language of the original, genre, sender,
recipient. Read from a teiHeader (a document's, or an index entry's copy), in time linear in it.
"""
from __future__ import annotations

from lxml import etree

NS = {"t": "http://www.tei-c.org/ns/1.0"}
NAMES = ("year", "language", "genre", "sender", "recipient")

_DATE = etree.XPath("(.//t:origDate/@when | .//t:origDate/@notBefore"
                    " | .//t:correspAction[@type='sent']/t:date/@when)[1]", namespaces=NS)
_MAIN_LANG = etree.XPath("string((.//t:msContents/t:textLang/@mainLang)[1])", namespaces=NS)
_TITLE = etree.XPath("string((t:fileDesc/t:titleStmt/t:title[@type='main'] | t:fileDesc/t:titleStmt/t:title)[1])",
                     namespaces=NS)
_LANG_NAME = etree.XPath("string(t:profileDesc/t:langUsage/t:language[@ident = $code])", namespaces=NS)


def _party(header: etree._Element, kind: str) -> str:
    """The parties of a correspAction, the person a name stands for rather than the name as written."""
    names = []
    for action in header.iterfind(f"t:profileDesc/t:correspDesc/t:correspAction[@type='{kind}']", NS):
        for party in action:
            if etree.QName(party).localname not in ("persName", "orgName"):
                continue
            text = " ".join(party.xpath("string()").split())
            if party.get("type") in ("identification", "variant") and names:
                names[-1] = text if party.get("type") == "identification" else names[-1]
            elif text:
                names.append(text)
    return "; ".join(names)


def of_header(header: etree._Element | None, original_lang: str = "") -> dict[str, str]:
    """The facets of one document, by name (an empty string where the header says nothing).

    :param header: a tei:teiHeader
    :param original_lang: the original division's xml:lang, when the header gives no main language
    """
    if header is None:
        return dict.fromkeys(NAMES, "")
    from ..serve.catalogue import genre_of
    date = _DATE(header)
    year = str(date[0])[:4] if date and str(date[0])[:4].isdigit() else ""
    code = _MAIN_LANG(header) or original_lang
    language = " ".join(_LANG_NAME(header, code=code).split()) or code
    genre = genre_of(" ".join(_TITLE(header).split())) or ""
    return {"year": year, "language": language, "genre": genre.replace("-", " ").capitalize(),
            "sender": _party(header, "sent"), "recipient": _party(header, "received")}


def of_tei(root: etree._Element) -> dict[str, str]:
    """The facets of a TEI document (its root element)."""
    original = root.find("t:text/t:body/t:div[@type='original']", NS)
    lang = original.get("{http://www.w3.org/XML/1998/namespace}lang", "") if original is not None else ""
    return of_header(root.find("t:teiHeader", NS), lang)


def annotate_doc(doc: etree._Element) -> None:
    """Give an index entry (``<doc>``, :func:`teiencode.render.index_entry`) its facets as
    attributes (``facet-year`` …), in time linear in the entry."""
    original = doc.find("division[@type='original']")
    facets = of_header(doc.find("t:teiHeader", NS), original.get("lang", "") if original is not None else "")
    for name, value in facets.items():
        doc.set(f"facet-{name}", value)
