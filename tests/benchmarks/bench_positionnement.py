"""Benchmark: the weekly positionnement and délai of every active demande (``calculer_positionnement``),
against a bare SQL window rank over the same rows (``souhaits_actifs``: one row per wish of an
active demande), computed into a table by the server. Needs the read models built (the rebuild
benchmark runs before).
"""

from __future__ import annotations

from datetime import date

from domain.format import nombre
from tests.benchmarks.commun import application, chrono, connexion, ligne, publier, silence

try:  # written alongside by the projections work (ADR 0019)
    from adapters.projections.positionnement import calculer_positionnement
except ImportError:  # pragma: no cover - until it lands
    calculer_positionnement = None

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


def positionnement() -> float | None:
    if calculer_positionnement is None:
        return None
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
    if secondes is None:
        print("  calculer_positionnement : non mesuré (fonction absente)")
    else:
        ligne("positionnement + délai (calculer_positionnement)", secondes, "s", reference, "rang SQL")
    ligne("référence : rang SQL par fenêtre", reference, "s")
    publier({"souhaits": lignes, "positionnement": secondes, "rang_sql": reference})


if __name__ == "__main__":
    main()
