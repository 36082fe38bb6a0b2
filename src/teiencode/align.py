"""Align original and translation units (paragraph level): length plus cross-script anchors.

How it works
------------
Units that never link (page furniture ``fw``/``pb``, translator's and editor's notes) are set
aside.  A paragraph the export breaks mid-sentence (``@part``, or no final punctuation and a
lower-case continuation after an interruption) is re-joined into one segment.  A dynamic
programme then chooses links of shape 1-1, 1-2, 2-1, 2-2, 1-3 and 3-1, scoring each as a
log-odds: a length model in the Gale-Church spirit (the length ratio of the two sides, its
expected value estimated from the document itself; short units say little), plus anchors
that survive translation: numbers, dates and months in any supported language, and names
matched across scripts by loose phonetic keys of their romanisations
(:mod:`teiencode.translit`), each weighted by its rarity in the document.  Numbers on one
side only count against a link; a block of short lines matches as many one-line units.
The alignment is local: skipping units is free before the first and after the last link
(a partial original: its start and end are found) and costs a little inside.  Units left
between confident links are then paired by position where they fit.  A link's certainty is
the logistic of its score.  Documents beyond BAND_CELLS are aligned in a band around a
chain of anchors found once on each side.

The sidecar file
----------------
Corrections live beside the export, ``<name>.toml`` for ``<name>.txt``; other tables in the
same file are left to their owners.  Each ``[[link]]`` pins one link; every other unit is
re-aligned around the pins::

    [[link]]                                  # by unit id
    original = ["o.3"]
    translation = ["t.5", "t.6"]

    [[link]]                                  # by a phrase found in exactly one unit
    original_phrase = "в начале беседы"
    translation_phrase = ["at the start of the talk", "he then added"]

    [[link]]                                  # an empty or missing side: no counterpart
    translation = ["t.12"]

    [[link]]                                  # in a second translation
    division = "translation-2"
    original = ["o.4"]
    translation = ["t2.7"]

Ids and phrases may be mixed on one side.  Phrases match case-insensitively, ignoring
brackets, quote styles and runs of white space.
"""
from __future__ import annotations

import functools
import math
import re
import tomllib
import unicodedata
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass
from itertools import chain, compress
from pathlib import Path

import numpy as np

from .diagnostics import Diagnostic, InputError
from .model import LineBreak, Mark, Text
from .translit import is_caseless, name_keys, numeric_anchors, tokenize


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


@dataclass(frozen=True)
class Pin:
    """A correction from a sidecar file: these units belong together (or nothing, when one side is empty)."""

    original: tuple[str, ...]
    translation: tuple[str, ...]


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
_TERMINAL = tuple('.!?:;…"»”’)]。！？')


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


# --- scoring constants (log-odds) ---------------------------------------------------

SHAPES = ((1, 1, 0.0), (1, 2, -0.8), (2, 1, -0.8), (2, 2, -2.5), (1, 3, -2.5), (3, 1, -2.5))
SKIP_INSIDE = {"text": 0.6, "head": 0.5}
SKIP_OTHER = 0.2
SIGMA_RANDOM = 1.2
UNMATCHED_PENALTY = 0.35
CERT_MIDPOINT, CERT_SCALE = 0.3, 1.5  # from the gold files: links scoring ~0.4 are mostly right
TOKEN_WEIGHT = {"d": 3.0, "n": 1.6, "m": 1.0, "yy": 1.0, "o": 0.6, "N": 1.4, "T": 1.0}
STRONG = ("d:", "n:", "m:")  # anchors whose absence on the other side counts against a link
FRAGMENT_MIN = 60  # letters: shorter units are not taken for the cut edge of a partial text
LINK_COST = -0.5
SHORT_LINE = 60  # characters: longer lines belong to running text
LINES_MATCH = 1.0
GAP_MIN = 0.0  # the least score of a unit paired by its position between links
GAP_SANDWICH = 1.0  # how much lower the bar is for a gap with as many units on each side
GAP_ANCHOR = 2.0  # the least score of a link that others may be placed by
LENGTH_RELIABLE = 40.0  # letters from which the length model has its full say  # a link must earn its place: short units with nothing in common stay apart
# Letters of a script per English letter: a Han character carries about three.
_SCRIPT_WEIGHT = ((re.compile("[\uac00-\ud7a3]"), 2.3), (re.compile("[\u3400-\u9fff\uf900-\ufaff]"), 3.0),
                  (re.compile("[\u3040-\u30ff]"), 1.5))
_ASCII_NOT_ALNUM = bytes(c for c in range(128) if not chr(c).isalnum())
_NOT_ALNUM = re.compile(r"[\W_]")  # \w is what str.isalnum takes, and the underscore
_ANY_WEIGHTED = re.compile("[\uac00-\ud7a3\u3400-\u9fff\uf900-\ufaff\u3040-\u30ff]")
_WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")
_BRACKETED = re.compile(r"\[([^\[\]]+)\]")


def text_length(text: str) -> float:
    """The length the length model compares: letters and digits, CJK weighted by their density.

    :param text: a unit's text.
    """
    if text.isascii():  # the same count as str.isalnum's, without a call per character
        return float(len(text.encode("ascii").translate(None, _ASCII_NOT_ALNUM)))
    total = float(len(text) - len(_NOT_ALNUM.findall(text)))  # fewer than the letters: quicker to count
    if _ANY_WEIGHTED.search(text):
        for pattern, weight in _SCRIPT_WEIGHT:
            total += (weight - 1.0) * len(pattern.findall(text))
    return total


def _variants(key: str, minimum: int) -> set[str]:
    """A key and its forms without one or two inflection letters (Иванова -> Ivanov)."""
    out = {key}
    if len(key) >= 4:
        out.add(key[:-1])
    if len(key) >= 5:
        out.add(key[:-2])
    return {k for k in out if len(k) >= minimum}


@functools.lru_cache(maxsize=1 << 16)
def _name_word(token: str) -> str:
    """A word as names and terms are read from it ("Kim's" -> "Kim"); "" for a number."""
    if token[0].isdecimal():
        return ""
    return token[:-2] if token.endswith(("'s", "’s")) else token


@functools.lru_cache(maxsize=1 << 16)
def _name_least(word: str) -> int:
    """The least key length of a capitalised or caseless word as a name (0: not a name)."""
    caseless = is_caseless(word)
    return (3 if caseless else 2) if word[0].isupper() or caseless else 0


@functools.lru_cache(maxsize=1 << 16)
def _name_tokens(piece: str, least: int, original: bool) -> frozenset[str]:
    """A name's keys (``N:``); on the original side with its forms less an inflection letter or two."""
    return frozenset("N:" + k for key in name_keys(piece) for k in (_variants(key, least) if original else {key})
                     if len(k) >= least)


@functools.lru_cache(maxsize=1 << 16)
def _term_tokens(word: str) -> frozenset[str]:
    """An original-language word's keys as a term (``T:``), to meet its bracketed transliteration;
    none for a short or ASCII word."""
    if len(word) < 4 or word.isascii():
        return frozenset()
    return frozenset("T:" + k for key in name_keys(word) for k in _variants(key, 3))


def unit_tokens(text: str, side: str, terms: bool = True) -> set[str]:
    """The anchors of a unit's text.

    Numbers and dates (``n:``, ``d:``, ``m:``, ``yy:``) on both sides; names (``N:``): capitalised
    or caseless words and runs of them, by phonetic key; terms (``T:``): on the original side every
    word, on the translation side the bracketed transliterations (``meeting [soveshchanie]``).

    :param text: the unit's text.
    :param side: ``original`` or ``translation``.
    :param terms: whether to make the original's term keys (needless when the translation has none).
    """
    return _unit_anchors(text, side, terms)[0]


def _unit_anchors(text: str, side: str, terms: bool) -> tuple[set[str], set[str]]:
    """:func:`unit_tokens`, and the numbers and dates among them."""
    tokens = tokenize(text)
    numeric = numeric_anchors(text, tokens)
    out = set(numeric)
    # Per-word facts come from caches and most words are not names: only names reach the loop.
    words = list(filter(None, map(_name_word, tokens)))
    leasts = list(map(_name_least, words))
    original = side == "original"
    for i in compress(range(len(words)), leasts):
        out |= _name_tokens(words[i], leasts[i], original)
        # the runs of two and three names the word ends (Kim Cheol Su = 김철수)
        if i and leasts[i - 1]:
            out |= _name_tokens(words[i - 1] + words[i], 3, original)
            if i > 1 and leasts[i - 2]:
                out |= _name_tokens(words[i - 2] + words[i - 1] + words[i], 3, original)
    if terms and original:
        out.update(*map(_term_tokens, words))
    if side == "translation" and "[" in text:
        for m in _BRACKETED.finditer(text):
            for word in _WORD.findall(m[1]):
                key = next(iter(name_keys(word)))
                if word.islower() and len(key) >= 3:
                    out.add("T:" + key)
    return out, numeric


# --- segments -----------------------------------------------------------------------

@dataclass
class _Segment:
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
    return len(text) >= FRAGMENT_MIN and not text.endswith(_TERMINAL) and not is_caseless(text[-1]) \
        and unit_class(unit) == "text"


def _continues(unit: Unit) -> bool:
    """True when the unit starts mid-sentence: the rest of an open paragraph."""
    if unit.part in ("M", "F"):
        return True
    text = unit.text.lstrip()
    return bool(text) and text[0].islower() and unit_class(unit) == "text"


def _segments(units: list[Unit], indices: list[int]) -> list[_Segment]:
    """Group the linkable units at ``indices`` into segments, re-joining broken paragraphs."""
    segments: list[_Segment] = []
    open_seg: _Segment | None = None
    held: list[_Segment] = []  # marginalia standing inside a broken paragraph
    for idx in indices:
        unit = units[idx]
        cls = unit_class(unit)
        if open_seg is not None and _is_open(units[open_seg.units[-1]]):
            if _continues(unit):
                open_seg.units.append(idx)
                open_seg.text += " " + unit.text
                continue
            if cls == "annot":
                held.append(_Segment([idx], cls, unit.text))
                continue
        if open_seg is not None:
            segments.append(open_seg)
        segments.extend(held)
        held = []
        open_seg = _Segment([idx], cls, unit.text)
    if open_seg is not None:
        segments.append(open_seg)
    segments.extend(held)
    return segments


# --- the aligner ----------------------------------------------------------------------

_CLASS_SCORE = {("text", "head"): -0.5, ("head", "text"): -0.5, ("text", "annot"): -0.3,
                ("annot", "text"): -0.3, ("text", "opener"): -0.3, ("opener", "text"): -0.3,
                ("head", "head"): 1.0}
# a paragraph and the marginal note beside it are two things, even when they sit together
MIXED_GROUP = -1.5
_TWICE_RANDOM_VARIANCE = 2 * SIGMA_RANDOM ** 2


def _class_score(co: str, ct: str) -> float:
    if co == "mixed" or ct == "mixed":
        return MIXED_GROUP
    return _CLASS_SCORE.get((co, ct), 0.3 if co == ct != "text" else 0.0)


_CLASS_NAMES = ("text", "head", "opener", "closer", "annot", "never", "mixed")
_CLASS_CODE = {cls: k for k, cls in enumerate(_CLASS_NAMES)}
# every pair of classes scored once; the tables look their groups' classes up by code
_CLASS_TABLE = np.array([[_class_score(co, ct) for ct in _CLASS_NAMES] for co in _CLASS_NAMES])


@functools.lru_cache(maxsize=1 << 16)
def _base_weight(tok: str) -> float:
    """A token's weight before its rarity in the document counts."""
    kind, _, value = tok.partition(":")
    if kind == "n" and value.isdigit() and int(value) <= 12:
        return 0.8  # small numbers recur everywhere
    return TOKEN_WEIGHT.get(kind, 1.0)


class _Weights(dict):
    """Each token's weight: its kind's, the more the rarer it is in the document.

    A weight is worked out when first asked for: most tokens stand on one side only, and
    only shared and strong tokens are ever weighed (so only theirs are counted).
    """

    def __init__(self, o_segs: list[_Segment], t_segs: list[_Segment]):
        super().__init__()
        segs = o_segs + t_segs
        weighed = (frozenset().union(*(s.tokens for s in o_segs)) & frozenset().union(*(s.tokens for s in t_segs))) \
            .union(*(s.strong for s in segs))
        self.df = Counter(chain.from_iterable(weighed & s.tokens for s in segs))
        self.n = max(len(segs), 2)
        self.norm = math.log(1 + self.n)
        self.totals: dict[frozenset, float] = {}

    def __missing__(self, tok: str) -> float:
        weight = self[tok] = _base_weight(tok) * math.log(1 + self.n / self.df[tok]) / self.norm
        return weight

    def total(self, tokens: frozenset) -> float:
        """The weights of ``tokens`` summed, in a fixed order: set order varies by process, and
        float sums with it.  Groups of segments often hold the same tokens: totals are kept."""
        total = self.totals.get(tokens)
        if total is None:
            total = self.totals[tokens] = sum(map(self.__getitem__, sorted(tokens)))
        return total


def certainty(score: float) -> float:
    """Map a link's log-odds score to a certainty in [0, 1].

    :param score: the link's score from the alignment.
    """
    return round(1.0 / (1.0 + math.exp(-(score - CERT_MIDPOINT) / CERT_SCALE)), 3)


def cert_label(cert: float) -> str:
    """The TEI ``@cert`` value for a certainty: high (>= 0.8), medium (>= 0.5) or low.

    :param cert: a certainty in [0, 1].
    """
    return "high" if cert >= 0.8 else "medium" if cert >= 0.5 else "low"


LARGEST_GROUP = max(max(a, b) for a, b, _ in SHAPES)


def _stacked(rows: np.ndarray, sizes: range, combine) -> np.ndarray:
    """``rows`` combined over every group of consecutive segments: the groups of one segment (the
    rows themselves), then those of two, and so on for each of ``sizes``.

    A group is the one before it without its last segment, combined with that segment: left to
    right, as a sum of lengths is written.
    """
    blocks = [rows]
    for size in sizes[1:]:
        blocks.append(combine(blocks[-1][:-1], rows[size - 1:]))
    return np.concatenate(blocks) if len(blocks) > 1 else rows


class _Groups:
    """Facts about every group of 1 .. LARGEST_GROUP consecutive segments of one side, as arrays
    with one entry per group, stacked by size (:meth:`rows`): one table then holds the links of
    every shape."""

    __slots__ = ("count", "sizes", "length", "strong_weight", "cls_code", "fragment", "lines")

    def __init__(self, segs: list[_Segment], weights: _Weights):
        self.count = len(segs)
        self.sizes = range(1, min(LARGEST_GROUP, self.count) + 1)
        # summed over each group: lengths, short lines, segments with long lines, fragments
        sums = _stacked(np.array([(s.length, s.lines, s.lines == 0, s.fragment) for s in segs], dtype=float),
                        self.sizes, np.add)
        self.length = sums[:, 0]
        self.lines = np.where(sums[:, 2] == 0, sums[:, 1], 0)  # a block of short lines only when every segment is one
        self.fragment = sums[:, 3] > 0
        strong = [s.strong for s in segs]
        groups, block = list(strong), strong
        for size in self.sizes[1:]:  # each group of the size before, with the segment after it
            block = [group | last for group, last in zip(block, strong[size - 1:])]
            groups += block
        self.strong_weight = np.array([weights.total(group) if group else 0.0 for group in groups])
        # a group of one class has that class, a group of several is "mixed"
        self.cls_code = _stacked(np.array([_CLASS_CODE[s.cls] for s in segs]), self.sizes,
                                 lambda group, code: np.where(group == code, group, _CLASS_CODE["mixed"]))

    def rows(self, size: int) -> slice:
        """Where the groups of ``size`` segments stand in the arrays (entry k of it: the group
        that starts at segment k)."""
        start = sum(self.count - smaller + 1 for smaller in range(1, size))
        return slice(start, start + self.count - size + 1)


def _incidence(token_sets: list[frozenset], column: dict[str, int]) -> np.ndarray:
    """Which of the ``column`` tokens each token set holds (1.0) or not (0.0)."""
    marked = [tokens & column.keys() for tokens in token_sets]
    out = np.zeros((len(token_sets), len(column)))
    rows = np.repeat(np.arange(len(token_sets)), list(map(len, marked)))
    out[rows, list(map(column.__getitem__, chain.from_iterable(marked)))] = 1.0
    return out


def _evidence_table(o_segs: list[_Segment], t_segs: list[_Segment], go: _Groups, gt: _Groups,
                    weights: _Weights) -> np.ndarray:
    """What besides length says two groups match, for every pair at once: shared anchors, strong
    anchors left unmatched, line counts and unit classes. It does not depend on the length ratio.

    Shared anchor weights are a product of token incidence matrices over the tokens both sides
    hold (the others add nothing), so the pairs that share nothing, most of them, cost nothing.
    """
    # sorted, so the products sum in the same order in every process (set order varies by process)
    shared = sorted(frozenset().union(*(s.tokens for s in o_segs)) & frozenset().union(*(s.tokens for s in t_segs)))
    column = {tok: k for k, tok in enumerate(shared)}
    token_weights = np.array([weights[tok] for tok in shared])
    has_t = _stacked(_incidence([s.tokens for s in t_segs], column), gt.sizes, np.maximum).T
    weighted_o = _stacked(_incidence([s.tokens for s in o_segs], column), go.sizes, np.maximum) * token_weights
    # a segment's strong tokens are all its tokens of the strong kinds
    matched = (weighted_o * [tok.startswith(STRONG) for tok in shared]) @ has_t
    # strong anchors of one side the other lacks, unless the other is a fragment (it may have lost them)
    lacking_t = go.strong_weight[:, None] - matched
    lacking_t[:, gt.fragment] = 0.0
    lacking_o = gt.strong_weight - matched
    lacking_o[go.fragment] = 0.0
    table = weighted_o @ has_t - UNMATCHED_PENALTY * (lacking_t + lacking_o)
    table += LINES_MATCH * ((go.lines[:, None] == gt.lines) & (gt.lines >= 2))  # short lines against as many
    table += _CLASS_TABLE[go.cls_code[:, None], gt.cls_code]
    return table


def _length_table(go: _Groups, gt: _Groups, ratio: float, o_end: int, t_end: int) -> np.ndarray:
    """The length part of a link's score for every pair of the first ``o_end`` original and
    ``t_end`` translation groups."""
    lo, lt = go.length[:o_end] * ratio, gt.length[:t_end]
    frag_o, frag_t = go.fragment[:o_end], gt.fragment[:t_end]
    x = np.log((lt + 10.0) / (lo + 10.0)[:, None])
    x[frag_o] = np.minimum(x[frag_o], 0.0)  # a fragment may be much shorter
    x[:, frag_t] = np.maximum(x[:, frag_t], 0.0)
    # The spread the model allows and the trust it earns follow the shorter group of a pair: worked
    # out for each group once, a pair takes the wider spread and the lesser trust (the same values).
    length = np.concatenate((lo, lt))
    sigma = 0.18 + 1.2 / np.sqrt(length + 1.0)
    peak = np.log(SIGMA_RANDOM / sigma)  # the score of lengths in the expected proportion
    spread, trust = 2 * sigma * sigma, np.minimum(1.0, length / LENGTH_RELIABLE)
    squared = x * x
    score = np.minimum.outer(peak[:o_end], peak[o_end:]) - squared / np.maximum.outer(spread[:o_end], spread[o_end:]) \
        + squared / _TWICE_RANDOM_VARIANCE
    score = np.maximum(score, -12.0) * np.minimum.outer(trust[:o_end], trust[o_end:])
    if frag_o.any() or frag_t.any():
        score = np.where(frag_o[:, None] | frag_t, np.minimum(score, 0.3) - 0.3, score)
    return score


class _Region:
    """A stretch of each side aligned on its own: its segments, its band, and what its link
    scores owe nothing to the length ratio, kept between the passes."""

    def __init__(self, o_segs: list[_Segment], t_segs: list[_Segment], weights: _Weights):
        self.o_segs, self.t_segs = o_segs, t_segs
        self.band = _region_band(o_segs, t_segs)
        self.go, self.gt = _Groups(o_segs, weights), _Groups(t_segs, weights)
        self.evidence = _evidence_table(o_segs, t_segs, self.go, self.gt, weights)
        self.scores: np.ndarray | None = None  # the link scores (length and evidence) of the last tables

    def tables(self, shapes, ratio: float) -> list[tuple[int, int, np.ndarray]]:
        """For every shape (a, b) that fits, the score of linking every group of ``a`` original
        segments to every group of ``b`` translation segments."""
        shapes = [(a, b, prior) for a, b, prior in shapes if a <= self.go.count and b <= self.gt.count]
        # the groups are stacked by size: the smaller ones come first
        o_end = self.go.rows(max(a for a, _, _ in shapes)).stop
        t_end = self.gt.rows(max(b for _, b, _ in shapes)).stop
        self.scores = _length_table(self.go, self.gt, ratio, o_end, t_end) + self.evidence[:o_end, :t_end]
        return [(a, b, prior + LINK_COST + self.scores[self.go.rows(a), self.gt.rows(b)]) for a, b, prior in shapes]

    def pair_score(self, i: int, j: int) -> float:
        """The score of linking original segment i to translation segment j (as the last tables had it)."""
        return float(self.scores[i, j])


def _skip(seg: _Segment) -> float:
    """What leaving a segment unlinked costs inside the aligned stretch; short marks cost little."""
    if seg.cls == "text":
        return -min(SKIP_INSIDE["text"], 0.1 + seg.length / 100.0)
    return -SKIP_INSIDE.get(seg.cls, SKIP_OTHER)


def _dp(region: _Region, shapes, ratio: float) -> list[tuple[int, int, int, int, float]]:
    """Best local alignment of a region: (o_start, o_size, t_start, t_size, score) per link, in order."""
    # Every link score of every shape at once: the programme below only adds and compares.
    tables = region.tables(shapes, ratio)
    skip_o = [_skip(s) for s in region.o_segs]
    skip_t = [_skip(s) for s in region.t_segs]
    n, m = len(skip_o), len(skip_t)
    score, best_cell = _cell_scores(tables, skip_o, skip_t, n, m, region.band)
    return _links_back(score, tables, skip_o, skip_t, region.band, best_cell)


def _cell_scores(tables: list, skip_o: list[float], skip_t: list[float], n: int, m: int,
                 band: list[tuple[int, int]] | None) -> tuple[list[list[float]], tuple[int, int]]:
    """The programme's score at every cell (row i, column j: after i original and j translation
    segments), and the first cell, in row order, of the highest.

    Each cell takes the best of its moves (:func:`_best_move`).  Every move but skipping a
    translation segment comes from an earlier row, so those are taken a whole row at once: each
    move reads the cell it comes from in a flat copy of the scores, at a fixed distance back.
    """
    moves = [(1, 0)] + [(a, b) for a, b, _ in tables]  # skipping an original segment, then the links
    pad = max(b for _, b, _ in tables)  # columns of -inf before column 0: links from there are out
    width = pad + m + 2  # and a last column of zeros: the alignment may start anywhere
    flat = np.zeros((n + 1) * width)
    cells = flat.reshape(n + 1, width)
    cells[:, :pad] = -math.inf
    # row i, move k, column j: what the move adds to the cell it comes from (-inf: it cannot be made)
    costs = np.full((n + 1, len(moves) + 1, m + 1), -math.inf)
    costs[1:, 0] = np.array(skip_o)[:, None]
    for k, (a, b, table) in enumerate(tables, 1):
        costs[a:, k, b:] = table
    costs[:, -1] = 0.0
    # how far back in ``flat`` each move reads, by column; the start reads its row's last column
    back = np.vstack((np.array([a * width + b - pad for a, b in moves])[:, None] - np.arange(m + 1),
                      np.full(m + 1, 1 - width)))
    # where each move of each cell reads: a move from before row 0 reads cell 0, which is -inf
    sources = np.maximum(np.arange(0, (n + 1) * width, width)[:, None, None] - back, 0)
    score = []
    best, best_cell = 0.0, (0, 0)
    for i in range(n + 1):
        j_lo, j_hi = band[i] if band else (0, m)
        if j_lo > j_hi:
            score.append([0.0] * (m + 1))
            continue
        reached = flat[sources[i]]
        reached += costs[i]
        # values only: equal moves give the same value, and _best_move finds which move it was;
        # the cells outside the band stay 0
        row = [0.0] * j_lo + reached.max(axis=0).tolist()[j_lo:j_hi + 1] + [0.0] * (m - j_hi)
        start = max(j_lo, 1)
        for j, skip in zip(range(start, j_hi + 1), skip_t[start - 1:j_hi]):
            carried = row[j - 1] + skip
            if carried > row[j]:
                row[j] = carried
        score.append(row)
        cells[i, pad:pad + m + 1] = row
        top = max(row)  # when it beats the best so far it is above 0: in the band
        if top > best:
            best, best_cell = top, (i, row.index(top))
    return score, best_cell


def _links_back(score: list[list[float]], tables: list, skip_o: list[float], skip_t: list[float],
                band: list[tuple[int, int]] | None, cell: tuple[int, int]) -> list[tuple[int, int, int, int, float]]:
    """The links on the path to ``cell`` (:func:`_dp`), from where the alignment starts or enters the band."""
    links = []
    i, j = cell
    while (move := _best_move(score, tables, skip_o, skip_t, band, i, j)) is not None:
        a, b, link = move
        if a and b:
            links.append((i - a, a, j - b, b, link))
        i, j = i - a, j - b
    return links[::-1]


def _best_move(score: list[list[float]], tables: list, skip_o: list[float], skip_t: list[float],
               band: list[tuple[int, int]] | None, i: int, j: int) -> tuple[int, int, float] | None:
    """The move that gave cell (i, j) its score: (original segments, translation segments, link
    score); None where the alignment starts, and outside the band."""
    if band and not band[i][0] <= j <= band[i][1]:
        return None
    value, move = 0.0, None  # 0: the alignment may start here
    if i and score[i - 1][j] + skip_o[i - 1] > value:
        value, move = score[i - 1][j] + skip_o[i - 1], (1, 0, 0.0)
    if j and score[i][j - 1] + skip_t[j - 1] > value:
        value, move = score[i][j - 1] + skip_t[j - 1], (0, 1, 0.0)
    for a, b, table in tables:
        if i >= a and j >= b:
            link = table.item(i - a, j - b)
            if score[i - a][j - b] + link > value:
                value, move = score[i - a][j - b] + link, (a, b, link)
    return move


def _band(n: int, m: int, anchors: list[tuple[int, int]], width: int) -> list[tuple[int, int]]:
    """For each original position, the range of translation positions worth computing."""
    if not anchors:
        return [(0, m)] * (n + 1)
    out = []
    starts = [a for a, _ in anchors]  # in order: the anchors are a chain
    for i in range(n + 1):
        k = bisect_right(starts, i)  # the anchors before k stand at or before i, the others after it
        if 0 < k < len(anchors):
            (a0, b0), (a1, b1) = anchors[k - 1], anchors[k]
            center = b0 + (b1 - b0) * (i - a0) / (a1 - a0)
        else:
            a0, b0 = anchors[k - 1] if k else anchors[0]
            center = b0 + (i - a0)
        out.append((max(0, int(center) - width), min(m, int(center) + width)))
    return out


BAND_CELLS = 3600  # beyond this many cells the programme runs in a band around the anchors


def _fill_gaps(found: list[tuple], region: _Region) -> list[tuple]:
    """Pair the units left between (and just outside) the links, one to one, where they fit.

    The local programme leaves a short unit with no anchor unlinked even when it stands in a
    gap opposite its obvious counterpart (``Top Secret`` / ``극비`` before the first paragraph).
    Gaps are walked outwards from the links that bound them; a pair must score GAP_MIN.
    """
    found = [link for link in found if link[4] > 0]
    if not any(link[4] >= GAP_ANCHOR for link in found):
        return found  # no link is sure enough to place others by
    extra: list[tuple] = []
    # each gap runs from the end of one link (or the start) to the start of the next (or the end)
    ends = [(found[0][0], found[0][2])] + [(i, j) for i, _, j, _, _ in found[1:]] \
        + [(len(region.o_segs), len(region.t_segs))]
    starts = [(0, 0)] + [(i + a, j + b) for i, a, j, b, _ in found]
    for k, ((o0, t0), (o1, t1)) in enumerate(zip(starts, ends)):
        o_left, t_left = list(range(o0, o1)), list(range(t0, t1))
        order = [True] if k == 0 else [False] if k == len(found) else [False, True]
        # as many units on each side between two links: their places speak for them
        least = GAP_MIN - GAP_SANDWICH if 0 < k < len(found) and len(o_left) == len(t_left) else GAP_MIN
        for backwards in order:  # forwards from the link before, then backwards from the link after
            while o_left and t_left:
                oi, ti = (o_left[-1], t_left[-1]) if backwards else (o_left[0], t_left[0])
                score = region.pair_score(oi, ti)
                if score < least:
                    break
                extra.append((oi, 1, ti, 1, score + LINK_COST))
                o_left.remove(oi)
                t_left.remove(ti)
    return sorted(found + extra, key=lambda link: link[2])


def _anchor_chain(o_segs: list[_Segment], t_segs: list[_Segment]) -> list[tuple[int, int]]:
    """Cells where a token found once on each side pairs two segments, longest monotone chain."""
    where_o: dict[str, list[int]] = {}
    where_t: dict[str, list[int]] = {}
    for where, segs in ((where_o, o_segs), (where_t, t_segs)):
        for k, seg in enumerate(segs):
            for tok in seg.tokens:
                where.setdefault(tok, []).append(k)
    points = sorted({(where_o[t][0], where_t[t][0]) for t in where_o
                     if len(where_o[t]) == 1 and len(where_t.get(t, ())) == 1})
    # longest chain increasing on both sides (patience sorting over the translation index)
    tails: list[int] = []
    tail_idx: list[int] = []
    prev: list[int] = [-1] * len(points)
    for k, (_, j) in enumerate(points):
        pos = bisect_left(tails, j)
        if pos == len(tails):
            tails.append(j)
            tail_idx.append(k)
        else:
            tails[pos], tail_idx[pos] = j, k
        prev[k] = tail_idx[pos - 1] if pos else -1
    chain, k = [], tail_idx[-1] if tail_idx else -1
    while k >= 0:
        chain.append(points[k])
        k = prev[k]
    return chain[::-1]


def _region_band(o_segs: list[_Segment], t_segs: list[_Segment]) -> list[tuple[int, int]] | None:
    """The band a large region is aligned in (None: compute every cell)."""
    if len(o_segs) * len(t_segs) <= BAND_CELLS:
        return None
    chain = _anchor_chain(o_segs, t_segs)
    if len(chain) < 3:
        return None
    width = 8 + max(len(o_segs), len(t_segs)) // 20
    return _band(len(o_segs), len(t_segs), [(i + 1, j + 1) for i, j in chain], width)


def _estimate_ratio(regions: list[tuple[list[_Segment], list[_Segment], list]]) -> float:
    """Translation length per original length, from the confident links of the first passes."""
    pairs = [(o_segs[i].length, t_segs[j].length) for o_segs, t_segs, rough in regions
             for i, a, j, b, s in rough
             if a == b == 1 and s > 2.0 and not o_segs[i].fragment and not t_segs[j].fragment]
    total_o = sum(p[0] for p in pairs)
    if len(pairs) < 2 or total_o <= 0:
        return 1.0
    return min(max(sum(p[1] for p in pairs) / total_o, 0.25), 4.0)


# Editorial wording that translates nothing: inline notes, "[label]:" openers, [sic].
_EDITORIAL = re.compile(r"\[\s*(?:translator'?s?|translators’|editor'?s?|editor’s|ed\.|transl\.)\s+note\b"
                        r"[^\[\]]*(?:\[[^\[\]]*\][^\[\]]*)*\]|^\s*\[[^\[\]]*\]\s*:|\[sic\]", re.I | re.M)


def translated_text(text: str) -> str:
    """A unit's text without the editor's wording (notes, bracket labels, [sic]), for the length model.

    :param text: a unit's text.
    """
    return _EDITORIAL.sub(" ", text) if "[" in text else text  # all its wording is bracketed


def _prepare(units: list[Unit], indices: list[int], side: str, terms: bool = True) -> list[_Segment]:
    segs = _segments(units, indices)
    for seg in segs:
        seg.length = text_length(translated_text(seg.text))
        tokens, numeric = _unit_anchors(seg.text, side, terms)
        seg.tokens = frozenset(tokens)
        seg.strong = frozenset(t for t in numeric if t.startswith(STRONG))
        lines = [line for k in seg.units for line in units[k].text.splitlines() if line.strip()]
        seg.lines = len(lines) if max(map(len, lines), default=0) <= SHORT_LINE else 0
    # a partial text starts or stops mid-sentence; short lines (a sign-off) often lack punctuation
    text_segs = [s for s in segs if s.cls == "text" and s.length >= FRAGMENT_MIN]
    if text_segs:
        first = next((c for c in text_segs[0].text if c.isalpha()), "")
        text_segs[0].fragment = first.islower()
        last = text_segs[-1].text.rstrip()
        text_segs[-1].fragment |= bool(last) and not last.endswith(_TERMINAL) and not is_caseless(last[-1])
    return segs


def _pin_chain(pins: list[Pin], o_pos: dict[str, int], t_pos: dict[str, int], free: list[Link]) -> list[Pin]:
    """The two-sided pins that split the alignment: in document order on both sides, and not a
    deliberate reordering (a pin that crosses a confident link of the free alignment)."""
    def span(ids, pos):
        return min(pos[i] for i in ids), max(pos[i] for i in ids)

    sure = [(span(lk.original, o_pos), span(lk.translation, t_pos)) for lk in free if lk.cert >= 0.8]
    chain: list[Pin] = []
    two_sided = sorted((p for p in pins if p.original and p.translation), key=lambda p: span(p.translation, t_pos))
    for pin in two_sided:
        (o0, o1), (t0, t1) = span(pin.original, o_pos), span(pin.translation, t_pos)
        crosses = any(o1 < lo0 and t0 > lt1 or o0 > lo1 and t1 < lt0 for (lo0, lo1), (lt0, lt1) in sure)
        if not crosses and (not chain or o0 > span(chain[-1].original, o_pos)[1]):
            chain.append(pin)
    return chain


def _align_regions(original: list[Unit], translation: list[Unit],
                   regions: list[tuple[list[int], list[int]]]) -> list[Link]:
    """Align each region (unit indices of each side) separately, with shared weights and ratio."""
    t_regions = [_prepare(translation, t_idx, "translation") for _, t_idx in regions]
    terms = any(tok.startswith("T:") for segs in t_regions for seg in segs for tok in seg.tokens)
    prepared = [(_prepare(original, o_idx, "original", terms), t_segs)
                for (o_idx, _), t_segs in zip(regions, t_regions)]
    weights = _Weights([s for r in prepared for s in r[0]], [s for r in prepared for s in r[1]])
    to_align = [_Region(o_segs, t_segs, weights) for o_segs, t_segs in prepared if o_segs and t_segs]
    # a first pass with 1-1 links only gives the length ratio
    ratio = _estimate_ratio([(r.o_segs, r.t_segs, _dp(r, SHAPES[:1], 1.0)) for r in to_align])
    links = []
    for region in to_align:
        o_segs, t_segs = region.o_segs, region.t_segs
        for i, a, j, b, score in _fill_gaps(_dp(region, SHAPES, ratio), region):
            o_ids = tuple(original[k].id for k in sorted(k for seg in o_segs[i:i + a] for k in seg.units))
            t_ids = tuple(translation[k].id for k in sorted(k for seg in t_segs[j:j + b] for k in seg.units))
            links.append(Link(o_ids, t_ids, certainty(score)))
    return links


def align(original: list[Unit], translation: list[Unit], pins: list[Pin] = ()) -> list[Link]:
    """Link original units to translation units.

    :param original: the original's units, in document order.
    :param translation: the translation's units, in document order.
    :param pins: links fixed by hand (:func:`load_pins`); they are kept as they are, with
        certainty 1, and the other units are aligned around them: what stands before a pin on
        one side aligns with what stands before it on the other (unless the pin reorders).
    :returns: the links, sorted by their first translation unit.
    :raises ValueError: when a pin names a unit that is not in the lists.
    """
    o_pos = {u.id: k for k, u in enumerate(original)}
    t_pos = {u.id: k for k, u in enumerate(translation)}
    pinned: set[str] = set()
    links: list[Link] = []
    for pin in pins:
        missing = [i for i in pin.original if i not in o_pos] + [i for i in pin.translation if i not in t_pos]
        if missing:
            raise ValueError(f"pin names unknown units: {', '.join(missing)}")
        pinned |= set(pin.original) | set(pin.translation)
        if pin.original and pin.translation:
            links.append(Link(tuple(sorted(pin.original, key=o_pos.get)),
                              tuple(sorted(pin.translation, key=t_pos.get)), 1.0, pinned=True))

    def free(units: list[Unit], lo: int, hi: int) -> list[int]:
        return [k for k, u in enumerate(units) if lo < k < hi and u.id not in pinned and unit_class(u) != "never"]

    everything = [(free(original, -1, len(original)), free(translation, -1, len(translation)))]
    found = _align_regions(original, translation, everything)
    chain = _pin_chain(list(pins), o_pos, t_pos, found)
    if chain:
        bounds_o, bounds_t = [-1], [-1]
        for pin in chain:
            bounds_o += [min(o_pos[i] for i in pin.original), max(o_pos[i] for i in pin.original)]
            bounds_t += [min(t_pos[i] for i in pin.translation), max(t_pos[i] for i in pin.translation)]
        bounds_o.append(len(original))
        bounds_t.append(len(translation))
        regions = [(free(original, bounds_o[k], bounds_o[k + 1]), free(translation, bounds_t[k], bounds_t[k + 1]))
                   for k in range(0, len(bounds_o), 2)]
        found = _align_regions(original, translation, regions)
    return sorted(links + found, key=lambda link: t_pos[link.translation[0]])


# --- sidecar pins --------------------------------------------------------------------------

_LINK_KEYS = {"original", "translation", "original_phrase", "translation_phrase", "division", "note"}
_TOML_POS = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")


def sidecar_path(export_path: str | Path) -> Path:
    """The correction file that belongs to an export: ``x.toml`` beside ``x.txt``.

    :param export_path: the export's path.
    """
    return Path(export_path).with_suffix(".toml")


def _locate(lines: list[str], entry: int, key: str | None) -> tuple[int, int]:
    """Line and column of the ``entry``-th ``[[link]]`` table, or of one of its keys."""
    headers = [k for k, line in enumerate(lines) if re.match(r"\s*\[\[\s*link\s*\]\]", line)]
    if entry >= len(headers):
        return 1, 1
    start = headers[entry]
    end = headers[entry + 1] if entry + 1 < len(headers) else len(lines)
    if key:
        for k in range(start + 1, end):
            m = re.match(rf"\s*{re.escape(key)}\s*=", lines[k])
            if m:
                return k + 1, lines[k].index(key) + 1
    return start + 1, lines[start].index("[") + 1


def _norm(text: str) -> str:
    text = text.translate(str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "’": "'",
                                         "‘": "'", "[": " ", "]": " "}))
    return " ".join(text.casefold().split())


def _as_list(value) -> list[str] | None:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return value
    return None


def load_pins(path: str | Path, original: list[Unit], translation: list[Unit],
              division: str = "translation") -> list[Pin]:
    """Read the ``[[link]]`` pins of a sidecar file (format: see the module docstring).

    :param path: the sidecar TOML file.
    :param original: the original's units (to resolve ids and phrases).
    :param translation: the translation's units.
    :param division: the translation these pins are for; entries with another ``division`` are skipped.
    :returns: the pins, in file order.
    :raises InputError: with file:line:col, when the file is not TOML, a key or value is wrong,
        an id is unknown, a phrase matches no unit or several, or a unit is pinned twice.
    """
    path = Path(path)
    try:
        raw = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(Diagnostic("error", "E-ALIGN-SIDECAR", f"not UTF-8: {exc.reason}", str(path)))
    except OSError as exc:
        raise InputError(Diagnostic("error", "E-ALIGN-SIDECAR", f"cannot read: {exc.strerror}", str(path)))
    lines = raw.splitlines()
    try:
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        m = _TOML_POS.search(message)
        line, col = (int(m[1]), int(m[2])) if m else (len(lines) or 1, 1)
        raise InputError(Diagnostic("error", "E-ALIGN-SIDECAR", _TOML_POS.sub("", message), str(path), line, col))

    def fail(entry: int, key: str | None, message: str):
        line, col = _locate(lines, entry, key)
        raise InputError(Diagnostic("error", "E-ALIGN-SIDECAR", message, str(path), line, col))

    entries = data.get("link", [])
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        fail(0, None, "'link' must be an array of tables: write [[link]]")
    sides = {"original": original, "translation": translation}
    seen: dict[str, int] = {}
    pins = []
    for k, entry in enumerate(entries):
        unknown = sorted(set(entry) - _LINK_KEYS)
        if unknown:
            fail(k, unknown[0], f"unknown key {unknown[0]!r} in [[link]] (expected one of: "
                                f"{', '.join(sorted(_LINK_KEYS))})")
        if entry.get("division", "translation") != division:
            continue
        resolved = {}
        for side, units in sides.items():
            ids: list[str] = []
            for key in (side, side + "_phrase"):
                if key not in entry:
                    continue
                values = _as_list(entry[key])
                if values is None:
                    fail(k, key, f"{key} must be a string or a list of strings")
                for value in values:
                    ids.append(_resolve(value, units, key.endswith("_phrase"), lambda msg: fail(k, key, msg)))
            for unit_id in ids:
                if unit_id in seen:
                    fail(k, side, f"{unit_id} is already pinned by [[link]] number {seen[unit_id] + 1}")
                seen[unit_id] = k
            resolved[side] = tuple(dict.fromkeys(ids))
        if not resolved["original"] and not resolved["translation"]:
            fail(k, None, "a [[link]] needs units on at least one side")
        pins.append(Pin(resolved["original"], resolved["translation"]))
    return pins


def _resolve(value: str, units: list[Unit], phrase: bool, fail) -> str:
    """The id of the unit an id or phrase names; ``fail`` reports a miss."""
    if not phrase:
        if not any(u.id == value for u in units):
            fail(f"no unit {value!r} on this side")
        return value
    needle = _norm(value)
    hits = [u.id for u in units if needle and needle in _norm(u.text)]
    if len(hits) != 1:
        fail(f"phrase {value!r} matches {len(hits)} units{': ' + ', '.join(hits) if hits else ''}; "
             "it must match exactly one")
    return hits[0]


# --- the two-column report ----------------------------------------------------------------


def _cell_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 0 if unicodedata.combining(c) else 1
               for c in text)


def _wrap(text: str, width: int, max_lines: int) -> list[str]:
    """Wrap by display width (CJK counts double), breaking long words; an ellipsis marks a cut."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        while _cell_width(candidate) > width:
            if current:
                lines.append(current)
                current, candidate = "", word
                continue
            cut = width
            while _cell_width(candidate[:cut]) > width:
                cut -= 1
            lines.append(candidate[:cut])
            candidate = word = candidate[cut:]
        current = candidate
    if current:
        lines.append(current)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        last = lines[-1]
        while last and _cell_width(last) + 1 > width:
            last = last[:-1]
        lines[-1] = last + "…"
    return lines or [""]


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _cell_width(text))


def _rows(links: list[Link], original: list[Unit], translation: list[Unit]) -> list[tuple]:
    """Links and one-sided units in reading order: (cert label, original units, translation units)."""
    o_pos = {u.id: k for k, u in enumerate(original)}
    t_pos = {u.id: k for k, u in enumerate(translation)}
    linked_o = {i for link in links for i in link.original}
    linked_t = {i for link in links for i in link.translation}
    rest_o = [u for u in original if u.id not in linked_o]
    rest_t = [u for u in translation if u.id not in linked_t]
    rows = []
    for link in links:
        o_first = min(o_pos[i] for i in link.original)
        t_first = min(t_pos[i] for i in link.translation)
        while rest_t and t_pos[rest_t[0].id] < t_first:
            rows.append(("", [], [rest_t.pop(0)]))
        while rest_o and o_pos[rest_o[0].id] < o_first:
            rows.append(("", [rest_o.pop(0)], []))
        cert = "pinned" if link.pinned else f"{link.cert:.2f} {cert_label(link.cert)}"
        rows.append((cert, [original[o_pos[i]] for i in link.original],
                     [translation[t_pos[i]] for i in link.translation]))
    rows += [("", [u], []) for u in rest_o] + [("", [], [u]) for u in rest_t]
    return rows


def report(links: list[Link], original: list[Unit], translation: list[Unit], width: int = 120,
           max_lines: int = 3) -> str:
    """The alignment as a two-column table for review: original | translation, with certainties.

    Units without a counterpart get a row of their own with an empty cell opposite.

    :param links: the alignment, as :func:`align` returns it.
    :param original: the original's units.
    :param translation: the translation's units.
    :param width: the table's width in terminal columns (CJK characters count two).
    :param max_lines: the most lines a cell shows before it is cut with an ellipsis.
    """
    cert_w = 12
    col = max(16, (width - cert_w - 3) // 2)
    sep = " │ "
    out = [_pad("cert", cert_w) + _pad("original", col) + sep + "translation",
           "─" * cert_w + "─" * col + "─┼─" + "─" * col]

    def cell(units: list[Unit]) -> list[str]:
        if not units:
            return []
        label = " ".join(u.id for u in units)
        kinds = {u.kind for u in units} - {"p"}
        if kinds:
            label += f" [{','.join(sorted(kinds))}]"
        return _wrap(label + ": " + " / ".join(u.text for u in units), col, max_lines)

    for cert, o_units, t_units in _rows(links, original, translation):
        left, right = cell(o_units), cell(t_units)
        for k in range(max(len(left), len(right))):
            line = _pad(cert if k == 0 else "", cert_w) + _pad(left[k] if k < len(left) else "", col) \
                + sep + (right[k] if k < len(right) else "")
            out.append(line.rstrip())
    counts = {label: sum(1 for lk in links if not lk.pinned and cert_label(lk.cert) == label)
              for label in ("high", "medium", "low")}
    pinned = sum(1 for lk in links if lk.pinned)
    linked_o = {i for lk in links for i in lk.original}
    linked_t = {i for lk in links for i in lk.translation}
    out.append(f"{len(links)} links ({pinned} pinned, {counts['high']} high, {counts['medium']} medium, "
               f"{counts['low']} low); without counterpart: "
               f"{sum(1 for u in original if u.id not in linked_o)} original, "
               f"{sum(1 for u in translation if u.id not in linked_t)} translation units")
    return "\n".join(out) + "\n"


def format_links(links: list[Link]) -> str:
    """One line per link: translation ids, original ids, certainty (tab-separated).

    :param links: the alignment.
    """
    return "".join(f"{' '.join(lk.translation)}\t{' '.join(lk.original)}\t{lk.cert:.3f}\t"
                   f"{'pinned' if lk.pinned else cert_label(lk.cert)}\n" for lk in links)


# --- the document model ---------------------------------------------------------------------


_REND = {"brackets": ("[", "]"), "double-brackets": ("[[", "]]"), "query": ("?", "?"),
         "parentheses": ("(", ")")}


def export_text(inlines: list) -> str:
    """Inline nodes written back in the export's bracket forms (``[Translator's note: ...]``).

    The aligner's heuristics read those forms: a unit that is one bracket, a bracketed
    transliteration, an editorial note that translates nothing.

    :param inlines: a block's inline nodes (:mod:`teiencode.model`).
    """
    out: list[str] = []
    for node in inlines:
        if isinstance(node, Text):
            out.append(node.text)
        elif isinstance(node, LineBreak):
            out.append("\n")
        elif isinstance(node, Mark):
            inner = export_text(node.children) + (node.desc or "")
            if node.rend == "brackets-label":
                out.append(f"[{node.label or ''}]{inner}")
                continue
            opening, closing = _REND.get(node.rend or "", ("", ""))
            out.append(opening + (node.label or "") + inner + closing)
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


def align_document(doc, sidecar: str | Path | None = None) -> list[Link]:
    """Align the original with every translation of a document and store the links in ``doc.links``.

    :param doc: a :class:`teiencode.model.Document`.
    :param sidecar: the correction file (:func:`sidecar_path` of the export); used when it exists.
    :returns: the links of all translations, translation by translation.
    :raises InputError: when the sidecar is wrong (file:line:col).
    """
    links: list[Link] = []
    if doc.original is not None:
        original = units_from_division(doc.original)
        for division in doc.translations:
            translation = units_from_division(division)
            pins = load_pins(sidecar, original, translation, division.xml_id or "translation") \
                if sidecar is not None and Path(sidecar).is_file() else []
            links.extend(align(original, translation, pins))
    doc.links = links
    return links


def report_document(doc, width: int = 120) -> str:
    """The two-column report of every translation of an aligned document.

    :param doc: a document after :func:`align_document`.
    :param width: the table's width in terminal columns.
    """
    if doc.original is None:
        return "no original-language text: nothing to align\n"
    original = units_from_division(doc.original)
    parts = []
    for division in doc.translations:
        translation = units_from_division(division)
        ids = {u.id for u in translation}
        own = [lk for lk in doc.links if lk.translation and lk.translation[0] in ids]
        parts.append(f"== {division.xml_id or 'translation'} ({division.lang}) ==\n"
                     + report(own, original, translation, width))
    return "\n".join(parts)


def align_export(path: str | Path, show_report: bool = False, width: int = 120) -> str:
    """Read an export, align it (with its sidecar's pins) and return the result as text.

    The body of ``teiencode align EXPORT [--report] [--width N]``.

    :param path: the export file.
    :param show_report: the two-column table (:func:`report_document`) instead of one line per
        link (:func:`format_links`).
    :param width: the table's width in terminal columns.
    :raises InputError: when the export or its sidecar cannot be read (file:line:col).
    """
    from .reader import read_export

    doc = read_export(path)
    links = align_document(doc, sidecar_path(path))
    return report_document(doc, width) if show_report else format_links(links)
