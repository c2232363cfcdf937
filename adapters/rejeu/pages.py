"""The replay and the evaluation as self-contained HTML pages, like the CIL reports: jinja2
templates (``adapters/rapports/gabarits/rejeu.html.j2`` and ``evaluation.html.j2``, on the
reports' base and chart macro), charts in inline SVG computed here, no script, no asset.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from jinja2 import Environment, PackageLoader, StrictUndefined

from adapters.rapports.graphiques import PALETTE, barres_horizontales
from adapters.rejeu.graphiques import barres_comparees, barres_divergentes
from domain.format import jour, nombre
from projections.evaluation import RapportEvaluation
from projections.rejeu_rapport import RapportRejeu

#: Categories shown in a chart at most (the tables list them all).
MAX_BARRES = 15


def _nombre(valeur: Decimal | int | None, decimales: int = 2) -> str:
    return "—" if valeur is None else nombre(valeur, decimales)


def _signe(valeur: Decimal | int | None) -> str:
    return "—" if valeur is None else ("+" if valeur > 0 else "") + nombre(valeur)


def _ancre(texte: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", texte.lower()).strip("-")


_GABARITS = Environment(
    loader=PackageLoader("adapters.rapports", "gabarits"), autoescape=True, undefined=StrictUndefined
)
_GABARITS.filters.update(jour=jour, nombre=_nombre, signe=_signe, ancre=_ancre)


def page_rejeu(rapport: RapportRejeu, etabli_le: date) -> str:
    r = rapport
    publics = r.par_public
    criteres = [c for c in r.par_critere if c.lignes_en_hausse or c.lignes_en_baisse]
    souhaits = sorted(r.controle_legal.par_souhait, key=lambda d: -d.effectif_moyen)[:MAX_BARRES]
    graphiques = {
        "distribution": barres_horizontales(
            "Lignes (demande × date) par écart de points, candidate moins grille en vigueur",
            [(f"{_signe(e.ecart)} point(s)", e.lignes) for e in r.distribution],
        ),
        "criteres": barres_divergentes(
            "Somme des écarts de points par critère", [(c.libelle, c.somme_ecarts) for c in criteres[:MAX_BARRES]]
        ),
        "publics_points": barres_divergentes(
            "Écart moyen de points par public", [(p.libelle, p.ecart_moyen or Decimal(0)) for p in publics]
        ),
        "publics_rangs": barres_divergentes(
            "Places gagnées en moyenne dans le classement, par public (négatif : places perdues)",
            [(p.libelle, p.gain_rang_moyen or Decimal(0)) for p in publics],
        ),
        "deciles": barres_comparees(
            "Part des demandes prioritaires dans le premier décile (souhaits les plus demandés)",
            [(f"{d.commune} {d.typologie}", d.part_en_vigueur, d.part_candidate) for d in souhaits],
            ("grille en vigueur", "grille candidate"), " %",
        ),
    }
    gabarit = _GABARITS.get_template("rejeu.html.j2")
    return gabarit.render(r=r, graphiques=graphiques, criteres=criteres, etabli_le=etabli_le)


def page_evaluation(rapport: RapportEvaluation, etabli_le: date) -> str:
    e = rapport
    logements = sorted(e.par_commune_typologie, key=lambda c: -(c.loges + c.en_attente))[:MAX_BARRES]
    graphiques = {
        "tranches": barres_horizontales(
            "Rang dans la cotation des candidats retenus par les CAL",
            [(t.tranche, t.attributions) for t in e.tranches], PALETTE[2],
        ),
        "publics": barres_comparees(
            "Part de chaque public parmi les ménages logés et parmi les demandes actives au 31 décembre",
            [(p.libelle, p.part_loges, p.part_actives_fin) for p in e.publics],
            ("ménages logés", "demandes actives au 31 décembre"), " %",
        ),
        "scores": barres_comparees(
            "Score moyen des ménages logés et des demandes en attente, par commune et typologie",
            [(f"{c.commune} {c.typologie}", c.score_moyen_loges, c.score_moyen_attente) for c in logements],
            ("ménages logés", "demandes en attente au 31 décembre"),
        ),
    }
    gabarit = _GABARITS.get_template("evaluation.html.j2")
    return gabarit.render(e=e, graphiques=graphiques, etabli_le=etabli_le)
