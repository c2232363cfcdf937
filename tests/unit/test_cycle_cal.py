"""CAL passages, proposals and "arrivé en seconde position lors du passage en CALEOL" (ADR 0010)."""

from __future__ import annotations

from datetime import date
from uuid import uuid4

import pytest

from domain.demande.cal import CandidatDesigne, RefusJuge
from domain.erreurs import CommandeInvalide
from tests.unit.cycle import LOGEMENT, bail, passage, refus_proposition
from tests.unit.fabrique import AGENT, DEMANDEUR, contribution, coter_au, evenement, inscription, points
from tests.unit.test_cycle_malus import refus, suite

PREMIER, SECOND = date(2022, 2, 10), date(2022, 4, 14)


def second_passage(historique, jour: date = date(2022, 5, 1)):
    return points(coter_au(historique, jour), "SECOND_PASSAGE_CALEOL")


def test_second_at_caleol_twice_without_a_proposal_earns_the_local_criterion_from_the_second_passage():
    historique = suite([inscription()], passage(PREMIER, rang=2), passage(SECOND, rang=3))

    assert [second_passage(historique, jour) for jour in (date(2022, 4, 13), SECOND)] == [None, 2]


def test_the_criterion_is_traced_to_both_passages():
    historique = suite([inscription()], passage(PREMIER, rang=2), passage(SECOND, rang=2))

    critere = contribution(coter_au(historique, SECOND), "SECOND_PASSAGE_CALEOL")

    assert {s.evenement_id for s in critere.sources} == {historique[1].evenement_id, historique[2].evenement_id}
    assert "le 10/02/2022 (rang 2), le 14/04/2022 (rang 2)" in critere.regle


def test_a_single_passage_or_a_first_rank_does_not_count():
    assert second_passage(suite([inscription()], passage(PREMIER, rang=2))) is None
    assert second_passage(suite([inscription()], passage(PREMIER, rang=1), passage(SECOND, rang=2))) is None


def test_a_non_attribution_is_not_a_second_position():
    historique = suite([inscription()], passage(PREMIER, rang=2), passage(SECOND, "non_attribution", rang=None))

    assert second_passage(historique) is None


def test_a_passage_that_led_to_a_proposal_no_longer_counts_from_the_proposal():
    premier = passage(PREMIER, rang=2)
    historique = suite([inscription()], premier, passage(SECOND, rang=2),
                       refus_proposition(premier.passage_id, date(2022, 4, 20)))

    assert [second_passage(historique, jour) for jour in (date(2022, 4, 19), date(2022, 4, 20))] == [2, None]


def test_an_attribution_states_the_rank_and_a_refusal_its_motive():
    with pytest.raises(CommandeInvalide, match="rang du candidat"):
        passage(PREMIER, rang=None)
    with pytest.raises(CommandeInvalide, match="refus d'attribution est motivé"):
        passage(PREMIER, "refus", rang=None)


def test_only_an_agent_records_a_passage():
    par_le_demandeur = evenement(type(passage(PREMIER)), PREMIER, passage_id=uuid4(), logement=LOGEMENT,
                                 decision="attribution", rang=1)

    assert "seul un agent" in refus([inscription()], par_le_demandeur)


def test_a_passage_refers_to_a_known_designation_not_after_it():
    designation = evenement(CandidatDesigne, PREMIER, acteur=AGENT, designation_id=uuid4(), logement=LOGEMENT)
    historique = suite([inscription()], designation)

    assert "désignation inconnue" in refus(historique, passage(SECOND, designation_id=uuid4()))
    assert "ne peut précéder la désignation" in refus(
        historique, passage(date(2022, 2, 1), designation_id=designation.designation_id))
    suite(historique, passage(SECOND, designation_id=designation.designation_id))


def test_a_proposal_is_refused_or_signed_once_and_only_after_an_attribution():
    attribue, non_attribue = passage(PREMIER, rang=1), passage(PREMIER, "non_attribution", rang=None)
    historique = suite([inscription()], attribue, non_attribue, refus_proposition(attribue.passage_id, SECOND))

    assert "déjà été refusée" in refus(historique, bail(attribue.passage_id, date(2022, 5, 1)))
    assert "n'a pas attribué" in refus(historique, refus_proposition(non_attribue.passage_id, SECOND))
    assert "passage en commission inconnu" in refus(historique, bail(uuid4(), SECOND))


def test_a_refusal_is_judged_once_by_an_agent_with_a_motive():
    attribue = passage(PREMIER, rang=1)
    historique = suite([inscription()], attribue, refus_proposition(attribue.passage_id, SECOND))
    jugement = evenement(RefusJuge, date(2022, 5, 1), acteur=AGENT, passage_id=attribue.passage_id, legitime=False,
                         motif="Logement adapté à la composition du ménage")
    par_le_demandeur = evenement(RefusJuge, date(2022, 5, 1), acteur=DEMANDEUR, passage_id=attribue.passage_id,
                                 legitime=True, motif="Mon refus était légitime")

    assert "seul un agent" in refus(historique, par_le_demandeur)
    assert "déjà été apprécié" in refus(suite(historique, jugement), jugement)
