"""The score timeline: every change of the score, on the day it happens, with its cause in French.

The decisive property: the step in force on any day gives exactly the score the engine computes
on that day. It is checked here day by day on hand-built demandes whose score moves with time
(seniority per month and by tiers, ages, a child's birthday, a malus ending, a manual criterion's
end of validity, a parameter's period) and on generated histories in tests/integration.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from domain.cotation.chronologie import Etape, chronologie, en_vigueur, valide_jusqu_au
from domain.cotation.moteur import coter
from domain.demande.faits import faits_au
from domain.erreurs import ErreurCotation
from domain.evenements import Evenement
from domain.grille.historique import grille_en_vigueur
from tests.unit.fabrique import (
    EPERNAY,
    adoption,
    coter_au,
    declaration,
    demandeur,
    enfant,
    grille_de_test,
    inscription,
    logement,
    validation,
)

FIN = date(2026, 12, 31)


def total_du_moteur(evenements: list[Evenement], grille_evenements: list[Evenement], jour: date) -> Decimal | None:
    faits = faits_au(evenements, jour)
    if faits is None:
        return None
    try:
        en_vigueur_ = grille_en_vigueur(grille_evenements, jour, faits.type_demande)
        return coter(faits, en_vigueur_.version, jour, None, en_vigueur_.inactifs).total
    except ErreurCotation:
        return None


def verifier_jour_par_jour(evenements: list[Evenement], grille_evenements: list[Evenement], du: date, au: date):
    etapes = chronologie(evenements, grille_evenements, au)
    jour = du
    while jour <= au:
        etape = en_vigueur(etapes, jour)
        assert (etape.total if etape else None) == total_du_moteur(evenements, grille_evenements, jour), jour
        jour += timedelta(days=1)
    return etapes


def test_seniority_tiers_make_steps_on_their_anniversaries_with_their_cause():
    evenements = [inscription(date(2022, 1, 10))]
    etapes = verifier_jour_par_jour(evenements, [adoption(EPERNAY)], date(2022, 1, 1), date(2025, 3, 1))

    assert [e.du for e in etapes] == [date(2022, 1, 10), date(2023, 1, 10), date(2024, 1, 10), date(2025, 1, 10)]
    assert etapes[1].cause == "ancienneté de la demande : 12 mois révolus"
    assert etapes[0].cause == "enregistrement de la demande (effet au 10/01/2022)"
    assert etapes[0].evenement_id == evenements[0].evenement_id and etapes[1].evenement_id is None


def test_points_per_month_make_a_step_every_month_until_the_cap():
    val_de_lune = grille_de_test("val-de-lune-2024-01")
    evenements = [inscription(date(2024, 2, 29), souhaits=[{"commune": "LUNEVILLE-SUR-ORGE", "typologie": "T2"}])]
    etapes = verifier_jour_par_jour(evenements, [adoption(val_de_lune)], date(2024, 2, 1), date(2026, 12, 31))

    assert len(etapes) >= 25  # registration, then 24 monthly points
    debuts = [e.du for e in etapes]
    assert date(2024, 3, 29) in debuts and date(2025, 3, 1) in debuts  # 29/02/2024 + 12 months = 01/03/2025


def test_a_birthday_a_manual_criterion_ending_and_a_changed_situation_each_show_on_their_day():
    evenements = [
        inscription(date(2022, 3, 1), menage=[demandeur(date(1994, 5, 20)), enfant(date(2008, 4, 2))],
                    ressources_mensuelles="1300", logement=logement(surface_m2="20")),
        validation("METIERS_EN_TENSION", date(2022, 6, 1), fin_le=date(2023, 6, 30)),
        declaration(date(2024, 2, 1), ressources_mensuelles="900"),
    ]
    verifier_jour_par_jour(evenements, [adoption(EPERNAY)], date(2022, 2, 1), date(2026, 12, 31))


def test_valid_until_is_the_day_before_the_next_step():
    etapes = chronologie([inscription(date(2022, 1, 10))], [adoption(EPERNAY)], FIN)

    assert valide_jusqu_au(etapes, date(2022, 6, 1)) == date(2023, 1, 9)
    assert en_vigueur(etapes, date(2022, 1, 9)) is None


def test_a_day_without_a_grid_or_a_parameter_value_is_a_step_without_total():
    evenements = [inscription(date(2021, 6, 1))]
    etapes = chronologie(evenements, [adoption(EPERNAY)], date(2027, 2, 1))

    assert etapes[0] == Etape(etapes[0].du, None, (), None, etapes[0].cause, evenements[0].evenement_id)
    assert "pas de cotation" in etapes[0].cause
    assert etapes[1].du == EPERNAY.effet_le and etapes[1].total is not None
    assert etapes[-1].total is None and etapes[-1].du == date(2027, 1, 1)


@pytest.mark.parametrize("jour", [date(2022, 5, 1), date(2024, 8, 9)])
def test_the_timeline_agrees_with_the_engine_on_the_fabrique_helpers(jour):
    evenements = [inscription(date(2022, 1, 10))]
    etape = en_vigueur(chronologie(evenements, [adoption(EPERNAY)], FIN), jour)

    assert etape is not None and etape.total == coter_au(evenements, jour).total
