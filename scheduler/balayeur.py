"""The deadline sweeper: writes every event the log says is due, once (ADR 0012).

A sweep catches the deadline table up with the log, takes the aggregates with a deadline due
by today (the clock's date), and for each one re-reads its history (the truth), writes what is
due, one event at a time, through the application and its rules: date of effect = the due date,
recorded time = the clock's now, actor = the system's ``planificateur``. A refusal after which
the deadline is no longer pending means another sweeper wrote it first: it counts as done.
Two sweepers at once, or a rerun after a crash, therefore never write an event twice (the
application's expected version and the domain's rules refuse a second writer).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timezone
from uuid import UUID

import structlog

from adapters.application import CotationApp, id_grille
from adapters.echeances import TableEcheances, actualiser, rattraper
from domain.echeances import Echeance, dues, echeances
from domain.erreurs import ErreurCotation
from domain.grille.alertes import ParametreBientotSansValeur

_journal = structlog.get_logger("cotation.planificateur")


@dataclass
class RapportBalayage:
    """What one sweep did: events written by topic, deadlines found already done, refusals."""

    jour: date
    ecrits: Counter[str] = field(default_factory=Counter)
    deja_faits: int = 0
    refuses: int = 0

    @property
    def total_ecrits(self) -> int:
        return sum(self.ecrits.values())


def jour_du_balayage(application: CotationApp) -> date:
    """Today by the application's clock, as the rules date a record (UTC): an event may not take
    effect after the day it is recorded."""
    return application.horloge.maintenant().astimezone(timezone.utc).date()


def balayer(application: CotationApp, lot: int = 1000) -> RapportBalayage:
    """Write every due deadline of the log; returns what was done."""
    table = TableEcheances(application)
    rattraper(application, table, lot)
    rapport = RapportBalayage(jour_du_balayage(application))
    for aggregat_id in table.dues(rapport.jour):
        _traiter(application, aggregat_id, rapport)
        actualiser(application, table, aggregat_id)
    _journal.info(
        "balayage_termine",
        ecrits=rapport.total_ecrits,
        deja_faits=rapport.deja_faits,
        refuses=rapport.refuses,
        par_topic=dict(sorted(rapport.ecrits.items())),
    )
    return rapport


def avertir(application: CotationApp) -> list[ParametreBientotSansValeur]:
    """Warn the administrators, in the log, of each parameter of the grid in force about to have no
    value (``domain/grille/alertes.py``); returns them."""
    alertes = application.alertes_grille(jour_du_balayage(application))
    for alerte in alertes:
        _journal.warning(
            "parametre_bientot_sans_valeur",
            parametre=alerte.parametre,
            grille=alerte.grille,
            sans_valeur_le=alerte.sans_valeur_le.isoformat(),
        )
    return alertes


def _traiter(application: CotationApp, aggregat_id: UUID, rapport: RapportBalayage) -> None:
    """Write the aggregate's due deadlines one by one, re-reading its history before each."""
    tentees: set[tuple[str, str]] = set()
    while echeance := _suivante(application, aggregat_id, rapport.jour, tentees):
        tentees.add(echeance.cle)
        _ecrire(application, aggregat_id, echeance, rapport)


def _suivante(
    application: CotationApp, aggregat_id: UUID, jour: date, tentees: set[tuple[str, str]]
) -> Echeance | None:
    return next((e for e in dues(application.historique(aggregat_id), jour) if e.cle not in tentees), None)


def _ecrire(application: CotationApp, aggregat_id: UUID, echeance: Echeance, rapport: RapportBalayage) -> None:
    try:
        if aggregat_id == id_grille(application.territoire):
            application.purger_critere_local(echeance.donnees())
        else:
            application.ajouter(aggregat_id, echeance.classe, echeance.donnees())
    except ErreurCotation as exc:
        if _en_attente(application, aggregat_id, echeance):
            rapport.refuses += 1
            _journal.warning(
                "echeance_refusee", topic=echeance.classe.TOPIC, aggregat_id=str(aggregat_id), erreur=type(exc).__name__
            )
        else:
            rapport.deja_faits += 1
        return
    rapport.ecrits[echeance.classe.TOPIC] += 1


def _en_attente(application: CotationApp, aggregat_id: UUID, echeance: Echeance) -> bool:
    return any(e.cle == echeance.cle for e in echeances(application.historique(aggregat_id)))
