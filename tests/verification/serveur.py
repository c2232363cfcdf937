"""The real service for the verification tools: ``cotation serve`` (uvicorn) on the loopback, in its
own process, on a fresh store, with a token of every agent profile (ADR 0022)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg

from adapters.http.jetons import SECRET_DEVELOPPEMENT, emettre, identite_de
from adapters.http.profils import Profil

HOTE = "127.0.0.1"
PG = {"host": HOTE, "port": 5432, "user": "postgres"}
DEMARRAGE_MAX_S = 300
#: Logged once the first sweep of deadlines is over, and once the read models are built from the log.
PRET = ('"balayage_termine"', '"projections_recalculees"')


def jeton(*profils: Profil, agent: str = "VERIF-A01", guichet: str = "MAIRIE-EPERNAY") -> str:
    """A token for the service, signed with the development key, valid for a day."""
    profils = profils or tuple(p for p in Profil if p is not Profil.DEMANDEUR)
    identite = identite_de(list(profils), "CA_EPERNAY", agent, guichet)
    return emettre(identite, SECRET_DEVELOPPEMENT, datetime.now(UTC), timedelta(days=1))


@contextmanager
def base_postgres(nom: str) -> Iterator[dict[str, str]]:
    """A new PostgreSQL database for the run (dropped after it), as ``cotation`` settings."""
    with psycopg.connect(**PG, dbname="postgres", autocommit=True) as cx:
        cx.execute(f'DROP DATABASE IF EXISTS "{nom}" WITH (FORCE)')
        cx.execute(f'CREATE DATABASE "{nom}"')
    try:
        yield {"COTATION_STORE": "postgres", "COTATION_POSTGRES_DBNAME": nom}
    finally:
        with psycopg.connect(**PG, dbname="postgres", autocommit=True) as cx:
            cx.execute(f'DROP DATABASE IF EXISTS "{nom}" WITH (FORCE)')


def _pret(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/openapi.json", timeout=2) as reponse:
            return reponse.status == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


@contextmanager
def service(reglages: dict[str, str], port: int, journal: Path, processus: int = 1) -> Iterator[str]:
    """``cotation serve`` with these settings (the demo territory seeded on its first start), until the
    block ends; yields its base URL once its first sweep of deadlines is over (nothing else writes
    then: the next one is days away) and its read models are built (nothing else competes for the
    machine then). Its logs go to ``journal``."""
    env = {**os.environ, "COTATION_LOG_FORMAT": "json", "COTATION_JWT_SECRET": "", **reglages}
    cotation = str(Path(sys.executable).parent / "cotation")
    commande = [cotation, "serve", "--port", str(port), "--balayage-minutes", "100000", "--processus", str(processus)]
    url = f"http://{HOTE}:{port}"
    with journal.open("w") as sortie:
        processus = subprocess.Popen(commande, env=env, stdout=sortie, stderr=subprocess.STDOUT)
        try:
            debut = time.monotonic()
            while not _pret(url) or not all(ligne in journal.read_text() for ligne in PRET):
                if processus.poll() is not None or time.monotonic() - debut > DEMARRAGE_MAX_S:
                    raise RuntimeError(f"le service n'a pas démarré (voir {journal})")
                time.sleep(0.5)
            yield url
        finally:
            processus.terminate()
            processus.wait(timeout=30)
