"""Building blocks for the lifecycle tests: CAL passages, malus, appeals, renewal, striking off,
as the application would write them (grid-derived fields completed from the Épernay grid)."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID, uuid4

from domain.demande.cal import BailSigne, PassageCAL, PropositionRefusee
from domain.demande.malus import MalusApplique, MalusEnvisage, MalusExpire, MalusLeve, completer
from domain.demande.recours import RecoursDecide, RecoursDepose
from domain.demande.vie import DemandeRadiee, DemandeRenouvelee
from domain.evenements import Evenement
from tests.unit.fabrique import AGENT, DEMANDEUR, EPERNAY, evenement

HABILITE = {**AGENT, "agent_id": "AG-MALUS", "habilitations": ["malus", "recours"]}
SYSTEME = {"type": "systeme", "composant": "planificateur"}
LOGEMENT = {"commune": "EPERNAY", "typologie": "T2", "bailleur": "Plurial Novilia", "reservataire": "Préfecture"}


def complete(classe: type[Evenement], historique: list[Evenement], effet: date, enregistre: date | None = None,
             acteur: dict | None = None, **champs: Any) -> Evenement:
    """An event with the fields the grid decides filled in, as ``CotationApp.ajouter`` does."""
    donnees = completer(classe, {"effet_le": effet, **champs}, historique, lambda jour: EPERNAY)
    donnees.pop("effet_le")
    return evenement(classe, effet, enregistre, acteur=acteur or AGENT, **donnees)


def passage(effet: date, decision: str = "attribution", rang: int | None = 2, passage_id: UUID | None = None,
            **champs: Any) -> Evenement:
    return evenement(PassageCAL, effet, acteur=AGENT, passage_id=passage_id or uuid4(), logement=LOGEMENT,
                     decision=decision, rang=rang, **champs)


def refus_proposition(passage_id: UUID, effet: date) -> Evenement:
    return evenement(PropositionRefusee, effet, passage_id=passage_id, motif="Logement trop éloigné de l'école")


def bail(passage_id: UUID, effet: date) -> Evenement:
    return evenement(BailSigne, effet, acteur=AGENT, passage_id=passage_id)


def envisage(historique: list[Evenement], malus_id: UUID, effet: date) -> Evenement:
    return complete(MalusEnvisage, historique, effet, malus_id=malus_id, type_malus="FAUSSE_DECLARATION",
                    motif="Fiche de paie présentant des incohérences")


def applique(historique: list[Evenement], malus_id: UUID, effet: date, acteur: dict | None = None) -> Evenement:
    return complete(MalusApplique, historique, effet, acteur=acteur or HABILITE, malus_id=malus_id,
                    motif="Falsification confirmée par l'employeur")


def expire(malus_id: UUID, effet: date) -> Evenement:
    return evenement(MalusExpire, effet, acteur=SYSTEME, malus_id=malus_id)


def leve(malus_id: UUID, effet: date, enregistre: date | None = None, acteur: dict | None = None) -> Evenement:
    return evenement(MalusLeve, effet, enregistre, acteur=acteur or HABILITE, malus_id=malus_id,
                     cause="annulation_erreur", motif="Pièce authentifiée par l'employeur")


def recours_malus(recours_id: UUID, malus_id: UUID, effet: date) -> Evenement:
    return evenement(RecoursDepose, effet, acteur=DEMANDEUR, recours_id=recours_id, objet="malus",
                     malus_id=malus_id, motif="La fiche de paie est authentique")


def recours_critere(recours_id: UUID, critere: str, effet: date) -> Evenement:
    return evenement(RecoursDepose, effet, acteur=DEMANDEUR, recours_id=recours_id, objet="critere",
                     critere=critere, motif="Ma situation relève de ce critère")


def decision(recours_id: UUID, issue: str, decide_le: date, effet: date | None = None,
             acteur: dict | None = None) -> Evenement:
    return evenement(RecoursDecide, effet or decide_le, decide_le, acteur=acteur or HABILITE, recours_id=recours_id,
                     issue=issue, decide_le=decide_le, motif="Examen du dossier par la commission de recours")


def renouvellement(effet: date) -> Evenement:
    return evenement(DemandeRenouvelee, effet)


def radiation(effet: date, cause: str = "abandon", acteur: dict | None = None) -> Evenement:
    return evenement(DemandeRadiee, effet, acteur=acteur or AGENT, cause=cause, motif="Demande retirée par le demandeur")
