"""The timeline of a demande's score, as known now: each change, its date, total and cause.

The score is computed at each date the facts change (an event's effect date, a grid adoption
or deactivation) and at each hinge between them (``charnieres``); a step is kept when the
score differs from the one before. A date with no score (before the grid, a parameter without
value) is a step too, with no total. A struck-off demande keeps the score the engine gives it
(an auditor may still ask for it); it is only left out of rankings.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from uuid import UUID

from domain.cotation.charnieres import Charniere, charnieres
from domain.cotation.moteur import coter
from domain.demande.faits import Faits, faits_successifs
from domain.erreurs import ErreurCotation
from domain.evenements import Evenement
from domain.format import jour as fmt_jour
from domain.grille.historique import grille_en_vigueur

Points = tuple[tuple[str, Decimal], ...]


@dataclass(frozen=True)
class Etape:
    """The score from ``du`` until the next step: total (``None`` when it cannot be computed),
    the retained contributions (criterion, points), the grid version, and what changed."""

    du: date
    total: Decimal | None
    points: Points
    grille: str | None
    cause: str
    evenement_id: UUID | None = None

    def meme_score(self, autre: Etape) -> bool:
        return (self.total, self.points, self.grille) == (autre.total, autre.points, autre.grille)


def chronologie(historique: Sequence[Evenement], historique_grille: Sequence[Evenement], jusqu_au: date) -> list[Etape]:
    """Every change of the score from the registration to ``jusqu_au`` (inclusive)."""
    etapes: list[Etape] = []
    for etape in _calculs(historique, historique_grille, jusqu_au):
        if not etapes or not etape.meme_score(etapes[-1]):
            etapes.append(etape)
    return etapes


def en_vigueur(etapes: Sequence[Etape], jour: date) -> Etape | None:
    """The step in force on ``jour``, if the demande was registered by then."""
    avant = [e for e in etapes if e.du <= jour]
    return avant[-1] if avant else None


def valide_jusqu_au(etapes: Sequence[Etape], jour: date) -> date | None:
    """The last day the score in force on ``jour`` holds with no new event (``None``: no change
    known within the timeline)."""
    apres = [e.du for e in etapes if e.du > jour]
    return apres[0] - timedelta(days=1) if apres else None


def _calculs(historique: Sequence[Evenement], grille: Sequence[Evenement], jusqu_au: date) -> Iterator[Etape]:
    """The score at every date it may change, in order."""
    segments = [(d, f) for d, f in faits_successifs(historique) if d <= jusqu_au]
    dates_grille = sorted({e.effet_le for e in grille})
    for index, (debut, faits) in enumerate(segments):
        fin = segments[index + 1][0] - timedelta(days=1) if index + 1 < len(segments) else jusqu_au
        yield _etape(faits, grille, debut, _cause_evenements(historique, debut))
        for le, cause in _dans_le_segment(faits, grille, dates_grille, debut, fin):
            yield _etape(faits, grille, le, cause)


def _dans_le_segment(
    faits: Faits, grille: Sequence[Evenement], dates_grille: list[date], debut: date, fin: date
) -> Iterator[Charniere]:
    """The dates between two changes of the facts where the score may still move: the grid's
    own dates, then the hinges of each grid version in force on the way."""
    adoptions = [(le, "changement de la grille en vigueur") for le in dates_grille if debut < le <= fin]
    bornes = [debut, *(le for le, _ in adoptions), fin + timedelta(days=1)]
    trouvees = list(adoptions)
    for du, au in zip(bornes, bornes[1:], strict=False):
        try:
            version = grille_en_vigueur(grille, du, faits.type_demande).version
        except ErreurCotation:
            continue
        trouvees += charnieres(faits, version, du, au - timedelta(days=1))
    yield from _regrouper(trouvees)


def _regrouper(charnieres_: list[Charniere]) -> Iterator[Charniere]:
    """One date, all its causes."""
    par_date: dict[date, list[str]] = {}
    for le, cause in sorted(charnieres_):
        if cause not in par_date.setdefault(le, []):
            par_date[le].append(cause)
    for le, causes in par_date.items():
        yield le, " ; ".join(causes)


def _etape(faits: Faits, grille: Sequence[Evenement], le: date, cause: str | tuple[str, UUID]) -> Etape:
    texte, evenement_id = cause if isinstance(cause, tuple) else (cause, None)
    try:
        en_vigueur_ = grille_en_vigueur(grille, le, faits.type_demande)
        cotation = coter(faits, en_vigueur_.version, le, None, en_vigueur_.inactifs)
    except ErreurCotation as exc:
        return Etape(le, None, (), None, f"{texte} : pas de cotation ({exc})", evenement_id)
    points = tuple((c.critere, c.points) for c in cotation.contributions if c.retenu)
    return Etape(le, cotation.total, points, cotation.grille, texte, evenement_id)


def _cause_evenements(historique: Sequence[Evenement], le: date) -> tuple[str, UUID]:
    """The events taking effect on ``le`` (the last recorded names the step)."""
    du_jour = sorted((e for e in historique if e.effet_le == le), key=lambda e: e.enregistre_le)
    texte = " ; ".join(dict.fromkeys(e.libelle for e in du_jour))
    return f"{texte} (effet au {fmt_jour(le)})", du_jour[-1].evenement_id
