"""Structured logs: each write is logged with technical fields only, never personal data."""

from __future__ import annotations

import json
from datetime import date

import pytest
import structlog
from structlog.testing import capture_logs

from adapters.bootstrap import configurer_journal
from adapters.reglages import Reglages
from domain.demande.evenements import SituationDeclaree
from domain.erreurs import CommandeInvalide

CHAMPS_TECHNIQUES = {"event", "log_level", "topic", "aggregat_id", "version", "acteur", "erreur", "tentative"}


def test_le_journal_ne_contient_aucune_donnee_personnelle(app, donnees_demande):
    donnees = donnees_demande()
    with capture_logs() as journaux:
        demande_id, _ = app.enregistrer_demande(donnees)
        app.ajouter(demande_id, SituationDeclaree, dict(effet_le=date(2021, 12, 1), acteur={"type": "demandeur"},
                                                        situation={"ressources_mensuelles": "1234.56"}))
        with pytest.raises(CommandeInvalide):
            app.enregistrer_demande(donnees)
    texte = repr(journaux)
    for donnee in (donnees["numero_unique"], "1995-01-01", "1234.56", "heberge_tiers", "EPERNAY"):
        assert donnee not in texte
    assert all(set(j) <= CHAMPS_TECHNIQUES for j in journaux)
    assert journaux[0] == {
        "event": "evenement_enregistre", "log_level": "info", "topic": "cotation.demande.enregistree",
        "aggregat_id": str(demande_id), "version": 1, "acteur": "demandeur",
    }
    assert journaux[-1] | {"aggregat_id": None} == {
        "event": "commande_refusee", "log_level": "info", "topic": "cotation.demande.enregistree",
        "aggregat_id": None, "erreur": "CommandeInvalide",
    }


@pytest.fixture
def journal_reinitialise():
    yield
    structlog.reset_defaults()


@pytest.mark.parametrize(
    ("environ", "production", "json_attendu"),
    [
        ({}, True, True),
        ({}, False, False),
        ({"COTATION_LOG_FORMAT": "json"}, False, True),
        ({"COTATION_LOG_FORMAT": "console"}, True, False),
    ],
)
def test_le_format_du_journal(capsys, journal_reinitialise, environ, production, json_attendu):
    configurer_journal(Reglages.depuis_env(environ), production=production)
    structlog.get_logger("cotation").info("evenement_enregistre", version=1)
    sortie = capsys.readouterr()
    assert sortie.out == ""
    assert sortie.err.startswith("{") is json_attendu
    if json_attendu:
        assert json.loads(sortie.err) | {"timestamp": None} == {
            "event": "evenement_enregistre", "version": 1, "level": "info", "timestamp": None,
        }


def test_un_format_de_journal_inconnu_est_refuse():
    with pytest.raises(ValueError, match="COTATION_LOG_FORMAT"):
        Reglages.depuis_env({"COTATION_LOG_FORMAT": "xml"})
