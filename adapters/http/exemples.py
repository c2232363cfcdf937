"""Examples shown in the OpenAPI documentation (/docs): fictitious data, valid shapes.

No example names its actor: the author of an event is the user of the access token (ADR 0022).
"""

from __future__ import annotations

from typing import Any

PIECE = "6f1c2d1e-3b7a-4c55-9a51-0d6f3e1f2a10"


def _exemple(resume: str, valeur: dict[str, Any]) -> dict[str, Any]:
    return {"summary": resume, "value": valeur}


ENREGISTREMENT = {
    "guichet": _exemple(
        "Demande déposée au guichet de la mairie",
        {
            "effet_le": "2024-03-04",
            "numero_unique": "05124030999999MEPE",
            "date_premiere_inscription": "2024-03-04",
            "canal": "guichet",
            "guichet_id": "MAIRIE-EPERNAY",
            "situation": {
                "type_demande": "premiere_demande",
                "menage": [
                    {"role": "demandeur", "date_naissance": "1990-06-15"},
                    {"role": "enfant", "date_naissance": "2016-09-02"},
                ],
                "ressources_mensuelles": "1150",
                "logement": {"situation": "heberge_tiers", "commune": "EPERNAY"},
                "emplois": [{"titulaire": "demandeur", "statut": "cdd", "commune_travail": "EPERNAY"}],
                "motifs": ["decohabitation"],
                "souhaits": [{"commune": "EPERNAY", "typologie": "T3"}],
            },
        },
    )
}

EVENEMENTS = {
    "situation_declaree": _exemple(
        "Changement de ressources déclaré par le demandeur à son guichet",
        {"type": "situation_declaree", "effet_le": "2024-05-01",
         "situation": {"ressources_mensuelles": "980"}},
    ),
    "situation_rectifiee": _exemple(
        "Rectification d'une erreur de saisie par un agent",
        {"type": "situation_rectifiee", "effet_le": "2024-03-04",
         "motif": "Ressources saisies en montant annuel au lieu de mensuel",
         "situation": {"ressources_mensuelles": "1150"}},
    ),
    "justificatif_depose": _exemple(
        "Dépôt d'un justificatif",
        {"type": "justificatif_depose", "effet_le": "2024-03-10", "justificatif_id": PIECE,
         "critere": "PREMIER_QUARTILE", "type_piece": "avis d'imposition 2023"},
    ),
    "justificatif_valide": _exemple(
        "Validation du justificatif par un agent",
        {"type": "justificatif_valide", "effet_le": "2024-03-12", "justificatif_id": PIECE},
    ),
    "critere_valide": _exemple(
        "Validation manuelle du critère DALO",
        {"type": "critere_valide", "effet_le": "2024-04-02", "critere": "DALO",
         "motif": "Décision favorable de la commission de médiation DALO du 28/03/2024"},
    ),
}
