"""Positionnement and délai moyen d'attente on a tiny hand-made set, on both stores: known ranks
(ties share a rank), counts, distribution, and averages over the 12 months before the date."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import UUID, uuid5

import psycopg
import pytest

from adapters.application import CotationApp
from adapters.bootstrap import creer_application
from adapters.projections import lecture
from adapters.projections.base import Base
from adapters.projections.ecriture import inserer_table
from adapters.projections.positionnement import calculer_positionnement, distribution
from adapters.projections.tables import ATTRIBUTIONS, SOUHAITS
from tests.conftest import PG, reglages_pour

LE = date(2026, 6, 30)
A, B, C, D = (uuid5(UUID(int=0), nom) for nom in "ABCD")
#: (demande, wish rank, commune, typologie, total, first inscription)
SOUHAITS_ACTIFS = [
    (A, 1, "EPERNAY", "T2", "50", "2020-01-01"),
    (B, 1, "EPERNAY", "T2", "50", "2019-01-01"),
    (C, 1, "EPERNAY", "T2", "30", "2018-01-01"),
    (D, 1, "EPERNAY", "T2", "50", "2019-01-01"),
    (A, 2, "MAGENTA", "T3", "50", "2020-01-01"),
]
#: (attributed on, commune, typologie, wait in days): the 12 months before ``LE`` are 1/07/2025-30/06/2026.
ATTRIBUEES = [
    ("2026-01-10", "EPERNAY", "T2", 100),
    ("2025-07-01", "EPERNAY", "T2", 201),
    ("2025-06-30", "EPERNAY", "T2", 5000),  # exactly 12 months before: left out
    ("2026-07-01", "EPERNAY", "T2", 5000),  # after the date: left out
    ("2026-06-30", "OIRY", "T1", 10),
]


def remplir(app) -> None:
    base = Base(app)
    souhaits = [(d.hex, rang, commune, typo, total, le) for d, rang, commune, typo, total, le in SOUHAITS_ACTIFS]
    attributions = [
        (f"{numero:032x}", le, commune, typo, "2019-01-01", jours)
        for numero, (le, commune, typo, jours) in enumerate(ATTRIBUEES)
    ]
    with base.datastore.transaction(commit=True) as curs:
        inserer_table(base, curs, SOUHAITS.nom, SOUHAITS.noms, souhaits)
        inserer_table(base, curs, ATTRIBUTIONS.nom, ATTRIBUTIONS.noms, attributions)


def test_ranks_distribution_and_average_waits_on_a_hand_made_set(app):
    remplir(app)

    bilan = calculer_positionnement(app, LE)

    assert (bilan.positions, bilan.souhaits, bilan.delais) == (5, 2, 2)
    rangs = {d: [(p.commune, p.rang, p.sur) for p in lecture.positionnement(app, d)] for d in (A, B, C, D)}
    assert rangs == {
        A: [("EPERNAY", 3, 4), ("MAGENTA", 1, 1)],
        B: [("EPERNAY", 1, 4)],
        C: [("EPERNAY", 4, 4)],
        D: [("EPERNAY", 1, 4)],
    }
    epernay, magenta = lecture.positionnement(app, A)
    assert epernay.distribution == {
        "min": "30.00", "q1": "45.00", "mediane": "50.00", "q3": "50.00", "max": "50.00",
        "deciles": ["36.00", "42.00", "48.00", "50.00", "50.00", "50.00", "50.00", "50.00", "50.00"],
    }
    assert epernay.calcule_le == LE and epernay.delai is not None and magenta.delai is None
    assert [(d.commune, d.attributions, d.delai_moyen_jours, d.calcule_le) for d in lecture.delais_moyens(app)] == [
        ("EPERNAY", 2, Decimal("150.5"), LE),
        ("OIRY", 1, Decimal("10.0"), LE),
    ]


def test_the_live_ranking_agrees_with_the_weekly_one_until_the_read_models_change(app):
    remplir(app)
    calculer_positionnement(app, LE)

    for demande in (A, B, C, D):
        hebdomadaire = [(p.rang_souhait, p.rang, p.sur) for p in lecture.positionnement(app, demande)]
        assert [(c.rang_souhait, c.rang, c.sur) for c in lecture.classement(app, demande)] == hebdomadaire
    assert lecture.classement(app, uuid5(UUID(int=0), "inconnue")) == []


def test_a_new_computation_replaces_the_previous_one_with_its_own_date(app):
    remplir(app)
    calculer_positionnement(app, LE)

    calculer_positionnement(app, date(2027, 7, 1))

    assert lecture.dernier_positionnement(app) == date(2027, 7, 1)
    assert {p.calcule_le for p in lecture.positionnement(app, A)} == {date(2027, 7, 1)}
    assert lecture.delais_moyens(app) == []


def test_the_quantiles_read_from_their_places_are_those_of_every_total_for_every_size_of_wish(app):
    """The distribution reads only the totals at a quantile's places: for wishes of 1 to 41
    demandes, it equals the distribution computed from all their totals."""
    base, demandes = Base(app), {}
    for taille in range(1, 42):
        totaux = [Decimal((7 * k * taille) % 97) for k in range(taille)]
        demandes[taille] = [uuid5(UUID(int=taille), str(k)) for k in range(taille)]
        souhaits = [(d.hex, 1, f"C{taille:02d}", "T2", str(t), "2020-01-01") for d, t in zip(demandes[taille], totaux)]
        with base.datastore.transaction(commit=True) as curs:
            inserer_table(base, curs, SOUHAITS.nom, SOUHAITS.noms, souhaits)
        demandes[taille] = (demandes[taille][0], sorted(totaux))

    bilan = calculer_positionnement(app, LE)

    assert (bilan.positions, bilan.souhaits) == (sum(range(1, 42)), 41)
    for taille, (demande, totaux) in demandes.items():
        [lu] = lecture.positionnement(app, demande)
        assert (lu.sur, lu.distribution) == (taille, distribution(taille, dict(enumerate(totaux)))), taille


@pytest.mark.postgres
def test_on_postgresql_the_ranks_are_keyed_by_ids_compared_byte_by_byte(tmp_path, request):
    """Their key builds several times faster than under the database's locale; a demande's
    positions are still found by its id."""
    reglages = reglages_pour("postgres", tmp_path, request)
    app: CotationApp = creer_application(reglages)
    try:
        remplir(app)
        calculer_positionnement(app, LE)
        assert [p.rang for p in lecture.positionnement(app, A)] == [3, 1]
    finally:
        app.close()

    with psycopg.connect(**PG, dbname=reglages.postgres_dbname) as cx:
        requete = "SELECT collation_name FROM information_schema.columns WHERE table_name = %s AND column_name = %s"
        [(collation,)] = cx.execute(requete, ("positionnements", "demande_id")).fetchall()

    assert collation == "C"
