"""The events of a demande by their short public names, and reading a command from raw data.

One table shared by every entry point (HTTP API, JSON-lines import, cas types): a command is
an object ``{"type": "<short name>", ...event fields}``. The application sets the event's id
and its recorded time: a command that tries to set them is refused.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from domain.demande.cal import BailSigne, CandidatDesigne, PassageCAL, PropositionRefusee, RefusJuge
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
from domain.demande.malus import (
    MalusApplique,
    MalusEnvisage,
    MalusExpire,
    MalusLeve,
    MalusNonRetenu,
    PeriodeContradictoireEchue,
)
from domain.demande.recours import RecoursDecide, RecoursDepose
from domain.demande.vie import DemandeRadiee, DemandeRenouvelee, RappelRenouvellement
from domain.erreurs import DonneesInvalides
from domain.evenements import Evenement

ENREGISTREMENT = "demande_enregistree"

#: Events that follow the registration of a demande.
SUITES: dict[str, type[Evenement]] = {
    "situation_declaree": SituationDeclaree,
    "situation_rectifiee": SituationRectifiee,
    "justificatif_depose": JustificatifDepose,
    "justificatif_valide": JustificatifValide,
    "justificatif_rejete": JustificatifRejete,
    "critere_valide": CritereValide,
    "critere_retire": CritereRetire,
    "candidat_designe": CandidatDesigne,
    "passage_cal": PassageCAL,
    "proposition_refusee": PropositionRefusee,
    "refus_juge": RefusJuge,
    "bail_signe": BailSigne,
    "demande_renouvelee": DemandeRenouvelee,
    "rappel_renouvellement": RappelRenouvellement,
    "demande_radiee": DemandeRadiee,
    "malus_envisage": MalusEnvisage,
    "periode_contradictoire_echue": PeriodeContradictoireEchue,
    "malus_applique": MalusApplique,
    "malus_expire": MalusExpire,
    "malus_leve": MalusLeve,
    "malus_non_retenu": MalusNonRetenu,
    "recours_depose": RecoursDepose,
    "recours_decide": RecoursDecide,
}

#: Every event of a demande, registration included.
TYPES: dict[str, type[Evenement]] = {ENREGISTREMENT: DemandeEnregistree, **SUITES}

CHAMPS_SYSTEME = frozenset({"evenement_id", "enregistre_le"})


def classe(nom: str, types: Mapping[str, type[Evenement]] = TYPES) -> type[Evenement]:
    """The event class of a short name, or a French refusal listing the names allowed."""
    try:
        return types[nom]
    except KeyError:
        raise DonneesInvalides(
            f"type d'événement inconnu : « {nom} » (types possibles : {', '.join(types)})", champ="type"
        ) from None


def nom(classe_evenement: type[Evenement]) -> str:
    """The short public name of an event class of a demande."""
    return next(n for n, c in TYPES.items() if c is classe_evenement)


def lire_commande(
    brut: Mapping[str, Any], types: Mapping[str, type[Evenement]] = TYPES
) -> tuple[type[Evenement], dict[str, Any]]:
    """Split ``{"type": ..., **fields}`` into the event class and the fields for the application."""
    donnees = dict(brut)
    type_evenement = donnees.pop("type", None)
    if not isinstance(type_evenement, str):
        raise DonneesInvalides("le type d'événement est obligatoire (champ « type »)", champ="type")
    imposes = sorted(CHAMPS_SYSTEME & donnees.keys())
    if imposes:
        message = f"champ fixé par le système, à ne pas fournir : {', '.join(imposes)}"
        raise DonneesInvalides(message, champ=imposes[0])
    return classe(type_evenement, types), donnees
