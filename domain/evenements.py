"""The envelope every event shares, the registry of stable topics, and upcasting.

Each event says what happened (its class and payload), when it took effect in the world
(``effet_le``, valid time), when it was recorded (``enregistre_le``, set from the
application's clock), who did it (``acteur``) and why (``motif``, required where the rules
ask for one). Topics are explicit and stable: renaming a class never breaks the log.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, ClassVar
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from domain.acteurs import Acteur
from domain.erreurs import commande_invalide

class Evenement(BaseModel):
    """Base of every domain event. Subclasses set ``TOPIC`` and, when their shape changes,
    bump ``class_version`` and add a static ``upcast_vN_vN1(data)`` that rewrites the older shape."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    TOPIC: ClassVar[str]
    class_version: ClassVar[int] = 1
    libelle: ClassVar[str]
    #: True when the rules require a motive for this event.
    motif_requis: ClassVar[bool] = False

    evenement_id: UUID
    effet_le: date
    enregistre_le: datetime
    acteur: Acteur
    motif: str | None = Field(default=None, min_length=3, max_length=2000)

    @model_validator(mode="after")
    def _motif_si_requis(self) -> Evenement:
        if self.motif_requis and not self.motif:
            raise ValueError(f"un motif est obligatoire pour : {self.libelle}")
        return self

    @classmethod
    def creer(cls, **donnees: Any) -> Evenement:
        """Build the event from untrusted data, turning validation errors into French ones."""
        try:
            return cls.model_validate(donnees)
        except ValidationError as exc:
            raise commande_invalide(exc) from None


_REGISTRE: dict[str, type[Evenement]] = {}


def enregistrer_topic(cls: type[Evenement]) -> type[Evenement]:
    """Class decorator: register an event class under its stable topic."""
    if cls.TOPIC in _REGISTRE and _REGISTRE[cls.TOPIC] is not cls:
        raise RuntimeError(f"topic déjà utilisé : {cls.TOPIC}")
    _REGISTRE[cls.TOPIC] = cls
    return cls


def classe_du_topic(topic: str) -> type[Evenement]:
    try:
        return _REGISTRE[topic]
    except KeyError:
        raise KeyError(f"type d'événement inconnu : {topic}") from None


def relire(topic: str, donnees: dict[str, Any], version: int) -> Evenement:
    """Rebuild a stored event: upcast its data from ``version`` to the current class version."""
    cls = classe_du_topic(topic)
    while version < cls.class_version:
        getattr(cls, f"upcast_v{version}_v{version + 1}")(donnees)
        version += 1
    return cls.model_validate(donnees)
