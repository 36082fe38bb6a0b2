"""Safe rendering: all input text escaped, no script URLs, XSLT without file or network access."""
from __future__ import annotations

import pytest
from lxml import etree, html

from test_views_common import tei_doc, tree_of
from teiencode import render, site
from teiencode.diagnostics import TeiencodeError

SCRIPT = "&lt;script&gt;alert(1)&lt;/script&gt;"
HOSTILE = tei_doc(
    f'<p xml:id="t.1" n="&quot;&gt;&lt;script&gt;alert(2)&lt;/script&gt;">{SCRIPT}'
    f'<note type="x&quot; onmouseover=&quot;alert(3)" rend="brackets">{SCRIPT}</note>'
    '<ref target="javascript:alert(4)">click</ref> <ref target="https://example.org/ok">ok</ref>'
    f'<add hand="#nobody" place="margin&quot;&gt;&lt;b&gt;">{SCRIPT}</add></p>',
    original=f'<p xml:id="o.1" corresp="#t.1 &quot;&gt;&lt;i&gt;">{SCRIPT}</p>',
).replace(">Fragment<", f">Title {SCRIPT}<")


@pytest.mark.parametrize("view", render.VIEWS)
def test_script_in_the_text_is_shown_as_text(view):
    source = render.render_view(tree_of(HOSTILE), view)
    page = html.document_fromstring(source)
    # the page's one script is the views' own (xslt/teiencode.js), never one from the text
    assert [el.text for el in page.xpath("//script")] == [site.script()], "input text became a script element"
    assert "<script>alert" not in source and "&lt;script&gt;alert(1)&lt;/script&gt;" in source
    assert "<script>alert(1)</script>" in page.text_content()  # the reader sees the text as written
    assert not page.xpath("//@*[starts-with(name(), 'on')]"), "an attribute value escaped into an event handler"
    assert not page.xpath("//b | //i"), "an attribute value escaped into markup"


@pytest.mark.parametrize("view", render.VIEWS)
def test_only_web_and_local_links(view):
    page = html.document_fromstring(render.render_view(tree_of(HOSTILE), view))
    hrefs = page.xpath("//@href")
    assert not [h for h in hrefs if h.lower().startswith(("javascript:", "data:", "vbscript:"))]
    if view != "reading":  # the reading view shows the text's links as they are
        assert "https://example.org/ok" in hrefs


def test_index_escapes_titles(tmp_path):
    path = tmp_path / "x.tei.xml"
    path.write_text(HOSTILE, encoding="utf-8")
    source = render.render_index([path], tmp_path / "index.html").read_text(encoding="utf-8")
    scripts = html.document_fromstring(source).xpath("//script")
    assert [el.text for el in scripts] == [site.script()] and "<script>alert" not in source


def test_text_notation_keeps_the_text():
    assert "<script>alert(1)</script>" in render.to_text(tree_of(HOSTILE))


@pytest.mark.parametrize("uri", ["file:///etc/hostname", "http://127.0.0.1:9/x.xml"])
def test_access_control_forbids_reading_files_and_network(uri):
    """The access control given to every stylesheet refuses document() on files and the network."""
    xsl = etree.XML(f"""<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
      <xsl:template match="/"><r><xsl:copy-of select="document('{uri}')"/></r></xsl:template></xsl:stylesheet>""")
    transform = etree.XSLT(xsl, access_control=render.ACCESS_CONTROL)
    with pytest.raises(etree.XSLTApplyError):
        transform(etree.XML("<x/>"))


def test_access_control_forbids_writing():
    xsl = etree.XML("""<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
        xmlns:exsl="http://exslt.org/common" extension-element-prefixes="exsl">
      <xsl:template match="/"><exsl:document href="/tmp/teiencode-should-not-exist.txt">x</exsl:document>
      </xsl:template></xsl:stylesheet>""")
    transform = etree.XSLT(xsl, access_control=render.ACCESS_CONTROL)
    with pytest.raises(etree.XSLTApplyError):
        transform(etree.XML("<x/>"))


def test_stylesheets_are_compiled_with_the_access_control(tmp_path, monkeypatch):
    """A view stylesheet that tries to read a file fails: render compiles every stylesheet locked down."""
    secret = tmp_path / "secret.xml"
    secret.write_text("<secret>password</secret>", encoding="utf-8")
    (tmp_path / "common.xsl").write_text("<x/>", encoding="utf-8")
    (tmp_path / "reading.xsl").write_text(f"""<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
      <xsl:template match="/"><r><xsl:copy-of select="document('{secret.as_uri()}')"/></r></xsl:template>
      </xsl:stylesheet>""", encoding="utf-8")
    monkeypatch.setenv("TEIENCODE_XSLT", str(tmp_path))
    transform = render._stylesheet.__wrapped__("reading")  # uncached: compiled from tmp_path
    with pytest.raises(etree.XSLTApplyError):
        transform(etree.XML("<x/>"))


def test_entity_declarations_are_refused(tmp_path):
    """An external entity (XXE) in a TEI file is refused with a diagnostic, never expanded."""
    path = tmp_path / "xxe.tei.xml"
    path.write_text('<?xml version="1.0"?>\n<!DOCTYPE TEI [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
                    '<TEI xmlns="http://www.tei-c.org/ns/1.0">&x;</TEI>', encoding="utf-8")
    with pytest.raises(TeiencodeError) as caught:
        render.render_view(path, "reading")
    assert caught.value.diagnostic.code == "xml-entity" and caught.value.diagnostic.line == 2


def test_css_cannot_close_its_style_element():
    assert "</" not in (render.xslt_dir() / "teiencode.css").read_text(encoding="utf-8")
