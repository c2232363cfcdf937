"""APScheduler only triggers sweeps (ADR 0012): the truth about deadlines lives in the event log.

Each process has its own scheduler with an in-memory job store, never shared (APScheduler's
FAQ: a job store must not be shared between schedulers). A sweep runs at start, then every
``intervalle_minutes``; a sweep still running when the next one is due is not doubled.
Inside ``cotation serve`` the scheduler runs in a background thread; ``cotation planificateur``
runs it in the foreground for deployments where the service runs elsewhere. Both also keep the
read models up to date (``scheduler/projections.py``).
"""

from __future__ import annotations

from datetime import datetime, timezone

import structlog
from apscheduler.job import Job
from apscheduler.jobstores.memory import MemoryJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import BaseScheduler
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.interval import IntervalTrigger

from adapters.application import CotationApp
from scheduler.balayeur import avertir, balayer
from scheduler.projections import planifier_projections

INTERVALLE_MINUTES = 15
TACHE = "balayage"
_journal = structlog.get_logger("cotation.planificateur")


def tache_balayage(application: CotationApp) -> None:
    """The scheduled job: one sweep, then the warnings on the grid's parameters; a failure is logged
    (its class only) and the next sweep retries."""
    try:
        balayer(application)
        avertir(application)
    except Exception as exc:  # noqa: BLE001 - the scheduler thread must survive a failed sweep
        _journal.error("balayage_echoue", erreur=type(exc).__name__)


def planifier(planificateur: BaseScheduler, application: CotationApp, intervalle_minutes: int) -> Job:
    """Register the sweep on ``planificateur``: now, then every ``intervalle_minutes``."""
    return planificateur.add_job(
        tache_balayage,
        IntervalTrigger(minutes=intervalle_minutes, timezone=timezone.utc),
        args=[application],
        id=TACHE,
        next_run_time=datetime.now(timezone.utc),
        max_instances=1,
        coalesce=True,
        replace_existing=True,
    )


def _options() -> dict[str, object]:
    return {"jobstores": {"default": MemoryJobStore()}, "timezone": timezone.utc}


def demarrer_en_fond(application: CotationApp, intervalle_minutes: int = INTERVALLE_MINUTES) -> BackgroundScheduler:
    """Start sweeping in a background thread (``serve``); call ``shutdown()`` on the result to stop."""
    planificateur = BackgroundScheduler(**_options())
    planifier(planificateur, application, intervalle_minutes)
    planifier_projections(planificateur, application)
    planificateur.start()
    _journal.info("planificateur_demarre", intervalle_minutes=intervalle_minutes, mode="fond")
    return planificateur


def executer(application: CotationApp, intervalle_minutes: int = INTERVALLE_MINUTES) -> None:
    """Sweep in the foreground until interrupted (``cotation planificateur``)."""
    planificateur = BlockingScheduler(**_options())
    planifier(planificateur, application, intervalle_minutes)
    planifier_projections(planificateur, application)
    _journal.info("planificateur_demarre", intervalle_minutes=intervalle_minutes, mode="premier_plan")
    try:
        planificateur.start()
    except (KeyboardInterrupt, SystemExit):
        _journal.info("planificateur_arrete")
