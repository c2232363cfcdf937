"""Keeping the read models up to date (ADR 0019): one job, every few seconds, never doubled.

Each run catches the projections up with the log; on the first run of a day (by the
application's clock) it also refreshes the scores that changed overnight with no event; and
when the last positionnement is a week old (or missing) it computes the positionnement and the
délais moyens anew. So a process catches up at start, refreshes daily early, and ranks weekly;
several processes may run it at once (each write checks the position, ``ecriture.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta, timezone

import structlog
from apscheduler.job import Job
from apscheduler.schedulers.base import BaseScheduler
from apscheduler.triggers.interval import IntervalTrigger

from adapters.application import CotationApp
from adapters.horloge import aujourdhui
from adapters.projections.lecture import dernier_positionnement
from adapters.projections.positionnement import calculer_positionnement
from adapters.projections.rattrapage import actualiser, rattraper

INTERVALLE_SECONDES = 5
TACHE = "projections"
SEMAINE = timedelta(days=7)
_journal = structlog.get_logger("cotation.planificateur")


@dataclass
class SuiviProjections:
    """The job's state in this process: the last day refreshed, the next positionnement due."""

    application: CotationApp
    actualise_le: date | None = None
    positionnement_du: date | None = None

    def __call__(self) -> None:
        """One run; a failure is logged (its class only) and the next run retries."""
        try:
            self.executer()
        except Exception as exc:  # noqa: BLE001 - the scheduler thread must survive a failed run
            _journal.error("projections_echouees", erreur=type(exc).__name__)

    def executer(self) -> None:
        rattraper(self.application)
        jour = aujourdhui(self.application.horloge)
        if self.actualise_le != jour:
            actualiser(self.application)
            self.actualise_le = jour
        if self.positionnement_du is None:
            dernier = dernier_positionnement(self.application)
            self.positionnement_du = jour if dernier is None else dernier + SEMAINE
        if jour >= self.positionnement_du:
            calculer_positionnement(self.application, jour)
            self.positionnement_du = jour + SEMAINE


def planifier_projections(
    planificateur: BaseScheduler, application: CotationApp, intervalle_secondes: int = INTERVALLE_SECONDES
) -> Job:
    """Register the projections job on ``planificateur``: every ``intervalle_secondes`` from one
    interval after now (the deadline sweep, due at start, goes first: its events are read in the
    same first catch-up)."""
    return planificateur.add_job(
        SuiviProjections(application),
        IntervalTrigger(seconds=intervalle_secondes, timezone=timezone.utc),
        id=TACHE,
        max_instances=1,
        coalesce=True,
        replace_existing=True,
    )
