"""Property test over the conventions' grammar: exports made of bracket forms, names, romanised
terms, footnote marks and random noise always build, valid, with every word kept.

Each example is an export with a header (sometimes naming an original language) and paragraphs
whose tokens come from the forms the convention registry reads (every convention's kind of
bracket, names with glosses, acronyms, glued footnote marks, ellipses, question marks), joined
glued or spaced, with random characters and stray or unclosed brackets mixed in. The property:

- no exception but a located ``TeiencodeError`` (a build would show anything else as E-INTERNAL);
- the TEI is valid against the edition schema (RELAX NG and Schematron), with no error at all;
- every word of the export (header labels aside) is a word of the TEI's text.

The default is a few examples for CI; ``TEIENCODE_EXAMPLES=2000`` runs more, e.g.
``TEIENCODE_EXAMPLES=2000 python -m pytest -q -p no:cacheprovider tests/test_conventions_properties.py``.
"""
from __future__ import annotations

import os
import tempfile
import unicodedata
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from test_properties import XML_TEXT, _LABEL, _located, _words
from teiencode.config import Config
from teiencode.diagnostics import TeiencodeError
from teiencode.pipeline import convert, validation_problems
from teiencode.tei import serialize

EXAMPLES = int(os.environ.get("TEIENCODE_EXAMPLES", "40"))

WORDS = st.sampled_from("the plan was approved by committee meeting delegation said that we a of in and to "
                        "his stay harbour Moscow Beijing Pyongyang railway question".split())
NAMES = st.sampled_from(["Ivanov", "Filippov", "Kim Il Sung", "Zhou Enlai", "Pak Yeong-chan", "Jeong Jun-taek",
                         "Ni", "Mao Tse-tung", "I.V. Stalin", "Comrade Kim", "Minister of Railways Kim Tae-u",
                         "FILIPPOV", "Choe Yong-geon"])
GLOSSES = st.sampled_from(["Stalin", "Mao Zedong", "Pak Yong Chan", "Zhiliang", "Jong Jun Thaek",
                           "Yeong-chan (Yong Chan)", "Kim Thae U", "Petrov"])
TERMS = st.sampled_from(["soveshchanie", "opis’", "Tsentr", "pristupit k obiednineniiu", "ganbu xiaozu",
                         "dongji bu", "huzhuzu", "juche", "nastuplenie"])
ACRONYMS = st.sampled_from(["MPRP [Mongolian People's Revolutionary Party]", "People's Republic [PR]",
                            "the Communist Party of the Soviet Union [CPSU]", "KWP [Korean Workers' Party]",
                            "the party [KWP]"])
FIXED_BRACKETS = st.sampled_from([
    "[...]", "[…]", "[illegible]", "[two words illegible]", "[date left blank]", "[[one word off the page]]",
    "[sic]", "[signature]", "[unknown signature]", "[Stamp: “Received”]", "[stamp]", "[page 2]", "[p. 3]",
    "[added by hand]", "[handwritten]", "[handwritten at the top: agreed]", "[inserted by hand: new]",
    "[In the lower left-hand corner]: \"Here\"", "[handwritten]: yes", "[Translator's note: circled]",
    "[Ed. note: torn]", "[Handwritten note in the margin: \"agreed\"]", "[list of participants omitted]",
    "[name blacked out]", "[Pages 17 and 18 are omitted.]", "[attached: the oral message of the Chairman]",
    "[Ambassador Lee arrived and spoke about the harvest …]", "[Attachment to the Decision of the Committee]",
    "[I would like to inform you about the following matters]", "[Code: 7-B]", "[1]", "[2]", "x/", "xx/", "**",
    "...", "…", "?harbour?", "P[etr]", "I[van]", "[", "]", "[[", "]]", "[[[x]]]",
    "[" * 40 + "deep" + "]" * 40, "[[" + "9" * 4400 + " words off the page]]", "一 " + "1" * 4400 + " 年",
])


def _phrase(words: list[str]) -> str:
    return " ".join(words)


TOKENS = st.one_of(
    WORDS, WORDS, WORDS, NAMES, FIXED_BRACKETS, ACRONYMS,
    st.builds(lambda n, g: f"{n} [{g}]", NAMES, GLOSSES),
    st.builds(lambda w, t: f"{w} [{t}]", WORDS, TERMS),
    st.builds(lambda ws: f"[{_phrase(ws)}]", st.lists(WORDS, min_size=1, max_size=9)),
    st.builds(lambda w, m: w + m, WORDS, st.sampled_from(["[1]", ".[2]", "x/", ".x/", "[sic]", "..."])),
    st.text(XML_TEXT, min_size=1, max_size=6),
)
SEPARATORS = st.sampled_from([" ", " ", " ", "", ", ", ". ", "\n", ": "])


@st.composite
def paragraphs(draw) -> str:
    tokens = draw(st.lists(TOKENS, min_size=1, max_size=25))
    out = tokens[0]
    for token in tokens[1:]:
        out += draw(SEPARATORS) + token
    return out


@st.composite
def convention_exports(draw) -> str:
    header = "May 1, 1950\n\n**Letter, Ivan Petrov to Li Ming**\n\nCredits:\n\nMade up.\n\n"
    language = draw(st.sampled_from([None, "Russian", "Chinese", "Korean", "German"]))
    if language:
        header += f"Original Language:\n\n{language}\n\n"
    body = draw(st.lists(paragraphs(), min_size=1, max_size=6))
    footnotes = draw(st.lists(st.sampled_from(["[1] The first note.", "[2] The second note.", "x/ A typed note.",
                                               "x/ Another typed note.", "1. A numbered note."]), max_size=3))
    tail = ("\n______\n\n" + "\n\n".join(footnotes) + "\n") if footnotes else ""
    return header + "\n\n".join(body) + "\n" + tail


def check_convention_export(text: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        export = Path(tmp) / "grammar.txt"
        export.write_text(text, encoding="utf-8", newline="")
        try:
            _, tree, diagnostics = convert(export, Config())
        except TeiencodeError as exc:
            assert _located(exc.diagnostic), exc.diagnostic
            return
        assert not [d for d in diagnostics if d.code == "E-INTERNAL"], diagnostics
        data = serialize(tree)
        problems = validation_problems(tree, data, str(export))
        assert not problems, [str(p) for p in problems]
        pieces = list(tree.getroot().itertext())
        # A word glued to marks on both sides ("Party]thex/") is split by elements in the TEI:
        # it is kept when it is a word of the text, or stands in it as written.
        joined = unicodedata.normalize("NFC", "".join(pieces)).casefold()
        lost = {w for w in _words(_LABEL.sub("", text)) - _words(" ".join(pieces)) if w not in joined}
        assert not lost, f"words of the input missing from the TEI: {sorted(lost)[:10]}"


@settings(deadline=None, max_examples=EXAMPLES, suppress_health_check=[HealthCheck.too_slow,
                                                                         HealthCheck.data_too_large])
@given(convention_exports())
def test_exports_from_the_conventions_grammar_build_valid_and_keep_words(text):
    check_convention_export(text)
