"""How points are counted: rubrics where only the best counts, points per unit with a cap, and
dated parameters that are never silently zero."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from domain.erreurs import ParametreManquant
from domain.grille.modele import Rubrique
from tests.unit.fabrique import (
    EPERNAY,
    avec_critere,
    contribution,
    coter_au,
    emploi,
    inscription,
    logement,
    points,
)

ANCRE = [inscription(logement=logement(commune="EPERNAY"), emplois=[emploi(commune_travail="EPERNAY")])]


def avec_rubrique_ancrage():
    grille = EPERNAY.model_copy(update={"rubriques": [Rubrique(code="ANCRAGE", libelle="Ancrage territorial")]})
    grille = avec_critere(grille, "HABITE_COMMUNE", rubrique="ANCRAGE")
    return avec_critere(grille, "TRAVAILLE_COMMUNE", rubrique="ANCRAGE", points={"type": "fixe", "points": 10})


def test_within_a_rubric_only_the_best_criterion_counts_and_the_other_stays_visible():
    cotation = coter_au(ANCRE, grille=avec_rubrique_ancrage())
    travaille = contribution(cotation, "TRAVAILLE_COMMUNE")

    assert points(cotation, "HABITE_COMMUNE") == 15
    assert (travaille.points, travaille.retenu) == (10, False)
    assert "non cumulable dans la rubrique ANCRAGE" in travaille.regle
    assert cotation.total == 15


def test_without_a_rubric_the_same_criteria_add_up():
    assert coter_au(ANCRE).total == 30


def par_mois(**points):
    return avec_critere(EPERNAY, "ANCIENNETE", points={"type": "par_unite", "mesure": "anciennete_mois", **points})


@pytest.mark.parametrize(
    ("jour", "attendu"),
    [
        pytest.param(date(2022, 1, 9), "0", id="no whole month yet gives nothing"),
        pytest.param(date(2022, 7, 10), "3.5", id="seven whole months give 3.5 points"),
        pytest.param(date(2023, 8, 10), "10", id="20 whole months reach the cap of 10 points"),
        pytest.param(date(2024, 1, 10), "10", id="beyond the cap the points stay at 10"),
    ],
)
def test_points_per_unit_are_counted_in_whole_units_and_capped(jour, attendu):
    grille = par_mois(points_par_unite="0.5", plafond="10")
    cotation = coter_au([inscription(effet=date(2021, 12, 10))], jour, grille)

    assert points(cotation, "ANCIENNETE") == Decimal(attendu)


def test_a_capped_contribution_says_so():
    grille = par_mois(points_par_unite="0.5", plafond="10")
    cotation = coter_au([inscription(effet=date(2021, 12, 10))], date(2024, 1, 10), grille)

    assert "plafonné à 10" in contribution(cotation, "ANCIENNETE").regle


def test_points_per_unit_may_start_after_a_number_of_units():
    grille = par_mois(points_par_unite="1", plafond="12", a_partir_de="24")
    evenements = [inscription(effet=date(2019, 1, 10))]

    assert points(coter_au(evenements, date(2021, 1, 9), grille), "ANCIENNETE") == 0
    assert points(coter_au(evenements, date(2021, 4, 10), grille), "ANCIENNETE") == 3


def test_a_parameter_without_value_at_the_date_is_an_error_never_zero():
    evenements = [inscription(effet=date(2026, 6, 1))]

    with pytest.raises(ParametreManquant, match="seuil du 1er quartile de ressources.*01/01/2027"):
        coter_au(evenements, date(2027, 1, 1))


def test_a_parameter_the_grid_does_not_define_is_an_error_when_read():
    parametres = {k: v for k, v in EPERNAY.parametres.items() if k != "normes_surface_m2"}
    grille = EPERNAY.model_copy(update={"parametres": parametres})

    with pytest.raises(ParametreManquant, match="normes_surface_m2"):
        coter_au([inscription()], grille=grille)


def test_each_parameter_used_is_cited_with_its_validity_and_whether_it_is_an_assumption():
    cotation = coter_au([inscription(ressources_mensuelles="700")], date(2022, 3, 1))
    (seuil,) = contribution(cotation, "PREMIER_QUARTILE").parametres

    assert (seuil.nom, seuil.valeur, seuil.du, seuil.hypothese) == ("seuil_1er_quartile", 725, date(2022, 1, 1), True)
