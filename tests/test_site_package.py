"""teiencode.site without a browser: the legend from the registry, the collection's order and its
previous/next pages, the facets, and a build that goes on without Pagefind."""
from __future__ import annotations

import re
import shutil

import pytest
from lxml import etree, html

from test_views_common import LETTER, SAMPLE, tei_doc
from teiencode import conventions, render
from teiencode.conventions import Convention
from teiencode.site import facets, legend, search, sequence


@pytest.mark.parametrize("tei, expected", [
    ('<gap reason="omitted"><desc>...</desc></gap>', ("gap", "omitted")),
    ('P<supplied reason="expansion">etr</supplied>', ("supplied", "expansion")),
    ('<pb n="2"/> (block)', ("pb", "")),
    ('<seg type="stamp"><label>Stamp:</label></seg>', ("seg", "stamp")),
    ("no markup", ("", "")),
])
def test_a_conventions_mark_is_its_first_tag(tei, expected):
    assert legend.tei_mark(tei) == expected


@pytest.fixture
def new_convention(monkeypatch):
    """A convention added to the registry, as a new module would add it."""
    added = Convention(name="seal-impression", example="[Seal: round]", tei='<seg type="seal">…</seg>',
                       describe="A bracketed seal is a seal.", build=lambda m, ctx: None)
    monkeypatch.setattr(conventions, "RULES", [*conventions.RULES, added])
    legend.conventions_xml.cache_clear()
    render.clear_cache()
    yield added
    legend.conventions_xml.cache_clear()
    render.clear_cache()


@pytest.mark.parametrize("view", render.VIEWS)
def test_a_new_convention_documents_itself_in_every_view(new_convention, view):
    page = html.document_fromstring(render.render_view(SAMPLE, view))
    names = page.xpath("//section[@class='conventions']//dt//span[@class='convention-name']/text()")
    assert names == [rule.name for rule in conventions.RULES]
    assert page.xpath("//dd[@id='conv-seal-impression']/text()") == ["A bracketed seal is a seal."]
    # a mark of that kind is described by its entry
    marked = html.document_fromstring(render.render_view(
        etree.ElementTree(etree.fromstring(tei_doc('<p xml:id="t.1">a <seg type="seal">seal</seg></p>'))), view))
    assert marked.xpath("//span[@aria-describedby='conv-seal-impression'][@tabindex='0']")


def _teis(tmp_path, dates: dict[str, str | None]) -> list:
    paths = []
    for stem, date in dates.items():
        xml = tei_doc('<p xml:id="t.1">x</p>').replace(">Fragment<", f">Doc {stem}<")
        if date:
            xml = xml.replace("</msIdentifier>", f'</msIdentifier><history><origin><origDate when="{date}">{date}'
                                                  "</origDate></origin></history>")
        path = tmp_path / f"{stem}.tei.xml"
        path.write_text(xml, encoding="utf-8")
        paths.append(path)
    return paths


def test_previous_and_next_follow_the_index_order(tmp_path):
    paths = _teis(tmp_path, {"b": "1951-01-02", "undated": None, "a": "1950-05-30"})
    render.render_index(paths, tmp_path / "index.html")
    page = html.document_fromstring((tmp_path / "index.html").read_bytes())
    assert [tr.get("id") for tr in page.xpath("//tbody/tr")] == ["doc-a", "doc-b", "doc-undated"]
    assert len(list((tmp_path / "seq").glob("*.html"))) == 3 * 2 * 3
    target = lambda name: re.search(r'url=([^"]+)"', (tmp_path / "seq" / name).read_text()).group(1)
    assert target("a.reading.next.html") == "../b.reading.html"
    assert target("b.parallel.prev.html") == "../a.parallel.html"
    assert target("a.diplomatic.prev.html") == "../index.html#doc-a"  # the ends lead to the index
    assert target("undated.reading.next.html") == "../index.html#doc-undated"
    assert "Doc b" in (tmp_path / "seq" / "a.reading.next.html").read_text()
    # unchanged pages are not written again; a document gone takes its pages with it
    docs = lambda stems: [sequence.Neighbour(s, f"Doc {s}", {v: f"{s}.{v}.html" for v in render.VIEWS})
                          for s in stems]
    assert sequence.write_sequence(docs(["a", "b", "undated"]), tmp_path) == 0
    sequence.write_sequence(docs(["a", "undated"]), tmp_path)
    assert not list((tmp_path / "seq").glob("b.*")) and target("a.reading.next.html") == "../undated.reading.html"


def test_facets_of_a_letter_and_a_cable():
    cable = facets.of_tei(render.load_tei(SAMPLE).getroot())
    assert cable["year"] == "1951" and cable["language"] == "Russian"
    letter = facets.of_tei(render.load_tei(LETTER).getroot())
    assert letter["language"] == "English" and letter["year"] == "1950"
    assert cable["sender"] or cable["recipient"] or letter["sender"] or letter["recipient"]


def test_a_build_without_pagefind_warns_and_goes_on(tmp_path, monkeypatch):
    from conftest import SEED
    from teiencode.batch import build_many
    from teiencode.config import Config
    monkeypatch.setattr(search, "_command", lambda: None)
    outcome = build_many([SEED], tmp_path, Config(), jobs=1, search=True)
    assert not outcome.failed and (tmp_path / "index.html").is_file()
    assert [d.code for d in outcome.diagnostics] == ["W-SEARCH"] and not search.present(tmp_path)
    again = build_many([SEED], tmp_path / "quiet", Config(), jobs=1, search=False)
    assert again.diagnostics == []


def test_a_build_passes_the_index_and_sequence_links(tmp_path):
    from conftest import SEED
    from teiencode.batch import build_many
    from teiencode.config import Config
    build_many([SEED], tmp_path, Config(), jobs=1, search=False)
    page = html.document_fromstring((tmp_path / "000_e67b3bb4a698350b.parallel.html").read_bytes())
    hrefs = page.xpath("//nav//a/@href")
    assert "index.html" in hrefs and "seq/000_e67b3bb4a698350b.parallel.next.html" in hrefs
    assert (tmp_path / "seq" / "000_e67b3bb4a698350b.parallel.next.html").is_file()


def test_partial_alignment_is_said_in_the_parallel_view():
    partial = tei_doc('<p xml:id="t.1" corresp="#o.1">a</p><p xml:id="t.2">b</p>',
                      '<p xml:id="o.1" corresp="#t.1">x</p>')
    page = html.document_fromstring(render.render_view(etree.ElementTree(etree.fromstring(partial)), "parallel"))
    summary = page.xpath("string(//p[@class='alignment-summary'])")
    assert "1 of 2 passages have a counterpart" in summary and "1 of 1 passages of the original" in summary
    whole = tei_doc('<p xml:id="t.1" corresp="#o.1">a</p>', '<p xml:id="o.1" corresp="#t.1">x</p>')
    page = html.document_fromstring(render.render_view(etree.ElementTree(etree.fromstring(whole)), "parallel"))
    assert not page.xpath("//p[@class='alignment-summary']")


def test_render_in_a_build_folder_links_the_collection(tmp_path):
    from click.testing import CliRunner
    from teiencode.cli import main
    alone = tmp_path / "alone"
    alone.mkdir()
    tei = shutil.copy(SAMPLE, alone / "sample.tei.xml")
    assert CliRunner().invoke(main, ["render", str(tei), "--view", "reading"]).exit_code == 0
    assert not html.document_fromstring((alone / "sample.reading.html").read_bytes()).xpath("//nav//a[@rel='next']")
    (alone / "index.html").write_text("<!DOCTYPE html><title>index</title>", encoding="utf-8")
    assert CliRunner().invoke(main, ["render", str(tei)]).exit_code == 0
    page = html.document_fromstring((alone / "sample.parallel.html").read_bytes())
    assert page.xpath("//nav//a[@href='index.html']") and page.xpath("//nav//a[@rel='next']/@href") == [
        "seq/sample.parallel.next.html"]


def test_a_paragraph_broken_by_a_page_is_read_whole():
    broken = tei_doc('<p xml:id="t.1" part="I">they had not received the ships from the USSR</p>'
                     '<fw type="pageNum" xml:id="t.2">-2-</fw><pb n="2" xml:id="t.3"/>'
                     '<p xml:id="t.4" part="M"><note type="translator" xml:id="n.1">circled</note>. The crews were chosen, but</p>'
                     '<p xml:id="t.5" part="F">they are not trained.</p><p xml:id="t.6">Next.</p>')
    page = html.document_fromstring(render.render_view(etree.ElementTree(etree.fromstring(broken)), "reading"))
    joined = page.xpath("//p[@id='t.1']")[0]
    for links in joined.xpath(".//span[@class='unit-links']"):
        links.drop_tree()
    assert " ".join(joined.text_content().split()) == "they had not received the ships from the USSR1. The crews were chosen, but they are not trained."
    assert joined.xpath("span[@class='part-join']/@id") == ["t.4", "t.5"]  # links to the later parts still land
    assert joined.xpath(".//sup[@class='noteref']/a/@href") == ["#note-1"]
    assert not page.xpath("//p[@id='t.4' or @id='t.5']") and page.xpath("//p[@id='t.6']")
    # a later part without its first part (the page before it is lost) is shown as it is
    alone = tei_doc('<p xml:id="t.4" part="F">they are not trained.</p>')
    page = html.document_fromstring(render.render_view(etree.ElementTree(etree.fromstring(alone)), "reading"))
    assert page.xpath("//p[@id='t.4'][@data-part='F']")


def test_the_streamed_rows_carry_their_facets_and_parties(tmp_path):
    """Each row is made alone (render.index_row), with its own document's facets."""
    paths = [shutil.copy(SAMPLE, tmp_path / "cable.tei.xml"), shutil.copy(LETTER, tmp_path / "letter.tei.xml")]
    page = html.document_fromstring(render.render_index(paths, tmp_path / "index.html").read_bytes())
    for path in paths:
        expected = facets.of_tei(render.load_tei(path).getroot())
        row = page.xpath(f"//tbody/tr[@id='doc-{path.name[:-len('.tei.xml')]}']")[0]
        assert {name: row.get(f"data-{name}") for name in facets.NAMES} == expected
        parties = " ".join(row.xpath("string(td[@class='parties'])").split())
        assert parties == (f"{expected['sender']} → {expected['recipient']}".strip()
                           if expected["sender"] or expected["recipient"] else "")
    assert page.xpath("//tbody/tr[@id='doc-cable']/@data-year") == ["1951"]


def test_the_name_filter_rules_are_in_the_head(tmp_path):
    """A <style> in the body is invalid HTML (Nu validator): the filter's rules go in the head."""
    path = shutil.copy(SAMPLE, tmp_path / "cable.tei.xml")
    rows = render.IndexRows()
    made = render.index_row(render.load_tei(path), path, tmp_path / "index.html")
    rows.add(path, render.IndexRow(made.undated, made.date, made.title, made.html, (("pers-x", "persName", "X"),)))
    page = html.document_fromstring(render.render_index([path], tmp_path / "index.html", rows=rows).read_bytes())
    rows.close()
    assert page.xpath("//nav[@class='name-filter']/a[@id='f-pers-x']") and not page.xpath("//body//style")
    assert "#f-pers-x:target" in page.xpath("string(//head/style[2])")
