"""Dates and instants as the service reads them: ISO 8601 text only (ADR 0022)."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Any

from pydantic import BeforeValidator


def _iso(motif: str, attendu: str) -> Any:
    """A validator refusing a text that does not spell a date (or an instant) as ISO 8601: without it,
    a bare number would be read as a Unix timestamp."""

    def verifier(valeur: Any) -> Any:
        if isinstance(valeur, str) and not re.fullmatch(motif, valeur):
            raise ValueError(f"date invalide (attendu : {attendu})")
        return valeur

    return BeforeValidator(verifier)


DateIso = Annotated[date, _iso(r"\d{4}-\d{2}-\d{2}", "AAAA-MM-JJ")]
InstantIso = Annotated[datetime, _iso(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?",
                                       "AAAA-MM-JJTHH:MM, fuseau facultatif")]
