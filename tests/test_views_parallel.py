"""Parallel view (xslt/parallel.xsl): rows of aligned units through @corresp and standOff links."""
from __future__ import annotations

import re

import pytest

from test_views_common import page_text, LETTER, MARKS, SAMPLE, has_class, tei_doc, text_of, view_html, words
from teiencode import render

ROW = f"//div[{has_class('row')} and not({has_class('row-head')})]"


def unit_name(el) -> str:
    """A unit's id; a line of an opener or closer is wrapped, so its id is inside; else its class."""
    if "line" in el.get("class", "").split() and len(el) and el[0].get("id"):
        return el[0].get("id")
    return el.get("id") or el.get("class")


def rows(page) -> list[tuple[list[str], list[str]]]:
    """Each row as (ids in the original cell, ids in the translation cell), top-level units only."""
    out = []
    for row in page.xpath("." + ROW):
        cells = {cell.get("class").split()[1]: [unit_name(el) for el in cell]
                 for cell in row.xpath("div[" + has_class("cell") + "]")}
        out.append((cells.get("original", []), cells.get("translation", [])))
    return out


@pytest.mark.parametrize("name", sorted(MARKS))
def test_mark_shown_in_its_translation_row(name):
    """With no original, each mark's words (bracket form included) stand in the translation column."""
    fragment, export = MARKS[name]
    page = view_html("parallel", tei_doc(fragment))
    cells = page.xpath(f"{ROW}/div[{has_class('cell')} and {has_class('translation')} and @lang='en']")
    assert cells and not page.xpath(f"//*[{has_class('original')}]")
    shown = iter(words(" ".join(text_of(c) for c in cells)).split())
    # Every word of the export, in order; a rule line is drawn, a bracketed page marker is a page break.
    expected = [w for w in re.sub(r"\[page \d+\]", "", export).split() if not re.fullmatch(r"[_—]{3,}", w)]
    missing = [w for w in expected if w not in shown]
    assert not missing, f"{missing} not shown in order"
    assert page.xpath(f"{ROW}//*[@id='t.1']")


@pytest.fixture(scope="module")
def sample():
    return page_text(render.render_view(SAMPLE, "parallel"))


def test_aligned_units_share_a_row(sample):
    table = rows(sample)
    for pair in [(["o.3"], ["t.2"]), (["o.6"], ["t.8"]), (["o.7"], ["t.9"])]:
        assert pair in table


def test_one_sided_units_get_their_own_row(sample):
    table = rows(sample)
    for pair in [(["o.1"], []), (["o.2"], []), ([], ["t.3"]), ([], ["t.10"]), (["o.4"], [])]:
        assert pair in table


def test_every_unit_shown_once_in_order(sample):
    table = rows(sample)
    left = [i for o, _ in table for i in o]
    right = [i for _, t in table for i in t]
    assert left == ["o.1", "o.2", "o.3", "o.4", "pb", "o.5", "o.6", "o.7"]
    assert right == ["t.1", "t.2", "t.3", "t.5", "t.6", "t.7", "t.8", "t.9", "t.10"]


def test_cells_carry_their_languages(sample):
    assert set(sample.xpath(f"{ROW}/div[{has_class('original')}]/@lang")) == {"ru"}
    assert set(sample.xpath(f"{ROW}/div[{has_class('translation')}]/@lang")) == {"en"}
    assert [text_of(h) for h in sample.xpath("//div[@class='row row-head']/h2")] == [
        "Original (Russian)", "Translation (English)"]


def test_translation_alone_is_one_column():
    page = page_text(render.render_view(LETTER, "parallel"))
    assert page.xpath(f"//section[{has_class('parallel')} and {has_class('single')}]")
    assert all(o == [] for o, _ in rows(page)) and len(rows(page)) == 10


ORIGINAL = '<p xml:id="o.1">Один.</p><fw type="pageNum" xml:id="o.2">-2-</fw><p xml:id="o.3">Два.</p><p xml:id="o.4">Три.</p>'
TRANSLATION = '<p xml:id="t.1">One.</p><p xml:id="t.2">Two,</p><p xml:id="t.3">continued.</p><p xml:id="t.4">Three.</p>'


def links(*pairs: str) -> str:
    return '<linkGrp type="alignment">' + "".join(f'<link target="{p}"/>' for p in pairs) + "</linkGrp>"


def test_standoff_links_alone_align():
    page = view_html("parallel", tei_doc(TRANSLATION, ORIGINAL, links("#t.1 #o.1", "#t.2 #t.3 #o.3", "#t.4 #o.4")))
    assert rows(page) == [(["o.1"], ["t.1"]), (["o.2"], []), (["o.3"], ["t.2", "t.3"]), (["o.4"], ["t.4"])]


def test_corresp_alone_aligns():
    translation = TRANSLATION.replace('"t.1">', '"t.1" corresp="#o.1">').replace('"t.4">', '"t.4" corresp="#o.4">')
    original = ORIGINAL.replace('"o.3">', '"o.3" corresp="#t.2 #t.3">')
    page = view_html("parallel", tei_doc(translation, original))
    assert rows(page) == [(["o.1"], ["t.1"]), (["o.2"], []), (["o.3"], ["t.2", "t.3"]), (["o.4"], ["t.4"])]


def test_one_translation_unit_for_two_originals():
    page = view_html("parallel", tei_doc(TRANSLATION, ORIGINAL, links("#t.1 #o.1 #o.3", "#t.4 #o.4")))
    assert rows(page)[0] == (["o.1", "o.2", "o.3"], ["t.1"])


def test_opener_lines_are_units_of_their_own():
    """The converter ids the lines of an opener, not the opener: a link to a line aligns that line."""
    translation = ('<opener><seg type="docType" xml:id="t.1">Cable</seg><lb/><seg type="priority" xml:id="t.0">'
                   "FLASH</seg></opener>" + TRANSLATION.replace("t.1", "t.9"))
    original = '<opener><seg type="docType" xml:id="o.9">Телеграмма</seg></opener>' + ORIGINAL
    page = view_html("parallel", tei_doc(translation, original, links("#t.1 #o.9")))
    assert rows(page)[:2] == [(["o.9"], ["t.1"]), ([], ["t.0"])]
    assert page.xpath(f"//div[{has_class('opener')} and {has_class('line')}]/span[@id='t.1']")


def test_crossing_links_lose_nothing():
    page = view_html("parallel", tei_doc(TRANSLATION, ORIGINAL, links("#t.1 #o.4", "#t.4 #o.1")))
    shown = [i for o, t in rows(page) for i in o + t]
    for unit in ("o.1", "o.2", "o.3", "o.4", "t.1", "t.2", "t.3", "t.4"):
        assert unit in shown


def test_two_translations_two_tables():
    second = TRANSLATION.replace('xml:id="t.', 'xml:id="t2.')
    xml = tei_doc(TRANSLATION, ORIGINAL, links("#t.1 #o.1", "#t2.1 #o.1")).replace(
        "</body>", f'<div type="translation" xml:lang="de" xml:id="translation-2">{second}</div></body>')
    page = view_html("parallel", xml)
    tables = page.xpath(f"//section[{has_class('parallel')}]")
    assert [t.get("aria-label") for t in tables] == ["Translation 1 (English)", "Translation 2 (de)"]
    # the original shown again beside the second translation: its ids take a suffix, as HTML allows each once
    assert rows(tables[1])[0] == (["o.1-2"], ["t2.1"])


def test_link_into_a_line_of_an_opener_with_an_id_aligns_the_opener():
    """An opener with an id is one unit: a link to one of its lines aligns the whole opener."""
    translation = ('<opener xml:id="t.0"><seg type="docType" xml:id="t.0.1">Cable</seg><lb/>'
                   '<seg type="priority" xml:id="t.0.2">FLASH</seg></opener>' + TRANSLATION)
    original = '<opener xml:id="o.0"><seg type="docType" xml:id="o.0.1">Телеграмма</seg></opener>' + ORIGINAL
    page = view_html("parallel", tei_doc(translation, original, links("#t.0.2 #o.0.1", "#t.1 #o.1")))
    assert rows(page)[:2] == [(["o.0"], ["t.0"]), (["o.1"], ["t.1"])]


def test_corresp_inside_a_unit_aligns_the_unit():
    """A @corresp on an element within a unit (a name in a paragraph) joins that unit."""
    translation = TRANSLATION.replace("<p xml:id=\"t.4\">Three.</p>",
                                      '<p xml:id="t.4"><persName corresp="#o.4">Three</persName>.</p>')
    page = view_html("parallel", tei_doc(translation, ORIGINAL))
    assert rows(page)[-1] == (["o.4"], ["t.4"])
    assert all(o == [] or t == [] for o, t in rows(page)[:-1])


def test_corresp_and_links_together_align_by_both():
    """Links and @corresp add up: a pair written both ways aligns once, one only in @corresp still aligns."""
    translation = TRANSLATION.replace('"t.1">', '"t.1" corresp="#o.1">').replace('"t.4">', '"t.4" corresp="#o.4">')
    page = view_html("parallel", tei_doc(translation, ORIGINAL, links("#t.1 #o.1", "#t.2 #t.3 #o.3")))
    assert rows(page) == [(["o.1"], ["t.1"]), (["o.2"], []), (["o.3"], ["t.2", "t.3"]), (["o.4"], ["t.4"])]


SECTIONED = ('<p xml:id="o.1">Один.</p><div type="section" xml:id="o.s"><p xml:id="o.2">Два,</p>'
             '<p xml:id="o.3">продолжение.</p></div><p xml:id="o.4">Три.</p><p xml:id="o.5">Четыре.</p>')
FOUR = TRANSLATION.replace("<p xml:id=\"t.3\">continued.</p>", "") + '<p xml:id="t.5">Four.</p>'


@pytest.mark.parametrize("how", ["corresp", "link"])
def test_link_to_a_section_aligns_the_units_it_contains(how):
    """A pointer to a section of the original means its units; the alignments after it still hold."""
    pairs = ("#t.1 #o.1", "#t.2 #o.s", "#t.4 #o.4", "#t.5 #o.5")
    if how == "corresp":
        translation = FOUR
        for pair in pairs:
            t, o = pair.split()
            translation = translation.replace(f'"{t[1:]}">', f'"{t[1:]}" corresp="{o}">')
        xml = tei_doc(translation, SECTIONED)
    else:
        xml = tei_doc(FOUR, SECTIONED, links(*pairs))
    assert rows(view_html("parallel", xml)) == [
        (["o.1"], ["t.1"]), (["o.2", "o.3"], ["t.2"]), (["o.4"], ["t.4"]), (["o.5"], ["t.5"])]


def test_link_from_a_translation_section_aligns_the_units_it_contains():
    translation = ('<p xml:id="t.1">One.</p><div type="section" xml:id="t.s"><p xml:id="t.2">Two,</p>'
                   '<p xml:id="t.3">continued.</p></div><p xml:id="t.4">Three.</p>')
    page = view_html("parallel", tei_doc(translation, ORIGINAL, links("#t.1 #o.1", "#t.s #o.3", "#t.4 #o.4")))
    assert rows(page) == [(["o.1"], ["t.1"]), (["o.2"], []), (["o.3"], ["t.2", "t.3"]), (["o.4"], ["t.4"])]


@pytest.mark.parametrize("how", ["corresp", "link"])
def test_pointers_to_the_header_do_not_join_rows(how):
    """With no original, a translation unit pointing at the translator is still a row of its own."""
    if how == "corresp":
        xml = tei_doc(TRANSLATION.replace('"t.1">', '"t.1" corresp="#translator">')
                      .replace('"t.3">', '"t.3" corresp="#translator">'))
    else:
        xml = tei_doc(TRANSLATION, standoff=links("#t.1 #translator", "#t.3 #translator"))
    assert rows(view_html("parallel", xml)) == [([], ["t.1"]), ([], ["t.2"]), ([], ["t.3"]), ([], ["t.4"])]


def test_pointers_outside_every_unit_leave_the_other_links_alone():
    """Ends in the header or between units are ignored; the links beside them align as before."""
    original = ORIGINAL.replace('<p xml:id="o.3">', '<lb xml:id="o.lb"/><p xml:id="o.3">')
    translation = TRANSLATION.replace('"t.1">', '"t.1" corresp="#o.1 #translator">').replace(
        '"t.2">', '"t.2" corresp="#o.lb">')
    page = view_html("parallel", tei_doc(translation, original, links("#t.3 #msdesc #o.3", "#t.4 #o.4")))
    assert rows(page) == [(["o.1"], ["t.1"]), ([], ["t.2"]), (["o.2"], []), (["o.3"], ["t.3"]), (["o.4"], ["t.4"])]
