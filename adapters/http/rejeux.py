"""Endpoints of the replay of a candidate grid and of the yearly evaluation, run as jobs (ADR 0023).

``POST /rejeux`` (a candidate grid and dates) and ``POST /evaluations`` (a year) answer 202 with
the job's id and its address (``Location``); ``GET`` on that address answers 202 with the job's
progress while it runs, then 200 with the report (JSON by default, ``format=html`` or ``csv``),
or the refusal as a problem (422). A job runs in the process that accepted it; its state, report
and CSV detail live in the installation's store and replay directory, so any process of the
service answers for it, also after a restart (``adapters.rejeu.travaux``, ADR 0026).
Reserved to the auditor / CIL and the territory's administrator.
"""

from __future__ import annotations

import threading
from datetime import date, datetime
from typing import Annotated, TextIO
from uuid import UUID

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import FileResponse, JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from adapters.application import CotationApp
from adapters.horloge import aujourdhui
from adapters.http.contexte import Application
from adapters.http.erreurs import probleme, problemes
from adapters.http.routes import Route
from adapters.http.identite import acces_requis
from adapters.rapports.cil import TYPES_MEDIA, Format
from adapters.reglages import dossier_rejeux
from adapters.rejeu.execution import PREMIERE_ANNEE, evaluer, rejouer, verifier_annee, verifier_dates
from adapters.rejeu.rendu import nom_rejeu, rendre_evaluation, rendre_rejeu
from adapters.rejeu.travaux import CAPACITE, Calcul, Registre, RegistrePlein, Statut, Suivi, Travail
from adapters.rejeu.travaux_stockes import TravauxStockes
from domain.erreurs import DonneesInvalides
from domain.grille.modele import GrilleVersion
from projections.evaluation import RapportEvaluation
from projections.rejeu import mois_passes
from projections.rejeu_rapport import RapportRejeu

routeur = APIRouter(tags=["Rejeu d'une grille candidate et évaluation annuelle"], route_class=Route)
ACCES = [acces_requis("rejeux", quoi="les rejeux de grille et l'évaluation de la cotation")]
ATTENTE_SECONDES = 5
_creation = threading.Lock()


class DemandeRejeu(BaseModel):
    model_config = ConfigDict(extra="forbid")

    candidate: GrilleVersion = Field(description="La grille candidate, au format des grilles (non adoptée)")
    dates: list[date] | None = Field(default=None, description="Dates du rejeu (AAAA-MM-JJ), au plus 120")
    mois_passes: int | None = Field(
        default=None, ge=1, le=120, description="À défaut de dates : le premier de chacun des N derniers mois (12)"
    )


class DemandeEvaluation(BaseModel):
    model_config = ConfigDict(extra="forbid")

    annee: int = Field(ge=PREMIERE_ANNEE, le=9999, description="Année évaluée (AAAA), close")


class EtatTravail(BaseModel):
    id: UUID
    genre: str
    statut: Statut
    soumis_le: datetime
    termine_le: datetime | None
    etape: str
    faits: int
    total: int
    erreur: str | None
    lien: str


def registre(request: Request) -> Registre:
    """This process's job registry, over the installation's store, made on first use."""
    with _creation:
        if getattr(request.app.state, "rejeux", None) is None:
            app: CotationApp = request.app.state.cotation
            travaux = TravauxStockes(app, dossier_rejeux(app.env))
            request.app.state.rejeux = Registre(app.horloge, travaux)
    return request.app.state.rejeux  # type: ignore[no-any-return]


Registre_ = Annotated[Registre, Depends(registre)]


def _etat(travail: Travail) -> EtatTravail:
    return EtatTravail(
        id=travail.id, genre=travail.genre, statut=travail.statut, soumis_le=travail.soumis_le,
        termine_le=travail.termine_le, etape=travail.etape_en_cours, faits=travail.faits, total=travail.total,
        erreur=travail.erreur, lien=f"/{travail.genre}/{travail.id}",
    )


def _accepte(request: Request, registre_: Registre, genre: str, calcul: Calcul) -> Response:
    try:
        travail = registre_.soumettre(genre, calcul)
    except RegistrePlein as exc:
        reponse = probleme(request, 503, "rejeux-occupes", "Service occupé", str(exc))
        reponse.headers["Retry-After"] = "60"
        return reponse
    etat = _etat(travail)
    return JSONResponse(etat.model_dump(mode="json"), status_code=202, headers={"Location": etat.lien})


def _dates(demande: DemandeRejeu, app: CotationApp) -> list[date]:
    if demande.dates is not None and demande.mois_passes is not None:
        raise DonneesInvalides("dates et mois_passes s'excluent : donnez l'un ou l'autre", champ="dates")
    if demande.dates is None:
        return mois_passes(aujourdhui(app.horloge), demande.mois_passes or 12)
    return verifier_dates(demande.dates, aujourdhui(app.horloge))


OCCUPE = {
    "description": f"Service occupé : {CAPACITE} calculs sont déjà en attente ou en cours (en-tête Retry-After).",
    "content": problemes(422)[422]["content"],
}
REPONSES_SOUMISSION = {202: {"model": EtatTravail, "description": "Accepté : le calcul est lancé"}} | problemes(
    401, 403, 422
) | {503: OCCUPE}
REPONSES_LECTURE = {
    200: {"content": {"text/csv": {}, "text/html": {}}, "description": "Le rapport, au format demandé"},
    202: {"model": EtatTravail, "description": "En attente ou en cours : son avancement"},
} | problemes(401, 403, 404, 422)
FormatRapport = Annotated[Format, Query(alias="format", description="json (par défaut), csv ou html")]


@routeur.post(
    "/rejeux",
    summary="Lancer le rejeu d'une grille candidate",
    description="Clause de revoyure : rejoue une grille candidate (non adoptée) sur l'historique. À chaque date, "
    "chaque demande active est cotée sous la grille en vigueur et sous la candidate : écarts par demande, "
    "gagnants et perdants par critère et par public, contrôle légal (règles d'adoption, part des publics "
    "prioritaires dans le premier décile de chaque souhait, demandes non prioritaires passant devant une demande "
    "DALO), accord avec les choix des CAL. Rien n'est écrit. Répond 202 avec l'adresse où suivre le calcul.",
    status_code=202,
    responses=REPONSES_SOUMISSION,
    dependencies=ACCES,
)
def lancer_rejeu(request: Request, app: Application, registre_: Registre_, demande: DemandeRejeu) -> Response:
    dates = _dates(demande, app)

    def calcul(suivi: Suivi, detail: TextIO) -> RapportRejeu:
        return rejouer(app, demande.candidate, dates, detail, suivi)

    return _accepte(request, registre_, "rejeux", calcul)


@routeur.post(
    "/evaluations",
    summary="Lancer l'évaluation annuelle de la cotation",
    description="Rang dans la cotation des candidats retenus par les CAL de l'année, part des publics prioritaires "
    "parmi les ménages logés, scores des logés et des demandes en attente par commune et typologie. Répond 202 "
    "avec l'adresse où suivre le calcul.",
    status_code=202,
    responses=REPONSES_SOUMISSION,
    dependencies=ACCES,
)
def lancer_evaluation(request: Request, app: Application, registre_: Registre_, demande: DemandeEvaluation) -> Response:
    verifier_annee(demande.annee, aujourdhui(app.horloge))

    def calcul(suivi: Suivi, detail: TextIO) -> RapportEvaluation:
        return evaluer(app, demande.annee, suivi)

    return _accepte(request, registre_, "evaluations", calcul)


def _resultat(
    request: Request, app: CotationApp, travail: Travail | None, genre: str, format_rapport: Format
) -> Response:
    if travail is None or travail.genre != genre:
        detail = "aucun calcul ne porte cet identifiant (les plus anciens sont oubliés)"
        return probleme(request, 404, "rejeu-introuvable", "Calcul introuvable", detail)
    if not travail.fini:
        etat = _etat(travail)
        return JSONResponse(etat.model_dump(mode="json"), 202, headers={"Retry-After": str(ATTENTE_SECONDES)})
    if travail.statut is Statut.ECHOUE:
        return probleme(request, 422, "calcul-refuse", "Calcul refusé", travail.erreur or "", id_calcul=str(travail.id))
    rapport = travail.rapport
    if isinstance(rapport, RapportRejeu) and format_rapport == "csv":
        return _detail(request, travail, rapport)
    jour = aujourdhui(app.horloge)
    if isinstance(rapport, RapportRejeu):
        rendu = rendre_rejeu(rapport, format_rapport, jour)
    else:
        assert isinstance(rapport, RapportEvaluation)
        rendu = rendre_evaluation(rapport, format_rapport, jour)
    disposition = "inline" if format_rapport == "html" else "attachment"
    entetes = {"Content-Disposition": f'{disposition}; filename="{rendu.nom_fichier}"'}
    return Response(rendu.contenu, media_type=rendu.type_media, headers=entetes)


def _detail(request: Request, travail: Travail, rapport: RapportRejeu) -> Response:
    if travail.detail is None or not travail.detail.is_file():
        detail = "le détail CSV de ce rejeu n'est plus disponible sur le service : relancez le rejeu"
        return probleme(request, 404, "detail-introuvable", "Détail introuvable", detail, id_calcul=str(travail.id))
    return FileResponse(travail.detail, media_type=TYPES_MEDIA["csv"], filename=nom_rejeu(rapport, "csv"))


@routeur.get(
    "/rejeux/{travail_id}",
    summary="Suivre un rejeu, puis lire son rapport",
    description="202 et l'avancement tant que le calcul tourne ; puis 200 et le rapport : JSON (par défaut), page "
    "HTML autonome avec ses graphiques, ou CSV d'une ligne par demande, date et souhait (écart et rangs).",
    response_model=RapportRejeu,
    responses=REPONSES_LECTURE,
    dependencies=ACCES,
)
def lire_rejeu(
    request: Request, app: Application, registre_: Registre_, travail_id: UUID, format_rapport: FormatRapport = "json"
) -> Response:
    return _resultat(request, app, registre_.lire(travail_id), "rejeux", format_rapport)


@routeur.get(
    "/evaluations/{travail_id}",
    summary="Suivre une évaluation annuelle, puis lire son rapport",
    description="202 et l'avancement tant que le calcul tourne ; puis 200 et le rapport : JSON (par défaut), page "
    "HTML autonome avec ses graphiques, ou CSV d'une ligne par candidat retenu en CAL.",
    response_model=RapportEvaluation,
    responses=REPONSES_LECTURE,
    dependencies=ACCES,
)
def lire_evaluation(
    request: Request, app: Application, registre_: Registre_, travail_id: UUID, format_rapport: FormatRapport = "json"
) -> Response:
    return _resultat(request, app, registre_.lire(travail_id), "evaluations", format_rapport)
