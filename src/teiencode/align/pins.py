"""Corrections by hand: pins read from a sidecar file, which the alignment keeps and aligns around.

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

import re
import tomllib
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path

from ..diagnostics import Diagnostic, InputError
from .units import Link, Unit


@dataclass(frozen=True)
class Pin:
    """A correction from a sidecar file: these units belong together (or nothing, when one side is empty)."""

    original: tuple[str, ...]
    translation: tuple[str, ...]


def pin_chain(pins: list[Pin], o_pos: dict[str, int], t_pos: dict[str, int], free: list[Link]) -> list[Pin]:
    """The two-sided pins that split the alignment: in document order on both sides, and not a
    deliberate reordering (a pin that crosses a confident link of the free alignment).

    Time O((pins + links) log links): a pin crosses a link that ends before it in the translation
    and starts after it in the original, or the other way round; sorted by where they end (start)
    in the translation, the links' latest start (earliest end) in the original says whether one does.
    """
    def span(ids, pos):
        return min(pos[i] for i in ids), max(pos[i] for i in ids)

    sure = [(span(lk.original, o_pos), span(lk.translation, t_pos)) for lk in free if lk.cert >= 0.8]
    by_t_end = sorted(sure, key=lambda s: s[1][1])
    t_ends = [t1 for _, (_, t1) in by_t_end]
    latest_o_start = list(accumulate((o0 for (o0, _), _ in by_t_end), max))
    by_t_start = sorted(sure, key=lambda s: s[1][0])
    t_starts = [t0 for _, (t0, _) in by_t_start]
    earliest_o_end = list(accumulate((o1 for (_, o1), _ in reversed(by_t_start)), min))[::-1]
    chain: list[Pin] = []
    two_sided = sorted((p for p in pins if p.original and p.translation), key=lambda p: span(p.translation, t_pos))
    for pin in two_sided:
        (o0, o1), (t0, t1) = span(pin.original, o_pos), span(pin.translation, t_pos)
        before = bisect_left(t_ends, t0)  # links ending before the pin in the translation
        after = bisect_right(t_starts, t1)  # links starting after it
        crosses = before and latest_o_start[before - 1] > o1 or after < len(t_starts) and earliest_o_end[after] < o0
        if not crosses and (not chain or o0 > span(chain[-1].original, o_pos)[1]):
            chain.append(pin)
    return chain


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
    # each side's ids, and its texts as phrases are matched: worked out once for every pin
    sides = {name: ({u.id for u in units}, [(u.id, _norm(u.text)) for u in units])
             for name, units in (("original", original), ("translation", translation))}
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
        for side, index in sides.items():
            ids: list[str] = []
            for key in (side, side + "_phrase"):
                if key not in entry:
                    continue
                values = _as_list(entry[key])
                if values is None:
                    fail(k, key, f"{key} must be a string or a list of strings")
                for value in values:
                    ids.append(_resolve(value, index, key.endswith("_phrase"), lambda msg: fail(k, key, msg)))
            for unit_id in ids:
                if unit_id in seen:
                    fail(k, side, f"{unit_id} is already pinned by [[link]] number {seen[unit_id] + 1}")
                seen[unit_id] = k
            resolved[side] = tuple(dict.fromkeys(ids))
        if not resolved["original"] and not resolved["translation"]:
            fail(k, None, "a [[link]] needs units on at least one side")
        pins.append(Pin(resolved["original"], resolved["translation"]))
    return pins


def _resolve(value: str, side: tuple[set[str], list[tuple[str, str]]], phrase: bool, fail) -> str:
    """The id of the unit an id or phrase names on a side (its ids, and its (id, normalised text)
    pairs); ``fail`` reports a miss."""
    ids, texts = side
    if not phrase:
        if value not in ids:
            fail(f"no unit {value!r} on this side")
        return value
    needle = _norm(value)
    hits = [unit_id for unit_id, text in texts if needle and needle in text]
    if len(hits) != 1:
        fail(f"phrase {value!r} matches {len(hits)} units{': ' + ', '.join(hits) if hits else ''}; "
             "it must match exactly one")
    return hits[0]
