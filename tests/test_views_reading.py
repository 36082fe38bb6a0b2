"""Reading view (xslt/reading.xsl): clean translation, numbered notes there and back, header facts, citation."""
from __future__ import annotations

import pytest

from test_views_common import page_text, LETTER, MARKS, SAMPLE, check, has_class, tei_doc, text_of, view_html
from teiencode import render

DIV = f"//section[{has_class('division-translation')}]"
NOTE1 = [(f"{DIV}//sup[@class='noteref']/a[@id='noteref-1' and @href='#note-1']", "1")]


def note(text: str) -> list[tuple[str, str]]:
    """Expect note 1 anchored in the text and its words in the notes list, with a way back."""
    return NOTE1 + [("//section[@class='notes']//li[@id='note-1' and a[@href='#noteref-1']]", text)]


# mark -> (xpath, words); a note's words must be in the notes list and no longer in the text.
EXPECT: dict[str, list[tuple[str, str]]] = {
    "add-labelled": [(f"{DIV}//span[{has_class('add')}]", "[handwritten]: 30 May 1950")],
    "add-inline": [(f"{DIV}/p", "close [inserted by hand: appropriate] relations")],
    "note-translator": note("Translator's note: the ships are circled"),
    "note-editorial": note("Ed. note: In the photocopy."),
    "note-margin": note('Handwritten note in the margin: "What else"'),
    "note-unknown": note("odd form"),
    "stamp": [(f"{DIV}/p", "[Stamp: “Declassified 14 December 1993”]")],
    "signature": [(f"{DIV}/p", "No. 328 [signature]")],
    "unclear": [(f"{DIV}/p/span[{has_class('unclear')}]", "?estimate?")],
    "gap-illegible": [(f"{DIV}/p/span[{has_class('gap')}]", "[illegible]")],
    "gap-offpage": [(f"{DIV}/p/span[{has_class('gap')}]", "[[one word off the page]]")],
    "gap-omitted": [(f"{DIV}/p", "approved... your proposals")],
    "gap-blank": [(f"{DIV}/p", "[date left blank] October")],
    "sic": [(f"{DIV}/p", "12 copies yan. [SIC]")],
    "supplied": [(f"{DIV}/p", "during [his] stay")],
    "expansion": [(f"{DIV}/p", "I[van] V. Kovalev")],
    "foreign": [(f"{DIV}/p/span[@lang='ru-Latn']", "[nastuplenie]")],
    "name-variant": [(f"{DIV}/p", "Pak Heon-yeong [Pak Hon Yong] said")],
    "name-identification": [(f"{DIV}/p", "comrade Filippov [Stalin]")],
    "footnote": note("x/ Pseudonym of I.V. Stalin."),
    # Page furniture keeps its words, set apart as furniture (the marker of a page, not its @n).
    "fw": [(f"{DIV}/p[@id='t.2']", "Text."), (f"{DIV}/div[{has_class('fw-regNumber')}]", "16030")],
    "pb": [(f"{DIV}/p[@id='t.4']", "After."), (f"{DIV}/div[{has_class('fw-pageNum')}]", "-3-")],
    "pb-bracket": [(f"{DIV}/p[@id='t.2']", "After.")],
    "lb": [(f"{DIV}/div[br]", "the first line the second line")],
    "rule": [(f"{DIV}/hr/following-sibling::p[1]", "Below.")],
    "distribution": [(f"{DIV}//ul/li[2]", "Copy N° 2: Molotov")],
    "dateline": [(f"{DIV}/div[{has_class('opener')}]", "Strictly Secret From PYONGYANG N° 16030 1340 30 May 1950")],
    "section-head": [(f"{DIV}/section/h3", "My opinion.")],
    "speaker": [(f"{DIV}/div[{has_class('sp')}]", "North (KIM): Is it so?")],
    "closer": [(f"{DIV}/div[{has_class('closer')}]", "30 May 1950 SHTYKOV")],
}

# What the clean text leaves out: notes (moved to the list) and a page break's number, which is
# no word of the text (the TEI's string value does not hold it).
ABSENT = {"note-translator": "circled", "note-editorial": "photocopy", "note-margin": "What else",
          "note-unknown": "odd form", "footnote": "Pseudonym", "pb-bracket": "page"}


def test_every_mark_has_an_expectation():
    assert set(EXPECT) == set(MARKS)


@pytest.mark.parametrize("name", sorted(MARKS))
def test_mark_in_the_reading_text(name):
    page = view_html("reading", tei_doc(MARKS[name][0]))
    for xpath, contains in EXPECT[name]:
        check(page, xpath, contains)
    if name in ABSENT:
        check(page, DIV, lacks=ABSENT[name])
    else:
        assert not page.xpath("//section[@class='notes']"), "no notes list without notes"


@pytest.fixture(scope="module")
def letter():
    return page_text(render.render_view(LETTER, "reading"))


@pytest.fixture(scope="module")
def sample():
    return page_text(render.render_view(SAMPLE, "reading"))


def test_notes_are_numbered_in_reading_order(letter):
    """The footnote is anchored at its mark, before the editorial note that follows it in the text."""
    refs = letter.xpath(f"{DIV}//sup[@class='noteref']/a")
    assert [a.text for a in refs] == ["1", "2", "3"]
    items = letter.xpath("//section[@class='notes']/ol/li")
    assert [li.get("id") for li in items] == ["note-1", "note-2", "note-3", "note-4"]
    assert "Pseudonym" in text_of(items[0]) and "Editor's note" in text_of(items[1])


def test_notes_of_a_division_not_shown_take_no_number():
    """The original is not read, so its note must not push the translation's first note to 2."""
    page = view_html("reading", tei_doc('<p xml:id="t.1">Text.<note type="translator">A note.</note></p>',
                                        original='<p xml:id="o.1">Текст.<note type="translator">Ещё.</note></p>'))
    assert [a.text for a in page.xpath("//sup[@class='noteref']/a")] == ["1"]
    assert [li.get("id") for li in page.xpath("//section[@class='notes']/ol/li")] == ["note-1"]
    assert "Ещё" not in page.text_content()


def test_every_note_link_has_its_target_and_way_back(letter):
    for a in letter.xpath("//sup[@class='noteref']/a"):
        target = a.get("href")[1:]
        item = letter.get_element_by_id(target)
        assert item.xpath("a[@class='backlink']/@href") == ["#" + a.get("id")]


def test_nested_note_gets_its_own_number(letter):
    """The unknown bracket inside the footnote is a note of its own, linked from inside note 1."""
    assert letter.xpath("//li[@id='note-1']//a[@href='#note-4']") and letter.get_element_by_id("note-4") is not None


def test_only_the_translation_is_read(sample):
    assert [s.get("lang") for s in sample.xpath(f"//section[{has_class('division')}]")] == ["en"]
    assert "Я встретился" not in sample.text_content()


def test_original_is_read_when_there_is_no_translation():
    page = view_html("reading", tei_doc(None, original='<p xml:id="o.1">Текст.</p>'))
    assert page.xpath(f"//section[{has_class('division-original')} and @lang='ru']/p")[0].text == "Текст."


def test_header_facts(sample):
    facts = {dt.text: text_of(dt.getnext()) for dt in sample.xpath("//section[@class='facts']//dt")}
    assert facts == {
        "Date": "June 2, 1951", "From": "Ivanov", "Place": "Moscow", "To": "Petrov",
        "Archive": "Example Digital Archive; Archive of Foreign Policy (AVPRF)", "Collection": "Fond 1",
        "Identifiers": "f. 1, op. 2, d. 3", "Translator": "Anna Smith", "Languages": "Russian; English",
        "Funder": "Example Foundation"}
    assert sample.xpath("//time[@datetime='1951-06-02']")
    check(sample, "//section[@class='facts']/div[@class='summary']", "Ivanov reports on a meeting & asks for instructions.")


def test_facts_skip_what_the_header_lacks(letter):
    facts = [dt.text for dt in letter.xpath("//section[@class='facts']//dt")]
    assert facts == ["Date", "Identifiers", "Languages", "Funder"]
    assert not letter.xpath("//div[@class='summary']")


def test_cite_this_is_built_from_the_header(sample):
    check(sample, "//section[@class='cite']/p[@class='citation']",
          "“Cable No. 12, Ivanov to Petrov,” June 2, 1951. Example Digital Archive, Archive of Foreign Policy "
          "(AVPRF), Fond 1, f. 1, op. 2, d. 3. Translated by Anna Smith. TEI edition, Example Edition, "
          "Washington, DC, 2024-01-15. https://edition.example.org/sample.")
    assert sample.xpath("//p[@class='citation']/a/@href") == ["https://edition.example.org/sample"]
    check(sample, "//section[@class='cite']/p[@class='archive-citation']", "Translated by Anna Smith. <https://example.org/document/12>")


def test_note_with_a_target_lists_its_own_words():
    """A note's @target says what it comments on; its list item holds the note, not that element."""
    page = view_html("reading", tei_doc('<p xml:id="t.1">Text.<note type="editorial" target="#t.2">On the next.</note></p>'
                                        '<p xml:id="t.2">Second paragraph.</p>'))
    items = page.xpath("//section[@class='notes']/ol/li")
    assert [li.get("id") for li in items] == ["note-1"]
    assert "On the next." in text_of(items[0]) and "Second" not in text_of(items[0])
    assert items[0].get("class") == "note-item note-editorial"


def test_only_a_hash_pointer_makes_a_footnote_reference():
    """ref target="xfn-1" is no pointer to note fn-1: the note is anchored where it stands."""
    page = view_html("reading", tei_doc('<p xml:id="t.1">Filippov.<ref target="xfn-1">x/</ref> Today</p>'
                                        '<note type="footnote" xml:id="fn-1">x/ Pseudonym.</note>'))
    assert [a.text for a in page.xpath("//sup[@class='noteref']/a")] == ["1"]
    assert page.xpath(f"{DIV}/p[@class='note-anchor' and @id='fn-1']/sup[@class='noteref']")
    check(page, f"{DIV}/p[@id='t.1']", "Filippov.x/ Today")
    items = page.xpath("//section[@class='notes']/ol/li")
    assert len(items) == 1 and "Pseudonym" in text_of(items[0])


def test_note_whose_mark_is_in_the_original_stands_where_it_is():
    """The page reads the translation: a footnote marked only in the original is numbered in place."""
    page = view_html("reading", tei_doc('<p xml:id="t.1">Text.</p><note type="footnote" xml:id="fn-1">A gloss.</note>',
                                        original='<p xml:id="o.1">Текст.<ref target="#fn-1">*</ref></p>'))
    assert [a.text for a in page.xpath("//sup[@class='noteref']/a")] == ["1"]
    assert page.xpath(f"{DIV}/p[@class='note-anchor' and @id='fn-1']")
    items = page.xpath("//section[@class='notes']/ol/li")
    assert len(items) == 1 and "A gloss." in text_of(items[0])


def test_footnote_marked_in_both_divisions_is_listed_once_at_the_shown_mark():
    page = view_html("reading", tei_doc('<p xml:id="t.1">Text.<ref target="#fn-1">*</ref></p>'
                                        '<note type="footnote" xml:id="fn-1">A gloss.</note>',
                                        original='<p xml:id="o.1">Текст.<ref target="#fn-1">*</ref></p>'))
    assert page.xpath(f"{DIV}/p[@id='t.1']/sup[@class='noteref']/a/@href") == ["#note-1"]
    assert not page.xpath(f"{DIV}/p[@class='note-anchor']")
    items = page.xpath("//section[@class='notes']/ol/li")
    assert len(items) == 1 and "A gloss." in text_of(items[0])
