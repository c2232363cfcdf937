"""A generated history loaded in bulk is the one the application writes event by event.

Same demandes, same events (ids and recorded times included, drawn from the seed), same scores;
the demandes of a window interleaved in the log by recorded time; the numéro index usable at
once; the same log whatever the number of preparing processes; a store not empty, or a refused
event, writes nothing.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import psycopg
import pytest

from adapters.application import CotationApp, id_grille
from adapters.bootstrap import creer_application
from adapters.demo import versement
from adapters.demo.histoires import generer
from adapters.demo.semis import semer_historique
from adapters.demo.versement import verser_historique
from adapters.reglages import Reglages
from domain.demande.evenements import JustificatifValide
from domain.erreurs import CommandeInvalide, ErreurCotation
from tests.conftest import PG, reglages_pour

DEMANDES, GRAINE = 30, 5
JOURS = (date(2020, 6, 1), date(2022, 3, 15), date(2024, 1, 1), date(2026, 10, 30))


@pytest.fixture(scope="module")
def seconde_base() -> Iterator[str]:
    nom = f"cotation_test_{os.getpid()}_bis"
    with psycopg.connect(**PG, dbname="postgres", autocommit=True) as cx:
        cx.execute(f'DROP DATABASE IF EXISTS "{nom}" WITH (FORCE)')
        cx.execute(f'CREATE DATABASE "{nom}"')
    yield nom
    with psycopg.connect(**PG, dbname="postgres", autocommit=True) as cx:
        cx.execute(f'DROP DATABASE IF EXISTS "{nom}" WITH (FORCE)')


@pytest.fixture
def autre(reglages: Reglages, tmp_path: Path, request: pytest.FixtureRequest) -> Reglages:
    """A second empty store of the same kind as ``reglages``."""
    if reglages.store == "sqlite":
        return replace(reglages, data_dir=tmp_path / "autre")
    nom = request.getfixturevalue("seconde_base")
    with psycopg.connect(**PG, dbname=nom, autocommit=True) as cx:
        tables = [r[0] for r in cx.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
        if tables:
            cx.execute("TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " RESTART IDENTITY")
    return replace(reglages, postgres_dbname=nom)


def ouvrir(reglages: Reglages) -> CotationApp:
    return creer_application(reglages)


def contenu(app: CotationApp) -> dict[Any, Any]:
    """Every demande's events and its scores (or the refusal) at a few days, and the grid's events."""
    demandes = app.demandes(1000)
    return {
        "grille": app.historique(id_grille(app.territoire)),
        **{d: (app.historique(d), [_score(app, d, jour) for jour in JOURS]) for d in demandes},
    }


def _score(app: CotationApp, demande_id: Any, jour: date) -> Any:
    try:
        return app.cotation(demande_id, jour)
    except ErreurCotation as exc:
        return type(exc).__name__, exc.message


def journal(app: CotationApp) -> list[tuple[Any, ...]]:
    """The log, events decoded: the JSON of a set (``motifs``, ``habilitations``) lists its members
    in an order that varies from one process to another."""
    lus = app.recorder.select_notifications(None, 100_000)
    return [(n.id, n.originator_id, n.originator_version, app.mapper.to_domain_event(n).evenement) for n in lus]


def test_a_history_loaded_in_bulk_is_the_one_written_through_the_application(reglages, autre):
    semer_historique(reglages, DEMANDES, GRAINE)
    verser_historique(autre, DEMANDES, GRAINE)

    une, l_autre = ouvrir(reglages), ouvrir(autre)
    try:
        attendu, obtenu = contenu(une), contenu(l_autre)
        assert len(attendu) == DEMANDES + 1
        assert obtenu == attendu
    finally:
        une.close()
        l_autre.close()


def test_the_demandes_of_a_window_are_interleaved_in_the_order_of_their_recorded_times(reglages):
    verser_historique(reglages, DEMANDES, GRAINE, fenetre=12)

    app = ouvrir(reglages)
    try:
        evenements = [(demande, evt) for _, demande, _, evt in journal(app)]
    finally:
        app.close()
    fenetres = _par_fenetre(evenements[1:], 12)
    assert len(fenetres) == 3
    for fenetre in fenetres:
        instants = [evt.enregistre_le for _, evt in fenetre]
        auteurs = [demande for demande, _ in fenetre]
        assert instants == sorted(instants)
        assert sum(a != b for a, b in zip(auteurs, auteurs[1:])) > len(set(auteurs))  # interleaved


def _par_fenetre(evenements: list[Any], taille: int) -> list[list[Any]]:
    """Cut the log where a window's registrations are all seen and a new demande appears."""
    fenetres: list[list[Any]] = []
    vues: set[Any] = set()
    for demande, evt in evenements:
        if demande not in vues and len(vues) % taille == 0:
            fenetres.append([])
        vues.add(demande)
        fenetres[-1].append((demande, evt))
    return fenetres


def test_the_numero_index_is_usable_after_a_bulk_load(reglages, donnees_demande, horloge):
    verser_historique(reglages, DEMANDES, GRAINE)
    numeros = [h[0].donnees["numero_unique"] for h in generer(DEMANDES, GRAINE)]

    app = creer_application(reglages, horloge)
    try:
        demandes = app.demandes(1000)
        trouvees = [app.rechercher(numero) for numero in numeros]
        with pytest.raises(CommandeInvalide, match="numéro unique est déjà enregistré"):
            app.enregistrer_demande(donnees_demande(numero=numeros[3]))
        nouvelle, _ = app.enregistrer_demande(donnees_demande())
        derniere = app.recorder.select_notifications(None, 100_000)[-1]
    finally:
        app.close()
    assert sorted(trouvees) == sorted(demandes) and len(set(trouvees)) == DEMANDES
    evenements = 1 + sum(len(h) for h in generer(DEMANDES, GRAINE))
    assert (derniere.originator_id, derniere.id) == (nouvelle, evenements + 1)


@pytest.mark.postgres
def test_postgresql_has_the_statistics_of_a_bulk_loaded_log(tmp_path, request):
    reglages = reglages_pour("postgres", tmp_path, request)
    verser_historique(reglages, DEMANDES, GRAINE)

    with psycopg.connect(**PG, dbname=reglages.postgres_dbname) as cx:
        analysees = {r[0] for r in cx.execute("SELECT tablename FROM pg_stats WHERE attname = 'originator_id'")}

    assert "cotation_events" in analysees


def test_the_log_is_the_same_whatever_the_number_of_preparing_processes(reglages, autre):
    verser_historique(reglages, DEMANDES, GRAINE, fenetre=7)
    verser_historique(autre, DEMANDES, GRAINE, processus=2, fenetre=7)

    une, l_autre = ouvrir(reglages), ouvrir(autre)
    try:
        assert journal(l_autre) == journal(une)
    finally:
        une.close()
        l_autre.close()


def test_a_store_not_empty_is_refused_and_nothing_is_written(reglages, donnees_demande, horloge):
    app = creer_application(reglages, horloge)
    try:
        app.enregistrer_demande(donnees_demande())
        with pytest.raises(CommandeInvalide, match="la base contient déjà des événements"):
            verser_historique(reglages, DEMANDES, GRAINE)
        assert len(journal(app)) == 1
    finally:
        app.close()


def test_an_event_the_rules_refuse_fails_the_whole_load(reglages, monkeypatch):
    def avec_une_decision_sur_une_piece_inconnue(nombre: int, graine: int, profil: str) -> Iterator[list[Any]]:
        for numero, histoire in enumerate(generer(nombre, graine, profil)):
            if numero == DEMANDES - 2:
                ecriture = histoire[-1]
                donnees = {**ecriture.donnees, "justificatif_id": "6b0e8d8e-1d6f-4c34-9c7a-4d3b1f0e2a11"}
                histoire = [*histoire, replace(ecriture, classe=JustificatifValide, donnees=_decision(donnees))]
            yield histoire

    monkeypatch.setattr(versement, "generer", avec_une_decision_sur_une_piece_inconnue)

    with pytest.raises(CommandeInvalide, match=f"demande générée n° {DEMANDES - 2} : justificatif inconnu"):
        verser_historique(reglages, DEMANDES, GRAINE, fenetre=4)
    app = ouvrir(reglages)
    try:
        assert journal(app) == [] and app.demandes(10) == []
    finally:
        app.close()


def _decision(donnees: dict[str, Any]) -> dict[str, Any]:
    agent = {"type": "agent", "agent_id": "A1", "guichet_id": "G1"}
    return {"effet_le": donnees["effet_le"], "justificatif_id": donnees["justificatif_id"], "acteur": agent}
