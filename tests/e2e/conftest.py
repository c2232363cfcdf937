"""End-to-end fixtures: one SQLite store seeded with the demo territory for the session.

Tests may add demandes and events to it (each with its own numéro), never rely on a count. The
``client`` holds a token with every agent profile (``tests/e2e/jetons.py``); a test about a
profile sends its own ``Authorization`` header.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from uuid import UUID

import pytest
import structlog
from fastapi.testclient import TestClient
from typer.testing import CliRunner, Result

from adapters import cli
from adapters.application import CotationApp
from adapters.bootstrap import creer_application
from adapters.demo.semis import semer
from adapters.horloge import HorlogeReglable
from adapters.http.api import creer_api
from adapters.reglages import Reglages
from tests.e2e.jetons import AGENTS, entetes

MAINTENANT = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)


@pytest.fixture(scope="session")
def reglages_demo(tmp_path_factory: pytest.TempPathFactory) -> Reglages:
    dossier = Path(tmp_path_factory.mktemp("demo"))
    reglages = Reglages(store="sqlite", data_dir=dossier, territoire="CA_EPERNAY", dossier_rejeux=dossier / "rejeux")
    assert semer(reglages) is not None
    return reglages


@pytest.fixture
def horloge_e2e() -> HorlogeReglable:
    return HorlogeReglable(MAINTENANT)


@pytest.fixture
def application(reglages_demo: Reglages, horloge_e2e: HorlogeReglable) -> Iterator[CotationApp]:
    app = creer_application(reglages_demo, horloge_e2e)
    yield app
    app.close()


@pytest.fixture
def client(application: CotationApp) -> Iterator[TestClient]:
    with TestClient(creer_api(application), headers=entetes(*AGENTS)) as client:
        yield client


@pytest.fixture
def demande_demo(application: CotationApp) -> UUID:
    """The first demande of the demo (registered in January 2019)."""
    return application.demandes(1, 0)[0]


@pytest.fixture
def cotation(reglages_demo: Reglages) -> Iterator[Callable[..., Result]]:
    """The CLI on the demo store, run in this process; each command configures the logs onto the
    runner's streams: they are restored afterwards."""
    env = {"COTATION_STORE": "sqlite", "COTATION_DATA_DIR": str(reglages_demo.data_dir),
           "COTATION_TERRITOIRE": "CA_EPERNAY", "COTATION_LOG_FORMAT": "console"}
    runner = CliRunner()
    yield lambda *args: runner.invoke(cli.app, [str(a) for a in args], env=env)
    structlog.reset_defaults()
