"""The request log: one line per request, and a request id on every line logged while serving it.

Each request gets an id: the incoming ``X-Request-ID`` when it is a UUID or a long hexadecimal
token (nothing else, so that no personal data rides in on it), else a new UUID. It is returned
in the ``X-Request-ID`` header and in problem details (``id_requete``), and bound to structlog's
context for the whole request, so the application's own lines carry it (ADR 0017).

The request's line (``requete_http``) gives method, route template, status, duration, outcome
and, once its token is read (``identite.py``), its user's type, pseudonymous ids and profiles. Uvicorn's own access log
is off (``cotation serve``): it would write the query strings. The route template
(``/demandes/{demande_id}/cotation``) says what was asked without saying of whom.
"""

from __future__ import annotations

import re
import time
from contextvars import ContextVar
from typing import Any
from uuid import uuid4

import structlog
from fastapi import Request
from starlette.datastructures import MutableHeaders
from starlette.types import Send

from adapters.http.couches import Message, Suite

ENTETE = "X-Request-ID"
ID_SUR = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|[0-9a-fA-F]{32,64}")
_journal = structlog.get_logger("cotation.http")
#: The fields of the request being served that its own line will carry (shared with the endpoint's threads).
_releve: ContextVar[dict[str, Any]] = ContextVar("releve_requete")


def identifiant(request: Request) -> str | None:
    """The id of the request being served (``None`` before the log middleware ran)."""
    return getattr(request.state, "id_requete", None)


def _identifiant_recu(valeur: str | None) -> str:
    return valeur if valeur is not None and ID_SUR.fullmatch(valeur) else str(uuid4())


def noter(**champs: Any) -> None:
    """Add technical fields to the line of the request being served, and to the lines logged after."""
    structlog.contextvars.bind_contextvars(**champs)
    _releve.get({}).update(champs)


def _issue(statut: int) -> str:
    if statut >= 500:
        return "erreur"
    if statut >= 400:
        return "refuse"
    return "ecrit" if statut == 201 else "lu"


def _route(request: Request) -> str:
    route = request.scope.get("route")
    return getattr(route, "path", "hors API")


def _journaliser(request: Request, statut: int, debut: float, releve: dict[str, Any]) -> None:
    duree_ms = round((time.perf_counter() - debut) * 1000, 1)
    champs = {"methode": request.method, "route": _route(request), "statut": statut, "duree_ms": duree_ms}
    _journal.info("requete_http", **champs | {"issue": _issue(statut)} | releve)


async def journaliser(request: Request, send: Send, suite: Suite) -> None:
    """The outermost layer (``couches.py``): the request's id, in its response's headers, and its
    line once it is answered."""
    debut, releve, statut = time.perf_counter(), {}, 500
    request.state.id_requete = _identifiant_recu(request.headers.get(ENTETE))

    async def envoyer(message: Message) -> None:
        nonlocal statut
        if message["type"] == "http.response.start":
            statut = message["status"]
            MutableHeaders(scope=message)[ENTETE] = request.state.id_requete
        await send(message)

    jeton = _releve.set(releve)
    try:
        with structlog.contextvars.bound_contextvars(id_requete=request.state.id_requete):
            await suite(request, envoyer)
    finally:
        _journaliser(request, statut, debut, releve | {"id_requete": request.state.id_requete})
        _releve.reset(jeton)
