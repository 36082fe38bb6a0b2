"""Time `teiencode text` (xslt/text.xsl) on ever larger TEI files and fit the growth exponent.

The TEI is the seed's (tests/golden/seed/expected.tei.xml) with the blocks of its translation
division repeated until the file has the size asked for: many sibling paragraphs, notes,
furniture and line breaks in one division, the shape that made the stylesheet quadratic
(6 s / 25 s / 99 s for 2 / 4 / 8 MB). A linear stylesheet gives an exponent near 1.

Usage: python bench/bench_text.py [--sizes 0.5 1 2 4] [--repeat N] [--json OUT]
"""
from __future__ import annotations

import argparse
import copy
import json
import math
import statistics
import time
from pathlib import Path

from lxml import etree

from teiencode import render

REPO = Path(__file__).resolve().parents[1]
SEED_TEI = REPO / "tests" / "golden" / "seed" / "expected.tei.xml"
TEI = "{http://www.tei-c.org/ns/1.0}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"


def large_tei(megabytes: float, seed: Path = SEED_TEI) -> etree._ElementTree:
    """The seed's TEI with its translation's blocks repeated to about ``megabytes`` MB of XML.

    Copies lose their ids and links (an id must be unique); their words and markup stay.
    """
    tree = etree.parse(str(seed))
    div = tree.find(f"{TEI}text/{TEI}body/{TEI}div[@type='translation']")
    blocks = [copy.deepcopy(child) for child in div]
    for block in blocks:
        for node in block.iter():
            node.attrib.pop(XML_ID, None)
            node.attrib.pop("corresp", None)
    unit = sum(len(etree.tostring(b, encoding="utf-8")) for b in blocks)
    base = len(etree.tostring(tree, encoding="utf-8"))
    for _ in range(max(0, math.ceil((megabytes * 1e6 - base) / unit))):
        div.extend(copy.deepcopy(b) for b in blocks)
    return tree


def fitted_exponent(points: list[tuple[float, float]]) -> float:
    """Least-squares slope of log(time) on log(size)."""
    xs = [math.log(size) for size, _ in points]
    ys = [math.log(seconds) for _, seconds in points]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)


def measure(sizes: list[float], repeat: int) -> list[dict]:
    rows = []
    for mb in sizes:
        tree = large_tei(mb)
        size = len(etree.tostring(tree, encoding="utf-8"))
        paragraphs = len(tree.findall(f".//{TEI}div[@type='translation']/*"))
        runs = []
        for _ in range(repeat):
            start = time.perf_counter()
            text = render.to_text(tree)
            runs.append(time.perf_counter() - start)
        rows.append({"megabytes": size / 1e6, "siblings": paragraphs, "seconds": min(runs),
                     "lines_out": text.count("\n")})
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=float, nargs="+", default=[0.5, 1, 2, 4], help="TEI sizes in MB")
    parser.add_argument("--repeat", type=int, default=3, help="runs per size; the fastest counts")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    rows = measure(args.sizes, args.repeat)
    print(f"{'MB':>8} {'siblings':>9} {'seconds':>9}")
    for row in rows:
        print(f"{row['megabytes']:8.2f} {row['siblings']:9d} {row['seconds']:9.3f}")
    exponent = fitted_exponent([(r["megabytes"], r["seconds"]) for r in rows])
    print(f"growth exponent (time ~ size^k): k = {exponent:.2f}")
    if args.json:
        args.json.write_text(json.dumps({"rows": rows, "exponent": exponent}, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
