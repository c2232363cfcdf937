"""Store domain events through the eventsourcing library without letting it into the domain.

The library stores ``Enveloppe`` objects (aggregate id, version, domain event). The mapper
writes the event's stable ``TOPIC`` and its pydantic JSON (with ``class_version`` when above 1)
and on the way back upcasts and validates through ``domain.evenements.relire``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from uuid import UUID

from eventsourcing.persistence import Mapper, StoredEvent

from domain.evenements import Evenement, relire


@dataclass(frozen=True)
class Enveloppe:
    """A domain event in its aggregate sequence (the library's ``DomainEventProtocol``)."""

    originator_id: UUID
    originator_version: int
    evenement: Evenement


class MapperPydantic(Mapper):
    def to_stored_event(self, domain_event: Enveloppe) -> StoredEvent:  # type: ignore[override]
        evt = domain_event.evenement
        donnees = evt.model_dump(mode="json")
        if type(evt).class_version > 1:
            donnees["class_version"] = type(evt).class_version
        etat = json.dumps(donnees, ensure_ascii=False, separators=(",", ":")).encode()
        if self.compressor:
            etat = self.compressor.compress(etat)
        if self.cipher:
            etat = self.cipher.encrypt(etat)
        return StoredEvent(
            originator_id=domain_event.originator_id,
            originator_version=domain_event.originator_version,
            topic=evt.TOPIC,
            state=etat,
        )

    def to_domain_event(self, stored_event: StoredEvent) -> Enveloppe:  # type: ignore[override]
        etat = stored_event.state
        if self.cipher:
            etat = self.cipher.decrypt(etat)
        if self.compressor:
            etat = self.compressor.decompress(etat)
        donnees = json.loads(etat)
        version = donnees.pop("class_version", 1)
        originator_id = stored_event.originator_id
        return Enveloppe(
            originator_id=originator_id if isinstance(originator_id, UUID) else UUID(str(originator_id)),
            originator_version=stored_event.originator_version,
            evenement=relire(stored_event.topic, donnees, version),
        )
