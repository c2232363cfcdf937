"""Grid adoption and deactivation of a local criterion over HTTP, on SQLite and PostgreSQL (ADR 0022):
only the administrateur de territoire, the adoption rules applied, a refusal writes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.encoders import jsonable_encoder
from fastapi.testclient import TestClient

from adapters import grilles
from adapters.grilles import lire
from adapters.http.api import creer_api
from adapters.http.profils import Profil
from tests.e2e.jetons import entetes

EPERNAY = Path(grilles.__file__).parent / "epernay-2021-12.yaml"
ADMINISTRATEUR = entetes(Profil.ADMINISTRATEUR_TERRITOIRE, agent="EPCI-A01", guichet="CA-EPERNAY")
MOTIF = "Délibération du conseil communautaire du 25/11/2021 approuvant le PPGD"


@pytest.fixture
def client(app):
    with TestClient(creer_api(app), headers=ADMINISTRATEUR) as client:
        yield client


@pytest.fixture
def grille():
    return jsonable_encoder(lire(EPERNAY))


def test_the_administrator_adopts_a_grid_and_deactivates_a_local_criterion(app, client, grille, nombre_evenements):
    adoptee = client.post("/grille/adoptions", json={"grille": grille, "motif": MOTIF})
    desactive = client.post("/grille/desactivations", json={
        "critere": "METIERS_EN_TENSION", "effet_le": "2021-12-01", "motif": "Délibération du 30/11/2021"})
    en_vigueur = client.get("/grille", params={"date": "2021-12-01"}).json()

    assert (adoptee.status_code, desactive.status_code) == (201, 201), (adoptee.text, desactive.text)
    assert adoptee.json()["type"] == "cotation.grille.adoptee" and adoptee.json()["effet_le"] == "2021-12-01"
    assert en_vigueur["version"]["version"] == "epernay-2021-12"
    assert en_vigueur["criteres_desactives"] == ["METIERS_EN_TENSION"]
    assert en_vigueur["adoption"]["acteur"] == {"type": "agent", "agent_id": "EPCI-A01", "guichet_id": "CA-EPERNAY",
                                               "habilitations": []}
    assert nombre_evenements() == 2


def test_refused_adoptions_write_nothing(client, grille, nombre_evenements):
    guichet = client.post("/grille/adoptions", json={"grille": grille, "motif": MOTIF},
                          headers=entetes(Profil.GUICHET_ENREGISTREUR))
    ailleurs = client.post("/grille/adoptions", json={
        "grille": {**grille, "territoire": {**grille["territoire"], "code": "CA_REIMS"}}, "motif": MOTIF})
    sans_dalo = client.post("/grille/adoptions", json={
        "grille": {**grille, "criteres": [c for c in grille["criteres"] if c["code"] != "DALO"]}, "motif": MOTIF})
    inconnu = client.post("/grille/desactivations", json={
        "critere": "DALO", "effet_le": "2021-12-01", "motif": "Délibération du 30/11/2021"})

    assert guichet.status_code == 403 and "administrateur de territoire" in guichet.json()["detail"]
    assert ailleurs.status_code == 409 and "CA_REIMS" in ailleurs.json()["detail"]
    assert sans_dalo.status_code == 409 and sans_dalo.json()["type"].endswith("grille-refusee")
    assert inconnu.status_code == 409 and "seuls les critères locaux" in inconnu.json()["detail"]
    assert nombre_evenements() == 0
