"""Views: what every page shares (frame, languages, errors, files), and the fragment helpers the view tests use."""
from __future__ import annotations

import re
import base64
import hashlib
import shutil
import subprocess
from pathlib import Path

import pytest
from lxml import etree, html

from conftest import TEI_ALL
from teiencode import render, site
from teiencode.diagnostics import TeiencodeError

DATA = Path(__file__).resolve().parent / "data" / "views"
SAMPLE = DATA / "sample.tei.xml"  # original + translation, aligned by @corresp and standOff links
LETTER = DATA / "letter.tei.xml"  # translation only: footnote, speakers, marginal addition

# One fragment per encoded mark of docs/encoding.md, as the translation division holds it,
# with the export text it came from (what xslt/text.xsl must give back).
MARKS: dict[str, tuple[str, str]] = {
    "add-labelled": ('<p xml:id="t.1"><add hand="#hand-1" place="margin" rend="brackets-label">'
                     '<label>handwritten</label>: 30 May 1950</add></p>',
                     "[handwritten]: 30 May 1950"),
    "add-inline": ('<p xml:id="t.1">close <add hand="#hand-1" place="inline" rend="brackets">'
                   '<label>inserted by hand:</label> appropriate</add> relations</p>',
                   "close [inserted by hand: appropriate] relations"),
    "note-translator": ('<p xml:id="t.1">from the USSR <note type="translator" resp="#translator" rend="brackets">'
                        "<label>Translator's note:</label> the ships are circled</note>. The crews</p>",
                        "from the USSR [Translator's note: the ships are circled]. The crews"),
    "note-editorial": ('<p xml:id="t.1">Stalin. <note type="editorial" rend="brackets">'
                       "<label>Ed. note:</label> In the photocopy.</note></p>",
                       "Stalin. [Ed. note: In the photocopy.]"),
    "note-margin": ('<note type="annotation" place="margin" hand="#hand-1" rend="brackets" xml:id="t.1">'
                    '<label>Handwritten note in the margin:</label> "What else"</note>',
                    '[Handwritten note in the margin: "What else"]'),
    "note-unknown": ('<p xml:id="t.1">the text <note type="unknown" rend="brackets">odd form</note> goes on</p>',
                     "the text [odd form] goes on"),
    "stamp": ('<p xml:id="t.1"><seg type="stamp" rend="brackets"><label>Stamp:</label> '
              "<stamp>“Declassified 14 December 1993”</stamp></seg></p>",
              "[Stamp: “Declassified 14 December 1993”]"),
    "signature": ('<p xml:id="t.1">No. 328 <seg type="signature" rend="brackets"><label>signature</label></seg></p>',
                  "No. 328 [signature]"),
    "unclear": ('<p xml:id="t.1">Technical <unclear reason="uncertain" rend="query">estimate</unclear> here</p>',
                "Technical ?estimate? here"),
    "gap-illegible": ('<p xml:id="t.1">signed <gap reason="illegible" rend="brackets"><desc>illegible</desc></gap></p>',
                      "signed [illegible]"),
    "gap-offpage": ('<p xml:id="t.1">What else <gap reason="offPage" quantity="1" unit="word" rend="double-brackets">'
                    "<desc>one word off the page</desc></gap></p>",
                    "What else [[one word off the page]]"),
    "gap-omitted": ('<p xml:id="t.1">approved<gap reason="omitted"><desc>...</desc></gap> your proposals</p>',
                    "approved... your proposals"),
    "gap-blank": ('<p xml:id="t.1"><gap reason="blank" rend="brackets"><desc>date left blank</desc></gap> October</p>',
                  "[date left blank] October"),
    "sic": ('<p xml:id="t.1">12 copies <sic>yan.</sic> <label type="sic" rend="brackets">SIC</label></p>',
            "12 copies yan. [SIC]"),
    "supplied": ('<p xml:id="t.1">during <supplied reason="translator" rend="brackets">his</supplied> stay</p>',
                 "during [his] stay"),
    "expansion": ('<p xml:id="t.1">I<supplied reason="expansion" rend="brackets">van</supplied> V. Kovalev</p>',
                  "I[van] V. Kovalev"),
    "foreign": ('<p xml:id="t.1">an attack <foreign xml:lang="ru-Latn" rend="brackets">nastuplenie</foreign>.</p>',
                "an attack [nastuplenie]."),
    "name-variant": ('<p xml:id="t.1"><persName>Pak Heon-yeong</persName> '
                     '<persName type="variant" rend="brackets">Pak Hon Yong</persName> said</p>',
                     "Pak Heon-yeong [Pak Hon Yong] said"),
    "name-identification": ('<p xml:id="t.1">comrade <persName>Filippov</persName> '
                            '<persName type="identification" rend="brackets">Stalin</persName></p>',
                            "comrade Filippov [Stalin]"),
    "footnote": ('<p xml:id="t.1">Filippov.<ref type="footnote" target="#fn-1">x/</ref> Today</p>'
                 '<note type="footnote" xml:id="fn-1">x/ Pseudonym of I.V. Stalin.</note>',
                 "Filippov.x/ Today x/ Pseudonym of I.V. Stalin."),
    "fw": ('<fw type="regNumber" xml:id="t.1">16030</fw><p xml:id="t.2">Text.</p>', "16030 Text."),
    "pb": ('<p xml:id="t.1">Before.</p><pb n="3" xml:id="t.2"/><fw type="pageNum" xml:id="t.3">-3-</fw>'
           '<p xml:id="t.4">After.</p>', "Before. -3- After."),
    "pb-bracket": ('<pb n="2" rend="brackets" xml:id="t.1"/><p xml:id="t.2">After.</p>', "[page 2] After."),
    "lb": ('<ab type="annotation" xml:id="t.1">the first line<lb/>the second line</ab>',
           "the first line\nthe second line"),
    "rule": ('<p xml:id="t.1">Above.</p><milestone unit="rule" rend="——————" xml:id="t.2"/><p xml:id="t.3">Below.</p>',
             "Above. —————— Below."),
    "distribution": ('<opener xml:id="t.1"><note type="distribution"><list type="distribution">'
                     '<item n="1">Copy N° 1: Stalin</item><item n="2">Copy N° 2: Molotov</item></list></note></opener>',
                     "Copy N° 1: Stalin\nCopy N° 2: Molotov"),
    "dateline": ('<opener xml:id="t.1"><seg type="classification">Strictly Secret</seg><lb/>'
                 '<dateline>From <placeName>PYONGYANG</placeName><lb/>N° <idno>16030</idno> 1340<lb/>'
                 '<date when="1950-05-30">30 May 1950</date></dateline></opener>',
                 "Strictly Secret\nFrom PYONGYANG\nN° 16030 1340\n30 May 1950"),
    "section-head": ('<div type="section" xml:id="t.s1"><head xml:id="t.1">My opinion.</head>'
                     '<p xml:id="t.2">Inasmuch as it is so.</p></div>',
                     "My opinion.\n\nInasmuch as it is so."),
    "speaker": ('<sp who="#sp-1" xml:id="t.1"><speaker>North (KIM):</speaker> <p>Is it so?</p></sp>',
                "North (KIM): Is it so?"),
    "closer": ('<p xml:id="t.0">I agreed.</p><closer xml:id="t.1"><dateline><date when="1950-05-30">30 May 1950</date>'
               "</dateline> <signed>SHTYKOV</signed></closer>",
               "I agreed. 30 May 1950 SHTYKOV"),
}

_HEADER = """<teiHeader><fileDesc>
<titleStmt><title type="main">Fragment</title>
<respStmt><resp>Translated by</resp><persName xml:id="translator">A. Translator</persName></respStmt></titleStmt>
<publicationStmt><publisher>Test</publisher></publicationStmt>
<sourceDesc><msDesc xml:id="msdesc"><msIdentifier><idno type="local">fragment</idno></msIdentifier></msDesc></sourceDesc>
</fileDesc><profileDesc>
<langUsage><language ident="ru">Russian</language><language ident="en">English</language></langUsage>
<particDesc><listPerson><person xml:id="sp-1"><persName>North</persName></person></listPerson></particDesc>
<handNotes><handNote xml:id="hand-main" medium="typescript">Typed.</handNote><handNote xml:id="hand-1">A hand.</handNote></handNotes>
</profileDesc></teiHeader>"""


def tei_doc(translation: str | None, original: str | None = None, standoff: str = "") -> str:
    """A whole TEI document around fragments of a translation (and an original) division.

    :param translation: the translation division's content; None for no translation.
    :param original: the original division's content (Russian); None for no original.
    :param standoff: content of a standOff element after the text (links).
    """
    divs = ""
    if original is not None:
        divs += f'<div type="original" xml:lang="ru" xml:id="original">{original}</div>'
    if translation is not None:
        divs += f'<div type="translation" xml:lang="en" xml:id="translation">{translation}</div>'
    extra = f"<standOff>{standoff}</standOff>" if standoff else ""
    return (f'<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="d-fragment" xml:lang="en">{_HEADER}'
            f"<text><body>{divs}</body></text>{extra}</TEI>")


def tree_of(xml: str) -> etree._ElementTree:
    """Parse TEI text the way a file would be."""
    return etree.ElementTree(etree.fromstring(xml.encode("utf-8")))


def page_text(source: str) -> html.HtmlElement:
    """A page parsed, less each unit's links to itself and the other views (navigation, not text)."""
    page = html.document_fromstring(source)
    for links in page.xpath(f"//span[{has_class('unit-links')}]"):
        links.drop_tree()
    return page


def view_html(view: str, xml: str) -> html.HtmlElement:
    """Render a view of a TEI string and parse the page; a line or block break reads as a space."""
    page = page_text(render.render_view(tree_of(xml), view, stem="fragment"))
    for br in page.iter("br", "li", "p", "div", "h2", "h3"):
        br.tail = " " + (br.tail or "")
    return page


def words(text: str) -> str:
    """Text with every run of whitespace made one space, ends stripped."""
    return " ".join(text.split())


def text_of(element) -> str:
    return words(element.text_content())


def has_class(name: str) -> str:
    """An XPath predicate body: the element's class list holds ``name``."""
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


def check(page, xpath: str, contains: str | None = None, lacks: str | None = None) -> None:
    """Assert that ``xpath`` finds an element whose words hold ``contains`` and not ``lacks``."""
    found = page.xpath(xpath)
    assert found, f"nothing matches {xpath}\n{html.tostring(page, encoding='unicode')[-3000:]}"
    text = text_of(found[0])
    if contains is not None:
        assert words(contains) in text, f"{xpath}: {contains!r} not in {text!r}"
    if lacks is not None:
        assert words(lacks) not in text, f"{xpath}: {lacks!r} should not be in {text!r}"


# ---------------------------------------------------------------------------
# the fixtures themselves are TEI

@pytest.mark.tei_all
def test_view_fixtures_are_valid_tei_all(tmp_path):
    """The TEI used by the view tests (files and every mark fragment) is valid against tei_all."""
    jing = shutil.which("jing")
    if jing is None or not TEI_ALL.is_file():
        pytest.skip(f"jing or {TEI_ALL} missing: cannot check tei_all validity")
    files = [SAMPLE, LETTER]
    for name, (fragment, _) in MARKS.items():
        path = tmp_path / f"{name}.xml"
        path.write_text(tei_doc(fragment), encoding="utf-8")
        files.append(path)
    run = subprocess.run([jing, str(TEI_ALL), *map(str, files)], capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr


# ---------------------------------------------------------------------------
# page frame shared by the three views

@pytest.mark.parametrize("view", render.VIEWS)
def test_page_is_self_contained(view):
    """Each page embeds its CSS and its one script, allows only that script (by its hash), makes no
    request and names no remote resource."""
    source = render.render_view(SAMPLE, view)
    page = html.document_fromstring(source)
    assert source.startswith("<!DOCTYPE html")
    assert "@media print" in page.xpath("string(//head/style)")
    policy = page.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")
    assert policy and "default-src 'none'" in policy[0]
    scripts = page.xpath("//script")
    assert len(scripts) == 1 and scripts[0].text == site.script()
    digest = base64.b64encode(hashlib.sha256(scripts[0].text.encode("utf-8")).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in policy[0]
    assert not page.xpath("//link | //img | //iframe | //object | //*[@src]")


@pytest.mark.parametrize("view", render.VIEWS)
def test_nav_links_the_other_views(view):
    page = html.document_fromstring(render.render_view(SAMPLE, view, index_href="../index.html"))
    hrefs = set(page.xpath("//nav//a/@href"))
    others = {f"sample.{v}.html" for v in render.VIEWS if v != view}
    assert others <= hrefs and "sample.tei.xml" in hrefs and "../index.html" in hrefs
    assert page.xpath("//nav//*[@aria-current='page']")


@pytest.mark.parametrize("view", render.VIEWS)
def test_language_blocks_carry_lang(view):
    """Every block of text in a language says which: the original ru, the translation en."""
    page = page_text(render.render_view(SAMPLE, view))
    assert page.get("lang") == "en"
    russian = page.xpath("//*[@id='o.3']")
    if view != "reading":  # the reading view shows the translation only
        assert russian and russian[0].xpath("ancestor-or-self::*[@lang][1]/@lang") == ["ru"]
    english = page.xpath("//*[@id='t.2']")[0]
    assert english.xpath("ancestor-or-self::*[@lang][1]/@lang") == ["en"]
    assert page.xpath("//*[@lang='ru-Latn']")[0].text_content() == "[podgotovka]"


def test_css_has_print_rules_and_no_url():
    css = (render.xslt_dir() / "teiencode.css").read_text(encoding="utf-8")
    assert "@media print" in css
    assert not re.search(r"url\(|@import|https?:", css), "the CSS must not fetch anything"


# ---------------------------------------------------------------------------
# files and errors

def test_render_all_writes_three_pages_beside_the_tei(tmp_path):
    tei = tmp_path / "sample.tei.xml"
    shutil.copy(SAMPLE, tei)
    written = render.render_all(tei)
    assert [p.name for p in written] == [f"sample.{v}.html" for v in render.VIEWS]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([tei.name, *(p.name for p in written)])
    for page in written:
        assert "Cable No. 12, Ivanov to Petrov" in page.read_text(encoding="utf-8")


def test_render_all_to_another_folder(tmp_path):
    written = render.render_all(SAMPLE, tmp_path / "out")
    assert all(p.parent == tmp_path / "out" for p in written)


# Units where the parallel view finds them but the diplomatic walk must not: lines of an opener
# with neither id nor text (a closer and a division among them), a unit holding a division; and
# what the serializers escape differently if at all: URLs, quotes, markup characters, non-ASCII.
UNIT_EDGES = tei_doc(
    '<opener><dateline xml:id="t.1">From X</dateline><lb/><salute xml:id="t.2">Dear</salute>'
    '<closer><signed xml:id="t.3">nested</signed></closer><div xml:id="t.d"><p xml:id="t.4">in</p></div>\n</opener>\n'
    '<postscript>text of its own <p xml:id="t.5">P.S.</p></postscript> loose <lb/><head>no id</head>'
    '<p xml:id="t.6"><floatingText><body><div><p xml:id="t.7">inner</p></div></body></floatingText></p>'
    '<p xml:id="t.8" n="&quot;&lt;&amp;&gt; ü">a <ref target="https://例え.jp/ü?a=1&amp;b=2 x">link</ref> '
    '&lt;b&gt; &amp;amp; é&#160;&#x1F600;</p>',
    original='<opener><dateline xml:id="o.1" corresp="#t.1">Из</dateline></opener>'
             '<p xml:id="o.2" corresp="#t.7 #t.8">т</p>',
    standoff='<linkGrp type="alignment"><link target="#o.2 #t.5"/></linkGrp>')


# Every mark in one division, ids made unique.
ALL_MARKS = tei_doc("".join(m.replace('xml:id="t.', f'xml:id="m{i}.').replace("fn-1", f"fn-{i}")
                            for i, (m, _) in enumerate(MARKS.values())))


@pytest.mark.parametrize("xml", [SAMPLE.read_text(encoding="utf-8"), LETTER.read_text(encoding="utf-8"),
                                 ALL_MARKS, UNIT_EDGES],
                         ids=["sample", "letter", "marks", "unit-edges"])
def test_render_all_writes_the_pages_render_view_makes(tmp_path, xml):
    """render_all makes the parallel and diplomatic pages in one run (views.xsl) and serializes
    them itself: byte for byte the pages their own stylesheets make."""
    tei = tmp_path / "doc.tei.xml"
    tei.write_text(xml, encoding="utf-8")
    for page in render.render_all(tei, index_href="index.html"):
        view = page.name.split(".")[1]
        assert page.read_bytes() == render.render_view(tei, view, index_href="index.html").encode("utf-8"), view


def test_write_view_single_page(tmp_path):
    path = render.write_view(SAMPLE, "reading", tmp_path)
    assert path == tmp_path / "sample.reading.html" and "Cite this" in path.read_text(encoding="utf-8")


def test_unknown_view_is_refused():
    with pytest.raises(ValueError, match="parallel, diplomatic, reading"):
        render.render_view(SAMPLE, "facsimile")


def test_doc_id_from_name_or_xml_id():
    assert render.doc_id(Path("out/000_abc.tei.xml")) == "000_abc"
    assert render.doc_id(tree_of(tei_doc("<p>x</p>"))) == "fragment"


@pytest.mark.parametrize("content, code, line", [
    ("<TEI xmlns='http://www.tei-c.org/ns/1.0'>\n<teiHeader>\n</TEI>", "xml-syntax", 3),
    ("<html>\n<body/></html>", "tei-root", 1),
])
def test_bad_input_is_a_diagnostic_with_place(tmp_path, content, code, line):
    path = tmp_path / "bad.tei.xml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(TeiencodeError) as caught:
        render.render_view(path, "reading")
    diag = caught.value.diagnostic
    assert (diag.code, diag.path, diag.line) == (code, str(path), line)
    assert re.match(rf"{re.escape(str(path))}:{line}:\d+: ERROR {code}: ", str(diag))


def test_missing_file_is_a_diagnostic(tmp_path):
    with pytest.raises(TeiencodeError) as caught:
        render.render_all(tmp_path / "nowhere.tei.xml")
    assert caught.value.diagnostic.path.endswith("nowhere.tei.xml")


def test_stylesheets_are_compiled_once():
    render.render_view(SAMPLE, "reading")
    before = render._stylesheet.cache_info().hits
    render.render_view(SAMPLE, "reading")
    assert render._stylesheet.cache_info().hits == before + 1
