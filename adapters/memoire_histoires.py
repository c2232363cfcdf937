"""The decoded histories of the aggregates read last, kept by the application (ADR 0024).

Decoding a stored event (JSON, then its pydantic model) costs more than reading it: a service that
reads the same demandes again and again spends most of a read decoding what it decoded before.
A history only ever grows (events are never updated nor deleted, versions follow each other from
1), so the one kept for an aggregate is always a true beginning of its current history: a read asks
the store only for the events after it (one indexed query, usually answering nothing) and decodes
those alone. Several service processes, or another writer, share nothing but the store: what one of
them writes, the others read as new events. At most ``CAPACITE`` aggregates are kept; the one read
least recently goes first.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from uuid import UUID

from domain.evenements import Evenement

CAPACITE = 2048
#: The events of an aggregate after a version (all of them after 0), decoded.
Suite = Callable[[UUID, int], Sequence[Evenement]]


class MemoireHistoires:
    def __init__(self, suite: Suite, capacite: int = CAPACITE) -> None:
        self._suite = suite
        self._capacite = capacite
        self._histoires: OrderedDict[UUID, tuple[Evenement, ...]] = OrderedDict()
        self._verrou = threading.Lock()

    def lire(self, aggregat_id: UUID) -> list[Evenement]:
        """The aggregate's whole history, as stored now."""
        with self._verrou:
            connue = self._histoires.get(aggregat_id, ())
        histoire = connue + tuple(self._suite(aggregat_id, len(connue)))
        if histoire:
            self._garder(aggregat_id, histoire)
        return list(histoire)

    def _garder(self, aggregat_id: UUID, histoire: tuple[Evenement, ...]) -> None:
        with self._verrou:
            if len(histoire) >= len(self._histoires.get(aggregat_id, ())):
                self._histoires[aggregat_id] = histoire
            self._histoires.move_to_end(aggregat_id)
            while len(self._histoires) > self._capacite:
                self._histoires.popitem(last=False)
