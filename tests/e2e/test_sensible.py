"""Sensitive situations and pieces (ADR 0022): the points show to every reader, the detail only to the
« consultant sensible » and to the demandeur; deciding on them takes the same right."""

from __future__ import annotations

import json
from uuid import UUID, uuid4

import pytest

from adapters.http.profils import Profil
from adapters.http.sensible import CODE_MASQUE, DETAIL_MASQUE
from tests.e2e.jetons import demandeur, entetes

GUICHET = entetes(Profil.GUICHET_ENREGISTREUR)
HABILITE = entetes(Profil.GUICHET_ENREGISTREUR, Profil.CONSULTANT_SENSIBLE)
SIMPLE = entetes(Profil.CONSULTANT_SIMPLE, agent="UDAF-01", guichet=None)
SENSIBLE = entetes(Profil.CONSULTANT_SENSIBLE, agent="CCAS-01", guichet=None)
MOTIF = "Ordonnance de protection du juge aux affaires familiales"
PIECE = "certificat médical de grossesse"
#: Words of the sensitive criteria's labels and of this test's motives, never shown to a plain reader.
INDICES = ("violence", "viol ", "prostitution", "proxénétisme", "traite des", "ordonnance de protection",
           "grossesse", "VIOLENCES_COUPLE", "VIOL_AGRESSION", "SORTIE_PROSTITUTION", "TRAITE_PROXENETISME")


@pytest.fixture
def dossier(client, compter):
    """A demande with a validated sensitive situation and a validated sensitive piece."""
    reponse = client.post("/demandes", headers=GUICHET, json={
        "effet_le": "2026-11-02", "numero_unique": f"0512611{uuid4().int % 10**7:07d}SEPE",
        "date_premiere_inscription": "2026-11-02",
        "canal": "guichet", "guichet_id": "MAIRIE-EPERNAY",
        "situation": {
            "type_demande": "premiere_demande", "menage": [{"role": "demandeur", "date_naissance": "1990-03-03"}],
            "ressources_mensuelles": "900", "logement": {"situation": "heberge_tiers"}, "emplois": [],
            "souhaits": [{"commune": "EPERNAY", "typologie": "T2"}],
        },
    })
    demande_id = UUID(reponse.json()["demande_id"])
    piece = str(uuid4())
    ajouter = lambda corps, en_tetes: client.post(  # noqa: E731
        f"/demandes/{demande_id}/evenements", json=corps, headers=en_tetes
    )
    validation = {"type": "critere_valide", "effet_le": "2026-11-03", "critere": "VIOLENCES_COUPLE", "motif": MOTIF}
    decision = {"type": "justificatif_valide", "effet_le": "2026-11-04", "justificatif_id": piece}
    depot = ajouter({"type": "justificatif_depose", "effet_le": "2026-11-03", "justificatif_id": piece,
                     "critere": "PREMIER_QUARTILE", "type_piece": PIECE, "sensible": True}, GUICHET)
    assert depot.status_code == 201, depot.text
    avant = compter()
    refus = [ajouter(validation, GUICHET), ajouter(decision, GUICHET)]
    ecrits = [ajouter(validation, HABILITE), ajouter(decision, HABILITE)]
    return demande_id, refus, ecrits, avant


@pytest.fixture
def compter(application):
    return application.recorder.max_notification_id


def _lire(client, demande_id, en_tetes) -> dict[str, str]:
    chemin = f"/demandes/{demande_id}"
    return {quoi: client.get(f"{chemin}/{quoi}", headers=en_tetes, params=params).text
            for quoi, params in (("cotation", {"date": "2026-11-20"}), ("explication", {"date": "2026-11-20"}),
                                 ("historique", {}))}


def test_deciding_on_a_sensitive_situation_or_piece_takes_the_consultant_sensible_profile(dossier, compter):
    _, refus, ecrits, avant = dossier

    assert [r.status_code for r in refus] == [403, 403]
    assert all("réservée au profil consultant sensible" in r.json()["detail"] for r in refus)
    assert [r.status_code for r in ecrits] == [201, 201]
    assert compter() == avant + 2


def test_a_malformed_decision_by_a_plain_agent_is_refused_as_malformed(client, dossier):
    validation = {"type": "critere_valide", "effet_le": "2026-11-04", "critere": ["VIOLENCES_COUPLE"], "motif": MOTIF}

    reponse = client.post(f"/demandes/{dossier[0]}/evenements", json=validation, headers=GUICHET)

    assert reponse.status_code == 422 and reponse.json()["champ"] == "critere"


def test_a_plain_reader_sees_the_points_but_never_the_sensitive_detail(client, dossier):
    demande_id = dossier[0]
    masque = _lire(client, demande_id, SIMPLE)
    complet = _lire(client, demande_id, SENSIBLE)

    cotation_masquee = client.get(f"/demandes/{demande_id}/cotation", headers=SIMPLE, params={"date": "2026-11-20"})
    contributions = {c["critere"]: c for c in cotation_masquee.json()["contributions"]}
    assert contributions[CODE_MASQUE]["points"] == 20 and contributions[CODE_MASQUE]["regle"] == DETAIL_MASQUE
    assert contributions[CODE_MASQUE]["sources"][0]["libelle"] == "validation manuelle d'un critère"
    assert '"total":' in masque["cotation"] and _total(masque["cotation"]) == _total(complet["cotation"])
    for quoi, texte in masque.items():
        assert [i for i in INDICES if i.lower() in texte.lower()] == [], quoi
    assert "VIOLENCES_COUPLE" in complet["cotation"] and MOTIF in complet["historique"]
    assert PIECE in complet["historique"] and "Violence au sein du couple" in complet["explication"]


def test_the_demandeur_sees_their_own_sensitive_situation(client, dossier):
    demande_id = dossier[0]
    propre = _lire(client, demande_id, demandeur(demande_id))

    assert "VIOLENCES_COUPLE" in propre["cotation"] and "Violence au sein du couple" in propre["explication"]


def _total(texte: str) -> int:
    return json.loads(texte)["total"]
