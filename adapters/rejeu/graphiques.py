"""Two more chart shapes for the replay and the evaluation, drawn by the reports' SVG template
(``adapters/rapports/gabarits/graphiques.html.j2``) from the same geometry types:

- diverging horizontal bars around zero (gains to the right, losses to the left);
- compared horizontal bars: two values per category (grid in force, candidate), one above the other.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from adapters.rapports.graphiques import LARGEUR, LIGNE, MARGE_HAUT, PALETTE, Barre, Graphique, Texte
from domain.format import nombre

ETIQUETTES = 300
ZONE = LARGEUR - ETIQUETTES - 70
#: Room left on each side of a diverging chart for the value written at a bar's end.
MARGE_VALEUR = 50


def _court(libelle: str, taille: int = 44) -> str:
    return libelle if len(libelle) <= taille else libelle[: taille - 1] + "…"


def _texte(valeur: Decimal | int, suffixe: str) -> str:
    return f"{nombre(valeur, 1)}{suffixe}"


def barres_divergentes(titre: str, valeurs: Sequence[tuple[str, Decimal]], suffixe: str = "") -> Graphique:
    """One bar per category from a zero axis: right and blue when positive, left and vermilion when negative."""
    ampleur = max([abs(v) for _, v in valeurs] + [Decimal(1)])
    zero = ETIQUETTES + ZONE / 2
    barres, textes = [], []
    for i, (libelle, valeur) in enumerate(valeurs):
        y, longueur = MARGE_HAUT + i * LIGNE, float(abs(valeur) / ampleur) * (ZONE / 2 - MARGE_VALEUR)
        x = zero if valeur >= 0 else zero - longueur
        couleur = PALETTE[0] if valeur >= 0 else PALETTE[1]
        barres.append(Barre(x, y, longueur, LIGNE - 8, couleur, f"{libelle} : {_texte(valeur, suffixe)}"))
        textes.append(Texte(ETIQUETTES - 8, y + LIGNE / 2, _court(libelle), "end"))
        fin, ancre = (x + longueur + 6, "start") if valeur >= 0 else (x - 6, "end")
        textes.append(Texte(fin, y + LIGNE / 2, _texte(valeur, suffixe), ancre))
    hauteur = MARGE_HAUT * 2 + LIGNE * max(len(valeurs), 1)
    axe = Barre(zero - 0.5, MARGE_HAUT - 4, 1, hauteur - 2 * MARGE_HAUT + 8, "#555555", "zéro")
    return Graphique(titre, LARGEUR, hauteur, [axe, *barres], textes, [], [])


def barres_comparees(
    titre: str, valeurs: Sequence[tuple[str, Decimal | None, Decimal | None]], series: tuple[str, str],
    suffixe: str = "",
) -> Graphique:
    """Two bars per category (both series), their values written at their ends; none when unknown."""
    ampleur = max([v for _, *paire in valeurs for v in paire if v is not None] + [Decimal(1)])
    barres, textes, epaisseur = [], [], (LIGNE * 1.6 - 8) / 2
    for i, (libelle, *paire) in enumerate(valeurs):
        y = MARGE_HAUT + i * LIGNE * 1.6
        textes.append(Texte(ETIQUETTES - 8, y + epaisseur, _court(libelle), "end"))
        for k, valeur in enumerate(paire):
            if valeur is None:
                continue
            haut, longueur = y + k * epaisseur, float(valeur / ampleur) * ZONE
            barres.append(Barre(ETIQUETTES, haut, longueur, epaisseur - 1, PALETTE[2 * k],
                                f"{libelle}, {series[k]} : {_texte(valeur, suffixe)}"))
            textes.append(Texte(ETIQUETTES + longueur + 6, haut + epaisseur / 2, _texte(valeur, suffixe), "start"))
    hauteur = int(MARGE_HAUT * 2 + LIGNE * 1.6 * max(len(valeurs), 1))
    legende = [(PALETTE[0], series[0]), (PALETTE[2], series[1])]
    return Graphique(titre, LARGEUR, hauteur, barres, textes, [], legende)
