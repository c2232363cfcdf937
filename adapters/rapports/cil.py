"""The CIL reports of one installation: read the log in batches, fold, render in the format asked.

Shared by the HTTP endpoints and the CLI commands. The report day (``au``) is today by the
application's clock unless given; dates of states are valid-time dates (ADR 0013).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from adapters.application import CotationApp
from adapters.horloge import aujourdhui
from adapters.rapports.lecture import LOT, evenements
from adapters.rapports.pages import page_bilan, page_malus_depuis
from adapters.rapports.tableaux import csv_bilan, csv_malus_depuis
from domain.erreurs import DonneesInvalides
from domain.format import jour
from domain.grille.evenements import GrilleAdoptee
from projections import bilan_malus as projection
from projections.bilan_malus import TOPICS, BilanMalus, MalusDepuis

Format = Literal["json", "csv", "html"]
FORMATS: tuple[Format, ...] = ("json", "csv", "html")
TYPES_MEDIA: dict[Format, str] = {
    "json": "application/json",
    "csv": "text/csv; charset=utf-8",
    "html": "text/html; charset=utf-8",
}
PREMIERE_ANNEE = 2000


@dataclass(frozen=True)
class Rendu:
    contenu: str
    type_media: str
    nom_fichier: str


def libelles_malus(app: CotationApp) -> dict[str, str]:
    """The wording of each malus type in the territory's grids (the latest adopted wins)."""
    adoptions = [e for e in app.historique_grille() if isinstance(e, GrilleAdoptee)]
    return {malus.code: malus.libelle for adoption in adoptions for malus in adoption.grille.malus}


def malus_depuis(app: CotationApp, depuis: date, au: date | None = None, lot: int = LOT) -> MalusDepuis:
    au = au or aujourdhui(app.horloge)
    if depuis > au:
        raise DonneesInvalides(f"la date de début ({jour(depuis)}) suit le jour du rapport ({jour(au)})", champ="date")
    return projection.malus_depuis(evenements(app, TOPICS, lot), depuis, au, libelles_malus(app))


def bilan_malus(app: CotationApp, annee: int, au: date | None = None, lot: int = LOT) -> BilanMalus:
    au = au or aujourdhui(app.horloge)
    if not PREMIERE_ANNEE <= annee <= au.year:
        message = f"année invalide : {annee} (attendue entre {PREMIERE_ANNEE} et {au.year})"
        raise DonneesInvalides(message, champ="annee")
    return projection.bilan_malus(evenements(app, TOPICS, lot), annee, au, libelles_malus(app))


def rendre(rapport: MalusDepuis | BilanMalus, format_rapport: Format, app: CotationApp) -> Rendu:
    """The report as a file: its text, media type and a file name that says what it holds."""
    if isinstance(rapport, BilanMalus):
        nom, tableau, page = f"bilan-malus-{rapport.annee}", csv_bilan, page_bilan
    else:
        nom, tableau, page = f"malus-depuis-{rapport.depuis.isoformat()}", csv_malus_depuis, page_malus_depuis
    if format_rapport == "json":
        contenu = rapport.model_dump_json(indent=2)
    elif format_rapport == "csv":
        contenu = tableau(rapport)  # type: ignore[arg-type]
    else:
        contenu = page(rapport, app.territoire, aujourdhui(app.horloge))  # type: ignore[arg-type]
    return Rendu(contenu, TYPES_MEDIA[format_rapport], f"{nom}.{format_rapport}")
