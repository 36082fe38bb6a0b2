"""The path through the alignment: a dynamic programme over the two sides' segments that
chooses the links (:mod:`.evidence` scores them), then pairs the units left between confident
links, region by region around the pins.
"""
from __future__ import annotations

import math
from bisect import bisect_left, bisect_right

import numpy as np

from .evidence import SHAPES, LinkScores, Pairs, Weights, certainty, prepare_segments, ranges
from .pins import Pin, pin_chain
from .units import Link, Segment, Unit, unit_class

SKIP_INSIDE = {"text": 0.6, "head": 0.5}
SKIP_OTHER = 0.2
LINK_COST = -0.5
GAP_MIN = 0.0  # the least score of a unit paired by its position between links
GAP_SANDWICH = 1.0  # how much lower the bar is for a gap with as many units on each side
GAP_ANCHOR = 2.0  # the least score of a link that others may be placed by


BAND_CELLS = 3600  # up to this many cells a region's programme computes every cell
BAND_HALF_WIDTH = 16  # segments either side of the band's centre line, at first
BAND_MAX_HALF_WIDTH = 128  # the widest the band grows where the path presses on its edge
BAND_EDGE = 2  # a link this close to the band's edge presses on it


class Band:
    """The cells a region's programme computes: in row i (after i original segments) the columns
    ``lo[i] .. hi[i]``, stored row after row in flat arrays (row i from ``start[i]``)."""

    def __init__(self, lo: np.ndarray, hi: np.ndarray, columns: int, half_width: int | None = None):
        self.lo, self.hi, self.columns, self.half_width = lo, hi, columns, half_width
        self.start = np.concatenate(([0], np.cumsum(hi - lo + 1)))
        self.size = int(self.start[-1])
        self._lo, self._hi, self._start = lo.tolist(), hi.tolist(), self.start.tolist()

    @classmethod
    def full(cls, rows: int, columns: int) -> Band:
        """Every cell of ``rows`` + 1 rows and ``columns`` + 1 columns."""
        return cls(np.zeros(rows + 1, dtype=np.int64), np.full(rows + 1, columns, dtype=np.int64), columns)

    @classmethod
    def around(cls, centre: np.ndarray, half_width: int, columns: int) -> Band:
        """The cells within ``half_width`` columns of ``centre`` (one column per row), widened where
        needed so that each row reaches the next one's first column: a path can always go on."""
        mid = np.floor(centre).astype(np.int64)
        lo = np.clip(mid - half_width, 0, columns)
        hi = np.clip(mid + half_width, 0, columns)
        hi[:-1] = np.maximum(hi[:-1], lo[1:])
        return cls(lo, hi, columns, half_width)

    def spans(self):
        """Each row's first column and where its cells start and end in the flat arrays."""
        return zip(self._lo, self._start, self._start[1:])

    def cell(self, i: int, j: int) -> int:
        """Where cell (i, j) stands in the flat arrays; -1 outside the band."""
        lo = self._lo[i]
        return self._start[i] + j - lo if lo <= j <= self._hi[i] else -1

    def pressed(self, cells: list[tuple[int, int]]) -> bool:
        """Whether any of ``cells`` lies within BAND_EDGE of an edge that is not the table's."""
        return any(j - self._lo[i] < BAND_EDGE and self._lo[i] > 0
                   or self._hi[i] - j < BAND_EDGE and self._hi[i] < self.columns for i, j in cells)


class _Region:
    """A stretch of each side aligned on its own: its segments, its band, its link scores, and
    what they owe nothing to the length ratio, kept between the passes."""

    def __init__(self, o_segs: list[Segment], t_segs: list[Segment], weights: Weights):
        self.o_segs, self.t_segs = o_segs, t_segs
        self.links = LinkScores(o_segs, t_segs, weights)
        self.centre = _band_centre(o_segs, t_segs) if len(o_segs) * len(t_segs) > BAND_CELLS else None
        self.band = self._band(BAND_HALF_WIDTH)
        self.evidence: tuple[list, np.ndarray | None] = ([], None)  # of the last shapes, on the band's cells
        self.ratio = 1.0  # the length ratio of the last tables
        self.one_to_one = np.empty(0)  # their 1-1 link scores (without prior or cost), on the band's cells

    def _band(self, half_width: int) -> Band:
        n, m = len(self.o_segs), len(self.t_segs)
        return Band.full(n, m) if self.centre is None else Band.around(self.centre, half_width, m)

    def widen(self) -> bool:
        """Double the band's half-width (up to BAND_MAX_HALF_WIDTH); False when it cannot grow."""
        if self.band.half_width is None or self.band.half_width >= BAND_MAX_HALF_WIDTH:
            return False
        self.band = self._band(min(2 * self.band.half_width, BAND_MAX_HALF_WIDTH))
        self.evidence = [], None
        return True

    def tables(self, shapes, ratio: float) -> list[tuple[int, int, np.ndarray]]:
        """For every shape (a, b) that fits, the score of each link of a original and b translation
        segments that ends in a cell of the band (-inf where none can), on the band's cells."""
        self.ratio = ratio
        band, go, gt = self.band, self.links.go, self.links.gt
        shapes = [(a, b, prior) for a, b, prior in shapes if a <= go.count and b <= gt.count]
        a, b, go_start, gt_start = np.array([(a, b, go.rows(a).start, gt.rows(b).start) for a, b, _ in shapes]).T
        # a link of a x b segments ending in row i >= a, column j >= b links the original group that
        # starts at i - a with the translation groups that start at j - b: asked for row by row
        row, shape = ranges(a, np.full(len(shapes), len(band.lo) - 1))
        first = np.maximum(band.lo[row], b[shape])
        q_first, q_last = gt_start[shape] + first - b[shape], gt_start[shape] + band.hi[row] - b[shape]
        po = go_start[shape] + row - a[shape]
        pairs = Pairs.ask(po, q_first, q_last)
        if self.evidence[0] != shapes:  # what owes nothing to the ratio, kept while shapes and band stay
            self.evidence = shapes, self.links.evidence(pairs)
        scores = self.links.length(pairs.o, pairs.t, ratio) + self.evidence[1]
        # a pair's cell: its row's first cell, then as many on as its translation group
        cells = (band.start[row] + first - band.lo[row] - q_first)[pairs.owner] + pairs.t
        shape = shape[pairs.owner]
        table = np.full((len(shapes), band.size), -math.inf)
        table[shape, cells] = np.array([prior + LINK_COST for _, _, prior in shapes])[shape] + scores
        if shapes[0][:2] == (1, 1):  # the pairs of single segments come first
            ones = shape == 0
            self.one_to_one = np.full(band.size, math.nan)
            self.one_to_one[cells[ones]] = scores[ones]
        return [(a, b, table[k]) for k, (a, b, _) in enumerate(shapes)]

    def pair_score(self, i: int, j: int) -> float:
        """The score of linking original segment i to translation segment j (at the last tables' ratio)."""
        cell = self.band.cell(i + 1, j + 1)  # where that link ends
        if cell >= 0 and not math.isnan(score := self.one_to_one.item(cell)):
            return score
        pairs = Pairs.ask(np.array([i]), np.array([j]), np.array([j]))  # outside the band: worked out alone
        return float(self.links.length(pairs.o, pairs.t, self.ratio)[0] + self.links.evidence(pairs)[0])


def _skip(seg: Segment) -> float:
    """What leaving a segment unlinked costs inside the aligned stretch; short marks cost little."""
    if seg.cls == "text":
        return -min(SKIP_INSIDE["text"], 0.1 + seg.length / 100.0)
    return -SKIP_INSIDE.get(seg.cls, SKIP_OTHER)


def _dp(region: _Region, shapes, ratio: float) -> list[tuple[int, int, int, int, float]]:
    """Best local alignment of a region: (o_start, o_size, t_start, t_size, score) per link, in order.

    A band that the chosen path presses on is widened and the programme run again: time and
    memory are linear in the segments times the band's width.
    """
    skip_o = [_skip(s) for s in region.o_segs]
    skip_t = [_skip(s) for s in region.t_segs]
    while True:
        # Every link score of every shape in the band at once: the programme only adds and compares.
        tables = region.tables(shapes, ratio)
        score, best_cell = _cell_scores(tables, skip_o, skip_t, region.band)
        links = _links_back(score, tables, skip_o, skip_t, region.band, best_cell)
        if not region.band.pressed([(i + a, j + b) for i, a, j, b, _ in links]) or not region.widen():
            return links


def _cell_scores(tables: list, skip_o: list[float], skip_t: list[float],
                 band: Band) -> tuple[np.ndarray, tuple[int, int]]:
    """The programme's score at every cell of the band (row i, column j: after i original and j
    translation segments), and the first cell, in row order, of the highest.

    Each cell takes the best of its moves (:func:`_best_move`).  Every move but skipping a
    translation segment comes from an earlier row, so those are taken a whole row at once, each
    from the cell it comes from: a cell outside the band counts 0, as where an alignment starts.
    The scores are returned in the band's flat layout, with one more entry, 0, for those cells.
    """
    # skipping an original segment, then the links
    moves = np.array([(1, 0)] + [(a, b) for a, b, _ in tables]).reshape(-1, 2, 1)
    row_of = np.repeat(np.arange(len(band.lo)), np.diff(band.start))
    # for each move and cell, where the move comes from (band.size: outside the band), and what it adds
    from_row = row_of - moves[:, 0]
    from_column = np.arange(band.size) - band.start[row_of] + band.lo[row_of] - moves[:, 1]
    row = np.maximum(from_row, 0)
    sources = np.where((from_row >= 0) & (from_column >= band.lo[row]) & (from_column <= band.hi[row]),
                       band.start[row] + from_column - band.lo[row], band.size)
    # no original segment to skip before row 1
    costs = np.vstack([np.array([-math.inf] + skip_o)[row_of]] + [table for _, _, table in tables])
    flat = np.zeros(band.size + 1)
    best, best_cell = 0.0, (0, 0)
    for i, (lo, start, end) in enumerate(band.spans()):
        reached = flat[sources[:, start:end]]
        reached += costs[:, start:end]
        # values only: equal moves give the same value, and _best_move finds which move it was
        row = np.maximum(reached.max(axis=0), 0.0).tolist()  # 0: the alignment may start anywhere
        for k, skip in enumerate(skip_t[lo:lo + len(row) - 1], 1):
            carried = row[k - 1] + skip
            if carried > row[k]:
                row[k] = carried
        flat[start:end] = row
        top = max(row)
        if top > best:
            best, best_cell = top, (i, lo + row.index(top))
    return flat, best_cell


def _links_back(score: np.ndarray, tables: list, skip_o: list[float], skip_t: list[float],
                band: Band, cell: tuple[int, int]) -> list[tuple[int, int, int, int, float]]:
    """The links on the path to ``cell`` (:func:`_dp`), from where the alignment starts or enters the band."""
    links = []
    i, j = cell
    score = score.tolist()  # read a few times a cell: quicker as a list
    while (move := _best_move(score, tables, skip_o, skip_t, band, i, j)) is not None:
        a, b, link = move
        if a and b:
            links.append((i - a, a, j - b, b, link))
        i, j = i - a, j - b
    return links[::-1]


def _best_move(score: list[float], tables: list, skip_o: list[float], skip_t: list[float],
               band: Band, i: int, j: int) -> tuple[int, int, float] | None:
    """The move that gave cell (i, j) its score: (original segments, translation segments, link
    score); None where the alignment starts, and outside the band.  A cell outside the band
    (:meth:`Band.cell` -1) reads the scores' last entry, 0."""
    here = band.cell(i, j)
    if here < 0:
        return None
    value, move = 0.0, None  # 0: the alignment may start here
    if i and (reached := score[band.cell(i - 1, j)] + skip_o[i - 1]) > value:
        value, move = reached, (1, 0, 0.0)
    if j and (reached := score[band.cell(i, j - 1)] + skip_t[j - 1]) > value:
        value, move = reached, (0, 1, 0.0)
    for a, b, table in tables:
        if i >= a and j >= b:
            link = table.item(here)
            if (reached := score[band.cell(i - a, j - b)] + link) > value:
                value, move = reached, (a, b, link)
    return move


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
        order = [True] if k == 0 else [False] if k == len(found) else [False, True]
        # as many units on each side between two links: their places speak for them
        least = GAP_MIN - GAP_SANDWICH if 0 < k < len(found) and o1 - o0 == t1 - t0 else GAP_MIN
        for backwards in order:  # forwards from the link before, then backwards from the link after
            while o0 < o1 and t0 < t1:
                oi, ti = (o1 - 1, t1 - 1) if backwards else (o0, t0)
                score = region.pair_score(oi, ti)
                if score < least:
                    break
                extra.append((oi, 1, ti, 1, score + LINK_COST))
                o0, o1, t0, t1 = (o0, o1 - 1, t0, t1 - 1) if backwards else (o0 + 1, o1, t0 + 1, t1)
    return sorted(found + extra, key=lambda link: link[2])


def _anchor_chain(o_segs: list[Segment], t_segs: list[Segment]) -> list[tuple[int, int]]:
    """Cells where an anchor pairs two segments, longest chain increasing on both sides.

    An anchor found as many times on each side pairs its occurrences in order (found once on
    each side, it pairs those two segments): a repeated date or name still places the text.
    """
    where_o: dict[str, list[int]] = {}
    where_t: dict[str, list[int]] = {}
    for where, segs in ((where_o, o_segs), (where_t, t_segs)):
        for k, seg in enumerate(segs):
            for tok in seg.tokens:
                where.setdefault(tok, []).append(k)
    # a row's points by falling column: the chain below takes at most one of them
    points = sorted({pair for tok, ks in where_o.items() if len(ks) == len(where_t.get(tok, ()))
                     for pair in zip(ks, where_t[tok])}, key=lambda p: (p[0], -p[1]))
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


def _band_centre(o_segs: list[Segment], t_segs: list[Segment]) -> np.ndarray:
    """For each row of a region's programme (0 .. n), the column its path is expected near.

    Through the chain of anchors (:func:`_anchor_chain`): straight between two anchors, and at
    one column a row before the first and after the last.  With fewer than two anchors, the
    diagonal of the lengths: as far into the translation as the row is into the original.
    """
    n, m = len(o_segs), len(t_segs)
    cells = [(i + 1, j + 1) for i, j in _anchor_chain(o_segs, t_segs)]
    rows = np.arange(n + 1, dtype=float)
    if len(cells) >= 2:
        a, b = np.array(cells, dtype=float).T
        inside = np.interp(rows, a, b)
        return np.where(rows < a[0], b[0] + rows - a[0], np.where(rows > a[-1], b[-1] + rows - a[-1], inside))
    o_len = np.concatenate(([0.0], np.cumsum([s.length for s in o_segs])))
    t_len = np.concatenate(([0.0], np.cumsum([s.length for s in t_segs])))
    share = o_len / o_len[-1] if o_len[-1] > 0 else rows / max(n, 1)
    return np.interp(share * t_len[-1], t_len, np.arange(m + 1, dtype=float)) if t_len[-1] > 0 else share * m


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
    # the original's words are keyed as terms only to meet the translation's bracketed terms
    terms = frozenset(tok for segs in t_regions for seg in segs for tok in seg.tokens if tok.startswith("T:"))
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

    free_o, free_t = ([k for k, u in enumerate(units) if u.id not in pinned and unit_class(u) != "never"]
                      for units in (original, translation))

    def free(ks: list[int], lo: int, hi: int) -> list[int]:
        """The free units strictly between positions lo and hi."""
        return ks[bisect_right(ks, lo):bisect_left(ks, hi)]

    found = _align_regions(original, translation, [(free_o, free_t)])
    chain = pin_chain(list(pins), o_pos, t_pos, found)
    if chain:
        bounds_o, bounds_t = [-1], [-1]
        for pin in chain:
            bounds_o += [min(o_pos[i] for i in pin.original), max(o_pos[i] for i in pin.original)]
            bounds_t += [min(t_pos[i] for i in pin.translation), max(t_pos[i] for i in pin.translation)]
        bounds_o.append(len(original))
        bounds_t.append(len(translation))
        regions = [(free(free_o, bounds_o[k], bounds_o[k + 1]), free(free_t, bounds_t[k], bounds_t[k + 1]))
                   for k in range(0, len(bounds_o), 2)]
        found = _align_regions(original, translation, regions)
    return sorted(links + found, key=lambda link: t_pos[link.translation[0]])
