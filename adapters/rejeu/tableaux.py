"""The replay and the evaluation as CSV, like the CIL reports (``adapters.rapports.tableaux``):
semicolon-separated, UTF-8 with a byte order mark, decimal comma, ISO dates.

- Replay: one row per demande, replay date and wish, written as the second pass goes (the file
  may hold millions of rows; it never sits in memory).
- Evaluation: one row per candidate chosen by a CAL in the year.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import TextIO

from adapters.rapports.tableaux import BOM, cellule
from projections.bilan_malus import reference
from projections.evaluation import CandidatRetenu, RapportEvaluation
from projections.rejeu_controle import Detail, criteres_affiches, publics_affiches

COLONNES_DETAIL = (
    "demande", "date", "type_demande", "prioritaire", "publics", "commune", "typologie", "score_en_vigueur",
    "score_candidate", "ecart", "rang_en_vigueur", "rang_candidate", "demandes_du_souhait", "criteres_modifies",
)


def _oui_non(valeur: bool) -> str:
    return "oui" if valeur else "non"


class EcrivainDetails:
    """Writes the replay's rows to ``sortie`` as they come; sensitive situations are never shown
    against a demande (``projections.rejeu_controle``)."""

    def __init__(self, sortie: TextIO, criteres_sensibles: frozenset[str]) -> None:
        sortie.write(BOM)
        self._csv = csv.writer(sortie, delimiter=";", lineterminator="\r\n")
        self._csv.writerow(COLONNES_DETAIL)
        self._sensibles = criteres_sensibles

    def ecrire(self, details: Iterable[Detail]) -> None:
        self._csv.writerows(self._cellules(d) for d in details)

    def _cellules(self, d: Detail) -> list[str]:
        ligne = d.ligne
        criteres = " ".join(f"{code}:{cellule(ecart)}" for code, ecart in criteres_affiches(ligne, self._sensibles))
        return [
            reference("D", ligne.demande_id), ligne.jour.isoformat(), ligne.type_demande, _oui_non(ligne.prioritaire),
            " ".join(publics_affiches(ligne)), d.commune, d.typologie,
            *map(cellule, (ligne.en_vigueur, ligne.candidate, ligne.ecart, d.rang_en_vigueur, d.rang_candidate, d.effectif)),
            criteres,
        ]


def csv_evaluation(rapport: RapportEvaluation, sortie: TextIO) -> None:
    colonnes = list(CandidatRetenu.model_fields)
    sortie.write(BOM)
    ecrivain = csv.writer(sortie, delimiter=";", lineterminator="\r\n")
    ecrivain.writerow(colonnes)
    ecrivain.writerows([_valeur(getattr(c, nom)) for nom in colonnes] for c in rapport.candidats_retenus)


def _valeur(valeur: object) -> str:
    return _oui_non(valeur) if isinstance(valeur, bool) else cellule(valeur)
