"""The decoded histories kept by the application: only the events after those kept are asked for,
and at most ``capacite`` aggregates are kept, the one read least recently going first."""

from __future__ import annotations

from uuid import UUID

from adapters.memoire_histoires import MemoireHistoires

A, B, C = (UUID(int=n) for n in (1, 2, 3))


class Journal:
    """Histories as a store holds them, and each request for the events after a version."""

    def __init__(self) -> None:
        self.histoires: dict[UUID, list[str]] = {A: ["a1"], B: ["b1"], C: ["c1"]}
        self.demandes: list[tuple[UUID, int]] = []

    def apres(self, aggregat_id: UUID, version: int) -> list[str]:
        self.demandes.append((aggregat_id, version))
        return self.histoires.get(aggregat_id, [])[version:]


def test_a_history_read_again_asks_only_for_the_events_after_those_kept():
    journal = Journal()
    memoire = MemoireHistoires(journal.apres)  # type: ignore[arg-type]

    assert memoire.lire(A) == ["a1"]
    journal.histoires[A] += ["a2", "a3"]
    assert memoire.lire(A) == ["a1", "a2", "a3"]
    assert memoire.lire(A) == ["a1", "a2", "a3"]

    assert journal.demandes == [(A, 0), (A, 1), (A, 3)]


def test_the_history_returned_is_the_callers_own():
    memoire = MemoireHistoires(Journal().apres)  # type: ignore[arg-type]

    memoire.lire(A).append("intrus")

    assert memoire.lire(A) == ["a1"]


def test_the_aggregate_read_least_recently_goes_first_when_full():
    journal = Journal()
    memoire = MemoireHistoires(journal.apres, capacite=2)  # type: ignore[arg-type]

    memoire.lire(A), memoire.lire(B), memoire.lire(A), memoire.lire(C)
    journal.demandes.clear()
    memoire.lire(A), memoire.lire(B)

    assert journal.demandes == [(A, 1), (B, 0)]


def test_an_unknown_aggregate_is_not_kept():
    journal = Journal()
    memoire = MemoireHistoires(journal.apres)  # type: ignore[arg-type]

    assert memoire.lire(UUID(int=9)) == [] and memoire.lire(UUID(int=9)) == []
    assert journal.demandes == [(UUID(int=9), 0), (UUID(int=9), 0)]
