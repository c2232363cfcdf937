"""The rules a grid version must obey to be adopted (DOMAIN.md §4, ADR 0005); a refusal names
the rule and what is at fault. Deactivating a local criterion has its own small rule.

Rules on the version alone come first, then the rules against the territory's history: the
versions adopted before for the same demandes (``s_applique_a``) and the deactivations.
A criterion's maximum accounts for option 3 (points doubled with a validated justificatif),
the criterion's own option overriding the grid's.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal

from domain.erreurs import CommandeInvalide, GrilleInvalide, ParametreManquant
from domain.evenements import Evenement
from domain.format import jour
from domain.format import points as fmt_points
from domain.grille.evenements import CritereLocalDesactive, CritereLocalPurge, GrilleAdoptee
from domain.grille.modele import (
    CondMesure,
    CondSimple,
    CondValidationManuelle,
    Critere,
    Etablissement,
    GrilleVersion,
    Nature,
    OptionJustificatif,
    PointsFixes,
    RefParametre,
)
from domain.grille.parametres import parametre
from domain.grille.priorites import DALO, PAR_CODE, PRIORITES_LEGALES
from domain.temps import ajouter_mois

#: PPGD Épernay, section 8: « l'EPCI peut ajouter des critères de priorité locale (maximum 10 critères) ».
MAX_CRITERES_LOCAUX = 10
#: PPGD Épernay, section 8: local criteria « seront désactivées … et purgées au bout d'un an ».
DELAI_PURGE_MOIS = 12
MANUELS = frozenset({Etablissement.VALIDATION_MANUELLE, Etablissement.EVENEMENTS_PROCEDURE})
#: Parameters a condition type reads by name in ``domain.cotation.conditions`` (all are lists).
PARAMETRES_IMPLICITES = {"sur_occupation": "normes_surface_m2"}


def maximum(grille: GrilleVersion, critere: Critere) -> Decimal:
    """The most points ``critere`` can give under ``grille``: doubled under option 3."""
    brut = critere.points.maximum()
    return brut * 2 if grille.option_pour(critere) is OptionJustificatif.DOUBLES_AVEC else brut


def verifier_adoption(historique: Sequence[Evenement], evt: GrilleAdoptee, territoire: str) -> None:
    """Raise ``GrilleInvalide`` naming the broken rule, or return when the version may be adopted."""
    grille = evt.grille
    if grille.territoire.code != territoire:
        raise GrilleInvalide(
            "territoire", f"cette grille appartient au territoire {grille.territoire.code}, pas à {territoire}"
        )
    for regle in REGLES_VERSION.values():
        regle(grille)
    verifier_historique(historique, grille)


def verifier_desactivation(historique: Sequence[Evenement], evt: CritereLocalDesactive) -> None:
    """Only a local criterion of an adopted version, not yet deactivated, from its adoption on."""
    adoptions = [e for e in historique if isinstance(e, GrilleAdoptee) and _est_local(e.grille, evt.critere)]
    if not adoptions:
        raise CommandeInvalide(
            f"le critère {evt.critere} n'est pas un critère local d'une grille adoptée : "
            "seuls les critères locaux se désactivent"
        )
    deja = next((e for e in historique if isinstance(e, CritereLocalDesactive) and e.critere == evt.critere), None)
    if deja is not None:
        raise CommandeInvalide(f"le critère local {evt.critere} est déjà désactivé depuis le {jour(deja.effet_le)}")
    adopte_le = min(a.effet_le for a in adoptions)
    if evt.effet_le < adopte_le:
        raise CommandeInvalide(
            f"la désactivation du critère {evt.critere} ne peut précéder son adoption ({jour(adopte_le)})"
        )


def verifier_purge(historique: Sequence[Evenement], evt: CritereLocalPurge) -> None:
    """Only a deactivated local criterion, not yet purged, from a year after its deactivation on."""
    desactivation = next(
        (e for e in historique if isinstance(e, CritereLocalDesactive) and e.critere == evt.critere), None
    )
    if desactivation is None:
        raise CommandeInvalide(f"le critère local {evt.critere} n'est pas désactivé : il ne peut être purgé")
    if any(isinstance(e, CritereLocalPurge) and e.critere == evt.critere for e in historique):
        raise CommandeInvalide(f"le critère local {evt.critere} est déjà purgé")
    purgeable_le = date_de_purge(desactivation.effet_le)
    if evt.effet_le < purgeable_le:
        raise CommandeInvalide(
            f"le critère local {evt.critere} ne peut être purgé avant le {jour(purgeable_le)} "
            f"({DELAI_PURGE_MOIS} mois après sa désactivation)"
        )


def date_de_purge(desactive_le: date) -> date:
    """The day a local criterion deactivated on ``desactive_le`` may be purged."""
    return ajouter_mois(desactive_le, DELAI_PURGE_MOIS)


def _refuser(regle: str, principe: str, en_cause: Iterable[str]) -> None:
    en_cause = list(en_cause)
    if en_cause:
        raise GrilleInvalide(regle, f"{principe} ; en cause : {', '.join(en_cause)}")


def _avec_maximum(grille: GrilleVersion, critere: Critere) -> str:
    return f"{critere.code} ({fmt_points(maximum(grille, critere))} au plus)"


def _est_local(grille: GrilleVersion, code: str) -> bool:
    critere = grille.critere(code)
    return critere is not None and critere.nature is Nature.LOCAL


# --- rules on the version alone -----------------------------------------------------------------


def _codes_uniques(grille: GrilleVersion) -> None:
    listes = {
        "critère": [c.code for c in grille.criteres],
        "rubrique": [r.code for r in grille.rubriques],
        "malus": [m.code for m in grille.malus],
    }
    doubles = [f"{quoi} {code} en double" for quoi, codes in listes.items() for code in sorted(set(codes))
               if codes.count(code) > 1]
    _refuser("codes_uniques", "chaque critère, rubrique et malus a un code unique", doubles)


def _etablissement(grille: GrilleVersion) -> None:
    sans_fait = [f"{c.code} (ni condition ni mesure)" for c in grille.criteres
                 if not c.conditions and isinstance(c.points, PointsFixes)]
    sans_valideur = [f"{c.code} (validation_par manquant)" for c in grille.criteres
                     if c.etablissement in MANUELS and not c.validation_par]
    _refuser(
        "etablissement",
        "chaque critère dit comment il est établi : par des conditions ou une mesure sur les faits de la demande, "
        "et, s'il est validé manuellement ou par des événements de procédure, par qui (validation_par)",
        sans_fait + sans_valideur,
    )


def _validation_manuelle(grille: GrilleVersion) -> None:
    incoherents = [
        c.code for c in grille.criteres
        if any(isinstance(k, CondValidationManuelle) for k in c.conditions)
        != (c.etablissement is Etablissement.VALIDATION_MANUELLE)
    ]
    _refuser(
        "validation_manuelle",
        "un critère porte la condition « validation_manuelle » si et seulement s'il est établi par validation "
        "manuelle",
        incoherents,
    )


def _references(grille: GrilleVersion) -> None:
    rubriques = {r.code for r in grille.rubriques}
    en_cause = [f"{c.code} (rubrique {c.rubrique} non définie)" for c in grille.criteres
                if c.rubrique and c.rubrique not in rubriques]
    for qui, nom, liste in _parametres_utilises(grille):
        en_cause += _defaut_parametre(grille, qui, nom, liste)
    _refuser(
        "references",
        "les rubriques et paramètres utilisés sont définis dans la grille, avec une valeur à sa date d'effet, "
        "les seuils et durées étant des nombres et les normes de surface des listes",
        en_cause,
    )


def _parametres_utilises(grille: GrilleVersion) -> list[tuple[str, str, bool]]:
    """(who uses it, parameter name, whether its values are lists) for every parameter read."""
    utilises = []
    for critere in grille.criteres:
        for cond in critere.conditions:
            if isinstance(cond, CondMesure):
                utilises += [(critere.code, b.parametre, False) for b in cond.bornes().values()
                             if isinstance(b, RefParametre)]
            if isinstance(cond, CondSimple) and cond.type in PARAMETRES_IMPLICITES:
                utilises.append((critere.code, PARAMETRES_IMPLICITES[cond.type], True))
    for malus in grille.malus:
        utilises += [(malus.code, v.parametre, False) for v in (malus.duree_mois, malus.periode_contradictoire_jours)
                     if isinstance(v, RefParametre)]
    return utilises


def _defaut_parametre(grille: GrilleVersion, qui: str, nom: str, liste: bool) -> list[str]:
    definition = grille.parametres.get(nom)
    if definition is None:
        return [f"{qui} (paramètre « {nom} » non défini)"]
    if any(isinstance(v.valeur, list) != liste for v in definition.valeurs):
        return [f"{qui} (le paramètre « {nom} » doit être {'une liste' if liste else 'un nombre'})"]
    try:
        parametre(grille, nom, grille.effet_le)
    except ParametreManquant:
        return [f"{qui} (le paramètre « {nom} » n'a pas de valeur au {jour(grille.effet_le)})"]
    return []


def _priorites_legales(grille: GrilleVersion) -> None:
    inconnues = [f"{c.code} (priorité « {c.priorite_legale} » inconnue)" for c in grille.criteres
                 if c.priorite_legale and c.priorite_legale not in PAR_CODE]
    couvertes = {c.priorite_legale for c in grille.criteres
                 if c.nature is Nature.OBLIGATOIRE and maximum(grille, c) > 0}
    manquantes = [f"priorité « {p.code} » non couverte ({p.libelle})" for p in PRIORITES_LEGALES
                  if p.code not in couvertes]
    _refuser(
        "priorites_legales",
        "chaque priorité de l'article L441-1 du CCH est couverte par un critère obligatoire aux points non nuls",
        inconnues + manquantes,
    )


def _dalo_le_plus_eleve(grille: GrilleVersion) -> None:
    dalo = {c.code for c in grille.criteres if c.priorite_legale == DALO and c.nature is Nature.OBLIGATOIRE}
    plafond = max(maximum(grille, c) for c in grille.criteres if c.code in dalo)
    autres = [c for c in grille.criteres if c.code not in dalo and maximum(grille, c) >= plafond]
    _refuser(
        "dalo_le_plus_eleve",
        f"le DALO doit recevoir strictement plus de points que tout autre critère (DALO : {fmt_points(plafond)} "
        "au plus)",
        [_avec_maximum(grille, c) for c in autres],
    )


def _hierarchie_des_priorites(grille: GrilleVersion) -> None:
    plancher = min(maximum(grille, c) for c in grille.criteres if c.nature is Nature.OBLIGATOIRE)
    en_cause = [c for c in grille.criteres if c.nature is not Nature.OBLIGATOIRE and maximum(grille, c) > plancher]
    _refuser(
        "hierarchie_des_priorites",
        "aucun critère facultatif ou local ne peut rapporter à lui seul plus que le plus petit maximum des "
        f"critères obligatoires ({fmt_points(plancher)})",
        [_avec_maximum(grille, c) for c in en_cause],
    )


#: The rules on the version alone, by name, in the order they are checked (a replay of a
#: candidate grid reports each of them).
REGLES_VERSION = {
    "codes_uniques": _codes_uniques,
    "etablissement": _etablissement,
    "validation_manuelle": _validation_manuelle,
    "references": _references,
    "priorites_legales": _priorites_legales,
    "dalo_le_plus_eleve": _dalo_le_plus_eleve,
    "hierarchie_des_priorites": _hierarchie_des_priorites,
}


# --- rules against the territory's history ------------------------------------------------------


def verifier_historique(historique: Sequence[Evenement], grille: GrilleVersion) -> None:
    """The rules against the territory's history; raise ``GrilleInvalide`` at the first broken one."""
    anterieures = [e for e in historique if isinstance(e, GrilleAdoptee)]
    _refuser(
        "version_nouvelle",
        "une version adoptée ne se réadopte pas : une correction est une nouvelle version, avec son identifiant",
        [f"version {a.grille.version} déjà adoptée" for a in anterieures if a.grille.version == grille.version],
    )
    publics = set(grille.s_applique_a)
    memes_publics = [a for a in anterieures if publics & set(a.grille.s_applique_a)]
    desactivations = {e.critere: e.effet_le for e in historique if isinstance(e, CritereLocalDesactive)}
    _pas_de_retroactivite(memes_publics, grille)
    _criteres_locaux_immuables(memes_publics, desactivations, grille)
    _criteres_locaux_maximum(desactivations, grille)


def _pas_de_retroactivite(memes_publics: list[GrilleAdoptee], grille: GrilleVersion) -> None:
    if not memes_publics:
        return
    derniere = max(memes_publics, key=lambda a: (a.effet_le, a.enregistre_le))
    if grille.effet_le < derniere.effet_le:
        _refuser(
            "pas_de_retroactivite",
            "une nouvelle version ne peut prendre effet avant la dernière version adoptée pour les mêmes demandes : "
            "le passé ne se réécrit pas, une correction est une nouvelle version",
            [f"version {derniere.grille.version} en vigueur depuis le {jour(derniere.effet_le)}, "
             f"nouvelle version au {jour(grille.effet_le)}"],
        )


def _criteres_locaux_immuables(
    memes_publics: list[GrilleAdoptee], desactivations: dict[str, date], grille: GrilleVersion
) -> None:
    adoptes = {c.code: c for a in memes_publics for c in a.grille.criteres if c.nature is Nature.LOCAL}
    en_cause = []
    for code, critere in adoptes.items():
        actuel = grille.critere(code)
        if actuel is None and not _purge(desactivations.get(code), grille.effet_le):
            en_cause.append(f"{code} (supprimé)")
        elif actuel is not None and actuel != critere:
            en_cause.append(f"{code} (modifié)")
    _refuser(
        "criteres_locaux_immuables",
        "un critère local adopté n'est ni modifié ni supprimé : il est seulement désactivé, puis peut être retiré "
        f"d'une version prenant effet {DELAI_PURGE_MOIS} mois au moins après sa désactivation",
        en_cause,
    )


def _purge(desactive_le: date | None, effet_le: date) -> bool:
    return desactive_le is not None and date_de_purge(desactive_le) <= effet_le


def _criteres_locaux_maximum(desactivations: dict[str, date], grille: GrilleVersion) -> None:
    actifs = [c.code for c in grille.criteres if c.nature is Nature.LOCAL
              and not (c.code in desactivations and desactivations[c.code] <= grille.effet_le)]
    if len(actifs) > MAX_CRITERES_LOCAUX:
        _refuser(
            "criteres_locaux_maximum",
            f"une grille compte au plus {MAX_CRITERES_LOCAUX} critères locaux actifs ({len(actifs)} ici)",
            actifs,
        )
