"""Ranks among analogous demandes, from score histograms: memory bounded by the number of
distinct scores, whatever the number of demandes.

Analogous demandes share a wish (commune × typologie) on the same date. For each (date, wish)
and each grid, the histogram counts the active demandes per score, split by priority. A score's
rank is 1 + the number of demandes with a strictly higher score (equal scores share a rank, as in
a competition ranking): any score can be ranked, even one of a demande outside the group (the
candidate a CAL chose on a dwelling it had not wished). The top decile of a group is the
demandes ranked within the first ⌈n / 10⌉ places (ties at the boundary included).
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from math import ceil

from projections.rejeu import LigneRejeu

Groupe = tuple[date, str, str]
#: Per score and priority (is the demande prioritaire?), how many demandes.
Histogramme = Counter[tuple[Decimal, bool]]


class Histogrammes:
    """The score histograms of every (date, wish), under the grid in force and the candidate."""

    def __init__(self) -> None:
        self.groupes: dict[Groupe, tuple[Histogramme, Histogramme]] = {}

    def ajouter(self, lignes: Iterable[LigneRejeu]) -> None:
        for ligne in lignes:
            cles = [(ligne.en_vigueur.total, ligne.prioritaire), (ligne.candidate.total, ligne.prioritaire)]
            for souhait in ligne.souhaits:
                groupe = self.groupes.setdefault((ligne.jour, *souhait), (Counter(), Counter()))
                for histogramme, cle in zip(groupe, cles, strict=True):
                    if cle[0] is not None:
                        histogramme[cle] += 1

    def fusionner(self, autre: Histogrammes) -> None:
        for cle, (avant, apres) in autre.groupes.items():
            groupe = self.groupes.setdefault(cle, (Counter(), Counter()))
            groupe[0].update(avant)
            groupe[1].update(apres)

    def classement(self) -> Classement:
        return Classement({cle: (Rangs(avant), Rangs(apres)) for cle, (avant, apres) in self.groupes.items()})


class Rangs:
    """The ranking of one group under one grid."""

    def __init__(self, histogramme: Histogramme) -> None:
        par_score: Counter[Decimal] = Counter()
        for (score, _), nombre in histogramme.items():
            par_score[score] += nombre
        self.scores = sorted(par_score)
        self.effectif = sum(par_score.values())
        # au_moins[i]: demandes whose score is scores[i] or more
        self._au_moins = [0] * (len(self.scores) + 1)
        for i in range(len(self.scores) - 1, -1, -1):
            self._au_moins[i] = self._au_moins[i + 1] + par_score[self.scores[i]]
        places = ceil(self.effectif / 10)
        tete = [(p, n) for (score, p), n in histogramme.items() if self.rang(score) <= places]
        self.premier_decile = sum(n for _, n in tete)
        self.prioritaires_premier_decile = sum(n for p, n in tete if p)
        self.prioritaires = sum(n for (_, p), n in histogramme.items() if p)
        self.par_score = par_score

    def rang(self, score: Decimal) -> int:
        return 1 + self._au_moins[bisect_right(self.scores, score)]


@dataclass(frozen=True)
class Classement:
    """The rankings of every group: ``(in force, candidate)``."""

    groupes: dict[Groupe, tuple[Rangs, Rangs]]

    def rangs(self, jour: date, commune: str, typologie: str) -> tuple[Rangs, Rangs] | None:
        return self.groupes.get((jour, commune, typologie))
