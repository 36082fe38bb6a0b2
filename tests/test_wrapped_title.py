"""A bold title wrapped over two lines: the TEI keeps the line break (<lb/>), everything that reads
the title shows it on one line, and the string value keeps the word boundary."""
from __future__ import annotations

import re
import pytest
from click.testing import CliRunner
from lxml import etree

from teiencode import deposit
from teiencode.cli import main
from teiencode.register import pages
from teiencode.serve import catalogue

TEI = "{http://www.tei-c.org/ns/1.0}"
EXPORT = """March 3, 1952

**Letter from A. Doe to B. Roe about the
harvest plan**

Citation:

"Letter from A. Doe to B. Roe about the harvest plan", March 3, 1952, Made-up Archive.

The harvest plan is approved.
"""
ONE_LINE = "Letter from A. Doe to B. Roe about the harvest plan"


@pytest.fixture(scope="module")
def build(tmp_path_factory):
    root = tmp_path_factory.mktemp("wrapped")
    (root / "wrapped.txt").write_text(EXPORT, encoding="utf-8")
    done = CliRunner().invoke(main, ["build", str(root / "wrapped.txt"), "-o", str(root / "out"), "-j", "1"])
    assert done.exit_code == 0, done.output
    return root / "out"


def test_the_tei_keeps_the_line_break_and_the_word_boundary(build):
    title = etree.parse(str(build / "wrapped.tei.xml")).find(f".//{TEI}titleStmt/{TEI}title")
    assert [child.tag for child in title] == [f"{TEI}lb"]
    assert "".join(title.itertext()) == "Letter from A. Doe to B. Roe about the\nharvest plan"


@pytest.mark.parametrize("view", ["reading", "parallel", "diplomatic"])
def test_views_show_the_title_on_one_line(build, view):
    html = (build / f"wrapped.{view}.html").read_text(encoding="utf-8")
    assert re.search(rf"<h1>{ONE_LINE}</h1>", html)
    assert f"<title>{ONE_LINE} (" in html


def test_index_register_dc_and_oai_read_one_line(build):
    assert f">{ONE_LINE}</a>" in (build / "index.html").read_text(encoding="utf-8")
    assert [doc.title for doc in pages.documents(build)] == [ONE_LINE]
    dc = deposit.dublin_core(etree.parse(str(build / "wrapped.tei.xml")))
    assert dc.findtext(".//{http://purl.org/dc/elements/1.1/}title") == ONE_LINE
    assert catalogue.read_header_facts(build / "wrapped.tei.xml").title == ONE_LINE
