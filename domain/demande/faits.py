"""Fold the events of a demande into its facts as at a date, optionally as recorded at R.

Valid time: only events effective on or before ``date`` count, applied in order of effect
(ties in order of record). Recorded time: with ``connu_le``, only events recorded by then
count, so a later rectification does not change what the system showed before it.
Each block of facts remembers the event that set it: that is the source of every point.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from itertools import groupby
from operator import attrgetter
from uuid import UUID

from pydantic import BaseModel, ConfigDict

from domain.demande import parcours
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
from domain.demande.parcours import Designation, Malus, Passage, Radiation, Recours
from domain.demande.recours import RecoursDecide, RecoursDepose
from domain.demande.source import Source
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
from domain.temps import ajouter_mois

#: A demande is valid one year from its registration or its last renewal (CCH R441-2-7).
VALIDITE_MOIS = 12


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
    designations: dict[UUID, Designation] = {}
    passages: dict[UUID, Passage] = {}
    malus: dict[UUID, Malus] = {}
    recours: dict[UUID, Recours] = {}
    renouvellements: list[Source] = []
    rappels: dict[date, Source] = {}
    radiation: Radiation | None = None

    def source(self, bloc: str) -> Source:
        return self.sources[bloc]

    def echeance_renouvellement(self) -> date:
        """The date by which the demande must be renewed: one year after its registration here
        or its last renewal (from then on it may be struck off for want of renewal)."""
        depart = max([self.source(BLOC_INSCRIPTION).effet_le, *(r.effet_le for r in self.renouvellements)])
        return ajouter_mois(depart, VALIDITE_MOIS)

    def passages_sans_proposition(self) -> list[Passage]:
        """CAL passages where the candidate was ranked behind another and offered nothing, in order."""
        sans = [p for p in self.passages.values() if p.sans_proposition()]
        return sorted(sans, key=lambda p: (p.source.effet_le, p.source.enregistre_le))

    def malus_actifs(self, jour: date) -> list[Malus]:
        return [m for m in self.malus.values() if m.actif_le(jour)]


BLOC_INSCRIPTION = "inscription"


def bloc_critere(code: str) -> str:
    return f"critere:{code}"


def _enregistrement(etat: dict, evt: DemandeEnregistree) -> None:
    source = Source.de(evt)
    etat.update(
        numero_unique=evt.numero_unique,
        date_premiere_inscription=evt.date_premiere_inscription,
        canal=evt.canal,
        guichet_id=evt.guichet_id,
        motifs=frozenset(),
    )
    etat["sources"][BLOC_INSCRIPTION] = source
    _blocs(etat, evt, source)


def _situation(etat: dict, evt: SituationDeclaree | SituationRectifiee) -> None:
    _blocs(etat, evt, Source.de(evt))


def _blocs(etat: dict, evt: DemandeEnregistree | SituationDeclaree | SituationRectifiee, source: Source) -> None:
    for bloc, valeur in evt.situation.blocs().items():
        etat[bloc] = valeur
        etat["sources"][bloc] = source


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


def _valider(etat: dict, critere: str, fin_le: date | None, evt: Evenement) -> None:
    source = Source.de(evt)
    etat["criteres_manuels"][critere] = CritereManuel(valide=True, fin_le=fin_le, source=source)
    etat["sources"][bloc_critere(critere)] = source


def _validation(etat: dict, evt: CritereValide) -> None:
    _valider(etat, evt.critere, evt.fin_le, evt)


def _recours_decide(etat: dict, evt: RecoursDecide) -> None:
    """An upheld appeal on a criterion validates it from the decision's ``effet_le``."""
    depot = parcours.decision_recours(etat, evt)
    if depot is not None and depot.critere is not None:
        _valider(etat, depot.critere, None, evt)


def _retrait(etat: dict, evt: CritereRetire) -> None:
    source = Source.de(evt)
    etat["criteres_manuels"][evt.critere] = CritereManuel(valide=False, fin_le=None, source=source)
    etat["sources"][bloc_critere(evt.critere)] = source


_APPLIQUER: dict[type[Evenement], Callable[[dict, Evenement], None]] = {
    DemandeEnregistree: _enregistrement,
    SituationDeclaree: _situation,
    SituationRectifiee: _situation,
    JustificatifDepose: _depot,
    JustificatifValide: _decision_justificatif(StatutJustificatif.VALIDE),
    JustificatifRejete: _decision_justificatif(StatutJustificatif.REJETE),
    CritereValide: _validation,
    CritereRetire: _retrait,
    RecoursDecide: _recours_decide,
    **parcours.APPLIQUER,
}


def evenements_retenus(
    evenements: Iterable[Evenement], jour: date, connu_le: datetime | None = None
) -> list[Evenement]:
    """The events that count at ``jour`` (as recorded at ``connu_le``), in order of effect."""
    retenus = [
        e for e in evenements if e.effet_le <= jour and (connu_le is None or e.enregistre_le <= connu_le)
    ]
    return sorted(retenus, key=_ordre)


def faits_au(
    evenements: Iterable[Evenement], jour: date, connu_le: datetime | None = None
) -> Faits | None:
    """The facts of the demande at ``jour``; ``None`` if it was not registered by then."""
    connus = _connus(evenements, connu_le)
    etat = _etat_initial(connus)
    for evt in evenements_retenus(connus, jour):
        _appliquer(etat, evt)
    return _faits(etat)


def faits_successifs(
    evenements: Iterable[Evenement], connu_le: datetime | None = None
) -> Iterator[tuple[date, Faits]]:
    """The facts in force from each distinct effect date on (from the registration), in one fold:
    each pair is ``(d, faits_au(evenements, d, connu_le))``, valid until the next pair's date."""
    connus = _connus(evenements, connu_le)
    etat = _etat_initial(connus)
    for jour, du_jour in groupby(sorted(connus, key=_ordre), key=attrgetter("effet_le")):
        for evt in du_jour:
            _appliquer(etat, evt)
        faits = _faits(etat)
        if faits is not None:
            yield jour, faits


def _connus(evenements: Iterable[Evenement], connu_le: datetime | None) -> list[Evenement]:
    return [e for e in evenements if connu_le is None or e.enregistre_le <= connu_le]


def _ordre(evt: Evenement) -> tuple[date, datetime]:
    return evt.effet_le, evt.enregistre_le


def _etat_initial(connus: list[Evenement]) -> dict:
    depots = {e.recours_id: e for e in connus if isinstance(e, RecoursDepose)}
    return {"justificatifs": {}, "criteres_manuels": {}, "sources": {}, **parcours.etat_initial(depots)}


def _appliquer(etat: dict, evt: Evenement) -> None:
    appliquer = _APPLIQUER.get(type(evt))
    if appliquer is not None:
        appliquer(etat, evt)


def _faits(etat: dict) -> Faits | None:
    """The facts the fold holds so far; validated into containers of their own (the fold goes on)."""
    if BLOC_INSCRIPTION not in etat["sources"]:
        return None
    return Faits.model_validate(parcours.finaliser(etat))
