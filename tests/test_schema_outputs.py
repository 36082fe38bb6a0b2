"""Every TEI the converter writes for the test corpus is valid: edition RNG, XSD, Schematron and tei_all."""
from __future__ import annotations

from pathlib import Path

import pytest

from teiencode import validate
from teiencode.schemagen import REPO_ROOT

HERE = Path(__file__).parent
SAMPLE = HERE / "data" / "sample.tei.xml"
CORPUS = REPO_ROOT.parent / "shared" / "corpus"


def _exports() -> list[Path]:
    found = sorted((REPO_ROOT / "seeds").glob("*.txt"))
    found += sorted((HERE / "fixtures" / "exports").glob("*.txt"))
    found += sorted(CORPUS.glob("*.txt")) if CORPUS.is_dir() else []
    return found


EXPORTS = _exports()


@pytest.fixture(scope="module")
def outputs(tmp_path_factory) -> dict[str, Path]:
    """The converter's TEI for every export, written as the build would write it."""
    try:
        from teiencode.pipeline import convert
        from teiencode.tei import serialize
    except ImportError as exc:
        pytest.skip(f"the converter is not available yet ({exc})")
    out = tmp_path_factory.mktemp("tei")
    written = {}
    for export in EXPORTS:
        _, tree, _ = convert(export)
        path = out / f"{export.stem}.tei.xml"
        path.write_bytes(serialize(tree))
        written[export.name] = path
    return written


def test_corpus_is_there():
    assert any(p.parent.name == "seeds" for p in EXPORTS)
    if not CORPUS.is_dir():
        print(f"note: {CORPUS} is absent; checking seeds and fixtures only")


@pytest.mark.parametrize("export", [p.name for p in EXPORTS])
def test_output_is_valid_against_edition_schemas(outputs, export):
    diagnostics = list(validate.iter_diagnostics(outputs[export]))
    assert diagnostics == [], "\n".join(map(str, diagnostics))


@pytest.mark.tei_all
def test_outputs_and_sample_are_valid_tei_all(outputs):
    if validate.default_tei_all() is None:
        pytest.skip("tei_all.rng not found: set TEI_ALL_RNG or provide ../shared/tei/tei_all.rng")
    diagnostics = validate.check_tei_all([SAMPLE, *outputs.values()])
    assert diagnostics == [], "\n".join(map(str, diagnostics))


@pytest.mark.tei_all
def test_tei_all_check_can_fail():
    if validate.default_tei_all() is None:
        pytest.skip("tei_all.rng not found: set TEI_ALL_RNG or provide ../shared/tei/tei_all.rng")
    broken = HERE / "data" / "broken" / "postscript-type.tei.xml"
    (diag,) = validate.check_tei_all(broken)
    assert diag.code == "tei-all" and diag.path == str(broken) and "type" in diag.message


TEI = "{http://www.tei-c.org/ns/1.0}"
SEED = next((p.name for p in EXPORTS if p.parent.name == "seeds"), None)
# (case, XPath of the element to break, attribute, new value or None to delete the element, rule expected)
SEED_BREAKS = [
    ("dangling-corresp", "//tei:div[@type='translation']//*[@corresp]", "corresp", "#nowhere", "sch:corresp-resolves"),
    ("undeclared-hand", "//tei:text//*[@hand]", "hand", "#hand-99", "sch:hand-declared"),
    ("non-iso-date", "//*[@when]", "when", "30 May 1950", "sch:iso-date"),
    ("unknown-note-type", "//tei:note[@type]", "type", "comment", "sch:note-type"),
    ("bad-fw-type", "//tei:fw", "type", "catchword", "sch:fw-type"),
    ("bad-gap-reason", "//tei:gap", "reason", "lost", "sch:gap-reason"),
    ("bad-add-place", "//tei:add", "place", "opposite", "sch:add-place"),
    ("dangling-link", "//tei:link", "target", "#nowhere #o.1", "sch:target-resolves"),
    ("missing-title", "//tei:titleStmt/tei:title", None, None, "sch:title-main"),
    ("element-out-of-place", "//tei:titleStmt", "", "p", "rng"),
]


@pytest.mark.parametrize("case,xpath,attribute,value,rule", SEED_BREAKS, ids=[c[0] for c in SEED_BREAKS])
def test_broken_seed_output_names_the_rule(outputs, tmp_path, case, xpath, attribute, value, rule):
    from teiencode import xmlsafe
    if SEED is None:
        pytest.skip("no seed export in seeds/")
    tree = xmlsafe.parse(outputs[SEED])
    found = tree.xpath(xpath, namespaces={"tei": TEI[1:-1]})
    if not found:
        pytest.skip(f"the converter's seed TEI has no {xpath} to break")
    element = found[0]
    if attribute is None:
        element.getparent().remove(element)
    elif attribute == "":
        element.append(element.makeelement(TEI + value))
    else:
        element.set(attribute, value)
    path = tmp_path / f"{case}.tei.xml"
    tree.write(str(path), encoding="UTF-8", xml_declaration=True)
    diagnostics = list(validate.iter_diagnostics(path))
    assert rule in {d.code for d in diagnostics}, "\n".join(map(str, diagnostics))
