"""teiencode beside the usual TEI toolchain, on the same records in the same run.

Run: ``python bench/bench_toolchain.py [-n 500] [--jobs N] [--stylesheets DIR] [--tei-all RNG]
[--saxon-jar JAR] [--workdir DIR]``.

Writes N seed-sized exports (the seed varied as :func:`bench_pipeline.make_corpus` varies it), then,
each in a new process, with wall and CPU time (every process):

- teiencode: ``teiencode build`` of the N exports (read, align, encode, RELAX NG and Schematron,
  three views, index, manifest) on ``--jobs`` workers;
- jing + Saxon: the TEI files teiencode wrote, checked by jing against ``tei_all.rng`` (one run
  for all), then turned into HTML by the Saxon CLI with the TEI Stylesheets' HTML5 profile
  (``profiles/default/html5/to.xsl``, one run for the folder);
- saxonche: the same stylesheet compiled once in-process by SaxonC (``pip install .[bench]``) and
  applied to each TEI file.

It prints records per second and CPU milliseconds per record of each, and teiencode's rate over
each of the others'. A tool that is not installed is skipped with the reason. The TEI Stylesheets
are not part of teiencode: fetch them (github.com/TEIC/Stylesheets) and pass their folder with
``--stylesheets`` or ``$TEI_STYLESHEETS``.
"""
from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))
HTML5_PROFILE = Path("profiles/default/html5/to.xsl")


def _timed(cmd: list[str], **kwargs) -> tuple[float, float]:
    """Wall seconds and CPU seconds (user + system, the command and its children) of a command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, **kwargs)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1):  # 1: some record invalid or failed; still timed
        raise RuntimeError(f"{cmd[0]} exited {done.returncode}: {done.stderr.strip()[-500:]}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _saxonche_phase(stylesheet: Path, folder: Path) -> int:
    """In this process: compile the stylesheet once, transform every TEI file of the folder."""
    from saxonche import PySaxonProcessor
    with PySaxonProcessor(license=False) as processor:
        executable = processor.new_xslt30_processor().compile_stylesheet(stylesheet_file=str(stylesheet))
        for tei in sorted(folder.glob("*.tei.xml")):
            executable.transform_to_file(source_file=str(tei), output_file=str(tei.with_suffix(".html")))
    return 0


def _machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), "?") if Path("/proc/cpuinfo").exists() else "?"
    return f"{os.cpu_count()} cores ({len(os.sched_getaffinity(0))} usable), {cpu}"


def _row(name: str, n: int, wall: float, cpu: float) -> dict:
    print(f"{name:28} {n / wall:8.1f} records/s  {1000 * cpu / n:7.1f} ms CPU/record  ({wall:.1f} s wall)", flush=True)
    return {"rate": n / wall, "cpu_ms": 1000 * cpu / n}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", type=int, default=500, help="records")
    parser.add_argument("--jobs", type=int, default=None, help="teiencode's workers (default all cores)")
    parser.add_argument("--stylesheets", type=Path, default=os.environ.get("TEI_STYLESHEETS"),
                        help="the TEI Stylesheets folder ($TEI_STYLESHEETS)")
    parser.add_argument("--tei-all", type=Path,
                        default=os.environ.get("TEI_ALL_RNG") or REPO.parent / "shared" / "tei" / "tei_all.rng")
    parser.add_argument("--saxon-jar", type=Path, default=Path("/usr/share/java/Saxon-HE.jar"))
    parser.add_argument("--workdir", type=Path, help="keep the exports and outputs here")
    parser.add_argument("--saxonche-phase", nargs=2, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.saxonche_phase:
        return _saxonche_phase(*args.saxonche_phase)

    from bench_pipeline import make_corpus
    print(f"machine: {_machine()}; {args.n} seed-sized records", flush=True)
    with tempfile.TemporaryDirectory(prefix="teiencode-toolchain-") as tmp:
        work = args.workdir or Path(tmp)
        exports, out = work / "exports", work / "out"
        shutil.rmtree(exports, ignore_errors=True)
        shutil.rmtree(out, ignore_errors=True)
        make_corpus(args.n, exports, sources=sorted((REPO / "seeds").glob("*.txt")))
        env = dict(os.environ, PYTHONPATH=str(REPO / "src"))
        cmd = [sys.executable, "-m", "teiencode.cli", "build", str(exports), "-o", str(out)]
        ours = _row("teiencode (everything)", args.n, *_timed(cmd + (["-j", str(args.jobs)] if args.jobs else []), env=env))
        teis = sorted(out.glob("*.tei.xml"))
        # the toolchain reads the TEI teiencode wrote, from a folder of its own
        tei_dir = work / "tei"
        shutil.rmtree(tei_dir, ignore_errors=True)
        tei_dir.mkdir()
        for tei in teis:
            (tei_dir / tei.name).symlink_to(tei)
        stylesheet = args.stylesheets / HTML5_PROFILE if args.stylesheets else None

        missing = [why for why, gone in (
            ("jing is not installed", not shutil.which("jing")),
            (f"no tei_all.rng at {args.tei_all}", not Path(args.tei_all).is_file()),
            ("java is not installed", not shutil.which("java")),
            (f"no Saxon jar at {args.saxon_jar} (Debian: libsaxonhe-java)", not args.saxon_jar.is_file()),
            ("no TEI Stylesheets: pass --stylesheets or set $TEI_STYLESHEETS",
             stylesheet is None or not stylesheet.is_file())) if gone]
        if missing:
            print(f"{'jing + Saxon CLI':28} skipped: {'; '.join(missing)}")
        else:
            jing = _timed(["jing", str(args.tei_all), *map(str, sorted(tei_dir.iterdir()))])
            html = work / "saxon-html"
            shutil.rmtree(html, ignore_errors=True)
            html.mkdir()
            saxon = _timed(["java", "-jar", str(args.saxon_jar), f"-s:{tei_dir}", f"-xsl:{stylesheet}", f"-o:{html}"])
            _row("  jing (tei_all)", len(teis), *jing)
            _row("  Saxon CLI (HTML5 profile)", len(teis), *saxon)
            chain = _row("jing + Saxon CLI", len(teis), jing[0] + saxon[0], jing[1] + saxon[1])
            print(f"{'teiencode / jing + Saxon':28} {ours['rate'] / chain['rate']:8.2f}x the records/s")

        try:
            import saxonche  # noqa: F401
        except ImportError:
            print(f"{'saxonche':28} skipped: not installed (pip install '.[bench]')")
        else:
            if stylesheet is None or not stylesheet.is_file():
                print(f"{'saxonche':28} skipped: no TEI Stylesheets (--stylesheets or $TEI_STYLESHEETS)")
            else:
                cmd = [sys.executable, __file__, "--saxonche-phase", str(stylesheet), str(tei_dir)]
                inproc = _row("saxonche (HTML5 profile)", len(teis), *_timed(cmd))
                print(f"{'teiencode / saxonche':28} {ours['rate'] / inproc['rate']:8.2f}x the records/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
