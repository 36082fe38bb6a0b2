"""The conventions at the edges of their input (issue 14): deep nesting, huge numbers, repeated
footnote marks, and time that grows linearly with every pathological shape of input."""
from __future__ import annotations

import gc
import sys
import time
from pathlib import Path

import pytest
from lxml import etree

from teiencode.config import Config
from teiencode.pipeline import convert, validation_problems
from teiencode.tei import serialize

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
from bench_growth import HEADER, SHAPES  # noqa: E402

TEI = {"t": "http://www.tei-c.org/ns/1.0"}


def build(tmp_path: Path, text: str):
    export = tmp_path / "edge.txt"
    export.write_text(text, encoding="utf-8")
    _, tree, diagnostics = convert(export, Config())
    data = serialize(tree)
    assert not validation_problems(tree, data, str(export))
    return etree.fromstring(data), {d.code for d in diagnostics}


def test_brackets_nested_246_deep_are_text_with_a_warning(tmp_path):
    root, codes = build(tmp_path, HEADER + "The list " + "[" * 246 + "core" + "]" * 246 + " ends.\n")
    assert "W-NESTING" in codes
    body = "".join(root.find(".//t:body", TEI).itertext())
    assert "core" in body and body.count("[") + body.count("]") + 2 * len(root.xpath("//t:body//*[@rend='brackets']",
                                                                                        namespaces=TEI)) == 492


@pytest.mark.parametrize("text", [
    "[[" + "9" * 4301 + " words off the page]]",
    "[page " + "3" * 4301 + "]",
    "Original text 一 " + "1" * 4301 + " 年 " + "2" * 4301 + " 月",
    "Number " + "7" * 4301 + ", dated " + "1" * 4400 + ".05.1950.",
], ids=["gap-extent", "page-number", "cjk-date", "number-and-dotted-date"])
def test_numbers_beyond_python_int_limit_are_text(tmp_path, text):
    root, _ = build(tmp_path, HEADER + text + "\n")
    body = "".join(root.find(".//t:body", TEI).itertext())
    assert "9" * 4301 in body or "3" * 4301 in body or "1" * 4301 in body or "7" * 4301 in body


def test_two_footnotes_with_one_mark_get_two_ids(tmp_path):
    root, _ = build(tmp_path, HEADER + "Comrade Ivanov.x/ met comrade Petrov.x/\n\n______\n\n"
                                       "x/ Pseudonym of A.\n\nx/ Pseudonym of B.\n")
    notes = root.xpath("//t:note[@type='footnote']/@xml:id", namespaces=TEI)
    assert len(notes) == 2 and len(set(notes)) == 2
    targets = root.xpath("//t:ref[@type='footnote']/@target", namespaces=TEI)
    assert targets == ["#" + n for n in notes]


@pytest.mark.parametrize("shape", [s for s in SHAPES if s != "cjk-date-header"])
def test_conversion_time_grows_linearly(tmp_path, shape):
    """Ten times the input takes about ten times as long: at most 40 on a busy shared host (quadratic is 100)."""
    def seconds(n: int) -> float:
        export = tmp_path / f"{shape}-{n}.txt"
        export.write_text(SHAPES[shape](n), encoding="utf-8")
        best = float("inf")
        for _ in range(2):
            gc.collect()
            start = time.perf_counter()
            convert(export, Config())
            best = min(best, time.perf_counter() - start)
        return best
    seconds(1000)  # warm the caches
    small, large = seconds(10000), seconds(100000)
    assert large < max(small, 0.005) * 40, f"{shape}: 10k chars {small:.3f} s, 100k chars {large:.3f} s"
