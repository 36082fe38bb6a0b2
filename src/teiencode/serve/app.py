"""The ASGI application: the build folder as it is, OAI-PMH at /oai, DTS at /dts; read only.

:func:`oai_routes` and :func:`dts_routes` give the routes alone, so an institution can mount them in
its own Starlette (or FastAPI) application; :func:`create_app` puts them beside the files.
"""
from __future__ import annotations

import json
import os
from typing import Callable
from urllib.parse import parse_qsl, quote

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from ..config import Config, load_config
from . import dts, oai
from .catalogue import Catalogue

OAI_MEDIA_TYPE = "text/xml; charset=utf-8"
JSONLD_MEDIA_TYPE = "application/ld+json"
# A query longer than this is no OAI or DTS request: refused before it is parsed.
MAX_QUERY = 8192


def oai_routes(catalogue: Catalogue, repository: oai.Repository = oai.Repository(), *, path: str = "/oai") -> list[Route]:
    """The OAI-PMH endpoint (GET and POST) as a route at ``path``."""
    async def endpoint(request: Request) -> Response:
        args: dict[str, list[str]] = {}
        pairs = list(request.query_params.multi_items())
        if request.method == "POST":
            body = await request.body()
            if len(body) > MAX_QUERY:
                return _oai_too_long(400, "the request is too long")
            if request.headers.get("content-type", "").split(";")[0].strip() != "application/x-www-form-urlencoded":
                return _oai_too_long(400, "a POST request is application/x-www-form-urlencoded")
            pairs += parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True)
        for name, value in pairs:
            args.setdefault(name, []).append(value)
        base_url = str(request.url.replace(query=""))
        body = oai.oai_response(catalogue, args, base_url, repository)
        return Response(body, media_type=OAI_MEDIA_TYPE)

    return [Route(path, _guarded(endpoint, _oai_too_long), methods=["GET", "POST"])]


def dts_routes(catalogue: Catalogue, edition: dts.Edition = dts.Edition(), *, path: str = "/dts") -> list[Route]:
    """The DTS entry point at ``path`` and its collection, navigation and document endpoints below it."""
    def base_of(request: Request, suffix: str) -> str:
        url = str(request.url.replace(query=""))
        return url[: len(url) - len(suffix)] if suffix and url.endswith(suffix) else url.rstrip("/")

    async def entry(request: Request) -> Response:
        return _jsonld(dts.entry_point(base_of(request, "")))

    def json_endpoint(name: str, handler: Callable) -> Callable:
        async def endpoint(request: Request) -> Response:
            params = _single_params(request)
            result = handler(catalogue, edition, base_of(request, f"/{name}"), params, str(request.url))
            return _jsonld(result)
        return endpoint

    async def document(request: Request) -> Response:
        params = _single_params(request)
        body, record = dts.document(catalogue, params)
        base = base_of(request, "/document")
        link = f'<{base}/collection?id={quote(dts.resource_id(record), safe="")}>; rel="collection"'
        return Response(body, media_type=dts.TEI_MEDIA_TYPE, headers={"Link": link})

    return [
        Route(path, _guarded(entry, _dts_error)),
        Route(f"{path}/collection", _guarded(json_endpoint("collection", dts.collection), _dts_error)),
        Route(f"{path}/navigation", _guarded(json_endpoint("navigation", dts.navigation), _dts_error)),
        Route(f"{path}/document", _guarded(document, _dts_error)),
    ]


def create_app(build_dir: str | os.PathLike, *, config: Config | None = None, page_size: int = 100,
               admin_email: str | None = None) -> Starlette:
    """The whole site: the files of ``build_dir``, OAI-PMH at ``/oai`` and DTS at ``/dts``.

    :param page_size: records per OAI list response (then a resumption token) and resources per DTS page
    """
    config = config or load_config()
    catalogue = Catalogue(build_dir)
    repository = oai.Repository(
        name=config.publisher, admin_email=admin_email or getattr(config, "admin_email", None) or "admin@example.org",
        repository_id=oai.repository_id_for(config.base_url), page_size=page_size,
        files_url=config.base_url, organization=config.source_organization or config.publisher)
    edition = dts.Edition(id=config.base_url, title=config.publisher, description=config.project_description,
                          page_size=page_size, files_url=config.base_url)

    async def files(request: Request) -> Response:
        name = request.path_params.get("name") or "index.html"
        found = catalogue.file(name)
        if found is None:
            return PlainTextResponse("not found\n", status_code=404)
        return FileResponse(found, media_type=_media_type(found.name))

    routes = oai_routes(catalogue, repository) + dts_routes(catalogue, edition)
    routes += [Route("/", files), Route("/{name:path}", files)]
    app = Starlette(routes=routes)
    app.state.catalogue = catalogue
    return app


def _media_type(name: str) -> str:
    if name.endswith(".xml"):
        return "application/tei+xml" if name.endswith(".tei.xml") else "application/xml"
    if name.endswith(".html"):
        return "text/html; charset=utf-8"
    # the search's module, data and styles (a browser runs a module only with a script type)
    for suffix, media_type in ((".js", "text/javascript; charset=utf-8"), (".json", "application/json"),
                               (".css", "text/css; charset=utf-8"), (".wasm", "application/wasm")):
        if name.endswith(suffix):
            return media_type
    return "application/octet-stream"


def _single_params(request: Request) -> dict[str, str]:
    params: dict[str, str] = {}
    for name, value in request.query_params.multi_items():
        if name in params:
            raise dts.DTSError(400, f"the parameter {name!r} is repeated")
        params[name] = value
    return params


def _jsonld(data: dict) -> Response:
    return Response(json.dumps(data, ensure_ascii=False), media_type=JSONLD_MEDIA_TYPE)


def _dts_error(status: int, message: str) -> Response:
    return JSONResponse({"@type": "Error", "status": status, "message": message}, status_code=status,
                        media_type="application/json")


def _oai_too_long(status: int, message: str) -> Response:
    return Response(oai.error_response("badArgument", message), media_type=OAI_MEDIA_TYPE)


def _guarded(endpoint: Callable, on_error: Callable[[int, str], Response]) -> Callable:
    """The endpoint, with its protocol's error for a bad request instead of a traceback."""
    async def guarded(request: Request) -> Response:
        if len(request.url.query) > MAX_QUERY:
            return on_error(400, "the query is too long")
        try:
            return await endpoint(request)
        except dts.DTSError as err:
            return on_error(err.status, err.message)
    return guarded
