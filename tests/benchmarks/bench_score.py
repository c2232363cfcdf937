"""Benchmark: the score of one demande at a date, p50 and p99 over 1,000 random demandes and days.

Two ways: from the score timeline of the read models (``score_au``), and by replaying the
demande's stream (``CotationApp.cotation``: its events and the grid's, folded and scored). The
reference: the library's ``Repository.get`` of the same demandes (the stream read and decoded,
folded into the list of its events). A day before the demande's registration is asked too: the
refusal is timed as any answer.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any
from uuid import UUID

from adapters.application import CotationApp
from adapters.projections.lecture import score_au
from domain.erreurs import ErreurCotation
from tests.benchmarks.commun import GRAINE, application, connexion, latences, ligne, publier, silence

TIRAGES = 1000
PREMIER_JOUR, DERNIER_JOUR = date(2022, 1, 1), date(2026, 10, 30)


def tirages() -> list[tuple[UUID, date]]:
    with connexion() as cx:
        ids = [UUID(r[0]) for r in cx.execute("SELECT demande_id FROM index_demandes ORDER BY notification_id")]
    tirage, jours = random.Random(GRAINE), (DERNIER_JOUR - PREMIER_JOUR).days
    return [(tirage.choice(ids), PREMIER_JOUR + timedelta(days=tirage.randint(0, jours))) for _ in range(TIRAGES)]


def _ou_refus(calcul: Any) -> Any:
    try:
        return calcul()
    except ErreurCotation as exc:
        return exc


def mesurer(app: CotationApp, cas: list[tuple[UUID, date]]) -> dict[str, tuple[float, float]]:
    def stream(un: tuple[UUID, date]) -> object:
        return app.repository.get(un[0], projector_func=lambda _, evenements: list(evenements))

    def rejeu(un: tuple[UUID, date]) -> object:
        return _ou_refus(lambda: app.cotation(*un))

    def chronologie(un: tuple[UUID, date]) -> object:
        return _ou_refus(lambda: score_au(app, *un))

    latences(stream, cas[:50])  # warm-up: connections, prepared statements
    return {
        "repository": latences(stream, cas),
        "rejeu": latences(rejeu, cas),
        "chronologie": latences(chronologie, cas),
    }


def main() -> None:
    silence()
    cas = tirages()
    app = application()
    try:
        mesures = mesurer(app, cas)
    finally:
        app.close()
    reference = mesures["repository"]
    print(f"Cotation d'une demande à une date ({TIRAGES} tirages)", flush=True)
    for nom, libelle in (("chronologie", "depuis la chronologie (score_au)"), ("rejeu", "par rejeu du flux")):
        p50, p99 = mesures[nom]
        ligne(f"{libelle}, p50", p50, "ms", reference[0], "Repository.get")
        ligne(f"{libelle}, p99", p99, "ms", reference[1], "Repository.get")
    ligne("référence : Repository.get, p50", reference[0], "ms")
    ligne("référence : Repository.get, p99", reference[1], "ms")
    publier({"tirages": TIRAGES, **mesures})


if __name__ == "__main__":
    main()
