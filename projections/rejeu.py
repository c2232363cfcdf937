"""Replay of a candidate grid over the history (clause de revoyure): the rows, demande by demande.

For each replay date at which a demande is active (registered by then, not struck off by then),
a row holds its wishes, its publics and its score under the grid in force at that date and under
the candidate grid, with the points of each criterion under both. The same rows, with no
candidate, feed the yearly evaluation of the cotation (``projections.evaluation``).

The candidate replaces, at every date, the version in force for the types of demande it applies
to (``s_applique_a``); the other demandes keep the grid in force. Local criteria deactivated by
a date stay inactive under the candidate too (a deactivation holds in every later version).

Work is saved without changing any result: the facts are folded again only when an event takes
effect between two dates, and scores are reused while they cannot change
(``projections.rejeu_score``).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cached_property
from typing import NamedTuple
from uuid import UUID

from domain.demande.cal import ATTRIBUTIONS, BailSigne, PassageCAL
from domain.demande.faits import Faits, faits_au
from domain.demande.valeurs import SituationLogement, TypeDemande
from domain.erreurs import ErreurCotation
from domain.evenements import Evenement
from domain.grille.historique import GrilleEnVigueur, grille_en_vigueur
from domain.grille.modele import GrilleVersion
from domain.grille.priorites import DALO, PRIORITES_LEGALES
from domain.temps import ajouter_mois
from projections.rejeu_score import Comparaisons, Memoire, Score, score_complet, score_par_difference

PREMIER_QUARTILE = "premier_quartile"
HEBERGES = "heberges_sans_abri"
MUTATION = "mutation"
AUTRES = "autres"
#: Situations of the "hébergés et sans-abri" public (hosted by third parties or parents, in an
#: establishment, transitional or therapeutic housing, or without housing).
SITUATIONS_HEBERGES = frozenset({
    SituationLogement.HEBERGE_TIERS,
    SituationLogement.HEBERGE_PARENTS,
    SituationLogement.STRUCTURE_HEBERGEMENT,
    SituationLogement.LOGEMENT_TRANSITION,
    SituationLogement.APPARTEMENT_COORDINATION_THERAPEUTIQUE,
    SituationLogement.SANS_LOGEMENT,
})
#: The priorities that make a demande "prioritaire" for the legal check: the situations of
#: L441-1 and DALO. The 1st quartile is an attribution target, reported as a public of its own.
PRIORITAIRES = frozenset(p.code for p in PRIORITES_LEGALES if p.code != PREMIER_QUARTILE)
#: Every public a row may belong to, in the order of the reports, with a short label.
LIBELLES_PUBLICS: dict[str, str] = {
    DALO: "DALO",
    PREMIER_QUARTILE: "1er quartile de ressources",
    "chomage_longue_duree": "Reprise d'activité après chômage de longue durée",
    "habitat_indigne": "Habitat indigne",
    "menace_expulsion": "Menacés d'expulsion sans relogement",
    "non_decent_mineur": "Logement non décent avec mineur",
    "suroccupation_mineur": "Suroccupation avec mineur",
    "hebergement_transition": "Hébergés en établissement ou logement de transition",
    "sans_logement": "Dépourvus de logement et d'hébergement",
    "heberge_tiers": "Hébergés par des tiers",
    "handicap": "Handicap (soi-même ou à charge)",
    "violences_couple": "Violences au sein du couple, mariage forcé",
    "viol_agression": "Viol ou agression sexuelle au domicile",
    "sortie_prostitution": "Sortie de la prostitution",
    "traite_proxenetisme": "Traite des êtres humains, proxénétisme",
    "appartement_coordination_therapeutique": "Sortie d'appartement de coordination thérapeutique",
    HEBERGES: "Hébergés et sans-abri (situation de logement)",
    MUTATION: "Mutations (déjà locataires du parc social)",
    AUTRES: "Autres demandes",
}
PUBLICS: tuple[str, ...] = tuple(LIBELLES_PUBLICS)


@dataclass(frozen=True)
class LigneRejeu:
    """A demande active on ``jour``: its wishes (commune, typologie), publics and both scores."""

    demande_id: UUID
    jour: date
    type_demande: TypeDemande
    souhaits: tuple[tuple[str, str], ...]
    publics: frozenset[str]
    en_vigueur: Score
    candidate: Score

    @property
    def ecart(self) -> Decimal | None:
        """Candidate minus in force, when both are computed."""
        if self.en_vigueur.total is None or self.candidate.total is None:
            return None
        return self.candidate.total - self.en_vigueur.total

    @property
    def prioritaire(self) -> bool:
        return bool(self.publics & PRIORITAIRES)

    @property
    def dalo(self) -> bool:
        return DALO in self.publics

    @cached_property
    def ecarts_par_critere(self) -> dict[str, Decimal]:
        """The criteria whose retained points differ between the grids, with the difference."""
        avant, apres = self.en_vigueur.points, self.candidate.points
        if avant == apres:
            return {}
        ecarts = {code: apres.get(code, Decimal(0)) - avant.get(code, Decimal(0)) for code in {*avant, *apres}}
        return {code: e for code, e in sorted(ecarts.items()) if e}


class LigneClassee(NamedTuple):
    """What the second pass reads of a row: compact, as it is spooled to disk and sent between
    processes (plain values only)."""

    demande_id: UUID
    jour: date
    type_demande: str
    souhaits: tuple[tuple[str, str], ...]
    publics: tuple[str, ...]
    en_vigueur: Decimal | None
    candidate: Decimal | None
    #: ``LigneRejeu.ecarts_par_critere`` (most often empty).
    criteres: tuple[tuple[str, Decimal], ...]

    @property
    def ecart(self) -> Decimal | None:
        return None if self.en_vigueur is None or self.candidate is None else self.candidate - self.en_vigueur

    @property
    def prioritaire(self) -> bool:
        return not PRIORITAIRES.isdisjoint(self.publics)


def classee(ligne: LigneRejeu) -> LigneClassee:
    return LigneClassee(
        ligne.demande_id, ligne.jour, ligne.type_demande.value, ligne.souhaits, tuple(sorted(ligne.publics)),
        ligne.en_vigueur.total, ligne.candidate.total, tuple(ligne.ecarts_par_critere.items()),
    )


@dataclass(frozen=True)
class Attribution:
    """A CAL passage ending in an attribution: the dwelling, the CAL's rank, the lease if signed."""

    demande_id: UUID
    passage_id: UUID
    le: date
    commune: str
    typologie: str
    rang_cal: int
    bail_le: date | None


class Grilles:
    """The grids of a replay: the version in force at each date for each type of demande, and
    the candidate (``None`` for the yearly evaluation, where only the grid in force counts)."""

    def __init__(self, historique_grille: Sequence[Evenement], dates: Iterable[date],
                 candidate: GrilleVersion | None = None) -> None:
        self.candidate = candidate
        self._en_vigueur = {
            (jour, t): _en_vigueur(historique_grille, jour, t) for jour in sorted(dates) for t in TypeDemande
        }
        self._priorites: dict[int, dict[str, str]] = {}
        self.comparaisons = Comparaisons()

    def en_vigueur(self, jour: date, type_demande: TypeDemande) -> GrilleEnVigueur | None:
        return self._en_vigueur[(jour, type_demande)]

    def pour_candidate(self, jour: date, type_demande: TypeDemande) -> tuple[GrilleVersion | None, frozenset[str]]:
        """The candidate for this type of demande, or the grid in force when it does not apply to it."""
        en_vigueur = self.en_vigueur(jour, type_demande)
        inactifs = en_vigueur.inactifs if en_vigueur else frozenset()
        if self.candidate is not None and type_demande in self.candidate.s_applique_a:
            return self.candidate, inactifs
        return (en_vigueur.version if en_vigueur else None), inactifs

    def versions(self) -> list[GrilleVersion]:
        """The versions in force at the replay dates, each once, in order of dates."""
        versions: dict[str, GrilleVersion] = {}
        for en_vigueur in self._en_vigueur.values():
            if en_vigueur is not None:
                versions.setdefault(en_vigueur.version.version, en_vigueur.version)
        return list(versions.values())

    def priorites(self, grille: GrilleVersion) -> dict[str, str]:
        """The legal priority each criterion of ``grille`` covers (by criterion code)."""
        cle = id(grille)
        if cle not in self._priorites:
            self._priorites[cle] = {c.code: c.priorite_legale for c in grille.criteres if c.priorite_legale}
        return self._priorites[cle]


def _en_vigueur(historique: Sequence[Evenement], jour: date, type_demande: TypeDemande) -> GrilleEnVigueur | None:
    try:
        return grille_en_vigueur(historique, jour, type_demande)
    except ErreurCotation:
        return None


def mois_passes(aujourdhui: date, nombre: int) -> list[date]:
    """The first day of the current month and of the ``nombre - 1`` months before it, in order."""
    premier = aujourdhui.replace(day=1)
    return [ajouter_mois(premier, -k) for k in range(nombre - 1, -1, -1)]


# --- one demande --------------------------------------------------------------------------------


def publics(faits: Faits, score: Score, priorites: Mapping[str, str]) -> frozenset[str]:
    """The publics of a demande: the legal priorities of the criteria whose conditions hold,
    hosted or homeless by its housing situation, mutation by its type; "autres" when none."""
    trouves = {priorites[code] for code in score.applicables if code in priorites}
    if faits.logement.situation in SITUATIONS_HEBERGES:
        trouves.add(HEBERGES)
    if faits.type_demande is TypeDemande.MUTATION:
        trouves.add(MUTATION)
    return frozenset(trouves or {AUTRES})


def rejouer(demande_id: UUID, historique: Sequence[Evenement], grilles: Grilles,
            dates: Sequence[date]) -> Iterator[LigneRejeu]:
    """The rows of one demande at each date (in increasing order) where it is active."""
    effets = sorted(e.effet_le for e in historique)
    memoires = (Memoire(dates[-1]), Memoire(dates[-1]))
    faits, connus = None, -1
    for jour in dates:
        nombre = bisect_right(effets, jour)
        if nombre != connus:
            faits, connus = faits_au(historique, jour), nombre
        if faits is None or faits.radiation is not None:
            continue
        yield _ligne(demande_id, faits, grilles, jour, memoires)


def _ligne(demande_id: UUID, faits: Faits, grilles: Grilles, jour: date,
           memoires: tuple[Memoire, Memoire]) -> LigneRejeu:
    en_vigueur = grilles.en_vigueur(jour, faits.type_demande)
    version, inactifs = (en_vigueur.version, en_vigueur.inactifs) if en_vigueur else (None, frozenset())
    score = _score(faits, version, inactifs, jour, memoires[0], lambda: score_complet(faits, version, jour, inactifs))
    candidate = _candidate(faits, grilles, version, score, jour, memoires)
    reference = version if score.total is not None else grilles.pour_candidate(jour, faits.type_demande)[0]
    return LigneRejeu(
        demande_id=demande_id,
        jour=jour,
        type_demande=faits.type_demande,
        souhaits=tuple(dict.fromkeys((s.commune, s.typologie.value) for s in faits.souhaits)),
        publics=publics(faits, score if score.total is not None else candidate,
                        grilles.priorites(reference) if reference else {}),
        en_vigueur=score,
        candidate=candidate,
    )


def _score(faits: Faits, grille: GrilleVersion | None, inactifs: frozenset[str], jour: date,
           memoire: Memoire, calculer: Callable[[], Score], voisine: Memoire | None = None) -> Score:
    """The score in ``memoire`` while it holds, else ``calculer()`` (kept for the next dates)."""
    if grille is None:
        return Score(None, erreur="aucune grille de cotation en vigueur")
    if memoire.valable(faits, grille, inactifs, jour, voisine):
        assert memoire.score is not None
        return memoire.score
    score = calculer()
    memoire.retenir(faits, grille, inactifs, jour, score)
    return score


def _candidate(faits: Faits, grilles: Grilles, version: GrilleVersion | None, base: Score, jour: date,
               memoires: tuple[Memoire, Memoire]) -> Score:
    grille, inactifs = grilles.pour_candidate(jour, faits.type_demande)
    if grilles.candidate is None:
        return Score(None, erreur="pas de grille candidate")
    if grille is None or version is None or base.total is None:
        return _score(faits, grille, inactifs, jour, memoires[1],
                      lambda: score_complet(faits, grille, jour, inactifs))  # type: ignore[arg-type]
    if grille is version:
        return base  # the candidate does not apply to this type of demande
    comparaisons = grilles.comparaisons
    differents = comparaisons.differents(version, grille)
    voisine = memoires[0] if comparaisons.memes_charnieres(version, grille) else None
    if differents is None:
        return _score(faits, grille, inactifs, jour, memoires[1],
                      lambda: score_complet(faits, grille, jour, inactifs), voisine)
    return _score(faits, grille, inactifs, jour, memoires[1],
                  lambda: score_par_difference(faits, grille, jour, inactifs, base, differents), voisine)


def attributions(demande_id: UUID, historique: Iterable[Evenement]) -> list[Attribution]:
    """The CAL passages of a demande that ended in an attribution, with the lease if signed."""
    baux = {e.passage_id: e.effet_le for e in historique if isinstance(e, BailSigne)}
    return [
        Attribution(
            demande_id=demande_id, passage_id=e.passage_id, le=e.effet_le, commune=e.logement.commune,
            typologie=e.logement.typologie.value, rang_cal=e.rang or 0, bail_le=baux.get(e.passage_id),
        )
        for e in historique
        if isinstance(e, PassageCAL) and e.decision in ATTRIBUTIONS and e.rang is not None
    ]


def date_de_reference(dates: Sequence[date], le: date) -> date | None:
    """The last replay date on or before ``le``: the ranking as last refreshed before a CAL."""
    index = bisect_right(dates, le)
    return dates[index - 1] if index else None


def ligne_au(lignes: Iterable[LigneRejeu], jour: date | None) -> LigneRejeu | None:
    """The demande's row on ``jour``, if it was active then."""
    return next((ligne for ligne in lignes if ligne.jour == jour), None)
