"""Who gains and who loses under the candidate grid: deltas by value, by criterion and by public.

Fed demande by demande (its rows at every replay date), in one pass, in memory bounded by the
number of distinct deltas, criteria and publics. A row counts once per replay date: a demande
active at twelve dates weighs twelve rows; the demandes are counted apart (a demande "gains" when
its score is higher under the candidate at one date at least).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from decimal import Decimal

from projections.rejeu import LigneRejeu


class Compteurs:
    """Counts that merge by adding each field."""

    def fusionner(self, autre: Compteurs) -> None:
        for champ in fields(self):  # type: ignore[arg-type]
            setattr(self, champ.name, getattr(self, champ.name) + getattr(autre, champ.name))


@dataclass
class CompteCritere(Compteurs):
    """Rows where the criterion gives points under each grid, and where its points differ."""

    lignes_en_vigueur: int = 0
    lignes_candidate: int = 0
    en_hausse: int = 0
    en_baisse: int = 0
    somme: Decimal = Decimal(0)


@dataclass
class ComptePublic(Compteurs):
    lignes: int = 0
    comparees: int = 0
    demandes: int = 0
    en_hausse: int = 0
    en_baisse: int = 0
    somme: Decimal = Decimal(0)


@dataclass
class Ecarts:
    demandes: int = 0
    lignes: int = 0
    demandes_en_hausse: int = 0
    demandes_en_baisse: int = 0
    #: Rows by delta (candidate minus in force), for rows scored under both grids.
    distribution: Counter[Decimal] = field(default_factory=Counter)
    #: Rows with no score, by grid ("en_vigueur", "candidate") and reason.
    sans_cotation: Counter[tuple[str, str]] = field(default_factory=Counter)
    par_critere: dict[str, CompteCritere] = field(default_factory=dict)
    par_public: dict[str, ComptePublic] = field(default_factory=dict)

    def ajouter(self, lignes: Sequence[LigneRejeu]) -> None:
        """The rows of one demande."""
        if not lignes:
            return
        self.demandes += 1
        self.lignes += len(lignes)
        ecarts = [ligne.ecart for ligne in lignes]
        self.demandes_en_hausse += any(e is not None and e > 0 for e in ecarts)
        self.demandes_en_baisse += any(e is not None and e < 0 for e in ecarts)
        for ligne, ecart in zip(lignes, ecarts, strict=True):
            self._ligne(ligne, ecart)
        for public in {p for ligne in lignes for p in ligne.publics}:
            self.par_public.setdefault(public, ComptePublic()).demandes += 1

    def _ligne(self, ligne: LigneRejeu, ecart: Decimal | None) -> None:
        for grille, score in (("en_vigueur", ligne.en_vigueur), ("candidate", ligne.candidate)):
            if score.total is None:
                self.sans_cotation[(grille, score.erreur or "")] += 1
        for public in ligne.publics:
            compte = self.par_public.setdefault(public, ComptePublic())
            compte.lignes += 1
            if ecart is not None:
                compte.comparees += 1
                compte.somme += ecart
                compte.en_hausse += ecart > 0
                compte.en_baisse += ecart < 0
        if ecart is None:
            return
        self.distribution[ecart] += 1
        self._criteres(ligne)

    def _criteres(self, ligne: LigneRejeu) -> None:
        for code in ligne.en_vigueur.points:
            self.par_critere.setdefault(code, CompteCritere()).lignes_en_vigueur += 1
        for code in ligne.candidate.points:
            self.par_critere.setdefault(code, CompteCritere()).lignes_candidate += 1
        for code, ecart in ligne.ecarts_par_critere.items():
            compte = self.par_critere.setdefault(code, CompteCritere())
            compte.somme += ecart
            compte.en_hausse += ecart > 0
            compte.en_baisse += ecart < 0

    def fusionner(self, autre: Ecarts) -> None:
        for nom in ("demandes", "lignes", "demandes_en_hausse", "demandes_en_baisse"):
            setattr(self, nom, getattr(self, nom) + getattr(autre, nom))
        self.distribution.update(autre.distribution)
        self.sans_cotation.update(autre.sans_cotation)
        for code, compte in autre.par_critere.items():
            self.par_critere.setdefault(code, CompteCritere()).fusionner(compte)
        for public, compte_public in autre.par_public.items():
            self.par_public.setdefault(public, ComptePublic()).fusionner(compte_public)


def quantile(distribution: Counter[Decimal], q: Decimal) -> Decimal | None:
    """The lower ``q``-quantile of a distribution given as counts per value (``None`` if empty)."""
    total = sum(distribution.values())
    if not total:
        return None
    seuil, cumul = q * total, 0
    for valeur in sorted(distribution):
        cumul += distribution[valeur]
        if cumul >= seuil:
            return valeur
    return max(distribution)
