"""The agents' to-do list: the malus whose contradictory period has ended, awaiting a decision (ADR 0014)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from adapters.http.contexte import Application
from adapters.http.dates import DateIso
from adapters.http.erreurs import problemes
from adapters.http.routes import Route
from adapters.http.identite import acces_requis
from adapters.rapports import a_examiner as liste
from projections.a_examiner import AExaminer

routeur = APIRouter(prefix="/malus", tags=["Malus"], route_class=Route)


@routeur.get(
    "/a-examiner",
    summary="Malus à examiner par les chargés d'instruction",
    description="Les malus envisagés dont la période contradictoire est close (constatée par le planificateur "
    "ou simplement échue au jour donné), sans modification ni complément de la demande pendant la période, et "
    "sur lesquels aucune décision n'a encore été prise : ni appliqués (malus_applique) ni non retenus "
    "(malus_non_retenu). Le plus ancien d'abord, avec l'identifiant de la demande et du malus pour agir, le "
    "type, les dates, le nombre de jours d'attente, le guichet et l'agent qui l'a envisagé ; aucune donnée "
    "personnelle.",
    response_model=AExaminer,
    responses=problemes(422),
    dependencies=[acces_requis("malus_a_examiner", quoi="la liste des malus à examiner")],
)
def a_examiner(
    app: Application,
    guichet: Annotated[
        str | None, Query(description="Seulement les malus envisagés par un agent de ce guichet")
    ] = None,
    au: Annotated[
        DateIso | None, Query(description="Jour de la liste (AAAA-MM-JJ) ; par défaut, aujourd'hui")
    ] = None,
) -> AExaminer:
    return liste.a_examiner(app, au, guichet)
