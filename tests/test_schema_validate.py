"""Validation against the edition's RELAX NG, XSD and Schematron: valid TEI passes, broken TEI names its rule."""
from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from lxml import etree

from teiencode import validate, xmlsafe
from teiencode.diagnostics import ValidationError

DATA = Path(__file__).parent / "data"
SAMPLE = DATA / "sample.tei.xml"
BROKEN = DATA / "broken"


def _manifest() -> list[tuple[str, set[str]]]:
    cases = []
    for line in (BROKEN / "MANIFEST").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, *codes = line.split()
            cases.append((name, set(codes)))
    return cases


CASES = _manifest()


@pytest.fixture(scope="module")
def schemas() -> validate.Schemas:
    return validate.load_schemas()


def test_sample_is_valid(schemas):
    assert list(validate.iter_diagnostics(SAMPLE, schemas=schemas)) == []
    assert validate.is_valid(SAMPLE, schemas=schemas)
    validate.validate(SAMPLE, schemas=schemas)


def test_manifest_covers_every_broken_file():
    listed = {name for name, _ in CASES}
    on_disk = {p.name for p in BROKEN.glob("*.xml")}
    assert listed == on_disk
    assert len(listed) >= 10


@pytest.mark.parametrize("name,expected", CASES, ids=[name for name, _ in CASES])
def test_broken_variant_names_its_rule(schemas, name, expected):
    diagnostics = list(validate.iter_diagnostics(BROKEN / name, schemas=schemas))
    codes = {d.code for d in diagnostics}
    assert expected <= codes, "\n".join(map(str, diagnostics))
    # no Schematron rule fires that the break does not concern
    assert {c for c in codes if c.startswith("sch:")} == {c for c in expected if c.startswith("sch:")}
    assert not validate.is_valid(BROKEN / name, schemas=schemas)
    for diag in diagnostics:
        assert diag.level == "error" and diag.path == str(BROKEN / name)
        assert diag.line >= 1 and diag.col >= 1 and diag.message


def _broken_line(name: str, needle: str) -> tuple[int, int]:
    for number, line in enumerate((BROKEN / name).read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return number, line.index(needle) + 1
    raise AssertionError(needle)


@pytest.mark.parametrize("name,code,needle", [
    ("dangling-corresp.tei.xml", "sch:corresp-resolves", '<p xml:id="t.3"'),
    ("undeclared-hand.tei.xml", "sch:hand-declared", '<add hand="#hand-7"'),
    ("unknown-note-type.tei.xml", "sch:note-type", '<note type="comment"'),
    ("unknown-note-type.tei.xml", "xsd", '<note type="comment"'),
    ("bad-fw-type.tei.xml", "sch:fw-type", '<fw type="catchword"'),
    ("non-iso-date.tei.xml", "sch:iso-date", "<origDate"),
])
def test_diagnostic_points_at_the_element(schemas, name, code, needle):
    found = [d for d in validate.iter_diagnostics(BROKEN / name, schemas=schemas) if d.code == code]
    assert found
    assert (found[0].line, found[0].col) == _broken_line(name, needle)


def test_validate_raises_the_first_problem(schemas):
    with pytest.raises(ValidationError) as info:
        validate.validate(BROKEN / "undeclared-hand.tei.xml", schemas=schemas)
    assert info.value.diagnostic.code == "sch:hand-declared"
    assert isinstance(info.value, ValueError)


def test_tree_input_gives_the_same_answer(schemas):
    tree = xmlsafe.parse(BROKEN / "bad-gap-reason.tei.xml")
    codes = {d.code for d in validate.iter_diagnostics(tree, schemas=schemas)}
    assert "sch:gap-reason" in codes and "rng" in codes


def test_missing_file_is_a_diagnostic(tmp_path, schemas):
    (diag,) = validate.iter_diagnostics(tmp_path / "nope.xml", schemas=schemas)
    assert diag.code == "file" and diag.path.endswith("nope.xml")


def test_text_and_json_reports(schemas):
    files = [SAMPLE, BROKEN / "bad-seg-type.tei.xml"]
    diagnostics = validate.validate_paths(files, schemas=schemas)
    text = validate.render_report(diagnostics, files)
    assert f"{BROKEN / 'bad-seg-type.tei.xml'}:" in text and "ERROR sch:seg-type: " in text
    report = json.loads(validate.render_report(diagnostics, files, fmt="json"))
    assert report["valid"] is False
    assert report["files"] == [{"path": str(SAMPLE), "valid": True},
                               {"path": str(BROKEN / "bad-seg-type.tei.xml"), "valid": False}]
    assert {"path", "line", "col", "code", "message", "level"} <= set(report["diagnostics"][0])
    valid_only = json.loads(validate.render_report([], [SAMPLE], fmt="json"))
    assert valid_only["valid"] is True


def test_directories_expand_to_their_xml_files():
    files = validate.expand_paths([BROKEN])
    assert len(files) == len(CASES) and all(f.suffix == ".xml" for f in files)


def test_build_never_leaves_invalid_tei_where_valid_tei_was(tmp_path, monkeypatch):
    """An encoder bug that breaks a pointer fails the document; the earlier valid file stays."""
    from teiencode import pipeline
    from teiencode.batch import build_many
    from teiencode.config import Config

    export = Path(__file__).parent.parent / "seeds" / "000_e67b3bb4a698350b.txt"
    out = tmp_path / "out"
    first = build_many([export], out, Config(), jobs=1)
    target = out / "000_e67b3bb4a698350b.tei.xml"
    assert not first.failed and target.is_file()
    valid = target.read_bytes()

    encode = pipeline.encode

    def dangling(doc, config):
        tree = encode(doc, config)
        tree.getroot().find(".//{http://www.tei-c.org/ns/1.0}p").set("corresp", "#nowhere")
        return tree

    monkeypatch.setattr(pipeline, "encode", dangling)
    second = build_many([export], out, Config(), jobs=1, force=True)
    assert second.failed
    assert "sch:corresp-resolves" in {d.code for r in second.results for d in r.diagnostics}
    assert target.read_bytes() == valid
    assert not [p.name for p in out.iterdir() if p.name.endswith(".tmp")]
def test_diagnostics_for_bytes_locates_columns(schemas):
    data = (BROKEN / "bad-fw-type.tei.xml").read_bytes()
    found = [d for d in validate.diagnostics_for_bytes(data, "out/x.tei.xml", schemas=schemas)
             if d.code == "sch:fw-type"]
    assert [(d.path, d.line, d.col) for d in found] == [("out/x.tei.xml", *_broken_line("bad-fw-type.tei.xml",
                                                                                          '<fw type="catchword"'))]


@pytest.mark.parametrize("name", ["../sample.tei.xml"] + [name for name, codes in CASES
                                                           if not codes & {"xml-syntax", "xml-entity"}])
def test_check_tree_reports_what_its_bytes_give(schemas, name):
    # the build checks the tree it serialized: same verdict and locations as parsing the bytes
    data = (BROKEN / name).read_bytes()
    built = etree.ElementTree(copy.deepcopy(xmlsafe.parse_bytes(data).getroot()))
    expected = validate.diagnostics_for_bytes(data, "out/x.tei.xml", schemas=schemas)
    assert validate.check_tree(built, data, "out/x.tei.xml", schemas=schemas) == expected
    assert bool(expected) == (name != "../sample.tei.xml")


def test_schematron_catches_what_grammar_allows(schemas):
    tree = xmlsafe.parse(BROKEN / "dangling-footnote.tei.xml")
    assert schemas.rng.validate(tree)
    assert not list(schemas.xsd.iter_errors(tree)) and schemas.sch.failures(tree)


def test_partial_original_leaves_translation_units_unlinked(schemas, tmp_path):
    # a translation paragraph without @corresp is fine: partial originals have no counterpart
    text = SAMPLE.read_text(encoding="utf-8").replace(' corresp="#o.3"', "", 1)
    text = text.replace(' corresp="#t.3"', "", 1).replace('<link target="#t.3 #o.3" cert="high"/>', "")
    path = tmp_path / "partial.tei.xml"
    path.write_text(text, encoding="utf-8")
    assert list(validate.iter_diagnostics(path, schemas=schemas)) == []


def test_cli_validate_when_wired(tmp_path):
    from click.testing import CliRunner
    from teiencode import cli
    if "validate" not in getattr(cli.main, "commands", {}):
        pytest.skip("`teiencode validate` is not wired in cli.py yet")
    runner = CliRunner()
    ok = runner.invoke(cli.main, ["validate", str(SAMPLE)])
    assert ok.exit_code == 0, ok.output
    bad = runner.invoke(cli.main, ["validate", "--format", "json", str(SAMPLE), str(BROKEN / "bad-seg-type.tei.xml")])
    assert bad.exit_code == 1
    assert json.loads(bad.output)["valid"] is False
