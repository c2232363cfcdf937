"""The agents' to-do list end to end on the demo territory: ``GET /malus/a-examiner`` and
``cotation a-examiner`` (ADR 0014)."""

from __future__ import annotations

import json
import re
from uuid import UUID, uuid4

import pytest

from tests.e2e.jetons import AGENTS, entetes

AGENT = {"agent": "MEPE-A07", "guichet": "GUICHET-A-EXAMINER"}
AU = "2026-11-20"


def enregistrer(client, numero: str, agent: dict = AGENT) -> UUID:
    """A demande registered on 02/11/2026, warned the same day of a possible malus (period to 16/11)."""
    reponse = client.post("/demandes", headers=entetes(*AGENTS, **agent), json={
        "effet_le": "2026-11-02", "numero_unique": numero,
        "date_premiere_inscription": "2026-11-02", "canal": "guichet", "guichet_id": agent["guichet"],
        "situation": {
            "type_demande": "premiere_demande", "menage": [{"role": "demandeur", "date_naissance": "1975-04-04"}],
            "ressources_mensuelles": "1500", "logement": {"situation": "heberge_tiers"}, "emplois": [],
            "souhaits": [{"commune": "EPERNAY", "typologie": "T2"}],
        },
    })
    assert reponse.status_code == 201, reponse.text
    return UUID(reponse.json()["demande_id"])


def envisager(client, demande_id: UUID, agent: dict = AGENT) -> UUID:
    malus_id = uuid4()
    reponse = client.post(f"/demandes/{demande_id}/evenements", headers=entetes(*AGENTS, **agent), json={
        "type": "malus_envisage", "effet_le": "2026-11-02", "malus_id": str(malus_id),
        "type_malus": "FAUSSE_DECLARATION", "motif": "Attestation d'hébergement suspecte, demandeur averti",
    })
    assert reponse.status_code == 201, reponse.text
    return malus_id


def test_the_endpoint_lists_the_case_until_the_agent_decides_not_to_retain_it(client):
    demande_id = enregistrer(client, "051261100000901EPE")
    malus_id = envisager(client, demande_id)
    params = {"guichet": AGENT["guichet"], "au": AU}

    [ligne] = client.get("/malus/a-examiner", params=params).json()["malus"]
    decision = client.post(f"/demandes/{demande_id}/evenements", json={
        "type": "malus_non_retenu", "effet_le": AU, "malus_id": str(malus_id),
        "motif": "Attestation confirmée par l'hébergeant",
    })

    assert (ligne["demande_id"], ligne["malus_id"]) == (str(demande_id), str(malus_id))
    assert (ligne["fin_periode_contradictoire"], ligne["en_attente_depuis"], ligne["jours_d_attente"]) == (
        "2026-11-16", "2026-11-17", 3)
    assert ligne["libelle_type"].startswith("Malus pour fausse déclaration") and ligne["constate_le"] is None
    assert decision.status_code == 201, decision.text
    assert client.get("/malus/a-examiner", params=params).json() == {"au": AU, "guichet": "GUICHET-A-EXAMINER",
                                                                       "malus": []}


def test_the_demo_to_do_list_carries_no_personal_data(client):
    reponse = client.get("/malus/a-examiner", params={"au": AU})

    assert reponse.status_code == 200 and reponse.json()["malus"]
    assert not re.search(r"051\d{10}", reponse.text) and "date_naissance" not in reponse.text
    assert set(reponse.json()["malus"][0]) == {
        "demande_id", "malus_id", "type_malus", "libelle_type", "averti_le", "fin_periode_contradictoire",
        "en_attente_depuis", "jours_d_attente", "constate_le", "guichet", "agent",
    }


def test_the_endpoint_refuses_a_bad_date_in_french(client):
    reponse = client.get("/malus/a-examiner", params={"au": "demain"})

    assert reponse.status_code == 422 and "au" in str(reponse.json()["detail"])


def test_the_openapi_describes_the_endpoint_in_french(client):
    operation = client.get("/openapi.json").json()["paths"]["/malus/a-examiner"]["get"]

    assert operation["summary"] == "Malus à examiner par les chargés d'instruction"


# --- the command ---------------------------------------------------------------------------------


def test_the_command_in_french_text_and_in_json(cotation, client):
    agent = AGENT | {"guichet": "GUICHET-CLI"}
    demande_id = enregistrer(client, "051261100000902EPE", agent)
    malus_id = envisager(client, demande_id, agent)

    texte = cotation("a-examiner", "--guichet", "GUICHET-CLI", "--au", AU)
    en_json = cotation("a-examiner", "--guichet", "GUICHET-CLI", "--au", AU, "--format", "json")

    assert texte.exit_code == 0, texte.output
    assert "1 malus à examiner au 20/11/2026 (guichet GUICHET-CLI)" in texte.stdout
    assert f"demande {demande_id}" in texte.stdout and f"malus {malus_id}" in texte.stdout
    assert "période contradictoire close le 16/11/2026 ; en attente de décision depuis 3 jour(s)" in texte.stdout
    assert [m["malus_id"] for m in json.loads(en_json.stdout)["malus"]] == [str(malus_id)]


def test_the_command_with_nothing_to_examine_and_bad_input(cotation):
    vide = cotation("a-examiner", "--guichet", "GUICHET-SANS-MALUS", "--au", AU)
    mauvaise_date = cotation("a-examiner", "--au", "hier")

    assert vide.stdout == "Aucun malus à examiner au 20/11/2026 (guichet GUICHET-SANS-MALUS).\n"
    assert mauvaise_date.exit_code == 1 and "date invalide" in mauvaise_date.stderr
