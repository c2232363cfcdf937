"""Benchmark: the full rebuild of the cotation read models (log events/s), against two references.

- a plain psycopg keyset read of the whole events table, each event decoded by the application's
  mapper (pydantic): what any rebuild must at least do;
- the library's stock ``ProjectionRunner`` on a sample of the log (one transaction per event with
  its tracking row, and no read-model work at all: the floor of that path's cost).

The rebuild runs with ``BENCH_TRAVAILLEURS`` computing processes (default: the number of CPUs).
"""

from __future__ import annotations

import os
from typing import Any

from eventsourcing.persistence import StoredEvent, Tracking
from eventsourcing.postgres import PostgresTrackingRecorder
from eventsourcing.projection import Projection, ProjectionRunner

from adapters.application import CotationApp
from adapters.demo.semis import TERRITOIRE
from adapters.projections.reconstruction import reconstruire
from domain.format import nombre
from tests.benchmarks.commun import application, chrono, connexion, debit, ligne, publier, reglages, silence

PAGE = 10_000
ECHANTILLON = 20_000
LIRE = (
    "SELECT notification_id, originator_id, originator_version, topic, state FROM cotation_events "
    "WHERE notification_id > %s ORDER BY notification_id LIMIT %s"
)


def lecture_brute() -> tuple[int, float]:
    """The whole log read by keyset pages and decoded: events, seconds."""
    app, lus, position = application(), 0, 0
    try:
        with connexion() as cx, chrono() as duree:
            while rangees := cx.execute(LIRE, (position, PAGE)).fetchall():
                for _, *colonnes in rangees:
                    app.mapper.to_domain_event(StoredEvent(*colonnes))
                lus, position = lus + len(rangees), rangees[-1][0]
    finally:
        app.close()
    return lus, duree()


class _AppSuivie(CotationApp):
    """The application as the library's runner builds it (from its environment only)."""

    name = CotationApp.name  # the table names derive from it

    def __init__(self, env: Any = None):
        super().__init__(TERRITOIRE, env)


class _Suivi(Projection[PostgresTrackingRecorder]):
    name = "banc_suivi"

    def process_event(self, domain_event: Any, tracking: Tracking) -> None:
        self.view.insert_tracking(tracking)


def runner_stock(echantillon: int) -> tuple[int, float]:
    """The stock runner from the start of the log up to notification ``echantillon``."""
    env = reglages().env_eventsourcing()
    with chrono() as duree, ProjectionRunner(
        application_class=_AppSuivie, projection_class=_Suivi, view_class=PostgresTrackingRecorder, env=env
    ) as runner:
        runner.wait(echantillon, timeout=3600)
    return echantillon, duree()


def main() -> None:
    silence()
    travailleurs = int(os.environ.get("BENCH_TRAVAILLEURS", str(os.cpu_count() or 1)))
    print(f"Reconstruction des projections ({travailleurs} processus de calcul)", flush=True)
    lus, secondes_lecture = lecture_brute()
    app = application()
    try:
        bilan = reconstruire(app, progression=False, travailleurs=travailleurs)
    finally:
        app.close()
    suivis, secondes_stock = runner_stock(min(ECHANTILLON, lus))
    reference, stock = debit(lus, secondes_lecture), debit(suivis, secondes_stock)
    ligne(f"reconstruction ({nombre(bilan.evenements)} événements, {bilan.duree:.0f} s)",
          bilan.debit, "évén./s", reference, "lecture + décodage")
    ligne(f"référence : lecture psycopg + décodage ({secondes_lecture:.0f} s)", reference, "évén./s")
    ligne(f"référence : ProjectionRunner de la bibliothèque ({nombre(suivis)} évén.)", stock,
          "évén./s")
    publier({
        "evenements": bilan.evenements, "demandes": bilan.demandes, "secondes": bilan.duree,
        "reconstruction": bilan.debit, "lecture": reference, "stock": stock, "echantillon_stock": suivis,
        "travailleurs": travailleurs,
    })


if __name__ == "__main__":
    main()
