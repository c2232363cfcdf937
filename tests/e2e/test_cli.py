"""The ``cotation`` command end to end, on the SQLite store seeded with the demo territory."""

from __future__ import annotations

import json
from datetime import date

import pytest
import structlog
from typer.testing import CliRunner

from adapters import cli

runner = CliRunner()


@pytest.fixture(autouse=True)
def journal_par_defaut():
    """Each command configures the logs onto the runner's streams: restore them afterwards."""
    yield
    structlog.reset_defaults()


def test_the_score_at_a_date_as_a_table_or_json(cotation, application, demande_demo):
    table = cotation("cotation", demande_demo, "--date", "2026-11-01")
    brut = cotation("cotation", demande_demo, "--date", "2026-11-01", "--json")

    attendue = application.cotation(demande_demo, date(2026, 11, 1))
    assert table.exit_code == 0 and brut.exit_code == 0
    assert table.stdout.startswith("Cotation au 01/11/2026")
    assert json.loads(brut.stdout) == attendue.model_dump(mode="json")


def test_the_explanation_for_the_demandeur(cotation, demande_demo):
    resultat = cotation("explication", demande_demo, "--date", "2026-11-01")

    assert resultat.exit_code == 0
    assert resultat.stdout.startswith("Cotation de votre demande au 01/11/2026")
    assert "Ce que vous pouvez faire" in resultat.stdout


def test_the_grid_at_a_date(cotation):
    resultat = cotation("grille", "--date", "2022-01-01")

    assert resultat.exit_code == 0
    assert "epernay-2021-12" in resultat.stdout and "DALO" in resultat.stdout
    assert "Attention" not in resultat.stdout


def test_the_grid_warns_of_its_parameters_about_to_have_no_value(cotation):
    resultat = cotation("grille", "--date", "2026-11-23")

    lignes = " ".join(resultat.stdout.split())
    assert "Attention : le paramètre « seuil du 1er quartile de ressources » de la grille epernay-2021-12 n'a " \
           "plus de valeur à partir du 01/01/2027" in lignes
    assert lignes.count("Attention") == 2


def test_refusals_are_in_french_with_exit_code_1(cotation, demande_demo):
    mauvaise_date = cotation("cotation", demande_demo, "--date", "01/11/2026")
    sans_grille = cotation("grille", "--date", "2021-01-01")

    assert (mauvaise_date.exit_code, sans_grille.exit_code) == (1, 1)
    assert "Erreur : date invalide : « 01/11/2026 » (attendu : AAAA-MM-JJ)" in mauvaise_date.stderr
    assert "Erreur : aucune grille de cotation en vigueur au 01/01/2021" in sans_grille.stderr


def test_import_writes_good_lines_and_nothing_for_a_refused_one(cotation, application, demande_demo, tmp_path):
    avant = len(application.historique(demande_demo))
    declaration = {"type": "situation_declaree", "demande_id": str(demande_demo), "effet_le": "2026-11-01",
                   "acteur": {"type": "demandeur"}, "situation": {"ressources_mensuelles": 812.5}}
    validation = {"type": "critere_valide", "demande_id": str(demande_demo), "effet_le": "2026-11-01",
                  "acteur": {"type": "demandeur"}, "critere": "DALO", "motif": "Décision DALO"}
    fichier = tmp_path / "evenements.jsonl"
    fichier.write_text(json.dumps(declaration) + "\n\n" + json.dumps(validation) + "\n", encoding="utf-8")

    resultat = cotation("importer", fichier)

    assert resultat.exit_code == 1
    assert "ligne 1 : écrite (situation_declaree)" in resultat.stdout
    assert "ligne 3 : refusée — seul un agent habilité peut faire : validation manuelle d'un critère" in resultat.stdout
    assert "1 ligne(s) écrite(s), 1 refusée(s)." in resultat.stdout
    assert len(application.historique(demande_demo)) == avant + 1
    assert application.faits(demande_demo, date(2026, 11, 2)).ressources_mensuelles == 812.5


def test_demo_seeding_is_idempotent(cotation):
    resultat = cotation("demo")

    assert resultat.exit_code == 0
    assert "Base déjà initialisée" in resultat.stdout


def test_the_cas_types_group_is_mounted(cotation):
    resultat = cotation("cas-types", "--help")

    assert resultat.exit_code == 0 and "run" in resultat.stdout


def test_serve_seeds_an_empty_store_then_serves_without_uvicorn_access_log(tmp_path, monkeypatch):
    servi = {}
    monkeypatch.setattr(cli.uvicorn, "run", lambda api, **options: servi.update(options, api=api))
    env = {"COTATION_STORE": "sqlite", "COTATION_DATA_DIR": str(tmp_path), "COTATION_TERRITOIRE": "CA_EPERNAY"}

    resultat = runner.invoke(cli.app, ["serve", "--port", "8765"], env=env)

    assert resultat.exit_code == 0
    assert "Grille d'Épernay adoptée et territoire de démonstration semé : 300 demandes" in resultat.stdout
    assert (servi["host"], servi["port"], servi["access_log"]) == ("127.0.0.1", 8765, False)
