"""Precision and recall of name recognition and linking, against a gold list read from the records.

Run: ``python bench/bench_register.py [--register register.xml] [--gold bench/data/register_gold.tsv]``.

The gold list (``bench/data/register_gold.tsv``) names, per document, each mention of a person, place or
organisation as written and the register entry it is; every occurrence of that mention in the
document's TEI text counts (whole words, longest first). Mentions the register has no entry for are
in the gold list too (entry ``-``), so recognition recall counts what the register still lacks.

Printed:
- recognition: a name element in the text (linked or not: the register's forms, names after a title,
  names the encoder wrote) where the gold has a mention;
- linking: found with the gold's entry;
- the same two for mentions in a non-Latin script (Cyrillic, Han, Hangul);
- cross-script identity by transliteration alone: the linker run again with the register's non-Latin
  forms removed, so a Cyrillic mention can only be linked by the sound of an entry's Latin forms.

The register was written from the same records, so the first four figures measure the matcher (case,
inflection, word edges, scripts, titles) more than the register's coverage; the last one does not.
"""
from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from lxml import etree  # noqa: E402

from teiencode.config import Config  # noqa: E402
from teiencode.pipeline import convert  # noqa: E402
from teiencode.tei import serialize  # noqa: E402

TEI = "{http://www.tei-c.org/ns/1.0}"
CORPUS = ROOT.parent / "shared" / "corpus"
SEEDS = ROOT / "seeds"


def read_gold(path: Path) -> dict[str, list[tuple[str, str]]]:
    gold: dict[str, list[tuple[str, str]]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            doc, surface, entry = line.split("\t")
            gold.setdefault(doc, []).append((surface, entry))
    return gold


def export_for(doc: str) -> Path:
    folder = SEEDS if doc == "000" else CORPUS
    return next(p for p in sorted(folder.glob(f"{doc}*.txt")))


def non_latin(text: str) -> bool:
    return any(ch.isalpha() and not ch.isascii() and not ("\u00c0" <= ch <= "\u024f") for ch in text)


def gold_mentions(text: str, wanted: list[tuple[str, str]]) -> Counter:
    """Every occurrence of the gold surfaces in the text, longest first, not overlapping."""
    by_surface = dict(wanted)
    alternatives = sorted(by_surface, key=len, reverse=True)
    # Han is written without spaces: a Han mention has no word edges to respect.
    pattern = re.compile("|".join(re.escape(a) if re.search("[\u4e00-\u9fff]", a)
                                  else r"(?<!\w)" + re.escape(a) + r"(?!\w)" for a in alternatives))
    return Counter((m.group(), by_surface[m.group()]) for m in pattern.finditer(text))


def found_mentions(tree, linked_only: bool = True) -> Counter:
    """Name elements of the text (with their entry, "-" for none): those linked to the register, or all."""
    text = tree.getroot().find(f"{TEI}text")
    return Counter((" ".join("".join(n.itertext()).split()),
                    n.get("ref", "")[4:] if n.get("ref", "").startswith("reg:") else "-")
                   for n in text.iter(f"{TEI}persName", f"{TEI}placeName", f"{TEI}orgName")
                   if not linked_only or n.get("ref", "").startswith("reg:"))


def score(gold: Counter, found: Counter, by_surface: bool) -> tuple[int, int, int]:
    if by_surface:
        gold = Counter({s: n for (s, _), n in gold.items()}) if gold else Counter()
        found_s: Counter = Counter()
        for (s, _), n in found.items():
            found_s[s] += n
        found = found_s
        gold_s: Counter = Counter()
        for key, n in gold.items():
            gold_s[key] += n
        gold = gold_s
    hit = sum((gold & found).values())
    return hit, sum(found.values()), sum(gold.values())


def line(label: str, hit: int, found: int, gold: int) -> str:
    p = hit / found if found else 1.0
    r = hit / gold if gold else 1.0
    return f"{label:<38} precision {p:.3f} ({hit}/{found})   recall {r:.3f} ({hit}/{gold})"


def latin_only(register_path: Path, folder: Path) -> Path:
    """A copy of the register without its non-Latin forms (those in Cyrillic, Han, Hangul)."""
    tree = etree.parse(str(register_path))
    for name in tree.iter(f"{TEI}persName", f"{TEI}placeName", f"{TEI}orgName"):
        if non_latin("".join(name.itertext())):
            name.getparent().remove(name)
    path = folder / "register.xml"
    tree.write(str(path), encoding="utf-8", xml_declaration=True)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--register", type=Path, default=ROOT / "register.xml")
    parser.add_argument("--gold", type=Path, default=ROOT / "bench" / "data" / "register_gold.tsv")
    parser.add_argument("-v", "--verbose", action="store_true", help="list each missed and extra mention")
    args = parser.parse_args()
    config = Config(register=str(args.register))
    gold = read_gold(args.gold)
    totals = {k: [0, 0, 0] for k in ("rec", "link", "rec-nl", "link-nl")}
    every: list[tuple[str, str]] = []
    misses = []
    for doc, wanted in sorted(gold.items()):
        _, tree, _ = convert(export_for(doc), config)
        _, plain, _ = convert(export_for(doc), Config())  # the text as written, before any linking
        text = "".join(etree.fromstring(serialize(plain)).find(f"{TEI}text").itertext())
        g, f, every_name = gold_mentions(text, wanted), found_mentions(tree), found_mentions(tree, False)
        for (surface, entry), n in g.items():
            every.extend([(surface, entry)] * n)
        gold_known = Counter({k: n for k, n in g.items() if k[1] != "-"})
        for name, (gg, ff, by_surface) in {"rec": (g, every_name, True), "link": (gold_known, f, False),
                                          "rec-nl": (Counter({k: n for k, n in g.items() if non_latin(k[0])}),
                                                     Counter({k: n for k, n in every_name.items()
                                                              if non_latin(k[0])}), True),
                                          "link-nl": (Counter({k: n for k, n in gold_known.items() if non_latin(k[0])}),
                                                      Counter({k: n for k, n in f.items() if non_latin(k[0])}),
                                                      False)}.items():
            for i, v in enumerate(score(gg, ff, by_surface)):
                totals[name][i] += v
        misses.extend(f"{doc}: missed {s!r} ({e})" for (s, e), n in (g - every_name).items())
        misses.extend(f"{doc}: extra {s!r} ({e})" for (s, e), n in (every_name - g).items())
    nl = sum(1 for s, _ in every if non_latin(s))
    print(f"gold: {len(every)} mentions in {len(gold)} documents, {nl} in a non-Latin script")
    print(line("recognition", *totals["rec"]))
    print(line("linking (right entry)", *totals["link"]))
    print(line("recognition, non-Latin", *totals["rec-nl"]))
    print(line("linking, non-Latin", *totals["link-nl"]))
    import tempfile
    with tempfile.TemporaryDirectory() as tmp:  # the linker with the register's Latin forms only
        latin = Config(register=str(latin_only(args.register, Path(tmp))))
        sums = [0, 0, 0]
        for doc, wanted in sorted(gold.items()):
            _, tree, _ = convert(export_for(doc), latin)
            _, plain, _ = convert(export_for(doc), Config())
            text = "".join(etree.fromstring(serialize(plain)).find(f"{TEI}text").itertext())
            g = Counter({k: n for k, n in gold_mentions(text, wanted).items() if non_latin(k[0]) and k[1] != "-"})
            f = Counter({k: n for k, n in found_mentions(tree).items() if non_latin(k[0])})
            sums = [a + b for a, b in zip(sums, score(g, f, False))]
    print(line("linking, non-Latin, Latin forms only", *sums))
    if args.verbose:
        print("\n".join(misses))


if __name__ == "__main__":
    main()
