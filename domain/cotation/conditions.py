"""The catalogue of conditions a grid may use: one small pure function per condition type.

Each returns a ``Constat`` (the fact found, in French, and the blocks read) when it holds,
``None`` otherwise. A criterion applies when all its conditions hold.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from domain.cotation.contexte import Constat, Contexte
from domain.cotation.menage import (
    a_cotitulaire,
    nombre_enfants,
    nombre_mineurs,
    surface_minimale,
)
from domain.cotation.mesures import mesurer
from domain.demande.faits import bloc_critere
from domain.demande.parcours import bloc_passage
from domain.demande.valeurs import TITULAIRES
from domain.format import jour, nombre
from domain.grille.modele import (
    CondCommune,
    CondMesure,
    CondMotif,
    CondSecondPassageCAL,
    CondSimple,
    CondSituationLogement,
    CondStatutEmploi,
    CondValidationManuelle,
    Condition,
    Critere,
    Perimetre,
)
from domain.libelles import libelle

_COMPARAISONS: dict[str, tuple[str, Callable[[Decimal, Decimal], bool]]] = {
    "superieur": (">", lambda x, b: x > b),
    "superieur_ou_egal": ("≥", lambda x, b: x >= b),
    "inferieur": ("<", lambda x, b: x < b),
    "inferieur_ou_egal": ("≤", lambda x, b: x <= b),
}


def _mesure(cond: CondMesure, ctx: Contexte, critere: Critere) -> Constat | None:
    mesure = mesurer(cond.mesure, ctx)
    if mesure is None:
        return None
    valeur, constat = mesure
    textes, parametres = [constat.texte], list(constat.parametres)
    for nom, borne in cond.bornes().items():
        seuil, utilise = ctx.valeur(borne)
        signe, tient = _COMPARAISONS[nom]
        if not tient(valeur, seuil):
            return None
        origine = f" ({utilise.libelle}, en vigueur depuis le {jour(utilise.du)})" if utilise else ""
        textes.append(f"{signe} {nombre(seuil)}{origine}")
        parametres += [utilise] if utilise else []
    return Constat(" ".join(textes), constat.blocs, tuple(parametres))


def _validation_manuelle(cond: CondValidationManuelle, ctx: Contexte, critere: Critere) -> Constat | None:
    manuel = ctx.faits.criteres_manuels.get(critere.code)
    if manuel is None or not manuel.actif_le(ctx.jour):
        return None
    return Constat(f"critère validé le {jour(manuel.source.effet_le)}", frozenset({bloc_critere(critere.code)}))


def _situation_logement(cond: CondSituationLogement, ctx: Contexte, critere: Critere) -> Constat | None:
    situation = ctx.faits.logement.situation
    if situation not in cond.parmi:
        return None
    return Constat(f"situation de logement déclarée : {libelle(situation)}", frozenset({"logement"}))


def _motif(cond: CondMotif, ctx: Contexte, critere: Critere) -> Constat | None:
    trouves = sorted(libelle(m) for m in ctx.faits.motifs if m in cond.parmi)
    if not trouves:
        return None
    return Constat("motif déclaré : " + ", ".join(trouves), frozenset({"motifs"}))


def _statut_emploi(cond: CondStatutEmploi, ctx: Contexte, critere: Critere) -> Constat | None:
    trouves = [e for e in ctx.faits.emplois if e.statut in cond.parmi]
    if not trouves:
        return None
    texte = ", ".join(f"{libelle(e.titulaire)} : {libelle(e.statut)}" for e in trouves)
    return Constat(f"situation professionnelle déclarée ({texte})", frozenset({"emplois"}))


def _presence_mineur(ctx: Contexte) -> Constat | None:
    n = nombre_mineurs(ctx.faits.menage, ctx.jour)
    return Constat(f"{n} mineur(s) dans le ménage", frozenset({"menage"})) if n else None


def _presence_enfant(ctx: Contexte) -> Constat | None:
    n = nombre_enfants(ctx.faits.menage)
    return Constat(f"{n} enfant(s) dans le ménage", frozenset({"menage"})) if n else None


def _parent_isole(ctx: Contexte) -> Constat | None:
    if a_cotitulaire(ctx.faits.menage) or not nombre_enfants(ctx.faits.menage):
        return None
    return Constat("demandeur seul avec enfant(s), sans co-titulaire", frozenset({"menage"}))


def _couple(ctx: Contexte) -> Constat | None:
    if not a_cotitulaire(ctx.faits.menage):
        return None
    return Constat("demandeur et co-titulaire", frozenset({"menage"}))


def _membre_handicape(ctx: Contexte) -> Constat | None:
    n = sum(1 for p in ctx.faits.menage if p.handicap)
    return Constat(f"{n} personne(s) en situation de handicap dans le ménage", frozenset({"menage"})) if n else None


def _sur_occupation(ctx: Contexte) -> Constat | None:
    surface = ctx.faits.logement.surface_m2
    if surface is None:
        return None
    normes = ctx.parametre("normes_surface_m2")
    personnes = len(ctx.faits.menage)
    minimum = surface_minimale(list(normes.valeur), personnes)  # type: ignore[arg-type]
    if surface >= minimum:
        return None
    texte = f"{nombre(surface)} m² pour {personnes} personne(s), sous le minimum de {nombre(minimum)} m²"
    return Constat(texte, frozenset({"logement", "menage"}), (normes,))


_SIMPLES: dict[str, Callable[[Contexte], Constat | None]] = {
    "presence_mineur": _presence_mineur,
    "presence_enfant": _presence_enfant,
    "parent_isole": _parent_isole,
    "couple": _couple,
    "membre_handicape": _membre_handicape,
    "sur_occupation": _sur_occupation,
}


def _simple(cond: CondSimple, ctx: Contexte, critere: Critere) -> Constat | None:
    return _SIMPLES[cond.type](ctx)


def _communes_visees(ctx: Contexte, perimetre: Perimetre) -> frozenset[str]:
    """The communes a criterion looks at, in capitals."""
    souhaits = [s.commune for s in ctx.faits.souhaits]
    if perimetre is Perimetre.TERRITOIRE:
        communes = ctx.grille.territoire.communes
    elif perimetre is Perimetre.PREMIERE_COMMUNE_SOUHAITEE:
        communes = souhaits[:1]
    else:
        communes = souhaits
    return frozenset(c.upper() for c in communes)


def _commune(cond: CondCommune, ctx: Contexte, critere: Critere) -> Constat | None:
    visees = ctx.une_fois(_communes_visees, cond.perimetre)
    if cond.type == "habite_commune":
        commune, bloc = ctx.faits.logement.commune, "logement"
        quoi = "habite à"
    else:
        communes = [e.commune_travail for e in ctx.faits.emplois if e.titulaire in TITULAIRES]
        commune = next((c for c in communes if c and c.upper() in visees), None)
        bloc, quoi = "emplois", "travaille à"
    if commune is None or commune.upper() not in visees:
        return None
    blocs = frozenset({bloc} | ({"souhaits"} if cond.perimetre is not Perimetre.TERRITOIRE else set()))
    return Constat(f"{quoi} {commune} ({_PERIMETRES[cond.perimetre]})", blocs)


_PERIMETRES = {
    Perimetre.COMMUNE_SOUHAITEE: "commune souhaitée",
    Perimetre.PREMIERE_COMMUNE_SOUHAITEE: "première commune souhaitée",
    Perimetre.TERRITOIRE: "commune du territoire",
}


def _second_passage_cal(cond: CondSecondPassageCAL, ctx: Contexte, critere: Critere) -> Constat | None:
    """From the second CAL passage where the candidate was ranked behind another and offered
    nothing (ADR 0010): the two passages are the sources."""
    sans = ctx.faits.passages_sans_proposition()
    if len(sans) < 2:
        return None
    details = ", ".join(f"le {jour(p.source.effet_le)} (rang {p.rang})" for p in sans)
    texte = f"{len(sans)} passages en CALEOL classé derrière un autre candidat, sans proposition de logement : {details}"
    return Constat(texte, frozenset(bloc_passage(p.passage_id) for p in sans[:2]))


_CONDITIONS: dict[type, Callable[..., Constat | None]] = {
    CondMesure: _mesure,
    CondValidationManuelle: _validation_manuelle,
    CondSituationLogement: _situation_logement,
    CondMotif: _motif,
    CondStatutEmploi: _statut_emploi,
    CondSimple: _simple,
    CondCommune: _commune,
    CondSecondPassageCAL: _second_passage_cal,
}


def verifier(condition: Condition, ctx: Contexte, critere: Critere) -> Constat | None:
    return _CONDITIONS[type(condition)](condition, ctx, critere)
