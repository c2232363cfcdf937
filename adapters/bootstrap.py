"""The one place that wires adapters together."""

from __future__ import annotations

from adapters.application import CotationApp
from adapters.horloge import Horloge
from adapters.reglages import Reglages


def creer_application(reglages: Reglages, horloge: Horloge | None = None) -> CotationApp:
    return CotationApp(reglages.territoire, env=reglages.env_eventsourcing(), horloge=horloge)
