"""What a rule may read while scoring: the facts, the date, the grid and its parameters."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from domain.demande.faits import Faits
from domain.grille.modele import GrilleVersion, RefParametre, Valeur
from domain.grille.parametres import ParametreUtilise, parametre


@dataclass(frozen=True)
class Constat:
    """What a condition or a measure found: a French sentence and the fact blocks it read."""

    texte: str
    blocs: frozenset[str] = frozenset()
    parametres: tuple[ParametreUtilise, ...] = ()


@dataclass
class Contexte:
    faits: Faits
    jour: date
    grille: GrilleVersion

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
