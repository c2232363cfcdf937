"""The rows of many demandes at once, in this process or in worker processes (the rebuild).

Only the domain and ``projections`` are imported here: a worker process starts quickly.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from itertools import islice
from typing import TypeVar
from uuid import UUID

from domain.demande.evenements import DemandeEnregistree
from domain.evenements import Evenement
from projections.cotations import Lignes, lignes

Histoire = tuple[UUID, list[Evenement]]
T = TypeVar("T")


def calculer(histoires: Iterable[Histoire], grille: Sequence[Evenement], jour: date) -> list[Lignes]:
    """The rows of the demandes among ``histoires`` (other aggregates, the grid, have none)."""
    return [
        lg
        for demande_id, historique in histoires
        if historique and isinstance(historique[0], DemandeEnregistree)
        if (lg := lignes(demande_id, historique, grille, jour)) is not None
    ]


def paquets(elements: Iterable[T], taille: int) -> Iterator[list[T]]:
    iterateur = iter(elements)
    while paquet := list(islice(iterateur, taille)):
        yield paquet


# --- worker processes: the grid and the day are set once per worker --------------------------

_contexte: tuple[Sequence[Evenement], date] | None = None


def initialiser(grille: Sequence[Evenement], jour: date) -> None:
    global _contexte  # noqa: PLW0603 - one worker process, one rebuild
    _contexte = (grille, jour)


def calculer_dans_le_travailleur(histoires: list[Histoire]) -> list[Lignes]:
    assert _contexte is not None, "initialiser() n'a pas été appelé dans ce processus"
    return calculer(histoires, *_contexte)
