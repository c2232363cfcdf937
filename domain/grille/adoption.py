"""The rules a grid version must obey to be adopted (DOMAIN.md §4); a refusal names the rule."""

from __future__ import annotations

from collections.abc import Sequence

from domain.erreurs import GrilleInvalide
from domain.evenements import Evenement
from domain.grille.evenements import GrilleAdoptee


def verifier_adoption(historique: Sequence[Evenement], evt: GrilleAdoptee, territoire: str) -> None:
    """Raise ``GrilleInvalide`` naming the broken rule, or return when the version may be adopted."""
    if evt.grille.territoire.code != territoire:
        raise GrilleInvalide(
            "territoire", f"cette grille appartient au territoire {evt.grille.territoire.code}, pas à {territoire}"
        )
