"""Run a replay of a candidate grid, or a yearly evaluation, over one installation's log.

The log is read with plain SQL, one demande's history after another (``adapters.projections.base``),
up to the last event visible when the run starts: a run sees one fixed state of the log. The
first pass goes demande by demande (``projections.rejeu_passes``), its rows spooled to a
temporary file (``Reserve``); the second pass reads them back, ranks them and writes the CSV
detail when asked.
"""

from __future__ import annotations

import math
import os
from collections import deque
from collections.abc import Iterator, Sequence
from datetime import date
from typing import Any, Protocol, TextIO

from adapters.application import CotationApp
from adapters.horloge import aujourdhui
from adapters.projections.base import PAGE, Base
from adapters.rejeu.parallele import Brute, Passe, par_lots, traiter
from adapters.rejeu.reserve import Reserve
from adapters.rejeu.tableaux import EcrivainDetails
from domain.erreurs import DonneesInvalides
from domain.format import jour
from domain.grille.modele import GrilleVersion
from projections.evaluation import PasseEvaluation, RapportEvaluation, dates_evaluation, rapport_evaluation
from projections.rejeu import Grilles
from projections.rejeu_controle import criteres_sensibles
from projections.rejeu_passes import PremierePasse
from projections.rejeu_rapport import ContexteRejeu, RapportRejeu, grille, rapport_rejeu

#: Demandes per batch (one task of a worker, one write to the spool).
LOT = 1000
LOT_MINIMUM = 20
SEUIL_PARALLELE = 5000
MAX_PROCESSUS = 2
MAX_DATES = 120
PREMIERE_ANNEE = 2000


class Progression(Protocol):
    """Where a run stands: a step with its number of demandes, then each demande done."""

    def etape(self, libelle: str, total: int) -> None: ...

    def avancer(self, nombre: int = 1) -> None: ...


class SansProgression:
    def etape(self, libelle: str, total: int) -> None:
        return None

    def avancer(self, nombre: int = 1) -> None:
        return None


class Journal:
    """The log of one run: fixed at its start, read demande after demande."""

    def __init__(self, app: CotationApp) -> None:
        self.base = Base(app)
        self.jusqu_a = self.base.derniere()
        self.historique_grille = self.base.historique_grille(self.jusqu_a)

    def nombre_demandes(self) -> int:
        requete = (
            f"SELECT COUNT(DISTINCT originator_id) AS n FROM {self.base.evenements} "
            f"WHERE {self.base.numero} <= ? AND originator_id <> ?"
        )
        grille_id = self.base.grille if self.base.postgres else self.base.grille.hex
        return int(self.base.lire(requete, (self.jusqu_a, grille_id))[0]["n"])

    def demandes(self) -> Iterator[Brute]:
        """Each demande's stored rows, one demande after another (decoded where they are processed)."""
        for originator_id, lignes in self.base.flux_stocke(self.jusqu_a, PAGE):
            if originator_id != self.base.grille:
                yield originator_id, [(r["originator_version"], r["topic"], bytes(r["state"])) for r in lignes]


def verifier_dates(dates: Sequence[date], aujourdhui_: date) -> list[date]:
    """The replay dates in order, each once; refused in French when empty, too many or to come."""
    triees = sorted(set(dates))
    if not triees:
        raise DonneesInvalides("au moins une date de rejeu est attendue", champ="dates")
    if len(triees) > MAX_DATES:
        raise DonneesInvalides(f"au plus {MAX_DATES} dates de rejeu (reçu : {len(triees)})", champ="dates")
    if triees[-1] > aujourdhui_:
        raise DonneesInvalides(
            f"le rejeu porte sur l'historique : la date {jour(triees[-1])} est postérieure au {jour(aujourdhui_)}",
            champ="dates",
        )
    return triees


def verifier_annee(annee: int, aujourdhui_: date) -> None:
    """An evaluation is of a closed year, from ``PREMIERE_ANNEE`` on."""
    if not PREMIERE_ANNEE <= annee < aujourdhui_.year:
        raise DonneesInvalides(f"année invalide : {annee} (une année close, à partir de {PREMIERE_ANNEE})", champ="annee")


def taille_des_lots(demandes: int, processus: int) -> int:
    """Batches of ``LOT`` demandes, smaller when there are too few to keep every worker busy."""
    return max(LOT_MINIMUM, min(LOT, math.ceil(demandes / (4 * processus))))


def processus_par_defaut(demandes: int) -> int:
    """Worker processes worth starting: none below ``SEUIL_PARALLELE`` demandes (spawning costs
    about a second), else one per core, at most ``MAX_PROCESSUS``."""
    if demandes < SEUIL_PARALLELE:
        return 1
    return max(1, min(MAX_PROCESSUS, os.cpu_count() or 1))


def rejouer(
    app: CotationApp,
    candidate: GrilleVersion,
    dates: Sequence[date],
    detail: TextIO | None = None,
    progression: Progression | None = None,
    processus: int | None = None,
) -> RapportRejeu:
    """Replay ``candidate`` at ``dates`` over every demande; the per-row CSV goes to ``detail``."""
    progression = progression or SansProgression()
    dates = verifier_dates(dates, aujourdhui(app.horloge))
    journal = Journal(app)
    grilles = Grilles(journal.historique_grille, dates, candidate)
    passe = PremierePasse(grilles, dates)
    with Reserve() as reserve:
        cumuls = _premiere_passe(app, journal, passe, "Rejeu des demandes", progression, processus, reserve)
        controle = cumuls.seconde()
        sensibles = criteres_sensibles([*grilles.versions(), candidate])
        ecrivain = EcrivainDetails(detail, sensibles) if detail is not None else None
        progression.etape("Rangs et contrôle légal", cumuls.ecarts.demandes)
        for lignes in reserve.lire():
            details = controle.details(lignes)
            if ecrivain is not None:
                ecrivain.ecrire(details)
            else:
                deque(details, maxlen=0)  # the aggregates only
            progression.avancer()
    contexte = ContexteRejeu(app.territoire, candidate, grilles.versions(), dates, journal.historique_grille)
    return rapport_rejeu(contexte, cumuls.ecarts, controle.classement, controle, cumuls.choix)


def evaluer(
    app: CotationApp, annee: int, progression: Progression | None = None, processus: int | None = None
) -> RapportEvaluation:
    """The yearly evaluation of the cotation for ``annee``, under the grids in force."""
    progression = progression or SansProgression()
    verifier_annee(annee, aujourdhui(app.horloge))
    journal = Journal(app)
    passe = PasseEvaluation(Grilles(journal.historique_grille, dates_evaluation(annee)), annee)
    cumuls = _premiere_passe(app, journal, passe, f"Évaluation {annee}", progression, processus, None)
    return rapport_evaluation(cumuls, app.territoire, [grille(g) for g in passe.grilles.versions()])


def _premiere_passe(
    app: CotationApp, journal: Journal, passe: Passe, libelle: str, progression: Progression,
    processus: int | None, reserve: Reserve | None,
) -> Any:
    """Every demande through ``passe``: its cumuls, the rows spooled to ``reserve`` if given."""
    total = journal.nombre_demandes()
    processus = processus or processus_par_defaut(total)
    progression.etape(libelle, total)
    cumuls = passe.cumuls()
    for nombre, lignes, partiels in traiter(passe, app, par_lots(journal.demandes(), taille_des_lots(total, processus)),
                                            processus):
        cumuls.fusionner(partiels)
        if reserve is not None:
            reserve.ecrire(lignes)
        progression.avancer(nombre)
    return cumuls
