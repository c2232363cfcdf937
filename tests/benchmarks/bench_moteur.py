"""Benchmark of the scoring engine on generated histories: µs per ``faits_au``, per ``coter`` and
per ``faits_successifs`` (a whole history in one fold), against the cost of validating one
registration event measured in the same run (a yardstick of the machine's speed).

    .venv/bin/python -m tests.benchmarks.bench_moteur [--demandes 300] [--store DIR]

Without ``--store`` the histories are written first into a temporary SQLite store (about 20 ms a
demande); with it, an existing store of a generated history is read (or seeded when empty).
"""

from __future__ import annotations

import argparse
import logging
import tempfile
import time
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

import structlog

from adapters.application import id_grille
from adapters.bootstrap import creer_application
from adapters.demo.semis import semer_historique, vierge
from adapters.reglages import Reglages
from domain.cotation.moteur import coter
from domain.demande.faits import Faits, faits_au, faits_successifs
from domain.erreurs import ErreurCotation
from domain.evenements import Evenement
from domain.grille.historique import GrilleEnVigueur, grille_en_vigueur

#: Days a read model scores every demande on, besides the effect dates of its events.
JOURS = [date(2022, 3, 1), date(2023, 6, 15), date(2024, 12, 31), date(2026, 11, 1)]
REPETITIONS = 3


def chronometrer(travail: Callable[[], int]) -> float:
    """Best of a few runs of ``travail`` (which returns how many calls it made), in µs of CPU per call."""
    meilleur = float("inf")
    for _ in range(REPETITIONS):
        debut = time.process_time()
        appels = travail()
        meilleur = min(meilleur, (time.process_time() - debut) / appels * 1e6)
    return meilleur


def histoires(reglages: Reglages, nombre: int) -> tuple[list[Evenement], list[list[Evenement]]]:
    app = creer_application(reglages)
    try:
        if vierge(app):
            app.close()
            semer_historique(reglages, nombre)
            app = creer_application(reglages)
        demandes = [app.historique(i) for i in app.demandes(nombre, 0)]
        return app.historique(id_grille(app.territoire)), demandes
    finally:
        app.close()


def a_coter(grille: Sequence[Evenement], demandes: list[list[Evenement]]) -> list[tuple[Faits, GrilleEnVigueur, date]]:
    """Facts and grid at each effect date and each of ``JOURS``, wherever a grid is in force."""
    cas = []
    for historique in demandes:
        for jour in sorted({*JOURS, *(e.effet_le for e in historique)}):
            faits = faits_au(historique, jour)
            try:
                en_vigueur = grille_en_vigueur(grille, jour, faits.type_demande) if faits else None
            except ErreurCotation:
                continue
            if faits is not None and en_vigueur is not None:
                cas.append((faits, en_vigueur, jour))
    return cas


def mesurer(grille: Sequence[Evenement], demandes: list[list[Evenement]]) -> None:
    dates = [(h, sorted({e.effet_le for e in h})) for h in demandes]
    cas = a_coter(grille, demandes)
    enregistrement = demandes[0][0]
    donnees = enregistrement.model_dump()

    def etalon() -> int:
        for _ in range(1000):
            type(enregistrement).model_validate(donnees)
        return 1000

    def un_jour() -> int:
        for historique in demandes:
            faits_au(historique, JOURS[-1])
        return len(demandes)

    def chaque_effet() -> int:
        for historique, jours in dates:
            for jour in jours:
                faits_au(historique, jour)
        return sum(len(jours) for _, jours in dates)

    def successifs() -> int:
        for historique in demandes:
            for _ in faits_successifs(historique):
                pass
        return len(demandes)

    def cotations() -> int:
        for faits, en_vigueur, jour in cas:
            coter(faits, en_vigueur.version, jour, None, en_vigueur.inactifs)
        return len(cas)

    reference = chronometrer(etalon)
    par_effet = chronometrer(chaque_effet)
    resultats = {
        f"faits_au au {JOURS[-1]}": chronometrer(un_jour),
        "faits_au à chaque date d'effet": par_effet,
        "faits_successifs (une histoire)": chronometrer(successifs),
        "faits_au à chaque date d'effet (une histoire)": par_effet * sum(len(j) for _, j in dates) / len(demandes),
        "coter": chronometrer(cotations),
    }
    print(f"{len(demandes)} demandes, {sum(map(len, demandes)) / len(demandes):.1f} événements par demande, "
          f"{len(cas)} cotations")
    print(f"{'référence : valider un enregistrement':48} {reference:9.1f} µs")
    for nom, micro in resultats.items():
        print(f"{nom:48} {micro:9.1f} µs  ({micro / reference:6.1f} × la référence)")
    gain = resultats["faits_au à chaque date d'effet (une histoire)"] / resultats["faits_successifs (une histoire)"]
    print(f"faits_successifs : {gain:.1f} × plus rapide que faits_au à chaque date d'effet")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--demandes", type=int, default=300)
    parser.add_argument("--store", type=Path, default=None, help="directory of a SQLite store to reuse")
    arguments = parser.parse_args()
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))
    with tempfile.TemporaryDirectory() as temporaire:
        reglages = Reglages(store="sqlite", data_dir=arguments.store or Path(temporaire))
        mesurer(*histoires(reglages, arguments.demandes))


if __name__ == "__main__":
    main()
