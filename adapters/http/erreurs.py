"""Every refusal answers as an RFC 9457 problem details document, in French (ADR 0016).

``type`` names the kind of problem, ``title`` sums it up, ``detail`` says what is wrong with
this request, ``instance`` is the path asked, ``champ`` the field at fault when there is one
(``erreurs`` lists them all for an invalid request) and ``id_requete`` the request's id (ADR 0017).
Details never echo the values sent (they
may be personal data), only which field is wrong; an unexpected error says nothing of itself.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import structlog
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from pydantic.json_schema import models_json_schema
from starlette.exceptions import HTTPException
from starlette.routing import Match

from adapters.http import acces, documentation
from adapters.http.schemas import Probleme
from domain.erreurs import (
    CommandeInvalide,
    DemandeIntrouvable,
    DonneesInvalides,
    EcritureConcurrente,
    ErreurCotation,
    GrilleIntrouvable,
    GrilleInvalide,
    ParametreManquant,
    champs_en_francais,
)

TYPE_MEDIA = "application/problem+json"
REFERENCE = "#/components/schemas/{model}"
PREFIXE_TYPE = "urn:cotation:probleme:"
#: The most specific class first: status, kind and title of each domain error.
GENRES: dict[type[ErreurCotation], tuple[int, str, str]] = {
    DemandeIntrouvable: (404, "demande-introuvable", "Demande introuvable"),
    GrilleIntrouvable: (404, "grille-introuvable", "Aucune grille en vigueur"),
    EcritureConcurrente: (409, "ecriture-concurrente", "Modification concurrente du même dossier"),
    DonneesInvalides: (422, "donnees-invalides", "Données invalides"),
    GrilleInvalide: (409, "grille-refusee", "Grille refusée par les règles d'adoption"),
    CommandeInvalide: (409, "regle-refusee", "Refusé par les règles de la cotation"),
    ParametreManquant: (422, "parametre-manquant", "Paramètre de la grille manquant"),
}
AUTRE_ERREUR = (422, "requete-refusee", "Requête refusée")
GENRES_HTTP = {
    404: ("ressource-introuvable", "Ressource introuvable", "aucune ressource à cette adresse"),
    405: ("methode-non-permise", "Méthode non permise", "méthode non permise sur cette ressource"),
}
#: What each refusal status means, as the OpenAPI document says it.
SENS = {
    400: "Requête illisible : corps qui n'est pas un JSON valide, ou en-tête Idempotency-Key mal formé. "
    "Rien n'est écrit.",
    401: "Non authentifié : jeton d'accès manquant, illisible, mal signé, expiré ou incomplet (en-tête "
    "« Authorization: Bearer <jeton> »). Rien n'est écrit.",
    403: "Accès refusé : le profil du jeton ne permet pas cette opération, le jeton vaut pour un autre territoire, "
    "un demandeur demande une autre demande que la sienne, ou la décision porte sur une situation ou une pièce "
    "sensible sans le profil consultant sensible. Rien n'est écrit.",
    404: "Introuvable : demande inconnue, ou aucune grille en vigueur à la date demandée.",
    409: "Refusé par les règles de la cotation, modification concurrente du même dossier, ou requête de même "
    "clé d'idempotence encore en cours de traitement. Rien n'est écrit.",
    422: "Données invalides (« champ » nomme le champ en cause, « erreurs » les liste tous), paramètre de la "
    "grille manquant, ou clé d'idempotence déjà utilisée pour une autre requête. Rien n'est écrit.",
    500: "Erreur inattendue du service, sans autre détail ; « id_requete » permet de la signaler.",
}
#: Where FastAPI found the faulty value: not part of the field's name for the user.
EMPLACEMENTS = ("body", "query", "path", "header")
_journal = structlog.get_logger("cotation.http")


def probleme(
    request: Request, statut: int, genre: str, titre: str, detail: str, **extensions: Any
) -> JSONResponse:
    """A problem details response, with the request's id; extensions valued ``None`` are left out."""
    corps = {"type": PREFIXE_TYPE + genre, "title": titre, "status": statut, "detail": detail}
    extensions["id_requete"] = acces.identifiant(request)
    corps |= {"instance": request.url.path} | {k: v for k, v in extensions.items() if v is not None}
    entetes = {acces.ENTETE: extensions["id_requete"]} if extensions["id_requete"] else None
    return JSONResponse(corps, status_code=statut, media_type=TYPE_MEDIA, headers=entetes)


def problemes(*statuts: int) -> dict[int | str, dict[str, Any]]:
    """The ``responses=`` of an endpoint that may refuse with these statuses, for the OpenAPI document."""
    contenu = {TYPE_MEDIA: {"schema": {"$ref": REFERENCE.format(model=Probleme.__name__)}}}
    return {statut: {"description": SENS[statut], "content": contenu} for statut in statuts}


def _schemas(document: dict[str, Any]) -> None:
    """Add the problem document's schema to the OpenAPI components that ``problemes`` refers to."""
    _, definitions = models_json_schema([(Probleme, "serialization")], ref_template=REFERENCE)
    document.setdefault("components", {}).setdefault("schemas", {}).update(definitions["$defs"])


def genre(erreur: ErreurCotation) -> tuple[int, str, str]:
    return next((g for classe, g in GENRES.items() if isinstance(erreur, classe)), AUTRE_ERREUR)


class _Erreurs:
    """FastAPI's validation errors without their location prefix, for ``champs_en_francais``."""

    def __init__(self, exc: RequestValidationError) -> None:
        self._erreurs = [
            {**e, "loc": tuple(e["loc"][1:]) if e["loc"] and e["loc"][0] in EMPLACEMENTS else e["loc"]}
            for e in exc.errors()
        ]

    def errors(self) -> list[dict[str, Any]]:
        return self._erreurs


async def _erreur_cotation(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ErreurCotation)
    return probleme(request, *genre(exc), exc.message, champ=exc.champ)


async def _requete_invalide(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    if any(e["type"] == "json_invalid" for e in exc.errors()):
        detail = "le corps n'est pas un JSON valide"
        return probleme(request, 400, "json-invalide", "Corps de requête illisible", detail)
    erreurs = champs_en_francais(_Erreurs(exc))  # type: ignore[arg-type]
    detail = "Données invalides — " + " ; ".join(f"{champ} : {texte}" for champ, texte in erreurs)
    liste = [{"champ": champ, "detail": texte} for champ, texte in erreurs]
    return probleme(request, *GENRES[DonneesInvalides], detail, champ=erreurs[0][0], erreurs=liste)


def _erreur_http(routes: list[APIRoute]) -> Callable[[Request, Exception], Awaitable[JSONResponse]]:
    async def repondre(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, HTTPException)
        message = f"erreur HTTP {exc.status_code}"
        genre_http, titre, detail = GENRES_HTTP.get(exc.status_code, ("erreur-http", message, message))
        reponse = probleme(request, exc.status_code, genre_http, titre, detail)
        reponse.headers.update(exc.headers or {})
        if exc.status_code == 405:
            reponse.headers["Allow"] = ", ".join(_methodes(routes, request))
        return reponse

    return repondre


def _methodes(routes: list[APIRoute], request: Request) -> list[str]:
    """Every method some route serves at this path (Starlette names only those of the first route)."""
    return sorted({m for route in routes if route.matches(request.scope)[0] is not Match.NONE for m in route.methods})


async def _erreur_interne(request: Request, exc: Exception) -> JSONResponse:
    # never its message: it may quote data; logged outside the request's context, hence its id here
    _journal.error("erreur_interne", erreur=type(exc).__name__, id_requete=acces.identifiant(request))
    detail = "erreur inattendue du service : réessayez plus tard ou signalez-la à son administrateur"
    return probleme(request, 500, "erreur-interne", "Erreur interne", detail)


def installer(api: FastAPI, routes: list[APIRoute]) -> None:
    documentation.completer(api, _schemas)
    api.add_exception_handler(ErreurCotation, _erreur_cotation)
    api.add_exception_handler(RequestValidationError, _requete_invalide)
    api.add_exception_handler(HTTPException, _erreur_http(routes))
    api.add_exception_handler(Exception, _erreur_interne)
