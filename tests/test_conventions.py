"""One fixture file per editorial convention (markdown-it-py's dot format): input -> TEI fragment."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import etree

from teiencode.conventions import RULES
from teiencode.model import Citation, Document, Header, Span
from teiencode.reader.inline import InlineEnv, parse_inline
from teiencode.tei.body import BodyWriter
from teiencode.tei.ns import el

FIXTURES = Path(__file__).parent / "fixtures" / "conventions"


def read_fixture_file(path: Path):
    """Cases of a dot-format file: (line, title, input, expected)."""
    lines = path.read_text(encoding="utf-8").split("\n")
    cases, i = [], 0
    while i < len(lines):
        if not lines[i].strip():
            i += 1
            continue
        title, start = lines[i], i + 1
        parts, chunk, i = [], [], i + 2  # skip the title and its dot
        while len(parts) < 2:
            if lines[i] == ".":
                parts.append("\n".join(chunk))
                chunk = []
            else:
                chunk.append(lines[i])
            i += 1
        cases.append((start, title, parts[0], parts[1]))
    return cases


CASES = [(path.stem, *case) for path in sorted(FIXTURES.glob("*.txt")) for case in read_fixture_file(path)]


def render_fragment(text: str) -> tuple[str, list[str]]:
    warnings: list[str] = []
    env = InlineEnv("ru", lambda label: "#hand-1", lambda code, msg, offset: warnings.append(code))
    doc = Document("x", "x.txt", Header("t", Span(1), citation=Citation(text="", translator="T")))
    p = el(None, "p")
    BodyWriter(doc).inlines(p, parse_inline(text, env))
    xml = etree.tostring(p, encoding="unicode")
    inner = re.sub(r"^<p[^>]*>|</p>$|<p[^>]*/>$", "", xml)
    return inner.replace(' xmlns="http://www.tei-c.org/ns/1.0"', ""), warnings


@pytest.mark.parametrize("name,line,title,source,expected", CASES,
                         ids=[f"{c[0]}:{c[1]}" for c in CASES])
def test_convention_fixture(name, line, title, source, expected):
    actual, warnings = render_fragment(source)
    assert actual == expected, f"{name}.txt line {line} ({title})"
    assert ("W-UNKNOWN-BRACKET" in warnings) == (name == "unknown-bracket")


def test_every_convention_has_a_fixture():
    names = {path.stem for path in FIXTURES.glob("*.txt")}
    missing = [rule.name for rule in RULES if rule.name not in names]
    assert not missing, f"conventions without a fixture in {FIXTURES}: {missing}"


def test_each_fixture_case_is_claimed_by_its_convention():
    """The fixture named after a convention exercises that convention (not a neighbour's rule)."""
    from teiencode.reader.inline import inline_marks
    env = InlineEnv("ru", lambda label: "#hand-1", lambda *a: None)
    for name, line, title, source, _ in CASES:
        if title.startswith("a question is not"):
            continue
        conventions = {m.convention for m in inline_marks(parse_inline(source, env))}
        aliases = {"gap-double-bracket": "gap", "gap-illegible": "gap", "gap-omitted-bracket": "gap", "gap-described": "gap",
                   "name-gloss": {"name-variant", "name-identification", "name-completion"}, "stamp": "stamp"}
        want = aliases.get(name, name)
        want = want if isinstance(want, set) else {want}
        assert conventions & want, f"{name}.txt:{line} {title}: found {conventions}"
