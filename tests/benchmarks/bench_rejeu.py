"""Benchmark: the replay of a candidate grid over the generated history (demandes × dates per
second, and the whole run), against two references measured in the same run.

The candidate is the Épernay grid with one weight changed (« habite dans la commune » 15 → 20
points); the dates are the first of each of the 12 months up to the current one (issue 6: 100,000
demandes × 12 dates in at most 60 s on 2 cores, memory flat in the number of demandes). The run
is the one the command and the service make (``adapters.rejeu.execution.rejouer``: both passes,
JSON report, no CSV), with ``BENCH_TRAVAILLEURS`` computing processes (default: the number of
CPUs, at most 2). References:

- the log read by keyset pages and decoded by the application's mapper (what any replay reads);
- the naive replay, measured on a sample: for each demande and date, ``faits_au`` then ``coter``
  under both grids, with no reuse.

Run by ``make bench`` (``tests/benchmarks/lancer.py``) on the database ``BENCH_BASE``, or alone
on an existing store: ``BENCH_BASE=… BENCH_RESULTAT=/tmp/r.json python -m tests.benchmarks.bench_rejeu``.
"""

from __future__ import annotations

import os
import resource
from datetime import date
from decimal import Decimal

from eventsourcing.persistence import StoredEvent

from adapters.application import id_grille
from adapters.grilles import charger, livree
from adapters.rejeu.execution import rejouer
from domain.cotation.moteur import coter
from domain.demande.faits import faits_au
from domain.format import nombre
from domain.grille.historique import grille_en_vigueur
from domain.grille.modele import Critere, GrilleVersion
from projections.rejeu import mois_passes
from tests.benchmarks.commun import application, chrono, connexion, debit, ligne, publier, silence

PAGE = 10_000
ECHANTILLON = 300
DATES = 12
LIRE = (
    "SELECT originator_id, originator_version, topic, state FROM cotation_events "
    "WHERE (originator_id, originator_version) > (%s, %s) ORDER BY originator_id, originator_version LIMIT %s"
)


def candidate() -> GrilleVersion:
    epernay = charger(livree("epernay-2021-12"))
    criteres = [
        Critere.model_validate({**c.model_dump(), "points": {"type": "fixe", "points": 20}})
        if c.code == "HABITE_COMMUNE" else c
        for c in epernay.criteres
    ]
    return epernay.model_copy(update={"criteres": criteres, "version": "epernay-banc-revoyure"})


def lecture() -> tuple[int, float]:
    """The whole log read in (aggregate, version) order and decoded: events, seconds."""
    app, lus, cle = application(), 0, ("00000000-0000-0000-0000-000000000000", 0)
    try:
        with connexion() as cx, chrono() as duree:
            while rangees := cx.execute(LIRE, (*cle, PAGE)).fetchall():
                for colonnes in rangees:
                    app.mapper.to_domain_event(StoredEvent(*colonnes))
                lus, cle = lus + len(rangees), rangees[-1][:2]
    finally:
        app.close()
    return lus, duree()


def naif(dates: list[date], candidate_: GrilleVersion) -> float:
    """Demandes × dates per second of the naive replay, on the first ``ECHANTILLON`` demandes."""
    app = application()
    try:
        grille = app.historique(id_grille(app.territoire))
        demandes = app.demandes(ECHANTILLON, 0)
        historiques = [app.historique(d) for d in demandes]
        paires = 0
        with chrono() as duree:
            for historique in historiques:
                for jour in dates:
                    faits = faits_au(historique, jour)
                    if faits is None or faits.radiation is not None:
                        continue
                    en_vigueur = grille_en_vigueur(grille, jour, faits.type_demande)
                    for version in (en_vigueur.version, candidate_):
                        coter(faits, version, jour, None, en_vigueur.inactifs)
                    paires += 1
    finally:
        app.close()
    return debit(paires, duree())


def main() -> None:
    silence()
    travailleurs = int(os.environ.get("BENCH_TRAVAILLEURS", str(min(os.cpu_count() or 1, 2))))
    dates = mois_passes(date.today(), DATES)
    grille_candidate = candidate()
    evenements, secondes_lecture = lecture()
    reference_naive = naif(dates, grille_candidate)
    app = application()
    try:
        with chrono() as duree:
            rapport = rejouer(app, grille_candidate, dates, processus=travailleurs)
    finally:
        app.close()
    secondes, demandes, paires = duree(), rapport.entete.demandes, rapport.entete.lignes
    pic = max(resource.getrusage(r).ru_maxrss for r in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)) / 1024
    print(f"Rejeu d'une grille candidate : {nombre(demandes)} demandes × {DATES} dates, "
          f"{travailleurs} processus de calcul", flush=True)
    ligne(f"rejeu complet ({nombre(paires)} demandes actives × dates, {secondes:.1f} s)", debit(paires, secondes),
          "paires/s", reference_naive, "rejeu naïf")
    ligne("demandes × dates par seconde (actives ou non)", debit(demandes * DATES, secondes), "paires/s")
    ligne(f"référence : rejeu naïf ({nombre(ECHANTILLON)} demandes)", reference_naive, "paires/s")
    ligne(f"référence : lecture + décodage du journal ({secondes_lecture:.1f} s)", debit(evenements, secondes_lecture),
          "évén./s")
    ligne("projection à 100 000 demandes × 12 dates", 100_000 * DATES / debit(demandes * DATES, secondes), "s")
    ligne("mémoire maximale (processus et travailleurs)", pic, "Mo")
    publier({
        "demandes": demandes, "dates": DATES, "paires": paires, "secondes": secondes, "travailleurs": travailleurs,
        "rejeu": debit(paires, secondes), "demandes_dates": debit(demandes * DATES, secondes),
        "naif": reference_naive, "lecture": debit(evenements, secondes_lecture), "memoire": pic,
        "ecart_total": str(sum((Decimal(e.ecart) * e.lignes for e in rapport.distribution), Decimal(0))),
    })


if __name__ == "__main__":
    main()
