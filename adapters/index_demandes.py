"""The numéro unique index, storage side: two tables in the events' own database.

- ``index_demandes`` (numéro unique, demande id, notification id of the registration) is written
  by the application recorder **in the same transaction** as the registration event: a numéro
  already indexed makes the whole write fail, so two demandes can never share a numéro, even
  when two processes register it at the same instant.
- It can be erased and rebuilt from the notification log, in batches of registrations, one
  transaction per batch with the position reached (``index_demandes_suivi``): an interrupted
  rebuild resumes where it stopped. The rows come from ``projections.index_demandes``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from eventsourcing.persistence import Mapper, Notification, StoredEvent
from eventsourcing.postgres import PostgresApplicationRecorder, PostgresDatastore
from eventsourcing.sqlite import SQLiteApplicationRecorder
from eventsourcing.utils import get_topic
from psycopg.sql import SQL

from adapters import idempotence
from adapters.projections import tables as tables_projections
from projections.index_demandes import TOPICS, LigneIndex, ligne

#: ``save(..., index_demandes=[...])`` passes the rows to write with the events.
ARGUMENT = "index_demandes"
PROJECTION = "index_demandes"

TABLES = (
    "CREATE TABLE IF NOT EXISTS index_demandes (numero_unique TEXT PRIMARY KEY, "
    "demande_id TEXT NOT NULL UNIQUE, notification_id BIGINT NOT NULL)",
    "CREATE INDEX IF NOT EXISTS index_demandes_ordre ON index_demandes (notification_id)",
    "CREATE TABLE IF NOT EXISTS index_demandes_suivi (projection TEXT PRIMARY KEY, notification_id BIGINT NOT NULL)",
)
AJOUTER = "INSERT INTO index_demandes VALUES (?, ?, ?)"
AJOUTER_SI_ABSENT = AJOUTER + " ON CONFLICT DO NOTHING"
DEMANDE = "SELECT demande_id FROM index_demandes WHERE numero_unique = ?"
PAGE = "SELECT demande_id FROM index_demandes ORDER BY notification_id LIMIT ? OFFSET ?"
POSITION = "SELECT notification_id FROM index_demandes_suivi WHERE projection = ?"
SUIVRE = (
    "INSERT INTO index_demandes_suivi VALUES (?, ?) "
    "ON CONFLICT (projection) DO UPDATE SET notification_id = excluded.notification_id"
)


class _Index:
    """What both recorders add to the library's: the index rows and their queries."""

    datastore: Any
    parametre = "?"

    def _sql(self, requete: str) -> str:
        return requete.replace("?", self.parametre)

    def _ecrire_lignes(
        self, curs: Any, stored_events: Sequence[StoredEvent], ids: Sequence[int], **kwargs: Any
    ) -> None:
        lignes: Sequence[LigneIndex] = kwargs.get(ARGUMENT, ())
        if lignes:
            positions = {s.originator_id: n for s, n in zip(stored_events, ids, strict=True)}
            curs.executemany(self._sql(AJOUTER), [valeurs(lg, positions[lg.demande_id]) for lg in lignes])

    def demande_de(self, numero_unique: str) -> UUID | None:
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(self._sql(DEMANDE), (numero_unique,))
            trouve = curs.fetchone()
        return None if trouve is None else UUID(trouve["demande_id"])

    def page(self, limit: int, offset: int) -> list[UUID]:
        """Demande ids in order of registration."""
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(self._sql(PAGE), (limit, offset))
            return [UUID(r["demande_id"]) for r in curs.fetchall()]

    def position(self) -> int:
        """The notification id up to which the log has been read into the index."""
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(self._sql(POSITION), (PROJECTION,))
            trouve = curs.fetchone()
        return 0 if trouve is None else int(trouve["notification_id"])

    def indexer(self, lignes: Sequence[tuple[LigneIndex, int]], position: int) -> None:
        """Add rows read from the log (already there: kept) and move the position, atomically."""
        with self.datastore.transaction(commit=True) as curs:
            if lignes:
                curs.executemany(self._sql(AJOUTER_SI_ABSENT), [valeurs(lg, n) for lg, n in lignes])
            curs.execute(self._sql(SUIVRE), (PROJECTION, position))

    def effacer(self) -> None:
        with self.datastore.transaction(commit=True) as curs:
            curs.execute("DELETE FROM index_demandes")
            curs.execute("DELETE FROM index_demandes_suivi")


def valeurs(lg: LigneIndex, notification_id: int) -> tuple[str, str, int]:
    """The index row as stored (also written in bulk by ``adapters/chargement.py``)."""
    return lg.numero_unique, lg.demande_id.hex, notification_id


class RecorderSQLite(_Index, SQLiteApplicationRecorder):
    def construct_create_table_statements(self) -> list[str]:
        return [*super().construct_create_table_statements(), *TABLES, *idempotence.TABLES, *tables_projections.CREATIONS]

    def _insert_events(self, c: Any, stored_events: Sequence[StoredEvent], **kwargs: Any) -> Sequence[int] | None:
        ids = super()._insert_events(c, stored_events, **kwargs)
        assert ids is not None
        self._ecrire_lignes(c, stored_events, ids, **kwargs)
        return ids


class RecorderPostgres(_Index, PostgresApplicationRecorder):
    parametre = "%s"

    def __init__(self, datastore: PostgresDatastore, *, events_table_name: str = "stored_events"):
        if datastore.enable_db_functions:  # its insert path would skip the index row
            raise ValueError("POSTGRES_ENABLE_DB_FUNCTIONS doit rester désactivé")
        super().__init__(datastore, events_table_name=events_table_name)
        tables = (*TABLES, *idempotence.TABLES, *tables_projections.CREATIONS)
        self.sql_create_statements.extend(SQL(table) for table in tables)  # type: ignore[arg-type]

    def _fetch_ids_after_insert_events(
        self, curs: Any, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int]:
        ids = super()._fetch_ids_after_insert_events(curs, stored_events, **kwargs)
        if kwargs.get(ARGUMENT):  # most events have no index row: no round trip under the table's lock
            with curs.connection.pipeline():  # a nested pipeline syncs on exit: a conflict raises here
                self._ecrire_lignes(curs, stored_events, ids, **kwargs)
        return ids


RecorderIndexe = RecorderSQLite | RecorderPostgres
_RECORDERS = {"eventsourcing.sqlite": RecorderSQLite, "eventsourcing.postgres": RecorderPostgres}


def topic_recorder(module_persistance: str) -> str:
    """The library setting ``APPLICATION_RECORDER_TOPIC`` for a store (SQLite or PostgreSQL only)."""
    try:
        return get_topic(_RECORDERS[module_persistance])
    except KeyError:
        raise ValueError(
            f"stockage non pris en charge : {module_persistance!r} (attendu : {', '.join(_RECORDERS)})"
        ) from None


def rattraper(recorder: RecorderIndexe, mapper: Mapper[UUID], lot: int = 1000) -> int:
    """Read into the index the registrations logged after its position; returns how many were read."""
    lus = 0
    while notifications := _suivantes(recorder, lot):
        recorder.indexer([(lg, n.id) for n in notifications if (lg := _ligne(mapper, n))], notifications[-1].id)
        lus += len(notifications)
    return lus


def reconstruire(recorder: RecorderIndexe, mapper: Mapper[UUID], lot: int = 1000) -> int:
    """Erase the index and rebuild it from the log (with no registration running meanwhile)."""
    recorder.effacer()
    return rattraper(recorder, mapper, lot)


def _suivantes(recorder: RecorderIndexe, lot: int) -> Sequence[Notification]:
    return recorder.select_notifications(recorder.position(), lot, topics=TOPICS, inclusive_of_start=False)


def _ligne(mapper: Mapper[UUID], notification: Notification) -> LigneIndex | None:
    enveloppe = mapper.to_domain_event(notification)
    return ligne(enveloppe.originator_id, enveloppe.evenement)  # type: ignore[attr-defined]
