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
the logistic of its score.

The programme computes a band of cells, and scores only the links that end in it: all of a
small region (up to ``BAND_CELLS`` cells), and in a larger one the cells within
``BAND_HALF_WIDTH`` segments of a centre line, drawn through the longest chain of anchors (an
anchor found as often on each side pairs its occurrences in order) or, with fewer than two,
along the diagonal of the lengths.  Where the path found presses on the band's edge the band is
doubled, up to ``BAND_MAX_HALF_WIDTH``, and the programme run again.  Time and memory are
therefore linear in the number of units for a fixed band (and reading each unit's anchors is
linear in its text).

The parts
---------
:mod:`.units` (what aligns), :mod:`.evidence` (what says two groups match), :mod:`.path` (the
programme that chooses the links), :mod:`.pins` (corrections from a sidecar file) and
:mod:`.report` (the alignment for review); this module ties them to the document model.
"""
from __future__ import annotations

from pathlib import Path

from .evidence import SHAPES, cert_label, certainty, text_length, translated_text, unit_tokens
from .path import align
from .pins import Pin, load_pins, sidecar_path
from .report import format_links, report, report_document
from .units import Link, Unit, export_text, unit_class, units_from_division

__all__ = ["Link", "Pin", "SHAPES", "Unit", "align", "align_document", "align_export", "cert_label", "certainty",
           "export_text", "format_links", "load_pins", "report", "report_document", "sidecar_path", "text_length",
           "translated_text", "unit_class", "unit_tokens", "units_from_division"]


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


def align_export(path: str | Path, show_report: bool = False, width: int = 120) -> str:
    """Read an export, align it (with its sidecar's pins) and return the result as text.

    The body of ``teiencode align EXPORT [--report] [--width N]``.

    :param path: the export file.
    :param show_report: the two-column table (:func:`report_document`) instead of one line per
        link (:func:`format_links`).
    :param width: the table's width in terminal columns.
    :raises InputError: when the export or its sidecar cannot be read (file:line:col).
    """
    from ..reader import read_export

    doc = read_export(path)
    links = align_document(doc, sidecar_path(path))
    return report_document(doc, width) if show_report else format_links(links)
