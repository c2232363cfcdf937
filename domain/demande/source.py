"""The event behind a fact: what a contestation or an audit needs to find it again."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from pydantic import BaseModel, ConfigDict

from domain.acteurs import Acteur
from domain.evenements import Evenement


class Source(BaseModel):
    model_config = ConfigDict(frozen=True)

    evenement_id: UUID
    type: str
    libelle: str
    effet_le: date
    enregistre_le: datetime
    acteur: Acteur

    @classmethod
    def de(cls, evt: Evenement) -> Source:
        return cls(
            evenement_id=evt.evenement_id,
            type=evt.TOPIC,
            libelle=evt.libelle,
            effet_le=evt.effet_le,
            enregistre_le=evt.enregistre_le,
            acteur=evt.acteur,
        )
