"""Round trip: export -> TEI -> archive notation (xslt/text.xsl) gives back the export, whitespace aside."""
from __future__ import annotations

import difflib
from pathlib import Path

import pytest
from lxml import etree

from conftest import ROOT, all_exports
from test_views_common import DATA, words
from teiencode import render


def lines(text: str) -> list[str]:
    """The text's non-blank lines, each with its whitespace normalised."""
    return [words(line) for line in text.splitlines() if line.strip()]


def reflow(expected: list[str], actual: str) -> list[str]:
    """The actual words laid out on the expected lines, so that a diff shows only lines whose words differ."""
    exp_words, line_of = [], []
    for number, line in enumerate(expected):
        exp_words += line.split()
        line_of += [number] * len(line.split())
    act_words = actual.split()
    out: list[list[str]] = [[] for _ in expected] or [[]]
    matcher = difflib.SequenceMatcher(None, exp_words, act_words, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for k in range(i2 - i1):
                out[line_of[i1 + k]].append(act_words[j1 + k])
        elif j2 > j1:  # inserted or replaced words join the line where the difference starts
            out[line_of[min(i1, len(line_of) - 1)] if line_of else 0].extend(act_words[j1:j2])
    return [" ".join(ws) for ws in out]


def assert_same_text(expected: str, actual: str, name: str) -> None:
    """Equal after collapsing every run of whitespace; else fail with a unified diff of the differing lines."""
    if words(expected) == words(actual):
        return
    want = lines(expected)
    diff = "\n".join(difflib.unified_diff(want, reflow(want, actual), f"{name} (export)",
                                          f"{name} (TEI -> text.xsl)", lineterm="", n=1))
    pytest.fail(f"archive notation differs from the export:\n{diff}", pytrace=False)


def layout(text: str) -> list[str]:
    """The text's non-blank lines, trailing spaces dropped: all that the round trip must give back.

    A run of blank lines may differ in length, down to none: the TEI has one block per paragraph
    and does not record whether the export parted two paragraphs by a blank line or by a line
    break (records of both layouts exist). A line's leading spaces, its words and its order are
    the export's.
    """
    return [line.rstrip() for line in text.splitlines() if line.strip()]


def assert_same_lines(expected: str, actual: str, name: str) -> None:
    """Line for line equal (see :func:`layout`); else fail with a unified diff."""
    want, got = layout(expected), layout(actual)
    if want == got:
        return
    diff = "\n".join(difflib.unified_diff(want, got, f"{name} (export)", f"{name} (teiencode text)",
                                          lineterm="", n=1))
    pytest.fail(f"teiencode text does not give the export back line for line:\n{diff}", pytrace=False)


def tei_from_export(path: Path) -> etree._ElementTree:
    """The TEI the build writes for an export: converted, serialised, parsed back."""
    try:
        from teiencode.config import Config
        from teiencode.pipeline import convert
        from teiencode.tei import serialize
    except ImportError as exc:  # the converter is not there yet
        pytest.skip(f"converter not importable ({exc}): cannot build TEI from {path.name}")
    _, tree, _ = convert(path, Config())
    return etree.ElementTree(etree.fromstring(serialize(tree)))


@pytest.mark.parametrize("export", all_exports(), ids=lambda p: p.name)
def test_export_round_trip(export):
    source = export.read_text(encoding="utf-8-sig")
    assert_same_text(source, render.to_text(tei_from_export(export)), export.relative_to(ROOT.parent).as_posix())


# Records whose round trip still breaks for a cause outside text.xsl: strict, so each shows up
# as soon as its cause is fixed and can leave this table.
KNOWN_BREAKS: dict[str, str] = {}


def _known(export: Path):
    reason = KNOWN_BREAKS.get(export.name)
    return pytest.param(export, marks=pytest.mark.xfail(strict=True, reason=reason)) if reason else export


@pytest.mark.parametrize("export", [_known(p) for p in all_exports()], ids=lambda p: p.name)
def test_export_round_trip_line_for_line(export):
    """``teiencode text`` gives the export back line for line: blank-line runs and trailing spaces aside."""
    source = export.read_text(encoding="utf-8-sig")
    assert_same_lines(source, render.to_text(tei_from_export(export)), export.relative_to(ROOT.parent).as_posix())


def test_line_for_line_sees_a_moved_line_break():
    """Not blind: the same words on other lines are a difference; blank-line runs and trailing spaces are not."""
    assert_same_lines("a b\n\n\n\nc  \n", "\na b\nc\n", "same")
    with pytest.raises(pytest.fail.Exception) as failed:
        assert_same_lines("I. STALIN\nChairman", "I.\nSTALIN\nChairman", "split")
    assert "-I. STALIN\n+I.\n+STALIN" in str(failed.value)


@pytest.mark.parametrize("stem", ["sample", "letter"])
def test_hand_made_tei_round_trip(stem):
    """The view fixtures' TEI gives back the exports they were written from (no converter needed)."""
    source = (DATA / f"{stem}.txt").read_text(encoding="utf-8")
    assert_same_text(source, render.to_text(DATA / f"{stem}.tei.xml"), f"{stem}.txt")


def test_a_lost_word_shows_as_a_diff():
    """The comparison is not blind: a word dropped from the TEI fails with a diff naming it."""
    tree = etree.parse(str(DATA / "sample.tei.xml"))
    para = tree.find(".//{http://www.tei-c.org/ns/1.0}p[@{http://www.w3.org/XML/1998/namespace}id='t.8']")
    para.text = "I request."
    with pytest.raises(pytest.fail.Exception) as failed:
        assert_same_text((DATA / "sample.txt").read_text(encoding="utf-8"), render.to_text(tree), "sample.txt")
    assert "\n-I request instructions.\n+I request.\n" in str(failed.value)


def test_lines_of_a_container_follow_the_tei():
    """In an opener, closer or turn, a space between two elements (or a speaker marked inline)
    keeps them on one line; indentation, which holds a line break, parts them."""
    tei = etree.fromstring(
        '<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>T</title></titleStmt>'
        '</fileDesc></teiHeader><text><body><div>\n'
        '<sp who="#a"><speaker rend="inline">A (X):</speaker>\n  <p>one two</p></sp>\n'
        '<sp who="#a"><speaker>B:</speaker>\n  <p>three</p></sp>\n'
        '<sp who="#a"><speaker>C:</speaker> <p>four</p></sp>\n'
        '<closer><dateline>30 May 1950</dateline> <signed>SHTYKOV</signed>\n  <seg>5 copies</seg></closer>\n'
        '</div></body></text></TEI>')
    assert layout(render.to_text(etree.ElementTree(tei))) == [
        "**T**", "A (X): one two", "B:", "three", "C: four", "30 May 1950 SHTYKOV", "5 copies"]
