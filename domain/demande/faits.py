"""Fold the events of a demande into its facts as at a date, optionally as recorded at R.

Valid time: only events effective on or before ``date`` count, applied in order of effect
(ties in order of record). Recorded time: with ``connu_le``, only events recorded by then
count, so a later rectification does not change what the system showed before it.
Each block of facts remembers the event that set it: that is the source of every point.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from uuid import UUID

from pydantic import BaseModel, ConfigDict

from domain.acteurs import Acteur
from domain.demande.evenements import (
    CritereRetire,
    CritereValide,
    DemandeEnregistree,
    JustificatifDepose,
    JustificatifRejete,
    JustificatifValide,
    SituationDeclaree,
    SituationRectifiee,
)
from domain.demande.valeurs import (
    Canal,
    Emploi,
    LogementActuel,
    Menage,
    MotifDemande,
    Souhait,
    TypeDemande,
)
from domain.evenements import Evenement


class Source(BaseModel):
    """The event behind a fact: what a contestation or an audit needs to find it again."""

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


class StatutJustificatif(StrEnum):
    DEPOSE = "depose"
    VALIDE = "valide"
    REJETE = "rejete"


class Justificatif(BaseModel):
    model_config = ConfigDict(frozen=True)

    justificatif_id: UUID
    critere: str
    type_piece: str
    sensible: bool
    valide_du: date | None
    valide_jusqu_au: date | None
    statut: StatutJustificatif
    sources: tuple[Source, ...]

    def probant_le(self, jour: date) -> bool:
        """Validated by an agent and within its dates of validity on ``jour``."""
        debut_ok = self.valide_du is None or self.valide_du <= jour
        fin_ok = self.valide_jusqu_au is None or jour <= self.valide_jusqu_au
        return self.statut is StatutJustificatif.VALIDE and debut_ok and fin_ok


class CritereManuel(BaseModel):
    model_config = ConfigDict(frozen=True)

    valide: bool
    fin_le: date | None
    source: Source

    def actif_le(self, jour: date) -> bool:
        return self.valide and (self.fin_le is None or jour <= self.fin_le)


class Faits(BaseModel):
    """Everything the scoring rules may read about a demande, with the source of each block."""

    model_config = ConfigDict(frozen=True)

    numero_unique: str
    date_premiere_inscription: date
    canal: Canal
    guichet_id: str | None
    type_demande: TypeDemande
    menage: Menage
    ressources_mensuelles: Decimal
    logement: LogementActuel
    emplois: list[Emploi]
    motifs: frozenset[MotifDemande]
    souhaits: list[Souhait]
    justificatifs: dict[UUID, Justificatif]
    criteres_manuels: dict[str, CritereManuel]
    sources: dict[str, Source]

    def source(self, bloc: str) -> Source:
        return self.sources[bloc]


BLOC_INSCRIPTION = "inscription"


def bloc_critere(code: str) -> str:
    return f"critere:{code}"


def _enregistrement(etat: dict, evt: DemandeEnregistree) -> None:
    etat.update(
        numero_unique=evt.numero_unique,
        date_premiere_inscription=evt.date_premiere_inscription,
        canal=evt.canal,
        guichet_id=evt.guichet_id,
        motifs=frozenset(),
    )
    etat["sources"][BLOC_INSCRIPTION] = Source.de(evt)
    _situation(etat, evt)


def _situation(etat: dict, evt: DemandeEnregistree | SituationDeclaree | SituationRectifiee) -> None:
    for bloc, valeur in evt.situation.blocs().items():
        etat[bloc] = valeur
        etat["sources"][bloc] = Source.de(evt)


def _depot(etat: dict, evt: JustificatifDepose) -> None:
    etat["justificatifs"][evt.justificatif_id] = Justificatif(
        justificatif_id=evt.justificatif_id,
        critere=evt.critere,
        type_piece=evt.type_piece,
        sensible=evt.sensible,
        valide_du=evt.valide_du,
        valide_jusqu_au=evt.valide_jusqu_au,
        statut=StatutJustificatif.DEPOSE,
        sources=(Source.de(evt),),
    )


def _decision_justificatif(statut: StatutJustificatif) -> Callable[[dict, Evenement], None]:
    def appliquer(etat: dict, evt: JustificatifValide | JustificatifRejete) -> None:
        piece = etat["justificatifs"][evt.justificatif_id]
        etat["justificatifs"][evt.justificatif_id] = piece.model_copy(
            update={"statut": statut, "sources": (*piece.sources, Source.de(evt))}
        )

    return appliquer


def _validation(etat: dict, evt: CritereValide) -> None:
    etat["criteres_manuels"][evt.critere] = CritereManuel(valide=True, fin_le=evt.fin_le, source=Source.de(evt))
    etat["sources"][bloc_critere(evt.critere)] = Source.de(evt)


def _retrait(etat: dict, evt: CritereRetire) -> None:
    etat["criteres_manuels"][evt.critere] = CritereManuel(valide=False, fin_le=None, source=Source.de(evt))
    etat["sources"][bloc_critere(evt.critere)] = Source.de(evt)


_APPLIQUER: dict[type[Evenement], Callable[[dict, Evenement], None]] = {
    DemandeEnregistree: _enregistrement,
    SituationDeclaree: _situation,
    SituationRectifiee: _situation,
    JustificatifDepose: _depot,
    JustificatifValide: _decision_justificatif(StatutJustificatif.VALIDE),
    JustificatifRejete: _decision_justificatif(StatutJustificatif.REJETE),
    CritereValide: _validation,
    CritereRetire: _retrait,
}


def evenements_retenus(
    evenements: Iterable[Evenement], jour: date, connu_le: datetime | None = None
) -> list[Evenement]:
    """The events that count at ``jour`` (as recorded at ``connu_le``), in order of effect."""
    retenus = [
        e for e in evenements if e.effet_le <= jour and (connu_le is None or e.enregistre_le <= connu_le)
    ]
    return sorted(retenus, key=lambda e: (e.effet_le, e.enregistre_le))


def faits_au(
    evenements: Iterable[Evenement], jour: date, connu_le: datetime | None = None
) -> Faits | None:
    """The facts of the demande at ``jour``; ``None`` if it was not registered by then."""
    etat: dict = {"justificatifs": {}, "criteres_manuels": {}, "sources": {}}
    for evt in evenements_retenus(evenements, jour, connu_le):
        appliquer = _APPLIQUER.get(type(evt))
        if appliquer is not None:
            appliquer(etat, evt)
    if BLOC_INSCRIPTION not in etat["sources"]:
        return None
    return Faits.model_validate(etat)
