"""A parameter of the grid in force about to have no value is announced ``HORIZON`` ahead, unless a
version adopted by then gives it one."""

from __future__ import annotations

from datetime import date, timedelta

from domain.grille.alertes import HORIZON, parametres_bientot_sans_valeur
from domain.grille.modele import GrilleVersion
from tests.unit.fabrique import EPERNAY, adoption

FIN = date(2027, 1, 1)  # the delivered Épernay grid values its quartile thresholds up to 31/12/2026
QUARTILES = ["seuil_1er_quartile", "seuil_2e_quartile"]


def prolongee(grille: GrilleVersion, version: str, effet: date) -> GrilleVersion:
    parametres = {
        nom: p.model_copy(update={"valeurs": [*p.valeurs, p.valeurs[-1].model_copy(update={"du": effet, "au": None})]})
        if nom in QUARTILES else p
        for nom, p in grille.parametres.items()
    }
    return grille.model_copy(update={"version": version, "effet_le": effet, "parametres": parametres})


def test_the_quartile_thresholds_of_the_epernay_grid_are_announced_before_they_run_out():
    alertes = parametres_bientot_sans_valeur([adoption(EPERNAY)], date(2026, 11, 23))

    assert [(a.parametre, a.grille, a.sans_valeur_le) for a in alertes] == [
        (nom, EPERNAY.version, FIN) for nom in QUARTILES
    ]
    assert alertes[0].en_texte() == (
        "le paramètre « seuil du 1er quartile de ressources » de la grille epernay-2021-12 n'a plus de valeur à "
        "partir du 01/01/2027 : sans version adoptée qui lui en donne une, aucune demande ne pourra être cotée "
        "à partir de cette date"
    )


def test_nothing_is_announced_further_ahead_than_the_horizon():
    veille = FIN - HORIZON - timedelta(days=1)

    assert parametres_bientot_sans_valeur([adoption(EPERNAY)], veille) == []
    assert len(parametres_bientot_sans_valeur([adoption(EPERNAY)], veille + timedelta(days=1))) == 2


def test_a_version_adopted_for_the_day_they_run_out_silences_the_announcement():
    suivante = prolongee(EPERNAY, "epernay-2027-01", FIN)
    historique = [adoption(EPERNAY), adoption(suivante, enregistre=date(2026, 11, 20))]

    assert parametres_bientot_sans_valeur(historique, date(2026, 11, 23)) == []
