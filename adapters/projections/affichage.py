"""Rich renderings of the read models for the command line, in French."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from rich.table import Table

from adapters.projections.lecture import Classement, CotationCourante, DelaiMoyen, Positionnement
from domain.cotation.chronologie import Etape
from domain.format import jour, nombre
from domain.format import points as fmt_points


def table_chronologie(courante: CotationCourante, etapes: Sequence[Etape]) -> Table:
    table = Table(title=_titre_courante(courante), caption=_legende(courante), show_lines=True)
    for colonne in ("Du", "Total", "Grille", "Cause"):
        table.add_column(colonne)
    for etape in etapes:
        total = "—" if etape.total is None else fmt_points(etape.total)
        table.add_row(jour(etape.du), total, etape.grille or "—", etape.cause)
    return table


def _titre_courante(courante: CotationCourante) -> str:
    total = courante.etape.total
    score = "pas de cotation" if total is None else fmt_points(total)
    if courante.valide_jusqu_au is None:
        validite = f"sans changement prévu jusqu'au {jour(courante.horizon)} au moins"
    else:
        validite = f"valable jusqu'au {jour(courante.valide_jusqu_au)} sans nouvel événement"
    return f"Cotation au {jour(courante.calcule_le)} : {score}, {validite}"


def _legende(courante: CotationCourante) -> str:
    etat = "active" if courante.active else "radiée"
    calculee = jour(courante.calcule_le)
    return f"Demande {etat}, inscrite le {jour(courante.inscrite_le)} ; chronologie calculée le {calculee}"


def table_positionnement(classements: Sequence[Classement], positionnements: Sequence[Positionnement]) -> Table:
    """Per wish: the live rank, then the last weekly positionnement with its distribution and délai."""
    hebdomadaires = {p.rang_souhait: p for p in positionnements}
    table = Table(title="Positionnement par souhait", show_lines=True)
    for colonne in ("Souhait", "Total", "Rang", "Au dernier calcul", "Demandes analogues", "Délai moyen"):
        table.add_column(colonne)
    for c in classements:
        p = hebdomadaires.get(c.rang_souhait)
        table.add_row(
            f"{c.rang_souhait}. {c.commune} — {c.typologie}", fmt_points(c.total), f"{c.rang} sur {c.sur}",
            "pas encore calculé" if p is None else f"{p.rang} sur {p.sur} (calculé le {jour(p.calcule_le)})",
            "—" if p is None else _distribution(p), "—" if p is None or p.delai is None else _delai(p.delai),
        )
    return table


def _distribution(p: Positionnement) -> str:
    d = {cle: nombre(Decimal(valeur)) for cle, valeur in p.distribution.items() if cle != "deciles"}
    return f"min {d['min']} · Q1 {d['q1']} · médiane {d['mediane']} · Q3 {d['q3']} · max {d['max']}"


def _delai(d: DelaiMoyen) -> str:
    return f"{nombre(d.delai_moyen_jours, 1)} jours ({d.attributions} attribution(s), calculé le {jour(d.calcule_le)})"


def table_delais(delais: Sequence[DelaiMoyen]) -> Table:
    table = Table(title="Délai moyen d'attente des attributions des 12 mois précédents")
    for colonne in ("Commune", "Typologie", "Attributions", "Délai moyen (jours)", "Calculé le"):
        table.add_column(colonne)
    for d in delais:
        table.add_row(d.commune, d.typologie, str(d.attributions), nombre(d.delai_moyen_jours, 1), jour(d.calcule_le))
    return table
