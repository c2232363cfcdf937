"""The rules a new event must obey given the demande's history; a refusal writes nothing.

Checked against everything recorded so far (the latest knowledge), whatever the dates of effect.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from domain.acteurs import Agent, Systeme
from domain.demande.cal import BailSigne, CandidatDesigne, PassageCAL, PropositionRefusee, RefusJuge
from domain.demande.evenements import (
    EVENEMENTS_AGENT,
    CritereRetire,
    DemandeEnregistree,
    JustificatifRejete,
    JustificatifValide,
)
from domain.demande.faits import Faits, StatutJustificatif, faits_au
from domain.demande.malus import (
    MalusApplique,
    MalusEnvisage,
    MalusExpire,
    MalusLeve,
    MalusNonRetenu,
    PeriodeContradictoireEchue,
)
from domain.demande.recours import RecoursDecide, RecoursDepose
from domain.demande.regles_parcours import REGLES
from domain.demande.vie import CauseRadiation, DemandeRadiee, DemandeRenouvelee, RappelRenouvellement
from domain.erreurs import CommandeInvalide
from domain.evenements import Evenement
from domain.format import jour

#: Events only an agent may record.
PAR_UN_AGENT = (
    *EVENEMENTS_AGENT, CandidatDesigne, PassageCAL, RefusJuge, BailSigne, MalusEnvisage, MalusApplique, MalusLeve,
    MalusNonRetenu, RecoursDecide,
)
#: Events only the system (the scheduler) records: they follow from time, not from a decision.
PAR_LE_SYSTEME = (RappelRenouvellement, PeriodeContradictoireEchue, MalusExpire)
#: Acts of a person: the demandeur or an agent for them, never the system.
PAR_UNE_PERSONNE = (PropositionRefusee, DemandeRenouvelee, RecoursDepose)
#: The habilitation an agent needs, beyond the guichet's ordinary work.
HABILITATIONS: dict[type[Evenement], str] = {
    MalusApplique: "malus", MalusLeve: "malus", MalusNonRetenu: "malus", RecoursDecide: "recours",
}
#: What a struck-off demande still accepts.
APRES_RADIATION = (RecoursDepose, RecoursDecide, MalusExpire)


def verifier(historique: Sequence[Evenement], evt: Evenement) -> None:
    """Raise ``CommandeInvalide`` (in French) if ``evt`` may not follow ``historique``."""
    if evt.effet_le > evt.enregistre_le.date():
        raise CommandeInvalide("la date d'effet ne peut pas être postérieure à la date d'enregistrement")
    if isinstance(evt, DemandeEnregistree):
        if historique:
            raise CommandeInvalide("cette demande est déjà enregistrée")
        return
    if not historique:
        raise CommandeInvalide("demande inconnue : enregistrez-la d'abord")
    _verifier_suite(historique, evt)


def _verifier_suite(historique: Sequence[Evenement], evt: Evenement) -> None:
    enregistrement = historique[0]
    if evt.effet_le < enregistrement.effet_le:
        raise CommandeInvalide(
            f"la date d'effet ({evt.effet_le:%d/%m/%Y}) précède l'enregistrement de la demande "
            f"({enregistrement.effet_le:%d/%m/%Y})"
        )
    _verifier_acteur(evt)
    faits = faits_au(historique, date.max)
    assert faits is not None
    if faits.radiation is not None and not isinstance(evt, APRES_RADIATION):
        raise CommandeInvalide(
            f"cette demande est radiée depuis le {jour(faits.radiation.source.effet_le)} : "
            "seuls les recours et l'expiration d'un malus peuvent encore y être enregistrés"
        )
    regle = REGLES.get(type(evt))
    if regle is not None:
        regle(faits, historique, evt)
    if isinstance(evt, JustificatifValide | JustificatifRejete):
        _verifier_decision_justificatif(faits, evt)
    if isinstance(evt, CritereRetire) and not _critere_valide(faits, evt.critere):
        raise CommandeInvalide(f"le critère {evt.critere} n'est pas validé : rien à retirer")


def _verifier_acteur(evt: Evenement) -> None:
    if isinstance(evt, PAR_UN_AGENT) and not isinstance(evt.acteur, Agent):
        raise CommandeInvalide(f"seul un agent habilité peut faire : {evt.libelle}")
    if isinstance(evt, PAR_LE_SYSTEME) and not isinstance(evt.acteur, Systeme):
        raise CommandeInvalide(f"seul le système enregistre : {evt.libelle}")
    if isinstance(evt, DemandeRadiee):
        _verifier_radiation(evt)
    if isinstance(evt, PAR_UNE_PERSONNE) and isinstance(evt.acteur, Systeme):
        raise CommandeInvalide(f"le système n'enregistre pas : {evt.libelle} (le demandeur ou un agent le fait)")
    habilitation = HABILITATIONS.get(type(evt))
    if habilitation and habilitation not in evt.acteur.habilitations:  # type: ignore[union-attr]
        raise CommandeInvalide(f"seul un agent habilité « {habilitation} » peut faire : {evt.libelle}")


def _verifier_radiation(evt: DemandeRadiee) -> None:
    par_le_systeme = evt.cause is CauseRadiation.NON_RENOUVELLEMENT
    if par_le_systeme and not isinstance(evt.acteur, Systeme):
        raise CommandeInvalide("la radiation pour non-renouvellement est enregistrée par le système à l'échéance")
    if not par_le_systeme and not isinstance(evt.acteur, Agent):
        raise CommandeInvalide(f"seul un agent radie une demande pour {evt.cause.value}")


def _verifier_decision_justificatif(faits: Faits, evt: JustificatifValide | JustificatifRejete) -> None:
    piece = faits.justificatifs.get(evt.justificatif_id)
    if piece is None:
        raise CommandeInvalide("justificatif inconnu pour cette demande")
    if piece.statut is not StatutJustificatif.DEPOSE:
        raise CommandeInvalide("ce justificatif a déjà été validé ou rejeté")
    if evt.effet_le < piece.sources[0].effet_le:
        raise CommandeInvalide("la décision ne peut précéder le dépôt du justificatif")


def _critere_valide(faits: Faits, code: str) -> bool:
    manuel = faits.criteres_manuels.get(code)
    return manuel is not None and manuel.valide
