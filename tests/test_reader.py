"""Reader units: dates, citations, languages, division boundaries, configuration."""
from __future__ import annotations

import pytest

from conftest import CORPUS, FIXTURES, ROOT, SEED, TEI_NS
from teiencode.config import load_config
from teiencode.diagnostics import InputError, Reporter
from teiencode.reader import read_export, read_text
from teiencode.reader.dates import parse_date
from teiencode.reader.header import parse_citation, split_sentences
from teiencode.reader.languages import STOPWORDS, code_for_name, language_of
from teiencode.source import decode


@pytest.mark.parametrize("text,when,nb,na", [
    ("May 30, 1950", "1950-05-30", None, None),
    ("30 May 1950", "1950-05-30", None, None),
    ("February 01, 1949", "1949-02-01", None, None),
    ("April, 1950", None, "1950-04-01", "1950-04-30"),
    ("February 1952", None, "1952-02-01", "1952-02-29"),
    ("1950", None, "1950-01-01", "1950-12-31"),
    ("circa 1962", None, "1961-01-01", "1963-12-31"),
    ("c. 1962", None, "1961-01-01", "1963-12-31"),
    ("1960s", None, "1960-01-01", "1969-12-31"),
    ("1950-05-30", "1950-05-30", None, None),
])
def test_dates(text, when, nb, na):
    d = parse_date(text)
    assert (d.when, d.not_before, d.not_after) == (when, nb, na)


@pytest.mark.parametrize("text", ["February 30, 1950", "Somewhen 1950", "May 1950 and more", "Note:"])
def test_not_dates(text):
    assert parse_date(text) is None


def test_citation_parts_of_the_seed():
    value = SEED.read_text().split("Citation:")[1].split("Summary:")[0].strip()
    c = parse_citation(value)
    assert c.date_text == "May 30, 1950"
    assert c.archive == "Wilson Center Digital Archive"
    assert (c.institution, c.repository) == ("Library of Congress", "Manuscript Division")
    assert c.collection.endswith("papers, 1887-1995")
    assert c.identifiers == ["mm97083838"]
    assert c.provenance == ["Archive of the President of the Russian Federation (APRF)."]
    assert c.translator == "Gary Goldberg"
    assert c.url == "https://digitalarchive.umd.edu/document/114908"


def test_citation_with_archive_reference_and_inline_url():
    c = parse_citation("“A Memo,” February 01, 1949, Some Digital Archive, APRF: F. 39, Op. 1, D. 39, Ll. 25-30. "
                       "Reprinted in A. Author, Vol. 5 (Moscow, 2005), p. 48-51. Translated by Ann Example. "
                       "http://example.org/document/1")
    assert c.title == "A Memo"
    assert c.repository == "APRF"
    assert c.identifiers == ["F. 39, Op. 1, D. 39, Ll. 25-30"]
    assert c.provenance == ["Reprinted in A. Author, Vol. 5 (Moscow, 2005), p. 48-51."]
    assert c.translator == "Ann Example"
    assert c.url == "http://example.org/document/1"


def test_sentences_do_not_split_at_abbreviations():
    assert split_sentences("Vol. 5, p. 4. Then F. 3. Next") == ["Vol. 5, p. 4.", "Then F. 3.", "Next"]


@pytest.mark.parametrize("text,lang", [
    ("Далее он указал, что южане", "ru"), ("今年春耕准备工作已经开始", "zh"), ("올해 수확은 작년보다", "ko"),
    ("The works in the harbour are going to plan", "en"), ("Das Ministerium übermittelt die Liste der", "de"),
    ("Ministerstwo przekazuje listę studentów, którzy wyjadą na studia i w", "pl"),
    ("Засвар үйлчилгээ өнөөдөр", "mn"), ("16030", None),
])
def test_language_of(text, lang):
    assert language_of(text) == lang


def test_language_names():
    assert code_for_name("Russian") == "ru" and code_for_name("Chinese") == "zh" and code_for_name("Klingon") is None


def test_original_and_translation_without_a_separator():
    """Corpus 05: the Russian runs straight into the English, no blank line, no label."""
    doc = read_export(CORPUS / "05_razuvaev-shtemenko-cable-501869-1951-07-01.txt")
    assert [(d.type, d.lang) for d in doc.divisions] == [("original", "ru"), ("translation", "en")]
    assert doc.translations[0].blocks[0].lines[0].startswith("From Correspondent")


def test_seed_divisions_start_where_the_text_says():
    doc = read_export(SEED)
    original, translation = doc.divisions
    assert original.blocks[0].lines == ["16030"]
    assert translation.blocks[0].lines[0].startswith("[handwritten]")


@pytest.mark.parametrize("last", ["Translation from K", "Translation from Korean", "Original"])
def test_a_label_with_nothing_after_it_stays_text(last):
    # an export cut short just after a division label: the label opens nothing, and keeps its words
    text = (ROOT / "tests" / "data" / "align" / "ko_railway-bridge-1956-03-12.txt").read_text(encoding="utf-8")
    text = text[:text.index("Translation from Korean")] + last + "\n"
    doc = read_text(decode(text.encode(), "a.txt"), Reporter("a.txt"))
    assert [d.type for d in doc.divisions] in (["original"], ["original", "translation"])
    assert any(last in line for d in doc.divisions for b in d.blocks for line in b.lines)


def test_crlf_and_stray_whitespace_read_like_lf():
    raw = (FIXTURES / "crlf.txt").read_bytes()
    assert b"\r\n" in raw
    a = read_text(decode(raw, "a.txt"), Reporter("a.txt"))
    b = read_text(decode(raw.replace(b"\r\n", b"\n"), "a.txt"), Reporter("a.txt"))
    assert [bl.lines for d in a.divisions for bl in d.blocks] == [bl.lines for d in b.divisions for bl in d.blocks]


def test_config_file_overrides_defaults(tmp_path):
    (tmp_path / "teiencode.toml").write_text('[edition]\npublisher = "Example Press"\neditors = ["A. Editor"]\n')
    sub = tmp_path / "sub"
    sub.mkdir()
    config = load_config(sub)
    assert config.publisher == "Example Press" and config.editors == ("A. Editor",)
    from teiencode.pipeline import convert
    _, tree, _ = convert(SEED, config)
    assert tree.xpath("//t:publisher/text()", namespaces=TEI_NS) == ["Example Press"]
    assert tree.xpath("//t:editor/text()", namespaces=TEI_NS) == ["A. Editor"]


def test_bad_config_is_located(tmp_path):
    (tmp_path / "teiencode.toml").write_text('publisher = "x"\nbase_url = \n')
    with pytest.raises(InputError) as exc:
        load_config(tmp_path)
    assert exc.value.diagnostic.line == 2
    (tmp_path / "teiencode.toml").write_text('publishr = "x"\n')
    with pytest.raises(InputError, match="unknown setting 'publishr'"):
        load_config(tmp_path)


from hypothesis import given, strategies as st  # noqa: E402


@given(st.text(max_size=60))
def test_fast_script_counts_agree_with_unicode_names(text):
    """The regex classes count letters exactly as naming each character would."""
    from collections import Counter
    from teiencode.reader.languages import char_script, script_counts
    assert script_counts(text) == Counter(s for s in map(char_script, text) if s)


def test_cyrillic_language_search_sees_every_distinctive_letter():
    """cyrillic_language answers "ru" after one search finds no distinctive letter: that search must find
    every character whose lower case is one, in any Unicode case mapping."""
    from teiencode.reader.languages import _DISTINCTIVE, CYRILLIC_DISTINCTIVE
    letters = set("".join(chars for _, chars in CYRILLIC_DISTINCTIVE))
    missed = [ch for ch in map(chr, range(0x110000)) if not letters.isdisjoint(ch.lower()) and not _DISTINCTIVE.search(ch)]
    assert missed == []


_ASCII_FUNCTION_WORDS = sorted(w for words in STOPWORDS.values() for w in words if w.isascii())
_ASCII_WORDS = st.sampled_from(_ASCII_FUNCTION_WORDS + ["The", "OF", "Plan", "x"])
_ASCII_LINES = st.one_of(
    st.text(alphabet=st.characters(max_codepoint=127), max_size=80),
    st.lists(st.one_of(_ASCII_WORDS, st.text(alphabet=st.characters(max_codepoint=127), max_size=6)), max_size=150)
    .map(" ".join),
)


@given(_ASCII_LINES)
def test_ascii_language_of_agrees_with_the_general_path(text):
    """language_of's shortcut for ASCII lines answers as dominant_script and latin_language do."""
    from teiencode.reader.languages import SAMPLE, dominant_script, latin_language
    sample = text[:SAMPLE]
    script = dominant_script(sample)
    expected = None if script is None else latin_language(sample) or "und-Latn"
    assert script in (None, "Latn")
    assert language_of(text) == expected
