"""Model -> <text>: divisions, their parts and sections, opener and closer, blocks and inline marks."""
from __future__ import annotations

import re
from itertools import groupby

from lxml import etree

from ..conventions.footnotes import footnote_id
from ..model import Block, Division, Document, Inline, LineBreak, Mark, Text
from ..reader.blocks import (CLOSING_SALUTE, DATELINE_FROM, LIST_ITEM, find_signature, has_signature_mark, is_name_line,
                             line_role, opener_role, place_date)
from ..reader.dates import parse_date
from ..reader.languages import language_of, script_of_language
from .ns import append_text, el, q

# Elements whose content is phrase-level only: a bare <label> must be wrapped in <seg> there.
_PHRASE_ONLY = {"dateline", "persName", "stamp", "speaker", "title", "idno", "placeName", "date", "foreign", "fw"}


class BodyWriter:
    """Writes one document's divisions; knows the footnote ids of the division it is in."""

    def __init__(self, doc: Document):
        self.doc = doc
        self.prefix = ""
        self.script = "Latn"
        # The ids of the division's footnotes (their blocks' ids: unique by construction, and what
        # the alignment links point at), by the mark they answer to, in order; the n-th reference
        # to a mark points at the n-th note with it.
        self.footnotes: dict[str, list[str]] = {}
        self.refs_seen: dict[str, int] = {}

    # --- inline -------------------------------------------------------------------------------

    def inlines(self, parent, nodes: list[Inline]) -> None:
        for node in nodes:
            if isinstance(node, Text):
                append_text(parent, node.text)
            elif isinstance(node, LineBreak):
                el(parent, "lb")
            elif isinstance(node, Mark):
                self.mark(parent, node)

    def mark(self, parent, m: Mark) -> None:
        attrs = dict(m.attrs)
        if m.kind == "ref" and attrs.get("target", "").startswith("#fn-"):
            notes = self.footnotes.get(attrs["target"][1:])
            if notes:
                k = self.refs_seen.get(attrs["target"], 0)
                self.refs_seen[attrs["target"]] = k + 1
                attrs["target"] = "#" + notes[min(k, len(notes) - 1)]
            else:
                del attrs["target"]
        if attrs.get("resp") == "#translator" and not (self.doc.header.citation and
                                                       self.doc.header.citation.translator):
            del attrs["resp"]  # no translator is named in the header to point at
        if m.kind == "label" and _local(parent.tag) in _PHRASE_ONLY:
            parent = el(parent, "seg", type="marker")
        node = el(parent, m.kind, rend=m.rend, **attrs)
        if m.label is not None:
            el(node, "label", m.label)
        if m.desc is not None:
            el(node, "desc", m.desc)
        self.inlines(node, m.children)

    # --- divisions ----------------------------------------------------------------------------

    def ident(self, b: Block) -> dict:
        """A unit's id and links, and its language where it is written in another script than its division's
        (the printed English heading of a Chinese telegram form)."""
        ident = {"xml:id": b.xml_id, "corresp": _corresp(b)}
        lang = language_of(" ".join(b.lines)) if b.lines else None
        lang = "en" if lang == "und-Latn" else lang  # Latin text with no clue: the archive's English
        if lang and lang != "und" and script_of_language(lang) != self.script:
            ident["xml:lang"] = lang
        return ident

    def division(self, body, division: Division) -> None:
        self.script = script_of_language(division.lang)
        self.prefix = division.id_prefix
        self.footnotes, self.refs_seen = {}, {}
        for b in division.blocks:
            if b.kind == "footnote":
                self.footnotes.setdefault(footnote_id(b.role or "x/"), []).append(b.xml_id)
        div = el(body, "div", type=division.type, **{"xml:lang": division.lang, "xml:id": division.xml_id})
        if division.heading:
            el(div, "head", division.heading, type="division")
        parts = [list(g) for _, g in groupby(division.blocks, key=lambda b: b.part_no)]
        if len(parts) == 1:
            self.part(div, parts[0])
            return
        for k, blocks in enumerate(parts, start=1):
            self.part(el(div, "div", type="part", n=str(k), **{"xml:id": f"{division.id_prefix}.part{k}"}), blocks)

    def part(self, container, blocks: list[Block]) -> None:
        opener = [b for b in blocks if b.region == "opener"]
        closer = [b for b in blocks if b.region == "closer"]
        post = [b for b in blocks if b.region == "postscript"]
        body = [b for b in blocks if b.region == "body"]
        if opener:
            self.opener(el(container, "opener"), opener)
        sections = [list(g) for _, g in groupby(body, key=lambda b: b.section)]
        for group in sections:
            target = container
            if group[0].kind == "head":
                target = el(container, "div", type="section", **{"xml:id": f"{group[0].xml_id}.section"})
            for b in group:
                self.block(target, b)
        if not body and not sections:
            el(container, "ab", type="lines")  # TEI needs content between opener and closer
        if closer:
            self.closer(el(container, "closer"), closer)
        if post:
            # Notes, rules and furniture may follow a closer as they are; other blocks need a postscript.
            common = any(b.kind not in ("fw", "pb", "rule", "footnote", "margin-note", "note") for b in post)
            # Containers carry no id: their lines are the units that align.
            target = el(container, "postscript") if common else container
            for b in post:
                self.block(target, b)

    # --- blocks -------------------------------------------------------------------------------

    def block(self, parent, b: Block) -> None:
        ident = self.ident(b)
        kind = b.kind
        if kind == "p":
            m = LIST_ITEM.match(b.lines[0]) if b.lines else None
            n = m.group("n").rstrip(".)-– ") if m and m.group("n")[0].isdigit() else None
            self.inlines(el(parent, "p", n=n, part=b.part, **ident), b.inlines)
        elif kind == "head":
            self.inlines(el(parent, "head", **ident), b.inlines)
        elif kind == "fw":
            el(parent, "fw", b.lines[0], type=b.role, **ident)
        elif kind == "pb":
            el(parent, "pb", n=b.n, **{"xml:id": b.xml_id})
            el(parent, "fw", b.lines[0], type="pageNum", **{"xml:id": f"{b.xml_id}.fw"})
        elif kind == "rule":
            el(parent, "milestone", unit="rule", rend=b.role.replace(" ", ""), **{"xml:id": b.xml_id})
        elif kind == "list":
            self.list(parent, b, ident)
        elif kind == "margin-note":
            self.inlines(el(parent, "note", type="annotation", place="margin", **ident), b.inlines)
        elif kind == "footnote":
            self.inlines(el(parent, "note", type="footnote", **ident), b.inlines)
        elif kind == "note":
            # The note itself is the block: it carries the block's id and links.
            self.inlines(parent, b.inlines)
            # The block's note is among the children just written: look from the end, not count them all.
            note = next(n for n in parent.iterchildren(reversed=True) if _local(n.tag) == "note")
            note.set("{http://www.w3.org/XML/1998/namespace}id", b.xml_id)
            if ident["corresp"]:
                note.set("corresp", ident["corresp"])
        elif kind == "sp":
            sp = el(parent, "sp", who="#" + b.role, **ident)
            # rend="inline": the turn's text ran on after the speaker's name, on the same line.
            el(sp, "speaker", b.speaker, rend=None if b.lines[0].strip() == b.speaker else "inline")
            for para in b.items or [b]:  # a turn that goes on over several paragraphs holds them all
                self.inlines(el(sp, "p"), para.inlines)
        else:
            self.inlines(el(parent, "ab", type=b.role or "lines", **ident), b.inlines)

    def list(self, parent, b: Block, ident: dict) -> None:
        lst = el(parent, "list", type=b.role, **ident)
        if b.inlines:
            self.inlines(el(lst, "head"), b.inlines)
        for item in b.items:
            self.inlines(el(lst, "item", n=item.n), item.inlines)

    # --- opener and closer --------------------------------------------------------------------

    def opener(self, opener, blocks: list[Block]) -> None:
        for b in blocks:
            role = opener_role(b)
            ident = self.ident(b)
            if role in ("fw", "pb", "rule"):
                self.block(opener, b)
            elif role == "distribution":
                self.list(el(opener, "note", type="distribution", **ident), b, {})
            elif role in ("dateline", "date"):
                self.dateline(el(opener, "dateline", **ident), b)
            elif role == "salute":
                self.inlines(el(opener, "salute", **ident), b.inlines)
            else:
                self.lines_as_segs(el(opener, "seg", type=_seg_type(role), **ident), b)

    def lines_as_segs(self, seg, b: Block) -> None:
        """A multi-line heading block: one typed seg per line; a one-line block is the seg itself."""
        if len(b.lines) == 1 or not all(isinstance(n, Text) for n in b.inlines if not isinstance(n, LineBreak)):
            self.inlines(seg, b.inlines)
            return
        for k, line in enumerate(b.lines):
            if k:
                el(seg, "lb")
            el(seg, "seg", line, type=_seg_type(line_role(line)))

    def dateline(self, node, b: Block) -> None:
        if not all(isinstance(n, (Text, LineBreak)) for n in b.inlines):
            self.inlines(node, b.inlines)
            return
        for k, line in enumerate(b.lines):
            if k:
                el(node, "lb")
            self.dateline_line(node, line)

    def dateline_line(self, node, line: str) -> None:
        m = DATELINE_FROM.match(line)
        date = parse_date(line.rstrip("."))
        if m:
            append_text(node, line[:m.start("place")])
            el(node, "placeName", m.group("place"))
        elif date:
            self.date(node, line, date)
        elif found := place_date(line):
            place, when = found
            lead = len(line) - len(line.lstrip())
            append_text(node, line[:lead])
            el(node, "placeName", place.group("place")).tail = line[lead + place.end("place"):lead + place.start("date")]
            self.date(node, place.group("date"), when)
        elif re.match(r"^(?:N[°º]|No\.|№|Nr\.)", line):
            el(node, "idno", line, type="docNumber")
        else:
            append_text(node, line)

    @staticmethod
    def date(parent, text: str, value):
        return el(parent, "date", text, when=value.when, notBefore=value.not_before, notAfter=value.not_after)

    def closer(self, closer, blocks: list[Block]) -> None:
        signed_done = False
        signs = [len(b.lines) in (1, 2) and find_signature(b.lines[0]) is not None or has_signature_mark(b)
                 for b in blocks]
        for k, b in enumerate(blocks):
            ident = self.ident(b)
            line = b.lines[0].strip() if b.lines else ""
            plain = all(isinstance(n, (Text, LineBreak)) for n in b.inlines)
            if CLOSING_SALUTE.match(line):
                self.inlines(el(closer, "salute", **ident), b.inlines)
                continue
            if signs[k] and k + 1 < len(blocks) and signs[k + 1]:
                # Two signature-like lines: the first is the signer's office over the signature
                # ("COUNSELLOR OF THE [signature]" / "USSR MFA DVO (B. NAME)").
                self.inlines(el(closer, "seg", type="routing", **ident), b.inlines)
                continue
            if self.signature(closer, b, ident, names=not signed_done):
                signed_done = True
                continue
            date = parse_date(line.rstrip(".")) if plain and len(b.lines) == 1 else None
            if date:
                self.date(el(closer, "dateline", **ident), line, date)
            else:
                self.inlines(el(closer, "seg", type="routing", **ident), b.inlines)

    def signature(self, closer, b: Block, ident: dict, names: bool) -> bool:
        """Write ``b`` as a <signed> if it is a signature (a bare name only when ``names``); say whether it was."""
        if not 1 <= len(b.lines) <= 2:
            return False
        line = b.lines[0].strip()
        sig = find_signature(line)
        if sig is None and not (names and is_name_line(line)) and not has_signature_mark(b):
            return False
        signed = el(closer, "signed", **ident)
        below = b.lines[1].strip() if len(b.lines) == 2 else ""
        date = parse_date(below.rstrip(".")) if below else None
        if not all(isinstance(n, (Text, LineBreak)) for n in b.inlines) or (below and not date):
            self.inlines(signed, b.inlines)  # a bracketed gloss or mark, or the signer's office below
        else:
            self.signed(signed, line, sig.start("name") if sig is not None else 0)
            if date:  # the date on the line below
                self.date(el(closer, "dateline", **{"xml:id": f"{b.xml_id}.date"}), below, date)
        return True

    def signed(self, signed, line: str, start: int) -> None:
        """The whole sign-off line is the signature, so it stays one line; what is written before the name
        is inside it: a date ("30 May 1950 SHTYKOV") as a date, other marks (copies, typist) as routing."""
        prefix = line[:start].strip()
        if not prefix:
            signed.text = line
            return
        date = parse_date(prefix.rstrip("."))
        before = self.date(signed, prefix, date) if date else el(signed, "seg", prefix, type="routing")
        before.tail = line[len(prefix):]


def _seg_type(role: str | None) -> str:
    return {"mixed": "heading", None: "routing", "date": "routing", "dateline": "routing",
            "salute": "routing"}.get(role, role)


def _corresp(b: Block) -> str | None:
    return "#" + " #".join(b.corresp) if b.corresp else None


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def write_text(root, doc: Document) -> None:
    """Append <text><body> with every division of ``doc`` to the TEI root."""
    text = el(root, "text")
    body = el(text, "body")
    writer = BodyWriter(doc)
    for division in doc.divisions:
        writer.division(body, division)
    _write_indentation(body, doc.divisions)
    if not doc.divisions:
        div = el(body, "div", type="translation", **{"xml:lang": "en", "xml:id": "translation"})
        el(div, "gap", reason="omitted")


_LB, _ITEM, _SP, _XML_ID = q("lb"), q("item"), q("sp"), q("xml:id")


def _write_indentation(body, divisions: list[Division]) -> None:
    """Each indented line of the export starts with ``<space quantity="N" unit="chars"/>`` (the TEI
    Guidelines' means for significant space), in the unit that holds it: the first line at the
    unit's start, a later line after its ``<lb/>`` where the unit has one per line; a list's lines
    are its items, a page break's is its <fw>; a rule's <milestone/> keeps none. O(n) in the elements."""
    units = {node.get(_XML_ID): node for node in body.iter() if node.get(_XML_ID)}
    for division in divisions:
        if not division.indents:
            continue
        for block in division.blocks:
            # a page break's line is its printed number's: the <fw> after it
            node = units.get(f"{block.xml_id}.fw", units.get(block.xml_id))
            if node is None:
                continue
            if node.tag == _SP and len(node):
                node = node[0]  # a turn's first line starts with its speaker
            if block.kind == "list":
                for item, item_node in zip(block.items, node.findall(_ITEM)):
                    _indent_lines(item_node, item, division.indents)
            else:
                _indent_lines(node, block, division.indents)


def _indent_lines(node, block: Block, indents: dict[int, int]) -> None:
    if node.text is None and not len(node):
        return  # an empty unit (a rule's <milestone/>) holds no line to indent
    first = block.span.line
    if indents.get(first):
        space = _space(indents[first])
        space.tail, node.text = node.text, None
        node.insert(0, space)
    breaks = list(node.iter(_LB))
    if len(breaks) != len(block.lines) - 1:
        return  # lines and line breaks do not pair up: the indentation of the later lines is not placed
    for k, lb in enumerate(breaks, start=1):
        if indents.get(first + k):
            space = _space(indents[first + k])
            space.tail, lb.tail = lb.tail, None
            lb.addnext(space)


def _space(quantity: int):
    return etree.Element(q("space"), quantity=str(quantity), unit="chars")
