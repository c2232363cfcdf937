"""What a rule may read while scoring: the facts, the date, the grid and its parameters."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, NamedTuple, TypeVar

from domain.demande.faits import Faits
from domain.grille.modele import GrilleVersion, RefParametre, Valeur
from domain.grille.parametres import ParametreUtilise, parametre

T = TypeVar("T")


class Constat(NamedTuple):
    """What a condition or a measure found: a French sentence and the fact blocks it read."""

    texte: str
    blocs: frozenset[str] = frozenset()
    parametres: tuple[ParametreUtilise, ...] = ()


@dataclass
class Contexte:
    """One scoring's inputs, and what it has already derived from them (``une_fois``)."""

    faits: Faits
    jour: date
    grille: GrilleVersion
    deja: dict[tuple, Any] = field(default_factory=dict)

    def une_fois(self, fonction: Callable[..., T], *arguments: Hashable) -> T:
        """``fonction(self, *arguments)``, computed once per scoring: for what depends only on
        the facts, the day and the grid (a measure read by several criteria…)."""
        cle = (fonction, *arguments)
        if cle not in self.deja:
            self.deja[cle] = fonction(self, *arguments)
        return self.deja[cle]

    def parametre(self, nom: str) -> ParametreUtilise:
        return parametre(self.grille, nom, self.jour)

    def valeur(self, valeur: Valeur) -> tuple[Decimal, ParametreUtilise | None]:
        """A bound given as a number or as a dated parameter."""
        if isinstance(valeur, RefParametre):
            utilise = self.parametre(valeur.parametre)
            if isinstance(utilise.valeur, list):
                raise TypeError(f"le paramètre {valeur.parametre} est une liste, pas un seuil")
            return utilise.valeur, utilise
        return valeur, None
