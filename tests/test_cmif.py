"""The CMIF of the corpus is valid against the official CMIF RELAX NG and Schematron (tests/data/cmif/),
with the default configuration, which names no editor."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from elementpath import XPath2Parser, XPathContext
import pytest
from lxml import etree

from conftest import CORPUS, ROOT
from teiencode import deposit as dep
from teiencode.config import Config
from teiencode.pipeline import convert
from teiencode.tei import serialize

CMIF = ROOT / "tests" / "data" / "cmif"
SCH = "http://purl.oclc.org/dsdl/schematron"
TEI = {"tei": "http://www.tei-c.org/ns/1.0"}


def schematron_failures(schema: Path, doc: etree._ElementTree) -> list[str]:
    """Run an XPath 2.0 ISO Schematron (patterns, rules, asserts, reports; no lets, phases or abstract
    rules, which the test refuses rather than ignores) with elementpath. In each pattern a node is checked
    by the first rule whose context it matches, as ISO Schematron says."""
    sch = etree.parse(str(schema))
    unsupported = sch.xpath("//s:let | //s:phase | //s:rule[@abstract] | //s:extends | //s:include",
                            namespaces={"s": SCH})
    assert not unsupported, "the Schematron uses features this runner does not implement"
    namespaces = {ns.get("prefix"): ns.get("uri") for ns in sch.iterfind(f"{{{SCH}}}ns")}
    parser = XPath2Parser(namespaces=namespaces)
    failures = []
    for pattern in sch.iterfind(f"{{{SCH}}}pattern"):
        checked: set = set()
        for rule in pattern.iterfind(f"{{{SCH}}}rule"):
            context = rule.get("context")
            assert "|" not in context and not context.startswith("/"), context
            for node in parser.parse("//" + context).select(XPathContext(doc)):
                if node in checked:
                    continue
                checked.add(node)
                for test in rule:
                    if test.tag not in (f"{{{SCH}}}assert", f"{{{SCH}}}report"):
                        continue
                    holds = parser.parse(f"boolean({test.get('test')})").evaluate(XPathContext(doc, item=node))
                    if holds != (test.tag == f"{{{SCH}}}assert"):
                        failures.append(f"{test.get('role', 'error')}: {' '.join(test.text.split())} "
                                        f"(context {context})")
    return failures


@pytest.fixture(scope="module")
def corpus_cmif() -> etree._ElementTree:
    exports = sorted(CORPUS.glob("*.txt")) + [ROOT / "seeds" / "000_e67b3bb4a698350b.txt"]
    if not exports[:-1]:
        pytest.skip(f"the shared corpus is not at {CORPUS}")
    teis = [etree.ElementTree(etree.fromstring(serialize(convert(p, Config())[1]))) for p in exports]
    return dep.cmif_document(teis, config=Config())


def test_the_shipped_schemas_name_their_source():
    readme = (CMIF / "README.md").read_text(encoding="utf-8")
    assert "TEI-Correspondence-SIG/CMIF" in readme and "51383f2bcd0f84e03e62268040681d70e68f6353" in readme


@pytest.mark.skipif(shutil.which("jing") is None, reason="jing is not installed")
def test_corpus_cmif_is_valid_against_the_cmif_relax_ng(corpus_cmif, tmp_path):
    path = tmp_path / "cmif.xml"
    corpus_cmif.write(str(path), encoding="utf-8", xml_declaration=True)
    done = subprocess.run(["jing", str(CMIF / "cmi-customization.rng"), str(path)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    # the grammar bites: CMIF requires an editor
    corpus_cmif.find(".//tei:titleStmt/tei:editor", TEI).tag = "{http://www.tei-c.org/ns/1.0}author"
    corpus_cmif.write(str(path), encoding="utf-8", xml_declaration=True)
    assert subprocess.run(["jing", str(CMIF / "cmi-customization.rng"), str(path)],
                          capture_output=True).returncode != 0


def test_corpus_cmif_is_valid_against_the_cmif_schematron(corpus_cmif):
    assert len(corpus_cmif.findall(".//tei:profileDesc/tei:correspDesc", TEI)) >= 15
    assert schematron_failures(CMIF / "cmif.sch", corpus_cmif) == []


def test_the_schematron_runner_finds_what_cmif_forbids(corpus_cmif):
    broken = etree.ElementTree(etree.fromstring(etree.tostring(corpus_cmif)))
    corresp = broken.find(".//tei:profileDesc/tei:correspDesc", TEI)
    corresp.remove(corresp.find("tei:correspAction[@type='received']", TEI))
    corresp.set("source", "#nowhere")
    etree.SubElement(corresp.find("tei:correspAction", TEI), "{http://www.tei-c.org/ns/1.0}date")
    found = " ".join(schematron_failures(CMIF / "cmif.sch", broken))
    assert "[E0002]" in found and "[E0003]" in found and "[E0004]" in found


def test_cmif_names_the_person_a_pseudonym_stands_for(corpus_cmif):
    names = corpus_cmif.xpath("//tei:correspDesc[contains(@key, 'filippov')]//tei:persName/text()", namespaces=TEI)
    assert "Stalin" in names and "Filippov" not in names
