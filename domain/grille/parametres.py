"""Dated parameters: the value in force at a date, with its source, or a clear error."""

from __future__ import annotations

from bisect import bisect_right
from datetime import date, timedelta
from decimal import Decimal

from pydantic import BaseModel, ConfigDict

from domain.erreurs import ParametreManquant
from domain.format import jour as fmt_jour
from domain.grille.memoire import par_grille
from domain.grille.modele import GrilleVersion, Parametre


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


def parametre(grille: GrilleVersion, nom: str, le: date) -> ParametreUtilise:
    """The value of parameter ``nom`` in force on ``le`` (of those in force, the one in force
    since the latest date); never a silent default."""
    definition = grille.parametres.get(nom)
    if definition is None:
        raise ParametreManquant(f"la grille {grille.version} ne définit pas le paramètre « {nom} »")
    debuts, utilises = _periodes(grille)[nom]
    utilise = utilises[bisect_right(debuts, le) - 1]
    if utilise is None:
        raise ParametreManquant(
            f"le paramètre « {definition.libelle} » n'a pas de valeur au {fmt_jour(le)} "
            f"dans la grille {grille.version}"
        )
    return utilise


def premiers_jours_sans_valeur(grille: GrilleVersion, le: date) -> dict[str, date]:
    """For each parameter of ``grille`` with a value on ``le``, the first later day it has none
    (a parameter valued for good is left out)."""
    jours = {}
    for nom, (debuts, utilises) in _periodes(grille).items():
        en_cours = bisect_right(debuts, le) - 1
        if utilises[en_cours] is None:
            continue
        sans_valeur = next((d for d, u in zip(debuts[en_cours:], utilises[en_cours:]) if u is None), None)
        if sans_valeur is not None:
            jours[nom] = sans_valeur
    return jours


#: For each parameter, the days from which the value in force may change, and from each of
#: them the value used (``None``: none in force); the first period starts on ``date.min``.
Periodes = tuple[list[date], list[ParametreUtilise | None]]


@par_grille
def _periodes(grille: GrilleVersion) -> dict[str, Periodes]:
    return {nom: _periodes_de(nom, definition) for nom, definition in grille.parametres.items()}


def _periodes_de(nom: str, definition: Parametre) -> Periodes:
    fins = {v.au + timedelta(days=1) for v in definition.valeurs if v.au is not None and v.au < date.max}
    debuts = sorted({date.min, *(v.du for v in definition.valeurs), *fins})
    return debuts, [_en_vigueur_le(nom, definition, debut) for debut in debuts]


def _en_vigueur_le(nom: str, definition: Parametre, le: date) -> ParametreUtilise | None:
    en_vigueur = [v for v in definition.valeurs if v.du <= le and (v.au is None or le <= v.au)]
    if not en_vigueur:
        return None
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
