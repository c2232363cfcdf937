"""The score timeline on generated histories: the step in force on a day is the engine's score.

Checked around every step (the days before, on and after it), on random days, and day by day
over a whole year for a few demandes: a missed hinge would show as a day where the timeline and
the engine disagree.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

import pytest

from adapters.application import id_grille
from adapters.bootstrap import creer_application
from adapters.demo.semis import semer_historique
from adapters.reglages import Reglages
from domain.cotation.chronologie import chronologie, en_vigueur
from tests.unit.test_chronologie import total_du_moteur

HORIZON = date(2027, 6, 30)


@pytest.fixture(scope="module")
def histoires(tmp_path_factory: pytest.TempPathFactory):
    reglages = Reglages(store="sqlite", data_dir=Path(tmp_path_factory.mktemp("generee")), territoire="CA_EPERNAY")
    semer_historique(reglages, 60, graine=11)
    app = creer_application(reglages)
    try:
        grille = app.historique(id_grille(app.territoire))
        return grille, [app.historique(demande_id) for demande_id in app.demandes(100, 0)]
    finally:
        app.close()


def _jours_a_verifier(etapes, rng: random.Random) -> set[date]:
    autour = {e.du + timedelta(days=k) for e in etapes for k in (-1, 0, 1)}
    hasard = {date(2019, 1, 1) + timedelta(days=rng.randint(0, (HORIZON - date(2019, 1, 1)).days)) for _ in range(25)}
    return {j for j in autour | hasard if j <= HORIZON}


def test_around_every_step_and_on_random_days_the_timeline_gives_the_engine_s_score(histoires):
    grille, demandes = histoires
    rng = random.Random(5)
    for historique in demandes:
        etapes = chronologie(historique, grille, HORIZON)
        for jour in sorted(_jours_a_verifier(etapes, rng)):
            etape = en_vigueur(etapes, jour)
            assert (etape.total if etape else None) == total_du_moteur(historique, grille, jour), (jour, etapes)


def test_day_by_day_over_a_year_for_a_few_demandes(histoires):
    grille, demandes = histoires
    for historique in demandes[:3]:
        etapes = chronologie(historique, grille, HORIZON)
        jour = date(2025, 11, 1)
        while jour <= date(2026, 11, 1):
            etape = en_vigueur(etapes, jour)
            assert (etape.total if etape else None) == total_du_moteur(historique, grille, jour), jour
            jour += timedelta(days=1)
