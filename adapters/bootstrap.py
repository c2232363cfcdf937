"""The one place that wires adapters together."""

from __future__ import annotations

from uuid import uuid4

from adapters import journal
from adapters.application import CotationApp, Identifiants
from adapters.horloge import Horloge
from adapters.reglages import Reglages


def creer_application(
    reglages: Reglages, horloge: Horloge | None = None, identifiants: Identifiants = uuid4
) -> CotationApp:
    return CotationApp(reglages.territoire, env=reglages.env_eventsourcing(), horloge=horloge, identifiants=identifiants)


def configurer_journal(reglages: Reglages, production: bool = False) -> None:
    """Logs as set by ``COTATION_LOG_FORMAT``; otherwise JSON in production (``serve``), console elsewhere."""
    journal.configurer(reglages.log_format or ("json" if production else "console"))
