"""Serve a build folder: its files as they are, OAI-PMH 2.0 at ``/oai`` and DTS 1.0 at ``/dts``; read only.

An institution mounts the protocols in its own Starlette or FastAPI application::

    from starlette.applications import Starlette
    from teiencode.serve import Catalogue, Edition, Repository, dts_routes, oai_routes

    catalogue = Catalogue("build")
    app = Starlette(routes=oai_routes(catalogue, Repository(admin_email="repo@example.org"), path="/harvest")
                    + dts_routes(catalogue, Edition(id="https://example.org/edition"), path="/api/dts"))

:func:`oai_response` and the functions of :mod:`teiencode.serve.dts` are the protocols without the
web framework.
"""
from .app import create_app, dts_routes, oai_routes
from .catalogue import Catalogue, Record
from .dts import Edition
from .oai import Repository, oai_response, record_metadata

__all__ = ["Catalogue", "Edition", "Record", "Repository", "create_app", "dts_routes", "oai_response",
           "oai_routes", "record_metadata"]
