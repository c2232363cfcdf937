"""From a criterion's points definition and the facts to its points, with the rule in words."""

from __future__ import annotations

from decimal import Decimal

from domain.cotation.contexte import Constat, Contexte
from domain.cotation.mesures import mesurer
from domain.format import nombre
from domain.format import points as fmt_points
from domain.grille.modele import Palier, PointsFixes, PointsParPaliers, PointsParUnite

Calcul = tuple[Decimal, str, Constat | None]


def calculer(definition: PointsFixes | PointsParPaliers | PointsParUnite, ctx: Contexte) -> Calcul | None:
    """Points, the rule applied in French, and what the measure found (if any)."""
    if isinstance(definition, PointsFixes):
        return definition.points, f"forfait de {fmt_points(definition.points)}", None
    mesure = mesurer(definition.mesure, ctx)
    if mesure is None:
        return None
    valeur, constat = mesure
    if isinstance(definition, PointsParPaliers):
        return _par_paliers(definition, valeur, constat)
    return _par_unite(definition, valeur, constat)


def _par_paliers(definition: PointsParPaliers, valeur: Decimal, constat: Constat) -> Calcul | None:
    atteints = [p for p in definition.paliers if p.a_partir_de <= valeur]
    if not atteints:
        return None
    palier = atteints[-1]
    return palier.points, f"{constat.texte} : {_libelle_palier(definition, palier)}", constat


def _libelle_palier(definition: PointsParPaliers, palier: Palier) -> str:
    if palier.libelle:
        return f"palier {palier.libelle}"
    suivants = [p.a_partir_de for p in definition.paliers if p.a_partir_de > palier.a_partir_de]
    fin = f" à {nombre(suivants[0])}" if suivants else " et plus"
    return f"palier {nombre(palier.a_partir_de)}{fin} ({definition.mesure.value})"


def _par_unite(definition: PointsParUnite, valeur: Decimal, constat: Constat) -> Calcul:
    unites = max(valeur - definition.a_partir_de, Decimal(0))
    brut = unites * definition.points_par_unite
    points = min(brut, definition.plafond)
    plafond = f", plafonné à {nombre(definition.plafond)}" if brut > definition.plafond else ""
    regle = f"{constat.texte} : {nombre(definition.points_par_unite)} point(s) par unité{plafond}"
    return points, regle, constat
