"""Units of consumption (modified OECD scale) and resources per UC as the 1st quartile reads them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from domain.cotation.menage import unites_consommation
from domain.demande.valeurs import Personne
from tests.unit.fabrique import JOUR, coter_au, cotitulaire, demandeur, enfant, inscription, points

QUATORZE_ANS_CE_JOUR = date(2008, 3, 1)
QUATORZE_ANS_DEMAIN = date(2008, 3, 2)
AUTRE_ADULTE = {"role": "autre", "date_naissance": date(1950, 1, 1)}


def uc(*personnes: dict) -> Decimal:
    return unites_consommation([Personne.model_validate(p) for p in personnes], JOUR)


@pytest.mark.parametrize(
    ("menage", "attendu"),
    [
        pytest.param([demandeur()], "1", id="the demandeur alone counts 1"),
        pytest.param([demandeur(), cotitulaire()], "1.5", id="a co-titulaire counts 0.5"),
        pytest.param([demandeur(), enfant(QUATORZE_ANS_DEMAIN)], "1.3", id="a child of 13 counts 0.3"),
        pytest.param([demandeur(), enfant(QUATORZE_ANS_CE_JOUR)], "1.5", id="a child turning 14 that day counts 0.5"),
        pytest.param([demandeur(), AUTRE_ADULTE], "1.5", id="another adult of the household counts 0.5"),
        pytest.param([demandeur(date(2002, 1, 1)), AUTRE_ADULTE], "1.5",
                     id="the demandeur is the first adult even when another member is older"),
        pytest.param([demandeur(), cotitulaire(), enfant(), enfant(), enfant(QUATORZE_ANS_CE_JOUR)], "2.6",
                     id="a couple with two children under 14 and one of 14 counts 2.6"),
    ],
)
def test_units_of_consumption_follow_the_modified_oecd_scale(menage, attendu):
    assert uc(*menage) == Decimal(attendu)


def test_resources_are_compared_per_uc_with_the_threshold():
    # a couple with a child of 15: 2 UC; 1 450 EUR a month is exactly 725 EUR per UC
    menage = [demandeur(), cotitulaire(), enfant(date(2006, 6, 1))]
    au_seuil = coter_au([inscription(menage=menage, ressources_mensuelles="1450")])
    au_dessus = coter_au([inscription(menage=menage, ressources_mensuelles="1450.02")])

    assert points(au_seuil, "PREMIER_QUARTILE") == 20
    assert points(au_dessus, "PREMIER_QUARTILE") is None
    assert points(au_dessus, "DEUXIEME_QUARTILE") == 5


def test_a_child_turning_14_changes_the_uc_and_so_the_quartile():
    # 1 040 EUR for 1.3 UC is 800 EUR per UC; for 1.5 UC (the child turns 14) it is 693.33
    evenements = [inscription(menage=[demandeur(), enfant(date(2008, 3, 2))], ressources_mensuelles="1040")]

    assert points(coter_au(evenements, date(2022, 3, 1)), "PREMIER_QUARTILE") is None
    assert points(coter_au(evenements, date(2022, 3, 2)), "PREMIER_QUARTILE") == 20
