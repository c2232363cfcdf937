"""The malus workflow: envisaged, contradictory period, applied, expired or lifted (ADR 0011)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import uuid4

import pytest

from domain.demande.faits import faits_au
from domain.demande.malus import PeriodeContradictoireEchue
from domain.demande.regles import verifier
from domain.erreurs import CommandeInvalide
from domain.evenements import Evenement
from tests.unit.cycle import SYSTEME, applique, complete, envisage, expire, leve
from tests.unit.fabrique import (
    AGENT,
    contribution,
    coter_au,
    declaration,
    evenement,
    inscription,
    instant,
    logement,
    points,
    rectification,
)

MALUS = uuid4()
AVERTI = date(2022, 3, 1)
FIN_PERIODE = date(2022, 3, 15)
APPLIQUE = date(2022, 3, 16)
EXPIRE = date(2023, 3, 16)


def suite(historique: list[Evenement], *evenements: Evenement) -> list[Evenement]:
    """The history after each event, checked against the rules before it is added."""
    for evt in evenements:
        verifier(historique, evt)
        historique = [*historique, evt]
    return historique


def refus(historique: list[Evenement], evt: Evenement) -> str:
    with pytest.raises(CommandeInvalide) as exc:
        verifier(historique, evt)
    return exc.value.message


def averti() -> list[Evenement]:
    historique = [inscription()]
    return suite(historique, envisage(historique, MALUS, AVERTI))


def applique_le_16_mars() -> list[Evenement]:
    historique = averti()
    return suite(historique, applique(historique, MALUS, APPLIQUE))


def test_the_grid_sets_the_end_of_the_contradictory_period_two_weeks_after_the_warning():
    malus = faits_au(averti(), AVERTI).malus[MALUS]

    assert malus.fin_periode_contradictoire == FIN_PERIODE


def test_the_grid_sets_the_points_and_the_expiry_one_year_after_the_application():
    malus = faits_au(applique_le_16_mars(), APPLIQUE).malus[MALUS]

    assert (malus.points, malus.expire_le) == (Decimal(-10), EXPIRE)


def test_an_unknown_malus_type_is_refused_in_french():
    with pytest.raises(CommandeInvalide, match="type de malus inconnu"):
        complete(type(averti()[1]), [inscription()], AVERTI, malus_id=uuid4(), type_malus="INCONNU", motif="Soupçon")


def test_only_an_agent_with_the_malus_habilitation_applies_a_malus():
    historique = averti()

    assert "habilité « malus »" in refus(historique, applique(historique, MALUS, APPLIQUE, acteur=AGENT))


def test_a_malus_is_not_applied_during_the_contradictory_period():
    historique = averti()

    assert "court jusqu'au 15/03/2022 inclus" in refus(historique, applique(historique, MALUS, FIN_PERIODE))


def test_a_correction_during_the_contradictory_period_prevents_the_malus():
    historique = suite(averti(), declaration(date(2022, 3, 10), ressources_mensuelles="2500"))

    assert "ne peut plus être appliqué" in refus(historique, applique(historique, MALUS, APPLIQUE))


def test_a_correction_after_the_period_does_not_prevent_the_malus():
    historique = suite(averti(), declaration(APPLIQUE, ressources_mensuelles="2500"))

    suite(historique, applique(historique, MALUS, APPLIQUE))


def test_a_malus_is_applied_only_once():
    historique = applique_le_16_mars()

    assert "déjà été appliqué" in refus(historique, applique(historique, MALUS, date(2022, 3, 20)))


def test_an_active_malus_counts_as_negative_points_traced_to_its_warning_and_application():
    historique = applique_le_16_mars()

    malus = contribution(coter_au(historique, APPLIQUE), "FAUSSE_DECLARATION")

    assert malus.points == Decimal(-10)
    assert [s.evenement_id for s in malus.sources] == [historique[1].evenement_id, historique[2].evenement_id]
    assert "appliqué le 16/03/2022" in malus.regle and "jusqu'au 15/03/2023 inclus" in malus.regle


def test_the_score_before_during_and_after_a_malus_ends_on_its_expiry_date_without_waiting_for_its_event():
    historique = applique_le_16_mars()

    jours = (FIN_PERIODE, APPLIQUE, date(2023, 3, 15), EXPIRE)

    assert [points(coter_au(historique, jour), "FAUSSE_DECLARATION") for jour in jours] == [None, -10, -10, None]


def test_the_system_writes_the_expiry_once_on_its_due_date():
    historique = suite(applique_le_16_mars(), expire(MALUS, EXPIRE))

    assert "déjà enregistrée" in refus(historique, expire(MALUS, EXPIRE))
    assert faits_au(historique, EXPIRE).malus[MALUS].expiration is not None


def test_an_expiry_is_dated_on_the_due_date_and_written_by_the_system_only():
    historique = applique_le_16_mars()

    assert "expire le 16/03/2023" in refus(historique, expire(MALUS, date(2023, 3, 17)))
    par_un_agent = evenement(type(expire(MALUS, EXPIRE)), EXPIRE, acteur=AGENT, malus_id=MALUS)
    assert "seul le système" in refus(historique, par_un_agent)


def test_a_lifted_malus_stops_counting_from_its_lifting_date_and_never_expires():
    historique = suite(applique_le_16_mars(), leve(MALUS, date(2022, 6, 1)))

    assert [coter_au(historique, jour).total for jour in (date(2022, 5, 31), date(2022, 6, 1))] == [-10, 0]
    assert "déjà été levé" in refus(historique, expire(MALUS, EXPIRE))
    assert "déjà été levé" in refus(historique, leve(MALUS, date(2022, 7, 1)))


def test_lifting_needs_the_malus_habilitation_and_an_applied_malus():
    assert "habilité « malus »" in refus(applique_le_16_mars(), leve(MALUS, date(2022, 6, 1), acteur=AGENT))
    assert "n'a pas été appliqué" in refus(averti(), leve(MALUS, date(2022, 3, 10)))


def test_a_lifting_may_be_retroactive_but_not_before_the_application():
    historique = suite(applique_le_16_mars(), leve(MALUS, APPLIQUE, enregistre=date(2022, 6, 1)))

    assert coter_au(historique, date(2022, 4, 1)).total == 0
    assert coter_au(historique, date(2022, 4, 1), connu_le=instant(date(2022, 5, 1), 23)).total == -10
    assert "ne peut précéder l'application" in refus(applique_le_16_mars(), leve(MALUS, FIN_PERIODE))


def test_the_end_of_the_period_is_noted_once_by_the_system_with_whether_the_demande_was_corrected():
    historique = averti()
    echue = evenement(PeriodeContradictoireEchue, date(2022, 3, 16), acteur=SYSTEME, malus_id=MALUS,
                      demande_modifiee=False)

    assert "court jusqu'au 15/03/2022" in refus(historique, evenement(
        PeriodeContradictoireEchue, FIN_PERIODE, acteur=SYSTEME, malus_id=MALUS, demande_modifiee=False))
    assert "n'a pas été modifiée" in refus(historique, echue.model_copy(update={"demande_modifiee": True}))
    assert "déjà enregistrée" in refus(suite(historique, echue), echue)


def test_a_malus_on_an_unknown_id_is_refused():
    historique = [inscription()]

    assert "malus inconnu" in refus(historique, expire(uuid4(), EXPIRE))


def test_a_correction_at_a_guichet_also_counts_as_a_correction_during_the_period():
    historique = suite(averti(), rectification(date(2022, 3, 15), date(2022, 3, 15), logement=logement("heberge_tiers")))

    assert "ne peut plus être appliqué" in refus(historique, applique(historique, MALUS, APPLIQUE))
