"""Reading the application's log in batches, filtered by topics, for the reports.

The reports never load demandes one by one: they walk the notification log (the recorder's
``select_notifications``) in batches of ``lot`` notifications of the topics they need, in log
order, and decode each into ``(demande_id, event)``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from uuid import UUID

from adapters.application import CotationApp
from adapters.mapper import Enveloppe
from domain.evenements import Evenement

LOT = 1000


def evenements(app: CotationApp, topics: Sequence[str], lot: int = LOT) -> Iterator[tuple[UUID, Evenement]]:
    """Every event of these topics, in log order, with the id of its aggregate."""
    position: int | None = None
    while notifications := app.recorder.select_notifications(position, lot, topics=topics, inclusive_of_start=False):
        for notification in notifications:
            enveloppe: Enveloppe = app.mapper.to_domain_event(notification)  # type: ignore[assignment]
            yield enveloppe.originator_id, enveloppe.evenement
        position = notifications[-1].id
