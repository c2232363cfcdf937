"""The deadline sweeper on both stores: due events written once, on their due date, by the system;
after downtime and after a crash; the deadline table rebuilt from the log; APScheduler wiring."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID, uuid4

import pytest
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.interval import IntervalTrigger
from structlog.testing import capture_logs

from adapters.application import CotationApp, id_grille
from adapters.grilles import livree, lire
from adapters.echeances import TableEcheances, reconstruire
from adapters.horloge import HorlogeReglable, aujourdhui
from adapters.reglages import Reglages
from domain.acteurs import Systeme
from domain.demande.malus import MalusApplique, MalusEnvisage, MalusExpire, PeriodeContradictoireEchue
from domain.demande.vie import DemandeRadiee, DemandeRenouvelee, RappelRenouvellement
from domain.grille.evenements import CritereLocalDesactive, CritereLocalPurge
from domain.temps import ajouter_mois
from scheduler.balayeur import balayer
from scheduler.planification import TACHE, planifier, tache_balayage

AGENT = {"type": "agent", "agent_id": "AG-INSTR", "guichet_id": "G-EPERNAY"}
AGENT_MALUS = AGENT | {"agent_id": "AG-MALUS", "habilitations": ["malus"]}
DEBUT = date(2021, 12, 1)
FIN_PERIODE = DEBUT + timedelta(days=14)
APPLIQUE_LE = DEBUT + timedelta(days=15)
EXPIRE_LE = ajouter_mois(APPLIQUE_LE, 12)
PLANIFICATEUR = Systeme(composant="planificateur")


def adopter(app: CotationApp) -> None:
    """The Épernay grid, adopted on the morning it takes effect (the ``horloge`` fixture's instant)."""
    app.adopter_grille(dict(
        grille=lire(livree("epernay-2021-12")), effet_le=DEBUT, acteur=AGENT, motif="Grille du PPGD d'Épernay",
    ))


def regler(horloge: HorlogeReglable, jour: date, heure: int = 9) -> None:
    horloge.regler(datetime.combine(jour, time(heure), tzinfo=UTC))


def envisager(app: CotationApp, demande_id: UUID, le: date = DEBUT) -> UUID:
    malus_id = uuid4()
    app.ajouter(demande_id, MalusEnvisage, dict(
        effet_le=le, acteur=AGENT, motif="Avis d'imposition suspecté falsifié, demandeur averti",
        malus_id=malus_id, type_malus="FAUSSE_DECLARATION", fin_periode_contradictoire=le + timedelta(days=14),
    ))
    return malus_id


def appliquer(app: CotationApp, demande_id: UUID, malus_id: UUID, le: date = APPLIQUE_LE) -> None:
    app.ajouter(demande_id, MalusApplique, dict(
        effet_le=le, acteur=AGENT_MALUS, motif="Falsification établie après la période contradictoire",
        malus_id=malus_id, points=Decimal("-10"), expire_le=ajouter_mois(le, 12),
    ))


def demande_avec_malus(
    app: CotationApp, horloge: HorlogeReglable, donnees: dict[str, Any], renouveler: bool = True
) -> tuple[UUID, UUID]:
    """A demande registered on ``DEBUT`` with a malus applied on ``APPLIQUE_LE`` (expiring on
    ``EXPIRE_LE``), renewed two months later so that its validity outlives the malus."""
    regler(horloge, DEBUT)
    demande_id, _ = app.enregistrer_demande(donnees)
    malus_id = envisager(app, demande_id)
    regler(horloge, APPLIQUE_LE)
    appliquer(app, demande_id, malus_id)
    if renouveler:
        renouvele_le = ajouter_mois(APPLIQUE_LE, 2)
        regler(horloge, renouvele_le)
        app.ajouter(demande_id, DemandeRenouvelee, dict(effet_le=renouvele_le, acteur={"type": "demandeur"}))
    return demande_id, malus_id


def par_classe(app: CotationApp, demande_id: UUID) -> Counter[str]:
    return Counter(type(e).__name__ for e in app.historique(demande_id))


def du_planificateur(app: CotationApp, aggregat_id: UUID) -> list[Any]:
    return [e for e in app.historique(aggregat_id) if e.acteur == PLANIFICATEUR]


@pytest.fixture
def grille(app: CotationApp) -> None:
    adopter(app)


# --- each deadline, written once, on its due date, by the system ---------------------------------


@pytest.mark.usefixtures("grille")
def test_malus_expire_written_on_its_date_once_by_the_system(
    app: CotationApp, horloge: HorlogeReglable, donnees_demande: Callable[..., dict[str, Any]]
) -> None:
    demande_id, malus_id = demande_avec_malus(app, horloge, donnees_demande())
    regler(horloge, EXPIRE_LE - timedelta(days=1))
    assert balayer(app).total_ecrits == 0
    regler(horloge, EXPIRE_LE, heure=6)
    rapport = balayer(app)
    assert rapport.ecrits == Counter({MalusExpire.TOPIC: 1})
    [expiration] = du_planificateur(app, demande_id)
    assert isinstance(expiration, MalusExpire) and expiration.malus_id == malus_id
    assert expiration.effet_le == EXPIRE_LE and expiration.enregistre_le == horloge.maintenant()
    assert balayer(app).total_ecrits == 0


@pytest.mark.usefixtures("grille")
def test_end_of_contradictory_period_puts_the_case_on_the_to_do_list(
    app: CotationApp, horloge: HorlogeReglable, donnees_demande: Callable[..., dict[str, Any]]
) -> None:
    regler(horloge, DEBUT)
    demande_id, _ = app.enregistrer_demande(donnees_demande())
    malus_id = envisager(app, demande_id)
    regler(horloge, FIN_PERIODE)
    assert balayer(app).total_ecrits == 0
    regler(horloge, FIN_PERIODE + timedelta(days=1))
    balayer(app)
    [echue] = du_planificateur(app, demande_id)
    assert isinstance(echue, PeriodeContradictoireEchue)
    assert (echue.malus_id, echue.demande_modifiee, echue.effet_le) == (malus_id, False, FIN_PERIODE + timedelta(days=1))


@pytest.mark.usefixtures("grille")
def test_renewal_reminder_then_striking_off_unless_renewed(
    app: CotationApp, horloge: HorlogeReglable, donnees_demande: Callable[..., dict[str, Any]]
) -> None:
    regler(horloge, DEBUT)
    radiee, _ = app.enregistrer_demande(donnees_demande())
    renouvelee, _ = app.enregistrer_demande(donnees_demande("051190900001231EPE"))
    anniversaire = ajouter_mois(DEBUT, 12)
    regler(horloge, ajouter_mois(anniversaire, -1))
    assert balayer(app).ecrits == Counter({RappelRenouvellement.TOPIC: 2})
    regler(horloge, anniversaire - timedelta(days=3))
    renouvellement = dict(effet_le=horloge.maintenant().date(), acteur={"type": "demandeur"})
    app.ajouter(renouvelee, DemandeRenouvelee, renouvellement)
    regler(horloge, anniversaire)
    assert balayer(app).ecrits == Counter({DemandeRadiee.TOPIC: 1})
    rappel, radiation = du_planificateur(app, radiee)
    assert isinstance(rappel, RappelRenouvellement) and rappel.echeance == anniversaire
    assert rappel.effet_le == ajouter_mois(anniversaire, -1)
    assert isinstance(radiation, DemandeRadiee) and radiation.effet_le == anniversaire
    assert [type(e) for e in du_planificateur(app, renouvelee)] == [RappelRenouvellement]


@pytest.mark.usefixtures("grille")
def test_deactivated_local_criterion_purged_a_year_later(app: CotationApp, horloge: HorlogeReglable) -> None:
    desactive_le = date(2022, 3, 1)
    regler(horloge, desactive_le)
    app.desactiver_critere_local(
        dict(effet_le=desactive_le, acteur=AGENT, motif="Critère abandonné par la CIL", critere="SECOND_PASSAGE_CALEOL")
    )
    regler(horloge, date(2023, 2, 28))
    assert balayer(app).total_ecrits == 0
    regler(horloge, date(2023, 3, 1))
    assert balayer(app).ecrits == Counter({CritereLocalPurge.TOPIC: 1})
    purge = app.historique(id_grille(app.territoire))[-1]
    assert isinstance(purge, CritereLocalPurge) and purge.effet_le == date(2023, 3, 1)
    assert purge.acteur == PLANIFICATEUR and purge.critere == "SECOND_PASSAGE_CALEOL"


# --- downtime, crash, rebuild -------------------------------------------------------------------


@pytest.mark.usefixtures("grille")
def test_after_downtime_each_due_event_written_once_at_its_due_date(
    app: CotationApp, horloge: HorlogeReglable, donnees_demande: Callable[..., dict[str, Any]]
) -> None:
    """Off from before the end of the period to long after the striking off: the restart writes
    the period's end, the reminder, the striking off and the expiry, each at its own date."""
    demande_id, malus_id = demande_avec_malus(app, horloge, donnees_demande(), renouveler=False)
    redemarrage = EXPIRE_LE + timedelta(days=40)
    regler(horloge, redemarrage, heure=14)
    rapport = balayer(app)
    anniversaire = ajouter_mois(DEBUT, 12)
    ecrits = {type(e): e for e in du_planificateur(app, demande_id)}
    assert rapport.total_ecrits == len(ecrits) == 3
    assert {classe: e.effet_le for classe, e in ecrits.items()} == {
        RappelRenouvellement: ajouter_mois(anniversaire, -1), DemandeRadiee: anniversaire, MalusExpire: EXPIRE_LE,
    }
    assert {e.enregistre_le for e in ecrits.values()} == {horloge.maintenant()}
    assert balayer(app).total_ecrits == 0


class AppQuiTombe(CotationApp):
    """Crashes (like a killed process) right after its ``ecritures``-th write reached the store."""

    name = CotationApp.name
    ecritures = 0

    def _sauver(self, enveloppe: Any) -> None:
        super()._sauver(enveloppe)
        self.ecritures -= 1
        if self.ecritures == 0:
            raise RuntimeError("arrêt brutal du planificateur")


@pytest.mark.usefixtures("grille")
def test_a_sweeper_that_crashes_mid_run_then_reruns_writes_nothing_twice(
    app: CotationApp, reglages: Reglages, horloge: HorlogeReglable, donnees_demande: Callable[..., dict[str, Any]]
) -> None:
    demandes = [demande_avec_malus(app, horloge, donnees_demande(f"05119090000{n:04d}EPE"))[0] for n in range(6)]
    regler(horloge, EXPIRE_LE)
    fragile = AppQuiTombe(reglages.territoire, env=reglages.env_eventsourcing(), horloge=horloge)
    fragile.ecritures = 4
    with pytest.raises(RuntimeError):
        balayer(fragile)
    fragile.close()
    assert sum(par_classe(app, d)[MalusExpire.__name__] for d in demandes) == 4
    assert balayer(app).ecrits == Counter({MalusExpire.TOPIC: 2})
    assert all(par_classe(app, d)[MalusExpire.__name__] == 1 for d in demandes)


@pytest.mark.usefixtures("grille")
def test_deadline_table_rebuilt_from_the_log(
    app: CotationApp, horloge: HorlogeReglable, donnees_demande: Callable[..., dict[str, Any]]
) -> None:
    demande_id, _ = demande_avec_malus(app, horloge, donnees_demande())
    table = TableEcheances(app)
    assert reconstruire(app, table, lot=2) == len(app.recorder.select_notifications(None, 1000))
    assert table.dues(EXPIRE_LE - timedelta(days=1)) == []
    assert table.dues(EXPIRE_LE) == [demande_id]
    table.effacer()
    regler(horloge, EXPIRE_LE)
    assert balayer(app).ecrits == Counter({MalusExpire.TOPIC: 1})


# --- time-driven changes need no event ----------------------------------------------------------


@pytest.mark.usefixtures("grille")
def test_time_driven_changes_show_in_the_current_score_on_the_day(
    app: CotationApp, horloge: HorlogeReglable, donnees_demande: Callable[..., dict[str, Any]]
) -> None:
    """Seniority tier (3 years since 01/09/2019), age (30 on 01/01/2025) and malus expiry change
    the score of the day they happen, with no event written (the sweeper does not run here)."""
    demande_id, _ = demande_avec_malus(app, horloge, donnees_demande())
    nombre = len(app.historique(demande_id))

    def codes_du_jour(jour: date) -> set[str]:
        regler(horloge, jour)
        cotation = app.cotation(demande_id, aujourdhui(horloge))
        return {c.critere for c in cotation.contributions if c.retenu and c.points}

    veille, jour = codes_du_jour(date(2022, 8, 31)), codes_du_jour(date(2022, 9, 1))
    assert "ANCIENNETE" in veille - jour
    assert "FAUSSE_DECLARATION" in codes_du_jour(EXPIRE_LE - timedelta(days=1)) - codes_du_jour(EXPIRE_LE)
    assert "JEUNES_MOINS_30_ANS" in codes_du_jour(date(2024, 12, 31)) - codes_du_jour(date(2025, 1, 1))
    assert len(app.historique(demande_id)) == nombre


# --- logs and APScheduler -----------------------------------------------------------------------


@pytest.mark.usefixtures("grille")
def test_sweep_logs_counts_and_no_personal_data(
    app: CotationApp, horloge: HorlogeReglable, donnees_demande: Callable[..., dict[str, Any]]
) -> None:
    demande_avec_malus(app, horloge, donnees_demande())
    regler(horloge, EXPIRE_LE)
    with capture_logs() as journaux:
        balayer(app)
    [bilan] = [j for j in journaux if j["event"] == "balayage_termine"]
    assert bilan["ecrits"] == 1 and bilan["par_topic"] == {MalusExpire.TOPIC: 1}
    texte = repr(journaux)
    assert "051190900001230EPE" not in texte and "1995" not in texte and "500" not in texte


def test_apscheduler_registers_one_sweep_at_start_then_every_interval(
    app: CotationApp, horloge: HorlogeReglable, donnees_demande: Callable[..., dict[str, Any]]
) -> None:
    planificateur = BackgroundScheduler()
    job = planifier(planificateur, app, 7)
    assert planificateur.get_job(TACHE) is job and len(planificateur.get_jobs()) == 1
    assert isinstance(job.trigger, IntervalTrigger) and job.trigger.interval == timedelta(minutes=7)
    assert job.next_run_time is not None and job.max_instances == 1 and job.coalesce
    adopter(app)
    demande_id, _ = demande_avec_malus(app, horloge, donnees_demande())
    regler(horloge, EXPIRE_LE)
    assert job.func is tache_balayage
    job.func(*job.args)
    assert par_classe(app, demande_id)[MalusExpire.__name__] == 1


@pytest.mark.usefixtures("grille")
def test_a_failed_sweep_is_logged_and_does_not_stop_the_scheduler(
    app: CotationApp, reglages: Reglages, horloge: HorlogeReglable, donnees_demande: Callable[..., dict[str, Any]]
) -> None:
    demande_avec_malus(app, horloge, donnees_demande())
    regler(horloge, EXPIRE_LE)
    fragile = AppQuiTombe(reglages.territoire, env=reglages.env_eventsourcing(), horloge=horloge)
    fragile.ecritures = 1
    with capture_logs() as journaux:
        tache_balayage(fragile)
    fragile.close()
    assert [j for j in journaux if j["event"] == "balayage_echoue"] == [
        {"event": "balayage_echoue", "erreur": "RuntimeError", "log_level": "error"}
    ]


@pytest.mark.usefixtures("grille")
def test_the_sweep_warns_of_the_grid_parameters_about_to_have_no_value(app: CotationApp, horloge: HorlogeReglable):
    regler(horloge, date(2026, 6, 1))
    with capture_logs() as loin:
        tache_balayage(app)
    regler(horloge, date(2026, 11, 23))
    with capture_logs() as proche:
        tache_balayage(app)

    assert [j for j in loin if j["event"] == "parametre_bientot_sans_valeur"] == []
    assert [(j["parametre"], j["sans_valeur_le"], j["log_level"]) for j in proche
            if j["event"] == "parametre_bientot_sans_valeur"] == [
        ("seuil_1er_quartile", "2027-01-01", "warning"), ("seuil_2e_quartile", "2027-01-01", "warning")
    ]
