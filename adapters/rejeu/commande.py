"""What the ``cotation rejouer`` and ``cotation evaluation-annuelle`` commands do, past their options.

Refusals are ``ErreurCotation`` with a French message (the CLI prints it, exit code 1). The
report goes to the file given or to stdout; the progress bar to stderr.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TextIO

from rich.console import Console
from rich.progress import Progress

from adapters.application import CotationApp
from adapters.grilles import charger
from adapters.horloge import aujourdhui
from adapters.rapports.cil import Format
from adapters.rejeu.barre import BarreDeProgression
from adapters.rejeu.execution import evaluer, rejouer, verifier_dates
from adapters.rejeu.rendu import rendre_evaluation, rendre_rejeu
from domain.erreurs import DonneesInvalides
from domain.grille.modele import GrilleVersion
from projections.rejeu import mois_passes

MOIS_PAR_DEFAUT = 12
_erreurs = Console(stderr=True, highlight=False, soft_wrap=True)


def dates_demandees(texte: str | None, mois: int | None, app: CotationApp) -> list[date]:
    """``--dates`` (comma-separated) or ``--mois-passes`` (default: the past 12 months), not both."""
    if texte is not None and mois is not None:
        raise DonneesInvalides("--dates et --mois-passes s'excluent : choisissez l'un ou l'autre", champ="dates")
    if texte is None:
        return mois_passes(aujourdhui(app.horloge), mois or MOIS_PAR_DEFAUT)
    try:
        jours = [date.fromisoformat(morceau.strip()) for morceau in texte.split(",") if morceau.strip()]
    except ValueError:
        raise DonneesInvalides(f"dates invalides : « {texte} » (attendu : AAAA-MM-JJ,AAAA-MM-JJ…)", champ="dates") from None
    return verifier_dates(jours, aujourdhui(app.horloge))


def charger_candidate(chemin: Path) -> GrilleVersion:
    if not chemin.is_file():
        raise DonneesInvalides(f"fichier introuvable : {chemin}", champ="candidate")
    return charger(chemin)


@contextmanager
def _barre() -> Iterator[BarreDeProgression]:
    with Progress(*BarreDeProgression.colonnes(), console=_erreurs, transient=False) as progress:
        yield BarreDeProgression(progress)


@contextmanager
def _sortie(chemin: Path | None) -> Iterator[TextIO]:
    if chemin is None:
        yield sys.stdout
        return
    with chemin.open("w", encoding="utf-8", newline="") as fichier:
        yield fichier
    _erreurs.print(f"Rapport écrit dans {chemin}.", markup=False)


def executer_rejeu(
    app: CotationApp, candidate: GrilleVersion, dates: list[date], format_rapport: Format, chemin: Path | None,
    processus: int | None,
) -> None:
    with _barre() as barre:
        if format_rapport == "csv":
            with _sortie(chemin) as sortie:
                rejouer(app, candidate, dates, sortie, barre, processus)
            return
        rapport = rejouer(app, candidate, dates, None, barre, processus)
    with _sortie(chemin) as sortie:
        sortie.write(rendre_rejeu(rapport, format_rapport, aujourdhui(app.horloge)).contenu)


def executer_evaluation(
    app: CotationApp, annee: int, format_rapport: Format, chemin: Path | None, processus: int | None
) -> None:
    with _barre() as barre:
        rapport = evaluer(app, annee, barre, processus)
    with _sortie(chemin) as sortie:
        sortie.write(rendre_evaluation(rapport, format_rapport, aujourdhui(app.horloge)).contenu)
