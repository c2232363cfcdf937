"""Endpoint of the grid: the version in force at a date, with its adoption and deactivations."""

from __future__ import annotations

from fastapi import APIRouter

from adapters.http.contexte import Application, Jour
from adapters.http.erreurs import problemes
from adapters.http.schemas import GrilleEnVigueur

routeur = APIRouter(prefix="/grille", tags=["Grille"])


@routeur.get(
    "",
    summary="Grille de cotation en vigueur à une date",
    description="La version de la grille du territoire en vigueur à la date demandée (par défaut "
    "aujourd'hui) : critères, pondérations, option justificatif, paramètres datés avec leur source "
    "(une valeur marquée « hypothese » est provisoire), l'événement de son adoption et les critères "
    "locaux désactivés à cette date. Aucune grille en vigueur à cette date : 404.",
    responses=problemes(404, 422),
)
def grille(app: Application, jour: Jour) -> GrilleEnVigueur:
    en_vigueur = app.grille(jour)
    return GrilleEnVigueur(
        version=en_vigueur.version, adoption=en_vigueur.adoption, criteres_desactives=sorted(en_vigueur.inactifs)
    )
