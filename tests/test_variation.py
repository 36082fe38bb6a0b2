"""The variation catalogue: one made-up export per form the archive's records take.

Each ``tests/fixtures/variation/<name>.txt`` is an export in one of the archive's forms;
beside it, ``<name>.checks`` says what its TEI must hold, one line a check:

- an XPath 1.0 expression that must be true (prefix ``t`` is TEI), for example
  ``//t:correspAction[@type='sent']/t:persName = 'Zhou Enlai'``;
- ``warns W-CODE``: the conversion reports that warning;
- ``quiet``: the conversion reports no warning at all.

Blank lines and lines starting with ``#`` are comments.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from conftest import TEI_NS, VARIATION
from teiencode.config import Config
from teiencode.pipeline import convert
from teiencode.tei import serialize



def catalogue() -> list[Path]:
    return sorted(VARIATION.glob("*.txt"))


def checks_of(path: Path) -> list[tuple[int, str]]:
    lines = path.with_suffix(".checks").read_text(encoding="utf-8").splitlines()
    return [(n, line.strip()) for n, line in enumerate(lines, 1)
            if line.strip() and not line.lstrip().startswith("#")]


def test_every_fixture_has_checks():
    missing = [p.name for p in catalogue() if not p.with_suffix(".checks").is_file()]
    assert not missing, f"variation fixtures without a .checks file: {missing}"


@pytest.mark.parametrize("path", catalogue(), ids=lambda p: p.stem)
def test_variation(path):
    _, tree, diagnostics = convert(path, Config())
    root = etree.fromstring(serialize(tree))
    codes = {d.code for d in diagnostics}
    failures = []
    for n, check in checks_of(path):
        where = f"{path.with_suffix('.checks').name}:{n}"
        if check == "quiet":
            if diagnostics:
                failures.append(f"{where}: expected no warning, got {sorted(codes)}")
        elif check.startswith("warns "):
            code = check.split(None, 1)[1]
            if code not in codes:
                failures.append(f"{where}: expected warning {code}, got {sorted(codes)}")
        elif not root.xpath(f"boolean({check})", namespaces=TEI_NS):
            failures.append(f"{where}: false: {check}")
    assert not failures, "\n".join(failures)
