"""The three SNE options for justificatifs: (1) points with or without the document, (2) only
with it, (3) doubled with it; per grid, and per criterion where the grid says so.

A document counts at D when an agent validated it by D and D lies within its dates of validity.
"""

from __future__ import annotations

from datetime import date
from uuid import uuid4

import pytest

from domain.demande.faits import Source
from domain.grille.modele import OptionJustificatif
from tests.unit.fabrique import (
    EPERNAY,
    avec_critere,
    contribution,
    coter_au,
    depot,
    inscription,
    piece_rejetee,
    piece_validee,
    points,
)

PIECE = uuid4()
Q1 = "PREMIER_QUARTILE"
AU = date(2022, 3, 1)


def sous_option(option: OptionJustificatif):
    return EPERNAY.model_copy(update={"option_justificatif": option})


def demande(*pieces):
    return [inscription(ressources_mensuelles="700"), *pieces]


SANS_PIECE = demande()
DEPOSEE = demande(depot(PIECE, Q1, date(2022, 2, 1)))
VALIDEE = demande(depot(PIECE, Q1, date(2022, 2, 1)), piece_validee(PIECE, date(2022, 2, 3)))
REJETEE = demande(depot(PIECE, Q1, date(2022, 2, 1)), piece_rejetee(PIECE, date(2022, 2, 3)))
EXPIREE = demande(depot(PIECE, Q1, date(2022, 2, 1), valide_jusqu_au=date(2022, 2, 28)),
                  piece_validee(PIECE, date(2022, 2, 3)))
PAS_ENCORE_VALABLE = demande(depot(PIECE, Q1, date(2022, 2, 1), valide_du=date(2022, 3, 2)),
                             piece_validee(PIECE, date(2022, 2, 3)))
VALIDEE_APRES = demande(depot(PIECE, Q1, date(2022, 2, 1)), piece_validee(PIECE, date(2022, 3, 2)))
AUTRE_CRITERE = demande(depot(PIECE, "HANDICAP", date(2022, 2, 1)), piece_validee(PIECE, date(2022, 2, 3)))


@pytest.mark.parametrize(
    ("option", "evenements", "attendu"),
    [
        pytest.param(1, SANS_PIECE, 20, id="option 1 gives the points without a document"),
        pytest.param(1, VALIDEE, 20, id="option 1 gives the same points with a document"),
        pytest.param(2, SANS_PIECE, 0, id="option 2 gives nothing without a document"),
        pytest.param(2, DEPOSEE, 0, id="option 2 gives nothing for a document not yet validated"),
        pytest.param(2, VALIDEE, 20, id="option 2 gives the points with a validated document"),
        pytest.param(2, REJETEE, 0, id="option 2 gives nothing for a rejected document"),
        pytest.param(2, EXPIREE, 0, id="option 2 gives nothing for an expired document"),
        pytest.param(2, PAS_ENCORE_VALABLE, 0, id="option 2 gives nothing before the document is valid"),
        pytest.param(2, VALIDEE_APRES, 0, id="option 2 gives nothing before the validation takes effect"),
        pytest.param(2, AUTRE_CRITERE, 0, id="option 2 ignores a document attached to another criterion"),
        pytest.param(3, SANS_PIECE, 20, id="option 3 gives the single points without a document"),
        pytest.param(3, VALIDEE, 40, id="option 3 doubles the points with a validated document"),
        pytest.param(3, REJETEE, 20, id="option 3 does not double for a rejected document"),
        pytest.param(3, EXPIREE, 20, id="option 3 does not double for an expired document"),
    ],
)
def test_the_justificatif_option_decides_the_points_of_a_criterion_met(option, evenements, attendu):
    cotation = coter_au(evenements, AU, sous_option(OptionJustificatif(option)))

    assert contribution(cotation, Q1).points == attendu


def test_a_validated_document_counts_up_to_the_last_day_of_its_validity():
    grille = sous_option(OptionJustificatif.DOUBLES_AVEC)

    assert points(coter_au(EXPIREE, date(2022, 2, 28), grille), Q1) == 40
    assert points(coter_au(EXPIREE, date(2022, 3, 1), grille), Q1) == 20


def test_the_option_of_a_criterion_overrides_the_option_of_the_grid():
    grille = avec_critere(EPERNAY, Q1, option_justificatif=3)
    cotation = coter_au(VALIDEE, AU, grille)

    assert grille.option_justificatif is OptionJustificatif.AVEC_OU_SANS
    assert points(cotation, Q1) == 40
    assert contribution(cotation, Q1).option_justificatif is OptionJustificatif.DOUBLES_AVEC


def test_points_doubled_by_a_document_cite_its_deposit_and_its_validation():
    cotation = coter_au(VALIDEE, AU, sous_option(OptionJustificatif.DOUBLES_AVEC))
    sources = {s.evenement_id for s in contribution(cotation, Q1).sources}

    assert {Source.de(e).evenement_id for e in VALIDEE} <= sources


@pytest.mark.parametrize("option", [2, 3])
def test_a_criterion_that_expects_no_document_is_unaffected_by_the_option(option):
    """Seniority needs no document: option 2 must not take its points away, nor option 3 double them."""
    cotation = coter_au(SANS_PIECE, date(2023, 3, 1), sous_option(OptionJustificatif(option)))

    assert contribution(cotation, "ANCIENNETE").option_justificatif is OptionJustificatif.AVEC_OU_SANS
    assert points(cotation, "ANCIENNETE") == 2
