"""The reports as CSV, for a spreadsheet: semicolon-separated, UTF-8 with a byte order mark,
decimal comma, ISO dates (AAAA-MM-JJ).

- The malus applied since a date: one row per malus, one column per field of the JSON report.
- The yearly bilan: one long table ``tableau;cle;libelle;mesure;valeur`` holding every table of
  the JSON report (ADR 0013): ``bilan`` (year, report day), ``envisagements``, ``issues``,
  ``durees`` (one row per measure), then ``par_type``, ``par_motif``, ``par_guichet``,
  ``par_agent``, ``recours`` and ``par_mois`` (one row per category and measure). A pivot
  table rebuilds any of them.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from datetime import date
from decimal import Decimal
from enum import Enum

from pydantic import BaseModel

from projections.bilan_malus import LIBELLES_ETAT, LIBELLES_RECOURS, BilanMalus, Etat, LigneMalus, MalusDepuis

BOM = "\ufeff"
COLONNES_BILAN = ("tableau", "cle", "libelle", "mesure", "valeur")
#: For each list of the bilan: the field naming the category and the field describing it.
CLES = {
    "par_type": ("cle", "libelle"),
    "par_motif": ("type_malus", "motif"),
    "par_guichet": ("cle", "libelle"),
    "par_agent": ("cle", "libelle"),
    "recours": ("objet", None),
    "par_mois": ("mois", None),
}


def cellule(valeur: object) -> str:
    if valeur is None:
        return ""
    if isinstance(valeur, Etat):
        return LIBELLES_ETAT[valeur]
    if isinstance(valeur, Enum):
        return str(valeur.value)
    if isinstance(valeur, Decimal):
        return format(valeur.normalize(), "f").replace(".", ",")
    if isinstance(valeur, date):
        return valeur.isoformat()
    return str(valeur)


def _csv(lignes: Iterable[Iterable[object]]) -> str:
    sortie = io.StringIO()
    ecrivain = csv.writer(sortie, delimiter=";", lineterminator="\r\n")
    ecrivain.writerows([cellule(v) for v in ligne] for ligne in lignes)
    return BOM + sortie.getvalue()


def csv_malus_depuis(rapport: MalusDepuis) -> str:
    colonnes = list(LigneMalus.model_fields)
    lignes = ([getattr(m, c) if c != "recours" else _recours(m.recours) for c in colonnes] for m in rapport.malus)
    return _csv([colonnes, *lignes])


def _recours(recours: str | None) -> str | None:
    return None if recours is None else LIBELLES_RECOURS[recours]


def csv_bilan(bilan: BilanMalus) -> str:
    return _csv([COLONNES_BILAN, *_lignes_bilan(bilan)])


def _lignes_bilan(bilan: BilanMalus) -> Iterator[tuple[object, ...]]:
    yield "bilan", "", "", "annee", bilan.annee
    yield "bilan", "", "", "au", bilan.au
    for tableau in ("envisagements", "issues", "durees"):
        for mesure, valeur in getattr(bilan, tableau):
            yield tableau, "", "", mesure, valeur
    for tableau, (cle, libelle) in CLES.items():
        for ligne in getattr(bilan, tableau):
            yield from _mesures(tableau, ligne, cle, libelle)


def _mesures(tableau: str, ligne: BaseModel, cle: str, libelle: str | None) -> Iterator[tuple[object, ...]]:
    texte = getattr(ligne, libelle) if libelle else ""
    for mesure, valeur in ligne:
        if mesure not in (cle, libelle):
            yield tableau, getattr(ligne, cle), texte, mesure, valeur
