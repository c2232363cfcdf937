"""The agents' to-do list of one installation: the log read in batches, folded, and told in French.

Shared by ``GET /malus/a-examiner`` and ``cotation a-examiner``; the day defaults to today by
the application's clock (ADR 0014).
"""

from __future__ import annotations

from datetime import date

from adapters.application import CotationApp
from adapters.horloge import aujourdhui
from adapters.rapports.cil import libelles_malus
from adapters.rapports.lecture import LOT, evenements
from domain.format import jour
from projections import a_examiner as projection
from projections.a_examiner import TOPICS, AExaminer, MalusAExaminer


def a_examiner(app: CotationApp, au: date | None = None, guichet: str | None = None, lot: int = LOT) -> AExaminer:
    au = au or aujourdhui(app.horloge)
    return projection.a_examiner(evenements(app, TOPICS, lot), au, guichet, libelles_malus(app))


def en_texte(liste: AExaminer) -> str:
    """The list as an agent reads it: one paragraph per malus, the ids to act on first."""
    portee = f" (guichet {liste.guichet})" if liste.guichet else ""
    if not liste.malus:
        return f"Aucun malus à examiner au {jour(liste.au)}{portee}.\n"
    entete = f"{len(liste.malus)} malus à examiner au {jour(liste.au)}{portee}, le plus ancien d'abord :"
    return "\n\n".join([entete, *(_paragraphe(m) for m in liste.malus)]) + "\n"


def _paragraphe(malus: MalusAExaminer) -> str:
    constat = f", constatée le {jour(malus.constate_le)}" if malus.constate_le else ""
    attente = "depuis aujourd'hui" if malus.jours_d_attente == 0 else f"depuis {malus.jours_d_attente} jour(s)"
    return (
        f"- demande {malus.demande_id}\n"
        f"  malus {malus.malus_id} : {malus.libelle_type} ({malus.type_malus})\n"
        f"  envisagé le {jour(malus.averti_le)} par l'agent {malus.agent} (guichet {malus.guichet})\n"
        f"  période contradictoire close le {jour(malus.fin_periode_contradictoire)}{constat} ; "
        f"en attente de décision {attente} (le {jour(malus.en_attente_depuis)})"
    )
