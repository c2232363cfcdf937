"""Benchmark: the weekly positionnement and délai of every active demande (``calculer_positionnement``),
against a bare SQL window rank over the same rows (``souhaits_actifs``: one row per wish of an
active demande), computed into a table by the server. Needs the read models built (the rebuild
benchmark runs before).
"""

from __future__ import annotations

from datetime import date

from domain.format import nombre
from adapters.projections.positionnement import calculer_positionnement
from tests.benchmarks.commun import application, chrono, connexion, ligne, publier, silence

LE = date(2026, 10, 30)
RANG = (
    "CREATE TEMP TABLE banc_rangs AS SELECT demande_id, rang, commune, typologie, "
    "rank() OVER (PARTITION BY commune, typologie ORDER BY total DESC, inscrite_le) AS position, "
    "count(*) OVER (PARTITION BY commune, typologie) AS sur FROM souhaits_actifs"
)


def rang_sql() -> tuple[int, float]:
    """The bare window rank: rows ranked, seconds."""
    with connexion() as cx:
        lignes = cx.execute("SELECT count(*) FROM souhaits_actifs").fetchone()[0]  # type: ignore[index]
        with chrono() as duree:
            cx.execute(RANG)
    return lignes, duree()


def positionnement() -> float:
    app = application()
    try:
        with chrono() as duree:
            calculer_positionnement(app, LE)
    finally:
        app.close()
    return duree()


def main() -> None:
    silence()
    lignes, reference = rang_sql()
    secondes = positionnement()
    print(f"Positionnement et délai hebdomadaires ({nombre(lignes)} souhaits actifs)", flush=True)
    ligne("positionnement + délai (calculer_positionnement)", secondes, "s", reference, "rang SQL", decimales=2)
    ligne("référence : rang SQL par fenêtre", reference, "s", decimales=2)
    publier({"souhaits": lignes, "positionnement": secondes, "rang_sql": reference})


if __name__ == "__main__":
    main()
