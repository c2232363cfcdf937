"""``cotation generer``: a generated history written into an empty store, through the application or in bulk."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import structlog
from typer.testing import CliRunner

from adapters import cli
from adapters.bootstrap import creer_application
from adapters.demo.histoires import generer
from adapters.reglages import Reglages

runner = CliRunner()


@pytest.fixture(autouse=True)
def journal_par_defaut():
    """Each command configures the logs onto the runner's streams: restore them afterwards."""
    yield
    structlog.reset_defaults()


def test_generer_writes_every_demande_and_event_then_refuses_a_store_not_empty(tmp_path):
    env = {"COTATION_STORE": "sqlite", "COTATION_DATA_DIR": str(tmp_path), "COTATION_TERRITOIRE": "CA_EPERNAY"}
    histoires = list(generer(50, graine=11))

    resultat = runner.invoke(cli.app, ["generer", "--demandes", "50", "--graine", "11"], env=env)
    encore = runner.invoke(cli.app, ["generer", "--demandes", "5"], env=env)

    evenements = 1 + sum(len(h) for h in histoires)  # with the grid's adoption
    assert resultat.exit_code == 0, resultat.output
    assert f"Historique généré (graine 11) : 50 demandes, {evenements} événements écrits en" in resultat.stdout
    assert re.search(r"\(\d[\d\u202f]* événements/s\)", resultat.stdout)
    assert encore.exit_code == 1 and "la base n'est pas vide" in encore.stderr
    app = creer_application(Reglages(store="sqlite", data_dir=tmp_path, territoire="CA_EPERNAY"))
    try:
        demandes = app.demandes(100)
        assert len(demandes) == 50
        assert sum(len(app.historique(d)) for d in demandes) == evenements - 1
        assert app.rechercher(histoires[0][0].donnees["numero_unique"]) in demandes
    finally:
        app.close()


def test_generer_en_bloc_loads_every_event_then_refuses_a_store_not_empty(tmp_path):
    env = {"COTATION_STORE": "sqlite", "COTATION_DATA_DIR": str(tmp_path), "COTATION_TERRITOIRE": "CA_EPERNAY"}
    evenements = 1 + sum(len(h) for h in generer(40, graine=11))  # with the grid's adoption

    resultat = runner.invoke(cli.app, ["generer", "--demandes", "40", "--graine", "11", "--en-bloc"], env=env)
    encore = runner.invoke(cli.app, ["generer", "--demandes", "5", "--en-bloc"], env=env)

    assert resultat.exit_code == 0, resultat.output
    assert f"Historique généré (graine 11, en bloc) : 40 demandes, {evenements} événements écrits en" in resultat.stdout
    assert encore.exit_code == 1
    assert "un chargement en bloc ne s'écrit que dans une base vide" in encore.stderr
    app = creer_application(Reglages(store="sqlite", data_dir=tmp_path, territoire="CA_EPERNAY"))
    try:
        assert len(app.demandes(100)) == 40
        assert len(app.recorder.select_notifications(None, 10_000)) == evenements
    finally:
        app.close()


def test_generer_profil_idf_writes_the_idf_history_one_by_one_or_in_bulk_and_an_unknown_profile_nothing(tmp_path):
    env = {"COTATION_STORE": "sqlite", "COTATION_TERRITOIRE": "CA_EPERNAY"}
    evenements = 1 + sum(len(h) for h in generer(6, graine=11, profil="idf"))  # with the grid's adoption
    idf = ["generer", "--demandes", "6", "--graine", "11", "--profil", "idf"]

    resultat = runner.invoke(cli.app, idf, env={**env, "COTATION_DATA_DIR": str(tmp_path / "un")})
    en_bloc = runner.invoke(cli.app, [*idf, "--en-bloc"], env={**env, "COTATION_DATA_DIR": str(tmp_path / "bloc")})
    refus = runner.invoke(
        cli.app, ["generer", "--demandes", "6", "--profil", "paris"], env={**env, "COTATION_DATA_DIR": str(tmp_path)}
    )

    assert resultat.exit_code == 0, resultat.output
    assert f"(graine 11, profil idf) : 6 demandes, {evenements} événements écrits en" in resultat.stdout
    assert en_bloc.exit_code == 0, en_bloc.output
    assert "(graine 11, profil idf, en bloc) : 6 demandes" in en_bloc.stdout
    assert refus.exit_code == 1
    assert "profil de génération inconnu : « paris » (profils connus : epernay, idf)" in refus.stderr
    assert [_evenements_ecrits(tmp_path / d) for d in ("un", "bloc", "")] == [evenements, evenements, 0]


def _evenements_ecrits(dossier: Path) -> int:
    app = creer_application(Reglages(store="sqlite", data_dir=dossier, territoire="CA_EPERNAY"))
    try:
        return len(app.recorder.select_notifications(None, 10_000))
    finally:
        app.close()
