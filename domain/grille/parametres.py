"""Dated parameters: the value in force at a date, with its source, or a clear error."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from pydantic import BaseModel, ConfigDict

from domain.erreurs import ParametreManquant
from domain.format import jour as fmt_jour
from domain.grille.modele import GrilleVersion, ValeurDatee


class ParametreUtilise(BaseModel):
    """A parameter value as used by a score: which one, from when, on what authority."""

    model_config = ConfigDict(frozen=True)

    nom: str
    libelle: str
    unite: str
    valeur: Decimal | list[Decimal]
    du: date
    au: date | None
    source: str
    hypothese: bool


def _en_vigueur(valeur: ValeurDatee, le: date) -> bool:
    return valeur.du <= le and (valeur.au is None or le <= valeur.au)


def parametre(grille: GrilleVersion, nom: str, le: date) -> ParametreUtilise:
    """The value of parameter ``nom`` in force on ``le``; never a silent default."""
    definition = grille.parametres.get(nom)
    if definition is None:
        raise ParametreManquant(f"la grille {grille.version} ne définit pas le paramètre « {nom} »")
    en_vigueur = [v for v in definition.valeurs if _en_vigueur(v, le)]
    if not en_vigueur:
        raise ParametreManquant(
            f"le paramètre « {definition.libelle} » n'a pas de valeur au {fmt_jour(le)} "
            f"dans la grille {grille.version}"
        )
    valeur = max(en_vigueur, key=lambda v: v.du)
    return ParametreUtilise(
        nom=nom,
        libelle=definition.libelle,
        unite=definition.unite,
        valeur=valeur.valeur,
        du=valeur.du,
        au=valeur.au,
        source=valeur.source,
        hypothese=valeur.hypothese,
    )
