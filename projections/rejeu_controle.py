"""The second pass of a replay, once every score is known: each row's ranks under both grids, how
ranks move by public, and the legal check "do priority publics still come first?".

- Ranks come from the histograms of the first pass (``projections.rejeu_rangs``).
- A non-priority demande "now outranks" a DALO demande of the same wish on the same date when
  its score is strictly higher than the DALO demande's under the candidate while it was not
  under the grid in force. The DALO demandes of each group are kept from the first pass (few);
  the rows are read again demande after demande. Every case (row × wish) is counted; cases are
  listed by demande and wish (dates and DALO demandes gathered), the first
  ``LIMITE_DEPASSEMENTS`` of them (the CSV of the replay holds every row).
- Sensitive situations (violence, sexual assault, prostitution, trafficking) and health
  (disability, therapeutic housing) never appear against a demande: in the rows, their publics
  are left out and their criteria are named « situation sensible » (DOMAIN.md §8).
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import accumulate
from datetime import date
from decimal import Decimal
from typing import NamedTuple
from uuid import UUID

from domain.grille.modele import GrilleVersion
from domain.grille.priorites import SITUATIONS_DE_SANTE, SITUATIONS_SENSIBLES
from projections.rejeu import LigneClassee, LigneRejeu
from projections.rejeu_rangs import Classement, Groupe

LIMITE_DEPASSEMENTS = 100
CRITERE_SENSIBLE = "SITUATION_SENSIBLE"
#: Publics never shown against a demande in a replay's rows: counted in the aggregates only.
SENSIBLES = SITUATIONS_SENSIBLES | SITUATIONS_DE_SANTE


@dataclass(frozen=True)
class Dalo:
    demande_id: UUID
    en_vigueur: Decimal
    candidate: Decimal


class DaloParGroupe:
    """First pass: the DALO demandes of every (date, wish) scored under both grids. Second pass:
    those a row now outranks, found without reading them all (``depasses``)."""

    def __init__(self) -> None:
        self.groupes: dict[Groupe, list[Dalo]] = defaultdict(list)
        self._index: dict[Groupe, _Index] = {}

    def ajouter(self, lignes: Iterable[LigneRejeu]) -> None:
        self._index.clear()
        for ligne in lignes:
            avant, apres = ligne.en_vigueur.total, ligne.candidate.total
            if ligne.dalo and avant is not None and apres is not None:
                for souhait in ligne.souhaits:
                    self.groupes[(ligne.jour, *souhait)].append(Dalo(ligne.demande_id, avant, apres))

    def fusionner(self, autre: DaloParGroupe) -> None:
        self._index.clear()
        for groupe, dalos in autre.groupes.items():
            self.groupes[groupe].extend(dalos)

    def depasses(self, groupe: Groupe, en_vigueur: Decimal, candidate: Decimal) -> list[Dalo]:
        """The DALO demandes of ``groupe`` that a demande scored ``en_vigueur`` then ``candidate``
        now outranks (strictly above under the candidate, not under the grid in force), in the
        order they were added."""
        dalos = self.groupes.get(groupe)
        if not dalos:
            return []
        index = self._index.get(groupe)
        if index is None:
            index = self._index[groupe] = _Index(dalos)
        return index.depasses(en_vigueur, candidate)


class _Index:
    """The DALO demandes of one group by candidate score, with the highest score in force among
    the lowest ``k`` of them: most rows outrank none, and that is seen with one bisection."""

    def __init__(self, dalos: list[Dalo]) -> None:
        self.ordre = sorted(range(len(dalos)), key=lambda i: dalos[i].candidate)
        self.dalos = dalos
        self.candidates = [dalos[i].candidate for i in self.ordre]
        self.plus_haut: list[Decimal] = list(accumulate((dalos[i].en_vigueur for i in self.ordre), max))

    def depasses(self, en_vigueur: Decimal, candidate: Decimal) -> list[Dalo]:
        sous = bisect_left(self.candidates, candidate)
        if sous == 0 or self.plus_haut[sous - 1] < en_vigueur:
            return []
        places = sorted(i for i in self.ordre[:sous] if self.dalos[i].en_vigueur >= en_vigueur)
        return [self.dalos[i] for i in places]


class Detail(NamedTuple):
    """One row of a replay for one wish, with both ranks among analogous demandes."""

    ligne: LigneClassee
    commune: str
    typologie: str
    rang_en_vigueur: int | None
    rang_candidate: int | None
    effectif: int


@dataclass
class Depassement:
    """A non-priority demande that now outranks DALO demandes of one of its wishes: on how many
    replay dates, its points on the first one, and the DALO demandes outranked."""

    demande_id: UUID
    commune: str
    typologie: str
    premiere_date: date
    derniere_date: date
    en_vigueur: Decimal
    candidate: Decimal
    dates: int = 0
    dalo: dict[UUID, Dalo] = field(default_factory=dict)


@dataclass
class Evolution:
    """How the ranks of a public's (row, wish) pairs move: positive ``gain`` = better ranked."""

    souhaits: int = 0
    gain: int = 0
    ameliores: int = 0
    degrades: int = 0


@dataclass
class Controle:
    """Second pass: ranks of every row, rank changes by public, DALO demandes outranked."""

    classement: Classement
    dalo: DaloParGroupe
    evolutions: dict[str, Evolution] = field(default_factory=dict)
    depassements: list[Depassement] = field(default_factory=list)
    nombre_depassements: int = 0
    demandes_depassant: int = 0

    def details(self, lignes: Sequence[LigneClassee]) -> Iterator[Detail]:
        """The rows of one demande, one per wish, with their ranks; the aggregates follow once the
        rows are all read."""
        depassements: dict[tuple[str, str], Depassement] = {}
        for ligne in lignes:
            prioritaire = ligne.prioritaire
            for commune, typologie in ligne.souhaits:
                rangs = self.classement.rangs(ligne.jour, commune, typologie)
                rang_avant = rangs[0].rang(ligne.en_vigueur) if rangs and ligne.en_vigueur is not None else None
                rang_apres = rangs[1].rang(ligne.candidate) if rangs and ligne.candidate is not None else None
                self._evoluer(ligne, rang_avant, rang_apres)
                if not prioritaire:
                    self._depasser(ligne, commune, typologie, depassements)
                yield Detail(ligne, commune, typologie, rang_avant, rang_apres, rangs[0].effectif if rangs else 0)
        if depassements:
            self.demandes_depassant += 1
            place = LIMITE_DEPASSEMENTS - len(self.depassements)
            self.depassements.extend(list(depassements.values())[: max(place, 0)])

    def _evoluer(self, ligne: LigneClassee, rang_avant: int | None, rang_apres: int | None) -> None:
        if rang_avant is None or rang_apres is None:
            return
        gain = rang_avant - rang_apres
        for public in ligne.publics:
            evolution = self.evolutions.get(public)
            if evolution is None:
                evolution = self.evolutions[public] = Evolution()
            evolution.souhaits += 1
            evolution.gain += gain
            evolution.ameliores += gain > 0
            evolution.degrades += gain < 0

    def _depasser(self, ligne: LigneClassee, commune: str, typologie: str,
                  depassements: dict[tuple[str, str], Depassement]) -> None:
        avant, apres = ligne.en_vigueur, ligne.candidate
        if avant is None or apres is None:
            return
        depasses = self.dalo.depasses((ligne.jour, commune, typologie), avant, apres)
        if not depasses:
            return
        self.nombre_depassements += 1
        cas = depassements.get((commune, typologie))
        if cas is None:
            cas = depassements[(commune, typologie)] = Depassement(
                ligne.demande_id, commune, typologie, ligne.jour, ligne.jour, avant, apres
            )
        cas.dates += 1
        cas.derniere_date = ligne.jour
        for d in depasses:
            cas.dalo.setdefault(d.demande_id, d)


def criteres_sensibles(grilles: Iterable[GrilleVersion]) -> frozenset[str]:
    """The criteria of these grids that cover a sensitive situation."""
    return frozenset(c.code for g in grilles for c in g.criteres if c.priorite_legale in SENSIBLES)


def publics_affiches(ligne: LigneClassee) -> tuple[str, ...]:
    """The publics of a row that may be shown against it."""
    return tuple(p for p in ligne.publics if p not in SENSIBLES)


def criteres_affiches(ligne: LigneClassee, sensibles: frozenset[str]) -> tuple[tuple[str, Decimal], ...]:
    """The criteria whose points differ, sensitive ones gathered under « situation sensible »."""
    ecarts: dict[str, Decimal] = {}
    for code, ecart in ligne.criteres:
        nom = CRITERE_SENSIBLE if code in sensibles else code
        ecarts[nom] = ecarts.get(nom, Decimal(0)) + ecart
    return tuple(ecarts.items())
