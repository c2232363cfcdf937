"""What the benchmarks run by ``lancer.py`` share: the bench database, clocks, and the figures.

Each benchmark is a module run in its own process (``python -m tests.benchmarks.bench_…``) on
the PostgreSQL database named by ``BENCH_BASE``; it prints its figures in French and writes them
as JSON to the file named by ``BENCH_RESULTAT``, for the runner to gather.
"""

from __future__ import annotations

import json
import logging
import os
import resource
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psycopg
import structlog

from adapters.application import CotationApp
from adapters.bootstrap import creer_application
from adapters.demo.semis import TERRITOIRE
from adapters.reglages import Reglages

PG = {"host": "127.0.0.1", "port": 5432, "user": "postgres"}
GRAINE = 2021
Figures = dict[str, Any]


def base() -> str:
    return os.environ["BENCH_BASE"]


def demandes() -> int:
    return int(os.environ.get("BENCH_DEMANDES", "1000000"))


def reglages() -> Reglages:
    return Reglages(store="postgres", postgres_dbname=base(), territoire=TERRITOIRE)


def application() -> CotationApp:
    return creer_application(reglages())


def connexion(autocommit: bool = True) -> psycopg.Connection[Any]:
    return psycopg.connect(**PG, dbname=base(), autocommit=autocommit)  # type: ignore[arg-type]


def silence() -> None:
    """Only warnings from the application's logs: a benchmark prints its own figures."""
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))


@contextmanager
def chrono() -> Iterator[Callable[[], float]]:
    """``with chrono() as duree:`` then ``duree()``: the wall-clock seconds of the block."""
    debut, fin = time.perf_counter(), None

    def duree() -> float:
        return (fin or time.perf_counter()) - debut

    yield duree
    fin = time.perf_counter()


def cpu() -> float:
    """Seconds of CPU used so far by this process and the child processes it waited for (not the
    database server's)."""
    soi, enfants = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return soi.ru_utime + soi.ru_stime + enfants.ru_utime + enfants.ru_stime


def latences(travail: Callable[[Any], object], cas: list[Any]) -> tuple[float, float]:
    """p50 and p99 in milliseconds of ``travail`` over each of ``cas``."""
    durees = []
    for un in cas:
        debut = time.perf_counter()
        travail(un)
        durees.append((time.perf_counter() - debut) * 1000)
    centiles = statistics.quantiles(durees, n=100, method="inclusive")
    return statistics.median(durees), centiles[98]


def debit(evenements: int, secondes: float) -> float:
    return evenements / secondes if secondes else 0.0


def ligne(
    libelle: str, valeur: float, unite: str, reference: float | None = None, nom_reference: str = "", decimales: int = 1
) -> None:
    """One figure in French; with a reference, its ratio to it."""
    texte = f"  {libelle:58} {_fr(valeur, decimales):>14} {unite}"
    if reference:
        texte += f"   ({_fr(valeur / reference, 2)} × {nom_reference})"
    print(texte, flush=True)


def _fr(valeur: float, decimales: int) -> str:
    return f"{valeur:,.{decimales}f}".replace(",", "\u202f").replace(".", ",")


def publier(figures: Figures) -> None:
    Path(os.environ["BENCH_RESULTAT"]).write_text(json.dumps(figures), encoding="utf-8")
