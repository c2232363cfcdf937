"""Events of a demande before the CAL (commission d'attribution, CALEOL) and after it.

A candidate is designated for a dwelling, the CAL decides (with a rank for an attribution),
the demandeur may refuse the proposal (a refusal later judged legitimate or not), and a
lease signed ends the search.
"""

from __future__ import annotations

from enum import StrEnum
from typing import ClassVar
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, model_validator

from domain.demande.valeurs import Commune, Typologie
from domain.evenements import Evenement, enregistrer_topic

Organisme = Field(min_length=2, max_length=120)


class LogementPropose(BaseModel):
    """The dwelling a CAL examines: where, how big, whose it is and whose right of booking."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    commune: Commune
    typologie: Typologie
    bailleur: str = Organisme
    reservataire: str = Organisme


class DecisionCAL(StrEnum):
    ATTRIBUTION = "attribution"
    ATTRIBUTION_SOUS_CONDITION = "attribution_sous_condition"
    REFUS = "refus"
    NON_ATTRIBUTION = "non_attribution"


ATTRIBUTIONS = frozenset({DecisionCAL.ATTRIBUTION, DecisionCAL.ATTRIBUTION_SOUS_CONDITION})


@enregistrer_topic
class CandidatDesigne(Evenement):
    TOPIC: ClassVar[str] = "cotation.demande.candidat_designe"
    libelle: ClassVar[str] = "désignation comme candidat sur un logement"

    designation_id: UUID
    logement: LogementPropose


@enregistrer_topic
class PassageCAL(Evenement):
    """A CAL decision on this demande; an attribution ranks the candidates from 1."""

    TOPIC: ClassVar[str] = "cotation.demande.passage_cal"
    libelle: ClassVar[str] = "passage en commission d'attribution (CALEOL)"

    passage_id: UUID
    designation_id: UUID | None = None
    logement: LogementPropose
    decision: DecisionCAL
    rang: int | None = Field(default=None, ge=1, le=99)

    @model_validator(mode="after")
    def _rang_et_motif(self) -> PassageCAL:
        if self.decision in ATTRIBUTIONS and self.rang is None:
            raise ValueError("une attribution indique le rang du candidat (1, 2, 3…)")
        if self.decision not in ATTRIBUTIONS and self.rang is not None:
            raise ValueError("seule une attribution classe le candidat : pas de rang pour cette décision")
        if self.decision is DecisionCAL.REFUS and not self.motif:
            raise ValueError("un refus d'attribution est motivé")
        return self


@enregistrer_topic
class PropositionRefusee(Evenement):
    TOPIC: ClassVar[str] = "cotation.demande.proposition_refusee"
    libelle: ClassVar[str] = "refus d'une proposition de logement par le demandeur"
    motif_requis: ClassVar[bool] = True

    passage_id: UUID


@enregistrer_topic
class RefusJuge(Evenement):
    TOPIC: ClassVar[str] = "cotation.demande.refus_juge"
    libelle: ClassVar[str] = "appréciation du refus d'une proposition"
    motif_requis: ClassVar[bool] = True

    passage_id: UUID
    legitime: bool


@enregistrer_topic
class BailSigne(Evenement):
    TOPIC: ClassVar[str] = "cotation.demande.bail_signe"
    libelle: ClassVar[str] = "signature du bail"

    passage_id: UUID
