"""The deadline table, pure side: one row per aggregate, with the date of its next deadline.

The table only says where to look (ADR 0012): the sweeper re-reads each due aggregate's
history, which decides what is owed. Storage and catch-up from the log: ``adapters/echeances.py``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from uuid import UUID

from domain.echeances import prochaine
from domain.evenements import Evenement


@dataclass(frozen=True)
class LigneEcheance:
    aggregat_id: UUID
    prochaine: date | None


def ligne(aggregat_id: UUID, historique: Sequence[Evenement]) -> LigneEcheance:
    """The row of an aggregate: its next deadline, or none (the row is then removed)."""
    return LigneEcheance(aggregat_id, prochaine(historique))
