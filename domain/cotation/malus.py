"""Active malus as negative contributions to the score, each traced to its events."""

from __future__ import annotations

from datetime import date, timedelta

from domain.cotation.resultat import Contribution
from domain.demande.faits import Faits
from domain.demande.parcours import Malus
from domain.format import jour
from domain.grille.modele import GrilleVersion, Nature, OptionJustificatif

SANS_PIECE = "sans objet : un malus ne dépend d'aucune pièce justificative"


def contributions_malus(faits: Faits, grille: GrilleVersion, le: date) -> list[Contribution]:
    """One contribution per malus active on ``le`` (applied, not expired, not lifted)."""
    return [_contribution(m, grille) for m in faits.malus_actifs(le)]


def _contribution(malus: Malus, grille: GrilleVersion) -> Contribution:
    assert malus.application is not None and malus.points is not None and malus.expire_le is not None
    type_malus = next((t for t in grille.malus if t.code == malus.type_malus), None)
    regle = (
        f"malus appliqué le {jour(malus.application.effet_le)} après avertissement du demandeur le "
        f"{jour(malus.averti_le)} et période contradictoire close le {jour(malus.fin_periode_contradictoire)} ; "
        f"en vigueur jusqu'au {jour(malus.expire_le - timedelta(days=1))} inclus"
    )
    return Contribution(
        critere=malus.type_malus,
        libelle=type_malus.libelle if type_malus else f"Malus {malus.type_malus}",
        nature=Nature.LOCAL,
        points=malus.points,
        regle=regle,
        option_justificatif=OptionJustificatif.AVEC_OU_SANS,
        effet_justificatif=SANS_PIECE,
        sources=[malus.envisage, malus.application],
        parametres=[],
    )
