"""Two applications on one store (two service processes): each keeps the histories it decoded, and
reads what the other one wrote; a write from a kept history lands after the other's."""

from __future__ import annotations

from datetime import date

from domain.demande.evenements import SituationDeclaree


def _declarer(revenu: str) -> dict:
    return dict(effet_le=date(2021, 12, 1), acteur={"type": "demandeur"}, situation={"ressources_mensuelles": revenu})


def test_an_application_reads_what_another_one_wrote_after_it_kept_the_history(app, lent, donnees_demande):
    demande_id, _ = app.enregistrer_demande(donnees_demande())
    assert len(app.historique(demande_id)) == 1

    ecrit_ailleurs = lent.ajouter(demande_id, SituationDeclaree, _declarer("900"))

    assert app.historique(demande_id) == lent.historique(demande_id)
    assert app.historique(demande_id)[-1] == ecrit_ailleurs


def test_a_write_from_a_kept_history_follows_the_events_written_elsewhere(app, lent, donnees_demande):
    demande_id, _ = app.enregistrer_demande(donnees_demande())
    app.historique(demande_id)
    lent.ajouter(demande_id, SituationDeclaree, _declarer("900"))

    app.ajouter(demande_id, SituationDeclaree, _declarer("950"))

    revenus = [e.situation.ressources_mensuelles for e in lent.historique(demande_id)[1:]]
    assert [str(r) for r in revenus] == ["900", "950"]
