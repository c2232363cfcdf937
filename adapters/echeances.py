"""The deadline table, storage side, in the events' own database (SQLite or PostgreSQL).

``echeances`` holds, per aggregate with a pending deadline, the date of the next one;
``echeances_suivi`` the notification id up to which the log has been read into it. A catch-up
reads the log after that position in batches, re-reads the history of every aggregate a batch
touches, and stores their rows with the new position in one transaction: an interrupted
catch-up resumes, and two concurrent ones only repeat work (rows are recomputed from the log,
the table is a hint, ADR 0012). The table can be erased and rebuilt from the log at any time.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any
from uuid import UUID

from eventsourcing.postgres import PostgresDatastore

from adapters.application import CotationApp
from projections.echeances import LigneEcheance, ligne

PROJECTION = "echeances"
TABLES = (
    "CREATE TABLE IF NOT EXISTS echeances (aggregat_id TEXT PRIMARY KEY, prochaine TEXT NOT NULL)",
    "CREATE INDEX IF NOT EXISTS echeances_prochaine ON echeances (prochaine)",
    "CREATE TABLE IF NOT EXISTS echeances_suivi (projection TEXT PRIMARY KEY, notification_id BIGINT NOT NULL)",
)
#: PostgreSQL: two processes creating the tables at once would collide in the catalogue.
VERROU_CREATION = "SELECT pg_advisory_xact_lock(hashtext('cotation.echeances'))"
PLACER = (
    "INSERT INTO echeances VALUES (?, ?) "
    "ON CONFLICT (aggregat_id) DO UPDATE SET prochaine = excluded.prochaine"
)
RETIRER = "DELETE FROM echeances WHERE aggregat_id = ?"
DUES = "SELECT aggregat_id FROM echeances WHERE prochaine <= ? ORDER BY prochaine, aggregat_id"
POSITION = "SELECT notification_id FROM echeances_suivi WHERE projection = ?"
SUIVRE = (
    "INSERT INTO echeances_suivi VALUES (?, ?) "
    "ON CONFLICT (projection) DO UPDATE SET notification_id = excluded.notification_id"
)


class TableEcheances:
    """The deadline table of an application's store (created on first use)."""

    def __init__(self, application: CotationApp) -> None:
        self.datastore: Any = application.recorder.datastore
        self.postgres = isinstance(self.datastore, PostgresDatastore)
        with self.datastore.transaction(commit=True) as curs:
            if self.postgres:
                curs.execute(VERROU_CREATION)
            for table in TABLES:
                curs.execute(table)

    def _sql(self, requete: str) -> str:
        return requete.replace("?", "%s") if self.postgres else requete

    def position(self) -> int:
        """The notification id up to which the log has been read into the table."""
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(self._sql(POSITION), (PROJECTION,))
            trouve = curs.fetchone()
        return 0 if trouve is None else int(trouve["notification_id"])

    def enregistrer(self, lignes: Sequence[LigneEcheance], position: int | None = None) -> None:
        """Store rows (a row without deadline is removed) and, if given, the position, atomically.
        Rows go in id order, so that concurrent catch-ups lock them in the same order."""
        placees = [(lg.aggregat_id.hex, lg.prochaine.isoformat()) for lg in lignes if lg.prochaine]
        retirees = [(lg.aggregat_id.hex,) for lg in lignes if lg.prochaine is None]
        with self.datastore.transaction(commit=True) as curs:
            if placees:
                curs.executemany(self._sql(PLACER), sorted(placees))
            if retirees:
                curs.executemany(self._sql(RETIRER), sorted(retirees))
            if position is not None:
                curs.execute(self._sql(SUIVRE), (PROJECTION, position))

    def dues(self, jour: date) -> list[UUID]:
        """The aggregates with a deadline due on or before ``jour``, earliest first."""
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(self._sql(DUES), (jour.isoformat(),))
            return [UUID(r["aggregat_id"]) for r in curs.fetchall()]

    def effacer(self) -> None:
        with self.datastore.transaction(commit=True) as curs:
            curs.execute("DELETE FROM echeances")
            curs.execute("DELETE FROM echeances_suivi")


def actualiser(application: CotationApp, table: TableEcheances, aggregat_id: UUID) -> None:
    """Recompute one aggregate's row from its history (after the sweeper wrote to it)."""
    table.enregistrer([ligne(aggregat_id, application.historique(aggregat_id))])


def rattraper(application: CotationApp, table: TableEcheances, lot: int = 1000) -> int:
    """Bring the table up to date with the log; returns the number of notifications read."""
    lus = 0
    while notifications := application.recorder.select_notifications(table.position(), lot, inclusive_of_start=False):
        touches = sorted({n.originator_id for n in notifications})
        table.enregistrer([ligne(i, application.historique(i)) for i in touches], notifications[-1].id)
        lus += len(notifications)
    return lus


def reconstruire(application: CotationApp, table: TableEcheances, lot: int = 1000) -> int:
    """Erase the table and rebuild it from the whole log."""
    table.effacer()
    return rattraper(application, table, lot)
