"""Structured logs (structlog): JSON lines for production, readable lines at a console.

Logs serve operators and may travel to log platforms: they carry technical fields only
(event topic, aggregate id, version, actor type and pseudonymous ids, error class, and for the
HTTP service the request's id, route template and outcome: ``adapters/http/acces.py``), never a
payload. No numéro unique, birth date, resource, situation or motif may reach them.
"""

from __future__ import annotations

import logging
import sys
from typing import Literal

import structlog
from structlog.typing import Processor

from domain.acteurs import Acteur, Agent

FormatJournal = Literal["json", "console"]
FORMATS: tuple[FormatJournal, ...] = ("json", "console")

_RENDUS: dict[FormatJournal, list[Processor]] = {
    "json": [structlog.processors.dict_tracebacks, structlog.processors.JSONRenderer()],
    "console": [structlog.dev.ConsoleRenderer()],
}


def configurer(format_journal: FormatJournal) -> None:
    """Configure structlog for the process, writing to stderr (stdout stays for command output)."""
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            *_RENDUS[format_journal],
        ],
        wrapper_class=structlog.make_filtering_bound_logger(logging.INFO),
        logger_factory=structlog.PrintLoggerFactory(sys.stderr),
        cache_logger_on_first_use=False,
    )


def champs_acteur(acteur: Acteur) -> dict[str, str]:
    """What a log may say of an actor: its type and pseudonymous ids (an agent's, its guichet's), never more."""
    champs = {"acteur": acteur.type}
    if isinstance(acteur, Agent):
        champs |= {"agent_id": acteur.agent_id, "guichet_id": acteur.guichet_id}
    return champs
