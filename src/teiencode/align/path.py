"""The path through the alignment: a dynamic programme over the two sides' segments that
chooses the links (:mod:`.evidence` scores them), then pairs the units left between confident
links, region by region around the pins.
"""
from __future__ import annotations

import math
from bisect import bisect_left, bisect_right

import numpy as np

from .evidence import (SHAPES, Groups, Weights, certainty, evidence_table, length_table,
                       prepare_segments)
from .pins import Pin, pin_chain
from .units import Link, Segment, Unit, unit_class

SKIP_INSIDE = {"text": 0.6, "head": 0.5}
SKIP_OTHER = 0.2
LINK_COST = -0.5
GAP_MIN = 0.0  # the least score of a unit paired by its position between links
GAP_SANDWICH = 1.0  # how much lower the bar is for a gap with as many units on each side
GAP_ANCHOR = 2.0  # the least score of a link that others may be placed by


class _Region:
    """A stretch of each side aligned on its own: its segments, its band, and what its link
    scores owe nothing to the length ratio, kept between the passes."""

    def __init__(self, o_segs: list[Segment], t_segs: list[Segment], weights: Weights):
        self.o_segs, self.t_segs = o_segs, t_segs
        self.band = _region_band(o_segs, t_segs)
        self.go, self.gt = Groups(o_segs, weights), Groups(t_segs, weights)
        self.evidence = evidence_table(o_segs, t_segs, self.go, self.gt, weights)
        self.scores: np.ndarray | None = None  # the link scores (length and evidence) of the last tables

    def tables(self, shapes, ratio: float) -> list[tuple[int, int, np.ndarray]]:
        """For every shape (a, b) that fits, the score of linking every group of ``a`` original
        segments to every group of ``b`` translation segments."""
        shapes = [(a, b, prior) for a, b, prior in shapes if a <= self.go.count and b <= self.gt.count]
        # the groups are stacked by size: the smaller ones come first
        o_end = self.go.rows(max(a for a, _, _ in shapes)).stop
        t_end = self.gt.rows(max(b for _, b, _ in shapes)).stop
        self.scores = length_table(self.go, self.gt, ratio, o_end, t_end) + self.evidence[:o_end, :t_end]
        return [(a, b, prior + LINK_COST + self.scores[self.go.rows(a), self.gt.rows(b)]) for a, b, prior in shapes]

    def pair_score(self, i: int, j: int) -> float:
        """The score of linking original segment i to translation segment j (as the last tables had it)."""
        return float(self.scores[i, j])


def _skip(seg: Segment) -> float:
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


def _anchor_chain(o_segs: list[Segment], t_segs: list[Segment]) -> list[tuple[int, int]]:
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


def _region_band(o_segs: list[Segment], t_segs: list[Segment]) -> list[tuple[int, int]] | None:
    """The band a large region is aligned in (None: compute every cell)."""
    if len(o_segs) * len(t_segs) <= BAND_CELLS:
        return None
    chain = _anchor_chain(o_segs, t_segs)
    if len(chain) < 3:
        return None
    width = 8 + max(len(o_segs), len(t_segs)) // 20
    return _band(len(o_segs), len(t_segs), [(i + 1, j + 1) for i, j in chain], width)


def _estimate_ratio(regions: list[tuple[list[Segment], list[Segment], list]]) -> float:
    """Translation length per original length, from the confident links of the first passes."""
    pairs = [(o_segs[i].length, t_segs[j].length) for o_segs, t_segs, rough in regions
             for i, a, j, b, s in rough
             if a == b == 1 and s > 2.0 and not o_segs[i].fragment and not t_segs[j].fragment]
    total_o = sum(p[0] for p in pairs)
    if len(pairs) < 2 or total_o <= 0:
        return 1.0
    return min(max(sum(p[1] for p in pairs) / total_o, 0.25), 4.0)


def _align_regions(original: list[Unit], translation: list[Unit],
                   regions: list[tuple[list[int], list[int]]]) -> list[Link]:
    """Align each region (unit indices of each side) separately, with shared weights and ratio."""
    t_regions = [prepare_segments(translation, t_idx, "translation") for _, t_idx in regions]
    terms = any(tok.startswith("T:") for segs in t_regions for seg in segs for tok in seg.tokens)
    prepared = [(prepare_segments(original, o_idx, "original", terms), t_segs)
                for (o_idx, _), t_segs in zip(regions, t_regions)]
    weights = Weights([s for r in prepared for s in r[0]], [s for r in prepared for s in r[1]])
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
    chain = pin_chain(list(pins), o_pos, t_pos, found)
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
