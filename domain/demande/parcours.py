"""The facts of a demande's lifecycle (CAL, proposals, malus, appeals, validity) and their fold.

Each handler folds one event into the state ``faits_au`` builds. A malus lift is kept apart
from the malus it lifts: an upheld appeal may take effect before the malus is folded (a
retroactive decision), and which malus an appeal concerns is read from its filing even when
the filing takes effect after the decision.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from enum import StrEnum
from uuid import UUID

from pydantic import BaseModel, ConfigDict

from domain.demande.cal import (
    ATTRIBUTIONS,
    BailSigne,
    CandidatDesigne,
    DecisionCAL,
    LogementPropose,
    PassageCAL,
    PropositionRefusee,
    RefusJuge,
)
from domain.demande.malus import (
    MalusApplique,
    MalusEnvisage,
    MalusExpire,
    MalusLeve,
    MalusNonRetenu,
    PeriodeContradictoireEchue,
)
from domain.demande.recours import IssueRecours, ObjetRecours, RecoursDecide, RecoursDepose
from domain.demande.source import Source
from domain.demande.vie import CauseRadiation, DemandeRadiee, DemandeRenouvelee, RappelRenouvellement
from domain.evenements import Evenement


class _Fait(BaseModel):
    model_config = ConfigDict(frozen=True)


def bloc_passage(passage_id: UUID) -> str:
    return f"passage:{passage_id}"


# --- CAL ----------------------------------------------------------------------------------------


class Refus(_Fait):
    """A proposal refused by the demandeur, then judged legitimate or not."""

    motif: str
    source: Source
    legitime: bool | None = None
    jugement: Source | None = None


class Passage(_Fait):
    passage_id: UUID
    designation_id: UUID | None
    logement: LogementPropose
    decision: DecisionCAL
    rang: int | None
    source: Source
    refus: Refus | None = None
    bail: Source | None = None

    def attribue(self) -> bool:
        return self.decision in ATTRIBUTIONS

    def sans_proposition(self) -> bool:
        """Ranked behind another candidate (2nd or further) and offered nothing, as known so far."""
        return self.attribue() and (self.rang or 0) >= 2 and self.refus is None and self.bail is None


class Designation(_Fait):
    logement: LogementPropose
    source: Source


# --- malus --------------------------------------------------------------------------------------


class CauseFin(StrEnum):
    ANNULATION_ERREUR = "annulation_erreur"
    RECOURS = "recours"


class Levee(_Fait):
    """A malus lifted from ``effet_le`` (the source's date) by an error cancellation or an appeal."""

    cause: CauseFin
    source: Source

    @property
    def effet_le(self) -> date:
        return self.source.effet_le


class EtatMalus(StrEnum):
    ENVISAGE = "envisage"
    APPLIQUE = "applique"
    EXPIRE = "expire"
    LEVE = "leve"
    NON_RETENU = "non_retenu"


class Malus(_Fait):
    malus_id: UUID
    type_malus: str
    suspicion: str
    fin_periode_contradictoire: date
    envisage: Source
    periode_echue: Source | None = None
    demande_modifiee: bool | None = None
    non_retenu: Source | None = None
    application: Source | None = None
    points: Decimal | None = None
    expire_le: date | None = None
    expiration: Source | None = None
    levee: Levee | None = None

    @property
    def averti_le(self) -> date:
        return self.envisage.effet_le

    def etat_le(self, jour: date) -> EtatMalus:
        """The state on ``jour``; expiry is time-driven (no need to wait for its event)."""
        if self.levee is not None and self.levee.effet_le <= jour:
            return EtatMalus.LEVE
        if self.non_retenu is not None and self.non_retenu.effet_le <= jour:
            return EtatMalus.NON_RETENU
        if self.application is None or jour < self.application.effet_le:
            return EtatMalus.ENVISAGE
        assert self.expire_le is not None
        return EtatMalus.EXPIRE if self.expire_le <= jour else EtatMalus.APPLIQUE

    def actif_le(self, jour: date) -> bool:
        return self.etat_le(jour) is EtatMalus.APPLIQUE


# --- appeals ------------------------------------------------------------------------------------


class Recours(_Fait):
    recours_id: UUID
    objet: ObjetRecours
    malus_id: UUID | None
    critere: str | None
    motif: str
    depot: Source
    issue: IssueRecours | None = None
    decide_le: date | None = None
    motif_decision: str | None = None
    decision: Source | None = None


# --- validity -----------------------------------------------------------------------------------


class Radiation(_Fait):
    cause: CauseRadiation
    source: Source


# --- the fold -----------------------------------------------------------------------------------


#: Working indexes of the fold state, not facts.
_INDEX_DU_PLI = ("levees", "_depots_recours")


def etat_initial(depots_recours: dict[UUID, RecoursDepose]) -> dict:
    """The lifecycle part of the fold state; ``depots_recours`` indexes every known filing."""
    return {
        "designations": {},
        "passages": {},
        "malus": {},
        "levees": {},
        "recours": {},
        "renouvellements": [],
        "rappels": {},
        "radiation": None,
        "_depots_recours": depots_recours,
    }


def finaliser(etat: dict) -> dict:
    """The facts of the fold state: each lift attached to its malus, without the fold's working
    indexes (``etat`` is left as it is, to fold on)."""
    levees = etat["levees"]
    faits = {cle: valeur for cle, valeur in etat.items() if cle not in _INDEX_DU_PLI}
    faits["malus"] = {
        mid: m.model_copy(update={"levee": levees[mid]}) if mid in levees else m for mid, m in etat["malus"].items()
    }
    return faits


def _designation(etat: dict, evt: CandidatDesigne) -> None:
    etat["designations"][evt.designation_id] = Designation(logement=evt.logement, source=Source.de(evt))


def _passage(etat: dict, evt: PassageCAL) -> None:
    source = Source.de(evt)
    etat["passages"][evt.passage_id] = Passage(
        passage_id=evt.passage_id,
        designation_id=evt.designation_id,
        logement=evt.logement,
        decision=evt.decision,
        rang=evt.rang,
        source=source,
    )
    etat["sources"][bloc_passage(evt.passage_id)] = source


def _modifier_passage(etat: dict, passage_id: UUID, **modifications: object) -> None:
    passage = etat["passages"].get(passage_id)
    if passage is not None:
        etat["passages"][passage_id] = passage.model_copy(update=modifications)


def _refus(etat: dict, evt: PropositionRefusee) -> None:
    _modifier_passage(etat, evt.passage_id, refus=Refus(motif=evt.motif or "", source=Source.de(evt)))


def _jugement(etat: dict, evt: RefusJuge) -> None:
    passage = etat["passages"].get(evt.passage_id)
    if passage is not None and passage.refus is not None:
        refus = passage.refus.model_copy(update={"legitime": evt.legitime, "jugement": Source.de(evt)})
        _modifier_passage(etat, evt.passage_id, refus=refus)


def _bail(etat: dict, evt: BailSigne) -> None:
    _modifier_passage(etat, evt.passage_id, bail=Source.de(evt))


def _envisage(etat: dict, evt: MalusEnvisage) -> None:
    etat["malus"][evt.malus_id] = Malus(
        malus_id=evt.malus_id,
        type_malus=evt.type_malus,
        suspicion=evt.motif or "",
        fin_periode_contradictoire=evt.fin_periode_contradictoire,
        envisage=Source.de(evt),
    )


def _modifier_malus(etat: dict, malus_id: UUID, **modifications: object) -> None:
    malus = etat["malus"].get(malus_id)
    if malus is not None:
        etat["malus"][malus_id] = malus.model_copy(update=modifications)


def _periode_echue(etat: dict, evt: PeriodeContradictoireEchue) -> None:
    _modifier_malus(etat, evt.malus_id, periode_echue=Source.de(evt), demande_modifiee=evt.demande_modifiee)


def _application(etat: dict, evt: MalusApplique) -> None:
    _modifier_malus(etat, evt.malus_id, application=Source.de(evt), points=evt.points, expire_le=evt.expire_le)


def _non_retenu(etat: dict, evt: MalusNonRetenu) -> None:
    _modifier_malus(etat, evt.malus_id, non_retenu=Source.de(evt))


def _expiration(etat: dict, evt: MalusExpire) -> None:
    _modifier_malus(etat, evt.malus_id, expiration=Source.de(evt))


def _lever(etat: dict, malus_id: UUID, levee: Levee) -> None:
    """The earliest lift wins: a malus lifted once stays lifted from then on."""
    actuelle = etat["levees"].get(malus_id)
    if actuelle is None or levee.effet_le < actuelle.effet_le:
        etat["levees"][malus_id] = levee


def _levee(etat: dict, evt: MalusLeve) -> None:
    _lever(etat, evt.malus_id, Levee(cause=CauseFin.ANNULATION_ERREUR, source=Source.de(evt)))


def _nouveau_recours(evt: RecoursDepose) -> Recours:
    return Recours(
        recours_id=evt.recours_id,
        objet=evt.objet,
        malus_id=evt.malus_id,
        critere=evt.critere,
        motif=evt.motif or "",
        depot=Source.de(evt),
    )


def _depot_recours(etat: dict, evt: RecoursDepose) -> None:
    etat["recours"].setdefault(evt.recours_id, _nouveau_recours(evt))


def decision_recours(etat: dict, evt: RecoursDecide) -> RecoursDepose | None:
    """Fold a decision; returns the appeal's filing when upheld (a malus it concerns is lifted
    here from the decision's ``effet_le``; a criterion is the caller's to validate)."""
    depot = etat["_depots_recours"].get(evt.recours_id)
    if depot is None:
        return None
    recours = etat["recours"].get(evt.recours_id) or _nouveau_recours(depot)
    source = Source.de(evt)
    etat["recours"][evt.recours_id] = recours.model_copy(
        update={"issue": evt.issue, "decide_le": evt.decide_le, "motif_decision": evt.motif, "decision": source}
    )
    if evt.issue is not IssueRecours.ACCUEILLI:
        return None
    if depot.malus_id is not None:
        _lever(etat, depot.malus_id, Levee(cause=CauseFin.RECOURS, source=source))
    return depot


def _renouvellement(etat: dict, evt: DemandeRenouvelee) -> None:
    etat["renouvellements"].append(Source.de(evt))


def _rappel(etat: dict, evt: RappelRenouvellement) -> None:
    etat["rappels"][evt.echeance] = Source.de(evt)


def _radiation(etat: dict, evt: DemandeRadiee) -> None:
    etat["radiation"] = Radiation(cause=evt.cause, source=Source.de(evt))


#: Handlers of the lifecycle events (``RecoursDecide`` is folded by ``faits`` through ``decision_recours``).
APPLIQUER: dict[type[Evenement], Callable[[dict, Evenement], None]] = {
    CandidatDesigne: _designation,
    PassageCAL: _passage,
    PropositionRefusee: _refus,
    RefusJuge: _jugement,
    BailSigne: _bail,
    MalusEnvisage: _envisage,
    PeriodeContradictoireEchue: _periode_echue,
    MalusApplique: _application,
    MalusExpire: _expiration,
    MalusLeve: _levee,
    MalusNonRetenu: _non_retenu,
    RecoursDepose: _depot_recours,
    DemandeRenouvelee: _renouvellement,
    RappelRenouvellement: _rappel,
    DemandeRadiee: _radiation,
}
