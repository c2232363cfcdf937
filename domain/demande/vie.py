"""Events of a demande's validity: renewal, the reminder before the anniversary, striking off."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import ClassVar

from domain.evenements import Evenement, enregistrer_topic


@enregistrer_topic
class DemandeRenouvelee(Evenement):
    """The demande is renewed: valid one more year from this event's ``effet_le``."""

    TOPIC: ClassVar[str] = "cotation.demande.renouvelee"
    libelle: ClassVar[str] = "renouvellement de la demande"


@enregistrer_topic
class RappelRenouvellement(Evenement):
    """The system reminded the demandeur that the demande must be renewed by ``echeance``."""

    TOPIC: ClassVar[str] = "cotation.demande.rappel_renouvellement"
    libelle: ClassVar[str] = "rappel de renouvellement"

    echeance: date


class CauseRadiation(StrEnum):
    NON_RENOUVELLEMENT = "non_renouvellement"
    ATTRIBUTION = "attribution"
    ABANDON = "abandon"


@enregistrer_topic
class DemandeRadiee(Evenement):
    """Striking off: the demande accepts nothing more but appeals, and stays readable."""

    TOPIC: ClassVar[str] = "cotation.demande.radiee"
    libelle: ClassVar[str] = "radiation de la demande"
    motif_requis: ClassVar[bool] = True

    cause: CauseRadiation
