"""A malus for an illegitimate refusal of a proposal: it names the CAL passage whose proposal the
demandeur refused and an agent judged not legitimate; a false-declaration malus names none (ADR 0015)."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID, uuid4

import pytest

from domain.demande.cal import RefusJuge
from domain.demande.faits import faits_au
from domain.demande.malus import MalusEnvisage, completer
from domain.erreurs import CommandeInvalide
from domain.evenements import Evenement, relire
from domain.grille.modele import FondementMalus
from tests.unit.cycle import passage, refus_proposition
from tests.unit.fabrique import AGENT, evenement, grille_de_test, inscription
from tests.unit.test_cycle_malus import suite

VAL_DE_LUNE = grille_de_test("val-de-lune-2024-01")
ATTRIBUE, REFUSE, JUGE, AVERTI = date(2024, 3, 1), date(2024, 3, 8), date(2024, 3, 15), date(2024, 3, 18)


def jugement(passage_id: UUID, legitime: bool, effet: date = JUGE) -> Evenement:
    return evenement(RefusJuge, effet, acteur=AGENT, passage_id=passage_id, legitime=legitime,
                     motif="T3 à Lunay conforme aux souhaits et aux ressources du ménage")


def refuse(legitime: bool | None = False) -> tuple[list[Evenement], UUID]:
    """A history where the proposal of a rank-1 attribution was refused, then judged (or not yet)."""
    attribue = passage(ATTRIBUE, rang=1)
    historique = suite([inscription(effet=date(2024, 1, 15))], attribue, refus_proposition(attribue.passage_id, REFUSE))
    if legitime is not None:
        historique = suite(historique, jugement(attribue.passage_id, legitime))
    return historique, attribue.passage_id


def envisage(historique: list[Evenement], type_malus: str = "REFUS_ILLEGITIME", effet: date = AVERTI,
             **champs: Any) -> Evenement:
    """The malus envisaged as ``CotationApp.ajouter`` writes it: completed from the grid, then checked."""
    donnees = completer(MalusEnvisage, {"effet_le": effet, "malus_id": uuid4(), "type_malus": type_malus, **champs},
                        historique, lambda jour: VAL_DE_LUNE)
    donnees.pop("effet_le")
    evt = evenement(MalusEnvisage, effet, acteur=AGENT, motif="Refus d'un T3 adapté sans motif recevable", **donnees)
    suite(historique, evt)
    return evt


def motif_du_refus(historique: list[Evenement], **champs: Any) -> str:
    with pytest.raises(CommandeInvalide) as exc:
        envisage(historique, **champs)
    return exc.value.message


def test_a_malus_is_envisaged_for_a_refusal_judged_illegitimate_and_names_its_passage():
    historique, passage_id = refuse(legitime=False)

    evt = envisage(historique, passage_id=passage_id)

    assert (evt.passage_id, evt.fin_periode_contradictoire) == (passage_id, date(2024, 4, 1))
    assert faits_au([*historique, evt], AVERTI).malus[evt.malus_id].type_malus == "REFUS_ILLEGITIME"


def test_a_malus_for_an_illegitimate_refusal_without_a_passage_is_refused():
    historique, _ = refuse(legitime=False)

    assert "désigne le passage en commission" in motif_du_refus(historique)


def test_a_refusal_judged_legitimate_earns_no_malus():
    historique, passage_id = refuse(legitime=True)

    assert "jugé légitime le 15/03/2024" in motif_du_refus(historique, passage_id=passage_id)


def test_a_refusal_not_judged_yet_earns_no_malus():
    historique, passage_id = refuse(legitime=None)

    assert "un agent doit d'abord le juger illégitime" in motif_du_refus(historique, passage_id=passage_id)


def test_a_refusal_judged_after_the_warning_did_not_ground_it():
    historique, passage_id = refuse(legitime=False)

    assert "pas apprécié au 14/03/2024" in motif_du_refus(historique, passage_id=passage_id, effet=date(2024, 3, 14))


def test_a_passage_whose_proposal_was_not_refused_earns_no_malus():
    attribue = passage(ATTRIBUE, rang=1)
    historique = suite([inscription(effet=date(2024, 1, 15))], attribue)

    assert "n'a pas refusé de proposition" in motif_du_refus(historique, passage_id=attribue.passage_id)


def test_a_passage_of_another_demande_is_unknown():
    historique, _ = refuse(legitime=False)

    assert "passage en commission inconnu" in motif_du_refus(historique, passage_id=uuid4())


def test_one_refusal_grounds_one_malus():
    historique, passage_id = refuse(legitime=False)
    historique = [*historique, envisage(historique, passage_id=passage_id)]

    assert "déjà envisagé pour ce refus" in motif_du_refus(historique, passage_id=passage_id)


def test_a_false_declaration_malus_names_no_passage():
    historique, passage_id = refuse(legitime=False)

    assert "fausse déclaration ne désigne pas" in motif_du_refus(
        historique, type_malus="FAUSSE_DECLARATION", passage_id=passage_id)
    assert envisage(historique, type_malus="FAUSSE_DECLARATION").passage_id is None


def test_a_malus_type_without_a_stated_ground_sanctions_a_false_declaration():
    fondements = {t.code: t.fondement for t in VAL_DE_LUNE.malus}

    assert fondements == {"FAUSSE_DECLARATION": FondementMalus.FAUSSE_DECLARATION,
                          "REFUS_ILLEGITIME": FondementMalus.REFUS_ILLEGITIME}


def test_a_malus_stored_before_the_passage_field_reads_without_a_passage():
    historique, _ = refuse(legitime=False)
    stocke = envisage(historique, type_malus="FAUSSE_DECLARATION").model_dump(mode="json", exclude={"passage_id"})

    assert relire(MalusEnvisage.TOPIC, stocke, 1).passage_id is None
