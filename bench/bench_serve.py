"""Benchmark ``teiencode serve``: GetRecord and DTS passages per second, listing 10,000 identifiers.

Run: ``python bench/bench_serve.py [--requests 2000] [--records 10000] [--page-size 100] [--workdir DIR]
[--json results.json]``.

1. Builds the seed and the shared corpus (``teiencode build``) into WORKDIR/site.
2. Serves it with uvicorn on 127.0.0.1 and a free port, and sends, one after another on one
   keep-alive connection, REQUESTS GetRecord requests (cycling over the records and the three
   formats, then each format alone) and REQUESTS DTS passage requests (``/dts/document?ref=``,
   cycling over every citable unit of every document): requests per second, the client included.
3. Makes a build folder of RECORDS records (the corpus's TEI files hard-linked under new names,
   with a manifest entry each) and harvests every identifier with ListIdentifiers across resumption
   tokens: the first harvest (the catalogue reads every TEI header) and a second one (headers cached).

Every loop is bounded by its count; the server stops at the end.
"""
from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import re
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
sys.path.insert(0, str(REPO / "src"))

OAI_TOKEN = re.compile(rb"<resumptionToken[^>]*>([^<]+)</resumptionToken>")


def build_site(site: Path) -> Path:
    from teiencode.batch import build_many
    from teiencode.pipeline import find_exports
    folders = [REPO / "seeds"] + ([SHARED / "corpus"] if (SHARED / "corpus").is_dir() else [])
    build_many(find_exports(folders), site)
    return site


def many_records(site: Path, folder: Path, n: int) -> Path:
    """A build folder of ``n`` records: the site's TEI files hard-linked under new ids, one manifest entry each."""
    from teiencode.batch import MANIFEST_NAME
    folder.mkdir(parents=True, exist_ok=True)
    teis = sorted(site.glob("*.tei.xml"))
    documents = {}
    for k, tei in zip(range(n), itertools.cycle(teis)):
        doc_id = f"r{k:06d}"
        target = folder / f"{doc_id}.tei.xml"
        if not target.exists():
            os.link(tei, target)
        documents[doc_id] = {"doc_id": doc_id, "source": str(tei), "views": {}}
    (folder / MANIFEST_NAME).write_text(json.dumps({"documents": documents, "format": 1}), encoding="utf-8")
    return folder


class Server:
    """uvicorn in a thread on 127.0.0.1 and a free port; stops on exit."""

    def __init__(self, app):
        import uvicorn
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning",
                                                    lifespan="off", access_log=False))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> str:
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.02)
        return f"http://127.0.0.1:{self.port}"

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(30)


def rate(client, urls: list[str], count: int) -> dict:
    """Requests per second for ``count`` requests cycling over ``urls`` (after one warm-up pass)."""
    for url in urls:
        assert client.get(url).status_code == 200, url
    start = time.perf_counter()
    for url in itertools.islice(itertools.cycle(urls), count):
        response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"{url}: {response.status_code}")
    seconds = time.perf_counter() - start
    return {"requests": count, "seconds": round(seconds, 3), "per_second": round(count / seconds, 1)}


def harvest_identifiers(client, base: str) -> tuple[int, float, int]:
    """Every identifier by ListIdentifiers across tokens: (count, seconds, requests)."""
    start = time.perf_counter()
    body = client.get(f"{base}/oai?verb=ListIdentifiers&metadataPrefix=oai_dc").content
    count, requests = body.count(b"<header"), 1
    while (match := OAI_TOKEN.search(body)):
        body = client.get(f"{base}/oai", params={"verb": "ListIdentifiers", "resumptionToken": match.group(1).decode()}).content
        count += body.count(b"<header")
        requests += 1
    return count, time.perf_counter() - start, requests


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=2000, help="requests per measured kind")
    parser.add_argument("--records", type=int, default=10000, help="records to list")
    parser.add_argument("--page-size", type=int, default=100, help="identifiers per ListIdentifiers response")
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args(argv)

    import httpx
    from urllib.parse import quote
    from teiencode.config import Config
    from teiencode.serve import create_app
    from teiencode.serve.dts import citation_tree

    work = Path(tempfile.mkdtemp(prefix="bench-serve-", dir=args.workdir))
    results: dict = {"machine": {"python": platform.python_version(), "cpus": os.cpu_count(),
                                 "platform": platform.platform()}}
    site = build_site(work / "site")
    teis = sorted(site.glob("*.tei.xml"))
    ids = [t.name[: -len(".tei.xml")] for t in teis]
    with Server(create_app(site, config=Config(), page_size=args.page_size)) as base, httpx.Client() as client:
        for prefix in ("oai_dc", "tei", "mets"):
            urls = [f"{base}/oai?verb=GetRecord&metadataPrefix={prefix}&identifier=oai:example.org:{i}" for i in ids]
            results[f"GetRecord {prefix}"] = rate(client, urls, args.requests)
        passages = []
        for tei, doc_id in zip(teis, ids):
            for unit in citation_tree(tei).units:
                if unit.level == 2:
                    passages.append(f"{base}/dts/document?resource={quote(doc_id)}&ref={quote(unit.ref)}")
        results["DTS passage"] = rate(client, passages, args.requests)
        results["DTS passage"]["distinct passages"] = len(passages)

    many = many_records(site, work / "many", args.records)
    with Server(create_app(many, config=Config(), page_size=args.page_size)) as base, httpx.Client(timeout=120) as client:
        for run in ("first (headers read)", "second (headers cached)"):
            count, seconds, requests = harvest_identifiers(client, base)
            assert count == args.records, count
            results[f"ListIdentifiers {args.records}, {run}"] = {
                "identifiers": count, "requests": requests, "page_size": args.page_size, "seconds": round(seconds, 2)}

    for name, value in results.items():
        print(f"{name}: {value}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")
    import shutil
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
