"""``faits_successifs``: one fold that gives, from each effect date on, the facts ``faits_au``
gives on that date and on every day until the next one (generated histories, then hypothesis)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from adapters.bootstrap import creer_application
from adapters.demo.semis import semer_historique
from adapters.reglages import Reglages
from domain.demande.faits import Faits, faits_au, faits_successifs
from domain.evenements import Evenement
from tests.unit.test_proprietes import REGLAGES, historiques


@pytest.fixture(scope="module")
def demandes(tmp_path_factory: pytest.TempPathFactory) -> list[list[Evenement]]:
    reglages = Reglages(store="sqlite", data_dir=Path(tmp_path_factory.mktemp("successifs")), territoire="CA_EPERNAY")
    semer_historique(reglages, 40, graine=7)
    app = creer_application(reglages)
    try:
        return [app.historique(demande_id) for demande_id in app.demandes(100, 0)]
    finally:
        app.close()


def jours_du_segment(debut: date, suivant: date | None) -> set[date]:
    """The first days of a segment, its middle and its last day (a year on for the last one)."""
    fin = (suivant or debut + timedelta(days=366)) - timedelta(days=1)
    return {debut, min(debut + timedelta(days=1), fin), debut + (fin - debut) / 2, fin}


def verifier(evenements: list[Evenement], connu_le: datetime | None = None) -> None:
    successifs = list(faits_successifs(evenements, connu_le))
    connus = [e for e in evenements if connu_le is None or e.enregistre_le <= connu_le]
    dates = sorted({e.effet_le for e in connus})
    assert [d for d, _ in successifs] == [d for d in dates if faits_au(evenements, d, connu_le) is not None]
    if not successifs:
        return
    assert faits_au(evenements, successifs[0][0] - timedelta(days=1), connu_le) is None
    suivants = [d for d, _ in successifs[1:]] + [None]
    for (debut, faits), suivant in zip(successifs, suivants, strict=True):
        for jour in jours_du_segment(debut, suivant):
            assert faits_au(evenements, jour, connu_le) == faits, (debut, jour)


def test_each_step_holds_the_facts_of_every_day_until_the_next_one(demandes):
    for evenements in demandes:
        verifier(evenements)


def test_as_recorded_at_a_past_instant_too(demandes):
    for evenements in demandes:
        verifier(evenements, sorted(e.enregistre_le for e in evenements)[len(evenements) // 2])


def test_facts_built_by_the_fold_are_those_pydantic_validates(demandes):
    """The fold builds facts from validated values without validating them again: the same
    facts, serialized the same way, as if validated."""
    for evenements in demandes:
        for _, faits in faits_successifs(evenements):
            valides = Faits.model_validate(faits.model_dump())
            assert valides == faits
            assert valides.model_dump_json() == faits.model_dump_json()


@REGLAGES
@given(historiques(), st.data())
def test_on_any_history_as_recorded_at_any_of_its_instants(evenements, data):
    connu_le = data.draw(st.none() | st.sampled_from([e.enregistre_le for e in evenements]))
    verifier(evenements, connu_le)
