"""Benchmark the full pipeline (read, align, encode, validate, render the views) at archive scale.

Run: ``python bench/bench_pipeline.py [-n 1000] [--jobs N] [--seed-only] [--workdir DIR] [--no-settle]
[--json results.json]``.

It synthesises N exports from the seed and the fixtures (the shared corpus and the test data),
each one varied (numbers changed, words swapped, paragraphs dropped or repeated) so that none is
a copy, then builds them with :func:`teiencode.batch.build_many`, each phase in a fresh process:

- cold: an empty output folder (everything read, encoded, validated and rendered), once making a
  file costs what it does on a quiet disk (:func:`settle`: at most three minutes, printed);
- warm: the same build again, nothing changed (the manifest skips every document);
- forced: ``force=True`` into the warm folder (everything rebuilt, file caches warm).

For each it prints documents per second, the time per stage (ms per document, summed over the
workers), the CPU time per document (user and system, every process; steadier than wall time on a
shared machine) and peak memory (the main process and the largest worker). Then one document from a cold
start: ``teiencode build SEED`` as a new process, the median of several runs.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import platform
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
sys.path.insert(0, str(REPO / "src"))

_PROSE_MIN = 120  # a paragraph this long is prose: safe to vary without touching headers or marks
_NUMBER = re.compile(r"(?<![\w.-])[1-9]\d{1,3}(?![\w-])")
_WORD_PAIR = re.compile(r"(?<![\[\w])([^\W\d_]{3,}) ([^\W\d_]{3,})(?![\w\]])")


def source_exports(repo: Path = REPO) -> list[Path]:
    """The real exports to vary: the seeds, ``../shared/corpus`` and the test fixtures' ``.txt`` files.

    :param repo: the repository root
    """
    found = sorted((repo / "seeds").glob("*.txt"))
    found += sorted((SHARED / "corpus").glob("[0-9]*.txt"))
    data = repo / "tests" / "data"
    found += sorted(p for p in data.rglob("*.txt") if p.name != "README.txt") if data.is_dir() else []
    return found


def vary(text: str, rng: random.Random) -> str:
    """A variant of an export: some numbers and word orders changed, a prose paragraph dropped or repeated.

    Header fields, bracket marks and short lines (furniture, sign-offs) are left as they are.

    :param text: the export
    :param rng: the random source
    """
    blocks = text.split("\n\n")
    prose = [i for i, b in enumerate(blocks) if len(b) >= _PROSE_MIN and not b.lstrip().startswith("**")
             and "\n" not in b.strip() and not b.rstrip().endswith(":")]
    for _ in range(rng.randint(1, 4)):
        if not prose:
            break
        i = rng.choice(prose)
        numbers = list(_NUMBER.finditer(blocks[i]))
        pairs = list(_WORD_PAIR.finditer(blocks[i]))
        if numbers and rng.random() < 0.5:
            m = rng.choice(numbers)
            digits = len(m.group())
            new = str(rng.randint(10 ** (digits - 1), 10 ** digits - 1))
            blocks[i] = blocks[i][:m.start()] + new + blocks[i][m.end():]
        elif pairs:
            m = rng.choice(pairs)
            blocks[i] = blocks[i][:m.start()] + f"{m.group(2)} {m.group(1)}" + blocks[i][m.end():]
    if len(prose) >= 3 and rng.random() < 0.2:
        del blocks[rng.choice(prose)]
    elif prose and rng.random() < 0.3:
        i = rng.choice(prose)
        blocks.insert(i, blocks[i])
    return "\n\n".join(blocks)


def make_corpus(n: int, folder: Path, sources: list[Path] | None = None, seed: int = 0) -> list[Path]:
    """Write ``n`` distinct synthetic exports to ``folder`` (names ``NNNNN_<source>.txt``).

    :param n: how many
    :param folder: where to write them
    :param sources: the exports to vary (:func:`source_exports` by default)
    :param seed: the random seed; the same seed gives the same files
    """
    sources = sources or source_exports()
    texts = [(p.stem, p.read_text(encoding="utf-8")) for p in sources]
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    seen = {hashlib.sha256(t.encode()).hexdigest() for _, t in texts}
    written = []
    for k in range(n):
        stem, text = texts[k % len(texts)]
        for _ in range(50):  # retry until the variant is new: none is a copy of another
            variant = vary(text, rng)
            digest = hashlib.sha256(variant.encode()).hexdigest()
            if digest not in seen:
                break
        seen.add(digest)
        path = folder / f"{k:05d}_{stem[:40]}.txt"
        path.write_text(variant, encoding="utf-8")
        written.append(path)
    return written


def machine() -> dict:
    """The machine the figures come from."""
    cpu = ""
    try:
        cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                    if line.startswith("model name")), "")
    except OSError:
        pass
    from teiencode.batch import default_jobs
    return {"cores": default_jobs(), "cpu": cpu or platform.processor(), "python": platform.python_version(),
            "platform": platform.platform()}


def _phase(args: argparse.Namespace) -> int:
    """One build in this (fresh) process; prints its figures as JSON."""
    import resource
    start = time.perf_counter()
    from teiencode.batch import build_many
    from teiencode.pipeline import find_exports
    stamps = []  # when each document was done
    result = build_many(find_exports([args.src]), args.out, jobs=args.jobs, force=args.force,
                        progress=lambda *_: stamps.append(time.perf_counter()))
    end = time.perf_counter()
    wall = end - start
    n = len(result.results)
    own, workers = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    print(json.dumps({
        "documents": n, "wall_seconds": wall, "documents_per_second": n / wall, "counts": result.counts(),
        # the fixed costs around the stream of documents: starting the workers; the index and manifest
        "first_done_seconds": stamps[0] - start if stamps else None,
        "after_last_seconds": end - stamps[-1] if stamps else None,
        "steady_documents_per_second": (n - 1) / (stamps[-1] - stamps[0]) if n > 1 and stamps[-1] > stamps[0] else None,
        "ms_per_document": {k: 1000 * v / n for k, v in result.stage_seconds().items()},
        # CPU time is steadier than wall time on a shared machine; sys is mostly making files
        "cpu_ms_per_document": {"user": 1000 * (own.ru_utime + workers.ru_utime) / n,
                                "sys": 1000 * (own.ru_stime + workers.ru_stime) / n},
        "peak_rss_mib": {"main": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                         "largest_worker": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024},
        "failures": [str(d) for r in result.results if r.failed for d in r.diagnostics][:5],
    }))
    return 0


def run_phase(src: Path, out: Path, jobs: int, force: bool = False) -> dict:
    """Run one build phase in a new Python process and return its figures.

    :param src: the folder of exports
    :param out: the output folder
    :param jobs: worker processes
    :param force: rebuild everything
    """
    cmd = [sys.executable, __file__, "--phase", "--src", str(src), "--out", str(out), "--jobs", str(jobs)]
    done = subprocess.run(cmd + (["--force"] if force else []), capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def stage_split(paths: list[Path], sample: int = 60) -> dict[str, float]:
    """Milliseconds per document for read, align and encode, in this process, on a sample.

    :param paths: exports
    :param sample: how many of them
    """
    from teiencode import pipeline
    from teiencode.config import Config
    from teiencode.diagnostics import Reporter, TeiencodeError
    totals = {"read": 0.0, "align": 0.0, "encode": 0.0}
    done = 0
    for path in paths[:sample]:
        try:
            t0 = time.perf_counter()
            doc = pipeline.read(path, Reporter(str(path)))
            t1 = time.perf_counter()
            doc = pipeline.align(doc, path.with_suffix(".toml"))
            t2 = time.perf_counter()
            pipeline.encode(doc, Config())
            t3 = time.perf_counter()
        except TeiencodeError:
            continue
        totals["read"] += t1 - t0
        totals["align"] += t2 - t1
        totals["encode"] += t3 - t2
        done += 1
    return {k: 1000 * v / max(done, 1) for k, v in totals.items()}


def file_cost(folder: Path, n: int = 300) -> float:
    """Milliseconds to make one empty file in ``folder`` now: the file system's share of a cold build.

    A build makes four files per document. On a journal-less ext4 this cost swings by more than
    ten times with how many inodes were freed nearby in the last minutes, so the figure says
    what the machine's disk was doing during the run.

    :param folder: where the build writes (the files are made in a new subfolder, and left there)
    :param n: how many files
    """
    probe = Path(tempfile.mkdtemp(prefix="file-probe-", dir=folder))
    start = time.perf_counter()
    for i in range(n):
        (probe / f"{i}.tmp").touch()
    return 1000 * (time.perf_counter() - start) / n


def settle(folder: Path, limit_ms: float = 0.05, patience: float = 180.0) -> float:
    """Wait until making files in ``folder`` costs under ``limit_ms`` twice in a row; the seconds waited.

    A journal-less ext4 avoids reusing inodes freed in the last minute or two, so right after a
    previous run deleted its thousands of files, every new file costs up to a millisecond more.
    A cold build should not be charged for what the run before it deleted.

    :param folder: where the build will write
    :param limit_ms: the cost of a quiet file system (0.02 ms here; 0.7 ms just after a run)
    :param patience: the longest wait, in seconds
    """
    start = time.monotonic()
    quiet = 0
    while quiet < 2 and time.monotonic() - start < patience:
        quiet = quiet + 1 if file_cost(folder, 1000) < limit_ms else 0
        if quiet < 2:
            time.sleep(5)
    return time.monotonic() - start


def cold_start(export: Path, runs: int = 5) -> dict:
    """Seconds for ``teiencode build EXPORT`` in a new process into an empty folder (median of runs).

    :param export: one export
    :param runs: how many runs
    """
    times, library = [], []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as tmp:
            start = time.perf_counter()
            done = subprocess.run(["teiencode", "build", str(export), "-o", tmp], capture_output=True, text=True,
                                  check=False)
            times.append(time.perf_counter() - start)
        with tempfile.TemporaryDirectory() as tmp:
            # the same through the library, whatever the CLI's build does today
            start = time.perf_counter()
            script = "import sys; from teiencode.batch import build_many; build_many([sys.argv[1]], sys.argv[2], jobs=1)"
            subprocess.run([sys.executable, "-c", script, str(export), tmp], check=True)
            library.append(time.perf_counter() - start)
    script = "import time; t = time.perf_counter(); import teiencode.cli, teiencode.batch; print(time.perf_counter() - t)"
    import_time = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False)
    return {"median_seconds": statistics.median(times), "best_seconds": min(times), "runs": runs,
            "build_many_median_seconds": statistics.median(library),
            "exit_status": done.returncode, "import_seconds": float(import_time.stdout.strip() or "nan")}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--documents", type=int, default=1000)
    parser.add_argument("--jobs", type=int, default=0, help="worker processes (default: all cores)")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--keep", type=Path, help="synthesise into (and keep) this folder")
    parser.add_argument("--workdir", type=Path,
                        help="make the corpus and the output in a temporary folder here (default: the system's); "
                             "on an ext4 without a journal, making files where many were just deleted costs far more")
    parser.add_argument("--seed-only", action="store_true", help="vary the seeds only (seed-sized documents)")
    parser.add_argument("--no-settle", dest="settle", action="store_false",
                        help="do not wait for the file system to settle after earlier deletions (see settle())")
    parser.add_argument("--phase", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--src", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--force", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.phase:
        return _phase(args)
    from teiencode.batch import default_jobs
    jobs = args.jobs or default_jobs()
    if args.workdir:
        args.workdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=args.workdir) as tmp:
        src = args.keep or Path(tmp) / "exports"
        sources = sorted((REPO / "seeds").glob("*.txt")) if args.seed_only else source_exports()
        paths = make_corpus(args.documents, src, sources)
        sizes = [p.stat().st_size for p in paths]
        seed = min((REPO / "seeds").glob("*.txt"))
        figures = {"machine": machine(), "jobs": jobs, "documents": len(paths),
                   "mean_bytes": statistics.mean(sizes), "seed_bytes": seed.stat().st_size}
        out = Path(tmp) / "out"
        figures["settled_seconds"] = settle(Path(tmp)) if args.settle else 0.0
        figures["file_ms_before"] = file_cost(Path(tmp))
        for phase, force in (("cold", False), ("warm", False), ("forced", True)):
            figures[phase] = run_phase(src, out, jobs, force)
        figures["file_ms_after"] = file_cost(Path(tmp))  # the forced rebuild has just freed 4 inodes a document
        figures["convert_split_ms"] = stage_split(paths)
        figures["one_document_cold_start"] = cold_start(seed)
    _print(figures)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


def _print(f: dict) -> None:
    m = f["machine"]
    print(f"machine: {m['cores']} cores, {m['cpu']}, Python {m['python']}, {m['platform']}")
    print(f"corpus: {f['documents']} synthetic exports, mean {f['mean_bytes'] / 1024:.1f} KiB "
          f"(the seed: {f['seed_bytes'] / 1024:.1f} KiB); {f['jobs']} jobs")
    print(f"file system: making an empty file beside the output took {f['file_ms_before']:.3f} ms before the builds, "
          f"{f['file_ms_after']:.3f} ms after them"
          + (f" (waited {f['settled_seconds']:.0f} s first for it to settle)" if f["settled_seconds"] >= 1 else ""))
    for phase in ("cold", "warm", "forced"):
        p = f[phase]
        c = p["counts"]
        print(f"{phase:>6}: {p['documents_per_second']:7.1f} documents/s  ({p['wall_seconds']:.1f} s; "
              f"{c['built']} built, {c['rendered']} re-rendered, {c['unchanged']} unchanged, {c['failed']} failed)"
              f"  peak RSS {p['peak_rss_mib']['main']:.0f} MiB main, "
              f"{p['peak_rss_mib']['largest_worker']:.0f} MiB largest worker")
        if p["steady_documents_per_second"]:
            print(f"        first document done after {p['first_done_seconds']:.2f} s, then "
                  f"{p['steady_documents_per_second']:.1f} documents/s; {p['after_last_seconds']:.2f} s after the last "
                  "(index, manifest)")
        if p["ms_per_document"]:
            print("        ms/document: " + ", ".join(f"{k} {v:.1f}" for k, v in p["ms_per_document"].items()))
        cpu = p["cpu_ms_per_document"]
        print(f"        CPU ms/document (all processes): user {cpu['user']:.1f}, sys {cpu['sys']:.1f}")
        for line in p["failures"]:
            print("        " + line)
    print("convert split (ms/document, one process): "
          + ", ".join(f"{k} {v:.1f}" for k, v in f["convert_split_ms"].items()))
    one = f["one_document_cold_start"]
    print(f"one document, cold start (`teiencode build SEED`): median {one['median_seconds']:.2f} s, "
          f"best {one['best_seconds']:.2f} s over {one['runs']} runs (imports alone {one['import_seconds']:.2f} s); "
          f"build_many in a new process: median {one['build_many_median_seconds']:.2f} s")


if __name__ == "__main__":
    sys.exit(main())
