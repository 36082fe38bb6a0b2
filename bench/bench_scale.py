"""Time and memory of one long export, phase by phase, as the export grows; and the growth exponents.

Run: ``python bench/bench_scale.py [--sizes 15000,150000,1500000,5000000] [--workdir DIR] [--json FILE]``.

Each export is the seed with its prose repeated (:func:`long_export`): the header, the page
furniture and the closing lines once, and the run of prose paragraphs of the original and of the
translation each repeated as often as the size asks, so both sides keep their text and their
alignment. For each size a fresh process reads, aligns, encodes, serializes, validates (RELAX NG
and Schematron) and renders the three views of the export, one phase after another, and reports
each phase's wall and CPU time and peak memory (the resident set's high-water mark, reset before the
phase: everything the process holds, libxml2's trees included). The schemas and stylesheets are
loaded on a small export first: their one-off cost is not the document's. A second fresh
process builds the export with ``teiencode build -j 1`` as a user would (views and index
included) and reports its wall and CPU time and peak resident memory.

The exponent of a phase is the slope of a least-squares line through (log size, log CPU time) or
(log size, log memory above the process's baseline); the last column is the slope between the two
largest sizes, which says how the phase grows where the size, not the set-up, dominates.
The alignment of every export is scored against the seed's gold links, one copy per repeat.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "seeds" / "000_e67b3bb4a698350b.txt"
GOLD = REPO / "tests" / "data" / "align" / "seed.gold.toml"
sys.path.insert(0, str(REPO / "src"))

SIZES = (15_000, 150_000, 1_500_000, 5_000_000)
PHASES = ("read", "align", "encode", "serialize", "validate", "render")
EXPONENT_MAX = 1.2
BUILD_SECONDS_MAX, BUILD_MB_MAX = 30.0, 1000.0  # the 5 MB export, views included
_PROSE = 120  # characters: a one-line block this long is running prose
_CYRILLIC = re.compile("[\u0400-\u04ff]")
_SIGN_OFF = re.compile(r"\b[^\W\d_a-z\u0430-\u044f]{5,}\b")


def _prose_span(blocks: list[str], indices: list[int]) -> tuple[int, int]:
    """The run of the body among ``indices``: from its first prose block to the last sentence
    before the sign-off (the first block after it with a name in capitals: ``ШТЫКОВ``, ``SHTYKOV``)."""
    first = next(k for k in indices if len(blocks[k]) >= _PROSE and "\n" not in blocks[k].strip()
                 and not blocks[k].lstrip().startswith("["))
    sign_off = next(k for k in indices if k > first and _SIGN_OFF.search(blocks[k]))
    return first, max(k for k in range(first, sign_off)
                      if len(blocks[k]) >= 40 and blocks[k].rstrip().endswith("."))


def long_export(size: int, seed: Path = SEED) -> tuple[str, int]:
    """The seed with its prose repeated to about ``size`` bytes (UTF-8), and the number of copies.

    :param size: the size wanted, in bytes
    :param seed: the export to grow
    """
    text = seed.read_text(encoding="utf-8")
    blocks = text.split("\n\n")
    body_start = next(k for k, b in enumerate(blocks) if b.strip() == "Contents:") + 2
    original = [k for k in range(body_start, len(blocks)) if _CYRILLIC.search(blocks[k])]
    o_first, o_last = _prose_span(blocks, list(range(original[0], original[-1] + 1)))
    t_first, t_last = _prose_span(blocks, list(range(original[-1] + 1, len(blocks))))

    def grown(copies: int) -> str:
        return "\n\n".join(blocks[:o_first] + blocks[o_first:o_last + 1] * copies + blocks[o_last + 1:t_first]
                           + blocks[t_first:t_last + 1] * copies + blocks[t_last + 1:])

    copy_bytes = len(grown(2).encode()) - len(text.encode())
    copies = max(1, round((size - len(text.encode())) / copy_bytes) + 1)
    return grown(copies), copies


def gold_pairs(original, translation, copies: int) -> set[tuple[str, str]]:
    """The seed's gold links in a grown export: a snippet found once names that unit; one found
    ``copies`` times names its n-th unit in the n-th copy.

    :param original: the grown export's original units
    :param translation: its translation units
    :param copies: how many times the prose was repeated
    """
    def units_with(snippet: str, units) -> list[str]:
        norm = " ".join(snippet.split())
        return [u.id for u in units if norm in " ".join(u.text.split())]

    pairs = set()
    for entry in tomllib.loads(GOLD.read_text(encoding="utf-8"))["link"]:
        o_hits = [units_with(s, original) for s in entry["original"]]
        t_hits = [units_with(s, translation) for s in entry["translation"]]
        for copy in range(copies):
            def pick(hits: list[str]) -> str:
                return hits[copy] if len(hits) == copies else hits[0]
            pairs |= {(pick(o), pick(t)) for o in o_hits for t in t_hits}
    return pairs


def _rss_peak_mb() -> float:
    status = Path("/proc/self/status").read_text()
    return int(re.search(r"VmHWM:\s+(\d+)", status)[1]) / 1024


def _rss_mb() -> float:
    status = Path("/proc/self/status").read_text()
    return int(re.search(r"VmRSS:\s+(\d+)", status)[1]) / 1024


def _reset_peak() -> bool:
    """Reset the resident set's high-water mark to the current size (Linux 4.0 and later)."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def _phases(export: Path, out: Path) -> dict:
    """Run every phase on ``export`` in this process; wall and CPU time (s) and peak memory (MB) of each."""
    from teiencode import pipeline, render
    from teiencode.align import units_from_division
    from teiencode.config import Config
    from teiencode.diagnostics import Reporter, TeiencodeError
    from teiencode.tei import serialize

    def run(path: Path, record: dict | None) -> tuple:
        results = {}
        baseline = _rss_mb()

        def phase(name: str, work):
            resettable = _reset_peak()
            before = _rss_mb()
            start, start_cpu = time.perf_counter(), time.process_time()
            error = None
            try:
                value = work()
            except TeiencodeError as exc:  # a phase that fails is reported, and the others still run
                value, error = None, str(exc)
            seconds, cpu = time.perf_counter() - start, time.process_time() - start_cpu
            if record is not None:
                record[name] = {"seconds": seconds, "cpu": cpu, "peak_mb": _rss_peak_mb() if resettable else None,
                                "before_mb": before, "baseline_mb": baseline, "error": error}
            return value

        doc = phase("read", lambda: pipeline.read(path, Reporter(str(path))))
        phase("align", lambda: pipeline.align(doc, path.with_suffix(".toml")))
        tree = phase("encode", lambda: pipeline.encode(doc, Config()))
        data = phase("serialize", lambda: serialize(tree))
        tei = out / (path.stem + ".tei.xml")
        tei.write_bytes(data)
        tree.docinfo.URL = str(tei)
        problems = phase("validate", lambda: pipeline.validation_problems(tree, data, str(tei))) or []
        phase("render", lambda: render.render_all(tei, out, tree=tree))
        results["problems"] = [str(p) for p in problems[:3]]
        return doc, results

    run(SEED, None)  # loads the schemas and compiles the stylesheets
    record: dict = {}
    doc, results = run(export, record)
    original = units_from_division(doc.original)
    translation = units_from_division(doc.translations[0])
    return {"phases": record, "links": [[list(lk.original), list(lk.translation)] for lk in doc.links],
            "units": [len(original), len(translation)], **results}


def _child(args: argparse.Namespace) -> int:
    print(json.dumps(_phases(args.export, args.out)))
    return 0


def _run_phases(export: Path, out: Path) -> dict:
    out.mkdir(parents=True, exist_ok=True)
    done = subprocess.run([sys.executable, __file__, "--child", "--export", str(export), "--out", str(out)],
                          capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"the phases of {export.name} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _run_build(export: Path, out: Path) -> dict:
    """``teiencode build EXPORT -j 1`` in a fresh process: wall and CPU time, peak resident memory, outcome."""
    env = dict(os.environ, PYTHONPATH=str(REPO / "src"))
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "teiencode.cli", "build", str(export), "-o", str(out), "-j", "1"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env)
    output = proc.stdout.read().decode("utf-8", "replace")
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    views = sorted(p.name for p in out.glob("*.html"))
    return {"seconds": seconds, "cpu": usage.ru_utime + usage.ru_stime, "peak_mb": usage.ru_maxrss / 1024,
            "exit": proc.returncode,
            "views": views, "last_line": output.strip().splitlines()[-1] if output.strip() else ""}


def exponent(sizes: list[float], values: list[float]) -> float:
    """The least-squares slope of log(value) on log(size).

    :param sizes: the input sizes
    :param values: the measurements (positive)
    """
    xs = [math.log(s) for s in sizes]
    ys = [math.log(max(v, 1e-9)) for v in values]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)


def _score(result: dict, export: Path, copies: int) -> tuple[float, float, float]:
    from teiencode.align import units_from_division
    from teiencode.reader import read_export

    doc = read_export(export)
    original, translation = units_from_division(doc.original), units_from_division(doc.translations[0])
    gold = gold_pairs(original, translation, copies)
    found = {(o, t) for o_ids, t_ids in result["links"] for o in o_ids for t in t_ids}
    hits = len(found & gold)
    precision, recall = hits / max(len(found), 1), hits / max(len(gold), 1)
    return precision, recall, 2 * precision * recall / (precision + recall) if hits else 0.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)), help="export sizes in bytes, comma-separated")
    parser.add_argument("--workdir", type=Path,
                        help="where the exports and outputs are made (default: a temporary folder)")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--no-build", dest="build", action="store_false", help="skip the full builds")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--export", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return _child(args)
    sizes = [int(s) for s in args.sizes.split(",")]
    with tempfile.TemporaryDirectory(dir=args.workdir) as tmp:
        work = Path(tmp)
        rows = []
        for size in sizes:
            text, copies = long_export(size)
            export = work / f"long_{size}.txt"
            export.write_text(text, encoding="utf-8")
            actual = export.stat().st_size
            result = _run_phases(export, work / f"phases_{size}")
            build = _run_build(export, work / f"build_{size}") if args.build else None
            rows.append({"size": actual, "copies": copies, "units": result["units"], "phases": result["phases"],
                         "problems": result["problems"], "quality": _score(result, export, copies), "build": build})
            _print_row(rows[-1])
    summary = _summary(rows)
    print(summary["text"])
    if args.json:
        args.json.write_text(json.dumps({"machine": _machine(), "rows": rows, "exponents": summary["exponents"]},
                                        indent=2), encoding="utf-8")
    return 0 if summary["ok"] else 1


def _print_row(row: dict) -> None:
    o, t = row["units"]
    p, r, f = row["quality"]
    print(f"\n{row['size'] / 1e6:.3f} MB ({row['copies']} copies; {o} original, {t} translation units); "
          f"alignment against the gold: precision {p:.3f} recall {r:.3f} F1 {f:.3f}")
    for name in PHASES:
        ph = row["phases"][name]
        peak = f"{ph['peak_mb']:7.0f} MB peak ({ph['peak_mb'] - ph['baseline_mb']:+.0f} MB)" if ph["peak_mb"] else ""
        failed = f"; FAILED: {ph['error'][:160]}" if ph.get("error") else ""
        print(f"  {name:<10} {ph['seconds']:8.3f} s {ph['cpu']:8.3f} s CPU {peak}{failed}")
    if row["problems"]:
        print("  validation errors:", *row["problems"], sep="\n    ")
    if row["build"]:
        b = row["build"]
        print(f"  build -j 1 {b['seconds']:8.3f} s {b['cpu']:8.3f} s CPU {b['peak_mb']:7.0f} MB peak; "
              f"exit {b['exit']}; "
              f"{len(b['views'])} views")


def _summary(rows: list[dict]) -> dict:
    sizes = [row["size"] for row in rows]
    lines = ["", "growth exponents of CPU time (steadier than wall time on a shared machine) and of memory above",
             "the process's baseline (least squares on log-log over every size; slope between the two largest):"]
    exponents, ok = {}, True
    series = {f"{name} CPU": [row["phases"][name]["cpu"] for row in rows] for name in PHASES}
    series |= {f"{name} memory": [max(row["phases"][name]["peak_mb"] - row["phases"][name]["baseline_mb"], 1.0)
                                  for row in rows] for name in PHASES if rows[0]["phases"][name]["peak_mb"]}
    if all(row["build"] for row in rows):
        series["build CPU"] = [row["build"]["cpu"] for row in rows]
        series["build memory"] = [row["build"]["peak_mb"] for row in rows]
    failed = {name for row in rows for name in PHASES if row["phases"][name].get("error")}
    for name, values in series.items():
        if len(rows) < 2:
            break
        if name.split()[0] in failed:
            ok = False
            first = min(r["size"] for r in rows if r["phases"][name.split()[0]].get("error"))
            lines.append(f"  {name:<18} failed at {first / 1e6:.2f} MB")
            continue
        fitted = exponent(sizes, values)
        last = exponent(sizes[-2:], values[-2:])
        exponents[name] = {"fitted": fitted, "largest": last}
        flag = "" if fitted <= EXPONENT_MAX else f"  > {EXPONENT_MAX}"
        ok &= fitted <= EXPONENT_MAX
        lines.append(f"  {name:<18} {fitted:5.2f}   {last:5.2f}{flag}")
    biggest = rows[-1]
    if biggest["build"] and biggest["size"] >= 4_500_000:
        b = biggest["build"]
        met = b["exit"] == 0 and b["seconds"] < BUILD_SECONDS_MAX and b["peak_mb"] < BUILD_MB_MAX
        ok &= met
        lines.append(f"{biggest['size'] / 1e6:.1f} MB build: {b['seconds']:.1f} s, {b['peak_mb']:.0f} MB, "
                     f"exit {b['exit']} "
                     f"({'within' if met else 'NOT within'} {BUILD_SECONDS_MAX:.0f} s and {BUILD_MB_MAX:.0f} MB)")
    lines.append(f"machine: {_machine()}")
    return {"text": "\n".join(lines), "exponents": exponents, "ok": ok}


def _machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    return (f"{os.cpu_count()} cores ({cpu}), Python {platform.python_version()}, "
            f"{platform.system()} {platform.release()}")


if __name__ == "__main__":
    sys.exit(main())
