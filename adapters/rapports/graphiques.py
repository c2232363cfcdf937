"""The geometry of the reports' charts; the template ``gabarits/graphiques.html.j2`` draws it in SVG.

Two kinds: grouped vertical bars month by month, and horizontal bars by category. Colours are
the Okabe-Ito palette (distinguishable with colour-blindness); every chart carries its title and
the page shows its figures in a table as well.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from projections.bilan_malus import Mois

PALETTE = ("#0072B2", "#D55E00", "#009E73", "#E69F00", "#CC79A7")
MOIS = ("janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc.")
SERIES = (("envisages", "envisagés"), ("appliques", "appliqués"), ("leves", "levés"), ("expires", "expirés"))
LARGEUR, HAUTEUR = 760, 280
MARGE_GAUCHE, MARGE_BAS, MARGE_HAUT = 44, 30, 16
LIGNE, ETIQUETTES, BARRES_MAX = 26, 230, 440


@dataclass(frozen=True)
class Barre:
    x: float
    y: float
    largeur: float
    hauteur: float
    couleur: str
    titre: str


@dataclass(frozen=True)
class Texte:
    x: float
    y: float
    texte: str
    ancre: str = "middle"


@dataclass(frozen=True)
class Graphique:
    titre: str
    largeur: int
    hauteur: int
    barres: list[Barre]
    textes: list[Texte]
    lignes: list[float]
    legende: list[tuple[str, str]]
    gauche: int = MARGE_GAUCHE


def pas(maximum: int) -> int:
    """A whole step giving at most five gridlines up to ``maximum``."""
    return max(1, math.ceil(maximum / 5))


def histogramme_mensuel(titre: str, par_mois: Sequence[Mois]) -> Graphique:
    """Grouped bars, one group per month, one bar per series (envisaged, applied, lifted, expired)."""
    maximum = max([getattr(m, serie) for m in par_mois for serie, _ in SERIES] + [1])
    haut = pas(maximum) * math.ceil(maximum / pas(maximum))
    zone = HAUTEUR - MARGE_BAS - MARGE_HAUT
    echelle = lambda v: HAUTEUR - MARGE_BAS - zone * v / haut  # noqa: E731
    groupe = (LARGEUR - MARGE_GAUCHE) / len(par_mois)
    largeur = groupe * 0.8 / len(SERIES)
    barres = [
        Barre(MARGE_GAUCHE + (i + 0.1) * groupe + k * largeur, echelle(v), largeur,
              HAUTEUR - MARGE_BAS - echelle(v), PALETTE[k], f"{MOIS[i]} : {v} {libelle}")
        for i, mois in enumerate(par_mois) for k, (serie, libelle) in enumerate(SERIES) if (v := getattr(mois, serie))
    ]
    graduations = range(0, haut + 1, pas(maximum))
    textes = [Texte(MARGE_GAUCHE - 6, echelle(g) + 4, str(g), "end") for g in graduations]
    textes += [Texte(MARGE_GAUCHE + (i + 0.5) * groupe, HAUTEUR - 10, MOIS[i]) for i in range(len(par_mois))]
    legende = [(PALETTE[k], libelle) for k, (_, libelle) in enumerate(SERIES)]
    return Graphique(titre, LARGEUR, HAUTEUR, barres, textes, [echelle(g) for g in graduations], legende)


def barres_horizontales(titre: str, valeurs: Sequence[tuple[str, int]], couleur: str = PALETTE[0]) -> Graphique:
    """One bar per category, its value written at its end."""
    maximum = max([v for _, v in valeurs] + [1])
    barres, textes = [], []
    for i, (libelle, valeur) in enumerate(valeurs):
        y, longueur = MARGE_HAUT + i * LIGNE, BARRES_MAX * valeur / maximum
        barres.append(Barre(ETIQUETTES, y, longueur, LIGNE - 8, couleur, f"{libelle} : {valeur}"))
        textes.append(Texte(ETIQUETTES - 8, y + LIGNE / 2, _court(libelle), "end"))
        textes.append(Texte(ETIQUETTES + longueur + 6, y + LIGNE / 2, str(valeur), "start"))
    hauteur = MARGE_HAUT * 2 + LIGNE * max(len(valeurs), 1)
    return Graphique(titre, LARGEUR, hauteur, barres, textes, [], [])


def _court(libelle: str, taille: int = 34) -> str:
    return libelle if len(libelle) <= taille else libelle[: taille - 1] + "…"
