"""How build time grows with input size, for plain prose and for each pathological shape of input.

Run: ``python bench/bench_growth.py [--sizes 1000,10000,100000,1000000] [--shapes prose,sic,...]
[--timeout 120] [--convert-only]``.

For each shape it writes synthetic exports of about 1k, 10k, 100k and 1M characters, builds each
in a child process (read, align and encode with ``teiencode.pipeline.convert``; then, unless
``--convert-only``, serialize, validate against the edition schema and render the three views),
prints the seconds per stage, and fits the growth exponent k of t ~ n^k (least squares of log t
on log n, over every size that finished). An exponent above 1.2 is flagged, and so is a run that
did not finish within ``--timeout`` seconds (the larger sizes of that shape are then skipped).
Plain prose of 1 MB must convert in under 10 s (English only, and an original with its
translation, which the aligner links paragraph by paragraph).

The shapes are the inputs that once made a stage quadratic or worse (issue 14, item 4):
a run of unclosed ``[``, a run of stray ``]``, a long word before a bracketed name, a citation
``Translated by ...`` with no full stop, a CJK date-like run ``一 111...``, many ``[a]`` in one
paragraph, ``word [sic]`` runs, ``a... `` runs, ``wordx/`` runs; one long bracket full of the words
the conventions look for (margin, hand, stamp, note); and, from item 7, brackets nested deep and a
number of many digits.
"""
from __future__ import annotations

import argparse
import math
import multiprocessing
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

HEADER = "May 1, 1950\n\n**Letter, Ivan Petrov to Li Ming**\n\n"
_SENTENCES = [
    "On 14 May the ambassador met Comrade Li Ming at the Ministry of Foreign Affairs in Beijing.",
    "He said that the delegation would leave for Moscow on the morning train and stay three weeks.",
    "The question of the railway was discussed at length, and both sides agreed to meet again.",
    "According to the minister, 1,200 tons of grain had already arrived at the port of Dalian.",
    "I replied that the Soviet government would study the proposal and give its answer soon.",
]


_RUSSIAN = [
    "14 мая посол встретился с товарищем Ли Мином в Министерстве иностранных дел в Пекине.",
    "Он сказал, что делегация выедет в Москву утренним поездом и пробудет там три недели.",
    "Вопрос о железной дороге обсуждался долго, и обе стороны согласились встретиться снова.",
    "По словам министра, 1200 тонн зерна уже прибыли в порт Дальний.",
    "Я ответил, что советское правительство изучит предложение и скоро даст ответ.",
]


def _repeat(unit: str, n: int) -> str:
    return (unit * (n // len(unit) + 1))[:n]


def _prose(n: int) -> str:
    paragraph = " ".join(_SENTENCES) + "\n\n"
    return HEADER + _repeat(paragraph, n)


def _bilingual(n: int) -> str:
    """The original (Russian) and its translation, paragraph for paragraph: alignment at work."""
    count = max(1, n // (len(" ".join(_RUSSIAN)) + len(" ".join(_SENTENCES)) + 4))
    original = "\n\n".join(f"{k}. " + " ".join(_RUSSIAN) for k in range(1, count + 1))
    translation = "\n\n".join(f"{k}. " + " ".join(_SENTENCES) for k in range(1, count + 1))
    return HEADER + "Original Language:\n\nRussian\n\n" + original + "\n\n" + translation + "\n"


def _body(unit: str):
    return lambda n: HEADER + "The text begins here. " + _repeat(unit, n) + "\n"


SHAPES = {
    "prose": _prose,
    "prose-bilingual": _bilingual,
    "unclosed-open": _body("word ["),
    "stray-close": _body("word ]"),
    "long-word-name": lambda n: HEADER + "A" + "b" * n + " Ivanov [Petrov] said.\n",
    "citation-translator": lambda n: (HEADER + "Citation:\n\n\u201cLetter,\u201d May 1, 1950, Archive. Translated by "
                                      + _repeat("Aaron Bell ", n) + "\n\nThe text.\n"),
    # In the header (its date line) and in an original's text, where dates are looked for.
    "cjk-date-header": lambda n: "\u4e00 " + "1" * n + "\n\n**Title**\n\nThe text.\n",
    "cjk-date-text": lambda n: (HEADER + "Original Language:\n\nChinese\n\n\u4e2d\u56fd\u653f\u5e9c \u4e00 " + "1" * n
                               + "\n\nThe government of China.\n"),
    "many-a": _body("x [a] "),
    "sic": _body("word [sic] "),
    "ellipsis": _body("a... "),
    "footnote-x": _body("wordx/ "),
    "long-bracket": lambda n: HEADER + "One [" + _repeat("note by hand in the margin stamp ", n) + "] two.\n",
    "long-bracket-label": lambda n: HEADER + "One [" + _repeat("note by hand in the margin stamp ", n) + ": x] two.\n",
    "nested": lambda n: HEADER + "[" * (n // 2) + "x" + "]" * (n // 2) + "\n",
    "huge-number": lambda n: HEADER + "The number " + "7" * n + " was given.\n",
}


def _run(text: str, convert_only: bool, conn) -> None:
    """In a child: build one export, sending the seconds of each stage as it ends (or the error)."""
    try:
        from teiencode.config import Config
        from teiencode.diagnostics import TeiencodeError
        from teiencode.pipeline import convert, validation_problems
        from teiencode.render import render_all
        from teiencode.tei import serialize
        with tempfile.TemporaryDirectory() as tmp:
            export = Path(tmp) / "growth.txt"
            export.write_text(text, encoding="utf-8")
            start = time.perf_counter()
            try:
                _, tree, _ = convert(export, Config())
            except TeiencodeError as exc:  # refused with a located error: how long that took counts
                conn.send(("convert", time.perf_counter() - start))
                conn.send(("refused", exc.diagnostic.code))
                conn.send(("done", 0))
                return
            conn.send(("convert", time.perf_counter() - start))
            if not convert_only:
                start = time.perf_counter()
                data = serialize(tree)
                problems = validation_problems(tree, data, str(export))
                conn.send(("validate", time.perf_counter() - start))
                if problems:
                    conn.send(("invalid", len(problems)))
                tei = Path(tmp) / "growth.tei.xml"
                tei.write_bytes(data)
                start = time.perf_counter()
                render_all(tei, tmp, tree=tree)
                conn.send(("views", time.perf_counter() - start))
        conn.send(("done", 0))
    except BaseException as exc:  # reported by the parent, which goes on with the next shape
        conn.send(("error", f"{type(exc).__name__}: {str(exc)[:160]}"))


def measure(text: str, convert_only: bool, timeout: float) -> dict:
    """The stages' seconds; ``timeout`` names the stage still running when the time ran out."""
    ctx = multiprocessing.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_run, args=(text, convert_only, child))
    proc.start()
    child.close()
    result: dict = {}
    deadline = time.monotonic() + timeout
    stages = iter(["convert", "validate", "views"])
    running = next(stages)
    while running:  # every stage reported: done, whether or not its last message came in time
        if not parent.poll(max(0.0, deadline - time.monotonic())):
            result["timeout"] = running
            break
        key, value = parent.recv()
        if key == "done":
            break
        result[key] = value
        if key == "error":
            break
        if key not in ("invalid", "refused"):
            running = next(stages, "")
    proc.kill()
    proc.join()
    return result


def exponent(points: list[tuple[int, float]]) -> float | None:
    """Least-squares slope of log t on log n."""
    points = [(math.log(n), math.log(max(t, 1e-4))) for n, t in points]
    if len(points) < 2:
        return None
    mx = sum(x for x, _ in points) / len(points)
    my = sum(y for _, y in points) / len(points)
    sxx = sum((x - mx) ** 2 for x, _ in points)
    return sum((x - mx) * (y - my) for x, y in points) / sxx


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000,1000000")
    parser.add_argument("--shapes", default=",".join(SHAPES))
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds allowed for one build")
    parser.add_argument("--convert-only", action="store_true", help="time teiencode.pipeline.convert alone")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    stages = ["convert"] + ([] if args.convert_only else ["validate", "views"])
    # Load the modules, schemas and stylesheets once, here: every child is forked with them.
    reader, writer = multiprocessing.get_context("fork").Pipe(duplex=True)
    _run(SHAPES["prose"](1000), args.convert_only, writer)
    flagged = []
    print(f"{'shape':<20} {'chars':>9} " + " ".join(f"{s:>9}" for s in stages) + f" {'total':>9}")
    for shape in args.shapes.split(","):
        totals, converts = [], []
        for n in sizes:
            text = SHAPES[shape](n)
            result = measure(text, args.convert_only, args.timeout)
            if "error" in result or "timeout" in result:
                done = ", ".join(f"{s} {result[s]:.3f} s" for s in stages if s in result)
                what = (result.get("error") or f"{result['timeout']} did not finish in {args.timeout:.0f} s") \
                    + (f" ({done})" if done else "")
                print(f"{shape:<20} {len(text):>9} {what}")
                flagged.append(f"{shape} at {len(text)} chars: {what}")
                break
            total = sum(result.get(s, 0.0) for s in stages)
            totals.append((len(text), total))
            converts.append((len(text), result["convert"]))
            note = f"  INVALID ({result['invalid']} errors)" if result.get("invalid") else ""
            refused = f"  (refused: {result['refused']})" if result.get("refused") else ""
            print(f"{shape:<20} {len(text):>9} " + " ".join(f"{result[s]:>9.3f}" if s in result else f"{'-':>9}"
                                                            for s in stages)
                  + f" {total:>9.3f}{note}{refused}")
            if note:
                flagged.append(f"{shape} at {len(text)} chars: output invalid")
        for label, points in (("convert", converts), ("total", totals)):
            k = exponent(points)
            if k is None:
                continue
            flag = "  > 1.2 FLAGGED" if k > 1.2 else ""
            print(f"{shape:<20} growth exponent ({label}): {k:.2f}{flag}")
            if flag:
                flagged.append(f"{shape}: {label} exponent {k:.2f}")
        if shape == "prose" and converts and converts[-1][0] >= 1_000_000 and converts[-1][1] >= 10:
            flagged.append(f"prose: 1 MB converts in {converts[-1][1]:.1f} s (limit 10 s)")
        print()
    if flagged:
        print("FLAGGED:\n  " + "\n  ".join(flagged))
    return 1 if flagged else 0


if __name__ == "__main__":
    sys.exit(main())
