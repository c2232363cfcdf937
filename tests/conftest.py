"""Shared fixtures: a settable clock, the application on each real store, a demande's data.

Tests that take ``app`` (or ``reglages``) run twice, ``[sqlite]`` and ``[postgres]``: the test
ids show which store answered, and the summary counts the tests passed on each. PostgreSQL
tests use a database created for the session and dropped after it; an unreachable server
fails them, never skips them.
"""

from __future__ import annotations

import os
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

import psycopg
import pytest

from adapters.application import CotationApp
from adapters.bootstrap import creer_application
from adapters.horloge import HorlogeReglable
from adapters.reglages import Reglages

PG = {"host": "127.0.0.1", "port": 5432, "user": "postgres", "connect_timeout": 5}
TERRITOIRE = "CA_EPERNAY"
STORES = ("sqlite", "postgres")
_STORE_DU_TEST = pytest.StashKey[dict[str, str]]()


@pytest.fixture
def horloge() -> HorlogeReglable:
    return HorlogeReglable(datetime(2021, 12, 1, 9, 0, tzinfo=timezone.utc))


@pytest.fixture(scope="session")
def base_postgres() -> Iterator[str]:
    nom = f"cotation_test_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    try:
        with psycopg.connect(**PG, dbname="postgres", autocommit=True) as cx:
            cx.execute(f'CREATE DATABASE "{nom}"')
    except psycopg.OperationalError as exc:
        message = f"PostgreSQL injoignable sur {PG['host']}:{PG['port']} : ces tests exigent le serveur ({exc})"
        pytest.fail(message, pytrace=False)
    yield nom
    with psycopg.connect(**PG, dbname="postgres", autocommit=True) as cx:
        cx.execute(f'DROP DATABASE IF EXISTS "{nom}" WITH (FORCE)')


def _vider_postgres(nom: str) -> None:
    with psycopg.connect(**PG, dbname=nom, autocommit=True) as cx:
        tables = [r[0] for r in cx.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
        if tables:
            cx.execute("TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " RESTART IDENTITY")


def reglages_pour(store: str, tmp_path: Path, request: pytest.FixtureRequest) -> Reglages:
    if store == "sqlite":
        return Reglages(store="sqlite", data_dir=tmp_path / "data", territoire=TERRITOIRE)
    nom = request.getfixturevalue("base_postgres")
    _vider_postgres(nom)
    return Reglages(store="postgres", postgres_dbname=nom, territoire=TERRITOIRE)


@pytest.fixture(params=[STORES[0], pytest.param(STORES[1], marks=pytest.mark.postgres)])
def reglages(request: pytest.FixtureRequest, tmp_path: Path) -> Reglages:
    return reglages_pour(request.param, tmp_path, request)


@pytest.fixture
def app(reglages: Reglages, horloge: HorlogeReglable) -> Iterator[CotationApp]:
    application = creer_application(reglages, horloge)
    yield application
    application.close()


class AppAvecIntrusion(CotationApp):
    """Runs ``intrusion`` once, after the rules were checked and before the write reaches the store:
    a second writer on the same store, deterministically in between."""

    name = CotationApp.name  # the PostgreSQL table names derive from it
    intrusion: Callable[[], object] | None = None

    def save(self, *objets: Any, **kwargs: Any) -> Any:
        if self.intrusion is not None:
            intrusion, self.intrusion = self.intrusion, None
            intrusion()
        return super().save(*objets, **kwargs)


@pytest.fixture
def lent(reglages: Reglages, horloge: HorlogeReglable) -> Iterator[AppAvecIntrusion]:
    """Another application on the same store as ``app``, whose writes can be overtaken."""
    application = AppAvecIntrusion(reglages.territoire, env=reglages.env_eventsourcing(), horloge=horloge)
    yield application
    application.close()


@pytest.fixture
def nombre_evenements(app: CotationApp) -> Callable[[], int]:
    """How many events the store of ``app`` holds, all aggregates together."""
    return lambda: len(app.recorder.select_notifications(None, 100_000))


@pytest.fixture
def donnees_demande() -> Callable[..., dict[str, Any]]:
    """The data of a valid registration on 1 December 2021 (the ``horloge`` day), by numéro unique."""
    return _donnees_demande


def _donnees_demande(numero: str = "051190900001230EPE", **changements: Any) -> dict[str, Any]:
    situation = {
        "type_demande": "premiere_demande",
        "menage": [{"role": "demandeur", "date_naissance": "1995-01-01"}],
        "ressources_mensuelles": "500",
        "logement": {"situation": "heberge_tiers"},
        "emplois": [],
        "souhaits": [{"commune": "EPERNAY", "typologie": "T2"}],
    }
    donnees = dict(
        effet_le=date(2021, 12, 1), acteur={"type": "demandeur"}, numero_unique=numero,
        date_premiere_inscription=date(2019, 9, 1), canal="portail", situation=situation,
    )
    return donnees | changements


# --- which store ran: "Stores exercés : sqlite N tests, postgres N tests" --------------------


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    config.stash[_STORE_DU_TEST] = {item.nodeid: store for item in items if (store := _store(item))}


def _store(item: pytest.Item) -> str | None:
    callspec = getattr(item, "callspec", None)
    return callspec.params.get("reglages") if callspec else None


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    stores = config.stash.get(_STORE_DU_TEST, {})
    if not stores:
        return
    passes = Counter(stores.get(rapport.nodeid) for rapport in terminalreporter.stats.get("passed", []))
    comptes = ", ".join(f"{s} {passes[s]} test{'s' if passes[s] > 1 else ''}" for s in STORES)
    terminalreporter.write_line(f"Stores exercés : {comptes}")
