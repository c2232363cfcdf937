"""The replay of a candidate grid and the yearly evaluation end to end on the demo territory: jobs of
the service (202, progress, then the report in JSON, CSV or HTML), and the commands.

The replay's page must open in a browser as it is: well-formed, its charts as inline SVG, nothing
to fetch.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import replace
from uuid import UUID

import pytest
import yaml
from fastapi.testclient import TestClient

from adapters.bootstrap import creer_application
from adapters.grilles import charger, livree
from adapters.horloge import HorlogeReglable
from adapters.http.api import creer_api
from adapters.http.profils import Profil
from tests.e2e.conftest import MAINTENANT
from tests.e2e.jetons import AGENTS, entetes
from tests.e2e.test_rapports import SVG, bien_formee, graphiques
from tests.unit.fabrique import avec_critere

EPERNAY = charger(livree("epernay-2021-12"))
CANDIDATE = avec_critere(EPERNAY, "HABITE_COMMUNE", points={"type": "fixe", "points": 20}).model_copy(
    update={"version": "epernay-revoyure-2027", "libelle": "Grille révisée après un an d'application"}
)
DATES = ["2026-06-01", "2026-09-01", "2026-11-01"]


def lancer(client, chemin: str, corps: dict) -> UUID:
    reponse = client.post(chemin, json=corps)
    assert reponse.status_code == 202, reponse.text
    assert reponse.headers["location"] == reponse.json()["lien"] == f"{chemin}/{reponse.json()['id']}"
    identifiant = UUID(reponse.json()["id"])
    client.app.state.rejeux.attendre(identifiant, 120)
    return identifiant


@pytest.fixture(scope="module")
def client_module(reglages_demo, tmp_path_factory):
    """A client for the module: its jobs outlive a test; their CSV files go under the test's directory."""
    reglages = replace(reglages_demo, dossier_rejeux=tmp_path_factory.mktemp("rejeux"))
    app = creer_application(reglages, HorlogeReglable(MAINTENANT))
    with TestClient(creer_api(app), headers=entetes(*AGENTS)) as client:
        yield client
    app.close()


@pytest.fixture(scope="module")
def rejeu_demo(client_module):
    return lancer(client_module, "/rejeux", {"candidate": CANDIDATE.model_dump(mode="json"), "dates": DATES})


def test_a_replay_job_answers_its_report_in_json(client_module, rejeu_demo):
    reponse = client_module.get(f"/rejeux/{rejeu_demo}")

    assert reponse.status_code == 200, reponse.text
    rapport = reponse.json()
    assert rapport["entete"]["candidate"]["version"] == "epernay-revoyure-2027"
    assert [d for d in rapport["entete"]["dates"]] == DATES
    assert {e["ecart"] for e in rapport["distribution"]} == {0, 5}
    assert rapport["par_critere"][0]["code"] == "HABITE_COMMUNE"
    assert not re.search(r"051\d{10}", reponse.text)  # no numéro unique


def test_the_replay_page_is_self_contained_with_its_charts(client_module, rejeu_demo):
    reponse = client_module.get(f"/rejeux/{rejeu_demo}", params={"format": "html"})

    assert reponse.status_code == 200 and reponse.headers["content-type"].startswith("text/html")
    page = reponse.text
    balises = bien_formee(page).balises
    assert not {"script", "link", "img", "iframe", "object"} & set(balises)
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page) and "url(" not in page
    dessins = graphiques(page)
    assert len(dessins) == 5 and all(list(g.iter(f"{SVG}rect")) for g in dessins)
    assert "Rejeu de la grille candidate" in page and "Contrôle légal" in page


def test_the_replay_csv_has_a_row_per_demande_date_and_wish(client_module, rejeu_demo):
    reponse = client_module.get(f"/rejeux/{rejeu_demo}", params={"format": "csv"})

    assert reponse.headers["content-type"].startswith("text/csv")
    lignes = list(csv.reader(io.StringIO(reponse.text.removeprefix("\ufeff")), delimiter=";"))
    assert lignes[0][:4] == ["demande", "date", "type_demande", "prioritaire"]
    assert {ligne[1] for ligne in lignes[1:]} == set(DATES)
    assert all(ligne[0].startswith("D-") and ligne[9] in ("0", "5") for ligne in lignes[1:])


def test_a_job_is_for_the_auditor_or_the_administrator_only(client_module, rejeu_demo):
    consultant = entetes(Profil.CONSULTANT_SENSIBLE)
    administrateur = entetes(Profil.ADMINISTRATEUR_TERRITOIRE)

    assert client_module.get(f"/rejeux/{rejeu_demo}", headers=consultant).status_code == 403
    assert client_module.post("/rejeux", json={}, headers=consultant).status_code == 403
    assert client_module.get(f"/rejeux/{rejeu_demo}", headers=administrateur).status_code == 200


@pytest.mark.parametrize(
    ("corps", "detail"),
    [
        ({"candidate": CANDIDATE.model_dump(mode="json"), "dates": ["2027-01-01"]}, "porte sur l'historique"),
        ({"candidate": CANDIDATE.model_dump(mode="json"), "dates": DATES, "mois_passes": 3}, "s'excluent"),
        ({"candidate": {"version": "x"}, "dates": DATES}, "candidate"),
    ],
)
def test_bad_requests_are_refused_in_french_before_any_job(client_module, corps, detail):
    reponse = client_module.post("/rejeux", json=corps)

    assert reponse.status_code == 422 and detail in json.dumps(reponse.json(), ensure_ascii=False)


def test_an_unknown_job_is_not_found(client_module):
    reponse = client_module.get("/rejeux/00000000-0000-4000-8000-000000000000")

    assert reponse.status_code == 404 and reponse.json()["title"] == "Calcul introuvable"


def test_the_yearly_evaluation_as_a_job_in_each_format(client_module):
    identifiant = lancer(client_module, "/evaluations", {"annee": 2025})

    en_json = client_module.get(f"/evaluations/{identifiant}").json()
    en_html = client_module.get(f"/evaluations/{identifiant}", params={"format": "html"}).text
    en_csv = client_module.get(f"/evaluations/{identifiant}", params={"format": "csv"}).text

    assert en_json["annee"] == 2025 and en_json["demandes_actives_fin"] > 0
    bien_formee(en_html)
    assert len(graphiques(en_html)) == 3
    assert len(en_csv.strip().splitlines()) == len(en_json["candidats_retenus"]) + 1
    assert client_module.post("/evaluations", json={"annee": 2026}).status_code == 422
    assert client_module.post("/evaluations", json={"annee": 126999}).status_code == 422


# --- the commands --------------------------------------------------------------------------------


@pytest.fixture
def fichier_candidate(tmp_path):
    chemin = tmp_path / "candidate.yaml"
    chemin.write_text(yaml.safe_dump(CANDIDATE.model_dump(mode="json"), allow_unicode=True), encoding="utf-8")
    return chemin


def test_the_replay_command_writes_its_report(cotation, fichier_candidate, tmp_path):
    page = tmp_path / "rejeu.html"

    en_json = cotation("rejouer", "--candidate", fichier_candidate, "--dates", ",".join(DATES))
    en_html = cotation("rejouer", "--candidate", fichier_candidate, "--dates", DATES[-1], "--format", "html",
                       "--sortie", page)

    assert en_json.exit_code == 0, en_json.output
    assert json.loads(en_json.stdout)["entete"]["candidate"]["version"] == "epernay-revoyure-2027"
    assert en_html.exit_code == 0 and graphiques(page.read_text(encoding="utf-8"))


def test_the_replay_command_refuses_in_french(cotation, fichier_candidate, tmp_path):
    absente = cotation("rejouer", "--candidate", tmp_path / "absente.yaml")
    deux = cotation("rejouer", "--candidate", fichier_candidate, "--dates", DATES[0], "--mois-passes", "3")
    mauvaise = cotation("rejouer", "--candidate", fichier_candidate, "--dates", "01/06/2026")

    assert (absente.exit_code, deux.exit_code, mauvaise.exit_code) == (1, 1, 1)
    assert "fichier introuvable" in absente.output and "s'excluent" in deux.output
    assert "dates invalides" in mauvaise.output


def test_the_evaluation_command_as_csv(cotation):
    resultat = cotation("evaluation-annuelle", "--annee", "2025", "--format", "csv")

    assert resultat.exit_code == 0, resultat.output
    assert resultat.stdout.removeprefix("\ufeff").startswith("demande;le;date_reference;commune")
