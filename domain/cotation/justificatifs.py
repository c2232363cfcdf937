"""The effect of the justificatif option on a criterion's points (SNE options 1, 2 and 3)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from domain.demande.faits import Faits, Justificatif, Source
from domain.format import points as fmt_points
from domain.grille.modele import OptionJustificatif


def probants(faits: Faits, critere: str, le: date) -> list[Justificatif]:
    """The justificatifs attached to ``critere``, validated and valid on ``le``."""
    return [j for j in faits.justificatifs.values() if j.critere == critere and j.probant_le(le)]


def appliquer_option(
    option: OptionJustificatif, points: Decimal, pieces: list[Justificatif]
) -> tuple[Decimal, str, list[Source]]:
    """Points after the option, the effect in words, and the justificatif events cited."""
    sources = [s for piece in pieces for s in piece.sources]
    if option is OptionJustificatif.AVEC_OU_SANS:
        return points, "option 1 : points accordés avec ou sans pièce justificative", sources
    if option is OptionJustificatif.SEULEMENT_AVEC:
        if pieces:
            return points, "option 2 : pièce justificative validée, points accordés", sources
        return Decimal(0), f"option 2 : aucune pièce justificative validée, {fmt_points(points)} non accordés", []
    if pieces:
        return points * 2, "option 3 : pièce justificative validée, points doublés", sources
    return points, "option 3 : sans pièce justificative validée, points simples (doublés avec la pièce)", []
