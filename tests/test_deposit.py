"""Deposit packages: BagIt bags, Dublin Core, METS and CMIF made from TEI builds."""
from __future__ import annotations

import copy
import datetime as dt
import hashlib
import importlib.util
import os
import shutil
import subprocess
import sys
import types
import zipfile
from pathlib import Path

import bagit
import pytest
from lxml import etree

from teiencode import deposit as dep
from teiencode.diagnostics import Diagnostic, InputError

HERE = Path(__file__).parent
DATA = HERE / "data" / "deposit"
SAMPLE_BUILD = DATA / "build"
SEED = HERE.parent / "seeds" / "000_e67b3bb4a698350b.txt"
TEI_ALL = Path(os.environ.get("TEI_ALL_RNG", HERE.parent.parent / "shared" / "tei" / "tei_all.rng"))

EPOCH = 1700000000
NS = {
    "tei": "http://www.tei-c.org/ns/1.0",
    "dc": "http://purl.org/dc/elements/1.1/",
    "oai_dc": "http://www.openarchives.org/OAI/2.0/oai_dc/",
    "mets": "http://www.loc.gov/METS/",
    "xlink": "http://www.w3.org/1999/xlink",
    "xsi": "http://www.w3.org/2001/XMLSchema-instance",
}
XSI_LOCATION = "{http://www.w3.org/2001/XMLSchema-instance}schemaLocation"
DCMES = {"title", "creator", "subject", "description", "publisher", "contributor", "date", "type",
         "format", "identifier", "source", "language", "relation", "coverage", "rights"}


class Config:
    """Stands in for teiencode.config.Config: deposit reads only these attributes."""

    publisher = "Config Publisher"
    pub_place = "Nowhere"
    licence = "CC BY 4.0"
    licence_url = "https://creativecommons.org/licenses/by/4.0/"
    base_url = "https://collection.example.net/docs/"
    editors = ["Config Editor"]
    source_organization = "Config Source Organization"


@pytest.fixture(autouse=True)
def _reproducible(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))


@pytest.fixture
def sample_build(tmp_path):
    """A copy of the hand-made build directory (TEI per docs/encoding.md plus HTML views)."""
    build = tmp_path / "build"
    shutil.copytree(SAMPLE_BUILD, build)
    return build


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory):
    """The seed built by the real converter (`teiencode build`), when it exists."""
    try:
        from click.testing import CliRunner
        from teiencode.cli import main
    except ImportError as exc:
        pytest.skip(f"converter CLI not importable yet ({exc}); the seed is covered by the sample TEI")
    out = tmp_path_factory.mktemp("seed-build")
    result = CliRunner().invoke(main, ["build", str(SEED), "-o", str(out)])
    assert result.exit_code == 0, f"`teiencode build` failed on the seed:\n{result.output}"
    assert list(out.glob("*.tei.xml")), f"`teiencode build` wrote no TEI:\n{result.output}"
    from teiencode.render import render_all
    for tei in out.glob("*.tei.xml"):
        if not list(out.glob(tei.name[: -len(".tei.xml")] + ".*.html")):
            render_all(tei, out)  # the views a full build writes beside the TEI
    return out


@pytest.fixture(params=["sample", "seed-build"])
def build_dir(request, tmp_path):
    """Each build directory the bag tests run on: the sample, then the real seed build."""
    if request.param == "sample":
        return request.getfixturevalue("sample_build")
    build = tmp_path / "seed"
    shutil.copytree(request.getfixturevalue("seed_build"), build)
    return build


def passing(path):
    """A validator with nothing to say, so the tests do not wait for the schemas."""
    return iter(())


def run(build, out, **kwargs):
    kwargs.setdefault("validator", passing)
    result = dep.deposit(build, out, **kwargs)
    assert not result.refused, [str(d) for d in result.diagnostics]
    return result


def payload_names(build, doc_id):
    return sorted(p.name for p in build.iterdir() if p.name.startswith(doc_id + ".")
                  and (p.name.endswith(".tei.xml") or p.name.endswith(".html")))


def norm(text):
    return " ".join(text.split())


def words(element):
    """An element's text, with a line break counted as a space between words."""
    element = copy.deepcopy(element)
    for lb in element.iter(f"{{{NS['tei']}}}lb"):
        lb.tail = " " + (lb.tail or "")
    return norm("".join(element.itertext()))


def texts(tree, xpath):
    return [words(n) if isinstance(n, etree._Element) else norm(n) for n in tree.xpath(xpath, namespaces=NS)]


# --- bags ---------------------------------------------------------------------

def test_every_bag_validates_with_bagit(build_dir, tmp_path):
    result = run(build_dir, tmp_path / "out")
    assert len(result.bags) == len(list(build_dir.glob("*.tei.xml")))
    for bag_path in result.bags:
        bag = bagit.Bag(str(bag_path))
        bag.validate()  # raises BagValidationError on any mismatch
        assert sorted(bag.algorithms) == ["sha256", "sha512"]
        payload = sorted(Path(p).name for p in bag.payload_files())
        assert payload == payload_names(build_dir, bag_path.name)
        # the metadata records are tag files, covered by both tag manifests
        for alg in ("sha256", "sha512"):
            listed = (bag_path / f"tagmanifest-{alg}.txt").read_text().split()
            assert "dc.xml" in listed and "mets.xml" in listed


def test_one_changed_payload_byte_fails_validation(build_dir, tmp_path):
    bag_path = run(build_dir, tmp_path / "out").bags[0]
    tei = next((bag_path / "data").glob("*.tei.xml"))
    raw = bytearray(tei.read_bytes())
    raw[len(raw) // 2] ^= 0x01  # same size: only the checksums can notice
    tei.write_bytes(bytes(raw))
    with pytest.raises(bagit.BagValidationError):
        bagit.Bag(str(bag_path)).validate()


def test_one_changed_tag_file_byte_fails_validation(sample_build, tmp_path):
    bag_path = run(sample_build, tmp_path / "out").bags[0]
    mets = bag_path / "mets.xml"
    mets.write_bytes(mets.read_bytes().replace(b"SHA-256", b"SHA-257", 1))
    with pytest.raises(bagit.BagValidationError):
        bagit.Bag(str(bag_path)).validate()


def test_bag_info_fields(build_dir, tmp_path):
    for bag_path in run(build_dir, tmp_path / "out", config=Config()).bags:
        tei = etree.parse(str(build_dir / f"{bag_path.name}.tei.xml"))
        info = bagit.Bag(str(bag_path)).info
        assert info["Source-Organization"] == Config.source_organization
        assert info["External-Identifier"] == texts(tei, "//tei:publicationStmt/tei:idno[@type='URI']")[0]
        assert info["Bagging-Date"] == dt.datetime.fromtimestamp(EPOCH, dt.timezone.utc).date().isoformat()
        payload = [build_dir / name for name in payload_names(build_dir, bag_path.name)]
        assert info["Payload-Oxum"] == f"{sum(p.stat().st_size for p in payload)}.{len(payload)}"
        assert info["Title"] == texts(tei, "//tei:titleStmt/tei:title")[0]
        orig = tei.find(".//tei:origDate", NS)
        assert info["Date"] == (orig.get("when") or f"{orig.get('notBefore')}/{orig.get('notAfter')}")


def test_source_organization_falls_back_to_the_tei_publisher(sample_build, tmp_path):
    bag_path = run(sample_build, tmp_path / "out").bags[0]
    tei = etree.parse(str(sample_build / f"{bag_path.name}.tei.xml"))
    assert bagit.Bag(str(bag_path)).info["Source-Organization"] == texts(tei, "//tei:publisher")[0]


def test_deposit_is_reproducible_and_replaces_old_bags(sample_build, tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    run(sample_build, first)
    run(sample_build, second)
    run(sample_build, second)  # again, over the existing bags

    def snapshot(root):
        return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}

    assert snapshot(first) == snapshot(second)
    assert not [p for p in second.iterdir() if p.name.startswith(".")], "temporary directories left behind"


def test_zip_writes_one_archive_per_bag(sample_build, tmp_path):
    result = run(sample_build, tmp_path / "out", zip=True)
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(
        f"{p.name[:-len('.tei.xml')]}.zip" for p in sample_build.glob("*.tei.xml"))
    again = run(sample_build, tmp_path / "again", zip=True)
    for archive, twin in zip(result.bags, again.bags):
        assert archive.read_bytes() == twin.read_bytes()
        with zipfile.ZipFile(archive) as zf:
            assert {name.split("/")[0] for name in zf.namelist()} == {archive.stem}
            zf.extractall(tmp_path / "unzipped")
        bagit.Bag(str(tmp_path / "unzipped" / archive.stem)).validate()


# --- refusal ------------------------------------------------------------------

def test_refuses_a_document_that_is_not_well_formed(sample_build, tmp_path):
    broken = sample_build / "broken.tei.xml"
    broken.write_text('<?xml version="1.0"?>\n<TEI xmlns="http://www.tei-c.org/ns/1.0">\n  <teiHeader>\n</TEI>\n')
    out = tmp_path / "out"
    result = dep.deposit(sample_build, out, validator=dep.well_formed_diagnostics)
    assert list(result.refused) == [broken]
    codes = [d.code for d in result.refused[broken]]
    assert codes[-1] == "E-DEPOSIT-REFUSED" and len(codes) == 2
    first = result.refused[broken][0]
    assert (first.path, first.line) == (str(broken), 4)
    assert str(first).startswith(f"{broken}:4:")
    assert not (out / "broken").exists()
    assert len(result.bags) == len(list(sample_build.glob("*.tei.xml"))) - 1
    assert not [p for p in out.iterdir() if p.name.startswith(".")]


def test_default_validator_refuses_a_document_that_is_not_well_formed(sample_build, tmp_path):
    (sample_build / "broken.tei.xml").write_text("<TEI xmlns='http://www.tei-c.org/ns/1.0'>")
    result = dep.deposit(sample_build, tmp_path / "out")
    assert list(result.refused) == [sample_build / "broken.tei.xml"]
    assert not result.ok
    assert len(result.bags) == len(list(sample_build.glob("*.tei.xml"))) - 1  # the samples pass


def test_refuses_what_the_validator_calls_an_error_and_keeps_its_words(sample_build, tmp_path):
    target = sample_build / "partial.tei.xml"
    error = Diagnostic("error", "E-SCHEMA", "element foo not allowed here", str(target), 12, 7)
    warning = Diagnostic("warning", "W-STYLE", "only a warning", "x", 1, 1)

    def validator(path):
        return [error] if path == target else [warning]

    result = dep.deposit(sample_build, tmp_path / "out", validator=validator)
    assert list(result.refused) == [target]
    assert result.refused[target][0] is error
    assert result.refused[target][-1].code == "E-DEPOSIT-REFUSED"
    assert [b.name for b in result.bags] == ["000_e67b3bb4a698350b"]


def test_not_a_tei_root_is_refused_by_the_fallback(tmp_path):
    path = tmp_path / "x.tei.xml"
    path.write_text("<html/>")
    assert [d.code for d in dep.well_formed_diagnostics(path)] == ["E-NOT-TEI"]


def test_validate_module_is_used_when_present(monkeypatch):
    fake = types.ModuleType("teiencode.validate")
    fake.iter_diagnostics = lambda path: iter(())
    monkeypatch.setitem(sys.modules, "teiencode.validate", fake)
    assert dep.default_validator() is fake.iter_diagnostics
    monkeypatch.setitem(sys.modules, "teiencode.validate", None)  # as if the module did not exist
    assert dep.default_validator() is dep.well_formed_diagnostics


def test_missing_build_directory_is_a_diagnostic(tmp_path):
    with pytest.raises(InputError) as info:
        dep.deposit(tmp_path / "nope", tmp_path / "out")
    assert info.value.diagnostic.code == "E-DEPOSIT-NO-BUILD"
    assert info.value.diagnostic.path == str(tmp_path / "nope")


def test_bad_source_date_epoch_is_a_diagnostic(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    with pytest.raises(InputError) as info:
        dep.deposit_time()
    assert info.value.diagnostic.code == "E-SOURCE-DATE-EPOCH"


# --- Dublin Core ----------------------------------------------------------------

def dc_values(dc, name):
    return texts(dc, f"/oai_dc:dc/dc:{name}")


def expected_date(tei):
    node = (tei.xpath("//tei:history/tei:origin/tei:origDate", namespaces=NS)
            or tei.xpath("//tei:correspAction[@type='sent']/tei:date", namespaces=NS))[0]
    return node.get("when") or f"{node.get('notBefore')}/{node.get('notAfter')}"


def test_dublin_core_matches_the_tei_header(build_dir, tmp_path):
    for bag_path in run(build_dir, tmp_path / "out").bags:
        tei = etree.parse(str(build_dir / f"{bag_path.name}.tei.xml"))
        dc = etree.parse(str(bag_path / "dc.xml"))
        main_title = texts(tei, "//tei:titleStmt/tei:title[@type='main']") or texts(tei, "//tei:titleStmt/tei:title")
        assert dc_values(dc, "title") == main_title[:1]
        assert dc_values(dc, "date") == [expected_date(tei)]
        assert dc_values(dc, "language") == texts(tei, "//tei:langUsage/tei:language/@ident")
        senders = texts(tei, "//tei:correspAction[@type='sent']/*[self::tei:persName or self::tei:orgName]")
        assert dc_values(dc, "creator") == (senders or texts(tei, "//tei:titleStmt/tei:author"))
        translators = texts(tei, "//tei:titleStmt/tei:respStmt/tei:persName[@xml:id='translator']")
        editors = texts(tei, "//tei:titleStmt/tei:editor")
        assert dc_values(dc, "contributor") == translators + editors
        assert dc_values(dc, "description") == [" ".join(texts(tei, "//tei:abstract/tei:p"))][: len(texts(tei, "//tei:abstract"))]
        citation = texts(tei, "//tei:sourceDesc/tei:bibl[@type='citation']")
        if citation:
            assert dc_values(dc, "source") == citation
        else:
            ident = texts(tei, "//tei:msIdentifier/*[self::tei:institution or self::tei:repository"
                               " or self::tei:collection or self::tei:idno]")
            assert dc_values(dc, "source") == [", ".join(ident)]
        assert dc_values(dc, "identifier") == (texts(tei, "//tei:publicationStmt/tei:idno[@type='URI']")
                                              + texts(tei, "//tei:publicationStmt/tei:idno[@type='local']"))


def test_dublin_core_of_the_sample_seed(sample_build):
    # Literal values, in case the TEI and the stylesheet drift in the same direction.
    dc = dep.dublin_core(etree.parse(str(sample_build / "000_e67b3bb4a698350b.tei.xml")))
    assert dc_values(dc, "contributor")[0] == "Gary Goldberg"
    assert dc_values(dc, "creator") == ["Shtykov"]
    assert dc_values(dc, "date") == ["1950-05-30"]
    assert dc_values(dc, "language") == ["ru", "en"]
    assert dc_values(dc, "source")[0].startswith('"Cable Nos. 408-410')
    assert dc_values(dc, "source")[0].endswith("Gary Goldberg. https://digitalarchive.umd.edu/document/114908")
    assert dc_values(dc, "relation") == ["https://digitalarchive.umd.edu/document/114908"]
    partial = dep.dublin_core(etree.parse(str(sample_build / "partial.tei.xml")))
    assert dc_values(partial, "date") == ["1962-01-01/1962-12-31"]
    assert dc_values(partial, "creator") == [] and dc_values(partial, "description") == []


def test_dublin_core_record_has_the_oai_dc_shape(build_dir, tmp_path):
    for bag_path in run(build_dir, tmp_path / "out").bags:
        root = etree.parse(str(bag_path / "dc.xml")).getroot()
        assert root.tag == f"{{{NS['oai_dc']}}}dc"
        assert root.nsmap.get("dc") == NS["dc"] and root.nsmap.get("oai_dc") == NS["oai_dc"]
        assert root.get(XSI_LOCATION).split() == [NS["oai_dc"], "http://www.openarchives.org/OAI/2.0/oai_dc.xsd"]
        assert len(root)
        for child in root:
            qname = etree.QName(child)
            assert qname.namespace == NS["dc"] and qname.localname in DCMES, child.tag
            assert len(child) == 0 and not child.attrib and (child.text or "").strip()
        for required in ("title", "identifier", "date", "language", "type", "format"):
            assert root.find(f"dc:{required}", NS) is not None, required


# --- METS ------------------------------------------------------------------------

def test_mets_file_section_lists_every_payload_file_with_its_checksum(build_dir, tmp_path):
    for bag_path in run(build_dir, tmp_path / "out").bags:
        mets = etree.parse(str(bag_path / "mets.xml"))
        files = mets.findall(".//mets:fileSec/mets:fileGrp/mets:file", NS)
        payload = sorted(p.relative_to(bag_path).as_posix() for p in (bag_path / "data").rglob("*") if p.is_file())
        hrefs = [f.find("mets:FLocat", NS).get(f"{{{NS['xlink']}}}href") for f in files]
        assert sorted(hrefs) == payload
        for file, href in zip(files, hrefs):
            data = (bag_path / href).read_bytes()
            assert file.get("CHECKSUMTYPE") == "SHA-256"
            assert file.get("CHECKSUM") == hashlib.sha256(data).hexdigest()
            assert file.get("SIZE") == str(len(data))
            assert file.get("MIMETYPE") == ("application/tei+xml" if href.endswith(".tei.xml") else "text/html")
        ids = [f.get("ID") for f in files]
        assert len(set(ids)) == len(ids)
        assert sorted(mets.xpath("//mets:structMap//mets:fptr/@FILEID", namespaces=NS)) == sorted(ids)


def test_mets_carries_the_required_elements(build_dir, tmp_path):
    for bag_path in run(build_dir, tmp_path / "out", config=Config()).bags:
        tei = etree.parse(str(build_dir / f"{bag_path.name}.tei.xml"))
        root = etree.parse(str(bag_path / "mets.xml")).getroot()
        assert root.tag == f"{{{NS['mets']}}}mets"
        assert root.get("OBJID") == texts(tei, "//tei:publicationStmt/tei:idno[@type='URI']")[0]
        location = root.get(XSI_LOCATION).split()
        assert location[:2] == [NS["mets"], "http://www.loc.gov/standards/mets/mets.xsd"]
        hdr = root.find("mets:metsHdr", NS)
        assert hdr.get("CREATEDATE") == dt.datetime.fromtimestamp(EPOCH, dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        assert Config.source_organization in texts(hdr, "mets:agent[@ROLE='CREATOR']/mets:name")
        wraps = {w.get("MDTYPE"): w for w in root.findall("mets:dmdSec/mets:mdWrap", NS)}
        assert set(wraps) == {"TEIHDR", "DC"}
        header = wraps["TEIHDR"].find("mets:xmlData/tei:teiHeader", NS)
        original = tei.find("tei:teiHeader", NS)
        assert etree.tostring(header, method="c14n", exclusive=True) == \
            etree.tostring(original, method="c14n", exclusive=True)
        dc = wraps["DC"].find("mets:xmlData/oai_dc:dc", NS)
        record = etree.parse(str(bag_path / "dc.xml")).getroot()
        assert [(c.tag, c.text) for c in dc] == [(c.tag, c.text) for c in record]
        assert root.findall("mets:fileSec/mets:fileGrp/mets:file/mets:FLocat[@LOCTYPE='URL']", NS)
        div = root.find("mets:structMap/mets:div", NS)
        dmd_ids = {s.get("ID") for s in root.findall("mets:dmdSec", NS)}
        assert set(div.get("DMDID").split()) == dmd_ids


def official_mets_schema():
    """The METS schema shipped by the PyPI package metsrw, its XLink import pointed at a local file."""
    spec = importlib.util.find_spec("metsrw")
    if spec is None:
        pytest.skip("metsrw (ships the official mets.xsd) is not installed: `pip install metsrw`")
    xsd = Path(spec.submodule_search_locations[0]) / "resources" / "mets.xsd"
    doc = etree.parse(str(xsd))
    for imp in doc.iter("{http://www.w3.org/2001/XMLSchema}import"):
        if imp.get("namespace") == NS["xlink"]:
            imp.set("schemaLocation", (DATA / "xlink.xsd").resolve().as_uri())
    return etree.XMLSchema(doc)


def test_mets_is_valid_against_the_official_schema(build_dir, tmp_path):
    schema = official_mets_schema()
    bags = run(build_dir, tmp_path / "out").bags
    for bag_path in bags:
        mets = etree.parse(str(bag_path / "mets.xml"))
        assert schema.validate(mets), schema.error_log
    # the schema does bite: an unknown checksum type is rejected
    mets = etree.parse(str(bags[0] / "mets.xml"))
    mets.find(".//mets:file", NS).set("CHECKSUMTYPE", "SHA256")
    assert not schema.validate(mets)


# --- CMIF ------------------------------------------------------------------------

def test_cmif_lists_the_correspondence_of_the_collection(sample_build, tmp_path):
    result = run(sample_build, tmp_path / "out", cmif=True, config=Config())
    cmif = etree.parse(str(result.cmif))
    teis = [etree.parse(str(p)) for p in sorted(sample_build.glob("*.tei.xml"))]
    letters = [t for t in teis if t.find(".//tei:correspDesc", NS) is not None]
    corresp = cmif.findall(".//tei:profileDesc/tei:correspDesc", NS)
    assert len(corresp) == len(letters) and letters
    bibl_id = cmif.find(".//tei:sourceDesc/tei:bibl", NS).get("{http://www.w3.org/XML/1998/namespace}id")
    for letter, entry in zip(letters, corresp):
        assert entry.get("ref") == texts(letter, "//tei:publicationStmt/tei:idno[@type='URI']")[0]
        assert entry.get("source") == f"#{bibl_id}"
        for kind in ("sent", "received"):
            names = f"correspAction[@type='{kind}']/*[self::tei:persName or self::tei:orgName]"
            assert texts(entry, "tei:" + names) == (texts(letter, "//tei:" + names) or ["Unknown"])
        assert texts(entry, "tei:correspAction[@type='sent']/tei:placeName") == \
            texts(letter, "//tei:correspAction[@type='sent']/tei:placeName")
        assert entry.xpath("tei:correspAction/tei:date/@when", namespaces=NS) == \
            letter.xpath("//tei:correspAction/tei:date/@when", namespaces=NS)
    assert cmif.find(".//tei:licence", NS).get("target") == "https://creativecommons.org/licenses/by/4.0/"
    assert texts(cmif, "//tei:publicationStmt/tei:idno[@type='url']") == ["https://collection.example.net/docs/cmif.xml"]
    assert texts(cmif, "//tei:titleStmt/tei:editor") == Config.editors
    assert cmif.find(".//tei:sourceDesc/tei:bibl", NS).get("type") == "online"


def test_cmif_fills_a_missing_addressee_and_drops_non_cmif_dates():
    tei = etree.fromstring(
        '<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><profileDesc><correspDesc>'
        '<correspAction type="sent"><persName ref="local-1">A. Sender</persName>'
        '<date when="1950-05-30T10:00:00"/><date notBefore="1950-05"/></correspAction>'
        '</correspDesc></profileDesc></teiHeader></TEI>').getroottree()
    cmif = dep.cmif_document([tei])
    entry = cmif.find(".//tei:correspDesc", NS)
    sent = entry.find("tei:correspAction[@type='sent']", NS)
    assert texts(sent, "tei:persName") == ["A. Sender"] and sent.find("tei:persName", NS).get("ref") is None
    assert [dict(d.attrib) for d in sent.findall("tei:date", NS)] == [{"notBefore": "1950-05"}]
    assert texts(entry, "tei:correspAction[@type='received']/tei:persName") == ["Unknown"]


def jing(path):
    if shutil.which("jing") is None:
        pytest.skip("jing is not installed (Debian package jing)")
    if not TEI_ALL.is_file():
        pytest.skip(f"tei_all.rng not found at {TEI_ALL} (set TEI_ALL_RNG)")
    return subprocess.run(["jing", str(TEI_ALL), *map(str, path)], capture_output=True, text=True)


@pytest.mark.tei_all
def test_cmif_and_sample_tei_are_valid_tei_all(sample_build, tmp_path):
    result = run(sample_build, tmp_path / "out", cmif=True)
    checked = jing([result.cmif, *sorted(sample_build.glob("*.tei.xml"))])
    assert checked.returncode == 0, checked.stdout + checked.stderr
