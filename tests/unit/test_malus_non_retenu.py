"""A malus not retained: the chargé d'instruction appraises the case and closes it without a malus
(PPGD d'Épernay, section 8; ADR 0014)."""

from __future__ import annotations

from datetime import date
from uuid import UUID, uuid4

import pytest

from domain.demande.faits import faits_au
from domain.demande.malus import MalusNonRetenu, PeriodeContradictoireEchue
from domain.demande.parcours import EtatMalus
from domain.echeances import echeances
from domain.erreurs import CommandeInvalide
from domain.evenements import Evenement
from domain.explication import expliquer
from tests.unit.cycle import HABILITE, SYSTEME, applique, leve
from tests.unit.fabrique import AGENT, EPERNAY, coter_au, declaration, evenement, inscription
from tests.unit.test_cycle_malus import APPLIQUE, AVERTI, FIN_PERIODE, MALUS, applique_le_16_mars, averti, refus, suite

APRES = date(2022, 3, 18)


def non_retenu(effet: date, malus_id: UUID = MALUS, acteur: dict | None = None) -> Evenement:
    return evenement(MalusNonRetenu, effet, acteur=acteur or HABILITE, malus_id=malus_id,
                     motif="Pièce authentifiée par l'employeur : pas de falsification")


def clos() -> list[Evenement]:
    return suite(averti(), non_retenu(APRES))


def test_a_malus_not_retained_costs_nothing_and_can_no_longer_be_applied():
    historique = clos()

    assert coter_au(historique, date(2022, 6, 1)).total == 0
    assert faits_au(historique, APRES).malus[MALUS].etat_le(APRES) is EtatMalus.NON_RETENU
    assert "n'a pas été retenu (décision du 18/03/2022)" in refus(historique, applique(historique, MALUS, APPLIQUE))


def test_it_is_decided_once_by_an_agent_with_the_malus_habilitation_with_a_motive():
    assert "habilité « malus »" in refus(averti(), non_retenu(APRES, acteur=AGENT))
    assert "habilité" in refus(averti(), non_retenu(APRES, acteur={"type": "demandeur"}))
    assert "n'a pas été retenu" in refus(clos(), non_retenu(date(2022, 3, 20)))
    with pytest.raises(CommandeInvalide, match="un motif est obligatoire pour : malus non retenu"):
        evenement(MalusNonRetenu, APRES, acteur=HABILITE, malus_id=MALUS)


def test_an_applied_or_lifted_malus_cannot_be_not_retained():
    historique = applique_le_16_mars()

    assert "déjà été appliqué" in refus(historique, non_retenu(APRES))
    assert "déjà été appliqué" in refus(suite(historique, leve(MALUS, APRES)), non_retenu(date(2022, 3, 20)))


def test_a_malus_already_set_aside_by_a_correction_has_nothing_to_decide():
    historique = suite(averti(), declaration(date(2022, 3, 10), ressources_mensuelles="2500"))

    assert "déjà écarté" in refus(historique, non_retenu(APRES))


def test_the_decision_may_come_during_the_period_but_not_before_the_warning():
    suite(averti(), non_retenu(FIN_PERIODE))

    assert "précéder l'avertissement du demandeur (01/03/2022)" in refus(averti(), non_retenu(date(2022, 2, 28)))
    assert "malus inconnu" in refus([inscription()], non_retenu(APRES, malus_id=uuid4()))


def test_no_deadline_remains_after_it():
    pendant = suite(averti(), non_retenu(date(2022, 3, 10)))
    echue = evenement(PeriodeContradictoireEchue, date(2022, 3, 16), acteur=SYSTEME, malus_id=MALUS,
                      demande_modifiee=False)

    assert not any(e.classe is PeriodeContradictoireEchue for e in echeances(pendant))
    assert not any(e.objet == MALUS.hex for e in echeances(clos()))
    assert "n'a pas été retenu" in refus(pendant, echue)


def test_the_explanation_tells_the_demandeur_the_malus_was_not_retained():
    historique = clos()

    [ligne] = expliquer(coter_au(historique, APRES), faits_au(historique, APRES), EPERNAY).malus

    assert ligne.etat == "non_retenu"
    assert "non retenu par le chargé d'instruction le 18/03/2022" in ligne.texte
