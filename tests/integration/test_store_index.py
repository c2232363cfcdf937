"""The numéro unique index, on SQLite and PostgreSQL: one demande per numéro, search, listing,
and a rebuild from the notification log into an empty index."""

from __future__ import annotations

from datetime import date

import pytest
from structlog.testing import capture_logs

from adapters.application import CotationApp
from domain.demande.evenements import SituationDeclaree
from domain.erreurs import CommandeInvalide, DemandeIntrouvable


def numero(n: int) -> str:
    return f"0512109{n:07d}EPER"


def _enregistrer(app: CotationApp, donnees_demande, nombre: int) -> list:
    return [app.enregistrer_demande(donnees_demande(numero(n)))[0] for n in range(1, nombre + 1)]


def test_une_demande_se_retrouve_par_son_numero_unique(app, donnees_demande):
    demande_id, _ = app.enregistrer_demande(donnees_demande(numero(7)))
    assert app.rechercher(numero(7)) == demande_id
    assert app.rechercher(" 051 2109 0000007 eper ") == demande_id


def test_un_numero_inconnu_ou_mal_forme_est_signale(app):
    with pytest.raises(DemandeIntrouvable, match="aucune demande n'est enregistrée sous ce numéro unique"):
        app.rechercher(numero(8))
    with pytest.raises(CommandeInvalide, match="18 caractères"):
        app.rechercher("0512109")


def test_un_numero_deja_enregistre_est_refuse_sans_rien_ecrire(app, donnees_demande, nombre_evenements):
    premiere, _ = app.enregistrer_demande(donnees_demande(numero(1)))
    with pytest.raises(CommandeInvalide, match="^ce numéro unique est déjà enregistré$"):
        app.enregistrer_demande(donnees_demande(numero(1), canal="guichet", guichet_id="EPE1"))
    assert nombre_evenements() == 1
    assert app.demandes() == [premiere]


def test_deux_enregistrements_simultanes_du_meme_numero_n_en_gardent_qu_un(
    app, lent, donnees_demande, nombre_evenements
):
    """The second writer passed its check before the first wrote: the database still refuses it."""
    lent.intrusion = lambda: app.enregistrer_demande(donnees_demande(numero(3)))
    with capture_logs() as journaux, pytest.raises(CommandeInvalide, match="ce numéro unique est déjà enregistré"):
        lent.enregistrer_demande(donnees_demande(numero(3)))
    assert [j["event"] for j in journaux] == ["evenement_enregistre", "ecriture_concurrente", "commande_refusee"]
    assert nombre_evenements() == 1
    assert app.demandes() == [app.rechercher(numero(3))]


def test_les_demandes_se_listent_par_ordre_d_enregistrement(app, donnees_demande):
    ids = _enregistrer(app, donnees_demande, 5)
    app.ajouter(ids[0], SituationDeclaree, dict(effet_le=date(2021, 12, 1), acteur={"type": "demandeur"},
                                                situation={"ressources_mensuelles": "800"}))
    assert app.demandes() == ids
    assert app.demandes(limit=2, offset=1) == ids[1:3]
    assert app.demandes(limit=10, offset=5) == []
    with pytest.raises(CommandeInvalide, match="pagination invalide"):
        app.demandes(limit=0)


def test_l_index_efface_se_reconstruit_depuis_le_journal(app, donnees_demande):
    ids = _enregistrer(app, donnees_demande, 5)
    app.recorder.effacer()
    assert app.demandes() == []
    with pytest.raises(DemandeIntrouvable):
        app.rechercher(numero(1))
    assert app.rattraper_index(lot=2) == 5
    assert app.demandes() == ids
    assert [app.rechercher(numero(n)) for n in range(1, 6)] == ids
    assert app.recorder.position() == app.recorder.max_notification_id()


def test_le_rattrapage_reprend_a_la_position_suivie(app, donnees_demande):
    _enregistrer(app, donnees_demande, 2)
    assert app.reconstruire_index() == 2
    assert app.rattraper_index() == 0
    suivantes = [app.enregistrer_demande(donnees_demande(numero(n)))[0] for n in (3, 4)]
    assert app.rattraper_index() == 2  # read again, already indexed at registration: kept as is
    assert app.demandes(limit=2, offset=2) == suivantes


def test_la_reconstruction_refait_le_meme_index(app, donnees_demande):
    ids = _enregistrer(app, donnees_demande, 3)
    assert app.reconstruire_index(lot=1) == 3
    assert app.demandes() == ids
    with pytest.raises(CommandeInvalide, match="déjà enregistré"):
        app.enregistrer_demande(donnees_demande(numero(2)))
