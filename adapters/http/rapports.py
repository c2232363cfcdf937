"""Endpoints of the CIL reports: the malus applied since a date, and the yearly bilan of malus use.

Each answers in JSON (the default), CSV or a self-contained HTML page (``format``). The
reports name demandes by an opaque short reference only (ADR 0013).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from adapters.http.contexte import Application
from adapters.http.dates import DateIso
from adapters.http.erreurs import problemes
from adapters.http.routes import Route
from adapters.http.identite import acces_requis
from adapters.rapports import cil
from adapters.rapports.cil import Format
from projections.bilan_malus import BilanMalus, MalusDepuis

routeur = APIRouter(prefix="/rapports", tags=["Rapports à la CIL"], route_class=Route)

FormatRapport = Annotated[Format, Query(alias="format", description="json (par défaut), csv ou html")]
Au = Annotated[
    DateIso | None, Query(description="Jour auquel l'état des malus est arrêté (AAAA-MM-JJ) ; par défaut, aujourd'hui")
]
REPONSES = {
    200: {"content": {"text/csv": {}, "text/html": {}}, "description": "Le rapport au format demandé"}
} | problemes(422)


def _reponse(rapport: MalusDepuis | BilanMalus, format_rapport: Format, app: Application) -> Response:
    rendu = cil.rendre(rapport, format_rapport, app)
    disposition = "inline" if format_rapport == "html" else "attachment"
    entetes = {"Content-Disposition": f'{disposition}; filename="{rendu.nom_fichier}"'}
    return Response(rendu.contenu, media_type=rendu.type_media, headers=entetes)


@routeur.get(
    "/malus-depuis",
    summary="Malus appliqués depuis une date",
    description="Pour l'ordre du jour de la prochaine réunion de coordination de la CIL : chaque malus appliqué "
    "(date d'effet) ou enregistré depuis la date donnée (celle de la dernière réunion), avec son type, ses "
    "points, ses dates, le guichet et l'agent, les motifs, son état et son recours éventuel. Les demandes sont "
    "désignées par une référence opaque (D-…).",
    response_model=MalusDepuis,
    responses=REPONSES,
    dependencies=[acces_requis("rapports_cil", quoi="les rapports à la CIL")],
)
def malus_depuis(
    app: Application,
    depuis: Annotated[DateIso, Query(alias="date", description="Date de la dernière réunion (AAAA-MM-JJ)")],
    au: Au = None,
    format_rapport: FormatRapport = "json",
) -> Response:
    return _reponse(cil.malus_depuis(app, depuis, au), format_rapport, app)


@routeur.get(
    "/bilan-malus",
    summary="Bilan annuel de l'usage des malus",
    description="Malus envisagés et appliqués dans l'année (par date d'effet) et leur devenir : par type et motif, "
    "par guichet et par agent, durées, levés avant échéance ou expirés, recours amiables et leur issue, série "
    "mois par mois. En HTML, une page autonome avec ses graphiques (SVG intégré, sans script ni ressource "
    "externe).",
    response_model=BilanMalus,
    responses=REPONSES,
    dependencies=[acces_requis("rapports_cil", quoi="les rapports à la CIL")],
)
def bilan_malus(
    app: Application,
    annee: Annotated[int, Query(description="Année du bilan (AAAA)")],
    au: Au = None,
    format_rapport: FormatRapport = "json",
) -> Response:
    return _reponse(cil.bilan_malus(app, annee, au), format_rapport, app)
