"""Endpoints of the grid: the version in force at a date; adopting a version, deactivating a local criterion."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter

from adapters.http.contexte import Application, Jour
from adapters.http.erreurs import problemes
from adapters.http.routes import Route
from adapters.http.identite import acces_requis
from adapters.http.jetons import Identite
from adapters.http.schemas import AdoptionGrille, DesactivationCritere, EvenementGrille, GrilleEnVigueur
from domain.evenements import Evenement
from domain.grille.alertes import HORIZON

routeur = APIRouter(prefix="/grille", tags=["Grille"], route_class=Route)

Administrateur = Annotated[Identite, acces_requis("grille_adoptee", quoi="l'adoption d'une version de grille")]
Desactivateur = Annotated[
    Identite, acces_requis("critere_local_desactive", quoi="la désactivation d'un critère local")
]


def _ecrit(evt: Evenement) -> EvenementGrille:
    return EvenementGrille(
        evenement_id=evt.evenement_id, type=evt.TOPIC, effet_le=evt.effet_le, enregistre_le=evt.enregistre_le
    )


@routeur.get(
    "",
    summary="Grille de cotation en vigueur à une date",
    description="La version de la grille du territoire en vigueur à la date demandée (par défaut "
    "aujourd'hui) : critères, pondérations, option justificatif, paramètres datés avec leur source "
    "(une valeur marquée « hypothese » est provisoire), l'événement de son adoption et les critères "
    f"locaux désactivés à cette date, et les alertes : paramètres qui n'auront plus de valeur dans les "
    f"{HORIZON.days} jours. Aucune grille en vigueur à cette date : 404.",
    responses=problemes(404, 422),
    dependencies=[acces_requis("grille", quoi="la consultation de la grille")],
)
def grille(app: Application, jour: Jour) -> GrilleEnVigueur:
    en_vigueur = app.grille(jour)
    return GrilleEnVigueur(
        version=en_vigueur.version, adoption=en_vigueur.adoption, criteres_desactives=sorted(en_vigueur.inactifs),
        alertes=[a.en_texte() for a in app.alertes_grille(jour)],
    )


@routeur.post(
    "/adoptions",
    status_code=201,
    summary="Adopter une version de la grille",
    description="Enregistre l'adoption d'une version de la grille du territoire (même format que les fichiers YAML "
    "livrés, en JSON), avec le motif (délibération, plan…). Elle s'applique à partir de sa propre date d'effet. "
    "Les règles d'adoption sont vérifiées : chaque priorité légale (art. L441-1 CCH) pondérée, le DALO au plus "
    "haut, aucun critère facultatif ou local au-dessus d'un critère obligatoire, au plus 10 critères locaux, "
    "critères locaux jamais modifiés ni retirés (seulement désactivés), version jamais réadoptée, pas d'effet "
    "avant la dernière version adoptée. Une grille refusée (409) ou mal formée (422), motif en français, "
    "n'écrit rien.",
    responses=problemes(400, 409, 422),
)
def adopter(app: Application, qui: Administrateur, adoption: AdoptionGrille) -> EvenementGrille:
    acteur = qui.acteur().model_dump(mode="json")
    effet_le = adoption.grille.get("effet_le")
    return _ecrit(app.adopter_grille({**adoption.model_dump(), "effet_le": effet_le, "acteur": acteur}))


@routeur.post(
    "/desactivations",
    status_code=201,
    summary="Désactiver un critère local",
    description="Un critère local n'est jamais modifié ni supprimé : il est désactivé à une date d'effet, avec un "
    "motif, et ne compte plus à partir de ce jour ; il pourra être purgé un an plus tard (par le planificateur). "
    "Seul un critère local d'une version adoptée, pas encore désactivé, à partir de son adoption, peut l'être ; "
    "sinon 409, rien n'est écrit.",
    responses=problemes(400, 409, 422),
)
def desactiver(app: Application, qui: Desactivateur, desactivation: DesactivationCritere) -> EvenementGrille:
    acteur = qui.acteur().model_dump(mode="json")
    return _ecrit(app.desactiver_critere_local({**desactivation.model_dump(), "acteur": acteur}))
