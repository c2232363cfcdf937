"""Recours amiable: filed against a malus or a criterion, decided by an authorised agent; an
upheld appeal lifts the malus or validates the criterion from the date its decision sets."""

from __future__ import annotations

from datetime import date
from uuid import uuid4

from domain.demande.faits import faits_au
from domain.demande.parcours import CauseFin
from domain.explication import en_texte, expliquer
from domain.evenements import Evenement
from tests.unit.cycle import applique, decision, envisage, expire, recours_critere, recours_malus
from tests.unit.fabrique import AGENT, EPERNAY, coter_au, inscription, instant, points
from tests.unit.test_cycle_malus import APPLIQUE, AVERTI, EXPIRE, refus, suite

MALUS, RECOURS = uuid4(), uuid4()
DEPOSE = date(2022, 4, 1)
DECIDE = date(2022, 5, 2)


def malus_conteste() -> list[Evenement]:
    historique = [inscription()]
    historique = suite(historique, envisage(historique, MALUS, AVERTI))
    return suite(historique, applique(historique, MALUS, APPLIQUE), recours_malus(RECOURS, MALUS, DEPOSE))


def accueilli_retroactivement() -> list[Evenement]:
    return suite(malus_conteste(), decision(RECOURS, "accueilli", DECIDE, effet=APPLIQUE))


def malus(historique: list[Evenement], jour: date, connu_le: date | None = None):
    cotation = coter_au(historique, jour, connu_le=instant(connu_le, 23) if connu_le else None)
    return points(cotation, "FAUSSE_DECLARATION")


def test_an_upheld_appeal_lifts_the_malus_retroactively_from_the_date_its_decision_sets():
    historique = accueilli_retroactivement()

    assert [malus(historique, jour) for jour in (APPLIQUE, DEPOSE, DECIDE, date(2022, 9, 1))] == [None] * 4
    assert faits_au(historique, DECIDE).malus[MALUS].levee.cause is CauseFin.RECOURS


def test_as_recorded_before_the_decision_the_malus_still_showed():
    historique = accueilli_retroactivement()

    assert malus(historique, DEPOSE, connu_le=date(2022, 5, 1)) == -10
    assert malus(historique, DEPOSE, connu_le=DECIDE) is None


def test_an_appeal_decided_with_effect_on_its_decision_day_leaves_the_score_before_it_unchanged():
    historique = suite(malus_conteste(), decision(RECOURS, "accueilli", DECIDE))

    assert [malus(historique, jour) for jour in (date(2022, 5, 1), DECIDE)] == [-10, None]


def test_a_rejected_appeal_leaves_the_malus_until_its_expiry():
    historique = suite(malus_conteste(), decision(RECOURS, "rejete", DECIDE))

    assert [malus(historique, jour) for jour in (DECIDE, date(2023, 3, 15), EXPIRE)] == [-10, -10, None]
    suite(historique, expire(MALUS, EXPIRE))


def test_a_lifted_malus_no_longer_expires():
    assert "déjà été levé" in refus(accueilli_retroactivement(), expire(MALUS, EXPIRE))


def test_only_an_agent_with_the_recours_habilitation_decides_an_appeal():
    assert "habilité « recours »" in refus(malus_conteste(), decision(RECOURS, "accueilli", DECIDE, acteur=AGENT))


def test_an_appeal_is_decided_once():
    assert "déjà été décidé" in refus(accueilli_retroactivement(), decision(RECOURS, "rejete", DECIDE))


def test_a_second_appeal_on_the_same_malus_waits_for_the_first_decision():
    assert "déjà en cours" in refus(malus_conteste(), recours_malus(uuid4(), MALUS, DEPOSE))


def test_no_appeal_against_a_malus_only_envisaged():
    historique = [inscription()]
    historique = suite(historique, envisage(historique, MALUS, AVERTI))

    assert "pas former un recours" in refus(historique, recours_malus(RECOURS, MALUS, date(2022, 3, 5)))


def test_a_decision_is_taken_after_the_appeal_and_its_effect_not_before_the_malus():
    assert "entre le dépôt du recours" in refus(malus_conteste(), decision(RECOURS, "rejete", date(2022, 3, 31)))
    assert "ne peut précéder l'application" in refus(
        malus_conteste(), decision(RECOURS, "accueilli", DECIDE, effet=AVERTI)
    )


def test_an_upheld_appeal_on_a_manual_criterion_validates_it_from_the_date_set():
    historique = suite([inscription()], recours_critere(RECOURS, "VIOLENCES_COUPLE", DEPOSE))
    historique = suite(historique, decision(RECOURS, "accueilli", DECIDE, effet=DEPOSE))

    assert [points(coter_au(historique, jour), "VIOLENCES_COUPLE") for jour in (date(2022, 3, 31), DEPOSE)] == [None, 20]
    assert coter_au(historique, DEPOSE, connu_le=instant(date(2022, 5, 1))).total == 0


def test_the_explanation_shows_the_appeal_and_its_outcome_and_the_lifted_malus():
    historique = accueilli_retroactivement()
    faits = faits_au(historique, DECIDE)

    texte = en_texte(expliquer(coter_au(historique, DECIDE), faits, EPERNAY))

    assert "Recours amiable déposé le 01/04/2022 contre le malus envisagé le 01/03/2022" in texte
    assert "accueilli le 02/05/2022, avec effet au 16/03/2022" in texte
    assert "levé à compter du 16/03/2022 (recours amiable accueilli)" in texte


def test_the_explanation_shows_an_active_malus_with_its_points_and_how_to_contest_it():
    historique = malus_conteste()
    faits = faits_au(historique, DEPOSE)

    explication = expliquer(coter_au(historique, DEPOSE), faits, EPERNAY)

    assert [c.points for c in explication.criteres if c.critere == "FAUSSE_DECLARATION"] == [-10]
    assert "recours amiable" in explication.malus[0].texte
    assert explication.recours[0].etat == "en_cours"
