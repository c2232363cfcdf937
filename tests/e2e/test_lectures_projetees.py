"""The reads served from the read models agree with the scores computed from the log."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from adapters.projections.positionnement import calculer_positionnement
from tests.e2e.jetons import demandeur


def test_the_current_cotation_and_the_timeline_agree_with_the_engine(client, application, demande_demo):
    courante = client.get(f"/demandes/{demande_demo}/cotation-courante").json()
    etapes = client.get(f"/demandes/{demande_demo}/chronologie").json()["etapes"]

    attendu = application.cotation(demande_demo, date(2026, 11, 20)).total
    assert Decimal(str(courante["cotation"]["total"])) == attendu
    assert courante["calcule_le"] == "2026-11-20"
    assert [e for e in etapes if e["du"] <= "2026-11-20"][-1] == courante["cotation"]
    assert all(e["cause"] for e in etapes)


def test_the_demandeur_reads_their_own_position_and_nobody_else_s(client, application, demande_demo):
    calculer_positionnement(application, date(2026, 11, 20))
    autre = application.demandes(2, 0)[1]

    propre = client.get(f"/demandes/{demande_demo}/positionnement", headers=demandeur(demande_demo))
    refuse = client.get(f"/demandes/{autre}/positionnement", headers=demandeur(demande_demo))

    assert propre.status_code == 200 and propre.json()["dernier_calcul"] == "2026-11-20"
    assert all(c["rang"] <= c["sur"] for c in propre.json()["classement"])
    assert refuse.status_code == 403


def test_the_delais_moyens_are_stamped_with_their_computation_date(client, application):
    calculer_positionnement(application, date(2026, 11, 20))

    reponse = client.get("/delais-moyens").json()

    assert reponse["dernier_calcul"] == "2026-11-20"
    assert all(d["attributions"] >= 1 and d["calcule_le"] == "2026-11-20" for d in reponse["delais"])
