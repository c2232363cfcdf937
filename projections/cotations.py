"""The cotation read models of one demande, from its history and its territory's grid history.

``lignes`` is the only way rows are made: the incremental runner and the full rebuild both
call it, so both yield the same read models by construction. Everything is computed "as known
now" at ``aujourdhui`` (the clock's day): the timeline runs to ``aujourdhui`` + ``HORIZON``
so that the current score knows until when it holds with no new event.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from uuid import UUID

from domain.cotation.chronologie import Etape, chronologie, en_vigueur, valide_jusqu_au
from domain.demande.faits import Faits, faits_au
from domain.evenements import Evenement

#: How far ahead of today the timeline is computed (a longer wait is refreshed by the scheduler).
HORIZON = timedelta(days=2 * 366)


@dataclass(frozen=True)
class Souhait:
    rang: int
    commune: str
    typologie: str


@dataclass(frozen=True)
class Attribution:
    """A dwelling let to the demande (lease signed): where, what size, and the wait it ended."""

    attribuee_le: date
    commune: str
    typologie: str
    inscrite_le: date

    @property
    def attente_jours(self) -> int:
        return (self.attribuee_le - self.inscrite_le).days


@dataclass(frozen=True)
class Lignes:
    """All read-model rows of one demande, computed on ``calcule_le``."""

    demande_id: UUID
    calcule_le: date
    inscrite_le: date
    active: bool
    etapes: tuple[Etape, ...]
    courante: Etape | None
    valide_jusqu_au: date | None
    souhaits: tuple[Souhait, ...]
    attribution: Attribution | None


def lignes(
    demande_id: UUID, historique: Sequence[Evenement], historique_grille: Sequence[Evenement], aujourdhui: date
) -> Lignes | None:
    """The rows of a demande as known on ``aujourdhui``; ``None`` if it takes effect later."""
    faits = faits_au(historique, aujourdhui)
    if faits is None:
        return None
    etapes = tuple(chronologie(historique, historique_grille, aujourdhui + HORIZON))
    return Lignes(
        demande_id=demande_id,
        calcule_le=aujourdhui,
        inscrite_le=faits.date_premiere_inscription,
        active=faits.radiation is None,
        etapes=etapes,
        courante=en_vigueur(etapes, aujourdhui),
        valide_jusqu_au=valide_jusqu_au(etapes, aujourdhui),
        souhaits=tuple(Souhait(rang, s.commune, s.typologie.value) for rang, s in enumerate(faits.souhaits, 1)),
        attribution=_attribution(faits),
    )


def _attribution(faits: Faits) -> Attribution | None:
    baux = [p for p in faits.passages.values() if p.bail is not None]
    if not baux:
        return None
    passage = max(baux, key=lambda p: p.bail.effet_le)  # type: ignore[union-attr]
    assert passage.bail is not None
    return Attribution(
        attribuee_le=passage.bail.effet_le,
        commune=passage.logement.commune,
        typologie=passage.logement.typologie.value,
        inscrite_le=faits.date_premiere_inscription,
    )
