"""The reports as self-contained HTML pages: jinja2 templates (package data), charts in inline SVG.

A page needs nothing but itself: styles inline, charts drawn as SVG, no script, no font or image
to fetch; it opens in any browser and prints as it shows.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from jinja2 import Environment, PackageLoader, StrictUndefined

from adapters.rapports.graphiques import MOIS, PALETTE, barres_horizontales, histogramme_mensuel
from domain.format import jour, nombre
from projections.bilan_malus import LIBELLES_ETAT, LIBELLES_RECOURS, BilanMalus, MalusDepuis

OBJETS = {"malus": "contre un malus", "critere": "sur un critère (points non accordés)"}


def _jour(valeur: date | None) -> str:
    return "—" if valeur is None else jour(valeur)


def _jours(valeur: Decimal | int | None) -> str:
    return "—" if valeur is None else f"{nombre(valeur, 1)} jours"


def _mois(valeur: str) -> str:
    annee, mois = valeur.split("-")
    return f"{MOIS[int(mois) - 1]} {annee}"


def _ancre(texte: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", texte.lower()).strip("-")


_GABARITS = Environment(
    loader=PackageLoader("adapters.rapports", "gabarits"), autoescape=True, undefined=StrictUndefined
)
_GABARITS.filters.update(
    jour=_jour, jours=_jours, mois=_mois, ancre=_ancre, nombre=nombre,
    etat=LIBELLES_ETAT.__getitem__, recours=lambda r: "—" if r is None else LIBELLES_RECOURS[r], objet=OBJETS.get,
)


def page_malus_depuis(rapport: MalusDepuis, territoire: str, etabli_le: date) -> str:
    gabarit = _GABARITS.get_template("malus_depuis.html.j2")
    return gabarit.render(r=rapport, territoire=territoire, etabli_le=etabli_le)


def page_bilan(bilan: BilanMalus, territoire: str, etabli_le: date) -> str:
    issues = bilan.issues
    graphiques = {
        "mois": histogramme_mensuel(f"Malus mois par mois en {bilan.annee}", bilan.par_mois),
        "issues": barres_horizontales(
            "Devenir des malus appliqués",
            [("Levés : annulation pour erreur", issues.leves_erreur),
             ("Levés : recours accueilli", issues.leves_recours),
             ("Expirés à leur échéance", issues.expires), ("En cours", issues.en_cours)],
            PALETTE[2],
        ),
        "types": barres_horizontales("Malus appliqués par type", [(c.libelle, c.appliques) for c in bilan.par_type]),
        "guichets": barres_horizontales(
            "Malus appliqués par guichet", [(c.cle, c.appliques) for c in bilan.par_guichet], PALETTE[1]
        ),
    }
    gabarit = _GABARITS.get_template("bilan_malus.html.j2")
    return gabarit.render(b=bilan, graphiques=graphiques, territoire=territoire, etabli_le=etabli_le)
