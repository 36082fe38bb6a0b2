"""Growth of the Schematron check and the HTML views with the size of one TEI document.

Run: ``python bench/bench_views.py [--sizes 1,4,16,64] [--marks 1000,4000,16000] [--json FILE]``.

Two shapes, made from the seed's TEI (built once) so that no alignment or reading is timed:

- long: the body's units repeated k times (ids renumbered, @corresp and the standOff links
  repeated with them): k = 64 is about 2 MB of TEI and 3,000 units;
- marks: one translation paragraph holding n marks (``<supplied>``), as an export with many
  ``[a]`` in one paragraph gives.

For each size it prints the CPU time of the Schematron (the edition's compiled rules), views.xsl
(parallel and diplomatic pages) and reading.xsl, and the fitted growth exponent of each (time ~
size^e, least squares on the logarithms); linear work gives e close to 1.
"""
from __future__ import annotations

import argparse
import copy
import json
import math
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from lxml import etree  # noqa: E402

TEI = "http://www.tei-c.org/ns/1.0"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
_EDGES = {f"{{{TEI}}}{name}" for name in ("opener", "closer", "postscript", "head")}


def seed_tei() -> etree._ElementTree:
    """The seed export built to TEI by this checkout."""
    from teiencode import pipeline
    seed = next((REPO / "seeds").glob("*.txt"))
    _, tree, _ = pipeline.convert(seed)
    return etree.fromstring(etree.tostring(tree)).getroottree()


def _renumber(element: etree._Element, suffix: str) -> None:
    for node in element.iter():
        if node.get(XML_ID):
            node.set(XML_ID, node.get(XML_ID) + suffix)
        for attr in ("corresp", "target"):
            value = node.get(attr)
            if value and value.startswith("#") and node.tag != f"{{{TEI}}}ref":
                node.set(attr, " ".join(p + suffix for p in value.split()))


def long_tei(seed: etree._ElementTree, k: int) -> etree._ElementTree:
    """The seed with each division's inner units (not its opener, closer, postscript) repeated k times."""
    tree = copy.deepcopy(seed)
    root = tree.getroot()
    divisions = root.findall(f"{{{TEI}}}text/{{{TEI}}}body/{{{TEI}}}div")
    group = root.find(f"{{{TEI}}}standOff/{{{TEI}}}linkGrp")
    links = list(group) if group is not None else []
    for div in divisions:
        inner = [c for c in div if c.tag not in _EDGES]
        # the copies go before the seed's own units, which stay next to the closer they link to
        for r in range(1, k):
            for child in inner:
                clone = copy.deepcopy(child)
                _renumber(clone, f"r{r}")
                inner[0].addprevious(clone)
    ids = {node.get(XML_ID) for node in root.iter() if node.get(XML_ID)}
    for node in root.iter():  # a copy's pointer to a unit that is not copied (a closer's) is dropped
        kept = [p for p in (node.get("corresp") or "").split() if p[1:] in ids]
        if node.get("corresp") and kept:
            node.set("corresp", " ".join(kept))
        elif node.get("corresp"):
            del node.attrib["corresp"]
    for r in range(1, k):
        for link in links:
            clone = copy.deepcopy(link)
            _renumber(clone, f"r{r}")
            # only the links between repeated units: those of opener/closer lines are not repeated
            if all(p[1:] in ids for p in clone.get("target").split()):
                group.append(clone)
    return tree


def marks_tei(seed: etree._ElementTree, n: int) -> etree._ElementTree:
    """The seed with one translation paragraph holding n supplied marks."""
    tree = copy.deepcopy(seed)
    p = tree.find(f".//{{{TEI}}}div[@type='translation']/{{{TEI}}}p")
    for i in range(n):
        mark = etree.SubElement(p, f"{{{TEI}}}supplied", reason="translator", rend="brackets")
        mark.text = "a"
        mark.tail = f" word{i} "
    return tree


def exponent(sizes: list[float], times: list[float]) -> float:
    """Least-squares slope of log(time) on log(size)."""
    if len(sizes) < 2:
        return float("nan")
    xs = [math.log(s) for s in sizes]
    ys = [math.log(max(t, 1e-6)) for t in times]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)


def _time(work) -> float:
    """CPU seconds: steadier than wall time on a shared machine (the work is one thread); NaN
    when the work fails (an older checkout's view, run with $TEIENCODE_XSLT)."""
    from teiencode.diagnostics import TeiencodeError
    start = time.process_time()
    try:
        work()
    except TeiencodeError as exc:
        print(f"  failed: {exc}", flush=True)
        return float("nan")
    return time.process_time() - start


def measure(tree: etree._ElementTree) -> dict[str, float]:
    """Seconds for the Schematron, views.xsl and reading.xsl on one tree."""
    from teiencode import render, validate
    schemas = validate.load_schemas()
    etree.indent(tree, "  ")  # as the build writes it: whitespace text between the siblings
    reparsed = etree.fromstring(etree.tostring(tree)).getroottree()  # as a file read from disk
    return {
        "schematron": _time(lambda: schemas.sch.failures(reparsed)),
        "views": _time(lambda: render._transform("views", reparsed, css=render._css_param(), doc_id="d")),
        "reading": _time(lambda: render._render(reparsed, "reading", stem="d", index_href="")),
    }


def run(shape: str, sizes: list[int], seed: etree._ElementTree) -> dict:
    make = long_tei if shape == "long" else marks_tei
    rows = []
    for size in sizes:
        tree = make(seed, size)
        nbytes = len(etree.tostring(tree))
        times = measure(tree)
        rows.append({"size": size, "bytes": nbytes, **times})
        print(f"{shape:5} {size:6} {nbytes / 1e6:7.2f} MB  " +
              "  ".join(f"{k} {v:7.3f} s" for k, v in times.items()), flush=True)
    if len(rows) < 2:
        return {"rows": rows}
    fitted = {k: exponent([r["bytes"] for r in rows if r[k] == r[k]], [r[k] for r in rows if r[k] == r[k]])
              for k in ("schematron", "views", "reading")}
    print(f"{shape:5} growth exponent  " + "  ".join(f"{k} {v:.2f}" for k, v in fitted.items()), flush=True)
    return {"rows": rows, "exponents": fitted}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="4,16,64", help="repetitions of the seed's units")
    parser.add_argument("--marks", default="1000,4000,16000", help="marks in one paragraph")
    parser.add_argument("--json", type=Path, help="write the figures here")
    args = parser.parse_args(argv)
    seed = seed_tei()
    results = {"long": run("long", [int(s) for s in args.sizes.split(",")], seed),
               "marks": run("marks", [int(s) for s in args.marks.split(",")], seed)}
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
