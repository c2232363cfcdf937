"""The agents' to-do list: the envisaged malus awaiting the appraisal of a chargé d'instruction.

PPGD d'Épernay, section 8: « Le demandeur a 2 semaines pour modifier et/ou compléter sa
demande. S'il ne le fait pas, le chargé d'instruction apprécie la situation et, le cas échéant,
rend actif le malus ». A malus is to examine on the report day ``au`` when its contradictory
period has ended (whether or not the scheduler has noted it yet), the demande was not modified
or completed during the period, and no decision has taken effect: neither applied (a lifting
needs an application first) nor not retained; a struck-off demande is no longer examined.

A pure fold of events read from the log as ``(demande_id, event)`` pairs (ADR 0014). States are
taken in valid time at ``au``; a modification counts as the rules count it (every record, as
``domain.demande.malus.demande_modifiee`` reads them). A line names the demande and the malus by
their ids (the agent acts on them) and the agent by pseudonymous identifiers: no suspicion, no
situation, no numéro unique.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from uuid import UUID

from pydantic import BaseModel, ConfigDict

from domain.acteurs import Agent
from domain.demande.malus import (
    MODIFICATIONS,
    MalusApplique,
    MalusEnvisage,
    MalusNonRetenu,
    PeriodeContradictoireEchue,
    demande_modifiee,
)
from domain.demande.vie import DemandeRadiee
from domain.evenements import Evenement

#: The event topics the to-do list reads from the log.
TOPICS = tuple(
    c.TOPIC
    for c in (MalusEnvisage, PeriodeContradictoireEchue, MalusApplique, MalusNonRetenu, DemandeRadiee, *MODIFICATIONS)
)


class MalusAExaminer(BaseModel):
    """One malus awaiting the agent's decision: apply it (malus_applique) or not (malus_non_retenu)."""

    model_config = ConfigDict(frozen=True)

    demande_id: UUID
    malus_id: UUID
    type_malus: str
    libelle_type: str
    averti_le: date
    fin_periode_contradictoire: date
    en_attente_depuis: date
    jours_d_attente: int
    constate_le: date | None
    guichet: str
    agent: str


class AExaminer(BaseModel):
    """The malus to examine on ``au`` (of one guichet when given), the oldest first."""

    model_config = ConfigDict(frozen=True)

    au: date
    guichet: str | None
    malus: list[MalusAExaminer]


@dataclass
class _Suivi:
    demande_id: UUID
    envisage: MalusEnvisage
    constate_le: date | None = None
    decide_le: date | None = None


@dataclass
class _Journal:
    """What the log says of each malus, of each demande's modifications and striking off."""

    malus: dict[UUID, _Suivi] = field(default_factory=dict)
    modifications: dict[UUID, list[Evenement]] = field(default_factory=dict)
    radiations: dict[UUID, date] = field(default_factory=dict)

    def suivre(self, demande_id: UUID, evt: Evenement) -> None:
        if isinstance(evt, MalusEnvisage):
            self.malus[evt.malus_id] = _Suivi(demande_id, evt)
        elif isinstance(evt, PeriodeContradictoireEchue):
            self.malus[evt.malus_id].constate_le = evt.effet_le
        elif isinstance(evt, MalusApplique | MalusNonRetenu):
            self.malus[evt.malus_id].decide_le = evt.effet_le
        elif isinstance(evt, DemandeRadiee):
            self.radiations[demande_id] = evt.effet_le
        elif isinstance(evt, MODIFICATIONS):
            self.modifications.setdefault(demande_id, []).append(evt)

    def en_attente(self, suivi: _Suivi, au: date) -> bool:
        radiee_le = self.radiations.get(suivi.demande_id)
        return (
            suivi.envisage.fin_periode_contradictoire < au
            and (suivi.decide_le is None or suivi.decide_le > au)
            and (radiee_le is None or radiee_le > au)
            and not demande_modifiee(self.modifications.get(suivi.demande_id, []), suivi.envisage)
        )


def a_examiner(
    evenements: Iterable[tuple[UUID, Evenement]],
    au: date,
    guichet: str | None = None,
    libelles: Mapping[str, str] | None = None,
) -> AExaminer:
    """The to-do list on ``au``, of the guichet whose agent envisaged the malus when ``guichet`` is given."""
    journal = _Journal()
    for demande_id, evt in evenements:
        journal.suivre(demande_id, evt)
    lignes = [_ligne(s, au, libelles or {}) for s in journal.malus.values() if journal.en_attente(s, au)]
    retenues = [lg for lg in lignes if guichet is None or lg.guichet == guichet]
    ordre = lambda lg: (lg.en_attente_depuis, lg.averti_le, lg.demande_id.hex, lg.malus_id.hex)  # noqa: E731
    return AExaminer(au=au, guichet=guichet, malus=sorted(retenues, key=ordre))


def _ligne(suivi: _Suivi, au: date, libelles: Mapping[str, str]) -> MalusAExaminer:
    envisage = suivi.envisage
    assert isinstance(envisage.acteur, Agent)
    depuis = envisage.fin_periode_contradictoire + timedelta(days=1)
    return MalusAExaminer(
        demande_id=suivi.demande_id, malus_id=envisage.malus_id, type_malus=envisage.type_malus,
        libelle_type=libelles.get(envisage.type_malus, envisage.type_malus), averti_le=envisage.effet_le,
        fin_periode_contradictoire=envisage.fin_periode_contradictoire, en_attente_depuis=depuis,
        jours_d_attente=(au - depuis).days, constate_le=suivi.constate_le, guichet=envisage.acteur.guichet_id,
        agent=envisage.acteur.agent_id,
    )

