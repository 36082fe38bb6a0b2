"""Property tests: randomly damaged exports either build valid TEI that keeps every word, or fail located."""
from __future__ import annotations

import os
import re
import tempfile
import unicodedata
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from teiencode import pipeline
from teiencode.config import Config
from teiencode.diagnostics import TeiencodeError
from teiencode.tei import serialize

HERE = Path(__file__).parent
SEED = HERE.parent / "seeds" / "000_e67b3bb4a698350b.txt"
CORPUS = HERE.parent.parent / "shared" / "corpus"
SOURCES = [SEED, *sorted(CORPUS.glob("[0-9]*.txt")), *sorted((HERE / "data").rglob("*.txt"))]
TEXTS = [p.read_text(encoding="utf-8") for p in SOURCES]

PROPERTY = settings(deadline=None, max_examples=int(os.environ.get("TEIENCODE_EXAMPLES", "50")), suppress_health_check=[HealthCheck.too_slow])

# Letters only: an underscore rule line (`____`) is layout, not a word.
_WORD = re.compile(r"[^\W_]+")
_LABEL = re.compile(r"^[ \t]*(?:Citation|Summary|Credits|Original Language|Contents|Source):", re.MULTILINE)

BRACKETS = ["[", "]", "[[", "]]", "(", ")", "?", '"', "“", "”", "'", "’", "«", "»", "...", "…",
            "[illegible]", "[...]", "[sic]", "[Translator's note: ", "[handwritten]: ", "[stamp: ", "x/"]
RTL_AND_MARKS = ("\u05d0\u05d1\u05d2\u05e9\u05ea\u0627\u0644\u0645\u0639\u0631\u0628\u064a\u0629"
                 "\u200e\u200f\u202a\u202b\u202c\u202e\u2066\u2067\u2069"
                 "\u0300\u0301\u0302\u0303\u0308\u0327\u0331\u0483\u05b4\u064b\u0670\u093c\u20dd\u0e31")
# Characters XML 1.0 can hold: no C0 controls but tab and newline, no surrogates, no non-characters.
XML_TEXT = st.one_of(
    st.sampled_from(RTL_AND_MARKS),
    st.characters(blacklist_categories=("Cs", "Cc", "Cn", "Co")),
    st.sampled_from("\t\n "),
)
# The characters XML cannot hold, which PDF-derived exports do contain (form feeds above all).
XML_FORBIDDEN = st.sampled_from([chr(c) for c in range(0x20) if c not in (0x09, 0x0A, 0x0D)] + ["\ufffe", "\uffff"])


def _edit(draw, text: str, alphabet) -> str:
    """One random edit of ``text``, at a random place."""
    lines = text.split("\n")
    kind = draw(st.sampled_from(["delete", "duplicate", "bracket", "unicode", "truncate", "crlf"]))
    at = draw(st.integers(0, max(len(lines) - 1, 0)))
    if kind == "delete" and len(lines) > 1:
        del lines[at]
    elif kind == "duplicate":
        lines.insert(at, lines[at])
    elif kind in ("bracket", "unicode"):
        insert = draw(st.sampled_from(BRACKETS)) if kind == "bracket" else draw(st.text(alphabet, min_size=1,
                                                                                           max_size=12))
        col = draw(st.integers(0, len(lines[at])))
        lines[at] = lines[at][:col] + insert + lines[at][col:]
    elif kind == "truncate":
        joined = "\n".join(lines)
        return joined[:draw(st.integers(0, len(joined)))]
    elif kind == "crlf":
        return "\r\n".join(lines)
    return "\n".join(lines)


@st.composite
def damaged_exports(draw, alphabet=XML_TEXT) -> str:
    """A real export with one to five random edits."""
    text = draw(st.sampled_from(TEXTS))
    for _ in range(draw(st.integers(1, 5))):
        text = _edit(draw, text, alphabet)
    return text


def _words(text: str) -> set[str]:
    return {w.casefold() for w in _WORD.findall(unicodedata.normalize("NFC", text))}


def _located(diag) -> bool:
    return diag.line >= 1 and diag.col >= 1 and bool(diag.path) and bool(diag.code)


def check_build(text: str) -> None:
    """The property: a located failure, or TEI that is valid and holds every word of the input."""
    with tempfile.TemporaryDirectory() as tmp:
        export = Path(tmp) / "damaged.txt"
        export.write_text(text, encoding="utf-8", newline="")
        try:
            _, tree, _ = pipeline.convert(export, Config())
        except TeiencodeError as exc:
            assert _located(exc.diagnostic), exc.diagnostic
            return
        data = serialize(tree)
        # Header labels (`Citation:`) are structure, not text: the TEI says them with elements.
        body = _LABEL.sub("", text)
        # A word may run across an element ("Ivanov.x/", a footnote mark glued to it) or end at one.
        pieces = list(tree.getroot().itertext())
        lost = _words(body) - _words(" ".join(pieces)) - _words("".join(pieces))
        assert not lost, f"words of the input missing from the TEI: {sorted(lost)[:10]}"
        problems = _validation(data, Path(tmp) / "damaged.tei.xml")
        assert all(_located(d) for d in problems), problems
        # Valid, or every problem located: a build reports them as diagnostics, never as a traceback.


def _validation(data: bytes, target: Path) -> list:
    from teiencode.validate import iter_diagnostics
    target.write_bytes(data)
    return list(iter_diagnostics(target))


@PROPERTY
@given(damaged_exports())
def test_damaged_exports_build_or_fail_located(text):
    check_build(text)


@PROPERTY
@given(st.sampled_from(TEXTS), st.data())
@example(TEXTS[0], None)
def test_truncated_exports_build_or_fail_located(text, data):
    if data is not None:
        text = text[:data.draw(st.integers(0, len(text)))]
    check_build(text)


@PROPERTY
@given(st.sampled_from(TEXTS), st.integers(0, 10 ** 6))
def test_bytes_cut_inside_a_character_fail_located(text, cut):
    raw = text.encode("utf-8")
    raw = raw[:cut % (len(raw) + 1)]
    with tempfile.TemporaryDirectory() as tmp:
        export = Path(tmp) / "cut.txt"
        export.write_bytes(raw)
        try:
            pipeline.convert(export, Config())
        except TeiencodeError as exc:
            assert _located(exc.diagnostic), exc.diagnostic


@settings(deadline=None, max_examples=30)
@given(st.sampled_from(TEXTS), XML_FORBIDDEN, st.integers(0, 10 ** 6))
def test_characters_xml_cannot_hold_fail_located(text, char, at):
    at %= len(text) + 1
    check_build(text[:at] + char + text[at:])
