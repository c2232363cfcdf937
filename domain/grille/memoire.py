"""What is derived from a grid version alone, computed once per grid object.

Grid versions are immutable, so anything computed from one of them alone holds as long as the
object lives: it is kept by ``id`` of the live grid and dropped with it (``weakref.finalize``),
never shared with another object that would get the same ``id`` later.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from functools import wraps
from typing import TypeVar

from domain.grille.modele import GrilleVersion

T = TypeVar("T")


def par_grille(calcul: Callable[[GrilleVersion], T]) -> Callable[[GrilleVersion], T]:
    """``calcul(grille)`` once per grid object; the result must not be modified by callers."""
    resultats: dict[int, T] = {}

    @wraps(calcul)
    def une_fois(grille: GrilleVersion) -> T:
        cle = id(grille)
        if cle not in resultats:
            resultats[cle] = calcul(grille)
            weakref.finalize(grille, resultats.pop, cle, None)
        return resultats[cle]

    une_fois.en_memoire = resultats.keys  # type: ignore[attr-defined]  # the ids of the grids kept
    return une_fois
