"""The collection index and the manifest are made a document at a time, and write what a whole
tree or a whole string would have."""
from __future__ import annotations

import json

from hypothesis import given, settings, strategies as st
from lxml import html

from test_views_index import dated
from teiencode import batch, render

_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12)
_entry = st.dictionaries(_text, st.one_of(_text, st.integers(), st.none(), st.lists(_text, max_size=3),
                                          st.dictionaries(_text, _text, max_size=3)), max_size=5)


@settings(max_examples=200, deadline=None)
@given(documents=st.dictionaries(_text, _entry, max_size=6), extra=st.dictionaries(_text, _text, max_size=2))
def test_manifest_text_is_what_json_dumps_writes(documents, extra):
    manifest = {**extra, "format": 2, "documents": batch._Documents(documents)}
    whole = {**extra, "format": 2, "documents": documents}
    expected = json.dumps(whole, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    assert "".join(batch._manifest_chunks(manifest)) == expected
    assert dict(manifest["documents"].items()) == documents


def test_equal_keys_keep_the_order_of_the_files(tmp_path):
    """Documents with the same date and title are listed in the order of their files, as xsl:sort
    (stable) listed them."""
    paths = [dated(tmp_path, f"d{n}", "Same title", "1950-01-01") for n in (3, 1, 2)]
    paths.append(dated(tmp_path, "early", "Same title", "1949-12-31"))
    paths.append(dated(tmp_path, "undated", "A title", None))
    page = html.document_fromstring(render.render_index(paths, tmp_path / "index.html").read_text(encoding="utf-8"))
    assert [tr.get("id") for tr in page.xpath("//tbody/tr")] == ["doc-early", "doc-d3", "doc-d1", "doc-d2", "doc-undated"]
    assert page.xpath("string(//p[@class='count'])").startswith("5 documents")


def test_rows_made_elsewhere_are_used_and_the_rest_read(tmp_path):
    first, second = dated(tmp_path, "a", "First", "1950-01-01"), dated(tmp_path, "b", "Second", "1951-01-01")
    rows = render.IndexRows()
    made = render.index_row(render.load_tei(second), second, tmp_path / "index.html")
    rows.add(second, render.IndexRow(made.undated, made.date, "Second (made in a worker)", made.html))
    text = render.render_index([first, second], tmp_path / "index.html", rows=rows).read_text(encoding="utf-8")
    rows.close()
    assert text.index("First") < text.index("Second") and "doc-a" in text and "doc-b" in text


def test_a_name_is_labelled_from_the_first_file_whatever_order_rows_come_in(tmp_path):
    """A build's workers finish in any order: the filter's label of a name is still that of the first
    file in path order, as a page made from the files has it."""
    def labels(order):
        rows = render.IndexRows()
        for name, label in order:
            rows.add(tmp_path / f"{name}.tei.xml", render.IndexRow(0.0, "1950", name, b"<tr/>",
                                                                 (("pers-x", "person", label),)))
        rows.close()
        return rows.names["pers-x"][:2]

    forms = [("a", "Ivanov"), ("b", "IVANOV"), ("c", "Comrade Ivanov")]
    assert labels(forms) == labels(forms[::-1]) == labels(forms[1:] + forms[:1]) == ("person", "Ivanov")


def test_results_come_back_in_input_order_from_their_spool():
    results = batch._SpooledResults(3)
    for index in (2, 0):
        results.put(index, batch.BuiltDocument(f"export-{index}.txt", f"doc-{index}", status="built"))
    assert not results.known(1) and [r.source for r in results] == ["export-0.txt", "export-2.txt"]
    results.put(1, batch.BuiltDocument("export-1.txt", "doc-1", status="failed"))
    assert [r.status for r in results] == ["built", "failed", "built"] and results[-1].doc_id == "doc-2"
    assert len(results) == 3 and [r.source for r in results[1:]] == ["export-1.txt", "export-2.txt"]


_xml_text = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=8)


@given(st.lists(st.tuples(st.sampled_from([0.0, 1.0]), _xml_text, _xml_text), max_size=8))
def test_a_rows_sort_text_sorts_as_its_key(keys):
    assert sorted(keys, key=render._sort_text) == sorted(keys)
