"""Collection index (xslt/index.xsl): every document, by date, with title, languages and links to its views."""
from __future__ import annotations

import shutil

import pytest
from lxml import html

from test_views_common import LETTER, SAMPLE, has_class, tei_doc, text_of
from teiencode import render, site


def dated(tmp_path, stem: str, title: str, date: str | None) -> str:
    """A TEI file with a title and an origDate (``when`` or a year range) written as <stem>.tei.xml."""
    xml = tei_doc('<p xml:id="t.1">x</p>').replace(">Fragment<", f">{title}<")
    if date:
        attrs = f'when="{date}"' if len(date) == 10 else f'notBefore="{date}-01-01" notAfter="{date}-12-31"'
        xml = xml.replace("</msIdentifier>", f"</msIdentifier><history><origin><origDate {attrs}>{date}</origDate>"
                                             "</origin></history>")
    path = tmp_path / f"{stem}.tei.xml"
    path.write_text(xml, encoding="utf-8")
    return path


@pytest.fixture
def index(tmp_path):
    """An index at the top of OUT over TEI files in OUT/docs, written like teiencode build does."""
    docs = tmp_path / "docs"
    docs.mkdir()
    paths = [shutil.copy(SAMPLE, docs / "sample.tei.xml"), shutil.copy(LETTER, docs / "letter.tei.xml"),
             dated(docs, "undated", "No date", None), dated(docs, "year", "A year", "1949")]
    out = render.render_index(paths, tmp_path / "index.html", title="Test edition")
    return html.document_fromstring(out.read_text(encoding="utf-8"))


def test_every_document_ordered_by_date(index):
    titles = [text_of(td) for td in index.xpath("//tbody/tr/td[@class='title']")]
    assert titles == ["A year", "Letter, Kim to Petrov", "Cable No. 12, Ivanov to Petrov", "No date"]
    assert [text_of(td) for td in index.xpath("//tbody/tr/td[@class='date']")] == [
        "1949", "April, 1950", "June 2, 1951", ""]
    assert index.xpath("//h1")[0].text == "Test edition" and "4 documents" in text_of(index.xpath("//p")[0])


def test_links_to_each_view_relative_to_the_index(index):
    row = index.xpath("//tr[@id='doc-sample']")[0]
    assert row.xpath("td[@class='views']/a/@href") == [
        "docs/sample.parallel.html", "docs/sample.diplomatic.html", "docs/sample.reading.html", "docs/sample.tei.xml"]
    assert row.xpath("td[@class='title']/a/@href") == ["docs/sample.reading.html"]


def test_languages_named(index):
    assert text_of(index.xpath("//tr[@id='doc-sample']/td[@class='languages']")[0]) == "Russian, English"
    assert index.xpath("//tr[@id='doc-letter']/td[@class='languages']/span/@data-lang") == ["en"]


def test_index_is_self_contained(index):
    assert "@media print" in index.xpath("string(//style)")
    assert [el.text for el in index.xpath("//script")] == [site.script()]  # the views' own, embedded
    assert not index.xpath("//*[@src] | //link")
    assert index.xpath(f"//table[{has_class('index')}]")


def test_empty_collection(tmp_path):
    out = render.render_index([], tmp_path / "index.html")
    page = html.document_fromstring(out.read_text(encoding="utf-8"))
    assert page.xpath("//tbody/tr") == [] and "0 documents" in page.text_content()


def test_index_entry_keeps_the_header_but_the_edition_declarations():
    tree = render.load_tei(SAMPLE)
    entry = render.index_entry(tree, SAMPLE, SAMPLE.parent / "index.html")
    tei = "{http://www.tei-c.org/ns/1.0}"
    header = tree.getroot().find(f"{tei}teiHeader")
    kept = [part.tag for part in entry.find(f"{tei}teiHeader")]
    # the source tree is left whole; the entry has every other part of its header
    assert header.find(f"{tei}encodingDesc") is not None and f"{tei}encodingDesc" not in kept
    assert kept == [part.tag for part in header if part.tag != f"{tei}encodingDesc"]
