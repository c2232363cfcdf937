"""Events of a territory's grid: adoption of a version, deactivation of a local criterion."""

from __future__ import annotations

from typing import ClassVar

from pydantic import model_validator

from domain.grille.modele import Code, GrilleVersion
from domain.evenements import Evenement, enregistrer_topic


@enregistrer_topic
class GrilleAdoptee(Evenement):
    """A grid version adopted by the territory; it applies from its own ``effet_le``."""

    TOPIC: ClassVar[str] = "cotation.grille.adoptee"
    libelle: ClassVar[str] = "adoption d'une version de la grille"
    motif_requis: ClassVar[bool] = True

    grille: GrilleVersion

    @model_validator(mode="after")
    def _meme_date(self) -> GrilleAdoptee:
        if self.effet_le != self.grille.effet_le:
            raise ValueError("la date d'effet de l'adoption est celle de la version de grille")
        return self


@enregistrer_topic
class CritereLocalDesactive(Evenement):
    """Local criteria are never edited or deleted: only deactivated, then purged a year later."""

    TOPIC: ClassVar[str] = "cotation.grille.critere_local_desactive"
    libelle: ClassVar[str] = "désactivation d'un critère local"
    motif_requis: ClassVar[bool] = True

    critere: Code


@enregistrer_topic
class CritereLocalPurge(Evenement):
    """A deactivated local criterion is purged a year after its deactivation (written by the scheduler):
    from then on a new version may leave it out (ADR 0005)."""

    TOPIC: ClassVar[str] = "cotation.grille.critere_local_purge"
    libelle: ClassVar[str] = "purge d'un critère local désactivé"

    critere: Code
