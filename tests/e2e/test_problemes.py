"""Every refusal of the HTTP service is an RFC 9457 problem details document in French, and
writes nothing (counted in the store)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from adapters.http.api import creer_api
from tests.e2e.jetons import AGENTS, entetes

CHAMPS_RFC = {"type", "title", "status", "detail", "instance"}
VALIDATION = {"type": "critere_valide", "effet_le": "2026-11-01", "critere": "DALO",
              "motif": "Décision favorable de la commission DALO"}


@pytest.fixture
def compter(application):
    return lambda: len(application.recorder.select_notifications(None, 1_000_000))


def _probleme(reponse, statut):
    corps = reponse.json()
    assert reponse.status_code == statut
    assert reponse.headers["content-type"] == "application/problem+json"
    assert CHAMPS_RFC <= set(corps) and corps["status"] == statut
    assert corps["type"].startswith("urn:cotation:probleme:")
    return corps


def test_a_domain_rule_refused_is_409_and_writes_nothing(client, demande_demo, compter):
    avant = compter()
    avant_inscription = {**VALIDATION, "effet_le": "2000-01-03"}
    corps = _probleme(client.post(f"/demandes/{demande_demo}/evenements", json=avant_inscription), 409)
    assert corps["type"] == "urn:cotation:probleme:regle-refusee"
    assert corps["title"] == "Refusé par les règles de la cotation"
    assert corps["detail"].startswith("la date d'effet (03/01/2000) précède l'enregistrement de la demande")
    assert corps["instance"] == f"/demandes/{demande_demo}/evenements"
    assert compter() == avant


def test_a_date_in_the_future_is_refused_by_the_rules(client, demande_demo, compter):
    avant = compter()
    futur = {**VALIDATION, "effet_le": "2026-12-01"}
    corps = _probleme(client.post(f"/demandes/{demande_demo}/evenements", json=futur), 409)
    assert corps["detail"] == "la date d'effet ne peut pas être postérieure à la date d'enregistrement"
    assert compter() == avant


def test_malformed_event_data_name_the_field_at_fault(client, demande_demo, compter):
    avant = compter()
    mal_date = {**VALIDATION, "effet_le": "2026-13-01"}
    corps = _probleme(client.post(f"/demandes/{demande_demo}/evenements", json=mal_date), 422)
    assert corps["champ"] == "effet_le" and "date invalide" in corps["detail"]
    inconnu = _probleme(client.post(f"/demandes/{demande_demo}/evenements", json={"type": "inventee"}), 422)
    assert inconnu["champ"] == "type" and inconnu["detail"].startswith("type d'événement inconnu")
    assert compter() == avant


def test_an_invalid_request_lists_every_field_in_french(client):
    corps = _probleme(client.get("/demandes", params={"limite": 0, "position": -1}), 422)
    assert corps["champ"] == "limite"
    assert corps["erreurs"] == [
        {"champ": "limite", "detail": "valeur trop petite"}, {"champ": "position", "detail": "valeur trop petite"},
    ]
    assert corps["detail"] == "Données invalides — limite : valeur trop petite ; position : valeur trop petite"


def test_a_malformed_numero_names_its_field_and_never_echoes_it(client):
    corps = _probleme(client.post("/demandes/recherche", json={"numero_unique": "123"}), 422)
    assert corps["champ"] == "numero_unique" and "18 caractères" in corps["detail"]
    assert "123" not in corps["detail"]


def test_an_unreadable_body_is_400(client, demande_demo, compter):
    avant = compter()
    reponse = client.post(f"/demandes/{demande_demo}/evenements", content=b"{pas du json",
                          headers={"content-type": "application/json"})
    assert _probleme(reponse, 400)["detail"] == "le corps n'est pas un JSON valide"
    assert compter() == avant


def test_unknown_demandes_routes_and_methods(client):
    demande = _probleme(client.get("/demandes/00000000-0000-4000-8000-000000000000/cotation"), 404)
    route = _probleme(client.get("/inconnue"), 404)
    methode = _probleme(client.delete("/grille"), 405)
    assert demande["type"].endswith("demande-introuvable")
    assert route["detail"] == "aucune ressource à cette adresse" and route["instance"] == "/inconnue"
    assert methode["detail"] == "méthode non permise sur cette ressource"


def test_an_unexpected_error_is_500_and_says_nothing_of_itself(application, demande_demo, monkeypatch):
    def panne(*args, **kwargs):
        raise RuntimeError("numéro 05119010000001MEPE, ressources 1150")

    monkeypatch.setattr(application, "cotation", panne)
    with TestClient(creer_api(application), raise_server_exceptions=False, headers=entetes(*AGENTS)) as client:
        reponse = client.get(f"/demandes/{demande_demo}/cotation")
    corps = _probleme(reponse, 500)
    assert corps["type"].endswith("erreur-interne")
    assert "réessayez plus tard" in corps["detail"]
    assert "MEPE" not in reponse.text and "1150" not in reponse.text and "RuntimeError" not in reponse.text
