"""A demo demande being written: its writes dated in the world and in the record, and the dates
the demo draws (office hours at a guichet, any waking hour on the portal, delays of entry)."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from uuid import UUID

from adapters.demo.menages import Donnees
from adapters.demo.territoire import Guichet
from domain.demande.evenements import SituationRectifiee
from domain.evenements import Evenement

DEBUT = date(2019, 1, 2)
FIN = date(2026, 10, 30)
DEMANDEUR = {"type": "demandeur"}
UNE_HEURE = timedelta(hours=1)


@dataclass(frozen=True)
class Ecriture:
    """One event to write: recorded at ``instant`` for demande number ``demande``."""

    instant: datetime
    demande: int
    classe: type[Evenement]
    donnees: dict[str, Any]
    corrige_enregistrement: bool = False

    def donnees_pour(self, enregistrement: UUID) -> dict[str, Any]:
        """Its fields, naming the registration event it corrects when it is a rectification."""
        return {**self.donnees, "corrige": [enregistrement]} if self.corrige_enregistrement else self.donnees


@dataclass
class Dossier:
    """A demande being written: its number, dates, guichets and current situation."""

    numero: int
    inscription: date
    guichet: Guichet | None
    instructeur: Guichet
    situation: Donnees
    ecritures: list[Ecriture] = field(default_factory=list)

    def agent(self, rng: random.Random) -> dict[str, str]:
        agent_id = rng.choice(self.instructeur.agents)
        return {"type": "agent", "agent_id": agent_id, "guichet_id": self.instructeur.guichet_id}

    def ecrire(self, instant: datetime, classe: type[Evenement], effet: date, acteur: dict, **champs: Any) -> datetime:
        """Plan a write; never recorded before the registration. Returns its recorded time."""
        if self.ecritures:
            instant = max(instant, self.ecritures[0].instant + UNE_HEURE)
        donnees = {"effet_le": effet, "acteur": acteur, **champs}
        self.ecritures.append(Ecriture(instant, self.numero, classe, donnees, classe is SituationRectifiee))
        return instant

    def dernier_jour(self) -> date:
        """The latest day any write of this demande takes effect or is recorded."""
        return max(max(e.donnees["effet_le"], e.instant.date()) for e in self.ecritures)


def jour_entre(rng: random.Random, debut: date, fin: date) -> date:
    return debut + timedelta(days=rng.randint(0, max((fin - debut).days, 0)))


def instant(rng: random.Random, le: date, portail: bool = False) -> datetime:
    """A time on ``le`` (UTC): office hours at a guichet, any waking hour on the portal."""
    heure = rng.randint(6, 21) if portail else rng.randint(7, 15)
    return datetime.combine(le, time(heure, rng.randint(0, 59), rng.randint(0, 59)), tzinfo=UTC)


def delai(rng: random.Random) -> timedelta:
    """How long after its effect an event is recorded: mostly at once, sometimes weeks later."""
    return timedelta(days=rng.choice((0, 0, 0, 0, 0, 0, 1, 3, 7, 15, 30, 45)))
