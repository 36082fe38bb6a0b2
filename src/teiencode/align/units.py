"""The units that align: what a unit is, which class it falls in, how a division of the document
model becomes units, and how a paragraph the export broke is joined back into one segment.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import chain

from ..model import LineBreak, Mark, Text
from ..translit import is_caseless


@dataclass(frozen=True)
class Unit:
    """One alignable block: its xml:id, its text, and its block kind (p, head, fw, note...).

    ``part`` is the block's ``@part`` (I, M, F) when the export broke it; ``one_sided`` marks a
    unit that can have no counterpart (a translator's note).
    """

    id: str
    text: str
    kind: str = "p"
    part: str | None = None
    one_sided: bool = False


@dataclass(frozen=True)
class Link:
    """Original unit ids <-> translation unit ids, with a certainty in [0, 1]."""

    original: tuple[str, ...]
    translation: tuple[str, ...]
    cert: float
    pinned: bool = False


# --- unit classes ------------------------------------------------------------------

FURNITURE = frozenset({"fw", "pb"})
NEVER_LINK = FURNITURE | {"note"}
_CLASSES = {
    "head": "head", "label-head": "head",
    "opener": "opener", "opener-line": "opener", "dateline": "opener", "address": "opener",
    "classification": "opener", "salute": "opener",
    "closer": "closer", "signed": "closer", "postscript": "closer",
    "ab": "annot", "annotation": "annot", "margin-note": "annot", "lines": "annot",
}
# A whole unit that is one bracketed editorial note: the translator wrote it, nothing matches it.
_NOTE_UNIT = re.compile(r"^\s*\[\s*(?:translator'?s?|translators’|editor'?s?|editor’s|ed\.|transl\.)\s+note\b",
                        re.I)
_BRACKET_UNIT = re.compile(r"^\s*\[[^\[\]]*(?:\[[^\[\]]*\][^\[\]]*)*\]\s*(?::.*)?$", re.S)
TERMINAL = tuple('.!?:;…"»”’)]。！？')


def unit_class(unit: Unit) -> str:
    """The alignment class of a unit: text, head, opener, closer, annot, or never.

    :param unit: a unit.
    """
    if unit.kind in NEVER_LINK or unit.one_sided or _NOTE_UNIT.match(unit.text) and _BRACKET_UNIT.match(unit.text):
        return "never"
    if unit.kind in _CLASSES:
        return _CLASSES[unit.kind]
    # a paragraph that is one bracket ("[Handwritten note in the margin: ...]") is marginalia
    return "annot" if _BRACKET_UNIT.match(unit.text) else "text"


FRAGMENT_MIN = 60  # letters: shorter units are not taken for the cut edge of a partial text


# --- segments -----------------------------------------------------------------------

@dataclass
class Segment:
    """Consecutive units (a paragraph the export broke) that link as one."""

    units: list[int]
    cls: str
    text: str
    length: float = 0.0
    tokens: frozenset = frozenset()
    strong: frozenset = frozenset()  # the numbers and dates among the tokens
    lines: int = 1  # lines of a block of short lines (0: a block with long lines)
    fragment: bool = False  # starts or ends mid-sentence at the edge of the text


def _is_open(unit: Unit) -> bool:
    """True when the unit stops mid-sentence (the export broke the paragraph).

    Without ``@part`` only a long paragraph counts: short lines (a dateline, a sign-off) often
    lack a final stop.
    """
    if unit.part in ("I", "M"):
        return True
    text = unit.text.rstrip()
    # the class last: it takes the longest to work out, and most paragraphs end with a stop
    return len(text) >= FRAGMENT_MIN and not text.endswith(TERMINAL) and not is_caseless(text[-1]) \
        and unit_class(unit) == "text"


def _continues(unit: Unit) -> bool:
    """True when the unit starts mid-sentence: the rest of an open paragraph."""
    if unit.part in ("M", "F"):
        return True
    text = unit.text.lstrip()
    return bool(text) and text[0].islower() and unit_class(unit) == "text"


def join_segments(units: list[Unit], indices: list[int]) -> list[Segment]:
    """Group the linkable units at ``indices`` into segments, re-joining broken paragraphs.

    Linear in the units and their text (a segment's text is joined once, when it is complete).
    """
    segments: list[Segment] = []
    open_seg: Segment | None = None
    open_texts: list[str] = []  # the texts of the open segment's units
    held: list[Segment] = []  # marginalia standing inside a broken paragraph
    for idx in indices:
        unit = units[idx]
        cls = unit_class(unit)
        if open_seg is not None and _is_open(units[open_seg.units[-1]]):
            if _continues(unit):
                open_seg.units.append(idx)
                open_texts.append(unit.text)
                continue
            if cls == "annot":
                held.append(Segment([idx], cls, unit.text))
                continue
        if open_seg is not None:
            open_seg.text = " ".join(open_texts)
            segments.append(open_seg)
        segments.extend(held)
        held = []
        open_seg, open_texts = Segment([idx], cls, unit.text), [unit.text]
    if open_seg is not None:
        open_seg.text = " ".join(open_texts)
        segments.append(open_seg)
    segments.extend(held)
    return segments


# --- the document model ---------------------------------------------------------------------


_REND = {"brackets": ("[", "]"), "double-brackets": ("[[", "]]"), "query": ("?", "?"),
         "parentheses": ("(", ")")}


def export_text(inlines: list) -> str:
    """Inline nodes written back in the export's bracket forms (``[Translator's note: ...]``).

    The aligner's heuristics read those forms: a unit that is one bracket, a bracketed
    transliteration, an editorial note that translates nothing.  Marks are walked with a stack,
    not by recursion: linear in the nodes however deep they nest.

    :param inlines: a block's inline nodes (:mod:`teiencode.model`).
    """
    out: list[str] = []
    stack = [iter(inlines)]  # what is left of each open mark: its children, then its closing text
    while stack:
        node = next(stack[-1], None)
        if node is None:
            stack.pop()
        elif isinstance(node, str):
            out.append(node)
        elif isinstance(node, Text):
            out.append(node.text)
        elif isinstance(node, LineBreak):
            out.append("\n")
        elif isinstance(node, Mark):
            if node.rend == "brackets-label":
                opening, closing = f"[{node.label or ''}]", node.desc or ""
            else:
                before, after = _REND.get(node.rend or "", ("", ""))
                opening, closing = before + (node.label or ""), (node.desc or "") + after
            out.append(opening)
            stack.append(chain(node.children, (closing,)))
    return "".join(out)


def units_from_division(division) -> list[Unit]:
    """The alignable units of a model division (:class:`teiencode.model.Division`).

    A block that holds nothing but a translator's or editor's note becomes a ``note`` unit
    (never linked).  Unit texts keep the export's bracket forms (:func:`export_text`).

    :param division: a division of the document model.
    """
    units = []
    for block in division.blocks:
        if not block.items and len(block.inlines) == 1 and isinstance(block.inlines[0], Text):
            # most blocks are one run of plain text: their unit's text, and no note
            units.append(Unit(block.xml_id or "", block.inlines[0].text, block.kind, block.part))
            continue
        kind = block.kind
        marks = [node for node in block.inlines if not (isinstance(node, Text) and not node.text.strip())]
        if marks and all(isinstance(node, Mark) and node.kind == "note"
                         and node.attrs.get("type") in ("translator", "editorial") for node in marks):
            kind = "note"
        text = "\n".join(export_text(item.inlines) for item in block.items) if block.items \
            else export_text(block.inlines)
        units.append(Unit(block.xml_id or "", text, kind, block.part))
    return units
