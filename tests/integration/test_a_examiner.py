"""The agents' to-do list on both stores: malus envisaged through the application, the end of their
contradictory period written by the sweeper, then a decision (applied or not retained) (ADR 0014)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import timedelta
from typing import Any
from uuid import UUID

import pytest

from adapters.application import CotationApp
from adapters.horloge import HorlogeReglable
from adapters.rapports.a_examiner import a_examiner
from domain.demande.malus import MalusNonRetenu, PeriodeContradictoireEchue
from domain.erreurs import CommandeInvalide
from scheduler.balayeur import balayer
from tests.integration.test_planificateur import (
    AGENT,
    AGENT_MALUS,
    APPLIQUE_LE,
    DEBUT,
    FIN_PERIODE,
    adopter,
    appliquer,
    envisager,
    regler,
)

ECHUE_LE = FIN_PERIODE + timedelta(days=1)


def ne_pas_retenir(app: CotationApp, demande_id: UUID, malus_id: UUID) -> None:
    app.ajouter(demande_id, MalusNonRetenu, dict(
        effet_le=APPLIQUE_LE, acteur=AGENT_MALUS, malus_id=malus_id,
        motif="Attestation authentifiée par l'hébergeant : la suspicion n'est pas fondée",
    ))


@pytest.fixture
def deux_malus(
    app: CotationApp, horloge: HorlogeReglable, donnees_demande: Callable[..., dict[str, Any]]
) -> list[tuple[UUID, UUID]]:
    """Two demandes, each with a malus envisaged on ``DEBUT`` at the guichet G-EPERNAY."""
    adopter(app)
    regler(horloge, DEBUT)
    demandes = [app.enregistrer_demande(donnees_demande(n))[0] for n in ("051190900001230EPE", "051190900001231EPE")]
    return [(demande_id, envisager(app, demande_id)) for demande_id in demandes]


def test_a_case_appears_after_the_sweep_and_leaves_after_the_agent_s_decision(
    app: CotationApp, horloge: HorlogeReglable, deux_malus: list[tuple[UUID, UUID]]
) -> None:
    (applique, malus_applique), (non_retenu, malus_non_retenu) = deux_malus
    regler(horloge, FIN_PERIODE)
    assert a_examiner(app).malus == []
    regler(horloge, ECHUE_LE)
    assert balayer(app).ecrits == Counter({PeriodeContradictoireEchue.TOPIC: 2})
    lignes = a_examiner(app, guichet=AGENT["guichet_id"]).malus
    assert {(lg.demande_id, lg.malus_id) for lg in lignes} == set(deux_malus)
    assert {(lg.constate_le, lg.jours_d_attente, lg.agent) for lg in lignes} == {(ECHUE_LE, 0, AGENT["agent_id"])}
    regler(horloge, APPLIQUE_LE)
    appliquer(app, applique, malus_applique)
    assert [lg.malus_id for lg in a_examiner(app).malus] == [malus_non_retenu]
    ne_pas_retenir(app, non_retenu, malus_non_retenu)
    assert a_examiner(app).malus == []


def test_after_a_malus_not_retained_nothing_is_due_and_it_cannot_be_applied(
    app: CotationApp, horloge: HorlogeReglable, deux_malus: list[tuple[UUID, UUID]]
) -> None:
    [(demande_id, malus_id), _] = deux_malus
    regler(horloge, APPLIQUE_LE)
    ne_pas_retenir(app, demande_id, malus_id)
    avant = len(app.historique(demande_id))
    assert balayer(app).ecrits == Counter({PeriodeContradictoireEchue.TOPIC: 1})
    with pytest.raises(CommandeInvalide, match="n'a pas été retenu"):
        appliquer(app, demande_id, malus_id)
    assert len(app.historique(demande_id)) == avant


def test_the_list_is_the_same_whatever_the_batch_and_filtered_by_guichet(
    app: CotationApp, horloge: HorlogeReglable, deux_malus: list[tuple[UUID, UUID]]
) -> None:
    regler(horloge, ECHUE_LE + timedelta(days=3))

    assert len(a_examiner(app, lot=1).malus) == 2
    assert a_examiner(app, lot=1) == a_examiner(app)
    assert a_examiner(app, guichet="AUTRE-GUICHET").malus == []
    assert [lg.jours_d_attente for lg in a_examiner(app).malus] == [3, 3]
