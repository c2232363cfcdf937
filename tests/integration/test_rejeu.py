"""The replay and the yearly evaluation over a generated history in a real store.

A generated history of ``DEMANDES`` demandes (2019 to 2026) is written in bulk (the same events,
checked by the same rules, as through the application); the replay runs at the first of each
month from December 2025 to November 2026.
"""

from __future__ import annotations

import io
from collections import Counter
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from adapters.application import CotationApp, id_grille
from adapters.bootstrap import creer_application
from adapters.demo.versement import verser_historique
from adapters.grilles import charger, livree
from adapters.horloge import HorlogeReglable
from adapters.reglages import Reglages
from adapters.rejeu.execution import evaluer, rejouer
from domain.cotation.moteur import coter
from domain.demande.faits import faits_au
from domain.erreurs import DonneesInvalides
from domain.grille.historique import grille_en_vigueur
from projections.rejeu import mois_passes
from tests.conftest import reglages_pour
from tests.unit.fabrique import avec_critere

DEMANDES = 100
MAINTENANT = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
DATES = mois_passes(MAINTENANT.date(), 12)
EPERNAY = charger(livree("epernay-2021-12"))
CRITERE, POINTS = "HABITE_COMMUNE", Decimal(15)


def _ouvrir(reglages: Reglages) -> CotationApp:
    verser_historique(reglages, DEMANDES)
    return creer_application(reglages, HorlogeReglable(MAINTENANT))


@pytest.fixture
def historique_postgres(tmp_path, request: pytest.FixtureRequest):
    app = _ouvrir(reglages_pour("postgres", tmp_path, request))
    yield app
    app.close()


@pytest.fixture(scope="module")
def historique_sqlite(tmp_path_factory: pytest.TempPathFactory):
    """The generated history on SQLite, shared by the tests that need only one store."""
    app = _ouvrir(Reglages(store="sqlite", data_dir=tmp_path_factory.mktemp("rejeu"), territoire="CA_EPERNAY"))
    yield app
    app.close()


def test_the_adopted_grid_replayed_against_itself_changes_nothing(historique_sqlite):
    _sans_changement(historique_sqlite)


@pytest.mark.postgres
def test_the_adopted_grid_replayed_against_itself_changes_nothing_on_postgresql(historique_postgres):
    _sans_changement(historique_postgres)


def _sans_changement(app: CotationApp) -> None:
    detail = io.StringIO()

    rapport = rejouer(app, EPERNAY, DATES, detail)

    assert rapport.entete.demandes > 0 and rapport.entete.lignes == rapport.entete.lignes_comparees
    assert [(e.ecart, e.lignes) for e in rapport.distribution] == [(0, rapport.entete.lignes)]
    assert all(c.lignes_en_hausse == c.lignes_en_baisse == 0 for c in rapport.par_critere)
    assert rapport.controle_legal.depassements_dalo == 0
    legal = rapport.controle_legal
    assert legal.part_prioritaires_premier_decile_en_vigueur == legal.part_prioritaires_premier_decile_candidate
    assert all(p.rang_en_vigueur == p.rang_candidate for p in rapport.accord_cal.passages)
    lignes = detail.getvalue().splitlines()[1:]
    assert lignes and all(colonnes[9] == "0" and colonnes[10] == colonnes[11] for colonnes in map(_cellules, lignes))


def _cellules(ligne: str) -> list[str]:
    return ligne.split(";")


def _attendus(app: CotationApp) -> Counter:
    """Independently of the replay: at each date, each active demande scored by the engine under
    the grid in force, and whether the criterion gives it points."""
    ecarts: Counter = Counter()
    grille = app.historique(id_grille(app.territoire))
    for demande_id in app.demandes(DEMANDES + 10, 0):
        historique = app.historique(demande_id)
        for jour in DATES:
            faits = faits_au(historique, jour)
            if faits is not None and faits.radiation is None:
                en_vigueur = grille_en_vigueur(grille, jour, faits.type_demande)
                cotation = coter(faits, en_vigueur.version, jour, None, en_vigueur.inactifs)
                retenu = any(c.critere == CRITERE and c.retenu for c in cotation.contributions)
                ecarts[Decimal(5) if retenu else Decimal(0)] += 1
    return ecarts


def test_a_weight_raised_by_five_points_moves_exactly_the_rows_where_its_criterion_counts(historique_sqlite):
    candidate = avec_critere(EPERNAY, CRITERE, points={"type": "fixe", "points": POINTS + 5}).model_copy(
        update={"version": "epernay-revoyure-2027", "effet_le": date(2026, 1, 1)}
    )

    rapport = rejouer(historique_sqlite, candidate, DATES)

    attendus = _attendus(historique_sqlite)
    assert attendus[Decimal(5)] > 0
    assert {e.ecart: e.lignes for e in rapport.distribution} == dict(attendus)
    critere = next(c for c in rapport.par_critere if c.code == CRITERE)
    assert (critere.lignes_en_hausse, critere.somme_ecarts) == (attendus[Decimal(5)], 5 * attendus[Decimal(5)])
    assert (critere.maximum_en_vigueur, critere.maximum_candidate) == (POINTS, POINTS + 5)
    assert all(c.lignes_en_hausse == 0 for c in rapport.par_critere if c.code != CRITERE)
    assert all(c.respectee for c in rapport.controle_legal.adoption)


def test_worker_processes_give_the_same_report(historique_sqlite):
    candidate = avec_critere(EPERNAY, CRITERE, points={"type": "fixe", "points": POINTS + 5})

    seul = rejouer(historique_sqlite, candidate, DATES[-3:], processus=1)
    a_deux = rejouer(historique_sqlite, candidate, DATES[-3:], processus=2)

    assert a_deux == seul


def test_dates_to_come_or_too_many_are_refused_in_french(historique_sqlite):
    with pytest.raises(DonneesInvalides, match="porte sur l'historique"):
        rejouer(historique_sqlite, EPERNAY, [date(2027, 1, 1)])
    with pytest.raises(DonneesInvalides, match="au moins une date"):
        rejouer(historique_sqlite, EPERNAY, [])


def test_the_yearly_evaluation_ranks_the_chosen_candidates_and_counts_the_housed(historique_sqlite):
    rapport = evaluer(historique_sqlite, 2025)

    assert rapport.dates[0] == date(2025, 1, 1) and rapport.dates[-1] == date(2025, 12, 31)
    assert rapport.demandes_actives_fin > 0
    assert sum(t.attributions for t in rapport.tranches) == rapport.attributions == len(rapport.candidats_retenus)
    assert all(c.le.year == 2025 for c in rapport.candidats_retenus)
    assert sum(c.en_attente for c in rapport.par_commune_typologie) >= rapport.demandes_actives_fin
    with pytest.raises(DonneesInvalides, match="année invalide"):
        evaluer(historique_sqlite, 2026)
