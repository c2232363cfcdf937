"""``Idempotency-Key`` on SQLite and PostgreSQL: a retried POST never writes twice, the key lives
in the events' database (another process replays it), and concurrent writes answer 409."""

from __future__ import annotations

import pytest
from fastapi.encoders import jsonable_encoder
from fastapi.testclient import TestClient

from adapters.http.api import creer_api
from adapters.http.idempotence import empreinte
from adapters.http.jetons import identite_de
from adapters.idempotence import RegistreIdempotence
from domain.demande.catalogue import lire_commande
from tests.e2e.jetons import AGENT_ID, AGENTS, GUICHET_ID, entetes

CLE = {"Idempotency-Key": "7f1c2a9e-enregistrement-1"}
ENTETES = entetes(*AGENTS)


def _declaration(ressources: str) -> dict[str, object]:
    return {"type": "situation_declaree", "effet_le": "2021-12-01", "situation": {"ressources_mensuelles": ressources}}


@pytest.fixture
def client(app):
    with TestClient(creer_api(app), headers=ENTETES) as client:
        yield client


@pytest.fixture
def demande(donnees_demande):
    return jsonable_encoder({k: v for k, v in donnees_demande().items() if k != "acteur"})


def test_a_retry_returns_the_first_response_and_writes_once(app, client, demande, nombre_evenements):
    premiere = client.post("/demandes", json=demande, headers=CLE)
    seconde = client.post("/demandes", json=demande, headers=CLE)

    assert premiere.status_code == seconde.status_code == 201
    assert seconde.json() == premiere.json()
    assert nombre_evenements() == 1 and len(app.demandes()) == 1


def test_the_key_is_kept_in_the_store_for_every_process(app, lent, client, demande, nombre_evenements):
    premiere = client.post("/demandes", json=demande, headers=CLE)
    with TestClient(creer_api(lent), headers=ENTETES) as autre_processus:
        rejouee = autre_processus.post("/demandes", json=demande, headers=CLE)

    assert rejouee.status_code == 201 and rejouee.json() == premiere.json()
    assert nombre_evenements() == 1


def test_the_same_key_for_another_request_is_refused(client, demande, nombre_evenements):
    client.post("/demandes", json=demande, headers=CLE)
    autre = client.post("/demandes", json={**demande, "numero_unique": "051190900009999EPE"}, headers=CLE)

    corps = autre.json()
    assert autre.status_code == 422 and autre.headers["content-type"] == "application/problem+json"
    assert corps["champ"] == "Idempotency-Key" and "déjà servi pour une autre requête" in corps["detail"]
    assert nombre_evenements() == 1


def test_a_refused_request_releases_its_key(client, demande, nombre_evenements):
    refusee = client.post("/demandes", json={**demande, "canal": "pigeon"}, headers=CLE)
    acceptee = client.post("/demandes", json={**demande, "canal": "portail"}, headers=CLE)

    assert (refusee.status_code, acceptee.status_code) == (422, 201)
    assert nombre_evenements() == 1


def test_a_retry_while_the_first_is_being_answered_is_409(app, client, demande, nombre_evenements):
    requete = client.build_request("POST", "/demandes", json=demande, headers=CLE)
    registre = RegistreIdempotence(app.recorder, app.horloge)
    identite = identite_de(list(AGENTS), "CA_EPERNAY", AGENT_ID, GUICHET_ID).cle()
    assert registre.reserver(CLE["Idempotency-Key"], empreinte("POST", "/demandes", requete.content, identite)) is None

    en_cours = client.send(requete)

    assert en_cours.status_code == 409 and "en cours de traitement" in en_cours.json()["detail"]
    assert nombre_evenements() == 0


def test_a_malformed_key_is_400(client, demande, nombre_evenements):
    reponse = client.post("/demandes", json=demande, headers={"Idempotency-Key": "x" * 256})
    assert reponse.status_code == 400 and reponse.json()["champ"] == "Idempotency-Key"
    assert nombre_evenements() == 0


def test_a_write_overtaken_again_and_again_is_409_and_writes_nothing(app, lent, donnees_demande):
    demande_id, _ = app.enregistrer_demande(donnees_demande())

    def devancer() -> None:
        app.ajouter(demande_id, *lire_commande({**_declaration("900"), "acteur": {"type": "demandeur"}}))
        lent.intrusion = devancer

    lent.intrusion = devancer
    with TestClient(creer_api(lent), headers=ENTETES) as client:
        reponse = client.post(f"/demandes/{demande_id}/evenements", json=_declaration("800"), headers=CLE)
        lent.intrusion = None
        reprise = client.post(f"/demandes/{demande_id}/evenements", json=_declaration("800"), headers=CLE)

    assert reponse.status_code == 409 and reponse.json()["type"].endswith("ecriture-concurrente")
    assert reponse.json()["detail"] == "écriture concurrente sur ce dossier : réessayez"
    ressources = [e.situation.ressources_mensuelles for e in app.historique(demande_id)[1:]]
    assert ressources == [900, 900, 900, 800]  # the refused write is absent; its retry, with the same key, written
    assert reprise.status_code == 201
