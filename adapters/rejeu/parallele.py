"""The first pass over batches of demandes, in this process or in worker processes.

Batches hold the stored rows of each demande's history (topic and state, as read from the
table): decoding is part of the work, done where the batch is processed. A pass
(``PremierePasse`` or ``PasseEvaluation``) is sent once to each worker, with what it needs to
build the application's mapper; each batch comes back as its number of demandes, their compact
rows and the batch's partial cumuls, in the order sent. At most two batches per worker are in
flight, so memory stays flat however long the log. Workers are spawned, not forked (the parent
holds database connections and, in the service, threads).
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from typing import Any, Protocol
from uuid import UUID

from eventsourcing.persistence import Mapper, StoredEvent

from adapters.application import CotationApp
from domain.evenements import Evenement
from projections.rejeu import LigneClassee

#: A demande's stored rows: (originator_version, topic, state).
Brute = tuple[UUID, list[tuple[int, str, bytes]]]
#: How many demandes, each demande's rows, and the batch's cumuls.
Resultat = tuple[int, list[list[LigneClassee]], Any]


class Passe(Protocol):
    def cumuls(self) -> Any: ...

    def traiter(self, demande_id: UUID, historique: Sequence[Evenement], cumuls: Any) -> list[LigneClassee]: ...


def par_lots(histoires: Iterable[Brute], taille: int) -> Iterator[list[Brute]]:
    iterateur = iter(histoires)
    while lot := list(islice(iterateur, taille)):
        yield lot


def decoder(mapper: Mapper, demande_id: UUID, lignes: list[tuple[int, str, bytes]]) -> list[Evenement]:
    return [
        mapper.to_domain_event(StoredEvent(demande_id, version, topic, etat)).evenement  # type: ignore[attr-defined]
        for version, topic, etat in lignes
    ]


def traiter_lot(passe: Passe, mapper: Mapper, lot: list[Brute]) -> Resultat:
    cumuls = passe.cumuls()
    lignes = [passe.traiter(demande_id, decoder(mapper, demande_id, brutes), cumuls) for demande_id, brutes in lot]
    return len(lot), lignes, cumuls


_TRAVAIL: tuple[Passe, Mapper] | None = None


def _initialiser(passe: Passe, territoire: str, env: dict[str, str]) -> None:
    global _TRAVAIL
    _TRAVAIL = (passe, CotationApp(territoire, env=env).mapper)


def _traiter(lot: list[Brute]) -> Resultat:
    assert _TRAVAIL is not None
    return traiter_lot(*_TRAVAIL, lot)


def traiter(passe: Passe, app: CotationApp, lots: Iterable[list[Brute]], processus: int) -> Iterator[Resultat]:
    """Each batch's result, in order; with ``processus`` > 1, computed by that many workers."""
    if processus <= 1:
        for lot in lots:
            yield traiter_lot(passe, app.mapper, lot)
        return
    contexte = multiprocessing.get_context("spawn")
    initialisation = (passe, app.territoire, dict(app.env))
    with contexte.Pool(processus, initializer=_initialiser, initargs=initialisation) as pool:
        en_cours: deque[Any] = deque()
        for lot in lots:
            en_cours.append(pool.apply_async(_traiter, (lot,)))
            if len(en_cours) >= 2 * processus:
                yield en_cours.popleft().get()
        while en_cours:
            yield en_cours.popleft().get()
