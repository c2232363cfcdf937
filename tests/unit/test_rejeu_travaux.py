"""The service's job registry for replays and evaluations: run in the background one at a time,
refused or failed in French, bounded."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

import pytest

from adapters.horloge import HorlogeReglable
from adapters.rejeu.travaux import Registre, RegistrePlein, Statut
from domain.erreurs import DonneesInvalides

HORLOGE = HorlogeReglable(datetime(2026, 11, 20, 10, 0, tzinfo=UTC))


def test_a_job_reports_its_progress_then_its_report():
    registre = Registre(HORLOGE)

    def calcul(travail, detail):
        travail.etape("Rejeu des demandes", 2)
        travail.avancer(2)
        detail.write("demande;date\n")
        return "rapport"

    travail = registre.attendre(registre.soumettre("rejeux", calcul).id, 10)

    assert (travail.statut, travail.rapport, travail.faits, travail.total) == (Statut.TERMINE, "rapport", 2, 2)
    assert travail.detail.read_text(encoding="utf-8") == "demande;date\n"


def test_a_refusal_keeps_its_french_message_and_a_crash_says_nothing_of_it():
    registre = Registre(HORLOGE)

    def refus(travail, detail):
        raise DonneesInvalides("année invalide : 2026")

    def panne(travail, detail):
        raise RuntimeError("/chemin/secret")

    refuse = registre.attendre(registre.soumettre("evaluations", refus).id, 10)
    casse = registre.attendre(registre.soumettre("evaluations", panne).id, 10)

    assert (refuse.statut, refuse.erreur) == (Statut.ECHOUE, "année invalide : 2026")
    assert casse.statut is Statut.ECHOUE and "secret" not in casse.erreur


def test_a_full_registry_forgets_the_oldest_finished_job_or_refuses():
    registre, feu = Registre(HORLOGE, capacite=2), threading.Event()
    premier = registre.attendre(registre.soumettre("rejeux", lambda t, d: "un").id, 10)
    bloque = registre.soumettre("rejeux", lambda t, d: feu.wait(10))

    troisieme = registre.soumettre("rejeux", lambda t, d: "trois")

    assert registre.lire(premier.id) is None and registre.lire(bloque.id) is bloque
    with pytest.raises(RegistrePlein, match="déjà en attente ou en cours"):
        registre.soumettre("rejeux", lambda t, d: "quatre")
    feu.set()
    assert registre.attendre(troisieme.id, 10).rapport == "trois"
