"""Rich renderings for the command line: a score with its sources, a grid version at a date."""

from __future__ import annotations

from datetime import date

from rich.table import Table

from domain.cotation.resultat import Contribution, Cotation
from domain.demande.faits import Source
from domain.erreurs import ParametreManquant
from domain.format import jour, nombre
from domain.format import points as fmt_points
from domain.grille.historique import GrilleEnVigueur
from domain.grille.modele import GrilleVersion, PointsFixes, PointsParPaliers, PointsParUnite
from domain.grille.parametres import parametre
from domain.libelles import libelle


def _source(source: Source) -> str:
    return (
        f"{source.libelle}, effet le {jour(source.effet_le)}, enregistré le "
        f"{jour(source.enregistre_le.date())} par {source.acteur.libelle()}"
    )


def _points(contribution: Contribution) -> str:
    return fmt_points(contribution.points) + ("" if contribution.retenu else " (non cumulés)")


def table_cotation(cotation: Cotation) -> Table:
    titre = f"Cotation au {jour(cotation.date)} : {fmt_points(cotation.total)}"
    if cotation.connu_le:
        titre += f", telle qu'enregistrée au {cotation.connu_le:%d/%m/%Y %H:%M} UTC"
    table = Table(title=titre, caption=f"{cotation.grille_libelle} (version {cotation.grille})", show_lines=True)
    for colonne in ("Critère", "Points", "Règle appliquée", "Sources"):
        table.add_column(colonne)
    for c in cotation.contributions:
        table.add_row(c.libelle, _points(c), f"{c.regle}\n{c.effet_justificatif}", "\n".join(map(_source, c.sources)))
    return table


def decrire_points(definition: PointsFixes | PointsParPaliers | PointsParUnite) -> str:
    if isinstance(definition, PointsFixes):
        return nombre(definition.points)
    if isinstance(definition, PointsParPaliers):
        paliers = [(p.libelle or f"dès {nombre(p.a_partir_de)}", nombre(p.points)) for p in definition.paliers]
        return " ; ".join(f"{libelle_palier} : {points}" for libelle_palier, points in paliers)
    return f"{nombre(definition.points_par_unite)} par unité, plafond {nombre(definition.plafond)}"


def table_criteres(en_vigueur: GrilleEnVigueur) -> Table:
    grille, adoption = en_vigueur.version, en_vigueur.adoption
    table = Table(
        title=f"{grille.libelle} (version {grille.version}), en vigueur depuis le {jour(grille.effet_le)}",
        caption=f"Adoptée le {jour(adoption.enregistre_le.date())} par {adoption.acteur.libelle()} ; "
        f"option justificatif {int(grille.option_justificatif)} ; {grille.reference}",
    )
    table.add_column("Code", no_wrap=True)
    for colonne in ("Critère", "Nature", "Établissement", "Points"):
        table.add_column(colonne)
    for c in grille.criteres:
        nature = libelle(c.nature) + (" (désactivé)" if c.code in en_vigueur.inactifs else "")
        table.add_row(c.code, c.libelle, nature, libelle(c.etablissement), decrire_points(c.points))
    return table


def table_parametres(grille: GrilleVersion, le: date) -> Table:
    table = Table(title=f"Paramètres au {jour(le)}")
    for colonne in ("Paramètre", "Valeur", "Depuis", "Source"):
        table.add_column(colonne)
    for nom in grille.parametres:
        try:
            utilise = parametre(grille, nom, le)
        except ParametreManquant as exc:
            table.add_row(grille.parametres[nom].libelle, "aucune valeur", "", exc.message)
            continue
        valeurs = utilise.valeur if isinstance(utilise.valeur, list) else [utilise.valeur]
        valeur = f"{', '.join(map(nombre, valeurs))} {utilise.unite}" + (" (provisoire)" if utilise.hypothese else "")
        table.add_row(utilise.libelle, valeur, jour(utilise.du), utilise.source)
    return table
