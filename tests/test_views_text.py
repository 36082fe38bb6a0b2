"""Archive notation (xslt/text.xsl): each encoded mark, and the header, written back as the export had them."""
from __future__ import annotations

import pytest

from teiencode import render
from test_views_common import MARKS, tei_doc, tree_of, words

HEADER_TITLE = "**Fragment**"


@pytest.mark.parametrize("name", sorted(MARKS))
def test_mark_written_back_in_its_bracket_form(name):
    fragment, export = MARKS[name]
    text = render.to_text(tree_of(tei_doc(fragment)))
    assert words(text) == words(f"{HEADER_TITLE} {export}")


def test_lines_stay_lines():
    """Line breaks of an annotation block and an opener come back as line breaks, not spaces."""
    fragment = MARKS["lb"][0] + MARKS["dateline"][0].replace('xml:id="t.1"', 'xml:id="t.2"')
    text = render.to_text(tree_of(tei_doc(fragment)))
    assert "the first line\nthe second line" in text
    assert "From PYONGYANG\nN° 16030 1340\n30 May 1950" in text


def test_blocks_are_separated_by_a_blank_line():
    text = render.to_text(tree_of(tei_doc('<p xml:id="t.1">One.</p><p xml:id="t.2">Two.</p>')))
    assert text.endswith("One.\n\nTwo.\n")


def test_indentation_is_not_text():
    """Pretty-printing inside element-only content (a gap's desc) adds no space inside the brackets."""
    fragment = ('<p xml:id="t.1">else <gap reason="offPage" rend="double-brackets">\n    <desc>one word</desc>\n'
                "  </gap>.</p>")
    assert words(render.to_text(tree_of(tei_doc(fragment)))).endswith("else [[one word]].")


def test_a_space_between_elements_is_text():
    """A single space between two marks is the export's space, kept."""
    assert "Pak Heon-yeong [Pak Hon Yong]" in render.to_text(tree_of(tei_doc(MARKS["name-variant"][0])))


def test_unbracketed_margin_note_stands_on_its_own_lines():
    """A transcription's marginal note (no brackets) interrupting a paragraph is set off by line breaks."""
    fragment = ('<p xml:id="t.1" part="I">в кон<note type="annotation" place="margin">по пометке<lb/>Калина</note></p>'
                '<p xml:id="t.2" part="F">июня.</p>')
    assert words(render.to_text(tree_of(tei_doc(fragment)))).endswith("в кон по пометке Калина июня.")


HEADER = """<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc>
<titleStmt><title type="main">Cable No. 7</title></titleStmt>
<publicationStmt><p>x</p></publicationStmt>
<notesStmt><note type="credits">Made possible by A</note><note type="contents"><list><item>Original Scan</item>
<item>Translation - English</item></list></note><note type="field" n="Source">From the archive</note></notesStmt>
<sourceDesc><msDesc><msIdentifier><idno>1</idno></msIdentifier><msContents><textLang mainLang="ru">Russian</textLang>
</msContents><history><origin><origDate when="1950-05-30">May 30, 1950</origDate></origin></history></msDesc>
<bibl type="citation">"<title>Cable No. 7</title>", May 30, 1950.<lb/>&lt;<ref target="https://x.org/7">https://x.org/7</ref>&gt;</bibl>
</sourceDesc></fileDesc><profileDesc><abstract><p>It reports.</p></abstract></profileDesc></teiHeader>
<text><body><div type="translation" xml:lang="en"><p>Body.</p></div></body></text></TEI>"""


def test_header_fields_in_the_exports_order():
    text = render.to_text(tree_of(HEADER.split("\n", 1)[1]))
    assert text == (
        "May 30, 1950\n\n**Cable No. 7**\n\n"
        'Citation:\n\n"Cable No. 7", May 30, 1950.\n<https://x.org/7>\n\n'
        "Summary:\n\nIt reports.\n\n"
        "Credits:\n\nMade possible by A\n\n"
        "Source:\n\nFrom the archive\n\n"
        "Original Language:\n\nRussian\n\n"
        "Contents:\n\nOriginal Scan\nTranslation - English\n\n"
        "Body.\n"
    )


def test_missing_fields_are_not_written():
    """A header without summary, credits, citation or language gives just date and title."""
    text = render.to_text(tree_of(tei_doc('<p xml:id="t.1">Only.</p>')))
    assert text == "**Fragment**\n\nOnly.\n"
    for label in ("Citation:", "Summary:", "Credits:", "Original Language:", "Contents:"):
        assert label not in text


def test_script_text_comes_back_as_text():
    text = render.to_text(tree_of(tei_doc('<p xml:id="t.1">&lt;script&gt;alert(1)&lt;/script&gt;</p>')))
    assert "<script>alert(1)</script>" in text
