"""`teiencode text` is linear in its input: xslt/text.xsl has no construct libxslt runs in quadratic time.

Times are measured in bench/bench_text.py (growth exponent); here, without a clock, the
stylesheet is checked for the two constructs that made it quadratic, and a large TEI is
checked to come back whole.
"""
from __future__ import annotations

import importlib.util
import re

from lxml import etree

from conftest import ROOT
from teiencode import render

XSL = "{http://www.w3.org/1999/XSL/Transform}"
TEXT_XSL = ROOT / "xslt" / "text.xsl"


def _bench():
    spec = importlib.util.spec_from_file_location("bench_text", ROOT / "bench" / "bench_text.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_no_template_pattern_has_a_predicate():
    """libxslt tries a pattern with a predicate (text()[...], note[@type = ...]) on a node by
    working out its position among its siblings (or, for two predicates in a row, by evaluating
    the pattern over the document): per node, so quadratic in the siblings."""
    sheet = etree.parse(str(TEXT_XSL))
    with_predicate = [t.get("match") for t in sheet.iter(f"{XSL}template") if "[" in (t.get("match") or "")]
    assert not with_predicate, f"template patterns with a predicate: {with_predicate}"


def test_every_sibling_axis_stops_at_one_step():
    """A sibling axis read whole (preceding-sibling::node()) on every node is quadratic; [1] is one step."""
    sheet = etree.parse(str(TEXT_XSL))
    exprs = [expr for node in sheet.iter() for name in ("select", "test", "match") if (expr := node.get(name))]
    whole = [expr for expr in exprs for step in re.finditer(r"-sibling::(?:\*|node\(\)|text\(\)|[\w:-]+)", expr)
             if not expr.startswith("[1]", step.end())]
    assert not whole, f"sibling axes read whole: {whole}"


def test_a_large_tei_comes_back_whole():
    """Thousands of sibling blocks (about 2 MB of TEI): every copy's lines come back, in order."""
    bench = _bench()
    one, many = bench.large_tei(0), bench.large_tei(2)
    copies = len(many.getroot().findall(".//{http://www.tei-c.org/ns/1.0}div[@type='translation']/*")) \
        // len(one.getroot().findall(".//{http://www.tei-c.org/ns/1.0}div[@type='translation']/*"))
    assert copies > 1000 // 25, "the large TEI is not large"
    text_one = [line for line in render.to_text(one).splitlines() if line.strip()]
    text_many = [line for line in render.to_text(many).splitlines() if line.strip()]
    start = text_one.index(next(line for line in text_one if line.startswith("[handwritten]")))
    block = text_one[start:]  # the translation's lines: the last division of the seed
    assert text_many == text_one + block * (copies - 1)
