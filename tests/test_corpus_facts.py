"""Every corpus record and the seed: the header facts a historian reads off the record are in its TEI.

The facts are in tests/data/corpus_facts.tsv, written by reading each record and the corpus README, never
from the converter's output: title, date, whether it is correspondence, senders and recipients (with the
persons a bracket identifies), and the original language (or none).
"""
from __future__ import annotations

import calendar
import csv
from pathlib import Path

import pytest
from lxml import etree

from conftest import CORPUS, ROOT, SEED
from teiencode.config import Config
from teiencode.pipeline import convert
from teiencode.tei import serialize

FACTS = ROOT / "tests" / "data" / "corpus_facts.tsv"
NS = {"t": "http://www.tei-c.org/ns/1.0"}
FACT_KINDS = ("title", "date", "senders", "recipients", "original")
# Facts that depend on work outside the header: a pytest xfail with its reason, until that work lands.
KNOWN_MISSES: dict[tuple[str, str], str] = {}


def rows() -> list[dict[str, str]]:
    lines = [line for line in FACTS.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


def export_of(record: str) -> Path:
    return SEED if SEED.stem == record else CORPUS / f"{record}.txt"


_TREES: dict[str, etree._Element] = {}


def tei_of(record: str) -> etree._Element:
    if record not in _TREES:
        path = export_of(record)
        if not path.is_file():
            pytest.skip(f"{path} is not there (the shared corpus sits beside the worktree)")
        _TREES[record] = etree.fromstring(serialize(convert(path, Config())[1]))
    return _TREES[record]


def cases():
    for row in rows():
        for kind in FACT_KINDS:
            reason = KNOWN_MISSES.get((row["record"], kind))
            marks = [pytest.mark.xfail(reason=reason, strict=False)] if reason else []
            yield pytest.param(row, kind, id=f"{row['record'][:3]}-{kind}", marks=marks)


def test_the_table_covers_every_record():
    listed = {row["record"] for row in rows()}
    exports = {p.stem for p in CORPUS.glob("*.txt")} | {SEED.stem}
    assert listed == exports


def party_checks(action: str, written: str) -> list[str]:
    """XPath checks that one correspAction names exactly the parties of a table cell, in order."""
    base = f"//t:correspAction[@type='{action}']"
    parties = [p.strip() for p in written.split(" | ") if p.strip()]
    if not parties:
        return [f"not({base}/*[self::t:persName or self::t:orgName])"]
    checks = []
    people = []  # the written forms, in order: persName without @type, or orgName
    for party in parties:
        kind, _, rest = party.partition(":") if party.startswith(("org:", "role:", "place:")) else ("", "", party)
        name, _, ident = rest.partition(" [")
        ident = ident.rstrip("]")
        if kind == "place":
            checks.append(f"{base}/t:placeName = \"{name}\"")
            continue
        people.append((kind, name))
        if ident:
            checks.append(f"{base}/t:persName[@type='identification' or @type='variant'] = \"{ident}\"")
    written_forms = f"{base}/*[self::t:orgName or self::t:persName[not(@type)]]"
    checks.append(f"count({written_forms}) = {len(people)}")
    for n, (kind, name) in enumerate(people, start=1):
        node = f"({written_forms})[{n}]"
        if kind == "org":
            checks.append(f"{node}[self::t:orgName] = \"{name}\"")
        elif kind == "role":
            checks.append(f"{node}/t:roleName = \"{name}\"")
        else:
            checks.append(f"{node}[self::t:persName][not(t:roleName)] = \"{name}\"")
    return checks


def date_checks(iso: str) -> list[str]:
    if len(iso) == 10:
        return [f"//t:origDate/@when = '{iso}'"]
    year, month = map(int, iso.split("-"))
    last = calendar.monthrange(year, month)[1]
    return [f"//t:origDate/@notBefore = '{iso}-01'", f"//t:origDate/@notAfter = '{iso}-{last:02d}'"]


@pytest.mark.parametrize("row,kind", list(cases()))
def test_header_fact(row, kind):
    tei = tei_of(row["record"])
    if kind == "title":
        checks = [f"normalize-space(//t:titleStmt/t:title[@type='main']) = \"{row['title']}\""]
    elif kind == "date":
        checks = date_checks(row["date"])
    elif kind in ("senders", "recipients"):
        if row["correspondence"] == "no":
            checks = ["not(//t:correspDesc)"]
        else:
            checks = party_checks("sent" if kind == "senders" else "received", row[kind])
    else:
        code = row["original"]
        if code == "none":
            checks = ["not(//t:div[@type='original'])", "not(//t:langUsage/t:language[@ident != 'en'])"]
        else:
            checks = [f"//t:textLang/@mainLang = '{code}'", f"//t:langUsage/t:language/@ident = '{code}'"]
            checks.append(f"//t:div[@type='original']/@xml:lang = '{code}'" if row["original_text"] == "yes"
                          else "not(//t:div[@type='original'])")
    failed = [c for c in checks if not tei.xpath(f"boolean({c})", namespaces=NS)]
    assert not failed, f"{row['record']}: {kind}: false: {failed}"
