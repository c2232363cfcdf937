"""``make bench``: the benchmarks on PostgreSQL, each in its own process, with its peak memory.

    make bench                          # 1,000,000 demandes (about 8.4 million events)
    BENCH_DEMANDES=2000 make bench      # a quick run

Creates a fresh database, runs ``bench_versement`` (which writes the generated history there),
then the benchmarks that read it, in turn; each prints its figures and their ratio to a
reference measured in the same run. Then the Markdown block for ``docs/benchmarks.md``: figures,
references, targets, peak memory, sizes, machine and command. The database is dropped at the
end (``BENCH_GARDER=1`` keeps it); ``BENCH_BASE=<name>`` runs the reading benchmarks again on
a database kept that way, without writing it. Other settings: ``BENCH_PROFIL`` (the generator's
calibration, ``epernay`` by default or ``idf``: ``adapters/demo/profils.py``), ``BENCH_PROCESSUS``
(preparing processes of the bulk append) and ``BENCH_TRAVAILLEURS`` (computing processes of the
rebuild), both by default the number of CPUs; ``BENCH_DELAI``, the seconds after which a benchmark still
running is stopped with its workers (default: none).
"""

from __future__ import annotations

import json
import os
import platform
import signal
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psycopg

from tests.benchmarks.commun import PG

BANCS = ("bench_versement", "bench_reconstruction", "bench_score", "bench_positionnement", "bench_rejeu")
REGLAGES = ("BENCH_DEMANDES", "BENCH_PROFIL", "BENCH_PROCESSUS", "BENCH_TRAVAILLEURS", "BENCH_BASE")
#: measure, value, reference, ratio, target
Ligne = tuple[str, str, str, str, str]


def executer(module: str, base: str) -> tuple[dict[str, Any] | None, float]:
    """Run one benchmark in a child process: its figures (``None`` if it failed) and the peak RSS
    in MB of the largest process of its tree (itself or a worker it waited for). With
    ``BENCH_DELAI`` (seconds), a benchmark still running then is stopped with its workers."""
    with tempfile.NamedTemporaryFile(suffix=".json") as resultat:
        env = {**os.environ, "BENCH_BASE": base, "BENCH_RESULTAT": resultat.name}
        enfant = subprocess.Popen([sys.executable, "-m", f"tests.benchmarks.{module}"], env=env, start_new_session=True)
        delai = float(os.environ.get("BENCH_DELAI", "inf"))
        minuteur = threading.Timer(delai, os.killpg, (enfant.pid, signal.SIGTERM)) if delai < float("inf") else None
        if minuteur:
            minuteur.start()
        _, statut, usage = os.wait4(enfant.pid, 0)
        if minuteur:
            minuteur.cancel()
        enfant.returncode = os.waitstatus_to_exitcode(statut)
        texte = Path(resultat.name).read_text(encoding="utf-8")
    figures = json.loads(texte) if enfant.returncode == 0 and texte else None
    return figures, usage.ru_maxrss / 1024


def base_neuve() -> str:
    nom = f"cotation_bench_{os.getpid()}"
    with psycopg.connect(**PG, dbname="postgres", autocommit=True) as cx:  # type: ignore[arg-type]
        cx.execute(f'CREATE DATABASE "{nom}"')
    return nom


def supprimer(nom: str) -> None:
    with psycopg.connect(**PG, dbname="postgres", autocommit=True) as cx:  # type: ignore[arg-type]
        cx.execute(f'DROP DATABASE IF EXISTS "{nom}" WITH (FORCE)')


# --- the Markdown block ---------------------------------------------------------------------


def _n(valeur: float, decimales: int = 0) -> str:
    return f"{valeur:,.{decimales}f}"


def _ratio(valeur: float | None, reference: float | None) -> str:
    return f"{valeur / reference:.2f}×" if valeur and reference else "—"


def _versement(f: dict[str, Any]) -> list[Ligne]:
    def valeur(etape: dict[str, float]) -> str:
        return (f"{_n(etape['evenements'] / etape['secondes'])} events/s "
                f"({_n(etape['cpu'] / etape['evenements'] * 1e6)} µs CPU/event)")

    generation, preparation, chargement = f["generation"], f["preparation"], f["chargement"]
    return [
        (f"generation alone, {_n(f['echantillon'])} demandes", valeur(generation), "", "", ""),
        ("generation + rules + encoding, same demandes, no database", valeur(preparation), "", "", ""),
        (
            f"bulk append, {_n(chargement['evenements'])} events in {_n(chargement['secondes'])} s "
            f"({f['processus']} preparing processes)",
            valeur(chargement), f"COPY of the same rows: {_n(f['copie'])} rows/s",
            _ratio(chargement["evenements"] / chargement["secondes"], f["copie"]), "≥ 50,000 events/s",
        ),
    ]


def _reconstruction(f: dict[str, Any]) -> list[Ligne]:
    return [
        (
            f"full rebuild, {_n(f['evenements'])} events in {_n(f['secondes'])} s "
            f"({f['travailleurs']} worker processes)",
            f"{_n(f['reconstruction'])} events/s", f"psycopg keyset read + decode: {_n(f['lecture'])} events/s",
            _ratio(f["reconstruction"], f["lecture"]), "≥ 0.5×, 1M demandes < 5 min, flat memory",
        ),
        (
            "", "", f"stock ProjectionRunner, first {_n(f['echantillon_stock'])} events: {_n(f['stock'])} events/s",
            _ratio(f["reconstruction"], f["stock"]), "",
        ),
    ]


def _score(f: dict[str, Any]) -> list[Ligne]:
    reference = f["repository"]
    lignes = []
    for nom, libelle in (("chronologie", "from the timeline (score_au)"), ("rejeu", "by replaying the stream")):
        p50, p99 = f[nom]
        lignes.append((
            f"score at a date {libelle}, p50 / p99 over {f['tirages']}", f"{p50:.2f} / {p99:.2f} ms",
            f"Repository.get: {reference[0]:.2f} / {reference[1]:.2f} ms", _ratio(p99, reference[1]) + " (p99)",
            "p99 ≤ 2× Repository.get p99",
        ))
    return lignes


def _positionnement(f: dict[str, Any]) -> list[Ligne]:
    secondes = f["positionnement"]
    return [(
        f"weekly positionnement + délai, {_n(f['souhaits'])} active wishes",
        f"{secondes:.2f} s",
        f"bare SQL window rank: {f['rang_sql']:.2f} s", _ratio(secondes, f["rang_sql"]), "≤ 2×, < 60 s",
    )]


def _rejeu(f: dict[str, Any]) -> list[Ligne]:
    return [
        (
            f"replay of a candidate grid, {_n(f['demandes'])} demandes × {f['dates']} dates in {f['secondes']:.0f} s "
            f"({f['travailleurs']} workers)",
            f"{_n(f['rejeu'])} active pairs/s ({_n(f['demandes_dates'])} demandes×dates/s)",
            f"naive replay (faits_au + 2 × coter): {_n(f['naif'])} active pairs/s",
            _ratio(f["rejeu"], f["naif"]), "100,000 × 12 in ≤ 60 s (20,000 demandes×dates/s), flat memory",
        ),
        ("", "", f"log read + decode: {_n(f['lecture'])} events/s", "", ""),
    ]


LIGNES: dict[str, tuple[str, Callable[[dict[str, Any]], list[Ligne]]]] = {
    "bench_versement": ("Bulk append", _versement),
    "bench_reconstruction": ("Rebuild", _reconstruction),
    "bench_score": ("Score at a date", _score),
    "bench_positionnement": ("Positionnement", _positionnement),
    "bench_rejeu": ("Replay (clause de revoyure)", _rejeu),
}


def machine() -> str:
    modele = next((ligne.split(":", 1)[1].strip() for ligne in Path("/proc/cpuinfo").read_text().splitlines()
                   if ligne.startswith("model name")), platform.processor())
    memoire = next(int(ligne.split()[1]) for ligne in Path("/proc/meminfo").read_text().splitlines()
                   if ligne.startswith("MemTotal"))
    with psycopg.connect(**PG, dbname="postgres") as cx:  # type: ignore[arg-type]
        version = cx.execute("SHOW server_version").fetchone()[0]  # type: ignore[index]
    charge = Path("/proc/loadavg").read_text().split()[2]
    return (f"{modele}, {os.cpu_count()} CPUs, {memoire / 1024 ** 2:.0f} GB RAM; PostgreSQL {version} "
            f"(stock settings, same machine); Python {platform.python_version()}; load average (15 min) "
            f"at the end: {charge}")


def markdown(resultats: dict[str, tuple[dict[str, Any] | None, float]], nombre: int) -> str:
    entete = [
        f"### Run of {datetime.now(UTC):%Y-%m-%d}: {_n(nombre)} demandes",
        "",
        f"- Machine: {machine()}",
        f"- Command: `{' '.join([*(f'{v}={os.environ[v]}' for v in REGLAGES if v in os.environ), 'make bench'])}`",
        "",
        "| Benchmark | Measure | Value | Reference (same run) | Ratio | Target | Peak RSS |",
        "|---|---|---|---|---|---|---|",
    ]
    corps = []
    for module, (figures, pic) in resultats.items():
        titre, rangees = LIGNES[module]
        if figures is None:
            corps.append(f"| {titre} | failed | | | | | {pic:.0f} MB |")
            continue
        for i, (mesure, valeur, reference, ratio, cible) in enumerate(rangees(figures)):
            memoire = f"{pic:.0f} MB" if i == 0 else ""
            cellules = (titre if i == 0 else "", mesure, valeur, reference, ratio, cible, memoire)
            corps.append(f"| {' | '.join(cellules)} |")
    return "\n".join([*entete, *corps])


def demandes_de(base: str) -> int:
    with psycopg.connect(**PG, dbname=base) as cx:  # type: ignore[arg-type]
        return int(cx.execute("SELECT count(*) FROM index_demandes").fetchone()[0])  # type: ignore[index]


def main() -> None:
    reprise = os.environ.get("BENCH_BASE")
    base, bancs = (reprise, BANCS[1:]) if reprise else (base_neuve(), BANCS)
    resultats: dict[str, tuple[dict[str, Any] | None, float]] = {}
    try:
        for module in bancs:
            resultats[module] = executer(module, base)
            print(f"  mémoire maximale : {resultats[module][1]:.0f} Mo", flush=True)
            if module == BANCS[0] and resultats[module][0] is None:
                break  # nothing to read
        nombre = demandes_de(base)
    finally:
        if not (reprise or os.environ.get("BENCH_GARDER")):
            supprimer(base)
    print(f"\nÀ coller dans docs/benchmarks.md (base {base}) :\n")
    print(markdown(resultats, nombre))


if __name__ == "__main__":
    main()
