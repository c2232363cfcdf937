"""The HTTP service: a FastAPI application over one ``CotationApp`` (one territory)."""

from __future__ import annotations

from fastapi import FastAPI

from adapters.application import CotationApp
from adapters.http import a_examiner, acces, demandes, erreurs, grille, idempotence, rapports
from adapters.idempotence import RegistreIdempotence

DESCRIPTION = (
    "Cotation de la demande de logement social : chaque point d'une cotation est rattaché aux événements "
    "qui le justifient, et toute cotation peut être recalculée à une date passée, telle qu'elle était "
    "connue à un instant donné. Les demandes sont désignées par leur identifiant ; le numéro unique ne "
    "circule que dans le corps des requêtes. Les refus sont motivés en français (RFC 9457, "
    "application/problem+json : 422 données invalides, 409 règle de la cotation ou écriture concurrente, "
    "404 introuvable) et n'écrivent rien ; une requête POST munie d'un en-tête Idempotency-Key peut être "
    "renvoyée sans jamais écrire deux fois. "
    "La cotation est une aide à la décision : elle n'est opposable ni aux réservataires ni à la commission "
    "d'attribution."
)


def creer_api(cotation: CotationApp) -> FastAPI:
    """The HTTP application serving ``cotation``; dates default to today by its clock."""
    api = FastAPI(title="Cotation", version="0.1.0", description=DESCRIPTION, responses=erreurs.problemes(500))
    api.state.cotation = cotation
    api.include_router(demandes.routeur)
    api.include_router(grille.routeur)
    api.include_router(rapports.routeur)
    api.include_router(a_examiner.routeur)
    erreurs.installer(api)
    idempotence.installer(api, RegistreIdempotence(cotation.recorder, cotation.horloge))
    acces.installer(api)
    return api
