"""Shared fixtures: a settable clock, and the application on each real store.

Tests that take ``app`` run twice, ``[sqlite]`` and ``[postgres]``: the test ids show which
store answered. PostgreSQL tests use a database created for the session and dropped after it.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

import psycopg
import pytest

from adapters.application import CotationApp
from adapters.bootstrap import creer_application
from adapters.horloge import HorlogeReglable
from adapters.reglages import Reglages

PG = {"host": "127.0.0.1", "port": 5432, "user": "postgres"}
TERRITOIRE = "CA_EPERNAY"


@pytest.fixture
def horloge() -> HorlogeReglable:
    return HorlogeReglable(datetime(2021, 12, 1, 9, 0, tzinfo=timezone.utc))


@pytest.fixture(scope="session")
def base_postgres() -> Iterator[str]:
    nom = f"cotation_test_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    with psycopg.connect(**PG, dbname="postgres", autocommit=True) as cx:
        cx.execute(f'CREATE DATABASE "{nom}"')
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


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def reglages(request: pytest.FixtureRequest, tmp_path: Path) -> Reglages:
    return reglages_pour(request.param, tmp_path, request)


@pytest.fixture
def app(reglages: Reglages, horloge: HorlogeReglable) -> Iterator[CotationApp]:
    application = creer_application(reglages, horloge)
    yield application
    application.close()
