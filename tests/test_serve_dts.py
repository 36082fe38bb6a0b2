"""teiencode serve, DTS 1.0: a DTS client over the built corpus, the JSON-LD shapes, passages, citeStructure."""
from __future__ import annotations

import asyncio
import json
import os
import shutil
import socket

import pytest
from lxml import etree

from serve_support import NS, build, corpus_paths, live_server

pytest.importorskip("starlette", reason="teiencode serve needs starlette: pip install starlette")
from starlette.testclient import TestClient  # noqa: E402

from teiencode.config import Config  # noqa: E402
from teiencode.serve import create_app  # noqa: E402

DTS_WRAPPER = "{https://w3id.org/api/dts#}wrapper"
SEED_ID = "000_e67b3bb4a698350b"
SEED_URI = f"https://example.org/edition/{SEED_ID}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"


@pytest.fixture(scope="module")
def corpus_build(tmp_path_factory):
    return build(corpus_paths(), tmp_path_factory.mktemp("dts-corpus"))


@pytest.fixture(scope="module")
def client(corpus_build):
    return TestClient(create_app(corpus_build, config=Config(), page_size=10))


def text_of(element) -> str:
    return "".join(element.itertext())


def unit_element(build_dir, doc_id: str, ref: str):
    found = etree.parse(str(build_dir / f"{doc_id}.tei.xml")).xpath("//*[@xml:id=$ref]", ref=ref)
    assert len(found) == 1, ref
    return found[0]


def nav(client, **params):
    return client.get("/dts/navigation", params={"resource": SEED_URI, **params})


# --- the DTS 1.0 JSON-LD shapes (the specification's tables of required properties) --------------

STRING, INT = {"type": "string"}, {"type": "integer"}
TEMPLATE = {"type": "string", "pattern": r"\{[?&]"}
CITE_STRUCTURE = {"type": "object", "required": ["citeType"],
                  "properties": {"citeType": STRING, "@type": {"const": "CiteStructure"},
                                 "citeStructure": {"type": "array", "items": {"$ref": "#/$defs/citeStructure"}}}}
CITATION_TREE = {"type": "object", "required": ["@type"], "not": {"required": ["identifier"]},
                 "properties": {"@type": {"const": "CitationTree"},
                                "citeStructure": {"type": "array", "items": {"$ref": "#/$defs/citeStructure"}}}}
METADATA = {"type": "object", "additionalProperties": {
    "anyOf": [{"type": ["number", "string"]},
              {"type": "array", "items": {"anyOf": [
                  STRING, {"type": "object", "required": ["lang", "value"],
                           "properties": {"lang": STRING, "value": STRING}}]}}]}}
PAGINATION = {"type": "object", "required": ["@id", "@type", "first", "previous", "next", "last"],
              "properties": {"@type": {"const": "Pagination"}}}
RESOURCE = {"type": "object",
            "required": ["@id", "@type", "title", "totalParents", "collection", "navigation", "document", "citationTrees"],
            "properties": {"@type": {"const": "Resource"}, "title": STRING, "totalParents": INT,
                           "collection": TEMPLATE, "navigation": TEMPLATE, "document": TEMPLATE,
                           "dublinCore": METADATA, "mediaTypes": {"type": "array", "items": STRING},
                           "citationTrees": {"type": "array", "items": CITATION_TREE}}}
COLLECTION = {"type": "object",
              "required": ["@id", "@type", "dtsVersion", "title", "totalParents", "totalChildren", "collection"],
              "properties": {"@type": {"const": "Collection"}, "dtsVersion": {"const": "1.0"},
                             "totalChildren": INT, "totalParents": INT, "collection": TEMPLATE,
                             "member": {"type": "array", "items": {"anyOf": [RESOURCE, {"$ref": "#"}]}},
                             "view": PAGINATION}}
CITABLE_UNIT = {"type": "object", "required": ["identifier", "@type", "level", "parent"],
                "properties": {"identifier": STRING, "@type": {"const": "CitableUnit"}, "level": INT,
                               "parent": {"type": ["string", "null"]}, "citeType": STRING}}
NAVIGATION = {"type": "object", "required": ["@context", "@id", "@type", "dtsVersion", "resource"],
              "properties": {"@type": {"const": "Navigation"}, "dtsVersion": {"const": "1.0"}, "resource": RESOURCE,
                             "ref": CITABLE_UNIT, "start": CITABLE_UNIT, "end": CITABLE_UNIT,
                             "member": {"type": "array", "items": CITABLE_UNIT}}}
ENTRY = {"type": "object", "required": ["@context", "@id", "@type", "dtsVersion", "collection", "navigation", "document"],
         "properties": {"@type": {"const": "EntryPoint"}, "dtsVersion": {"const": "1.0"},
                        "collection": TEMPLATE, "navigation": TEMPLATE, "document": TEMPLATE}}


def check_shape(data: dict, schema: dict) -> None:
    jsonschema = pytest.importorskip("jsonschema", reason="jsonschema checks the DTS shapes: pip install jsonschema")
    jsonschema.validate(data, {**schema, "$defs": {"citeStructure": CITE_STRUCTURE}})


def test_responses_have_the_dts_1_0_shapes(client):
    entry = client.get("/dts")
    assert entry.headers["content-type"] == "application/ld+json"
    check_shape(entry.json(), ENTRY)
    root = client.get("/dts/collection").json()
    check_shape(root, COLLECTION)
    assert root["totalChildren"] > 10 and len(root["member"]) == 10 and "view" in root
    last = client.get("/dts/collection", params={"id": root["@id"], "page": "4"}).json()
    check_shape(last, COLLECTION)
    resource = client.get("/dts/collection", params={"id": SEED_URI}).json()
    check_shape(resource, RESOURCE)
    assert resource["dtsVersion"] == "1.0" and resource["citationTrees"][0]["citeStructure"][0]["citeType"] == "division"
    parents = client.get("/dts/collection", params={"id": SEED_URI, "nav": "parents"}).json()
    assert [m["@id"] for m in parents["member"]] == [root["@id"]]
    for params in ({"down": "1"}, {"ref": "t"}, {"ref": "t.3", "down": "0"}, {"ref": "o", "down": "-1"},
                   {"start": "t.2", "end": "t.4"}, {"start": "t.2", "end": "t.4", "down": "1"}):
        response = nav(client, **params)
        assert response.status_code == 200, params
        check_shape(response.json(), NAVIGATION)


def test_collection_pages_list_every_resource_once(client, corpus_build):
    root = client.get("/dts/collection").json()
    seen = []
    page = 1
    while True:
        data = client.get("/dts/collection", params={"id": root["@id"], "page": str(page)}).json()
        seen += [m["@id"] for m in data["member"]]
        if data["view"]["next"] == data["view"]["@id"]:
            break
        page += 1
    assert len(seen) == len(set(seen)) == root["totalChildren"] == len(list(corpus_build.glob("*.tei.xml")))


# --- navigation: the specification's table of down / ref / start-end ------------------------------

def identifiers(response) -> list[str]:
    return [m["identifier"] for m in response.json()["member"]]


def test_navigation_follows_the_table_of_down_ref_start_end(client, corpus_build):
    tei = etree.parse(str(corpus_build / f"{SEED_ID}.tei.xml"))
    translation = tei.xpath("//t:body/t:div[@type='translation']//*[starts-with(@xml:id, 't.')]/@xml:id", namespaces=NS)
    translation = [i for i in translation if i.count(".") == 1]
    assert identifiers(nav(client, down="1")) == ["o", "t"]
    everything = identifiers(nav(client, down="-1"))
    assert everything[0] == "o" and everything.index("t") < everything.index("t.1")
    assert [i for i in everything if i.startswith("t.")] == translation
    only_ref = nav(client, ref="t.3").json()
    assert only_ref["ref"]["identifier"] == "t.3" and only_ref["ref"]["parent"] == "t" and "member" not in only_ref
    assert identifiers(nav(client, ref="t", down="1")) == ["t"] + translation  # the unit, then its subtree
    assert identifiers(nav(client, ref="t", down="-1")) == ["t"] + translation
    assert identifiers(nav(client, ref="t.3", down="0")) == translation  # siblings, itself included
    assert identifiers(nav(client, ref="t.3", down="1")) == ["t.3"]  # nothing below: the unit alone
    ranged = nav(client, start="t.2", end="t.4", down="-1")
    assert identifiers(ranged) == ["t.2", "t.3", "t.4"]
    both = nav(client, start="t.2", end="t.4").json()
    assert (both["start"]["identifier"], both["end"]["identifier"]) == ("t.2", "t.4") and "member" not in both


NAV_ERRORS = [
    (400, {}),
    (400, {"ref": "t.3", "start": "t.2", "end": "t.4"}),
    (400, {"start": "t.2"}),
    (400, {"end": "t.2"}),
    (400, {"down": "0"}),
    (400, {"start": "t.2", "end": "t.4", "down": "0"}),
    (400, {"down": "deep"}),
    (400, {"down": "-2"}),
    (400, {"start": "t.4", "end": "t.2", "down": "1"}),
    (404, {"ref": "t.999"}),
    (404, {"ref": "t.3", "tree": "pages"}),
]


@pytest.mark.parametrize("status, params", NAV_ERRORS, ids=[str(p) for _, p in NAV_ERRORS])
def test_navigation_errors(client, status, params):
    response = nav(client, **params)
    assert response.status_code == status and response.json()["status"] == status


@pytest.mark.parametrize("path, params, status", [
    ("/dts/navigation", {"down": "1"}, 400),
    ("/dts/navigation", {"resource": "https://example.org/edition/nothing", "down": "1"}, 404),
    ("/dts/navigation", {"resource": "../../etc/passwd", "down": "1"}, 404),
    ("/dts/document", {}, 400),
    ("/dts/document", {"resource": SEED_URI, "ref": "t.999"}, 404),
    ("/dts/document", {"resource": SEED_URI, "ref": "t.1", "start": "t.1", "end": "t.2"}, 400),
    ("/dts/document", {"resource": SEED_URI, "start": "t.1"}, 400),
    ("/dts/document", {"resource": SEED_URI, "mediaType": "text/html"}, 404),
    ("/dts/document", {"resource": "/etc/passwd"}, 404),
    ("/dts/collection", {"id": "https://example.org/edition/nothing"}, 404),
    ("/dts/collection", {"nav": "siblings"}, 400),
    ("/dts/collection", {"page": "0"}, 400),
    ("/dts/collection", {"page": "99"}, 404),
    ("/dts/collection", {"page": "two"}, 400),
])
def test_bad_parameters_get_the_protocols_error(client, path, params, status):
    response = client.get(path, params=params)
    assert response.status_code == status
    assert response.json()["status"] == status


# --- documents and passages ------------------------------------------------------------------------

def test_the_whole_document_is_the_built_file_byte_for_byte(client, corpus_build):
    for tei in sorted(corpus_build.glob("*.tei.xml")):
        response = client.get("/dts/document", params={"resource": tei.name[: -len(".tei.xml")]})
        assert response.status_code == 200 and response.content == tei.read_bytes()
    seed = client.get("/dts/document", params={"resource": SEED_URI})
    assert seed.headers["content-type"] == "application/tei+xml"
    assert 'rel="collection"' in seed.headers["link"]
    assert client.get(f"/{SEED_ID}.tei.xml").content == (corpus_build / f"{SEED_ID}.tei.xml").read_bytes()


def test_a_passage_is_the_units_text_inside_a_dts_wrapper(client, corpus_build):
    for ref in ("t.12", "o.3", "t.1"):
        response = client.get("/dts/document", params={"resource": SEED_URI, "ref": ref})
        assert response.status_code == 200
        root = etree.fromstring(response.content)
        assert root.tag == "{http://www.tei-c.org/ns/1.0}TEI"
        wrapper = root.find(f".//{DTS_WRAPPER}")
        assert [e.get(XML_ID) for e in wrapper] == [ref]
        assert text_of(wrapper) == text_of(unit_element(corpus_build, SEED_ID, ref))
    ranged = etree.fromstring(client.get("/dts/document", params={"resource": SEED_URI, "start": "t.10",
                                                                  "end": "t.12"}).content)
    assert [e.get(XML_ID) for e in ranged.find(f".//{DTS_WRAPPER}")] == ["t.10", "t.11", "t.12"]
    division = etree.fromstring(client.get("/dts/document", params={"resource": SEED_URI, "ref": "o"}).content)
    (div,) = division.find(f".//{DTS_WRAPPER}")
    assert div.get(XML_ID) == "original" and text_of(div) == text_of(unit_element(corpus_build, SEED_ID, "original"))


# --- a DTS client --------------------------------------------------------------------------------

def test_thunderdots_walks_the_collection_navigates_and_fetches_a_passage(corpus_build):
    """ThunderDots is the DTS client on PyPI (dapytains is a server and a TEI reader, with no client).
    It walks DTS 1.0 collections and reads each resource's document; it follows no Pagination, so
    the page here holds the whole corpus. Its fragmenting mode reads ``citationTrees.maxCiteDepth``,
    a pre-1.0 shape, so the navigation and the passage go through its HTTP client, following the
    1.0 URI templates of the entry point."""
    thunderdots = pytest.importorskip("thunderdots", reason="the DTS client thunderdots is not installed")
    from thunderdots.fetcher import HttpxFetcher
    uritemplate = pytest.importorskip("uritemplate", reason="uritemplate expands DTS URI templates")
    app = create_app(corpus_build, config=Config(), page_size=1000)
    expected = {SEED_URI.rsplit("/", 1)[0] + "/" + p.name[: -len(".tei.xml")] for p in corpus_build.glob("*.tei.xml")}
    with live_server(app) as url:
        client = thunderdots.ThunderDots(f"{url}/dts", verbose=False, use_cache=False, concurrency=4, retries=0)
        client.fetch()
        results = client.results()
        resources = {r["id"]: r for r in results["resource_results"]}
        assert set(resources) == expected and results["meta"]["http_errors"] == 0
        seed = resources[SEED_URI]
        assert seed["linked_parents"] == ["https://example.org/edition"]
        plain = [p for p in unit_element(corpus_build, SEED_ID, "translation").iter("{*}p") if len(p) == 0]
        assert " ".join(plain[0].text.split()) in " ".join(seed["fragments"][0]["content"].split())

        async def navigate_and_fetch():
            fetcher = HttpxFetcher(endpoint=f"{url}/dts", timeout=10, concurrency=2, retries=0)
            try:
                entry = await fetcher.get_json(f"{url}/dts")
                collection = await fetcher.get_json(uritemplate.expand(entry["collection"], id=SEED_URI))
                navigation = await fetcher.get_json(uritemplate.expand(collection["navigation"], ref="t", down=1))
                units = [m["identifier"] for m in navigation["member"] if m["parent"] == "t"]
                passage = await fetcher.get_bytes(uritemplate.expand(collection["document"], ref=units[11]))
                return units, passage
            finally:
                await fetcher.aclose()

        units, passage = asyncio.run(navigate_and_fetch())
    assert units[11] == "t.12"
    wrapper = etree.fromstring(passage).find(f".//{DTS_WRAPPER}")
    assert text_of(wrapper) == text_of(unit_element(corpus_build, SEED_ID, "t.12"))


# --- the TEI's own citeStructure --------------------------------------------------------------------

def test_cite_structure_resolves_every_unit_the_alignment_names(client, corpus_build):
    """dapytains (Saxon, XPath 3.1) reads each TEI's refsDecl on its own: its references are the
    server's, and every id the alignment uses is one of them, resolving to that one element."""
    document = pytest.importorskip("dapytains.tei.document", reason="dapytains reads TEI citeStructure")
    for tei in sorted(corpus_build.glob("*.tei.xml")):
        doc_id = tei.name[: -len(".tei.xml")]
        tree = etree.parse(str(tei))
        assert tree.find(".//t:encodingDesc/t:refsDecl/t:citeStructure", NS) is not None

        def flatten(units):
            for unit in units:
                yield unit.ref
                yield from flatten(unit.children)

        declared = list(flatten(document.Document(str(tei)).get_reffs()))
        served = identifiers(client.get("/dts/navigation", params={"resource": doc_id, "down": "-1"}))
        assert declared == served, doc_id
        aligned = {i.lstrip("#") for v in tree.xpath("//@corresp | //t:link/@target", namespaces=NS) for i in v.split()}
        units = {r for r in served if "." in r}
        assert aligned <= units, (doc_id, aligned - units)
        for ref in units:
            assert len(tree.xpath("//*[@xml:id=$r]", r=ref)) == 1


# --- nothing outside the build folder ------------------------------------------------------------

def test_paths_outside_the_build_folder_are_refused(tmp_path, corpus_build):
    site = tmp_path / "site"
    shutil.copytree(corpus_build, site)
    secret = tmp_path / "secret.txt"
    secret.write_text("not for the web")
    os.symlink(secret, site / "escape.html")
    os.symlink(tmp_path, site / "parent")
    client = TestClient(create_app(site, config=Config()))
    for path in ("/../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E%2Fsecret.txt", "/..%2fsecret.txt",
                 "/escape.html", "/parent/secret.txt", "/parent%2Fsecret.txt", "/.teiencode-manifest.json",
                 "/%2e%2e", "/%00", "/etc/passwd", "//etc/passwd"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert b"not for the web" not in response.content
    assert client.get("/").status_code == 200 and client.get("/index.html").content == (site / "index.html").read_bytes()
    with live_server(create_app(site, config=Config())) as url:
        host, port = url.removeprefix("http://").split(":")
        for raw in (b"/../secret.txt", b"/%2e%2e/secret.txt", b"/..%2F..%2Fsecret.txt", b"/parent/../../secret.txt"):
            with socket.create_connection((host, int(port)), timeout=5) as s:
                s.sendall(b"GET " + raw + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                reply = b""
                while chunk := s.recv(65536):
                    reply += chunk
            assert not reply.startswith(b"HTTP/1.1 200"), raw
            assert b"not for the web" not in reply, raw


def test_a_record_whose_tei_links_outside_is_not_served(tmp_path, corpus_build):
    site = tmp_path / "site"
    shutil.copytree(corpus_build, site)
    outside = tmp_path / "outside.tei.xml"
    shutil.move(site / f"{SEED_ID}.tei.xml", outside)
    os.symlink(outside, site / f"{SEED_ID}.tei.xml")
    client = TestClient(create_app(site, config=Config()))
    assert client.get(f"/{SEED_ID}.tei.xml").status_code == 404
    assert client.get("/dts/document", params={"resource": SEED_URI}).status_code == 404
    body = client.get("/oai", params={"verb": "GetRecord", "metadataPrefix": "tei",
                                      "identifier": f"oai:example.org:{SEED_ID}"}).content
    assert b'status="deleted"' in body and b"<TEI" not in body
    assert json.dumps(client.get("/dts/collection", params={"page": "1"}).json()).count(SEED_URI) == 0


def test_the_routes_mount_in_an_institutions_own_application(corpus_build):
    from starlette.applications import Starlette
    from starlette.responses import PlainTextResponse
    from starlette.routing import Route
    from teiencode.serve import Catalogue, Edition, Repository, dts_routes, oai_routes

    catalogue = Catalogue(corpus_build)
    app = Starlette(routes=[
        Route("/", lambda request: PlainTextResponse("our home page")),
        *oai_routes(catalogue, Repository(name="Our edition", admin_email="repo@example.org",
                                          repository_id="example.org", page_size=3), path="/harvest/oai"),
        *dts_routes(catalogue, Edition(id="https://example.org/edition", title="Our edition"), path="/api/dts"),
    ])
    client = TestClient(app)
    assert client.get("/").text == "our home page"
    identify = client.get("/harvest/oai", params={"verb": "Identify"}).content
    assert b"<baseURL>http://testserver/harvest/oai</baseURL>" in identify and b"Our edition" in identify
    entry = client.get("/api/dts").json()
    assert entry["navigation"].startswith("http://testserver/api/dts/navigation{")
    resource = client.get("/api/dts/collection", params={"id": SEED_URI}).json()
    assert resource["document"].startswith("http://testserver/api/dts/document?resource=")
    passage = client.get("/api/dts/document", params={"resource": SEED_URI, "ref": "t.12"})
    assert passage.status_code == 200 and b"dts:wrapper" in passage.content
    assert client.get(f"/{SEED_ID}.tei.xml").status_code == 404  # the files are create_app's, not the routes'
