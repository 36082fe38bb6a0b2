"""Diplomatic view (xslt/diplomatic.xsl): every mark visibly marked, hands, margins, page furniture, legend."""
from __future__ import annotations

import pytest

from test_views_common import page_text, LETTER, MARKS, SAMPLE, check, has_class, tei_doc, view_html
from teiencode import render

SHEET = "//section[" + has_class("division-translation") + "]/div[@class='sheet']"

# mark -> (xpath under the translation sheet, words it holds); the class names are the CSS hooks.
EXPECT: dict[str, list[tuple[str, str]]] = {
    "add-labelled": [(f"//span[{has_class('add')} and {has_class('in-margin')} and {has_class('hand-c2')}]",
                      "[handwritten]: 30 May 1950"),
                     (f"//span[{has_class('add')}]/span[{has_class('label')}]", "handwritten")],
    "add-inline": [(f"//span[{has_class('add')} and {has_class('place-inline')} and not({has_class('in-margin')})]",
                    "[inserted by hand: appropriate]")],
    "note-translator": [(f"//span[{has_class('note-translator')}]", "[Translator's note: the ships are circled]")],
    "note-editorial": [(f"//span[{has_class('note-editorial')}]", "[Ed. note: In the photocopy.]")],
    "note-margin": [(f"/div[{has_class('note-annotation')} and {has_class('in-margin')} and @id='t.1']",
                     '[Handwritten note in the margin: "What else"]')],
    "note-unknown": [(f"//span[{has_class('note-unknown')}]", "[odd form]")],
    "stamp": [(f"//span[{has_class('seg-stamp')}]/span[{has_class('stamp')}]", "“Declassified 14 December 1993”")],
    "signature": [(f"//span[{has_class('seg-signature')}]", "[signature]")],
    "unclear": [(f"//span[{has_class('unclear')} and @title='Uncertain reading']", "?estimate?")],
    "gap-illegible": [(f"//span[{has_class('gap-illegible')}]", "[illegible]")],
    "gap-offpage": [(f"//span[{has_class('gap-offPage')} and @title='Gap: offPage, 1 word']",
                     "[[one word off the page]]")],
    "gap-omitted": [(f"//span[{has_class('gap-omitted')}]", "...")],
    "gap-blank": [(f"//span[{has_class('gap-blank')}]", "[date left blank]")],
    "sic": [(f"//span[{has_class('sic')}]", "yan."), (f"//span[{has_class('label-sic')}]", "[SIC]")],
    "supplied": [(f"//span[{has_class('supplied-translator')}]", "[his]")],
    "expansion": [(f"//span[{has_class('supplied-expansion')}]", "[van]")],
    "foreign": [(f"//span[{has_class('foreign')} and @lang='ru-Latn']", "[nastuplenie]")],
    "name-variant": [(f"//span[{has_class('persName-variant')}]", "[Pak Hon Yong]")],
    "name-identification": [(f"//span[{has_class('persName-identification')}]", "[Stalin]")],
    "footnote": [("//a[@href='#fn-1']", "x/"), (f"/div[@id='fn-1' and {has_class('note-footnote')}]", "Pseudonym")],
    "fw": [(f"/div[{has_class('fw-regNumber')}]", "16030")],
    "pb": [("/div[@class='pb' and @data-n='3']/following-sibling::div[1]" f"[{has_class('fw-pageNum')}]", "-3-")],
    "pb-bracket": [("/div[@class='pb' and @data-n='2']", "page 2")],
    "lb": [(f"/div[{has_class('ab-annotation')} and br]", "the first line the second line")],
    "rule": [(f"/hr[{has_class('rule')}]", "")],
    "distribution": [(f"//ul[{has_class('list-distribution')} and count(li) = 2]/li[2]", "Copy N° 2: Molotov")],
    "dateline": [(f"/div[{has_class('opener')}]//span[{has_class('dateline')}]/span[{has_class('placeName')}]",
                  "PYONGYANG")],
    "section-head": [(f"/section[{has_class('div-section')}]/h3[@id='t.1']", "My opinion.")],
    "speaker": [(f"/div[{has_class('sp')}]/span[{has_class('speaker')}]", "North (KIM):")],
    "closer": [(f"/div[{has_class('closer')}]/span[{has_class('signed')}]", "SHTYKOV")],
}


def test_every_mark_has_an_expectation():
    assert set(EXPECT) == set(MARKS)


@pytest.mark.parametrize("name", sorted(MARKS))
def test_mark_is_visibly_marked(name):
    page = view_html("diplomatic", tei_doc(MARKS[name][0]))
    for xpath, contains in EXPECT[name]:
        check(page, SHEET + xpath, contains)


@pytest.fixture(scope="module")
def sample():
    return page_text(render.render_view(SAMPLE, "diplomatic"))


def test_divisions_in_order_with_language(sample):
    sections = sample.xpath(f"//section[{has_class('division')}]")
    assert [(s.get("lang"), s.findtext("h2")) for s in sections] == [
        ("ru", "Original (Russian)"), ("en", "Translation (English)")]


def test_page_furniture_where_it_falls(sample):
    """The original's page break and page number come after the first page's text, before the next."""
    sheet = sample.xpath(f"//section[{has_class('division-original')}]/div[@class='sheet']")[0]
    order = [el.get("id") or el.get("class") for el in sheet]
    assert order == ["o.1", "o.2", "o.3", "o.4", "pb", "o.5", "o.6", "o.7"]


def test_hands_get_distinct_styles(sample):
    """Additions by hand-1 and notes by hand-2 carry different hand classes."""
    first = sample.xpath(f"//*[{has_class('add')}]/@class")[0]
    second = sample.xpath(f"//*[{has_class('note-annotation')}]/@class")[0]
    assert "hand-c2" in first and "hand-c3" in second


def test_bottom_left_corner_is_not_a_margin(sample):
    corner = sample.xpath(f"//*[{has_class('place-bottom')}]")[0]
    assert "in-margin" not in corner.get("class") and "place-left" in corner.get("class")


def test_legend_lists_the_marks_used_and_the_hands(sample):
    legend = " ".join(sample.xpath("//section[@class='legend']//dd/text()"))
    for entry in ("Page break", "Forme work", "Handwritten addition", "Stamp", "Gap", "Uncertain reading",
                  "Sic", "Supplied", "An unidentified annotating hand.", "A second annotating hand."):
        assert entry in legend
    assert "typed text" not in legend  # the main hand is the text itself


def test_legend_omits_marks_not_used():
    """Plain text: the legend names only the header's annotating hand."""
    page = view_html("diplomatic", tei_doc('<p xml:id="t.1">Plain text.</p>'))
    assert page.xpath("//section[@class='legend']//dd/text()") == ["A hand."]


def test_translation_only_document_has_one_division():
    page = page_text(render.render_view(LETTER, "diplomatic"))
    assert [s.get("lang") for s in page.xpath(f"//section[{has_class('division')}]")] == ["en"]
    assert page.xpath(f"//*[{has_class('in-margin')} and {has_class('place-left')}]")
