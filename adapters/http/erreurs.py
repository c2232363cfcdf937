"""Every refusal answers in French: domain errors, invalid requests, unknown routes.

Details never echo the values sent (they may be personal data), only which field is wrong.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from domain.erreurs import (
    CommandeInvalide,
    DemandeIntrouvable,
    ErreurCotation,
    GrilleIntrouvable,
    GrilleInvalide,
    ParametreManquant,
    en_francais,
)

STATUTS: dict[type[ErreurCotation], int] = {
    DemandeIntrouvable: 404,
    GrilleIntrouvable: 404,
    CommandeInvalide: 422,
    GrilleInvalide: 422,
    ParametreManquant: 422,
}
MESSAGES_HTTP = {
    404: "ressource introuvable",
    405: "méthode non permise sur cette ressource",
}
#: Where FastAPI found the faulty value: not part of the field's name for the user.
EMPLACEMENTS = ("body", "query", "path")


def statut(erreur: ErreurCotation) -> int:
    return next((code for classe, code in STATUTS.items() if isinstance(erreur, classe)), 400)


class _Erreurs:
    """FastAPI's validation errors without their location prefix, for ``en_francais``."""

    def __init__(self, exc: RequestValidationError) -> None:
        self._erreurs = [
            {**e, "loc": tuple(e["loc"][1:]) if e["loc"] and e["loc"][0] in EMPLACEMENTS else e["loc"]}
            for e in exc.errors()
        ]

    def errors(self) -> list[dict[str, Any]]:
        return self._erreurs


async def _erreur_cotation(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ErreurCotation)
    return JSONResponse({"detail": exc.message}, status_code=statut(exc))


async def _requete_invalide(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    return JSONResponse({"detail": en_francais(_Erreurs(exc))}, status_code=422)  # type: ignore[arg-type]


async def _erreur_http(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HTTPException)
    message = MESSAGES_HTTP.get(exc.status_code, f"erreur HTTP {exc.status_code}")
    return JSONResponse({"detail": message}, status_code=exc.status_code, headers=exc.headers)


def installer(api: FastAPI) -> None:
    api.add_exception_handler(ErreurCotation, _erreur_cotation)
    api.add_exception_handler(RequestValidationError, _requete_invalide)
    api.add_exception_handler(HTTPException, _erreur_http)
