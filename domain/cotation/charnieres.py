"""The dates on which a score may change with no new event: the hinges of its timeline.

Between two events the facts stay the same, yet the score moves with time through:
month-based measures crossing a threshold of the grid (seniority, unemployment, ages),
birthdays that change the ménage (minors, consumption units), dated parameters, malus
reaching their end, manual criteria and justificatifs reaching the end of their validity.
Each hinge says why, in French. The timeline tests check, day by day on generated
histories, that no score changes on any other day.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from math import ceil, floor

from domain.cotation.menage import AGE_MAJORITE, AGE_UC_ADULTE
from domain.demande.faits import Faits
from domain.demande.valeurs import TITULAIRES, Role, StatutEmploi
from domain.grille.memoire import par_grille
from domain.grille.modele import (
    CondMesure,
    CondSimple,
    GrilleVersion,
    Mesure,
    Parametre,
    PointsParPaliers,
    PointsParUnite,
    RefParametre,
    Valeur,
)
from domain.temps import ajouter_mois

Charniere = tuple[date, str]
#: A threshold of the grid on a measure: the value, and whether the measure must exceed it
#: (``>``, and the flip side ``<=``) rather than reach it (``>=``, tiers, and ``<``).
Seuil = tuple[Decimal, bool]
_STRICTES = {"superieur": True, "inferieur_ou_egal": True, "superieur_ou_egal": False, "inferieur": False}
#: The dates from which a measure counts its months, each with what it is, in French.
Bases = Callable[[Faits], list[tuple[date, str]]]


def _inscription(faits: Faits) -> list[tuple[date, str]]:
    return [(faits.date_premiere_inscription, "ancienneté de la demande")]


def _chomage(faits: Faits) -> list[tuple[date, str]]:
    return [
        (e.depuis, "durée d'inscription comme demandeur d'emploi")
        for e in faits.emplois
        if e.statut is StatutEmploi.DEMANDEUR_EMPLOI and e.depuis is not None
    ]


def _titulaires(faits: Faits) -> list[tuple[date, str]]:
    return [(p.date_naissance, "âge d'un titulaire") for p in faits.menage if p.role in TITULAIRES]


@dataclass(frozen=True)
class Datee:
    """A month-based measure: where its months start, how many months one unit is, and whether
    it counts whole units only (ages in whole years) or fractions (seniority in years)."""

    bases: Bases
    mois_par_unite: int = 1
    entiere: bool = False

    def mois_de_bascule(self, seuils: set[Seuil]) -> set[int]:
        """The whole months at which the measure first reaches (or exceeds) each threshold."""
        if self.entiere:
            return {_premier(s, strict) * self.mois_par_unite for s, strict in seuils if s >= 0}
        return {_premier(_mois(s * self.mois_par_unite), strict) for s, strict in seuils if s >= 0}


def _mois(valeur: Decimal) -> Decimal:
    """Months from a fraction of a year: 1/12 is not exact in decimal, a month count is."""
    return valeur.quantize(Decimal("0.000001"))


def _premier(valeur: Decimal, strict: bool) -> int:
    """The first whole number above (``strict``) or at least ``valeur``."""
    return floor(valeur) + 1 if strict else ceil(valeur)


_MESURES_DATEES: dict[Mesure, Datee] = {
    Mesure.ANCIENNETE_MOIS: Datee(_inscription),
    Mesure.ANCIENNETE_ANNEES: Datee(_inscription, 12),
    Mesure.DUREE_CHOMAGE_MOIS: Datee(_chomage),
    Mesure.AGE_TITULAIRE_LE_PLUS_AGE: Datee(_titulaires, 12, entiere=True),
    Mesure.AGE_TITULAIRE_LE_PLUS_JEUNE: Datee(_titulaires, 12, entiere=True),
}


def charnieres(faits: Faits, grille: GrilleVersion, debut: date, fin: date) -> list[Charniere]:
    """The hinges strictly after ``debut`` and up to ``fin``, in order (a date may repeat)."""
    toutes = [*_mesures(faits, grille), *_anniversaires(faits, grille), *_parametres(grille), *_faits(faits)]
    return sorted((le, pourquoi) for le, pourquoi in toutes if debut < le <= fin)


def _mesures(faits: Faits, grille: GrilleVersion) -> Iterator[Charniere]:
    for datee, bascules in _bascules(grille):
        for base, quoi in datee.bases(faits):
            for mois in bascules:
                yield ajouter_mois(base, mois), f"{quoi} : {mois} mois révolus"


@par_grille
def _bascules(grille: GrilleVersion) -> tuple[tuple[Datee, tuple[int, ...]], ...]:
    """For each month-based measure the grid reads, the months at which it crosses a threshold."""
    return tuple(
        (_MESURES_DATEES[mesure], tuple(sorted(_MESURES_DATEES[mesure].mois_de_bascule(seuils))))
        for mesure, seuils in _seuils(grille).items()
    )


def _seuils(grille: GrilleVersion) -> dict[Mesure, set[Seuil]]:
    """For each month-based measure of the grid, the thresholds at which a criterion may change."""
    seuils: dict[Mesure, set[Seuil]] = {}
    for critere in grille.criteres:
        for condition in critere.conditions:
            if isinstance(condition, CondMesure):
                bornes = condition.bornes().items()
                _ajouter(seuils, condition.mesure, {(v, _STRICTES[nom]) for nom, b in bornes for v in _valeurs(grille, b)})
        points = critere.points
        if isinstance(points, PointsParPaliers):
            _ajouter(seuils, points.mesure, {(p.a_partir_de, False) for p in points.paliers})
        elif isinstance(points, PointsParUnite):
            _ajouter(seuils, points.mesure, _unites(points))
    return seuils


def _unites(points: PointsParUnite) -> set[Seuil]:
    """Every step of the measure until the cap: each whole month (a fraction of a year when the
    measure counts years)."""
    datee = _MESURES_DATEES.get(points.mesure)
    pas = Decimal(1) if datee is None or datee.entiere else Decimal(1) / datee.mois_par_unite
    pas_jusquau_plafond = ceil(points.plafond / points.points_par_unite / pas) + 1
    return {(points.a_partir_de + k * pas, False) for k in range(pas_jusquau_plafond + 1)}


def _ajouter(seuils: dict[Mesure, set[Seuil]], mesure: Mesure, valeurs: set[Seuil]) -> None:
    if mesure in _MESURES_DATEES:
        seuils.setdefault(mesure, set()).update(valeurs)


def _valeurs(grille: GrilleVersion, borne: Valeur) -> list[Decimal]:
    if not isinstance(borne, RefParametre):
        return [borne]
    definition = grille.parametres.get(borne.parametre)
    return [v.valeur for v in definition.valeurs if isinstance(v.valeur, Decimal)] if definition else []


def _anniversaires(faits: Faits, grille: GrilleVersion) -> Iterator[Charniere]:
    """Birthdays that change the ménage as the rules read it: coming of age (minors) and 14 years
    (consumption units, for the resources per UC), when the grid reads them."""
    lues = _lectures(grille)
    for personne in faits.menage:
        if "presence_mineur" in lues:
            yield ajouter_mois(personne.date_naissance, 12 * AGE_MAJORITE), "majorité d'un membre du ménage"
        if Mesure.RESSOURCES_PAR_UC in lues and personne.role is not Role.DEMANDEUR:
            yield ajouter_mois(personne.date_naissance, 12 * AGE_UC_ADULTE), "14 ans d'un membre du ménage"


@par_grille
def _lectures(grille: GrilleVersion) -> frozenset[str]:
    """The simple conditions and the measures the grid reads."""
    lues: set[str] = set()
    for critere in grille.criteres:
        lues.update(c.type for c in critere.conditions if isinstance(c, CondSimple))
        lues.update(c.mesure for c in critere.conditions if isinstance(c, CondMesure))
        if isinstance(critere.points, PointsParPaliers | PointsParUnite):
            lues.add(critere.points.mesure)
    return frozenset(lues)


@par_grille
def _parametres(grille: GrilleVersion) -> tuple[Charniere, ...]:
    """The days a parameter's value changes, or it starts or stops having one."""
    return tuple(charniere for parametre in grille.parametres.values() for charniere in _periodes(parametre))


def _periodes(parametre: Parametre) -> Iterator[Charniere]:
    valeurs = sorted(parametre.valeurs, key=lambda v: v.du)
    for avant, valeur in zip([None, *valeurs], valeurs, strict=False):
        if avant is None or avant.valeur != valeur.valeur or avant.au != valeur.du - timedelta(days=1):
            yield valeur.du, f"nouvelle valeur du paramètre « {parametre.libelle} »"
    for valeur, apres in zip(valeurs, [*valeurs[1:], None], strict=False):
        if valeur.au is not None and (apres is None or apres.du != valeur.au + timedelta(days=1)):
            yield valeur.au + timedelta(days=1), f"fin de validité du paramètre « {parametre.libelle} »"


def _faits(faits: Faits) -> Iterator[Charniere]:
    for malus in faits.malus.values():
        if malus.expire_le is not None:
            yield malus.expire_le, "fin du malus"
    for code, manuel in faits.criteres_manuels.items():
        if manuel.fin_le is not None:
            yield manuel.fin_le + timedelta(days=1), f"fin de la validation du critère {code}"
    for piece in faits.justificatifs.values():
        if piece.valide_du is not None:
            yield piece.valide_du, f"début de validité d'une pièce pour le critère {piece.critere}"
        if piece.valide_jusqu_au is not None:
            yield piece.valide_jusqu_au + timedelta(days=1), f"fin de validité d'une pièce pour le critère {piece.critere}"
