"""Division and block rules stay linear in the export's size (issue 14, item 4) for the line shapes they read."""
from __future__ import annotations

import functools
import os
import time

import pytest

from teiencode.diagnostics import Reporter
from teiencode.reader import read_text
from teiencode.source import decode

_HEAD = "\nMay 1, 1950\n\n**Cable, A to B**\n\nThe comrades agreed with the plan and will report next week in full.\n\n"
# Each shape repeated: lines with no language of their own (names), salutations, speaker turns, initials,
# short stretches in another script between lines of the main language (quotations), sign-offs between
# paragraphs (each a candidate closer).
SHAPES = {
    "names": "Recipients:\n" + "{}",
    "salutations": "{}",
    "turns": "{}",
    "initials": "{}",
    "quotations": "{}",
    "signatures": "{}",
}
UNITS = {"names": "Com. Nowak\n", "salutations": "Cde. Li!\n", "turns": "Kim – Yes, we agree.\nLee: Good.\n",
         "initials": "A. ", "quotations": "Да.\nThe delegation will arrive tomorrow at nine.\n",
         "signatures": "The plan was approved by the commission today.\n\nPETROV\n\n"}


def _read_seconds(shape: str, n: int) -> float:
    text = _HEAD + SHAPES[shape].format(UNITS[shape] * n) + "\n\nSHTYKOV\n"
    source = decode(text.encode(), "long.txt")
    start = time.process_time()  # CPU time of this process: other work on a shared machine does not count
    read_text(source, Reporter("long.txt"))
    return time.process_time() - start


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_reading_grows_linearly(shape):
    _read_seconds(shape, 200)  # warm the caches
    small = min(_read_seconds(shape, 1000) for _ in range(3))
    large = min(_read_seconds(shape, 8000) for _ in range(3))
    # 8 times the input: linear is about 8 times the time, quadratic 64; allow for caches and the collector.
    assert large < 32 * small + 0.05, f"{shape}: {small:.3f} s for 1,000 units, {large:.3f} s for 8,000"


# --- every structural form, in any order, is valid and written back line for line (teiencode text) ---

from hypothesis import HealthCheck, given, settings, strategies as st  # noqa: E402

_FORMS = [
    "Dear Comrade Petrov,", "Cde. Li Ming!", "Dear Cde.", "I. V. Sokolov", "I. SOKOLOV", "30 June 1951 PETROV",
    "G R O M Y K O", "Signed: Ivan Orlov", "ORLOV [Petrov]", "USSR MFA (P. IVANOV)", "– 12 ambassador –",
    "Head of Department", "With comradely greetings,", "Recipients:", "Com. Nowak", "1 - Cde. A. A. Gromyko",
    "1. The plan was approved.", "a) the first point;", "– The delegation arrived on Monday and was met.",
    "Sokolov – How was the journey?", "Li Ming: Long, but comfortable.", "Pak Il:", "from the journal of",
    "From: Berlin", "Berlin, 6 April 1989", "Top Secret", "12 March 1951", "[a]", "Comrade H e g e n",
    "The ministry has considered the quota and asks you to approve the figures before the end of the month.",
    "He said that the talks would begin next week, and asked for our advice on the maps.",
]


@settings(max_examples=int(os.environ.get("TEIENCODE_EXAMPLES", 40)), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(_FORMS), st.sampled_from(["\n", "\n\n"])), min_size=1, max_size=14))
def test_structural_forms_round_trip(lines):
    from lxml import etree

    from teiencode import render
    from teiencode.config import Config
    from teiencode.reader import read_text as read
    from teiencode.tei import encode, serialize
    from teiencode.validate import diagnostics_for_bytes

    body = "".join(line + sep for line, sep in lines)
    export = _HEAD + body
    doc = read(decode(export.encode(), "forms.txt"), Reporter("forms.txt"))
    from teiencode.align import align_document
    align_document(doc)
    data = serialize(encode(doc, Config()))
    tree = etree.ElementTree(etree.fromstring(data))
    assert diagnostics_for_bytes(data, "forms.tei.xml", schemas=_schemas(), xsd=False) == []
    want = [" ".join(line.split()) for line in export.splitlines() if line.strip()]
    got = [" ".join(line.split()) for line in render.to_text(tree).splitlines() if line.strip()]
    assert got == want


@functools.cache
def _schemas():
    from teiencode.validate import load_schemas
    return load_schemas()
