"""The grid format serves other territories: a fictional one (tests/grilles/) with seniority in
points per month and a cap, a bonus for an abnormally long wait, a rubric where only the best
counts, a threshold on the taux d'effort, and a separate grid for mutations."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import uuid4

import pytest

from domain.cotation.moteur import coter
from domain.demande.faits import faits_au
from domain.grille.adoption import verifier_adoption
from domain.grille.historique import grille_en_vigueur
from tests.unit.fabrique import (
    adoption,
    contribution,
    depot,
    emploi,
    grille_de_test,
    inscription,
    logement,
    piece_validee,
    points,
)

PREMIER_ACCES = grille_de_test("val-de-lune-2024-01")
MUTATIONS = grille_de_test("val-de-lune-mutations-2024-01")
HISTORIQUE = [adoption(PREMIER_ACCES), adoption(MUTATIONS)]
DEBUT = date(2024, 1, 15)
SOUHAITS = [{"commune": "LUNAY", "typologie": "T3"}]


def coter_au(evenements, jour):
    """Score under the version in force for the type of the demande, as the application does."""
    faits = faits_au(evenements, jour)
    grille = grille_en_vigueur(HISTORIQUE, jour, faits.type_demande)
    return coter(faits, grille.version, jour, inactifs=grille.inactifs)


def demande(**blocs):
    return inscription(effet=DEBUT, souhaits=SOUHAITS, **blocs)


def test_both_grids_of_the_territory_are_adopted_one_after_the_other():
    verifier_adoption([], HISTORIQUE[0], "CC_VAL_DE_LUNE")
    verifier_adoption(HISTORIQUE[:1], HISTORIQUE[1], "CC_VAL_DE_LUNE")


def test_each_type_of_demande_is_scored_under_its_own_grid():
    mutation = demande(type_demande="mutation", logement=logement("locataire_parc_social"))

    assert coter_au([demande()], DEBUT).grille == "val-de-lune-2024-01"
    assert coter_au([mutation], DEBUT).grille == "val-de-lune-mutations-2024-01"


@pytest.mark.parametrize(
    ("jour", "anciennete", "bonus"),
    [
        pytest.param(date(2024, 11, 14), 9, None, id="nine whole months give 9 points"),
        pytest.param(date(2024, 11, 15), 10, None, id="ten whole months give 10 points"),
        pytest.param(date(2026, 1, 15), 24, None, id="24 months reach the cap"),
        pytest.param(date(2026, 7, 14), 24, None, id="the day before the abnormal wait no bonus yet"),
        pytest.param(date(2026, 7, 15), 24, 20, id="after 30 months the abnormally long wait earns its bonus"),
    ],
)
def test_seniority_counts_per_month_with_a_cap_and_a_long_wait_earns_a_bonus(jour, anciennete, bonus):
    cotation = coter_au([demande()], jour)

    assert points(cotation, "ANCIENNETE") == anciennete
    assert points(cotation, "ATTENTE_ANORMALE") == bonus


def test_in_the_anchoring_rubric_only_the_best_criterion_counts():
    ancre = demande(logement=logement(commune="BOURG-LUNE"), emplois=[emploi(commune_travail="SAINT-ASTRE")])
    cotation = coter_au([ancre], DEBUT)

    assert points(cotation, "HABITE_TERRITOIRE") == 10
    assert contribution(cotation, "TRAVAILLE_TERRITOIRE").retenu is False
    assert cotation.total == 10


@pytest.mark.parametrize(
    ("loyer", "attendu"),
    [
        pytest.param("600", 10, id="an effort of exactly 30 % reaches the threshold"),
        pytest.param("599", None, id="an effort just under 30 % does not"),
    ],
)
def test_a_threshold_on_the_taux_d_effort(loyer, attendu):
    # (rent - housing benefit) / resources = (600 - 150) / 1 500 = 0.30
    evenements = [demande(ressources_mensuelles="1500",
                          logement=logement(loyer_mensuel=loyer, aide_logement_mensuelle="150"))]

    assert points(coter_au(evenements, DEBUT), "TAUX_EFFORT_ELEVE") == attendu


def test_the_taux_d_effort_criterion_alone_is_doubled_by_its_validated_rent_receipt():
    piece = uuid4()
    evenements = [
        demande(ressources_mensuelles="1500", logement=logement(loyer_mensuel="600", aide_logement_mensuelle="150")),
        depot(piece, "TAUX_EFFORT_ELEVE", DEBUT),
        piece_validee(piece, DEBUT),
    ]

    assert points(coter_au(evenements, DEBUT), "TAUX_EFFORT_ELEVE") == 20


def test_a_taux_d_effort_needs_a_declared_rent():
    assert points(coter_au([demande(logement=logement(loyer_mensuel=None))], DEBUT), "TAUX_EFFORT_ELEVE") is None


def test_a_mutation_is_scored_on_its_own_criteria_and_tiers():
    mutation = demande(type_demande="mutation", logement=logement("locataire_parc_social"),
                       motifs=["logement_trop_grand"])
    cotation = coter_au([mutation], date(2026, 1, 15))

    assert points(cotation, "SOUS_OCCUPATION") == 25
    assert points(cotation, "ANCIENNETE") == 10
    assert cotation.total == Decimal(35)
    assert contribution(cotation, "ATTENTE_ANORMALE") is None
