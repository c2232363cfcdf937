"""The one place that wires adapters together."""

from __future__ import annotations

from adapters import journal
from adapters.application import CotationApp
from adapters.horloge import Horloge
from adapters.reglages import Reglages


def creer_application(reglages: Reglages, horloge: Horloge | None = None) -> CotationApp:
    return CotationApp(reglages.territoire, env=reglages.env_eventsourcing(), horloge=horloge)


def configurer_journal(reglages: Reglages, production: bool = False) -> None:
    """Logs as set by ``COTATION_LOG_FORMAT``; otherwise JSON in production (``serve``), console elsewhere."""
    journal.configurer(reglages.log_format or ("json" if production else "console"))
