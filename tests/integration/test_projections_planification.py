"""The projections job of the scheduler: catches up at each run, refreshes on the first run of a
day, computes the positionnement when the last one is a week old; registered with APScheduler."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from apscheduler.schedulers.background import BackgroundScheduler
from structlog.testing import capture_logs

from adapters.projections import lecture
from adapters.projections.positionnement import calculer_positionnement
from scheduler.projections import TACHE, SuiviProjections, planifier_projections
from tests.integration.test_planificateur import adopter


def test_each_run_catches_up_and_refreshes_once_a_day_and_ranks_once_a_week(app, horloge, donnees_demande):
    adopter(app)
    demande_id, _ = app.enregistrer_demande(donnees_demande())
    suivi = SuiviProjections(app)
    debut = horloge.maintenant().date()

    suivi()
    assert (suivi.actualise_le, suivi.positionnement_du) == (debut, debut + timedelta(days=7))
    assert lecture.dernier_positionnement(app) == debut
    assert [p.rang for p in lecture.positionnement(app, demande_id)] == [1]

    horloge.regler(horloge.maintenant() + timedelta(hours=8))
    suivi()
    assert lecture.cotation_courante(app, demande_id).calcule_le == lecture.dernier_positionnement(app) == debut

    lendemain = lecture.cotation_courante(app, demande_id).valide_jusqu_au + timedelta(days=1)
    horloge.regler(datetime.combine(lendemain, time(9), tzinfo=UTC))
    suivi()
    assert lecture.cotation_courante(app, demande_id).calcule_le == lecture.dernier_positionnement(app) == lendemain


def test_the_first_run_of_a_process_knows_when_the_last_positionnement_was(app, horloge):
    jour = horloge.maintenant().date()
    calculer_positionnement(app, jour - timedelta(days=3))
    suivi = SuiviProjections(app)

    suivi()

    assert suivi.positionnement_du == jour + timedelta(days=4)


def test_a_failed_run_is_logged_and_the_job_survives(app, monkeypatch):
    suivi = SuiviProjections(app)
    monkeypatch.setattr("scheduler.projections.rattraper", lambda _: 1 / 0)

    with capture_logs() as journal:
        suivi()

    assert journal == [{"event": "projections_echouees", "erreur": "ZeroDivisionError", "log_level": "error"}]


def test_the_job_is_registered_every_few_seconds(app):
    planificateur = BackgroundScheduler()

    job = planifier_projections(planificateur, app, 3)

    assert planificateur.get_job(TACHE) is job and job.trigger.interval == timedelta(seconds=3)
    assert job.max_instances == 1 and job.coalesce
