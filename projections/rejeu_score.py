"""A demande's score under one grid in a replay, computed no more often than it can change.

- **Reuse across dates**: a score is computed again only when its facts or its grid change, or
  when a hinge of its timeline (``domain.cotation.charnieres``: thresholds of month-based
  measures, birthdays, parameter periods, ends of malus and validations) lies between two
  dates. The hinges of one set of facts under one grid are computed at most once, up to the
  last date, and only when a later date finds the same facts; two grids that read the same
  things for their hinges (same conditions, same measured points, same parameters) share them.
- **Reuse across grids**: when the candidate differs from the grid in force only by some
  criteria (same territory, parameters and justificatif option), the criteria they share give
  the same contribution under both: only the others are evaluated (``domain.cotation.moteur.evaluer``),
  then rubrics and malus are applied as the engine applies them (in a rubric, the first best
  contribution in the grid's order counts; malus points come from the facts).

Either way the score is the engine's: the tests compare it with ``coter`` at every date.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from domain.cotation.charnieres import charnieres
from domain.cotation.contexte import Contexte
from domain.cotation.moteur import coter, evaluer
from domain.demande.faits import Faits
from domain.erreurs import ErreurCotation
from domain.grille.modele import GrilleVersion, PointsFixes


@dataclass(frozen=True)
class Score:
    """A score under one grid: the total (``None`` when it cannot be computed, with the reason),
    the retained points by criterion (malus by type), and the points of every criterion whose
    conditions hold before rubrics choose (``bruts``; malus apart)."""

    total: Decimal | None
    points: Mapping[str, Decimal] = field(default_factory=dict)
    bruts: Mapping[str, Decimal] = field(default_factory=dict)
    malus: tuple[tuple[str, Decimal], ...] = ()
    grille: str | None = None
    erreur: str | None = None

    @property
    def applicables(self) -> frozenset[str]:
        return frozenset(self.bruts)


def _assembler(grille: GrilleVersion, bruts: dict[str, Decimal], malus: tuple[tuple[str, Decimal], ...]) -> Score:
    """Rubrics and malus on the criteria's points, as ``coter`` applies them."""
    rubriques = {c.code: c.rubrique for c in grille.criteres if c.rubrique}
    meilleures: dict[str, str] = {}
    for code, valeur in bruts.items():
        rubrique = rubriques.get(code)
        if rubrique and (rubrique not in meilleures or valeur > bruts[meilleures[rubrique]]):
            meilleures[rubrique] = code
    points = {code: v for code, v in bruts.items() if code not in rubriques or meilleures[rubriques[code]] == code}
    for code, valeur in malus:
        points[code] = points.get(code, Decimal(0)) + valeur
    total = sum(points.values(), Decimal(0))
    return Score(total, points, bruts, malus, grille.version)


def score_complet(faits: Faits, grille: GrilleVersion, jour: date, inactifs: frozenset[str]) -> Score:
    """The engine's score (``coter``), or its refusal."""
    try:
        cotation = coter(faits, grille, jour, None, inactifs)
    except ErreurCotation as exc:
        return Score(None, grille=grille.version, erreur=exc.message)
    nombre_malus = len(faits.malus_actifs(jour))  # ``coter`` puts the active malus last
    criteres = cotation.contributions[: len(cotation.contributions) - nombre_malus]
    malus = tuple((c.critere, c.points) for c in cotation.contributions[len(criteres):])
    score = _assembler(grille, {c.critere: c.points for c in criteres}, malus)
    assert score.total == cotation.total
    return score


def score_par_difference(faits: Faits, candidate: GrilleVersion, jour: date, inactifs: frozenset[str],
                         base: Score, differents: frozenset[str]) -> Score:
    """The candidate's score from ``base`` (the grid in force's, on the same facts and day): only
    the criteria in ``differents`` are evaluated."""
    ctx = Contexte(faits=faits, jour=jour, grille=candidate)
    bruts: dict[str, Decimal] = {}
    try:
        for critere in candidate.criteres:
            if critere.code in inactifs:
                continue
            if critere.code in differents:
                contribution = evaluer(critere, ctx)
                if contribution is not None:
                    bruts[critere.code] = contribution.points
            elif critere.code in base.bruts:
                bruts[critere.code] = base.bruts[critere.code]
    except ErreurCotation as exc:
        return Score(None, grille=candidate.version, erreur=exc.message)
    return _assembler(candidate, bruts, base.malus)


class Comparaisons:
    """What two grids share, computed once per pair of grid objects."""

    def __init__(self) -> None:
        self._charnieres: dict[tuple[int, int], bool] = {}
        self._differents: dict[tuple[int, int], frozenset[str] | None] = {}

    def memes_charnieres(self, une: GrilleVersion, autre: GrilleVersion) -> bool:
        """Whether the two grids give any facts the same hinges (``charnieres`` reads of a grid
        its criteria's conditions, the measures of points not fixed, and its parameters)."""
        cle = (id(une), id(autre))
        if cle not in self._charnieres:
            self._charnieres[cle] = _lu_par_charnieres(une) == _lu_par_charnieres(autre)
        return self._charnieres[cle]

    def differents(self, en_vigueur: GrilleVersion, candidate: GrilleVersion) -> frozenset[str] | None:
        """The candidate's criteria not identical to the grid in force's, or ``None`` when the
        grids do not evaluate shared criteria alike (territory, parameters, justificatif option)."""
        cle = (id(en_vigueur), id(candidate))
        if cle not in self._differents:
            memes = [getattr(en_vigueur, nom) == getattr(candidate, nom)
                     for nom in ("territoire", "parametres", "option_justificatif")]
            codes = frozenset(c.code for c in candidate.criteres if en_vigueur.critere(c.code) != c)
            self._differents[cle] = codes if all(memes) else None
        return self._differents[cle]


def _lu_par_charnieres(grille: GrilleVersion) -> tuple:
    points = [None if isinstance(c.points, PointsFixes) else c.points for c in grille.criteres]
    return [c.conditions for c in grille.criteres], points, grille.parametres


@dataclass
class Memoire:
    """The last score computed under one grid slot, reused while nothing can change it: same
    facts, same grid, and no hinge since. The hinges of these facts under this grid, up to the
    last replay date, are computed when first needed (the facts often change before), or taken
    from a neighbour slot whose grid has the same hinges."""

    fin: date
    faits: Faits | None = None
    grille: GrilleVersion | None = None
    inactifs: frozenset[str] = frozenset()
    jour: date | None = None
    score: Score | None = None
    #: The hinges after ``depuis``, once computed.
    charnieres: list[date] | None = None
    depuis: date | None = None

    def valable(self, faits: Faits, grille: GrilleVersion, inactifs: frozenset[str], jour: date,
                voisine: Memoire | None = None) -> bool:
        if self.score is None or self.faits is not faits or self.grille is not grille or self.inactifs != inactifs:
            return False
        assert self.jour is not None
        if self.charnieres is None:
            self._charnieres(voisine)
        assert self.charnieres is not None
        return bisect_right(self.charnieres, self.jour) == bisect_right(self.charnieres, jour)

    def _charnieres(self, voisine: Memoire | None) -> None:
        assert self.faits is not None and self.grille is not None and self.jour is not None
        if (voisine is not None and voisine.faits is self.faits and voisine.charnieres is not None
                and voisine.depuis is not None and voisine.depuis <= self.jour):
            self.charnieres, self.depuis = voisine.charnieres, voisine.depuis
            return
        trouvees = charnieres(self.faits, self.grille, self.jour, self.fin)
        self.charnieres, self.depuis = sorted({le for le, _ in trouvees}), self.jour

    def retenir(self, faits: Faits, grille: GrilleVersion, inactifs: frozenset[str], jour: date, score: Score) -> None:
        """Keep ``score``; the hinges known for these facts under this grid still hold."""
        if self.faits is not faits or self.grille is not grille:
            self.charnieres = self.depuis = None
        self.faits, self.grille, self.inactifs, self.jour, self.score = faits, grille, inactifs, jour, score
