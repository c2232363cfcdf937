"""Renewal, the reminder before the anniversary, striking off; a struck-off demande accepts only
appeals and the system's malus expiry, and its score stays computable (ADR 0010)."""

from __future__ import annotations

from datetime import date
from uuid import uuid4

from domain.demande.faits import faits_au
from domain.demande.vie import RappelRenouvellement
from domain.explication import en_texte, expliquer
from tests.unit.cycle import (
    SYSTEME,
    applique,
    decision,
    envisage,
    expire,
    radiation,
    recours_malus,
    renouvellement,
)
from tests.unit.fabrique import AGENT, EPERNAY, INSCRIPTION, coter_au, declaration, evenement, inscription, logement
from tests.unit.test_cycle_malus import APPLIQUE, AVERTI, EXPIRE, refus, suite

ECHEANCE = date(2023, 1, 10)
MALUS, RECOURS = uuid4(), uuid4()


def rappel(echeance: date, effet: date = date(2022, 12, 10)):
    return evenement(RappelRenouvellement, effet, acteur=SYSTEME, echeance=echeance)


def test_a_demande_must_be_renewed_a_year_after_its_registration_then_a_year_after_each_renewal():
    renouvelee = suite([inscription()], renouvellement(date(2022, 12, 20)))

    assert faits_au([inscription()], INSCRIPTION).echeance_renouvellement() == ECHEANCE
    assert faits_au(renouvelee, date(2022, 12, 20)).echeance_renouvellement() == date(2023, 12, 20)


def test_the_system_reminds_once_for_the_current_deadline():
    historique = suite([inscription()], rappel(ECHEANCE))

    assert "déjà enregistré" in refus(historique, rappel(ECHEANCE))
    assert "est le 10/01/2023" in refus([inscription()], rappel(date(2023, 2, 1)))
    assert "seul le système" in refus([inscription()], rappel(ECHEANCE).model_copy(update={"acteur": AGENT}))


def test_striking_off_for_want_of_renewal_comes_from_the_system_from_the_deadline_on():
    par_le_systeme = radiation(ECHEANCE, "non_renouvellement", acteur=SYSTEME)

    assert "valide jusqu'au 10/01/2023" in refus([inscription()], radiation(date(2023, 1, 9), "non_renouvellement",
                                                                             acteur=SYSTEME))
    assert "enregistrée par le système" in refus([inscription()], radiation(ECHEANCE, "non_renouvellement"))
    renouvelee = suite([inscription()], renouvellement(ECHEANCE))
    assert "valide jusqu'au 10/01/2024" in refus(renouvelee, radiation(date(2023, 1, 11), "non_renouvellement",
                                                                       acteur=SYSTEME))
    suite([inscription()], par_le_systeme)


def test_an_agent_strikes_off_for_withdrawal_and_for_attribution_only_after_a_lease():
    assert "aucun bail signé" in refus([inscription()], radiation(date(2022, 6, 1), "attribution"))
    assert "seul un agent" in refus([inscription()], radiation(date(2022, 6, 1), acteur=SYSTEME))
    suite([inscription()], radiation(date(2022, 6, 1)))


def test_a_struck_off_demande_accepts_no_change_but_stays_readable_with_its_score():
    historique = suite([inscription()], radiation(date(2022, 6, 1)))

    assert "radiée depuis le 01/06/2022" in refus(historique, declaration(date(2022, 7, 1), logement=logement()))
    assert "radiée" in refus(historique, renouvellement(date(2022, 7, 1)))
    assert "radiée" in refus(historique, radiation(date(2022, 7, 1)))
    assert faits_au(historique, date(2022, 7, 1)).radiation.cause.value == "abandon"
    assert coter_au(historique, date(2022, 7, 1)).total == 0


def test_a_struck_off_demande_still_accepts_appeals_and_the_expiry_of_its_malus():
    historique = [inscription()]
    historique = suite(historique, envisage(historique, MALUS, AVERTI))
    historique = suite(historique, applique(historique, MALUS, APPLIQUE), radiation(date(2022, 6, 1)))

    historique = suite(historique, recours_malus(RECOURS, MALUS, date(2022, 7, 1)),
                       decision(RECOURS, "rejete", date(2022, 8, 1)), expire(MALUS, EXPIRE))

    assert faits_au(historique, EXPIRE).recours[RECOURS].issue.value == "rejete"
    explication = expliquer(coter_au(historique, date(2022, 8, 1)), faits_au(historique, date(2022, 8, 1)), EPERNAY)
    assert "rejeté le 01/08/2022" in en_texte(explication)
