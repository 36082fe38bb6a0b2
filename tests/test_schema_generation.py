"""The derived schemas: fresh from the ODD, a subset of tei_all, and quick to load."""
from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path

import pytest
from lxml import etree

from teiencode import schemagen
from teiencode.diagnostics import TeiencodeError

SCHEMAS = schemagen.SCHEMA_DIR
ODD = SCHEMAS / schemagen.ODD_NAME
TEI_ALL = schemagen.default_tei_all()
JING = shutil.which("jing")
RNG = f"{{{schemagen.RNG_NS}}}"


def _need_tei_all() -> Path:
    if TEI_ALL is None:
        pytest.skip("tei_all.rng not found: set TEI_ALL_RNG or provide ../shared/tei/tei_all.rng")
    return TEI_ALL


def _jing(schema: Path, *files: Path) -> subprocess.CompletedProcess:
    if JING is None:
        pytest.skip("jing is not installed (apt-get install jing); .ci/run installs it")
    return subprocess.run([JING, str(schema), *map(str, files)], capture_output=True, text=True)


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory) -> Path:
    """The schemas generated afresh from the committed ODD, without the trang step."""
    out = tmp_path_factory.mktemp("schemas")
    schemagen.regenerate(out, tei_all=_need_tei_all(), xsd=False)
    return out


@pytest.mark.parametrize("name", [schemagen.RNG_NAME, schemagen.SCH_NAME])
def test_committed_schema_is_fresh(regenerated, name):
    committed = (SCHEMAS / name).read_bytes()
    assert (regenerated / name).read_bytes() == committed, (
        f"schemas/{name} is stale: run `python -m teiencode.schemagen` and commit the result")


def test_committed_xsd_is_fresh(regenerated, tmp_path):
    if shutil.which("trang") is None:
        pytest.skip("trang is not installed (apt-get install trang): cannot check the XSD's freshness")
    written = schemagen.derive_xsd(regenerated / schemagen.RNG_NAME, tmp_path)
    assert sorted(p.name for p in written) == ["teiencode.xsd", "xml.xsd"]
    for path in written:
        assert path.read_bytes() == (SCHEMAS / path.name).read_bytes(), (
            f"schemas/{path.name} is stale: run `python -m teiencode.schemagen` and commit the result")


def test_rng_has_exactly_the_odd_elements():
    custom = schemagen.read_odd(ODD)
    rng = etree.parse(str(SCHEMAS / schemagen.RNG_NAME))
    declared = {e.get("name") for e in rng.iter(RNG + "element")}
    assert declared == custom.elements


def test_rng_restricts_the_documented_values():
    rng = etree.parse(str(SCHEMAS / schemagen.RNG_NAME))
    note = rng.find(f"{RNG}define[@name='note']/{RNG}element")
    values = {v.text for a in note.iter(RNG + "attribute") if a.get("name") == "type" for v in a.iter(RNG + "value")}
    assert values == {"translator", "editorial", "annotation", "distribution", "footnote",
                      "unknown", "credits", "contents", "field"}


def test_odd_is_valid_tei():
    result = _jing(_need_tei_all(), ODD)
    assert result.returncode == 0, result.stdout


# where each narrowed element may stand in a minimal document: {a} attribute, {v} value
PROBES = {
    "note": '<p><note {a}="{v}">n</note></p>',
    "add": '<p><add {a}="{v}">a</add></p>',
    "seg": '<p><seg {a}="{v}">s</seg></p>',
    "gap": '<p><gap {a}="{v}"{more}/></p>',
    "fw": '<fw {a}="{v}">f</fw>',
    "ab": '<ab {a}="{v}">x</ab>',
    "list": '<list {a}="{v}"><item>i</item></list>',
    "milestone": '<p><milestone {a}="{v}"/></p>',
    "head": '<div type="section"><head {a}="{v}">h</head><p>x</p></div>',
    "div": '<div {a}="{v}"><p>d</p></div>',
}
LAST = ("head", "div")  # once a division holds divisions, it holds nothing else
REQUIRED = {"gap": ("reason", "illegible")}  # attributes the probe needs besides the one probed


def _probe_document(custom: schemagen.Customization) -> bytes:
    """A TEI document that uses every value of every closed list of the ODD."""
    body, links = [], []
    changes = [c for c in custom.attribute_changes if c.values]
    for change in sorted(changes, key=lambda c: c.element in LAST):
        for value in change.values:
            if change.element == "link":
                links.append(f'<link target="#a #b" {change.attribute}="{value}"/>')
                continue
            need = REQUIRED.get(change.element)
            more = f' {need[0]}="{need[1]}"' if need and need[0] != change.attribute else ""
            body.append(PROBES[change.element].format(a=change.attribute, v=value, more=more))
    return f"""<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc>
<titleStmt><title type="main">t</title></titleStmt><publicationStmt><p>p</p></publicationStmt>
<sourceDesc><p>s</p></sourceDesc></fileDesc></teiHeader>
<text><body><div type="translation" xml:lang="en"><p xml:id="a">x</p><p xml:id="b">y</p>{''.join(body)}</div></body></text>
<standOff><linkGrp type="alignment">{''.join(links)}</linkGrp></standOff></TEI>""".encode()


def test_every_closed_value_is_valid_in_tei_all_and_ours(tmp_path):
    custom = schemagen.read_odd(ODD)
    probe = tmp_path / "probe.xml"
    probe.write_bytes(_probe_document(custom))
    text = probe.read_text(encoding="utf-8")
    assert all(f'{c.attribute}="{v}"' in text for c in custom.attribute_changes for v in c.values)
    ours = _jing(SCHEMAS / schemagen.RNG_NAME, probe)
    assert ours.returncode == 0, ours.stdout
    official = _jing(_need_tei_all(), probe)
    assert official.returncode == 0, official.stdout


def _odd_with(tmp_path: Path, old: str, new: str) -> Path:
    text = ODD.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "custom.odd"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_generator_refuses_an_element_tei_lacks(tmp_path):
    odd = _odd_with(tmp_path, 'include="particDesc"', 'include="particDesc notAnElement"')
    with pytest.raises(TeiencodeError) as info:
        schemagen.regenerate(tmp_path / "out", odd=odd, tei_all=_need_tei_all(), xsd=False)
    assert "notAnElement" in info.value.diagnostic.message


def test_generator_refuses_a_value_tei_forbids(tmp_path):
    # a value with a space can never match TEI's teidata.enumerated: not a subset
    odd = _odd_with(tmp_path, '<valItem ident="regNumber">', '<valItem ident="reg number">')
    with pytest.raises(TeiencodeError) as info:
        schemagen.regenerate(tmp_path / "out", odd=odd, tei_all=_need_tei_all(), xsd=False)
    diag = info.value.diagnostic
    assert "fw/@type" in diag.message and diag.line > 1


def test_generator_narrows_what_the_odd_says(tmp_path):
    odd = _odd_with(tmp_path, '<valItem ident="pageNum">', '<valItem ident="catchword">')
    schemagen.regenerate(tmp_path / "out", odd=odd, tei_all=_need_tei_all(), xsd=False)
    rng = (tmp_path / "out" / schemagen.RNG_NAME).read_text(encoding="utf-8")
    sch = (tmp_path / "out" / schemagen.SCH_NAME).read_text(encoding="utf-8")
    assert "<value>catchword</value>" in rng and "pageNum" not in rng
    assert "catchword" in sch and "pageNum" not in sch


def test_own_schemas_load_fast():
    from teiencode import validate
    start = time.perf_counter()
    validate.load_schemas.__wrapped__(SCHEMAS)
    elapsed = time.perf_counter() - start
    # tei_all takes ~15 s in lxml and ~35 s in xmlschema; ours must stay far below
    print(f"edition schemas (RNG + XSD + Schematron) loaded in {elapsed:.2f} s")
    assert elapsed < 3.0


def test_lxml_and_jing_agree_on_our_rng():
    # libxml2 has RELAX NG quirks (it once rejected listPerson/person); jing is the reference
    from teiencode import xmlsafe
    data = Path(__file__).parent / "data"
    files = [data / "sample.tei.xml", *sorted((data / "broken").glob("*.xml"))]
    parsed = {}
    for path in files:
        try:
            parsed[path] = xmlsafe.parse(path)
        except TeiencodeError:
            continue  # not XML that a grammar sees
    result = _jing(SCHEMAS / schemagen.RNG_NAME, *parsed)
    jing_invalid = {line.split(":", 1)[0] for line in result.stdout.splitlines() if ": error:" in line}
    rng = etree.RelaxNG(etree.parse(str(SCHEMAS / schemagen.RNG_NAME)))
    lxml_invalid = {str(path) for path, tree in parsed.items() if not rng.validate(tree)}
    assert lxml_invalid == jing_invalid
    assert str(data / "sample.tei.xml") not in lxml_invalid and len(lxml_invalid) >= 10
