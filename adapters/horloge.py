"""The clock is a port: the system clock in production, a settable one in tests and scenarios."""

from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Protocol
from zoneinfo import ZoneInfo

#: Dates of effect are French administrative dates: "today" is the date in Paris.
FUSEAU = ZoneInfo("Europe/Paris")


class Horloge(Protocol):
    def maintenant(self) -> datetime: ...


class HorlogeSysteme:
    def maintenant(self) -> datetime:
        return datetime.now(timezone.utc)


class HorlogeReglable:
    """A clock that only moves when told to (tests, cas types, demo seeding)."""

    def __init__(self, instant: datetime) -> None:
        self.instant = instant

    def maintenant(self) -> datetime:
        return self.instant

    def regler(self, instant: datetime) -> None:
        self.instant = instant


def aujourdhui(horloge: Horloge) -> date:
    """Today's date in France by ``horloge`` (the default date of a score)."""
    return horloge.maintenant().astimezone(FUSEAU).date()
