"""Bulk load of events already checked and encoded into an empty store, all or nothing.

One transaction, which first takes the lock the library takes for its own writes (PostgreSQL:
its ``LOCK TABLE … IN EXCLUSIVE MODE`` statements; SQLite: the writer connection), then refuses a
store holding any event, then appends batch after batch: a binary ``COPY`` on PostgreSQL, an
``executemany`` on SQLite. Notification ids are numbered from 1 in the order given (the same rows
always give the same log) and the numéro index rows go in the same transaction, so a numéro
already indexed fails the whole load, as it fails a single registration. Nothing is committed
unless every batch was written.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from eventsourcing.persistence import StoredEvent
from psycopg.sql import SQL, Identifier, Literal

from adapters.application import CotationApp
from adapters.index_demandes import AJOUTER, RecorderPostgres, valeurs
from domain.erreurs import CommandeInvalide
from projections.index_demandes import LigneIndex

#: One event to append, with the numéro index row it adds (a registration) or ``None``.
Ligne = tuple[StoredEvent, LigneIndex | None]
Ecrire = Callable[[Sequence[Ligne]], None]
PAS_VIDE = "la base contient déjà des événements : un chargement en bloc ne s'écrit que dans une base vide"


@contextmanager
def charger(app: CotationApp) -> Iterator[Ecrire]:
    """Yield the function that appends a batch of rows to the store of ``app``; everything
    written is committed when the block ends without error, and rolled back otherwise."""
    recorder = app.recorder
    chargeur = _Postgres if isinstance(recorder, RecorderPostgres) else _SQLite
    with recorder.datastore.transaction(commit=True) as curs:
        chargement = chargeur(recorder, curs)
        chargement.ouvrir()
        yield chargement.ecrire
        chargement.fermer()


class _Chargement(ABC):
    def __init__(self, recorder: Any, curs: Any):
        self.recorder, self.curs, self.position = recorder, curs, 0

    def ouvrir(self) -> None:
        """Lock, then check that the store holds no event."""

    def ecrire(self, lot: Sequence[Ligne]) -> None:
        debut, self.position = self.position + 1, self.position + len(lot)
        self._evenements(lot, debut)
        index = [valeurs(lg, n) for n, (_, lg) in enumerate(lot, start=debut) if lg is not None]
        if index:
            self._index(index)

    def fermer(self) -> None:
        """What the store needs once every row is in."""

    @abstractmethod
    def _evenements(self, lot: Sequence[Ligne], debut: int) -> None:
        """Write the events of ``lot``, the first with notification id ``debut``."""

    @abstractmethod
    def _index(self, lignes: list[tuple[str, str, int]]) -> None:
        """Write the numéro index rows."""

    def _vide(self, requete: Any) -> None:
        self.curs.execute(requete)
        if self.curs.fetchone() is not None:
            raise CommandeInvalide(PAS_VIDE)


class _Postgres(_Chargement):
    recorder: RecorderPostgres

    def __init__(self, recorder: RecorderPostgres, curs: Any):
        super().__init__(recorder, curs)
        self.table = Identifier(recorder.datastore.schema, recorder.events_table_name)
        self.types = [recorder.datastore.originator_id_type, "int8", "text", "bytea", "int8"]

    def ouvrir(self) -> None:
        # The batches are prepared while the transaction waits: not the idleness the library cuts short.
        self.curs.execute("SET LOCAL idle_in_transaction_session_timeout = 0")
        for instruction in self.recorder.lock_table_statements:
            self.curs.execute(instruction)
        self._vide(SQL("SELECT 1 FROM {} LIMIT 1").format(self.table))

    def _evenements(self, lot: Sequence[Ligne], debut: int) -> None:
        copie = SQL(
            "COPY {} (originator_id, originator_version, topic, state, notification_id) FROM STDIN (FORMAT BINARY)"
        ).format(self.table)
        with self.curs.copy(copie) as flux:
            flux.set_types(self.types)
            for n, (evt, _) in enumerate(lot, start=debut):
                flux.write_row((evt.originator_id, evt.originator_version, evt.topic, evt.state, n))

    def _index(self, lignes: list[tuple[str, str, int]]) -> None:
        with self.curs.copy("COPY index_demandes FROM STDIN (FORMAT BINARY)") as flux:
            flux.set_types(["text", "text", "int8"])
            for ligne in lignes:
                flux.write_row(ligne)

    def fermer(self) -> None:
        """The notification id sequence goes on after the rows written; the tables' statistics are
        taken (autovacuum may not analyse a table filled by COPY for a long while: without them,
        reading one demande's events went from a key lookup to a parallel scan, 0.4 to 75 ms at
        8 million events); listeners are told."""
        if self.position:
            nom = f"{self.recorder.datastore.schema}.{self.recorder.events_table_name}"
            sequence = SQL("SELECT setval(pg_get_serial_sequence({}, 'notification_id'), {})")
            self.curs.execute(sequence.format(Literal(nom), Literal(self.position)))
            self.curs.execute(SQL("ANALYZE {}, index_demandes").format(self.table))
        self.curs.execute(SQL("NOTIFY {}").format(Identifier(self.recorder.channel_name)))


class _SQLite(_Chargement):
    def ouvrir(self) -> None:
        self._vide(f"SELECT 1 FROM {self.recorder.events_table_name} LIMIT 1")

    def _evenements(self, lot: Sequence[Ligne], debut: int) -> None:
        insertion = (
            f"INSERT INTO {self.recorder.events_table_name} "
            "(rowid, originator_id, originator_version, topic, state) VALUES (?, ?, ?, ?, ?)"
        )
        self.curs.executemany(
            insertion, [(n, _hex(e), e.originator_version, e.topic, e.state) for n, (e, _) in enumerate(lot, debut)]
        )

    def _index(self, lignes: list[tuple[str, str, int]]) -> None:
        self.curs.executemany(AJOUTER, lignes)


def _hex(evt: StoredEvent) -> str:
    return evt.originator_id.hex if not isinstance(evt.originator_id, str) else evt.originator_id

