"""Benchmark: a generated history appended in bulk (events/s), against a COPY of the same rows.

Writes the history the other benchmarks read (``BENCH_DEMANDES`` demandes, seed 2021, calibrated
by ``BENCH_PROFIL``: ``epernay`` by default, or ``idf``) into the empty database ``BENCH_BASE``
with ``verser_historique`` (``BENCH_PROCESSUS`` preparing processes, default the number of CPUs).
To tell where the time goes, two stages are also timed alone on a sample, without the database:
the generation (``histoires``) and the generation with the preparation (rules and encoding,
``preparer_fenetre``); with each, the CPU time per event.
The reference: the rows just written, dumped by ``COPY … TO`` (not timed) and loaded by
``COPY … FROM`` (binary) into a table of the same definition (primary key and notification id
index), in one transaction.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable

from eventsourcing.persistence import JSONTranscoder

from adapters.demo.profils import EPERNAY
from adapters.demo.semis import TERRITOIRE
from adapters.demo.versement import FENETRE, fenetres, grille_adoptee, histoires, preparer_fenetre, verser_historique
from adapters.mapper import MapperPydantic
from domain.format import nombre
from tests.benchmarks.commun import GRAINE, chrono, connexion, cpu, debit, demandes, ligne, publier, reglages, silence

ECHANTILLON = 20_000
LIBELLES = {
    "generation": "génération seule ({n} événements, {s} s)",
    "preparation": "génération + règles + encodage ({n} événements, {s} s)",
    "chargement": "chargement en bloc ({n} événements, {s} s)",
}
COPIE = "banc_copie"
PROFIL = os.environ.get("BENCH_PROFIL", EPERNAY)


Etape = tuple[int, float, float]  # events, seconds, CPU seconds of this process and its workers


def etape(travail: Callable[[], int]) -> Etape:
    debut = cpu()
    with chrono() as duree:
        evenements = travail()
    return evenements, duree(), cpu() - debut


def generation(combien: int) -> int:
    return sum(len(ecritures) for _, _, ecritures in histoires(combien, GRAINE, PROFIL))


def preparation(combien: int) -> int:
    grille, mapper = [grille_adoptee(TERRITOIRE, GRAINE).evenement], MapperPydantic(transcoder=JSONTranscoder())
    return sum(len(preparer_fenetre(f, grille, mapper)) for f in fenetres(combien, GRAINE, FENETRE, PROFIL))


def versement(combien: int, processus: int) -> int:
    faites = 0

    def avancer(lot: int) -> None:
        nonlocal faites
        faites += lot
        if faites * 20 // combien != (faites - lot) * 20 // combien:
            print(f"  … {nombre(faites)} demandes écrites", flush=True)

    return verser_historique(reglages(), combien, GRAINE, processus, apres_fenetre=avancer, profil=PROFIL).evenements


def copie() -> tuple[int, float]:
    """COPY of the events table into a table of the same definition: rows, seconds."""
    with tempfile.TemporaryFile() as fichier, connexion(autocommit=False) as cx:
        with cx.cursor().copy("COPY cotation_events TO STDOUT (FORMAT BINARY)") as sortie:
            for bloc in sortie:
                fichier.write(bloc)
        fichier.seek(0)
        cx.execute(f"CREATE TABLE {COPIE} (LIKE cotation_events INCLUDING ALL)")
        cx.commit()
        with chrono() as duree:
            with cx.cursor().copy(f"COPY {COPIE} FROM STDIN (FORMAT BINARY)") as entree:
                while bloc := fichier.read(1 << 20):
                    entree.write(bloc)
            cx.commit()
        lignes = cx.execute(f"SELECT count(*) FROM {COPIE}").fetchone()[0]  # type: ignore[index]
        cx.execute(f"DROP TABLE {COPIE}")
        cx.commit()
    return lignes, duree()


def main() -> None:
    silence()
    combien, processus = demandes(), int(os.environ.get("BENCH_PROCESSUS", str(os.cpu_count() or 1)))
    echantillon = min(combien, ECHANTILLON)
    print(f"Chargement en bloc : {nombre(combien)} demandes (profil {PROFIL}), {processus} processus de préparation",
          flush=True)
    etapes = {
        "generation": etape(lambda: generation(echantillon)),
        "preparation": etape(lambda: preparation(echantillon)),
        "chargement": etape(lambda: versement(combien, processus)),
    }
    lignes, secondes_copie = copie()
    reference = debit(lignes, secondes_copie)
    for nom, libelle in LIBELLES.items():
        evenements, secondes, temps_cpu = etapes[nom]
        ligne(libelle.format(n=nombre(evenements), s=f"{secondes:.0f}"), debit(evenements, secondes), "évén./s",
              reference if nom == "chargement" else None, "COPY")
        ligne("    temps CPU par événement (ce processus et ses travailleurs)", temps_cpu / evenements * 1e6, "µs")
    ligne(f"référence : COPY des mêmes lignes ({secondes_copie:.1f} s)", reference, "lignes/s")
    publier({
        "demandes": combien, "profil": PROFIL, "processus": processus, "echantillon": echantillon, "copie": reference,
        **{nom: {"evenements": e, "secondes": s, "cpu": c} for nom, (e, s, c) in etapes.items()},
    })


if __name__ == "__main__":
    main()
