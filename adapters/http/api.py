"""The HTTP service: a FastAPI application over one ``CotationApp`` (one territory)."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.routing import APIRoute
from starlette.types import Lifespan

from adapters.application import CotationApp
from adapters.http import (
    a_examiner,
    acces,
    commandes,
    couches,
    demandes,
    documentation,
    erreurs,
    grille,
    idempotence,
    identite,
    projections,
    rapports,
    rejeux,
)
from adapters.http.jetons import SECRET_DEVELOPPEMENT
from adapters.http.sensible import CriteresSensibles
from adapters.idempotence import RegistreIdempotence

DESCRIPTION = (
    "Cotation de la demande de logement social : chaque point d'une cotation est rattaché aux événements "
    "qui le justifient, et toute cotation peut être recalculée à une date passée, telle qu'elle était "
    "connue à un instant donné. Les demandes sont désignées par leur identifiant ; le numéro unique ne "
    "circule que dans le corps des requêtes. Chaque requête porte un jeton d'accès (en-tête "
    "« Authorization: Bearer <jeton> », JWT signé) qui nomme l'utilisateur, ses profils et son territoire : "
    "l'auteur des événements enregistrés est cet utilisateur, chaque opération est réservée à certains profils "
    "(401 sans jeton valide, 403 hors profil ou hors territoire), et les situations et pièces sensibles ne sont "
    "montrées qu'au profil consultant sensible (et au demandeur pour sa demande) : leurs points restent visibles. "
    "Les refus sont motivés en français (RFC 9457, "
    "application/problem+json : 422 données invalides, 409 règle de la cotation ou écriture concurrente, "
    "404 introuvable, 401 et 403 identité, profil ou territoire) et n'écrivent rien ; une requête POST munie "
    "d'un en-tête Idempotency-Key peut être renvoyée sans jamais écrire deux fois. "
    "La cotation est une aide à la décision : elle n'est opposable ni aux réservataires ni à la commission "
    "d'attribution."
)


ROUTEURS = (
    demandes.routeur, grille.routeur, rapports.routeur, a_examiner.routeur, rejeux.routeur, projections.routeur
)


def routes() -> list[APIRoute]:
    """Every endpoint of the service (the documentation's pages aside)."""
    return [route for routeur in ROUTEURS for route in routeur.routes if isinstance(route, APIRoute)]


def creer_api(cotation: CotationApp, secret: str = SECRET_DEVELOPPEMENT, lifespan: Lifespan | None = None) -> FastAPI:
    """The HTTP application serving ``cotation``, accepting the tokens signed with ``secret``;
    dates default to today by its clock. ``lifespan``: what to do when uvicorn starts and stops it."""
    api = FastAPI(
        title="Cotation", version="0.1.0", description=DESCRIPTION, responses=erreurs.problemes(500), lifespan=lifespan
    )
    api.state.cotation = cotation
    api.state.sensibles = CriteresSensibles(cotation)
    for routeur in ROUTEURS:
        api.include_router(routeur)
    documentation.completer(api, commandes.completer)
    erreurs.installer(api, routes())
    couches.empiler(
        api,
        acces.journaliser,
        identite.installer(api, secret, routes()),
        idempotence.installer(api, RegistreIdempotence(cotation.recorder, cotation.horloge)),
    )
    return api
