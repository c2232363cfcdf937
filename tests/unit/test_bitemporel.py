"""Two times: the score at D (valid time) and the score at D as the system knew it at R."""

from __future__ import annotations

from datetime import date

from domain.demande.faits import faits_au
from tests.unit.fabrique import (
    contribution,
    coter_au,
    declaration,
    inscription,
    instant,
    logement,
    points,
    rectification,
)

D = date(2022, 2, 15)


def test_a_rectification_recorded_later_changes_the_score_at_d_now_but_not_as_recorded_before_it():
    # given a demande registered as a tenant, rectified on 01/03 to "hosted by third parties" since registration
    correction = rectification(date(2022, 1, 10), date(2022, 3, 1), logement=logement("heberge_tiers"))
    evenements = [inscription(), correction]

    # then the score at D as known now counts it, citing the rectification
    maintenant = coter_au(evenements, D)
    assert points(maintenant, "HEBERGE_TIERS") == 20
    assert contribution(maintenant, "HEBERGE_TIERS").sources[0].evenement_id == correction.evenement_id
    # and the score at D as recorded on 28/02 is what the system showed then
    avant = coter_au(evenements, D, connu_le=instant(date(2022, 2, 28)))
    assert points(avant, "HEBERGE_TIERS") is None
    assert (maintenant.total, avant.total) == (20, 0)
    assert avant.connu_le == instant(date(2022, 2, 28))


def test_a_change_counts_from_its_date_of_effect_not_before():
    evenements = [inscription(), declaration(date(2022, 2, 1), logement=logement("sans_logement"))]

    assert points(coter_au(evenements, date(2022, 1, 31)), "SANS_LOGEMENT") is None
    assert points(coter_au(evenements, date(2022, 2, 1)), "SANS_LOGEMENT") == 20


def test_blocks_are_applied_in_order_of_effect_whatever_the_order_of_record():
    # a change effective 01/02, then a rectification recorded later but effective earlier (15/01)
    evenements = [
        inscription(),
        declaration(date(2022, 2, 1), logement=logement("sans_logement")),
        rectification(date(2022, 1, 15), date(2022, 2, 10), logement=logement("heberge_tiers")),
    ]

    assert points(coter_au(evenements, date(2022, 1, 20)), "HEBERGE_TIERS") == 20
    assert points(coter_au(evenements, D), "SANS_LOGEMENT") == 20
    assert points(coter_au(evenements, D), "HEBERGE_TIERS") is None


def test_events_of_the_same_day_apply_in_order_of_record():
    evenements = [
        inscription(),
        declaration(date(2022, 2, 1), instant(date(2022, 2, 1), 10), logement=logement("sans_logement")),
        declaration(date(2022, 2, 1), instant(date(2022, 2, 1), 11), logement=logement("heberge_tiers")),
    ]

    assert faits_au(evenements, date(2022, 2, 1)).logement.situation == "heberge_tiers"


def test_a_demande_does_not_exist_before_its_registration_nor_as_recorded_before_it():
    evenements = [inscription(effet=date(2022, 1, 10), enregistre=date(2022, 1, 12))]

    assert faits_au(evenements, date(2022, 1, 9)) is None
    assert faits_au(evenements, D, connu_le=instant(date(2022, 1, 11))) is None
    assert faits_au(evenements, D) is not None
