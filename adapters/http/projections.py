"""Reads served from the read models (``adapters/projections``): the current cotation and until
when it holds, the timeline of the score, the rank on each wish, the weekly positionnement and
the délais moyens. Each read first catches the read models up with the log (cheap when they
are), so a client reads its own writes. Sensitive criteria show as masked codes, points kept.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter
from pydantic import BaseModel

from adapters.http import sensible
from adapters.http.contexte import Application, Sensibles
from adapters.http.erreurs import problemes
from adapters.http.routes import Route
from adapters.http.identite import acces_requis
from adapters.http.jetons import Identite
from adapters.projections import lecture
from adapters.projections.rattrapage import rattraper
from domain.cotation.chronologie import Etape

routeur = APIRouter(tags=["Lectures projetées"], route_class=Route)
LecteurChronologie = Annotated[Identite, acces_requis("chronologie", quoi="la chronologie d'une cotation")]
LecteurPositionnement = Annotated[Identite, acces_requis("positionnement", quoi="le positionnement d'une demande")]


class PointsCritere(BaseModel):
    critere: str
    points: Decimal


class EtapeLue(BaseModel):
    du: date
    total: Decimal | None
    points: list[PointsCritere]
    grille: str | None
    cause: str
    evenement_id: UUID | None


class CotationCouranteLue(BaseModel):
    demande_id: UUID
    cotation: EtapeLue
    valide_jusqu_au: date | None
    horizon: date
    active: bool
    calcule_le: date


class Chronologie(BaseModel):
    demande_id: UUID
    etapes: list[EtapeLue]


class Positionnement(BaseModel):
    demande_id: UUID
    classement: list[dict[str, Any]]
    positionnement_hebdomadaire: list[dict[str, Any]]
    dernier_calcul: date | None


class Delais(BaseModel):
    dernier_calcul: date | None
    delais: list[dict[str, Any]]


def _lue(etape: Etape, masques: set[str]) -> EtapeLue:
    cause = sensible.DETAIL_MASQUE if any(code in etape.cause for code in masques) else etape.cause
    points = [PointsCritere(critere=sensible.DETAIL_MASQUE if c in masques else c, points=p) for c, p in etape.points]
    return EtapeLue(du=etape.du, total=etape.total, points=points, grille=etape.grille, cause=cause,
                    evenement_id=etape.evenement_id)


def _masques(qui: Identite, sensibles: Any) -> set[str]:
    return set() if sensible.voit_sensible(qui) else set(sensibles.tous())


@routeur.get(
    "/demandes/{demande_id}/cotation-courante",
    summary="Cotation courante et date jusqu'à laquelle elle vaut",
    description="La cotation en vigueur aujourd'hui, lue dans les modèles de lecture (sans rejouer l'historique), "
    "et le dernier jour où elle vaut sans nouvel événement (« valide_jusqu_au » ; vide si aucun changement n'est "
    "connu avant l'horizon calculé).",
    responses=problemes(404, 422),
)
def cotation_courante(app: Application, sensibles: Sensibles, qui: LecteurChronologie, demande_id: UUID
                      ) -> CotationCouranteLue:
    rattraper(app)
    courante = lecture.cotation_courante(app, demande_id)
    return CotationCouranteLue(
        demande_id=demande_id, cotation=_lue(courante.etape, _masques(qui, sensibles)),
        valide_jusqu_au=courante.valide_jusqu_au, horizon=courante.horizon, active=courante.active,
        calcule_le=courante.calcule_le,
    )


@routeur.get(
    "/demandes/{demande_id}/chronologie",
    summary="Chronologie de la cotation",
    description="Chaque changement de la cotation, tel que connu aujourd'hui : date, total, points retenus par "
    "critère, version de grille et cause (un événement, ou une échéance comme un anniversaire d'ancienneté ou "
    "la fin d'un malus). Un total vide signifie qu'aucune cotation ne pouvait être calculée à cette date.",
    responses=problemes(404, 422),
)
def chronologie(app: Application, sensibles: Sensibles, qui: LecteurChronologie, demande_id: UUID) -> Chronologie:
    rattraper(app)
    masques = _masques(qui, sensibles)
    return Chronologie(demande_id=demande_id,
                       etapes=[_lue(e, masques) for e in lecture.chronologie(app, demande_id)])


@routeur.get(
    "/demandes/{demande_id}/positionnement",
    summary="Positionnement de la demande sur chacun de ses souhaits",
    description="Le rang actuel de la demande parmi les demandes actives de même souhait (commune et typologie), "
    "et le positionnement hebdomadaire (rang r sur N, distribution des cotations des demandes analogues, délai "
    "moyen d'attente des attributions des 12 derniers mois), avec sa date de calcul.",
    responses=problemes(404, 422),
)
def positionnement(app: Application, qui: LecteurPositionnement, demande_id: UUID) -> Positionnement:
    rattraper(app)
    lecture.cotation_courante(app, demande_id)
    return Positionnement(
        demande_id=demande_id,
        classement=[vars(c) for c in lecture.classement(app, demande_id)],
        positionnement_hebdomadaire=[_dict(p) for p in lecture.positionnement(app, demande_id)],
        dernier_calcul=lecture.dernier_positionnement(app),
    )


@routeur.get(
    "/delais-moyens",
    summary="Délais moyens d'attente par commune et typologie",
    description="Le délai moyen entre la première inscription et la signature du bail, sur les attributions des "
    "12 mois précédant le dernier calcul hebdomadaire, par commune et typologie.",
    dependencies=[acces_requis("delais_moyens", quoi="les délais moyens d'attente")],
    responses=problemes(422),
)
def delais_moyens(app: Application) -> Delais:
    return Delais(dernier_calcul=lecture.dernier_positionnement(app),
                  delais=[vars(d) for d in lecture.delais_moyens(app)])


def _dict(p: lecture.Positionnement) -> dict[str, Any]:
    return {**vars(p), "delai": vars(p.delai) if p.delai else None}
