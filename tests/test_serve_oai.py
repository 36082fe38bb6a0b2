"""teiencode serve, OAI-PMH 2.0: a real harvester over the built corpus, the official XSD, every error."""
from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
from pathlib import Path

import pytest
from lxml import etree

from conftest import FIXTURES
from serve_support import NS, assert_valid, build, corpus_paths, live_server, oai_schema

starlette = pytest.importorskip("starlette", reason="teiencode serve needs starlette: pip install starlette")
from starlette.testclient import TestClient  # noqa: E402

from teiencode.batch import MANIFEST_NAME  # noqa: E402
from teiencode.config import Config  # noqa: E402
from teiencode.deposit import dublin_core  # noqa: E402
from teiencode.serve import create_app  # noqa: E402

PREFIXES = ("oai_dc", "tei", "mets")
REPO = "example.org"  # the default base_url's host names the OAI identifiers


@pytest.fixture(scope="module")
def corpus_build(tmp_path_factory):
    return build(corpus_paths(), tmp_path_factory.mktemp("oai-corpus"))


@pytest.fixture(scope="module")
def schema(tmp_path_factory):
    return oai_schema(tmp_path_factory.mktemp("oai-schema"))


@pytest.fixture(scope="module")
def client(corpus_build):
    return TestClient(create_app(corpus_build, config=Config(), page_size=5))


def built_ids(build_dir: Path) -> set[str]:
    manifest = json.loads((build_dir / MANIFEST_NAME).read_text(encoding="utf-8"))
    return set(manifest["documents"])


def oai(client, **params) -> bytes:
    response = client.get("/oai", params=params)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/xml")
    return response.content


def error_code(body: bytes) -> str | None:
    error = etree.fromstring(body).find("oai:error", NS)
    return error.get("code") if error is not None else None


def walk(client, schema, verb: str, **params) -> list[etree._Element]:
    """Every page of a list request, each checked against the schema; the roots."""
    roots = [assert_valid(schema, oai(client, verb=verb, **params))]
    while (token := roots[-1].findtext(f"oai:{verb}/oai:resumptionToken", namespaces=NS)):
        roots.append(assert_valid(schema, oai(client, verb=verb, resumptionToken=token)))
    return roots


# --- a real harvester ----------------------------------------------------------------------------

@pytest.mark.parametrize("prefix", PREFIXES)
def test_sickle_harvests_every_record_once_across_resumption_tokens(corpus_build, schema, prefix):
    sickle = pytest.importorskip("sickle", reason="the OAI-PMH harvester sickle is not installed: pip install sickle")
    responses = []
    app = create_app(corpus_build, config=Config(), page_size=4)
    with live_server(app) as url:
        harvester = sickle.Sickle(f"{url}/oai", max_retries=0, timeout=10,
                                  hooks={"response": [lambda r, *a, **k: responses.append(r.content)]})
        records = list(harvester.ListRecords(metadataPrefix=prefix, ignore_deleted=False))
        headers = list(harvester.ListIdentifiers(metadataPrefix=prefix, ignore_deleted=False))
    identifiers = [r.header.identifier for r in records]
    expected = {f"oai:{REPO}:{doc_id}" for doc_id in built_ids(corpus_build)}
    assert len(identifiers) == len(set(identifiers)), "a record came twice"
    assert set(identifiers) == expected
    assert sorted(h.identifier for h in headers) == sorted(identifiers)
    # oai_dc records come four a page; a tei or mets record alone (its xml:ids must be unique in a response).
    record_pages = -(-len(expected) // 4) if prefix == "oai_dc" else len(expected)
    assert len(responses) == record_pages + -(-len(expected) // 4), "the harvest did not go across resumption tokens"
    for body in responses:
        assert_valid(schema, body)
    for record in records:
        metadata = record.xml.find("oai:metadata", NS)
        assert metadata is not None and len(metadata) == 1
        namespace = etree.QName(metadata[0]).namespace
        assert namespace == {"oai_dc": NS["oai_dc"], "tei": NS["t"], "mets": NS["mets"]}[prefix]


# --- responses against the official schema -------------------------------------------------------

def test_every_verb_answers_valid_oai_pmh(client, schema):
    ident = f"oai:{REPO}:000_e67b3bb4a698350b"
    identify = assert_valid(schema, oai(client, verb="Identify"))
    assert identify.findtext("oai:Identify/oai:deletedRecord", namespaces=NS) == "transient"
    assert identify.findtext("oai:Identify/oai:baseURL", namespaces=NS) == "http://testserver/oai"
    formats = assert_valid(schema, oai(client, verb="ListMetadataFormats"))
    assert formats.xpath("//oai:metadataPrefix/text()", namespaces=NS) == list(PREFIXES)
    assert_valid(schema, oai(client, verb="ListMetadataFormats", identifier=ident))
    sets = walk(client, schema, "ListSets")
    specs = [s for root in sets for s in root.xpath("//oai:setSpec/text()", namespaces=NS)]
    assert len(specs) == len(set(specs)) and {"year", "language", "genre", "language:ru", "year:1950"} <= set(specs)
    for prefix in PREFIXES:
        assert_valid(schema, oai(client, verb="GetRecord", identifier=ident, metadataPrefix=prefix))
        walk(client, schema, "ListRecords", metadataPrefix=prefix, set="language:ru")
    walk(client, schema, "ListIdentifiers", metadataPrefix="oai_dc", set="year", **{"from": "2000-01-01"})


def test_post_requests_are_answered_like_get(client):
    got = client.post("/oai", data={"verb": "ListIdentifiers", "metadataPrefix": "tei"})
    same = oai(client, verb="ListIdentifiers", metadataPrefix="tei")
    strip = re.compile(rb"<responseDate>[^<]*</responseDate>")
    assert strip.sub(b"", got.content) == strip.sub(b"", same)


def test_oai_dc_is_the_deposit_crosswalk(client, corpus_build):
    tei = corpus_build / "000_e67b3bb4a698350b.tei.xml"
    root = etree.fromstring(oai(client, verb="GetRecord", identifier=f"oai:{REPO}:000_e67b3bb4a698350b",
                                metadataPrefix="oai_dc"))
    served = root.find(".//oai:metadata/oai_dc:dc", NS)
    expected = dublin_core(etree.parse(str(tei))).getroot()
    assert etree.tostring(served, method="c14n", exclusive=True) == etree.tostring(expected, method="c14n", exclusive=True)


def test_tei_record_is_the_built_file_byte_for_byte(client, corpus_build):
    for tei in sorted(corpus_build.glob("*.tei.xml"))[:5]:
        doc_id = tei.name[: -len(".tei.xml")]
        body = oai(client, verb="GetRecord", identifier=f"oai:{REPO}:{doc_id}", metadataPrefix="tei")
        data = tei.read_bytes()
        assert data.startswith(b"<?xml")
        content = data[data.index(b"?>") + 2:].strip()
        assert b"<metadata>\n" + content + b"\n</metadata>" in body


def test_mets_lists_the_files_with_their_checksums(client, corpus_build):
    import hashlib
    root = etree.fromstring(oai(client, verb="GetRecord", identifier=f"oai:{REPO}:000_e67b3bb4a698350b",
                                metadataPrefix="mets"))
    files = root.findall(".//mets:fileSec//mets:file", NS)
    sums = {f.find("mets:FLocat", NS).get("{http://www.w3.org/1999/xlink}href").rsplit("/", 1)[-1]: f.get("CHECKSUM")
            for f in files}
    on_disk = {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
               for p in corpus_build.glob("000_e67b3bb4a698350b.*") if p.suffix in (".xml", ".html")}
    assert sums == on_disk


# --- sets, dates -----------------------------------------------------------------------------------

def listed(client, schema, **params) -> set[str]:
    roots = walk(client, schema, "ListIdentifiers", metadataPrefix="oai_dc", **params)
    if error_code(etree.tostring(roots[0])) == "noRecordsMatch":
        return set()
    return {i.rsplit(":", 1)[-1] for root in roots for i in root.xpath("//oai:identifier/text()", namespaces=NS)}


def test_sets_select_by_year_original_language_and_genre(client, schema, corpus_build):
    facts = {}
    for tei in corpus_build.glob("*.tei.xml"):
        t = etree.parse(str(tei))
        facts[tei.name[: -len(".tei.xml")]] = (
            t.xpath("string(//t:origDate/@when | //t:origDate/@notBefore)", namespaces=NS)[:4],
            t.xpath("string(//t:msContents/t:textLang/@mainLang)", namespaces=NS),
            t.xpath("normalize-space(//t:titleStmt/t:title[@type='main'])", namespaces=NS))
    assert listed(client, schema, set="year:1950") == {k for k, (y, _, _) in facts.items() if y == "1950"}
    assert listed(client, schema, set="language:ru") == {k for k, (_, lang, _) in facts.items() if lang == "ru"}
    telegrams = {k for k, (_, _, title) in facts.items() if re.match(r"Telegram(,| from )", title)}
    assert telegrams and listed(client, schema, set="genre:telegram") == telegrams
    assert listed(client, schema, set="year") == set(facts)


@pytest.fixture
def dated_build(tmp_path):
    """Three of our own exports built, their files dated 2020-01-01, 2021-06-15 12:00 and 2024-03-01 UTC."""
    exports = tmp_path / "exports"
    exports.mkdir()
    for name in ("letter.txt", "conversation.txt", "no_original.txt"):
        shutil.copy(FIXTURES / name, exports / name)
    out = build([exports], tmp_path / "build")
    stamps = {"letter": "2020-01-01T00:00:00", "conversation": "2021-06-15T12:00:00", "no_original": "2024-03-01T00:00:00"}
    for doc_id, when in stamps.items():
        t = dt.datetime.fromisoformat(when).replace(tzinfo=dt.timezone.utc).timestamp()
        for f in out.glob(f"{doc_id}.*"):
            os.utime(f, (t, t))
    return out, exports


def test_from_and_until_select_by_datestamp(dated_build, schema):
    out, _ = dated_build
    client = TestClient(create_app(out, config=Config(), page_size=2))
    assert listed(client, schema, **{"from": "2021-01-01", "until": "2021-12-31"}) == {"conversation"}
    assert listed(client, schema, until="2020-01-01") == {"letter"}  # a day: the whole day
    assert listed(client, schema, **{"from": "2021-06-15T12:00:00Z"}) == {"conversation", "no_original"}
    assert listed(client, schema, until="2021-06-15T11:59:59Z") == {"letter"}
    identify = etree.fromstring(oai(client, verb="Identify"))
    assert identify.findtext(".//oai:earliestDatestamp", namespaces=NS) == "2020-01-01T00:00:00Z"


# --- deletions -------------------------------------------------------------------------------------

def test_an_export_gone_from_the_collection_is_a_deleted_record(dated_build, schema):
    out, exports = dated_build
    (exports / "letter.txt").unlink()
    client = TestClient(create_app(out, config=Config(), page_size=2))
    roots = walk(client, schema, "ListIdentifiers", metadataPrefix="tei")
    status = {h.findtext("oai:identifier", namespaces=NS).rsplit(":", 1)[-1]: h.get("status")
              for root in roots for h in root.iterfind(".//oai:header", NS)}
    assert status == {"letter": "deleted", "conversation": None, "no_original": None}
    record = assert_valid(schema, oai(client, verb="GetRecord", identifier=f"oai:{REPO}:letter", metadataPrefix="tei"))
    header = record.find(".//oai:record/oai:header", NS)
    assert header.get("status") == "deleted" and record.find(".//oai:metadata", NS) is None
    # Its datestamp is the deletion's (the folder changed then), so an incremental harvest sees it.
    stamp = header.findtext("oai:datestamp", namespaces=NS)
    assert stamp >= dt.datetime.fromtimestamp(exports.stat().st_mtime, dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def test_a_build_copied_without_its_exports_deletes_nothing(dated_build, schema, tmp_path):
    out, exports = dated_build
    shutil.rmtree(exports)  # the collection is not on this machine: nothing can be said gone
    client = TestClient(create_app(out, config=Config()))
    body = oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc")
    assert b'status="deleted"' not in body and body.count(b"<header>") == 3


# --- errors ----------------------------------------------------------------------------------------

ERRORS = [
    ("badVerb", {}),
    ("badVerb", {"verb": "Harvest"}),
    ("badVerb", {"verb": ["Identify", "Identify"]}),
    ("badArgument", {"verb": "Identify", "metadataPrefix": "oai_dc"}),
    ("badArgument", {"verb": "GetRecord", "metadataPrefix": "oai_dc"}),
    ("badArgument", {"verb": "ListRecords"}),
    ("badArgument", {"verb": "ListRecords", "metadataPrefix": ["oai_dc", "tei"]}),
    ("badArgument", {"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2020-13-01"}),
    ("badArgument", {"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "yesterday"}),
    ("badArgument", {"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2021-01-01", "until": "2020-01-01"}),
    ("badArgument", {"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2021-01-01", "until": "2022-01-01T00:00:00Z"}),
    ("badArgument", {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc", "set": "a::b"}),
    ("badArgument", {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc", "resumptionToken": "x"}),
    ("badResumptionToken", {"verb": "ListIdentifiers", "resumptionToken": "not-a-token"}),
    ("badResumptionToken", {"verb": "ListSets", "resumptionToken": "WyJMaXN0UmVjb3JkcyJd"}),
    ("cannotDisseminateFormat", {"verb": "ListRecords", "metadataPrefix": "marc21"}),
    ("cannotDisseminateFormat", {"verb": "GetRecord", "metadataPrefix": "marc21", "identifier": f"oai:{REPO}:000_e67b3bb4a698350b"}),
    ("idDoesNotExist", {"verb": "GetRecord", "metadataPrefix": "tei", "identifier": f"oai:{REPO}:no-such-record"}),
    ("idDoesNotExist", {"verb": "GetRecord", "metadataPrefix": "tei", "identifier": "oai:elsewhere.org:000_e67b3bb4a698350b"}),
    ("idDoesNotExist", {"verb": "ListMetadataFormats", "identifier": f"oai:{REPO}:../../etc/passwd"}),
    ("noRecordsMatch", {"verb": "ListRecords", "metadataPrefix": "tei", "until": "1990-01-01"}),
    ("noRecordsMatch", {"verb": "ListIdentifiers", "metadataPrefix": "tei", "set": "year:1066"}),
]


@pytest.mark.parametrize("code, params", ERRORS, ids=[f"{c}-{k}" for k, (c, _) in enumerate(ERRORS)])
def test_each_error_condition_gets_its_code(client, schema, code, params):
    response = client.get("/oai", params=params)
    assert response.status_code == 200
    root = assert_valid(schema, response.content)
    assert error_code(response.content) == code
    if code in ("badVerb", "badArgument"):
        assert dict(root.find("oai:request", NS).attrib) == {}


def test_a_token_for_another_list_is_refused(client, schema):
    token = etree.fromstring(oai(client, verb="ListIdentifiers", metadataPrefix="tei")).findtext(
        ".//oai:resumptionToken", namespaces=NS)
    assert token
    assert error_code(oai(client, verb="ListRecords", resumptionToken=token)) == "badResumptionToken"
    assert error_code(oai(client, verb="ListIdentifiers", resumptionToken=token + "x")) == "badResumptionToken"


def test_no_metadata_formats_for_an_item_whose_tei_is_gone(dated_build, schema):
    out, _ = dated_build
    (out / "letter.tei.xml").unlink()
    client = TestClient(create_app(out, config=Config()))
    body = oai(client, verb="ListMetadataFormats", identifier=f"oai:{REPO}:letter")
    assert_valid(schema, body)
    assert error_code(body) == "noMetadataFormats"
    header = etree.fromstring(oai(client, verb="GetRecord", identifier=f"oai:{REPO}:letter", metadataPrefix="tei"))
    assert header.find(".//oai:header", NS).get("status") == "deleted"


def test_no_set_hierarchy_when_no_record_has_a_set(tmp_path, schema):
    (tmp_path / MANIFEST_NAME).write_text(json.dumps({"documents": {}, "format": 1}), encoding="utf-8")
    client = TestClient(create_app(tmp_path, config=Config()))
    for params in ({"verb": "ListSets"}, {"verb": "ListIdentifiers", "metadataPrefix": "tei", "set": "year:1950"}):
        body = oai(client, **params)
        assert_valid(schema, body)
        assert error_code(body) == "noSetHierarchy"
    assert error_code(oai(client, verb="ListIdentifiers", metadataPrefix="tei")) == "noRecordsMatch"
    assert_valid(schema, oai(client, verb="Identify"))


def test_a_query_too_long_is_a_bad_argument_not_a_crash(client, schema):
    response = client.get("/oai", params={"verb": "Identify", "x": "y" * 10000})
    assert response.status_code == 200
    assert_valid(schema, response.content)
    assert error_code(response.content) == "badArgument"


def test_a_tei_that_is_not_well_formed_is_left_out_not_a_crash(dated_build, schema):
    out, _ = dated_build
    tei = out / "letter.tei.xml"
    tei.write_bytes(tei.read_bytes().replace(b"</text>", b"</txet>", 1))  # a hand edit gone wrong
    client = TestClient(create_app(out, config=Config(), page_size=2))
    for prefix in PREFIXES:
        body = oai(client, verb="GetRecord", identifier=f"oai:{REPO}:letter", metadataPrefix=prefix)
        assert_valid(schema, body)
        assert error_code(body) == "cannotDisseminateFormat"
        records = walk(client, schema, "ListRecords", metadataPrefix=prefix)
        listed_ids = {i.rsplit(":", 1)[-1] for r in records for i in r.xpath("//oai:identifier/text()", namespaces=NS)}
        assert listed_ids == {"conversation", "no_original"}
    assert client.get("/dts/document", params={"resource": "letter"}).status_code == 404


def test_a_rebuild_is_seen_without_restarting_the_server(dated_build, schema):
    out, exports = dated_build
    client = TestClient(create_app(out, config=Config(), page_size=2))
    assert listed(client, schema) == {"letter", "conversation", "no_original"}
    shutil.copy(FIXTURES / "crlf.txt", exports / "crlf.txt")
    build([exports], out)
    assert listed(client, schema) == {"letter", "conversation", "no_original", "crlf"}
