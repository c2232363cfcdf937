"""The ``cotation projections`` commands on both stores: catch-up, rebuild with its summary,
positionnement, and the reads of a demande, in French."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
import structlog
from typer.testing import CliRunner, Result

from adapters import cli
from adapters.demo.semis import semer
from adapters.reglages import Reglages

runner = CliRunner()


@pytest.fixture
def cotation(reglages: Reglages) -> Iterator[Callable[..., Result]]:
    env = {
        "COTATION_STORE": reglages.store, "COTATION_DATA_DIR": str(reglages.data_dir),
        "COTATION_POSTGRES_DBNAME": reglages.postgres_dbname, "COTATION_TERRITOIRE": reglages.territoire,
        "COTATION_LOG_FORMAT": "console",
    }
    yield lambda *args: runner.invoke(cli.app, [str(a) for a in args], env=env)
    structlog.reset_defaults()


def test_catch_up_rebuild_positionnement_and_the_reads_of_a_demande(cotation, reglages, app):
    semer(reglages, 4)
    demande_id = app.demandes(1, 0)[0]

    rattrapage = cotation("projections", "rattraper")
    reconstruction = cotation("projections", "reconstruire")
    positionnement = cotation("projections", "positionnement")
    chronologie = cotation("projections", "chronologie", demande_id)
    sa_position = cotation("projections", "positionnement-demande", demande_id)
    delais = cotation("projections", "delais")

    assert rattrapage.exit_code == 0 and "notification(s) lue(s)" in rattrapage.stdout
    assert reconstruction.exit_code == 0 and "Projections reconstruites : 4 demandes" in reconstruction.stdout
    assert positionnement.exit_code == 0 and "Positionnement calculé au" in positionnement.stdout
    assert chronologie.exit_code == 0 and "Cotation au" in chronologie.stdout
    # the commands read the system clock: once the grid's parameters run out, no demande has a score
    assert sa_position.exit_code == 0
    assert "Positionnement par souhait" in sa_position.stdout or "sans cotation" in sa_position.stdout
    assert delais.exit_code == 0


def test_an_unknown_demande_is_refused_in_french(cotation):
    resultat = cotation("projections", "chronologie", "00000000-0000-0000-0000-000000000000")

    assert resultat.exit_code == 1 and "aucune cotation projetée pour cette demande" in resultat.output
