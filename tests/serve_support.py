"""Shared by the serve tests: a real build of the corpus, the OAI-PMH schemas, a live server."""
from __future__ import annotations

import contextlib
import importlib.util
import socket
import threading
import time
from pathlib import Path

import pytest
from lxml import etree

from conftest import CORPUS, ROOT, SEED

OAI_DATA = ROOT / "tests" / "data" / "oai"
OAI = "http://www.openarchives.org/OAI/2.0/"
NS = {"oai": OAI, "t": "http://www.tei-c.org/ns/1.0", "dc": "http://purl.org/dc/elements/1.1/",
      "oai_dc": "http://www.openarchives.org/OAI/2.0/oai_dc/", "mets": "http://www.loc.gov/METS/"}


def build(paths: list[Path], out: Path) -> Path:
    """``teiencode build`` of ``paths`` into ``out``; some corpus records may fail, the rest are built."""
    from click.testing import CliRunner
    from teiencode.cli import main
    result = CliRunner().invoke(main, ["build", *map(str, paths), "-o", str(out), "-j", "1"])
    assert result.exit_code in (0, 1), result.output
    assert list(out.glob("*.tei.xml")), result.output
    return out


def corpus_paths() -> list[Path]:
    if not CORPUS.is_dir():
        pytest.skip(f"the shared corpus is not at {CORPUS}")
    return [CORPUS, SEED]


def oai_schema(work: Path):
    """The official OAI-PMH 2.0 schema with the schemas of the three metadata formats, all offline:
    oai_dc (tests/data/oai), the edition's TEI XSD (schemas/), METS (shipped by metsrw)."""
    spec = importlib.util.find_spec("metsrw")
    if spec is None:
        pytest.skip("metsrw (ships the official mets.xsd) is not installed: `pip install metsrw`")
    mets_doc = etree.parse(str(Path(spec.submodule_search_locations[0]) / "resources" / "mets.xsd"))
    for imp in mets_doc.iter("{http://www.w3.org/2001/XMLSchema}import"):
        if imp.get("namespace") == "http://www.w3.org/1999/xlink":
            imp.set("schemaLocation", (ROOT / "tests" / "data" / "deposit" / "xlink.xsd").as_uri())
    mets_xsd = work / "mets-local.xsd"  # mets.xsd with xlink.xsd read from the disk
    mets_xsd.write_bytes(etree.tostring(mets_doc))
    imports = [("http://www.tei-c.org/ns/1.0", ROOT / "schemas" / "teiencode.xsd"),
               (OAI, OAI_DATA / "OAI-PMH.xsd"),
               (NS["oai_dc"], OAI_DATA / "oai_dc.xsd"),
               (NS["mets"], mets_xsd)]
    driver = ('<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">'
              + "".join(f'<xs:import namespace="{ns}" schemaLocation="{path.resolve().as_uri()}"/>'
                        for ns, path in imports)
              + "</xs:schema>")
    # xmlschema, not libxml2: trang's TEI XSD has content models libxml2 calls non-deterministic.
    import xmlschema
    (work / "driver.xsd").write_text(driver, encoding="utf-8")
    return xmlschema.XMLSchema(str(work / "driver.xsd"))


def assert_valid(schema, body: bytes) -> etree._Element:
    root = etree.fromstring(body)
    errors = list(schema.iter_errors(root))
    assert not errors, f"{errors[0]}\n{body[:2000]!r}"
    return root


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def live_server(app, timeout: float = 20.0):
    """``app`` served by uvicorn on 127.0.0.1 and a free port, in a thread; stopped on exit."""
    import uvicorn
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning",
                                           lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + timeout
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            server.should_exit = True
            pytest.fail("uvicorn did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout)
