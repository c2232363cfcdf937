"""Events of a recours amiable: against a malus, or against points not given for a criterion."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import ClassVar
from uuid import UUID

from pydantic import model_validator

from domain.demande.evenements import CodeCritere
from domain.evenements import Evenement, enregistrer_topic


class ObjetRecours(StrEnum):
    MALUS = "malus"
    CRITERE = "critere"


class IssueRecours(StrEnum):
    ACCUEILLI = "accueilli"
    REJETE = "rejete"


@enregistrer_topic
class RecoursDepose(Evenement):
    TOPIC: ClassVar[str] = "cotation.demande.recours_depose"
    libelle: ClassVar[str] = "dépôt d'un recours amiable"
    motif_requis: ClassVar[bool] = True

    recours_id: UUID
    objet: ObjetRecours
    malus_id: UUID | None = None
    critere: CodeCritere | None = None

    @model_validator(mode="after")
    def _cible(self) -> RecoursDepose:
        if self.objet is ObjetRecours.MALUS and (self.malus_id is None or self.critere):
            raise ValueError("un recours contre un malus indique le malus (malus_id) et aucun critère")
        if self.objet is ObjetRecours.CRITERE and (self.critere is None or self.malus_id):
            raise ValueError("un recours sur un critère indique le critère (critere) et aucun malus")
        return self


@enregistrer_topic
class RecoursDecide(Evenement):
    """The decision, taken on ``decide_le``, effective from ``effet_le`` (an upheld appeal may
    take effect earlier, e.g. from the malus application: retroactive in valid time)."""

    TOPIC: ClassVar[str] = "cotation.demande.recours_decide"
    libelle: ClassVar[str] = "décision sur un recours amiable"
    motif_requis: ClassVar[bool] = True

    recours_id: UUID
    issue: IssueRecours
    decide_le: date

    @model_validator(mode="after")
    def _dates(self) -> RecoursDecide:
        if self.effet_le > self.decide_le:
            raise ValueError("une décision ne prend pas effet après le jour où elle est prise")
        if self.issue is IssueRecours.REJETE and self.effet_le != self.decide_le:
            raise ValueError("un recours rejeté prend effet le jour de la décision")
        return self
