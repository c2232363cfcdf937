"""What an administrator must know ahead: a parameter of the grid in force about to have no value.

A grid's parameters are dated (the income thresholds of the first quartile, for instance, are
published every year): the day one has no value any more, no demande can be scored under that
grid (the engine refuses rather than guess). Unless a version adopted by then gives it a value
that day, the administrator is warned ``HORIZON`` ahead, by the scheduler's sweep, the grid's
reading (CLI and service).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from pydantic import BaseModel, ConfigDict

from domain.demande.valeurs import TypeDemande
from domain.erreurs import GrilleIntrouvable, ParametreManquant
from domain.evenements import Evenement
from domain.format import jour as fmt_jour
from domain.grille.historique import grille_en_vigueur
from domain.grille.parametres import parametre, premiers_jours_sans_valeur

HORIZON = timedelta(days=90)


class ParametreBientotSansValeur(BaseModel):
    model_config = ConfigDict(frozen=True)

    parametre: str
    libelle: str
    grille: str
    sans_valeur_le: date

    def en_texte(self) -> str:
        return (
            f"le paramètre « {self.libelle} » de la grille {self.grille} n'a plus de valeur à partir du "
            f"{fmt_jour(self.sans_valeur_le)} : sans version adoptée qui lui en donne une, aucune demande "
            f"ne pourra être cotée à partir de cette date"
        )


def parametres_bientot_sans_valeur(
    historique: Iterable[Evenement], le: date, horizon: timedelta = HORIZON
) -> list[ParametreBientotSansValeur]:
    """The parameters of the versions in force on ``le`` (for each type of demande) that have no
    value some day within ``horizon``, unless the version in force that day gives them one."""
    historique = list(historique)
    alertes = {}
    for type_demande in TypeDemande:
        try:
            grille = grille_en_vigueur(historique, le, type_demande).version
        except GrilleIntrouvable:
            continue
        for nom, jour in premiers_jours_sans_valeur(grille, le).items():
            if jour <= le + horizon and not _valeur_le(historique, jour, type_demande, nom):
                alertes[(nom, grille.version)] = ParametreBientotSansValeur(
                    parametre=nom, libelle=grille.parametres[nom].libelle, grille=grille.version, sans_valeur_le=jour
                )
    return sorted(alertes.values(), key=lambda a: (a.sans_valeur_le, a.grille, a.parametre))


def _valeur_le(historique: list[Evenement], jour: date, type_demande: TypeDemande, nom: str) -> bool:
    try:
        parametre(grille_en_vigueur(historique, jour, type_demande).version, nom, jour)
    except (GrilleIntrouvable, ParametreManquant):
        return False
    return True
