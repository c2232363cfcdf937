"""The cotation read models on both stores (ADR 0019): a rebuild yields exactly the rows of the
incremental catch-up, a failed write leaves rows and position as they were, the daily refresh
moves a score on the day after its validity with no event, and the timeline serves the score
the engine computes at any date."""

from __future__ import annotations

import random
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, time, timedelta
from threading import Barrier
from typing import Any
from uuid import UUID

import pytest

from adapters.application import CotationApp
from adapters.bootstrap import creer_application
from adapters.demo.histoires import histoires
from adapters.demo.semis import _Semis, adoption, semer
from adapters.horloge import HorlogeReglable, aujourdhui
from adapters.projections import ecriture, lecture
from adapters.projections.base import Base
from adapters.projections.rattrapage import actualiser, rattraper
from adapters.projections.reconstruction import reconstruire
from adapters.projections.tables import DU_JOURNAL
from adapters.reglages import Reglages
from domain.demande.evenements import SituationDeclaree
from domain.erreurs import DonneesInvalides, ErreurCotation
from projections.cotations import HORIZON
from tests.integration.test_planificateur import adopter

#: The projections' day: after every event of the demo, before its grid's parameters run out.
JOUR = datetime(2026, 11, 20, 9, tzinfo=UTC)
DEMANDES = 18  # the 18th demande of the demo is housed: an attribution


def contenu(app: CotationApp) -> dict[str, Any]:
    """Every row of the tables fed by the log, in key order, and the position."""
    base = Base(app)
    tables = {
        t.nom: [tuple(r[c] for c in t.noms) for r in base.lire(f"SELECT * FROM {t.nom} ORDER BY {', '.join(t.cle)}")]
        for t in DU_JOURNAL
    }
    return tables | {"position": base.position()}


@pytest.fixture
def lecteur(reglages: Reglages) -> Iterator[CotationApp]:
    """The projections' application on the store of ``app``, its clock on ``JOUR``."""
    application = creer_application(reglages, HorlogeReglable(JOUR))
    yield application
    application.close()


def ecrire_en_rattrapant(app: CotationApp, horloge: HorlogeReglable, lecteur: CotationApp, nombre: int) -> None:
    """Write a small demo interleaved across demandes by recorded time, catching up in small
    batches every few writes."""
    semis = _Semis(app, horloge)
    ecritures = sorted([adoption(), *histoires(nombre)], key=lambda e: (e.instant, e.demande))
    for numero, ecrit in enumerate(ecritures, 1):
        semis.ecrire(ecrit)
        if numero % 11 == 0:
            rattraper(lecteur, lot=7, neuve_en_un_passage=False)
    rattraper(lecteur, lot=7, neuve_en_un_passage=False)


def test_a_rebuild_yields_exactly_the_rows_of_the_incremental_catch_up(app, horloge, lecteur):
    ecrire_en_rattrapant(app, horloge, lecteur, DEMANDES)
    incremental = contenu(lecteur)

    bilan = reconstruire(lecteur, progression=False)

    assert contenu(lecteur) == incremental
    assert (bilan.demandes, bilan.position, bilan.rattrapes) == (DEMANDES, incremental["position"], 0)
    assert all(incremental[t.nom] for t in DU_JOURNAL), "every table has rows"


def test_rows_written_after_a_rebuild_switched_in_match_a_second_rebuild(app, horloge, lecteur):
    ecrire_en_rattrapant(app, horloge, lecteur, 4)
    reconstruire(lecteur, progression=False)
    [active] = Base(lecteur).lire("SELECT demande_id FROM cotations_courantes WHERE active = 1 LIMIT 1")
    horloge.regler(JOUR)
    app.ajouter(UUID(active["demande_id"]), SituationDeclaree, dict(
        effet_le=JOUR.date(), acteur={"type": "demandeur"}, situation={"ressources_mensuelles": "900"},
    ))
    assert rattraper(lecteur) == 1
    suivi = contenu(lecteur)

    reconstruire(lecteur, progression=False)  # PostgreSQL: the indexes renamed by the first switch

    assert contenu(lecteur) == suivi


def test_a_rebuild_in_worker_processes_yields_the_same_rows(reglages, lecteur):
    semer(reglages, 5)
    reconstruire(lecteur, progression=False)
    seul = contenu(lecteur)

    bilan = reconstruire(lecteur, progression=False, travailleurs=2, paquet=2)

    assert contenu(lecteur) == seul and bilan.demandes == 5


def test_a_first_catch_up_builds_in_one_pass_what_batches_build(app, horloge, lecteur):
    ecrire_en_rattrapant(app, horloge, lecteur, 4)
    par_lots = contenu(lecteur)
    _placer(lecteur, 0, vider=True)

    rattraper(lecteur)

    assert contenu(lecteur) == par_lots


def test_a_write_failing_midway_leaves_rows_and_position_as_they_were(app, horloge, lecteur, monkeypatch):
    ecrire_en_rattrapant(app, horloge, lecteur, 4)
    avant = contenu(lecteur)
    _placer(lecteur, avant["position"] - 20)
    tables_ecrites: list[str] = []
    inserer = ecriture.inserer_table

    def echouer_a_la_troisieme(base, curs, nom, colonnes, valeurs):
        tables_ecrites.append(nom)
        if len(tables_ecrites) == 3:
            raise RuntimeError("panne au milieu de l'écriture d'un lot")
        inserer(base, curs, nom, colonnes, valeurs)

    monkeypatch.setattr(ecriture, "inserer_table", echouer_a_la_troisieme)
    with pytest.raises(RuntimeError):
        rattraper(lecteur, lot=50, neuve_en_un_passage=False)

    assert contenu(lecteur) == avant | {"position": avant["position"] - 20}
    monkeypatch.setattr(ecriture, "inserer_table", inserer)
    rattraper(lecteur)
    assert contenu(lecteur) == avant


def test_two_catch_ups_at_once_end_as_a_clean_rebuild(reglages, lecteur):
    semer(reglages, 6)
    autre = creer_application(reglages, HorlogeReglable(JOUR))
    depart = Barrier(2)

    def rattraper_apres_le_depart(application: CotationApp) -> int:
        depart.wait()
        return rattraper(application, lot=5, neuve_en_un_passage=False)

    try:
        with ThreadPoolExecutor(2) as executeur:
            lus = list(executeur.map(rattraper_apres_le_depart, [lecteur, autre]))
    finally:
        autre.close()
    ensemble = contenu(lecteur)
    reconstruire(lecteur, progression=False)

    assert contenu(lecteur) == ensemble
    assert sum(lus) >= ensemble["position"] == Base(lecteur).derniere()


def test_a_batch_whose_position_moved_meanwhile_writes_nothing(app):
    base = Base(app)
    _placer(app, 12)

    with pytest.raises(ecriture.PositionDepassee):
        ecriture.remplacer(base, [], [], 11, 20)

    assert base.position() == 12


def test_the_daily_refresh_moves_the_score_the_day_after_its_validity(app, horloge, donnees_demande):
    adopter(app)
    demande_id, _ = app.enregistrer_demande(donnees_demande())
    rattraper(app)
    courante = lecture.cotation_courante(app, demande_id)
    assert courante.valide_jusqu_au is not None
    fin = courante.valide_jusqu_au

    horloge.regler(datetime.combine(fin, time(9), tzinfo=UTC))
    assert (rattraper(app), actualiser(app)) == (0, 0)
    horloge.regler(datetime.combine(fin + timedelta(days=1), time(9), tzinfo=UTC))
    assert (rattraper(app), actualiser(app)) == (0, 1)

    apres = lecture.cotation_courante(app, demande_id)
    assert (apres.etape.du, apres.calcule_le) == (fin + timedelta(days=1), fin + timedelta(days=1))
    assert apres.etape.total == app.cotation(demande_id, fin + timedelta(days=1)).total != courante.etape.total
    assert [c.total for c in lecture.classement(app, demande_id)] == [apres.etape.total]
    assert actualiser(app) == 0


def test_the_timeline_serves_the_score_the_engine_computes_at_any_date(reglages, lecteur):
    semer(reglages, 8)
    rattraper(lecteur)
    tirage = random.Random(19)
    for demande_id in lecteur.demandes(100, 0):
        courante = lecture.cotation_courante(lecteur, demande_id)
        debut = courante.inscrite_le - timedelta(days=400)
        jours = (courante.horizon - debut).days + 1
        for jour in sorted(debut + timedelta(days=tirage.randrange(jours)) for _ in range(4)):
            assert _total_au(lecteur, demande_id, jour) == _total_du_moteur(lecteur, demande_id, jour), jour
        assert lecture.chronologie(lecteur, demande_id)[-1].du <= courante.horizon


def test_no_score_served_beyond_the_timeline_horizon(app, donnees_demande):
    demande_id, _ = app.enregistrer_demande(donnees_demande())
    rattraper(app)
    horizon = aujourdhui(app.horloge) + HORIZON

    assert lecture.score_au(app, demande_id, horizon) is not None
    with pytest.raises(DonneesInvalides, match="s'arrête au"):
        lecture.score_au(app, demande_id, horizon + timedelta(days=1))


def _total_au(app: CotationApp, demande_id, jour: date) -> Any:
    etape = lecture.score_au(app, demande_id, jour)
    return "non inscrite" if etape is None else etape.total


def _total_du_moteur(app: CotationApp, demande_id, jour: date) -> Any:
    if not app.historique(demande_id) or min(e.effet_le for e in app.historique(demande_id)) > jour:
        return "non inscrite"
    try:
        return app.cotation(demande_id, jour).total
    except ErreurCotation:
        return None


def _placer(app: CotationApp, position: int, vider: bool = False) -> None:
    """Set the read models' position back (and empty them), as if they had not read past it."""
    base = Base(app)
    with base.datastore.transaction(commit=True) as curs:
        for table in DU_JOURNAL if vider else ():
            curs.execute(f"DELETE FROM {table.nom}")
        curs.execute(base.sql(ecriture.AVANCER), (position, "cotations"))
