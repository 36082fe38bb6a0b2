"""The alignment for review: a two-column table (original | translation, with certainties) or one
line per link.
"""
from __future__ import annotations

import unicodedata
from collections import deque

from .evidence import cert_label
from .units import Link, Unit, units_from_division

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
    rest_o = deque(u for u in original if u.id not in linked_o)
    rest_t = deque(u for u in translation if u.id not in linked_t)
    rows = []
    for link in links:
        o_first = min(o_pos[i] for i in link.original)
        t_first = min(t_pos[i] for i in link.translation)
        while rest_t and t_pos[rest_t[0].id] < t_first:
            rows.append(("", [], [rest_t.popleft()]))
        while rest_o and o_pos[rest_o[0].id] < o_first:
            rows.append(("", [rest_o.popleft()], []))
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
