"""The rules a new event must obey given the demande's history; a refusal writes nothing.

Checked against everything recorded so far (the latest knowledge), whatever the dates of effect.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from domain.acteurs import Agent
from domain.demande.evenements import (
    EVENEMENTS_AGENT,
    CritereRetire,
    DemandeEnregistree,
    JustificatifRejete,
    JustificatifValide,
)
from domain.demande.faits import Faits, StatutJustificatif, faits_au
from domain.erreurs import CommandeInvalide
from domain.evenements import Evenement


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
    if isinstance(evt, EVENEMENTS_AGENT) and not isinstance(evt.acteur, Agent):
        raise CommandeInvalide(f"seul un agent habilité peut faire : {evt.libelle}")
    faits = faits_au(historique, date.max)
    assert faits is not None
    if isinstance(evt, JustificatifValide | JustificatifRejete):
        _verifier_decision_justificatif(faits, evt)
    if isinstance(evt, CritereRetire) and not _critere_valide(faits, evt.critere):
        raise CommandeInvalide(f"le critère {evt.critere} n'est pas validé : rien à retirer")


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
