"""Measures: quantities computed from the facts at a date, each with its French wording.

A measure returns ``None`` when the facts do not allow computing it (no surface declared…):
the criterion then simply does not apply.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal

from domain.cotation.contexte import Constat, Contexte
from domain.cotation.menage import ages_titulaires, unites_consommation
from domain.demande.faits import BLOC_INSCRIPTION
from domain.demande.valeurs import StatutEmploi
from domain.format import duree_mois, euros, jour, nombre
from domain.grille.modele import Mesure
from domain.temps import mois_revolus

Valeur = tuple[Decimal, Constat]
CENTIEME, DIX_MILLIEME = Decimal("0.01"), Decimal("0.0001")
FonctionMesure = Callable[[Contexte], Valeur | None]


def _anciennete_mois(ctx: Contexte) -> Valeur:
    debut = ctx.faits.date_premiere_inscription
    mois = mois_revolus(debut, ctx.jour)
    texte = f"ancienneté {duree_mois(mois)} (première inscription le {jour(debut)})"
    return Decimal(mois), Constat(texte, frozenset({BLOC_INSCRIPTION}))


def _anciennete_annees(ctx: Contexte) -> Valeur:
    mois, constat = _anciennete_mois(ctx)
    return mois / 12, constat


def _ressources_par_uc(ctx: Contexte) -> Valeur:
    uc = unites_consommation(ctx.faits.menage, ctx.jour)
    ressources = ctx.faits.ressources_mensuelles
    par_uc = (ressources / uc).quantize(CENTIEME, rounding=ROUND_HALF_UP)
    texte = f"ressources {euros(ressources)} par mois pour {nombre(uc)} UC, soit {euros(par_uc)}/UC/mois"
    return par_uc, Constat(texte, frozenset({"ressources_mensuelles", "menage"}))


def _taux_effort(ctx: Contexte) -> Valeur | None:
    logement, ressources = ctx.faits.logement, ctx.faits.ressources_mensuelles
    if logement.loyer_mensuel is None or not ressources:
        return None
    reste = logement.loyer_mensuel - (logement.aide_logement_mensuelle or 0)
    taux = (reste / ressources).quantize(DIX_MILLIEME, rounding=ROUND_HALF_UP)
    texte = f"taux d'effort {nombre(taux * 100)} % (loyer moins aide au logement sur ressources)"
    return taux, Constat(texte, frozenset({"logement", "ressources_mensuelles"}))


def _duree_chomage_mois(ctx: Contexte) -> Valeur | None:
    durees = [
        mois_revolus(e.depuis, ctx.jour)
        for e in ctx.faits.emplois
        if e.statut is StatutEmploi.DEMANDEUR_EMPLOI and e.depuis is not None
    ]
    if not durees:
        return None
    mois = max(durees)
    return Decimal(mois), Constat(f"demandeur d'emploi depuis {duree_mois(mois)}", frozenset({"emplois"}))


def _age_titulaire(choisir: Callable[[list[int]], int], qui: str) -> FonctionMesure:
    def mesurer(ctx: Contexte) -> Valeur:
        age = choisir(ages_titulaires(ctx.faits.menage, ctx.jour))
        return Decimal(age), Constat(f"{qui} a {age} ans au {jour(ctx.jour)}", frozenset({"menage"}))

    return mesurer


MESURES: dict[Mesure, FonctionMesure] = {
    Mesure.ANCIENNETE_MOIS: _anciennete_mois,
    Mesure.ANCIENNETE_ANNEES: _anciennete_annees,
    Mesure.RESSOURCES_PAR_UC: _ressources_par_uc,
    Mesure.TAUX_EFFORT: _taux_effort,
    Mesure.DUREE_CHOMAGE_MOIS: _duree_chomage_mois,
    Mesure.AGE_TITULAIRE_LE_PLUS_AGE: _age_titulaire(max, "le titulaire le plus âgé"),
    Mesure.AGE_TITULAIRE_LE_PLUS_JEUNE: _age_titulaire(min, "le titulaire le plus jeune"),
}


def mesurer(mesure: Mesure, ctx: Contexte) -> Valeur | None:
    """The measure on the scoring's facts and day (once per scoring)."""
    return ctx.une_fois(MESURES[mesure])
