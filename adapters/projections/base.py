"""The events' database as the projections see it: SQL for either store, and the log read in bulk.

The log is read with plain SQL rather than through the library's row objects (several times
faster, ../shared/notes): the notifications after a position (id and aggregate only), the
histories of a set of aggregates in one query, and the whole log aggregate after aggregate, by
keyset pages in primary-key order, up to a notification id. On PostgreSQL every write locks the
events table until it commits, so the ids up to a visible id are all committed: "the log up to
``n``" never changes once ``n`` is seen, and can be read across several transactions.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from decimal import Decimal
from itertools import groupby
from typing import Any
from uuid import UUID

from eventsourcing.persistence import StoredEvent
from eventsourcing.postgres import PostgresDatastore

from adapters.application import CotationApp, id_grille
from adapters.horloge import aujourdhui
from adapters.projections.tables import PROJECTION
from domain.evenements import Evenement

#: Events per keyset page when the whole log is read.
PAGE = 5000


class Base:
    """An application's store, for the projections."""

    def __init__(self, app: CotationApp) -> None:
        self.app = app
        self.datastore: Any = app.recorder.datastore
        self.postgres = isinstance(self.datastore, PostgresDatastore)
        self.evenements = app.recorder.events_table_name
        self.numero = "notification_id" if self.postgres else "rowid"
        self.grille = id_grille(app.territoire)

    def sql(self, requete: str) -> str:
        return requete.replace("?", "%s") if self.postgres else requete

    def dans(self, colonne: str) -> str:
        """``colonne`` among a list passed as one parameter (``liste``)."""
        return f"{colonne} = ANY(?)" if self.postgres else f"{colonne} IN (SELECT value FROM json_each(?))"

    def liste(self, valeurs: Iterable[UUID | str]) -> Any:
        if self.postgres:
            return list(valeurs)
        return json.dumps([v.hex if isinstance(v, UUID) else v for v in valeurs])

    def lire(self, requete: str, parametres: Sequence[Any] = ()) -> list[Any]:
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(self.sql(requete), parametres)
            return curs.fetchall()  # type: ignore[no-any-return]

    def aujourdhui(self) -> date:
        return aujourdhui(self.app.horloge)

    # --- positions -----------------------------------------------------------------------------

    def position(self) -> int:
        """The notification id up to which the log has been read into the read models."""
        return self._nombre("SELECT notification_id AS n FROM projections_suivi WHERE projection = ?", (PROJECTION,))

    def derniere(self) -> int:
        """The last notification id of the log (0 when empty)."""
        return self._nombre(f"SELECT COALESCE(MAX({self.numero}), 0) AS n FROM {self.evenements}")

    def compter(self, jusqu_a: int) -> int:
        return self._nombre(f"SELECT COUNT(*) AS n FROM {self.evenements} WHERE {self.numero} <= ?", (jusqu_a,))

    def _nombre(self, requete: str, parametres: Sequence[Any] = ()) -> int:
        return int(self.lire(requete, parametres)[0]["n"])

    # --- the log -----------------------------------------------------------------------------

    def suivantes(self, position: int, lot: int) -> list[tuple[int, UUID]]:
        """The next ``lot`` notifications after ``position``: id and aggregate."""
        requete = (
            f"SELECT {self.numero} AS n, originator_id FROM {self.evenements} "
            f"WHERE {self.numero} > ? ORDER BY {self.numero} LIMIT ?"
        )
        return [(int(r["n"]), self._uuid(r["originator_id"])) for r in self.lire(requete, (position, lot))]

    def historiques(self, ids: Sequence[UUID]) -> dict[UUID, list[Evenement]]:
        """The histories of these aggregates, as logged now (an unknown id has none)."""
        requete = (
            f"SELECT originator_id, originator_version, topic, state FROM {self.evenements} "
            f"WHERE {self.dans('originator_id')} ORDER BY originator_id, originator_version"
        )
        lignes = self.lire(requete, (self.liste(ids),))
        return {i: [self._evenement(r) for r in rs] for i, rs in self._par_aggregat(lignes)}

    def historique_grille(self, jusqu_a: int | None = None) -> list[Evenement]:
        """The territory's grid history, up to a notification id if given."""
        borne = f" AND {self.numero} <= ?" if jusqu_a is not None else ""
        requete = (
            f"SELECT originator_id, originator_version, topic, state FROM {self.evenements} "
            f"WHERE originator_id = ?{borne} ORDER BY originator_version"
        )
        identifiant = self.grille if self.postgres else self.grille.hex
        lignes = self.lire(requete, (identifiant,) if jusqu_a is None else (identifiant, jusqu_a))
        return [self._evenement(r) for r in lignes]

    def flux(self, jusqu_a: int, page: int = PAGE) -> Iterator[tuple[UUID, list[Evenement]]]:
        """Every aggregate's history up to notification ``jusqu_a``, one aggregate after another;
        memory stays within a page whatever the size of the log."""
        for originator_id, lignes in self.flux_stocke(jusqu_a, page):
            yield originator_id, [self._evenement(r) for r in lignes]

    def flux_stocke(self, jusqu_a: int, page: int = PAGE) -> Iterator[tuple[UUID, Iterator[Any]]]:
        """The same, as the stored rows (``originator_version``, ``topic``, ``state``), not decoded:
        for a caller that decodes elsewhere (the replay's worker processes)."""
        return self._par_aggregat(self._pages(jusqu_a, page))

    def _pages(self, jusqu_a: int, page: int) -> Iterator[Any]:
        requete = (
            f"SELECT originator_id, originator_version, topic, state FROM {self.evenements} "
            f"WHERE {self.numero} <= ? AND (originator_id, originator_version) > (?, ?) "
            f"ORDER BY originator_id, originator_version LIMIT ?"
        )
        cle: tuple[Any, int] = (UUID(int=0) if self.postgres else "", 0)
        while True:
            lignes = self.lire(requete, (jusqu_a, *cle, page))
            yield from lignes
            if len(lignes) < page:
                return
            cle = (lignes[-1]["originator_id"], lignes[-1]["originator_version"])

    def _par_aggregat(self, lignes: Iterable[Any]) -> Iterator[tuple[UUID, Iterator[Any]]]:
        for originator_id, du_meme in groupby(lignes, key=lambda r: r["originator_id"]):
            yield self._uuid(originator_id), du_meme

    def _evenement(self, ligne: Any) -> Evenement:
        stocke = StoredEvent(
            originator_id=self._uuid(ligne["originator_id"]),
            originator_version=ligne["originator_version"],
            topic=ligne["topic"],
            state=bytes(ligne["state"]),
        )
        return self.app.mapper.to_domain_event(stocke).evenement  # type: ignore[attr-defined,no-any-return]

    @staticmethod
    def _uuid(valeur: UUID | str) -> UUID:
        return valeur if isinstance(valeur, UUID) else UUID(valeur)


def decimal(valeur: Any) -> Decimal:
    """A ``NUMERIC`` read back: exact from PostgreSQL, a number from SQLite (through its shortest text)."""
    return valeur if isinstance(valeur, Decimal) else Decimal(str(valeur))
