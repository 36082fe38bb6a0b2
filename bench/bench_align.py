"""Time the aligner on a synthetic 200-paragraph Russian/English document, and score it.

Run: ``python bench/bench_align.py [--paragraphs 200] [--repeat 5]``.  The document is made
from a fixed random seed: Cyrillic and Latin pseudo-words of matching lengths, numbers, dates
and names written each side's way, page furniture, translator's notes, paragraphs split or
joined on one side, and a translation that starts ten paragraphs before the original.
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from teiencode.align import Unit, align  # noqa: E402

_RU_MONTHS = ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
              "сентября", "октября", "ноября", "декабря"]
_EN_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December"]
_NAMES = [("Васильев", "Vasil'yev"), ("Постников", "Postnikov"), ("Ким Ир Сен", "Kim Il Sung"),
          ("Пак Хен Ен", "Pak Heon-yeong"), ("Штыков", "Shtykov"), ("Громыко", "Gromyko"),
          ("Чжоу Эньлай", "Zhou Enlai"), ("Молотов", "Molotov"), ("Сеул", "Seoul"), ("Пхеньян", "Pyongyang")]
_CYR = "абвгдежзиклмнопрстуфхцчшыэюя"
_LAT = "abcdefghiklmnoprstuvwy"


def _words(rng: random.Random, alphabet: str, count: int) -> list[str]:
    return ["".join(rng.choice(alphabet) for _ in range(rng.randint(2, 9))) for _ in range(count)]


def _paragraph(rng: random.Random) -> tuple[str, str]:
    """One paragraph and its translation: pseudo-words around shared anchors."""
    n = rng.randint(15, 140)
    ru, en = _words(rng, _CYR, n), _words(rng, _LAT, max(3, int(n * rng.uniform(0.85, 1.2))))
    for _ in range(rng.randint(0, 3)):
        kind = rng.random()
        if kind < 0.4:
            day, month = rng.randint(1, 28), rng.randint(0, 11)
            pair = (f"{day} {_RU_MONTHS[month]}", f"{day} {_EN_MONTHS[month]}")
        elif kind < 0.7:
            value = str(rng.randint(2, 5000))
            pair = (value, value)
        else:
            pair = rng.choice(_NAMES)
        ru.insert(rng.randrange(len(ru) + 1), pair[0])
        en.insert(rng.randrange(len(en) + 1), pair[1])
    return " ".join(ru).capitalize() + ".", " ".join(en).capitalize() + "."


def make_document(paragraphs: int = 200, seed: int = 0):
    """A synthetic aligned pair: (original units, translation units, gold (o, t) id pairs).

    :param paragraphs: how many original paragraphs.
    :param seed: the random seed.
    """
    rng = random.Random(seed)
    original: list[Unit] = []
    translation: list[Unit] = []
    gold: set[tuple[str, str]] = set()

    def add(side: list[Unit], prefix: str, text: str, kind: str = "p") -> str:
        side.append(Unit(f"{prefix}.{len(side) + 1}", text, kind))
        return side[-1].id

    for _ in range(10):  # the translation starts before the (partial) original
        add(translation, "t", _paragraph(rng)[1])
    k = 0
    while k < paragraphs:
        if k % 12 == 0:
            add(original, "o", f"-{k // 12 + 1}-", "pb")
        shape = rng.random()
        if shape < 0.07 and k + 1 < paragraphs:  # two original paragraphs, one translated one
            (r1, e1), (r2, e2) = _paragraph(rng), _paragraph(rng)
            o1, o2 = add(original, "o", r1), add(original, "o", r2)
            t = add(translation, "t", e1[:-1] + ", " + e2[0].lower() + e2[1:])
            gold |= {(o1, t), (o2, t)}
            k += 2
            continue
        ru, en = _paragraph(rng)
        o = add(original, "o", ru)
        if shape < 0.14:  # one original paragraph, two translated ones
            cut = en.index(" ", len(en) // 2)
            gold |= {(o, add(translation, "t", en[:cut] + ".")), (o, add(translation, "t", en[cut + 1:].capitalize()))}
        else:
            gold.add((o, add(translation, "t", en)))
        if rng.random() < 0.04:
            add(translation, "t", "[Translator's note: " + " ".join(_words(rng, _LAT, 12)) + "]")
        k += 1
    return original, translation, gold


def score(links, gold: set[tuple[str, str]]) -> tuple[float, float, float]:
    """Precision, recall and F1 of the links' (original, translation) pairs against gold pairs.

    :param links: the aligner's links.
    :param gold: the gold pairs.
    """
    found = {(o, t) for link in links for o in link.original for t in link.translation}
    hits = len(found & gold)
    precision = hits / len(found) if found else 0.0
    recall = hits / len(gold) if gold else 1.0
    return precision, recall, 2 * precision * recall / (precision + recall) if hits else 0.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paragraphs", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    original, translation, gold = make_document(args.paragraphs)
    times, cpu = [], []
    for _ in range(args.repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        links = align(original, translation)
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)  # CPU time: steadier on a busy machine
    precision, recall, f1 = score(links, gold)
    print(f"align: {len(original)} original / {len(translation)} translation units, {len(links)} links")
    print(f"time: median {statistics.median(times) * 1000:.0f} ms wall, "
          f"{statistics.median(cpu) * 1000:.0f} ms CPU; first run {times[0] * 1000:.0f} ms wall "
          f"(cold caches); {args.repeat} runs")
    print(f"pairs: precision {precision:.3f} recall {recall:.3f} F1 {f1:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
