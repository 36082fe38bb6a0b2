"""Time loading the edition schemas (lxml RNG, xmlschema XSD, Schematron) and validating one document.

Usage: python bench/bench_validate.py [TEI_FILE] [--repeat N] [--tei-all] [--json OUT]
"""
from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import xmlschema
from lxml import etree

from teiencode import validate, xmlsafe
from teiencode.schemagen import RNG_NAME, SCH_NAME, XSD_NAME, default_tei_all

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DOC = REPO / "tests" / "data" / "sample.tei.xml"


def _timed(fn, repeat: int) -> tuple[float, float]:
    """First call (cold) and median of the next ``repeat`` calls (warm), in seconds."""
    start = time.perf_counter()
    fn()
    cold = time.perf_counter() - start
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return cold, statistics.median(runs) if runs else cold


def measure(doc: Path, repeat: int, tei_all: bool) -> dict[str, tuple[float, float]]:
    """Every figure, as (cold, warm) seconds.

    :param doc: the TEI document to validate
    :param repeat: how many warm runs to take the median of
    :param tei_all: also time the official tei_all (lxml load ~15 s, jing per file)
    """
    folder = validate.schema_dir()
    results = {
        "load RNG (lxml)": _timed(lambda: etree.RelaxNG(xmlsafe.parse(folder / RNG_NAME)), repeat),
        "load XSD (xmlschema)": _timed(lambda: xmlschema.XMLSchema10(str(folder / XSD_NAME), allow="local",
                                                                      defuse="always"), repeat),
        "load Schematron (lxml)": _timed(lambda: validate.CompiledSchematron(xmlsafe.parse(folder / SCH_NAME)),
                                         repeat),
        "load all (load_schemas)": _timed(lambda: validate.load_schemas.__wrapped__(folder), repeat),
    }
    schemas = validate.load_schemas(folder)
    tree = xmlsafe.parse(doc)
    results["validate RNG"] = _timed(lambda: schemas.rng.validate(tree), repeat)
    results["validate XSD"] = _timed(lambda: list(schemas.xsd.iter_errors(tree)), repeat)
    results["validate Schematron"] = _timed(lambda: schemas.sch.failures(tree), repeat)
    results["validate all (iter_diagnostics)"] = _timed(
        lambda: list(validate.iter_diagnostics(doc, schemas=schemas)), repeat)
    if tei_all and default_tei_all():
        rng = default_tei_all()
        results["tei_all: load RNG (lxml)"] = _timed(lambda: etree.RelaxNG(xmlsafe.parse(rng)), 0)
        if shutil.which("jing"):
            results["tei_all: jing, one file incl. JVM start"] = _timed(
                lambda: subprocess.run(["jing", str(rng), str(doc)], capture_output=True), min(repeat, 3))
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("doc", nargs="?", default=str(DEFAULT_DOC), help="TEI file to validate")
    parser.add_argument("--repeat", type=int, default=5, help="warm runs per figure (median)")
    parser.add_argument("--tei-all", action="store_true", help="also time the official tei_all (slow)")
    parser.add_argument("--json", help="write the figures to this JSON file too")
    args = parser.parse_args(argv)
    doc = Path(args.doc)
    results = measure(doc, args.repeat, args.tei_all)
    print(f"document: {doc} ({doc.stat().st_size} bytes); python {sys.version.split()[0]}, "
          f"lxml {etree.__version__}, xmlschema {xmlschema.__version__}")
    print(f"{'figure':42} {'cold s':>8} {'warm s':>8}")
    for name, (cold, warm) in results.items():
        print(f"{name:42} {cold:8.3f} {warm:8.3f}")
    if args.json:
        out = Path(args.json)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps({k: {"cold": c, "warm": w} for k, (c, w) in results.items()}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
