"""The rules an event of a demande must obey given its history (domain/demande/regles.py)."""

from __future__ import annotations

from datetime import date, datetime, timezone
from uuid import uuid4

import pytest

from domain.demande.evenements import (
    CritereRetire,
    CritereValide,
    JustificatifRejete,
    JustificatifValide,
    SituationRectifiee,
)
from domain.demande.regles import verifier
from domain.erreurs import CommandeInvalide
from tests.unit.fabrique import (
    AGENT,
    INSCRIPTION,
    declaration,
    depot,
    evenement,
    inscription,
    logement,
    piece_validee,
    retrait,
    validation,
)

PIECE = uuid4()


def refus(historique, evt) -> str:
    with pytest.raises(CommandeInvalide) as exc:
        verifier(historique, evt)
    return exc.value.message


def test_a_registration_starts_a_demande_and_a_change_may_follow_it():
    premiere = inscription()
    verifier([], premiere)
    verifier([premiere], declaration(date(2022, 2, 1), logement=logement("heberge_tiers")))


def test_an_event_may_not_take_effect_after_it_is_recorded():
    futur = declaration(date(2022, 2, 2), datetime(2022, 2, 1, 23, tzinfo=timezone.utc), motifs=["autre"])

    assert "postérieure à la date d'enregistrement" in refus([inscription()], futur)


def test_a_demande_is_registered_only_once():
    assert "déjà enregistrée" in refus([inscription()], inscription())


def test_nothing_may_be_added_to_a_demande_not_registered():
    assert "enregistrez-la d'abord" in refus([], declaration(date(2022, 2, 1), motifs=["autre"]))


def test_an_event_may_not_take_effect_before_the_registration():
    assert "précède l'enregistrement de la demande" in refus(
        [inscription()], declaration(date(2022, 1, 9), motifs=["autre"])
    )


@pytest.mark.parametrize(
    ("classe", "champs"),
    [
        pytest.param(SituationRectifiee, {"situation": {"motifs": ["autre"]}}, id="a rectification"),
        pytest.param(CritereValide, {"critere": "DALO"}, id="a manual validation"),
        pytest.param(JustificatifValide, {"justificatif_id": PIECE}, id="validating a document"),
        pytest.param(JustificatifRejete, {"justificatif_id": PIECE}, id="rejecting a document"),
    ],
)
def test_only_an_agent_may_make(classe, champs):
    evt = evenement(classe, date(2022, 2, 1), acteur={"type": "demandeur"}, motif="Par le demandeur", **champs)

    assert "seul un agent habilité" in refus([inscription(), depot(PIECE, "DALO")], evt)


@pytest.mark.parametrize("classe", [SituationRectifiee, CritereValide, CritereRetire, JustificatifRejete])
def test_a_motive_is_required_for(classe):
    champs = {"situation": {"motifs": ["autre"]}, "critere": "DALO", "justificatif_id": PIECE}
    champs = {k: v for k, v in champs.items() if k in classe.model_fields}

    with pytest.raises(CommandeInvalide, match="un motif est obligatoire"):
        evenement(classe, date(2022, 2, 1), acteur=AGENT, **champs)


def test_a_decision_on_an_unknown_document_is_refused():
    assert "justificatif inconnu" in refus([inscription()], piece_validee(PIECE, date(2022, 2, 1)))


def test_a_document_is_decided_only_once():
    historique = [inscription(), depot(PIECE, "DALO"), piece_validee(PIECE)]

    assert "déjà été validé ou rejeté" in refus(historique, piece_validee(PIECE, date(2022, 2, 1)))


def test_a_decision_may_not_precede_the_deposit_of_its_document():
    historique = [inscription(), depot(PIECE, "DALO", date(2022, 2, 1))]

    assert "ne peut précéder le dépôt" in refus(historique, piece_validee(PIECE, date(2022, 1, 20)))


def test_only_a_validated_criterion_may_be_withdrawn():
    assert "n'est pas validé" in refus([inscription()], retrait("DALO", date(2022, 2, 1)))
    assert "n'est pas validé" in refus(
        [inscription(), validation("DALO"), retrait("DALO", date(2022, 2, 1))], retrait("DALO", date(2022, 2, 2))
    )
    verifier([inscription(), validation("DALO", INSCRIPTION)], retrait("DALO", date(2022, 2, 1)))
