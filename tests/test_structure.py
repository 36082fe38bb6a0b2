"""Division and block rules stay linear in the export's size (issue 14, item 4) for the line shapes they read."""
from __future__ import annotations

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
