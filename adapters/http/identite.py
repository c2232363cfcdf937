"""Who is asking, and whether they may: every request authenticated, every operation authorized (ADR 0022).

A middleware reads the bearer token of every request but the documentation's (``/docs``,
``/openapi.json``…): missing, forged, expired or incomplete, it answers 401; a token of another
territory gets 403. Each route names its operation (``acces_requis``), whose profiles are those of
``profils.MATRICE``: a token without one of them gets 403, and a demandeur reaches only their own
demande. All of it happens before any reading or writing: a refusal writes nothing. The request's
log line names the user by type, pseudonymous ids and profiles (ADR 0017), never a demandeur's
demande.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from fastapi import Depends, FastAPI, Request
from fastapi.dependencies.models import Dependant
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from starlette.types import Send

from adapters.http import acces, documentation
from adapters.http.couches import Couche, Suite, repondre
from adapters.http.erreurs import probleme, problemes
from adapters.http.jetons import Identite, JetonInvalide, lire
from adapters.http.profils import MATRICE, libelles, permis

SCHEMA = "jeton"
ENTETE = "Authorization"
SECURITE = {
    "type": "http",
    "scheme": "bearer",
    "bearerFormat": "JWT",
    "description": "Jeton d'accès signé (JWT HS256) nommant l'utilisateur, son ou ses profils et son territoire, "
    "émis par l'administrateur du service (`cotation jeton`, voir le README). Profils : consultant simple, "
    "consultant demande, consultant sensible, guichet enregistreur, chargé d'instruction, décideur de recours, "
    "administrateur de territoire, auditeur / CIL, demandeur (sa seule demande).",
}


class AccesRefuse(Exception):
    """The user is known but may not do this (profile, own demande, sensitive data); French message."""

    def __init__(self, message: str, champ: str | None = None) -> None:
        super().__init__(message)
        self.message, self.champ = message, champ


def _refus(operations: Iterable[str], quoi: str) -> AccesRefuse:
    profils = libelles(p for op in operations for p in MATRICE.get(op, ()))
    if not profils:
        return AccesRefuse(f"{quoi} : enregistré par le planificateur seul, par aucun profil")
    return AccesRefuse(f"{quoi} : réservé aux profils {profils}")


def exiger(identite: Identite, operation: str, quoi: str) -> None:
    """Refuse (403) unless one of the user's profiles may do ``operation`` (``quoi`` names it in French)."""
    if not permis(identite.profils, operation):
        raise _refus([operation], quoi)


class Exigence:
    """A route's dependency: the user may do one of ``operations``, and, a demandeur, on their own demande
    (a coroutine, so FastAPI does not send it to its thread pool)."""

    def __init__(self, operations: tuple[str, ...], quoi: str) -> None:
        self.operations, self.quoi = operations, quoi

    async def __call__(self, request: Request) -> Identite:
        identite: Identite = request.state.identite
        if not any(permis(identite.profils, op) for op in self.operations):
            raise _refus(self.operations, self.quoi)
        demande = request.path_params.get("demande_id")
        if identite.demande is not None and demande is not None and demande.lower() != str(identite.demande):
            raise AccesRefuse("un demandeur n'accède qu'à sa propre demande", champ="demande_id")
        return identite


def acces_requis(*operations: str, quoi: str) -> Any:
    """The dependency of a route doing one of ``operations`` (lines of ``profils.MATRICE``)."""
    return Depends(Exigence(operations, quoi))


def _porteur(request: Request) -> str:
    schema, _, jeton = request.headers.get(ENTETE, "").partition(" ")
    if schema.lower() != "bearer" or not jeton.strip():
        raise JetonInvalide("jeton d'accès manquant : en-tête « Authorization: Bearer <jeton> » attendu")
    return jeton.strip()


def _champs_journal(identite: Identite) -> dict[str, str]:
    """What the log may say of the user: pseudonymous ids and profiles; of a demandeur, only that."""
    if identite.demande is not None:
        return {"acteur": "demandeur"}
    champs = {"acteur": "agent", "agent_id": identite.sujet, "profils": ",".join(sorted(identite.profils))}
    return champs | ({"guichet_id": identite.guichet} if identite.guichet else {})


def _non_authentifie(request: Request, message: str) -> JSONResponse:
    reponse = probleme(request, 401, "non-authentifie", "Authentification requise", message, champ=ENTETE)
    reponse.headers["WWW-Authenticate"] = 'Bearer realm="cotation", error="invalid_token"'
    return reponse


async def _acces_refuse(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, AccesRefuse)
    return probleme(request, 403, "acces-refuse", "Accès refusé", exc.message, champ=exc.champ)


def _exigences(dependant: Dependant) -> Iterator[Exigence]:
    for dependance in dependant.dependencies:
        if isinstance(dependance.call, Exigence):
            yield dependance.call
        yield from _exigences(dependance)


def _documenter(routes: list[APIRoute]) -> Callable[[dict[str, Any]], None]:
    """Name the token and, in each operation, the profiles allowed and the 401/403 refusals."""

    def completer(document: dict[str, Any]) -> None:
        document.setdefault("components", {}).setdefault("securitySchemes", {})[SCHEMA] = SECURITE
        for route in routes:
            operations = [op for exigence in _exigences(route.dependant) for op in exigence.operations]
            profils = libelles(p for op in operations for p in MATRICE[op]) or "aucun (planificateur seul)"
            for methode in route.methods:
                operation = document["paths"][route.path_format][methode.lower()]
                operation["security"] = [{SCHEMA: []}]
                operation["responses"] |= problemes(401, 403)
                operation["description"] += f"\n\nProfils habilités : {profils}."

    return completer


def installer(api: FastAPI, secret: str, routes: list[APIRoute]) -> Couche:
    """Handle refusals and document the token; the layer (``couches.py``) that reads it."""
    publiques = {api.openapi_url, api.docs_url, api.redoc_url, api.swagger_ui_oauth2_redirect_url}
    api.add_exception_handler(AccesRefuse, _acces_refuse)
    documentation.completer(api, _documenter(routes))

    async def authentifier(request: Request, send: Send, suite: Suite) -> None:
        if request.url.path in publiques:
            return await suite(request, send)
        application = request.app.state.cotation
        try:
            identite = lire(_porteur(request), secret, application.horloge.maintenant())
        except JetonInvalide as exc:
            return await repondre(request, send, _non_authentifie(request, exc.message))
        acces.noter(**_champs_journal(identite))
        if identite.territoire != application.territoire:
            detail = f"ce jeton vaut pour le territoire {identite.territoire}, ce service sert {application.territoire}"
            refus = probleme(request, 403, "territoire-refuse", "Accès refusé", detail, champ="territoire")
            return await repondre(request, send, refus)
        request.state.identite = identite
        return await suite(request, send)

    return authentifier
