"""What says an original group and a translation group match: their lengths in proportion, the
anchors they share (numbers, dates, names matched across scripts), their classes; each link's
score a log-odds, and its certainty.
"""
from __future__ import annotations

import functools
import math
import re
from collections import Counter
from itertools import chain, compress
from typing import NamedTuple

import numpy as np

from ..translit import is_caseless, name_keys, numeric_anchors, tokenize
from .units import FRAGMENT_MIN, TERMINAL, Segment, Unit, join_segments

# --- scoring constants (log-odds) ---------------------------------------------------

SHAPES = ((1, 1, 0.0), (1, 2, -0.8), (2, 1, -0.8), (2, 2, -2.5), (1, 3, -2.5), (3, 1, -2.5))
SIGMA_RANDOM = 1.2
UNMATCHED_PENALTY = 0.35
CERT_MIDPOINT, CERT_SCALE = 0.3, 1.5  # from the gold files: links scoring ~0.4 are mostly right
TOKEN_WEIGHT = {"d": 3.0, "n": 1.6, "m": 1.0, "yy": 1.0, "o": 0.6, "N": 1.4, "T": 1.0}
STRONG = ("d:", "n:", "m:")  # anchors whose absence on the other side counts against a link
SHORT_LINE = 60  # characters: longer lines belong to running text
LINES_MATCH = 1.0
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
    return unit_anchors(text, side, terms)[0]


def unit_anchors(text: str, side: str, terms: bool | frozenset[str]) -> tuple[set[str], set[str]]:
    """:func:`unit_tokens`, and the numbers and dates among them.

    :param terms: as :func:`unit_tokens`, or the only term keys worth making (the translation's).
    """
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
    if terms is True and original:
        out.update(*map(_term_tokens, words))
    elif terms and original:
        out.update(terms.intersection(chain.from_iterable(map(_term_tokens, words))))
    if side == "translation" and "[" in text:
        for m in _BRACKETED.finditer(text):
            for word in _WORD.findall(m[1]):
                key = next(iter(name_keys(word)))
                if word.islower() and len(key) >= 3:
                    out.add("T:" + key)
    return out, numeric


# Editorial wording that translates nothing: inline notes, "[label]:" openers, [sic].
_EDITORIAL = re.compile(r"\[\s*(?:translator'?s?|translators’|editor'?s?|editor’s|ed\.|transl\.)\s+note\b"
                        r"[^\[\]]*(?:\[[^\[\]]*\][^\[\]]*)*\]|^\s*\[[^\[\]]*\]\s*:|\[sic\]", re.I | re.M)


def translated_text(text: str) -> str:
    """A unit's text without the editor's wording (notes, bracket labels, [sic]), for the length model.

    :param text: a unit's text.
    """
    return _EDITORIAL.sub(" ", text) if "[" in text else text  # all its wording is bracketed


def prepare_segments(units: list[Unit], indices: list[int], side: str,
                     terms: bool | frozenset[str] = True) -> list[Segment]:
    """The segments of the units at ``indices`` (:func:`join_segments`) with what the scores read:
    length, anchors (:func:`unit_anchors`; ``terms`` as there), short lines, a cut edge.

    Linear in the units' text.
    """
    segs = join_segments(units, indices)
    for seg in segs:
        seg.length = text_length(translated_text(seg.text))
        tokens, numeric = unit_anchors(seg.text, side, terms)
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
        text_segs[-1].fragment |= bool(last) and not last.endswith(TERMINAL) and not is_caseless(last[-1])
    return segs


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


class Weights(dict):
    """Each token's weight: its kind's, the more the rarer it is in the document.

    A weight is worked out when first asked for: most tokens stand on one side only, and
    only shared and strong tokens are ever weighed (so only theirs are counted).
    """

    def __init__(self, o_segs: list[Segment], t_segs: list[Segment]):
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


class Groups:
    """Facts about every group of 1 .. LARGEST_GROUP consecutive segments of one side, as arrays
    with one entry per group, stacked by size (:meth:`rows`): one table then holds the links of
    every shape."""

    __slots__ = ("count", "sizes", "length", "strong_weight", "cls_code", "fragment", "lines")

    def __init__(self, segs: list[Segment], weights: Weights):
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


def ranges(first: np.ndarray, last: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every integer of the ranges ``first[k] .. last[k]`` in order, and the k each comes from."""
    counts = np.maximum(last - first + 1, 0)
    owner = np.repeat(np.arange(len(first)), counts)
    ends = np.cumsum(counts)
    return np.arange(ends[-1] if len(ends) else 0) - np.repeat(ends - counts - first, counts), owner


SHARED_CHUNK = 512  # ranges of pairs whose shared anchors are looked up at once
SMALL_PRODUCT = 1 << 20  # group pairs times shared tokens up to which all pairs' anchors are summed at once


def _incidence(segs: list[Segment], column: dict[str, int]) -> np.ndarray:
    """Which of the ``column`` tokens each segment holds (1.0) or not (0.0)."""
    marked = [s.tokens & column.keys() for s in segs]
    out = np.zeros((len(segs), len(column)))
    rows = np.repeat(np.arange(len(segs)), list(map(len, marked)))
    out[rows, list(map(column.__getitem__, chain.from_iterable(marked)))] = 1.0
    return out


class Pairs(NamedTuple):
    """Pairs of groups asked for as ranges: original group ``po[k]`` with each translation group
    ``q_first[k] .. q_last[k]`` (rows of the :class:`Groups` arrays), laid out range after range,
    range k from ``start[k]``: pair p is of groups ``o[p]`` and ``t[p]``, in range ``owner[p]``."""

    po: np.ndarray
    q_first: np.ndarray
    q_last: np.ndarray
    start: np.ndarray
    owner: np.ndarray
    o: np.ndarray
    t: np.ndarray

    @classmethod
    def ask(cls, po: np.ndarray, q_first: np.ndarray, q_last: np.ndarray) -> Pairs:
        """The pairs of these ranges."""
        t, owner = ranges(q_first, q_last)
        counts = np.maximum(q_last - q_first + 1, 0)
        return cls(po, q_first, q_last, np.cumsum(counts) - counts, owner, po[owner], t)


class LinkScores:
    """The score of linking a group of original segments to a group of translation segments, worked
    out only for the pairs asked for (:class:`Pairs`): the length model and the evidence beside it.

    Shared anchors are found through each side's (group, token) pairs, the translation's sorted
    by token: each token of an original group finds the translation groups of its range that
    hold it by two binary searches. Only tokens both sides hold count. Time and memory: the pairs
    asked for, plus their (pair, shared token) hits; for a band of fixed width, linear in the
    segments. A small region (SMALL_PRODUCT) sums every pair's at once by matrix products.
    """

    def __init__(self, o_segs: list[Segment], t_segs: list[Segment], weights: Weights):
        self.go, self.gt = Groups(o_segs, weights), Groups(t_segs, weights)
        self._model_ratio: float | None = None
        self._model: tuple = ()
        # sorted, so each pair's shared weights sum in one order in every process (set order varies)
        shared = sorted(frozenset().union(*(s.tokens for s in o_segs)) & frozenset().union(*(s.tokens for s in t_segs)))
        column = {tok: k for k, tok in enumerate(shared)}
        self.token_weight = np.array([weights[tok] for tok in shared])
        # a segment's strong tokens are all its tokens of the strong kinds
        self.strong_token_weight = self.token_weight * np.array([tok.startswith(STRONG) for tok in shared], dtype=bool)
        self.small = len(self.go.length) * len(self.gt.length) * len(shared) <= SMALL_PRODUCT
        if self.small:  # every pair's shared anchors at once, by products of token incidence matrices
            has_o, has_t = (_stacked(_incidence(segs, column), groups.sizes, np.maximum)
                            for segs, groups in ((o_segs, self.go), (t_segs, self.gt)))
            self.all_shared = (has_o * self.token_weight) @ has_t.T, (has_o * self.strong_token_weight) @ has_t.T
            return
        self.o_group, self.o_token = self._group_tokens(o_segs, self.go, column)
        # the translation's by token, then group: a token's groups are one sorted run
        self.t_stride = len(self.gt.length) + 1
        t_group, t_token = self._group_tokens(t_segs, self.gt, column)
        self.t_keys = np.sort(t_token * self.t_stride + t_group)

    @staticmethod
    def _group_tokens(segs: list[Segment], groups: Groups, column: dict[str, int]) -> tuple[np.ndarray, np.ndarray]:
        """The (group row, token) pairs of the shared tokens each group holds (what any of its
        segments holds), sorted by group, then token."""
        held = [sorted(map(column.__getitem__, s.tokens & column.keys())) for s in segs]
        seg = np.repeat(np.arange(len(segs)), list(map(len, held)))
        token = np.fromiter(chain.from_iterable(held), dtype=np.int64, count=len(seg))
        rows, toks = [], []
        for size in groups.sizes:
            # the groups of this size that segment k is part of start at k - size + 1 .. k
            first = np.concatenate([seg - d for d in range(size)])
            keep = (first >= 0) & (first <= groups.count - size)
            rows.append(first[keep] + groups.rows(size).start)
            toks.append(np.tile(token, size)[keep])
        key = np.unique(np.concatenate(rows) * (len(column) + 1) + np.concatenate(toks))
        return key // (len(column) + 1), key % (len(column) + 1)

    def _shared(self, pairs: Pairs) -> tuple[np.ndarray, np.ndarray]:
        """The weights of the anchors each pair shares, and of the strong ones among them.

        Worked out SHARED_CHUNK ranges at a time: the hits of a chunk are all held at once.  A small
        region's are read from its products (``all_shared``).
        """
        if self.small:
            return tuple(table[pairs.o, pairs.t] for table in self.all_shared)
        out = [], []
        for first in range(0, max(len(pairs.po), 1), SHARED_CHUNK):
            chunk = slice(first, first + SHARED_CHUNK)
            po, q_first, q_last, start = pairs.po[chunk], pairs.q_first[chunk], pairs.q_last[chunk], pairs.start[chunk]
            end = pairs.start[chunk.stop] if chunk.stop < len(pairs.start) else len(pairs.o)
            size = end - (start[0] if len(start) else 0)  # the pairs of the chunk
            # each asked-for group's tokens, then the translation groups in its range holding each token
            occ, owner = ranges(np.searchsorted(self.o_group, po), np.searchsorted(self.o_group, po, side="right") - 1)
            tok = self.o_token[occ] * self.t_stride
            hit, which = ranges(np.searchsorted(self.t_keys, tok + q_first[owner]),
                                np.searchsorted(self.t_keys, tok + q_last[owner], side="right") - 1)
            # where each hit lands: its range's start in the chunk, plus its translation group's offset
            at = (start - start[:1] - q_first)[owner[which]] + self.t_keys[hit] % self.t_stride
            hit_token = self.o_token[occ[which]]
            # hits come token by token within each pair: each pair sums its weights in token order
            out[0].append(np.bincount(at, self.token_weight[hit_token], minlength=size))
            out[1].append(np.bincount(at, self.strong_token_weight[hit_token], minlength=size))
        return np.concatenate(out[0]), np.concatenate(out[1])

    def evidence(self, pairs: Pairs) -> np.ndarray:
        """What besides length says two groups match: shared anchors, strong anchors left
        unmatched, line counts and unit classes; it does not depend on the length ratio."""
        go, gt = self.go, self.gt
        shared, matched = self._shared(pairs)
        po, pt = pairs.o, pairs.t
        # strong anchors of one side the other lacks, unless the other is a fragment (it may have lost them)
        lacking_t = go.strong_weight[po] - matched
        lacking_t[gt.fragment[pt]] = 0.0
        lacking_o = gt.strong_weight[pt] - matched
        lacking_o[go.fragment[po]] = 0.0
        table = shared - UNMATCHED_PENALTY * (lacking_t + lacking_o)
        table += LINES_MATCH * ((go.lines[po] == gt.lines[pt]) & (gt.lines[pt] >= 2))  # short lines against as many
        table += _CLASS_TABLE[go.cls_code[po], gt.cls_code[pt]]
        return table

    def _length_model(self, ratio: float) -> tuple:
        """Each group's length (the original's times ``ratio``) and what the length model makes of
        it: the score of lengths in the expected proportion, the spread allowed, the trust earned;
        original groups first, then translation groups. Kept for the last ratio asked for."""
        if self._model_ratio != ratio:
            # The spread the model allows and the trust it earns follow the shorter group of a pair: worked
            # out for each group once, a pair takes the wider spread and the lesser trust (the same values).
            length = np.concatenate((self.go.length * ratio, self.gt.length))
            sigma = 0.18 + 1.2 / np.sqrt(length + 1.0)
            peak = np.log(SIGMA_RANDOM / sigma)  # the score of lengths in the expected proportion
            self._model = length, peak, 2 * sigma * sigma, np.minimum(1.0, length / LENGTH_RELIABLE)
            self._model_ratio = ratio
        return self._model

    def length(self, po: np.ndarray, pt: np.ndarray, ratio: float) -> np.ndarray:
        """The length part of the score of the pairs of group rows ``po`` and ``pt``."""
        length, peak, spread, trust = self._length_model(ratio)
        frag_o, frag_t = self.go.fragment[po], self.gt.fragment[pt]
        pt = pt + len(self.go.length)  # in the model's arrays the translation's groups follow the original's
        x = np.log((length[pt] + 10.0) / (length[po] + 10.0))
        x[frag_o] = np.minimum(x[frag_o], 0.0)  # a fragment may be much shorter
        x[frag_t] = np.maximum(x[frag_t], 0.0)
        squared = x * x
        score = np.minimum(peak[po], peak[pt]) - squared / np.maximum(spread[po], spread[pt]) \
            + squared / _TWICE_RANDOM_VARIANCE
        score = np.maximum(score, -12.0) * np.minimum(trust[po], trust[pt])
        return np.where(frag_o | frag_t, np.minimum(score, 0.3) - 0.3, score)
