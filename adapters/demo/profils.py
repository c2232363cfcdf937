"""The calibrations ("profils") of the generator: when a demande is registered, and where.

``epernay`` (the default) is the demo's own draw: registrations uniform over the period, 35 % on
the portal, the guichets by fixed weights. ``idf`` follows the Île-de-France volumes of the
regional socle (``shared/seeds/socle-regional-idf-cotation-2021.txt``, section 03): the demandes
created in 2019 and 2020 by type of guichet enregistreur. Only these draws differ: the communes,
the stock, the ménages and the grid stay Épernay's, the only territory with a grid and a stock in
the seeds.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Protocol

from adapters.demo.dossier import DEBUT, FIN, jour_entre
from adapters.demo.menages import tirer
from adapters.demo.territoire import ACTION_LOGEMENT, BAILLEUR, COLLECTIVITE, GUICHETS, Guichet
from domain.erreurs import CommandeInvalide

EPERNAY, IDF = "epernay", "idf"
#: Registrations end two months before the end of the period, so that each demande lives a little.
DERNIERE_INSCRIPTION = FIN - timedelta(days=60)
PORTAIL, AUTRES = "portail", "autres"
#: Demandes created in Île-de-France by type of guichet (socle, section 03): the counts, which add
#: up to the published totals (290,143 and 267,597). The 2019 percentages printed beside them do
#: not match them (they sum to 104.1 %; Bailleurs is printed 8.3 % for 2.9 %): the counts are used.
CREATIONS_IDF = {
    2019: {PORTAIL: 116_461, BAILLEUR: 8_429, COLLECTIVITE: 140_822, ACTION_LOGEMENT: 24_419, AUTRES: 12},
    2020: {PORTAIL: 130_491, BAILLEUR: 20_934, COLLECTIVITE: 92_937, ACTION_LOGEMENT: 23_218, AUTRES: 17},
}
POIDS_DEMO = {g: g.poids for g in GUICHETS}
#: Registered on, at (``None``: the portal), instructed by.
Inscription = tuple[date, Guichet | None, Guichet]
#: Weights of the guichets, ``None`` standing for the portal.
Poids = dict[Guichet | None, float]


class Profil(Protocol):
    def inscrire(self, rng: random.Random) -> Inscription:
        """When and where a demande is registered, and the guichet whose agents instruct it."""


class Epernay:
    """The demo's draw, unchanged: uniform over the period, 35 % on the portal, fixed weights."""

    def inscrire(self, rng: random.Random) -> Inscription:
        inscription = jour_entre(rng, DEBUT, DERNIERE_INSCRIPTION)
        guichet = None if rng.random() < 0.35 else tirer(rng, POIDS_DEMO)
        return inscription, guichet, guichet or tirer(rng, POIDS_DEMO)


class IleDeFrance:
    """The socle's volumes: the year of registration weighted by the demandes created that year,
    then the portal or a guichet by that year's shares of guichet types; within a type, the
    guichets keep their demo weights. The socle stops at 2020: later years are assumed to carry
    2020's volume and shares forward. Each year weighs its volume times the share of its days
    inside the period (2026 ends with the last registrations, on 31/08/2026). "Autres (dont État)"
    (12 and 17 demandes) has no fictitious guichet: it counts in the volume, never drawn as a
    guichet. A portal demande is instructed by a guichet drawn by the same shares."""

    def __init__(self) -> None:
        annees = range(DEBUT.year, DERNIERE_INSCRIPTION.year + 1)
        self.annees = {a: sum(_creations(a).values()) * _part_dans_la_periode(a) for a in annees}
        self.guichets = {a: _poids_des_guichets(_creations(a)) for a in annees}

    def inscrire(self, rng: random.Random) -> Inscription:
        annee = tirer(rng, self.annees)
        inscription = jour_entre(rng, *_bornes(annee))
        poids = self.guichets[annee]
        guichet = tirer(rng, poids)
        return inscription, guichet, guichet or tirer(rng, {g: p for g, p in poids.items() if g})


def _creations(annee: int) -> dict[str, int]:
    return CREATIONS_IDF[min(annee, max(CREATIONS_IDF))]


def _bornes(annee: int) -> tuple[date, date]:
    """The first and last days of registration of this year."""
    return max(DEBUT, date(annee, 1, 1)), min(DERNIERE_INSCRIPTION, date(annee, 12, 31))


def _part_dans_la_periode(annee: int) -> float:
    debut, fin = _bornes(annee)
    return ((fin - debut).days + 1) / (date(annee + 1, 1, 1) - date(annee, 1, 1)).days


def _poids_des_guichets(creations: dict[str, int]) -> Poids:
    """The portal's volume, and each guichet's share of its type's volume by its demo weight."""
    par_sorte = {s: sum(g.poids for g in GUICHETS if g.sorte == s) for s in (BAILLEUR, COLLECTIVITE, ACTION_LOGEMENT)}
    return {None: creations[PORTAIL], **{g: creations[g.sorte] * g.poids / par_sorte[g.sorte] for g in GUICHETS}}


PROFILS: dict[str, Profil] = {EPERNAY: Epernay(), IDF: IleDeFrance()}


def profil(nom: str) -> Profil:
    """The calibration of this name; refused in French when unknown."""
    if nom not in PROFILS:
        raise CommandeInvalide(f"profil de génération inconnu : « {nom} » (profils connus : {', '.join(PROFILS)})")
    return PROFILS[nom]
