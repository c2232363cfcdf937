"""The service's replay jobs kept in the store, on SQLite and PostgreSQL (ADR 0026).

Each application opened on the store stands for one process of the service, with its own job
registry: a job submitted and run by one is read by the others, survives a restart, and is
reported interrupted once its registry stops beating; the capacity holds across registries.
Heartbeats are called directly, time moved by the registries' clock.
"""

from __future__ import annotations

import io
import tempfile
import threading
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TextIO
from uuid import UUID

import pytest
from fastapi.testclient import TestClient

from adapters.application import CotationApp
from adapters.bootstrap import creer_application
from adapters.demo.versement import verser_historique
from adapters.grilles import charger, livree
from adapters.horloge import HorlogeReglable
from adapters.http.api import creer_api
from adapters.reglages import Reglages, dossier_rejeux
from adapters.rejeu.execution import evaluer, rejouer
from adapters.rejeu.rendu import rendre_evaluation, rendre_rejeu
from adapters.rejeu.travaux import ABANDON, INATTENDUE, INTERROMPU, Calcul, Registre, RegistrePlein, Statut, Suivi
from adapters.rejeu.travaux_stockes import TravauxStockes
from domain.erreurs import DonneesInvalides
from projections.rejeu_rapport import RapportRejeu
from tests.e2e.jetons import AGENTS, entetes
from tests.unit.fabrique import avec_critere

DEMANDES = 60
MAINTENANT = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
DATES = [date(2026, 6, 1), date(2026, 9, 1), date(2026, 11, 1)]
CANDIDATE = avec_critere(charger(livree("epernay-2021-12")), "HABITE_COMMUNE", points={"type": "fixe", "points": 20})
EN_TETE_CSV = "demande;date\n"
ATTENTE = 30


@pytest.fixture
def horloge_service() -> HorlogeReglable:
    return HorlogeReglable(MAINTENANT)


@pytest.fixture
def store(reglages: Reglages, tmp_path: Path) -> Reglages:
    """A generated history on each store; its replay directory under the test's own."""
    reglages = replace(reglages, dossier_rejeux=tmp_path / "rejeux")
    verser_historique(reglages, DEMANDES)
    return reglages


@pytest.fixture
def processus(store: Reglages, horloge_service: HorlogeReglable) -> Iterator[Callable[[], CotationApp]]:
    """Opens an application on the store, as another process of the service would."""
    ouvertes: list[CotationApp] = []

    def ouvrir() -> CotationApp:
        ouvertes.append(creer_application(store, horloge_service))
        return ouvertes[-1]

    yield ouvrir
    for app in ouvertes:
        app.close()


@pytest.fixture
def registre(processus: Callable[[], CotationApp]) -> Callable[..., Registre]:
    """The job registry of another process of the service."""

    def ouvrir(capacite: int = 8) -> Registre:
        app = processus()
        return Registre(app.horloge, TravauxStockes(app, dossier_rejeux(app.env)), capacite)

    return ouvrir


@pytest.fixture
def rapport(processus: Callable[[], CotationApp]) -> RapportRejeu:
    return rejouer(processus(), CANDIDATE, DATES)


class Tours:
    """A job and the test take turns: the job stops at each ``pause`` until the test lets it go on."""

    def __init__(self) -> None:
        self._arrete, self._repris = threading.Semaphore(0), threading.Semaphore(0)

    def pause(self) -> None:
        self._arrete.release()
        assert self._repris.acquire(timeout=ATTENTE)

    def attendre_pause(self) -> None:
        assert self._arrete.acquire(timeout=ATTENTE)

    def reprendre(self) -> None:
        self._repris.release()

    def laisser_passer(self) -> None:
        self.attendre_pause()
        self.reprendre()


def termine(rapport: RapportRejeu, tours: Tours | None = None) -> Calcul:
    """A job that writes its CSV header, pauses if given ``tours``, and returns ``rapport``."""

    def calcul(suivi: Suivi, detail: TextIO) -> RapportRejeu:
        detail.write(EN_TETE_CSV)
        if tours is not None:
            tours.pause()
        return rapport

    return calcul


def test_reports_round_trip_through_json_exactly(processus):
    app = processus()
    rejeu, evaluation = rejouer(app, CANDIDATE, DATES), evaluer(app, 2025)

    assert rejeu.entete.lignes and evaluation.candidats_retenus
    for rapport, rendre, formats in ((rejeu, rendre_rejeu, ("json", "html")),
                                     (evaluation, rendre_evaluation, ("json", "html", "csv"))):
        relu = type(rapport).model_validate_json(rapport.model_dump_json())
        assert relu == rapport
        assert [rendre(relu, f, MAINTENANT.date()) for f in formats] == [rendre(rapport, f, MAINTENANT.date())
                                                                           for f in formats]


def test_another_process_answers_for_a_job_with_its_report_in_each_format(processus):
    accepte, autre = processus(), processus()
    corps = {"candidate": CANDIDATE.model_dump(mode="json"), "dates": [d.isoformat() for d in DATES]}
    with TestClient(creer_api(accepte), headers=entetes(*AGENTS)) as ici, \
            TestClient(creer_api(autre), headers=entetes(*AGENTS)) as ailleurs:
        soumis = ici.post("/rejeux", json=corps)
        ici.app.state.rejeux.attendre(UUID(soumis.json()["id"]), ATTENTE)
        lien = soumis.headers["location"]
        en_json, en_html, en_csv = (ailleurs.get(lien, params={"format": f}) for f in ("json", "html", "csv"))
        ici.app.state.rejeux.lire(UUID(soumis.json()["id"])).detail.unlink()
        sans_csv = ailleurs.get(lien, params={"format": "csv"})
    detail = io.StringIO()
    attendu = rejouer(autre, CANDIDATE, DATES, detail)

    assert soumis.status_code == 202 and en_json.status_code == en_html.status_code == en_csv.status_code == 200
    assert en_json.text == rendre_rejeu(attendu, "json", MAINTENANT.date()).contenu
    assert en_html.text == rendre_rejeu(attendu, "html", MAINTENANT.date()).contenu
    assert en_csv.content.decode("utf-8") == detail.getvalue()
    assert sans_csv.status_code == 404 and sans_csv.json()["title"] == "Détail introuvable"


def test_progress_is_written_at_each_step_then_at_most_once_a_second(registre, horloge_service, rapport):
    ici, ailleurs, tours = registre(), registre(), Tours()

    def calcul(suivi: Suivi, detail: TextIO) -> RapportRejeu:
        suivi.etape("Rejeu des demandes", 3)
        suivi.avancer()  # the same second: not written
        tours.pause()
        suivi.avancer()  # a second later: written
        tours.pause()
        return rapport

    travail = ici.soumettre("rejeux", calcul)
    tours.attendre_pause()
    au_debut = ailleurs.lire(travail.id)
    horloge_service.regler(MAINTENANT + timedelta(seconds=1))
    tours.reprendre()
    tours.attendre_pause()
    ensuite = ailleurs.lire(travail.id)
    tours.reprendre()
    ici.attendre(travail.id, ATTENTE)
    fini = ailleurs.lire(travail.id)

    assert (au_debut.statut, au_debut.etape_en_cours, au_debut.faits, au_debut.total) == (
        Statut.EN_COURS, "Rejeu des demandes", 0, 3)
    assert (ensuite.statut, ensuite.faits) == (Statut.EN_COURS, 2)
    assert (fini.statut, fini.faits, fini.rapport) == (Statut.TERMINE, 2, rapport)
    assert fini.termine_le == horloge_service.instant


def test_a_refusal_keeps_its_french_message_and_a_crash_says_nothing_of_it(registre):
    ici = registre()

    def refus(suivi: Suivi, detail: TextIO) -> RapportRejeu:
        raise DonneesInvalides("année invalide : 2026")

    def panne(suivi: Suivi, detail: TextIO) -> RapportRejeu:
        raise RuntimeError("/chemin/secret")

    refuse = ici.attendre(ici.soumettre("evaluations", refus).id, ATTENTE)
    casse = ici.attendre(ici.soumettre("evaluations", panne).id, ATTENTE)

    assert (refuse.statut, refuse.erreur) == (Statut.ECHOUE, "année invalide : 2026")
    assert (casse.statut, casse.erreur) == (Statut.ECHOUE, INATTENDUE) and "secret" not in casse.erreur


def test_a_restarted_service_still_answers_for_a_finished_job(registre, rapport):
    avant = registre()
    travail = avant.attendre(avant.soumettre("rejeux", termine(rapport)).id, ATTENTE)

    relu = registre().lire(travail.id)

    assert (relu.statut, relu.rapport, relu.soumis_le, relu.termine_le) == (Statut.TERMINE, rapport, MAINTENANT,
                                                                            MAINTENANT)
    assert relu.detail.read_text(encoding="utf-8") == EN_TETE_CSV


def test_a_job_stays_under_way_while_its_process_beats(registre, horloge_service, rapport):
    ici, ailleurs, tours = registre(), registre(), Tours()
    travail = ici.soumettre("rejeux", termine(rapport, tours))
    tours.attendre_pause()

    horloge_service.regler(MAINTENANT + ABANDON)
    ici.battre()
    horloge_service.regler(MAINTENANT + ABANDON * 2 - timedelta(seconds=1))
    en_cours = ailleurs.lire(travail.id)
    tours.reprendre()

    assert en_cours.statut is Statut.EN_COURS
    assert ici.attendre(travail.id, ATTENTE).statut is Statut.TERMINE


def test_a_job_whose_process_stopped_beating_is_interrupted_for_good(registre, horloge_service, rapport):
    ici, ailleurs, tours = registre(), registre(), Tours()
    travail, suivant = ici.soumettre("rejeux", termine(rapport, tours)), ici.soumettre("rejeux", termine(rapport))
    tours.attendre_pause()

    horloge_service.regler(MAINTENANT + ABANDON + timedelta(seconds=1))
    interrompus = ailleurs.lire(travail.id), ailleurs.lire(suivant.id)
    tours.reprendre()
    finis = ici.attendre(travail.id, ATTENTE), ici.attendre(suivant.id, ATTENTE)

    assert [(t.statut, t.erreur, t.termine_le) for t in interrompus] == 2 * [
        (Statut.ECHOUE, INTERROMPU, horloge_service.instant)]
    assert [(t.statut, t.erreur, t.rapport) for t in finis] == 2 * [(Statut.ECHOUE, INTERROMPU, None)]
    assert not finis[0].detail.exists()


def test_the_capacity_counts_the_unfinished_jobs_of_every_process(registre, rapport):
    ici, ailleurs, premier, second = registre(2), registre(2), Tours(), Tours()
    travaux = ici.soumettre("rejeux", termine(rapport, premier)), ailleurs.soumettre("rejeux", termine(rapport, second))

    with pytest.raises(RegistrePlein, match="2 rejeux sont déjà en attente ou en cours"):
        ici.soumettre("rejeux", termine(rapport))
    premier.laisser_passer()
    ici.attendre(travaux[0].id, ATTENTE)
    troisieme = ailleurs.soumettre("rejeux", termine(rapport))
    second.laisser_passer()

    assert ailleurs.lire(travaux[0].id) is None
    assert {ailleurs.attendre(t.id, ATTENTE).statut for t in (travaux[1], troisieme)} == {Statut.TERMINE}


def test_a_forgotten_job_takes_its_csv_file_along(registre, rapport):
    ici, ailleurs = registre(1), registre(1)
    ancien = ici.attendre(ici.soumettre("rejeux", termine(rapport)).id, ATTENTE)
    assert ancien.detail.read_text(encoding="utf-8") == EN_TETE_CSV

    ailleurs.attendre(ailleurs.soumettre("rejeux", termine(rapport)).id, ATTENTE)

    assert ici.lire(ancien.id) is None and not ancien.detail.exists()


def test_the_replay_directory_is_the_setting_or_one_per_store(tmp_path):
    sqlite = [Reglages(data_dir=tmp_path / nom) for nom in ("a", "b")]
    postgres = [Reglages(store="postgres", postgres_dbname=nom) for nom in ("a", "b")]
    par_defaut = [dossier_rejeux(r.env_eventsourcing()) for r in (*sqlite, *postgres)]
    regle = Reglages.depuis_env({"COTATION_DOSSIER_REJEUX": str(tmp_path / "rejeux")})

    assert len(set(par_defaut)) == 4 and {d.parent for d in par_defaut} == {Path(tempfile.gettempdir())}
    assert dossier_rejeux(sqlite[0].env_eventsourcing()) == par_defaut[0]
    assert dossier_rejeux(regle.env_eventsourcing()) == tmp_path / "rejeux"
