"""The lifecycle events through the application, on each store: the grid completes the malus
fields, every event is read back as written, and a refusal writes nothing."""

from __future__ import annotations

from datetime import date, datetime, timezone
from decimal import Decimal
from uuid import uuid4

import pytest

from adapters.grilles import livree, lire
from domain.demande import catalogue
from domain.erreurs import CommandeInvalide
from domain.evenements import relire
from tests.unit.cycle import HABILITE, LOGEMENT
from tests.unit.fabrique import AGENT

CATALOGUE_CYCLE = {
    "candidat_designe", "passage_cal", "proposition_refusee", "refus_juge", "bail_signe", "demande_renouvelee",
    "rappel_renouvellement", "demande_radiee", "malus_envisage", "periode_contradictoire_echue", "malus_applique",
    "malus_expire", "malus_leve", "recours_depose", "recours_decide",
}


def le(jour: date) -> datetime:
    return datetime.combine(jour, datetime.min.time(), tzinfo=timezone.utc).replace(hour=9)


@pytest.fixture
def demande(app, horloge, donnees_demande):
    app.adopter_grille(dict(grille=lire(livree("epernay-2021-12")), effet_le=date(2021, 12, 1), acteur=AGENT,
                            motif="Adoption du PPGD"))
    demande_id, _ = app.enregistrer_demande(donnees_demande())
    return demande_id


def test_every_lifecycle_event_has_a_short_name_in_the_catalogue():
    assert CATALOGUE_CYCLE <= catalogue.SUITES.keys()


def test_the_application_completes_the_malus_from_the_grid_and_reads_every_event_back(app, horloge, demande):
    malus_id, passage_id = uuid4(), uuid4()
    horloge.regler(le(date(2022, 1, 20)))
    app.ajouter(demande, catalogue.classe("passage_cal"), dict(
        effet_le=date(2022, 1, 20), acteur=AGENT, passage_id=passage_id, logement=LOGEMENT, decision="attribution",
        rang=2))
    envisage = app.ajouter(demande, catalogue.classe("malus_envisage"), dict(
        effet_le=date(2022, 1, 20), acteur=AGENT, malus_id=malus_id, type_malus="FAUSSE_DECLARATION",
        motif="Avis d'imposition incohérent"))
    horloge.regler(le(date(2022, 2, 4)))
    applique = app.ajouter(demande, catalogue.classe("malus_applique"), dict(
        effet_le=date(2022, 2, 4), acteur=HABILITE, malus_id=malus_id, motif="Falsification établie"))

    assert envisage.fin_periode_contradictoire == date(2022, 2, 3)
    assert (applique.points, applique.expire_le) == (Decimal(-10), date(2023, 2, 4))
    assert app.cotation(demande, date(2022, 2, 4)).total == app.cotation(demande, date(2022, 2, 3)).total - 10
    historique = app.historique(demande)
    assert [relire(e.TOPIC, e.model_dump(mode="json"), 1) for e in historique] == historique


def test_a_malus_applied_during_the_period_is_refused_and_nothing_is_written(app, horloge, demande,
                                                                              nombre_evenements):
    malus_id = uuid4()
    horloge.regler(le(date(2022, 1, 20)))
    app.ajouter(demande, catalogue.classe("malus_envisage"), dict(
        effet_le=date(2022, 1, 20), acteur=AGENT, malus_id=malus_id, type_malus="FAUSSE_DECLARATION",
        motif="Avis d'imposition incohérent"))
    avant = nombre_evenements()

    with pytest.raises(CommandeInvalide, match="période contradictoire"):
        app.ajouter(demande, catalogue.classe("malus_applique"), dict(
            effet_le=date(2022, 1, 20), acteur=HABILITE, malus_id=malus_id, motif="Falsification établie"))
    assert nombre_evenements() == avant
