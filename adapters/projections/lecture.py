"""What the CLI and the service read from the read models (never by replaying a stream).

Reads follow the log with the delay of the catch-up (seconds under the scheduler); the
positionnement and the délais moyens are those of their last computation, with its date.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from adapters.application import CotationApp
from adapters.projections.base import Base, decimal
from domain.cotation.chronologie import Etape
from domain.erreurs import DemandeIntrouvable, DonneesInvalides
from domain.format import jour as fmt_jour
from projections.cotations import HORIZON

COURANTE = "SELECT * FROM cotations_courantes WHERE demande_id = ?"
ETAPES = "SELECT * FROM cotations_etapes WHERE demande_id = ? ORDER BY du"
#: The step in force on a day, with the date the timeline was computed (its horizon), in one query.
ETAPE_AU = (
    "SELECT c.calcule_le, e.du, e.total, e.points, e.grille, e.cause, e.evenement_id FROM cotations_courantes c "
    "LEFT JOIN cotations_etapes e ON e.demande_id = c.demande_id AND e.du = (SELECT MAX(du) FROM cotations_etapes "
    "WHERE demande_id = c.demande_id AND du <= ?) WHERE c.demande_id = ?"
)
_MEME_SOUHAIT = "FROM souhaits_actifs o WHERE o.commune = s.commune AND o.typologie = s.typologie"
CLASSEMENT = (
    "SELECT s.rang, s.commune, s.typologie, s.total, "
    f"(SELECT COUNT(*) {_MEME_SOUHAIT} AND (o.total > s.total OR (o.total = s.total "
    "AND o.inscrite_le < s.inscrite_le))) + 1 AS classement, "
    f"(SELECT COUNT(*) {_MEME_SOUHAIT}) AS sur "
    "FROM souhaits_actifs s WHERE s.demande_id = ? ORDER BY s.rang"
)
POSITIONNEMENT = (
    "SELECT p.rang_souhait, p.commune, p.typologie, p.rang, p.sur, p.calcule_le, d.distribution, "
    "a.attributions, a.delai_moyen_jours, a.calcule_le AS delai_calcule_le FROM positionnements p "
    "JOIN positionnements_souhaits d ON d.commune = p.commune AND d.typologie = p.typologie "
    "LEFT JOIN delais_moyens a ON a.commune = p.commune AND a.typologie = p.typologie "
    "WHERE p.demande_id = ? ORDER BY p.rang_souhait"
)
AUCUNE_COTATION = "aucune cotation projetée pour cette demande (inconnue, ou pas encore rattrapée)"
DELAIS = "SELECT * FROM delais_moyens ORDER BY commune, typologie"
DERNIER_CALCUL = "SELECT MAX(calcule_le) AS le FROM positionnements_bilan"


@dataclass(frozen=True)
class CotationCourante:
    """The score in force on ``calcule_le`` and until when it holds with no new event."""

    demande_id: UUID
    etape: Etape
    #: ``None``: no change known up to the end of the timeline computed (``horizon``).
    valide_jusqu_au: date | None
    active: bool
    inscrite_le: date
    calcule_le: date

    @property
    def horizon(self) -> date:
        """The last day the projected timeline covers."""
        return self.calcule_le + HORIZON


@dataclass(frozen=True)
class Classement:
    """Live rank of an active demande on one of its wishes, among the active demandes with a score."""

    rang_souhait: int
    commune: str
    typologie: str
    total: Decimal
    rang: int
    sur: int


@dataclass(frozen=True)
class DelaiMoyen:
    commune: str
    typologie: str
    attributions: int
    delai_moyen_jours: Decimal
    calcule_le: date


@dataclass(frozen=True)
class Positionnement:
    """Rank ``rang`` of ``sur`` on a wish at the last weekly computation, with the distribution of
    the totals of the demandes on that wish and its délai moyen (if any attribution)."""

    rang_souhait: int
    commune: str
    typologie: str
    rang: int
    sur: int
    distribution: dict[str, Any]
    delai: DelaiMoyen | None
    calcule_le: date


def cotation_courante(app: CotationApp, demande_id: UUID) -> CotationCourante:
    lignes = Base(app).lire(COURANTE, (demande_id.hex,))
    if not lignes:
        raise DemandeIntrouvable(AUCUNE_COTATION)
    r = lignes[0]
    return CotationCourante(
        demande_id=demande_id,
        etape=_etape(r),
        valide_jusqu_au=_jour(r["valide_jusqu_au"]),
        active=bool(r["active"]),
        inscrite_le=date.fromisoformat(r["inscrite_le"]),
        calcule_le=date.fromisoformat(r["calcule_le"]),
    )


def chronologie(app: CotationApp, demande_id: UUID) -> list[Etape]:
    """Every change of the demande's score, up to its horizon."""
    cotation_courante(app, demande_id)  # unknown: a French refusal rather than an empty list
    return [_etape(r) for r in Base(app).lire(ETAPES, (demande_id.hex,))]


def score_au(app: CotationApp, demande_id: UUID, jour: date) -> Etape | None:
    """The step in force on ``jour`` (``None``: the demande was not registered yet)."""
    lignes = Base(app).lire(ETAPE_AU, (jour.isoformat(), demande_id.hex))
    if not lignes:
        raise DemandeIntrouvable(AUCUNE_COTATION)
    horizon = date.fromisoformat(lignes[0]["calcule_le"]) + HORIZON
    if jour > horizon:
        raise DonneesInvalides(
            f"la chronologie projetée de cette demande s'arrête au {fmt_jour(horizon)} : "
            f"pas de score au {fmt_jour(jour)}", champ="date"
        )
    return _etape(lignes[0]) if lignes[0]["du"] is not None else None


def classement(app: CotationApp, demande_id: UUID) -> list[Classement]:
    """Live rank on each wish (none: the demande is not active, or has no score)."""
    return [
        Classement(r["rang"], r["commune"], r["typologie"], decimal(r["total"]), int(r["classement"]), int(r["sur"]))
        for r in Base(app).lire(CLASSEMENT, (demande_id.hex,))
    ]


def positionnement(app: CotationApp, demande_id: UUID) -> list[Positionnement]:
    """The demande's positionnement on each wish at the last computation (none if it was not
    active with a score then)."""
    return [
        Positionnement(
            r["rang_souhait"], r["commune"], r["typologie"], r["rang"], r["sur"], json.loads(r["distribution"]),
            None if r["attributions"] is None else _delai(r, "delai_calcule_le"), date.fromisoformat(r["calcule_le"]),
        )
        for r in Base(app).lire(POSITIONNEMENT, (demande_id.hex,))
    ]


def delais_moyens(app: CotationApp) -> list[DelaiMoyen]:
    return [_delai(r) for r in Base(app).lire(DELAIS)]


def dernier_positionnement(app: CotationApp) -> date | None:
    """The date of the last positionnement computation (``None``: never)."""
    return _jour(Base(app).lire(DERNIER_CALCUL)[0]["le"])


def _etape(r: Any) -> Etape:
    return Etape(
        du=date.fromisoformat(r["du"]),
        total=None if r["total"] is None else decimal(r["total"]),
        points=tuple((critere, Decimal(points)) for critere, points in json.loads(r["points"])),
        grille=r["grille"],
        cause=r["cause"],
        evenement_id=UUID(r["evenement_id"]) if r["evenement_id"] else None,
    )


def _delai(r: Any, calcule_le: str = "calcule_le") -> DelaiMoyen:
    return DelaiMoyen(
        r["commune"], r["typologie"], int(r["attributions"]), decimal(r["delai_moyen_jours"]),
        date.fromisoformat(r[calcule_le]),
    )


def _jour(texte: str | None) -> date | None:
    return None if texte is None else date.fromisoformat(texte)
