"""Every criterion of the Épernay grid, applying and not applying, at its boundaries.

Each case: given a neutral demande registered on 10/01/2022 with the facts named, when it is
scored on 01/03/2022, then the criterion brings the points given (``None``: it does not apply).
The second-at-CALEOL criterion needs CAL events and is left to the demande's lifecycle.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from tests.unit.fabrique import (
    EPERNAY,
    JOUR,
    coter_au,
    cotitulaire,
    demandeur,
    emploi,
    enfant,
    inscription,
    logement,
    points,
    retrait,
    validation,
)

MANUELS = {
    "DALO": 25,
    "LOGEMENT_INDIGNE": 20,
    "VIOLENCES_COUPLE": 20,
    "VIOL_AGRESSION": 20,
    "SORTIE_PROSTITUTION": 20,
    "TRAITE_PROXENETISME": 20,
    "METIERS_EN_TENSION": 5,
    "INSERTION_PROFESSIONNELLE": 2,
    "AGEES_ANTICIPATION": 5,
    "ELOIGNEMENT_TRAVAIL": 5,
}
HORS_PERIMETRE = {"SECOND_PASSAGE_CALEOL", "ANCIENNETE"}  # CAL events; seniority is tested below

MINEUR = enfant(date(2004, 3, 2))  # 17 on 01/03/2022
MAJEUR_DU_JOUR = enfant(date(2004, 3, 1))  # 18 on 01/03/2022
TRENTE_ANS_DEMAIN = date(1992, 3, 2)
TRENTE_ANS_CE_JOUR = date(1992, 3, 1)
SOIXANTE_CINQ_ANS_CE_JOUR = date(1957, 3, 1)
SOIXANTE_CINQ_ANS_DEMAIN = date(1957, 3, 2)


def cas(sentence: str, critere: str, attendu: int | str | None, **blocs):
    return pytest.param(critere, blocs, attendu, id=sentence)


CALCULES = [
    cas("resources of exactly 725 EUR per UC are in the 1st quartile", "PREMIER_QUARTILE", 20,
        ressources_mensuelles="725"),
    cas("one cent per UC above 725 EUR is not in the 1st quartile", "PREMIER_QUARTILE", None,
        ressources_mensuelles="725.01"),
    cas("one cent above 725 EUR per UC is in the 2nd quartile", "DEUXIEME_QUARTILE", 5,
        ressources_mensuelles="725.01"),
    cas("exactly 725 EUR per UC is not in the 2nd quartile", "DEUXIEME_QUARTILE", None,
        ressources_mensuelles="725"),
    cas("exactly 1100 EUR per UC is in the 2nd quartile", "DEUXIEME_QUARTILE", 5, ressources_mensuelles="1100"),
    cas("one cent above 1100 EUR per UC is not in the 2nd quartile", "DEUXIEME_QUARTILE", None,
        ressources_mensuelles="1100.01"),
    cas("a job seeker for exactly 12 months is long-term unemployed", "CHOMAGE_LONGUE_DUREE", 20,
        emplois=[emploi("demandeur_emploi", depuis=date(2021, 3, 1))]),
    cas("a job seeker for 12 months less a day is not", "CHOMAGE_LONGUE_DUREE", None,
        emplois=[emploi("demandeur_emploi", depuis=date(2021, 3, 2))]),
    cas("a job seeker without a start date is not", "CHOMAGE_LONGUE_DUREE", None,
        emplois=[emploi("demandeur_emploi")]),
    cas("an eviction procedure is a threat of eviction", "MENACE_EXPULSION", 20, motifs=["procedure_expulsion"]),
    cas("a rent too high is no threat of eviction", "MENACE_EXPULSION", None, motifs=["logement_trop_cher"]),
    cas("an indecent dwelling with a minor of 17", "NON_DECENT_MINEUR", 20,
        motifs=["logement_non_decent"], menage=[demandeur(), MINEUR]),
    cas("an indecent dwelling with a child of 18 that day has no minor", "NON_DECENT_MINEUR", None,
        motifs=["logement_non_decent"], menage=[demandeur(), MAJEUR_DU_JOUR]),
    cas("a minor without the indecent dwelling motive", "NON_DECENT_MINEUR", None, menage=[demandeur(), MINEUR]),
    cas("three persons with a minor on 24.99 m2 are overcrowded", "SUROCCUPATION_MINEUR", 20,
        menage=[demandeur(), MINEUR, enfant()], logement=logement(surface_m2="24.99")),
    cas("three persons with a minor on exactly 25 m2 are not", "SUROCCUPATION_MINEUR", None,
        menage=[demandeur(), MINEUR, enfant()], logement=logement(surface_m2="25")),
    cas("two adults on 15.99 m2 are overcrowded without a minor", "SUROCCUPATION_MINEUR", None,
        menage=[demandeur(), cotitulaire()], logement=logement(surface_m2="15.99")),
    cas("without a declared surface there is no overcrowding", "SUROCCUPATION_MINEUR", None,
        menage=[demandeur(), MINEUR], logement=logement(surface_m2=None)),
    cas("one person on 8.99 m2 is overcrowded by surface", "SUROCCUPATION_SURFACE", 2,
        logement=logement(surface_m2="8.99")),
    cas("one person on exactly 9 m2 is not", "SUROCCUPATION_SURFACE", None, logement=logement(surface_m2="9")),
    cas("two persons on 15.99 m2 are overcrowded by surface", "SUROCCUPATION_SURFACE", 2,
        menage=[demandeur(), cotitulaire()], logement=logement(surface_m2="15.99")),
    cas("two persons on exactly 16 m2 are not", "SUROCCUPATION_SURFACE", None,
        menage=[demandeur(), cotitulaire()], logement=logement(surface_m2="16")),
    cas("a shelter is a temporary establishment", "HEBERGE_ETABLISSEMENT", 23,
        logement=logement("structure_hebergement")),
    cas("transitional housing is a temporary establishment", "HEBERGE_ETABLISSEMENT", 23,
        logement=logement("logement_transition")),
    cas("a private tenancy is no temporary establishment", "HEBERGE_ETABLISSEMENT", None),
    cas("without housing nor shelter", "SANS_LOGEMENT", 20, logement=logement("sans_logement")),
    cas("a tenant is not without housing", "SANS_LOGEMENT", None),
    cas("hosted by third parties", "HEBERGE_TIERS", 20, logement=logement("heberge_tiers")),
    cas("hosted by one's parents is not hosted by third parties", "HEBERGE_TIERS", None,
        logement=logement("heberge_parents")),
    cas("a demandeur with a disability", "HANDICAP", 20, menage=[demandeur(handicap=True)]),
    cas("a dependent child with a disability", "HANDICAP", 20, menage=[demandeur(), enfant(handicap=True)]),
    cas("no one with a disability", "HANDICAP", None),
    cas("living in a therapeutic coordination flat", "APPARTEMENT_COORDINATION_THERAPEUTIQUE", 20,
        logement=logement("appartement_coordination_therapeutique")),
    cas("a shelter is no therapeutic coordination flat", "APPARTEMENT_COORDINATION_THERAPEUTIQUE", None,
        logement=logement("structure_hebergement")),
    cas("living in a wished commune, whatever the case", "HABITE_COMMUNE", 15, logement=logement(commune="Epernay")),
    cas("living in the second wished commune", "HABITE_COMMUNE", 15, logement=logement(commune="PIERRY"),
        souhaits=[{"commune": "EPERNAY", "typologie": "T2"}, {"commune": "PIERRY", "typologie": "T3"}]),
    cas("living in a commune not wished", "HABITE_COMMUNE", None, logement=logement(commune="PIERRY")),
    cas("working in a wished commune", "TRAVAILLE_COMMUNE", 15, emplois=[emploi(commune_travail="EPERNAY")]),
    cas("the co-titulaire working in a wished commune", "TRAVAILLE_COMMUNE", 15,
        menage=[demandeur(), cotitulaire()],
        emplois=[emploi(), emploi(titulaire="cotitulaire", commune_travail="EPERNAY")]),
    cas("working in a commune not wished", "TRAVAILLE_COMMUNE", None),
    cas("a fixed-term contract", "CDD_INTERIM", 2, emplois=[emploi("cdd")]),
    cas("a temp contract", "CDD_INTERIM", 2, emplois=[emploi("interim")]),
    cas("a permanent contract", "CDD_INTERIM", None),
    cas("a separation with a child", "DIVORCE_SEPARATION", 5,
        motifs=["divorce_separation"], menage=[demandeur(), cotitulaire(), enfant()]),
    cas("a separation without a child", "DIVORCE_SEPARATION", None,
        motifs=["divorce_separation"], menage=[demandeur(), cotitulaire()]),
    cas("a demandeur alone with a child is a single parent", "PARENT_ISOLE", 2, menage=[demandeur(), enfant()]),
    cas("a couple with a child is no single parent", "PARENT_ISOLE", None,
        menage=[demandeur(), cotitulaire(), enfant()]),
    cas("a demandeur alone without a child is no single parent", "PARENT_ISOLE", None),
    cas("a demandeur of 29, turning 30 the next day, is young", "JEUNES_MOINS_30_ANS", 5,
        menage=[demandeur(TRENTE_ANS_DEMAIN)]),
    cas("a demandeur turning 30 that day is not young", "JEUNES_MOINS_30_ANS", None,
        menage=[demandeur(TRENTE_ANS_CE_JOUR)]),
    cas("a young demandeur with a co-titulaire of 30 is not young", "JEUNES_MOINS_30_ANS", None,
        menage=[demandeur(date(1997, 1, 1)), cotitulaire(TRENTE_ANS_CE_JOUR)]),
    cas("a co-titulaire turning 65 that day in a dwelling too large", "AGEES_LOGEMENT_TROP_GRAND", 10,
        menage=[demandeur(), cotitulaire(SOIXANTE_CINQ_ANS_CE_JOUR)], motifs=["logement_trop_grand"]),
    cas("a titulaire of 64, turning 65 the next day, is not elderly", "AGEES_LOGEMENT_TROP_GRAND", None,
        menage=[demandeur(SOIXANTE_CINQ_ANS_DEMAIN)], motifs=["logement_trop_grand"]),
    cas("an elderly demandeur without the motive", "AGEES_LOGEMENT_TROP_GRAND", None,
        menage=[demandeur(SOIXANTE_CINQ_ANS_CE_JOUR)]),
    cas("an elderly demandeur in a dwelling unsuited to disability", "AGEES_LOGEMENT_INADAPTE", 10,
        menage=[demandeur(SOIXANTE_CINQ_ANS_CE_JOUR)], motifs=["logement_inadapte_handicap"]),
    cas("a demandeur of 64 in a dwelling unsuited to disability", "AGEES_LOGEMENT_INADAPTE", None,
        menage=[demandeur(SOIXANTE_CINQ_ANS_DEMAIN)], motifs=["logement_inadapte_handicap"]),
    cas("a dwelling unsuited to disability, at any age", "LOGEMENT_INADAPTE_HANDICAP", 10,
        motifs=["logement_inadapte_handicap"]),
    cas("a dwelling too large is not unsuited to disability", "LOGEMENT_INADAPTE_HANDICAP", None,
        motifs=["logement_trop_grand"]),
    cas("a dwelling taken back by its owner", "LOGEMENT_REPRIS_VENDU", 2, motifs=["logement_repris_ou_vendu"]),
    cas("a dwelling not taken back", "LOGEMENT_REPRIS_VENDU", None, motifs=["logement_trop_petit"]),
]


@pytest.mark.parametrize(("critere", "blocs", "attendu"), CALCULES)
def test_a_computed_criterion_applies_exactly_when_its_facts_hold(critere, blocs, attendu):
    cotation = coter_au([inscription(**blocs)])

    assert points(cotation, critere) == (None if attendu is None else Decimal(attendu))


@pytest.mark.parametrize(("critere", "attendu"), sorted(MANUELS.items()))
def test_a_manual_criterion_applies_once_an_agent_validated_it_and_not_before(critere, attendu):
    evenements = [inscription(), validation(critere, date(2022, 2, 1))]

    assert points(coter_au(evenements, date(2022, 1, 31)), critere) is None
    assert points(coter_au(evenements, date(2022, 2, 1)), critere) == attendu


def test_a_manual_validation_stops_after_its_end_date_and_on_withdrawal():
    echue = [inscription(), validation("DALO", date(2022, 1, 15), fin_le=date(2022, 2, 28))]
    retiree = [inscription(), validation("DALO", date(2022, 1, 15)), retrait("DALO", date(2022, 2, 20))]

    assert points(coter_au(echue, date(2022, 2, 28)), "DALO") == 25
    assert points(coter_au(echue, date(2022, 3, 1)), "DALO") is None
    assert points(coter_au(retiree, date(2022, 2, 19)), "DALO") == 25
    assert points(coter_au(retiree, date(2022, 2, 20)), "DALO") is None


def test_every_epernay_criterion_is_covered_by_these_cases_applying_and_not_applying():
    appliques = {p.values[0] for p in CALCULES if p.values[2] is not None}
    non_appliques = {p.values[0] for p in CALCULES if p.values[2] is None}

    assert appliques == non_appliques
    assert appliques | set(MANUELS) | HORS_PERIMETRE == {c.code for c in EPERNAY.criteres}


def test_a_neutral_demande_earns_no_point():
    cotation = coter_au([inscription()])

    assert cotation.total == 0
    assert [(c.critere, c.points) for c in cotation.contributions] == [("ANCIENNETE", 0)]


def test_overcrowding_with_a_minor_and_overcrowding_by_surface_add_up():
    cotation = coter_au([inscription(menage=[demandeur(), MINEUR], logement=logement(surface_m2="15"))])

    assert (points(cotation, "SUROCCUPATION_MINEUR"), points(cotation, "SUROCCUPATION_SURFACE")) == (20, 2)


@pytest.mark.parametrize(
    ("jour", "attendu"),
    [
        (date(2022, 1, 14), 0),  # 1 year less a day
        (date(2022, 1, 15), 2),  # exactly 1 year
        (date(2023, 1, 14), 2),  # 2 years less a day
        (date(2023, 1, 15), 5),  # exactly 2 years
        (date(2024, 1, 14), 5),  # 3 years less a day
        (date(2024, 1, 15), 0),  # exactly 3 years: the tier "more than 3 years" gives 0
    ],
)
def test_seniority_tiers_start_on_the_anniversary_of_the_first_registration(jour, attendu):
    evenements = [inscription(effet=date(2021, 1, 15))]

    assert points(coter_au(evenements, jour), "ANCIENNETE") == attendu


def test_a_renewed_demande_keeps_the_seniority_of_its_first_registration():
    evenements = [inscription(effet=date(2022, 1, 10), premiere=date(2019, 1, 15))]

    assert points(coter_au(evenements, date(2022, 1, 14)), "ANCIENNETE") == 5
    assert points(coter_au(evenements, date(2022, 1, 15)), "ANCIENNETE") == 0



def test_the_day_scored_decides_the_age_of_a_titulaire():
    evenements = [inscription(menage=[demandeur(TRENTE_ANS_DEMAIN)])]

    assert points(coter_au(evenements, JOUR), "JEUNES_MOINS_30_ANS") == 5
    assert points(coter_au(evenements, date(2022, 3, 2)), "JEUNES_MOINS_30_ANS") is None
