"""The access log: method, route template, status and duration; never a path's values or a query.

Uvicorn's own access log is off (``cotation serve``): it would write the query strings. The
route template (``/demandes/{demande_id}/cotation``) says what was asked without saying of whom.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable

import structlog
from fastapi import FastAPI, Request, Response

_journal = structlog.get_logger("cotation.http")


def _route(request: Request) -> str:
    route = request.scope.get("route")
    return getattr(route, "path", "hors API")


def installer(api: FastAPI) -> None:
    @api.middleware("http")
    async def journaliser(request: Request, suite: Callable[[Request], Awaitable[Response]]) -> Response:
        debut = time.perf_counter()
        reponse = await suite(request)
        _journal.info(
            "requete_http",
            methode=request.method,
            route=_route(request),
            statut=reponse.status_code,
            duree_ms=round((time.perf_counter() - debut) * 1000, 1),
        )
        return reponse
