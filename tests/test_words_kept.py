"""Words kept: every word of an export is a word of its TEI's string value, and of its reading view.

A full-text index, TEI Publisher, a plain-text export and the TEI Stylesheets' text output all
read the *string value* of the TEI (``string(/)``, ``itertext()`` joined with nothing): markup
contributes no characters to it. So a word boundary of the export survives only as whitespace in
the TEI's text; ``то<lb/>нужно`` reads "тонужно". These tests compare words, not lines.

What a "word" is (:func:`words`), the same rule on both sides:

- The text is cut at whitespace only. Punctuation stays inside the word it touches, so
  ``copy.<lb/>was`` gives the one word ``copy.was``, which the export does not have: a glued
  boundary is never hidden by a full stop or a comma.
- Editorial bracket characters are deleted first: ``[`` and ``]`` (their form is kept in
  ``@rend``, not in the text) and ``?`` (the uncertain-reading marks ``?harbour?``, kept as
  ``@rend="query"``). So an in-word expansion ``P[etr]`` and its TEI ``P<supplied>etr</supplied>``
  are both the one word ``Petr``. Deleting them, not cutting at them, also means a bracket is never
  taken for a word boundary that the export does not have.
- ``**`` (the bold title's markers) is deleted: it is notation, not a word.
- A token with no letter or digit (``...``, ``—``, a rule of underscores) is not a word: the TEI
  keeps such marks as attributes (``milestone/@rend``) or as a gap.

Header labels (``Citation:``, ``Summary:``, an extra field's ``Source:``) are not words of the
text: each is dropped from the export once, the first time it stands alone on a line, and the TEI
side leaves out an extra field's ``<label>``.
"""
from __future__ import annotations

import copy
import difflib
import re
from collections import Counter
from pathlib import Path

import pytest
from lxml import etree, html

from conftest import TEI_NS, all_exports
from teiencode import render

_EDITORIAL = re.compile(r"\*\*|[\[\]?]")
_FIXED_LABELS = ("Citation", "Summary", "Credits", "Original Language", "Contents")


def words(text: str) -> list[str]:
    """The words of a text: whitespace-separated, editorial brackets deleted, marks-only tokens dropped."""
    return [token for token in _EDITORIAL.sub("", text).split() if any(c.isalnum() for c in token)]


def string_value(node) -> str:
    """The XPath string value: every descendant text node, joined with nothing."""
    return "".join(node.itertext())


def _tei(export: Path) -> etree._Element:
    from teiencode.config import Config
    from teiencode.pipeline import convert
    from teiencode.tei import serialize
    _, tree, _ = convert(export, Config())
    return etree.fromstring(serialize(tree))  # what a reader of the file gets


def export_words(text: str, extra_labels: list[str]) -> list[str]:
    """The export's words in order, its header labels left out."""
    labels = {label + ":" for label in (*_FIXED_LABELS, *extra_labels)}
    kept = []
    for line in text.splitlines():
        if line.strip() in labels:
            labels.discard(line.strip())
            continue
        kept.append(line)
    return words("\n".join(kept))


def tei_words(root: etree._Element, export_text: str) -> list[str]:
    """The words of the TEI that carry the export, in the export's order: header fields, then the text.

    The header holds facts the export does not (publisher, licence, a title derived from the
    citation): only the elements written from the export's own lines are read, in the seed's
    order of fields. A date line and a title are read only when the export has them.
    """
    first_lines = [line.strip() for line in export_text.lstrip("\ufeff").splitlines() if line.strip()][:2]
    has_title = any(line.startswith("**") for line in first_lines)
    has_date = bool(first_lines) and not first_lines[0].startswith("**")
    parts: list[str] = []

    def read(xpath: str) -> None:
        for node in root.xpath(xpath, namespaces=TEI_NS):
            parts.append(" ".join(words(string_value(node))))

    fd = "/t:TEI/t:teiHeader/t:fileDesc"
    if has_date:
        read(f"({fd}/t:sourceDesc//t:origDate)[1]")
    if has_title:
        read(f"{fd}/t:titleStmt/t:title[1]")
    read(f"{fd}/t:sourceDesc/t:bibl[@type = 'citation'][1]")
    read("/t:TEI/t:teiHeader/t:profileDesc/t:abstract[1]")
    read(f"{fd}/t:notesStmt/t:note[@type = 'credits'][1]")
    for note in root.xpath(f"{fd}/t:notesStmt/t:note[@type = 'field']", namespaces=TEI_NS):
        parts.append(" ".join(words("".join(t for t in note.xpath(".//text()[not(parent::t:label)]",
                                                                       namespaces=TEI_NS)))))
    if re.search(r"(?m)^Original Language:\s*$", export_text):
        read(f"{fd}/t:sourceDesc//t:msContents/t:textLang[normalize-space()][1]")
    read(f"{fd}/t:notesStmt/t:note[@type = 'contents'][1]")
    read("/t:TEI/t:text")
    return " ".join(parts).split()


def assert_same_words(expected: list[str], actual: list[str], what: str, source: str = "export") -> None:
    if expected == actual:
        return
    diff = []
    matcher = difflib.SequenceMatcher(None, expected, actual, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            context = " ".join(expected[max(0, i1 - 4):i1])
            diff.append(f"  after …{context!r}: {source} {expected[i1:i2]} -> {what} {actual[j1:j2]}")
    pytest.fail(f"the words of the {source} and of the {what} differ:\n" + "\n".join(diff[:20]), pytrace=False)


@pytest.mark.parametrize("export", all_exports(), ids=lambda p: p.name)
def test_tei_string_value_has_the_export_words(export):
    text = export.read_text(encoding="utf-8-sig")
    root = _tei(export)
    extra = root.xpath("/t:TEI/t:teiHeader/t:fileDesc/t:notesStmt/t:note[@type = 'field']/@n", namespaces=TEI_NS)
    assert_same_words(export_words(text, extra), tei_words(root, text), "TEI string value")


# ----- the reading view ----------------------------------------------------------------------

# Elements a browser lays out as blocks (or line breaks): their edges are word boundaries on the
# page. Inline elements (span, a, sup, time) are not, so a view that glues two words with them fails.
_BLOCKS = {"p", "div", "section", "li", "ul", "ol", "h1", "h2", "h3", "br", "hr", "dl", "dt", "dd", "header",
           "footer", "main", "nav"}


def page_text(node) -> str:
    """The text a browser shows for ``node``: its text nodes, with a break at each block's edges."""
    out: list[str] = []

    def walk(el) -> None:
        block = isinstance(el.tag, str) and el.tag in _BLOCKS
        if block:
            out.append("\n")
        if el.text:
            out.append(el.text)
        for child in el:
            walk(child)
            if child.tail:
                out.append(child.tail)
        if block:
            out.append("\n")

    walk(node)
    return "".join(out)


def _without(node, xpath: str):
    """A copy of ``node`` without the elements the view adds of its own (note numbers, headings)."""
    node = html.fromstring(html.tostring(node, encoding="unicode"))
    for extra in node.xpath(xpath):
        tail = extra.tail
        parent = extra.getparent()
        previous = extra.getprevious()
        parent.remove(extra)
        if tail:
            if previous is not None:
                previous.tail = (previous.tail or "") + tail
            else:
                parent.text = (parent.text or "") + tail
    return node


_ADDED = (".//sup[contains(@class, 'noteref')] | .//a[contains(@class, 'backlink')] | ./h2 | self::div/h3[1]"
          " | .//span[contains(@class, 'unit-links')]")


def reading_words(page) -> tuple[list[str], list[str]]:
    """The words of what the reading view shows of the document: the summary and the text, in
    order; and the notes of the list at the end."""
    text = page.xpath("//div[@class = 'summary'] | //section[contains(@class, 'division')]")
    notes = page.xpath("//section[@class = 'notes']//li")
    return ([w for node in text for w in words(page_text(_without(node, _ADDED)))],
            [w for node in notes for w in words(page_text(_without(node, _ADDED)))])


def shown_tei_words(root: etree._Element) -> tuple[list[str], list[str]]:
    """The words of the TEI the reading view is made of: the abstract and the divisions it shows,
    in order; and the words of their notes.

    The view moves each note to the list at the end and shows a number where it stood, in place
    of a typescript footnote mark (``x/``): so here a note is read apart from the text around it,
    and a footnote mark is not read.
    """
    body = root.find("t:text/t:body", TEI_NS)
    shown = body.xpath("t:div[@type = 'translation']", namespaces=TEI_NS) or \
        body.xpath("t:div[@type = 'original']", namespaces=TEI_NS)
    text: list[str] = []
    notes: list[str] = []
    for node in root.xpath("/t:TEI/t:teiHeader/t:profileDesc/t:abstract", namespaces=TEI_NS) + shown:
        node = copy.deepcopy(node)
        _join_parts(node)
        moved = node.xpath(".//t:note[not(@type = 'distribution')] | .//t:ref[starts-with(@target, '#')]",
                           namespaces=TEI_NS)
        for mark in reversed(moved):  # a note within a note is its own note: read and taken out first
            if _local(mark.tag) == "note":
                notes += words(string_value(mark))
            _replace_with_space(mark)
        text += words(string_value(node))
    return text, notes


def _join_parts(node) -> None:
    """A paragraph broken by a page is read whole (issue 17): a later part (@part M or F) that opens
    with a mark or punctuation continues the word before it, so the page break between them goes."""
    for part in node.xpath(".//t:p[@part = 'M' or @part = 'F']", namespaces=TEI_NS):
        before = part.getprevious()
        opens = (part.text or "")[:1]
        if before is not None and before.tag == part.tag and before.get("part") in ("I", "M") \
                and (not opens or not opens.isalnum()) and not (before.tail or "").strip():
            before.tail = ""
            first = part[0] if len(part) and not part.text else None
            tail = (first.tail or "") if first is not None else ""
            if tail[:1] and not tail[:1].isalnum() and not tail[:1].isspace():
                # the view shows the note's number after the word, then the punctuation: "USSR¹."
                glued = tail.split()[0] if tail.split() else tail
                last = before[-1] if len(before) else None
                if last is not None:
                    last.tail = (last.tail or "") + glued
                else:
                    before.text = (before.text or "") + glued
                first.tail = tail[len(glued):]


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1]


def _replace_with_space(node) -> None:
    """Take ``node`` out of its tree, leaving a space (and its tail) where it stood."""
    parent = node.getparent()
    if parent is None:
        return
    rest = " " + (node.tail or "")
    previous = node.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + rest
    else:
        parent.text = (parent.text or "") + rest
    parent.remove(node)


@pytest.mark.parametrize("export", all_exports(), ids=lambda p: p.name)
def test_reading_view_has_the_words_of_the_text(export):
    """The text in order; the notes, which move to a list in the order of their marks, as a multiset."""
    root = _tei(export)
    page = html.fromstring(render.render_view(etree.ElementTree(root), "reading"))
    (want_text, want_notes), (got_text, got_notes) = shown_tei_words(root), reading_words(page)
    assert_same_words(want_text, got_text, "reading view", source="TEI text")
    lost, added = Counter(want_notes) - Counter(got_notes), Counter(got_notes) - Counter(want_notes)
    assert not lost and not added, (f"{export.name}: the reading view's notes lost {sorted(lost.elements())[:20]} "
                                   f"and show {sorted(added.elements())[:20]} that the TEI's notes do not have")


def test_words_rule():
    """The rule is what the module docstring says it is."""
    assert words("P[etr] Ivanov, the **Title**") == ["Petr", "Ivanov,", "the", "Title"]
    assert words("the ?harbour? works ... — ______") == ["the", "harbour", "works"]
    assert words("copy.was") == ["copy.was"]


def test_a_glued_word_fails():
    """Not blind: two lines glued by an <lb/> with no whitespace are a difference."""
    glued = etree.fromstring('<p xmlns="http://www.tei-c.org/ns/1.0">то<lb/>нужно</p>')
    with pytest.raises(pytest.fail.Exception) as failed:
        assert_same_words(words("то\nнужно"), words(string_value(glued)), "TEI string value")
    assert "тонужно" in str(failed.value)
