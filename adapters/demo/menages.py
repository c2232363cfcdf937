"""Fictitious but plausible ménages for the demo: composition, resources, housing, jobs, wishes.

Everything is drawn from the ``random.Random`` passed in, so a seed gives the same ménages.
Wishes are weighted by the social housing stock of each commune and typology (RPLS 2019).
"""

from __future__ import annotations

import math
import random
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from adapters.demo.territoire import COMMUNES_VOISINES, Parc
from domain.demande.valeurs import SituationLogement as SL
from domain.demande.valeurs import StatutEmploi as SE
from domain.demande.valeurs import Typologie

Donnees = dict[str, Any]

PROFILS = {"seul": 38, "couple": 12, "couple_enfants": 20, "monoparental": 20, "senior": 10}
LOGEMENTS = {
    SL.LOCATAIRE_PARC_PRIVE: 32, SL.LOCATAIRE_PARC_SOCIAL: 22, SL.HEBERGE_PARENTS: 12, SL.HEBERGE_TIERS: 10,
    SL.STRUCTURE_HEBERGEMENT: 5, SL.LOGEMENT_TRANSITION: 3, SL.SANS_LOGEMENT: 3, SL.PROPRIETAIRE: 3,
    SL.APPARTEMENT_COORDINATION_THERAPEUTIQUE: 1, SL.AUTRE: 2,
}
LOGEMENTS_SENIORS = {
    SL.LOCATAIRE_PARC_PRIVE: 35, SL.LOCATAIRE_PARC_SOCIAL: 35, SL.PROPRIETAIRE: 20, SL.HEBERGE_TIERS: 5
}
EMPLOIS = {
    SE.CDI: 30, SE.CDD: 10, SE.INTERIM: 6, SE.CONTRAT_INSERTION: 3, SE.APPRENTISSAGE: 2, SE.INDEPENDANT: 3,
    SE.DEMANDEUR_EMPLOI: 20, SE.ETUDIANT: 4, SE.SANS_ACTIVITE: 10,
}
EN_ACTIVITE = {SE.CDI, SE.CDD, SE.INTERIM, SE.CONTRAT_INSERTION, SE.APPRENTISSAGE, SE.INDEPENDANT}
AVEC_SURFACE = {SL.LOCATAIRE_PARC_PRIVE, SL.LOCATAIRE_PARC_SOCIAL, SL.PROPRIETAIRE, SL.AUTRE}
NORMES_M2 = (9, 16, 25, 34, 43, 52, 61, 70)
TYPOLOGIES_PAR_TAILLE = {
    1: (Typologie.T1, Typologie.T2),
    2: (Typologie.T2, Typologie.T3),
    3: (Typologie.T3,),
    4: (Typologie.T3, Typologie.T4),
}


def tirer(rng: random.Random, poids: dict) -> Any:
    return rng.choices(list(poids), weights=list(poids.values()))[0]


def naissance(rng: random.Random, le: date, age_min: float, age_max: float, mode: float) -> date:
    return le - timedelta(days=round(rng.triangular(age_min, age_max, mode) * 365.25))


def menage(rng: random.Random, profil: str, le: date) -> list[Donnees]:
    ages = {"seul": (18, 62, 26), "couple": (20, 60, 30), "couple_enfants": (24, 50, 34),
            "monoparental": (20, 50, 32), "senior": (65, 88, 72)}[profil]
    demandeur = naissance(rng, le, *ages)
    personnes = [{"role": "demandeur", "date_naissance": demandeur, "handicap": rng.random() < 0.06}]
    if profil in ("couple", "couple_enfants") or (profil == "senior" and rng.random() < 0.4):
        ecart = timedelta(days=rng.randint(-2000, 2000))
        personnes.append({"role": "cotitulaire", "date_naissance": demandeur + ecart})
    if profil in ("couple_enfants", "monoparental"):
        personnes += [_enfant(rng, demandeur, le) for _ in range(rng.choice((1, 1, 2, 2, 3)))]
    return personnes


def _enfant(rng: random.Random, parent: date, le: date) -> Donnees:
    plus_tot = max(parent + timedelta(days=18 * 366), le - timedelta(days=17 * 365))
    jours = max((le - plus_tot).days, 1)
    return {"role": "enfant", "date_naissance": le - timedelta(days=rng.randint(0, jours)),
            "handicap": rng.random() < 0.03}


def unites_consommation(personnes: list[Donnees], le: date) -> float:
    autres = [p for p in personnes if p["role"] != "demandeur"]
    return 1 + sum(0.5 if (le - p["date_naissance"]).days >= 14 * 365.25 else 0.3 for p in autres)


def ressources(rng: random.Random, personnes: list[Donnees], le: date) -> Decimal:
    if rng.random() < 0.04:
        return Decimal(0)
    par_uc = rng.lognormvariate(math.log(900), 0.5)
    return Decimal(round(par_uc * unites_consommation(personnes, le), -1))


def logement(rng: random.Random, profil: str, personnes: int, parc: Parc, revenus: Decimal) -> Donnees:
    situation = tirer(rng, LOGEMENTS_SENIORS if profil == "senior" else LOGEMENTS)
    donnees: Donnees = {"situation": situation, "commune": commune_habitee(rng, parc)}
    if situation in AVEC_SURFACE:
        norme = NORMES_M2[min(personnes, len(NORMES_M2)) - 1]
        donnees["surface_m2"] = Decimal(round(norme * rng.uniform(0.75, 2.6)))
    if situation in (SL.LOCATAIRE_PARC_PRIVE, SL.LOCATAIRE_PARC_SOCIAL):
        prix_m2 = rng.uniform(8.5, 12) if situation is SL.LOCATAIRE_PARC_PRIVE else rng.uniform(5.5, 7)
        loyer = round(donnees["surface_m2"] * Decimal(str(round(prix_m2, 2))))
        donnees["loyer_mensuel"] = Decimal(loyer)
        donnees["aide_logement_mensuelle"] = Decimal(round(loyer * rng.uniform(0.2, 0.6))) if revenus < 1200 else None
    return donnees


def commune_habitee(rng: random.Random, parc: Parc) -> str:
    if rng.random() < 0.15:
        return rng.choice(COMMUNES_VOISINES)
    return tirer(rng, parc.par_commune())


def emplois(rng: random.Random, profil: str, personnes: list[Donnees], le: date, parc: Parc) -> list[Donnees]:
    titulaires = [p["role"] for p in personnes if p["role"] in ("demandeur", "cotitulaire")]
    return [_emploi(rng, role, profil, le, parc) for role in titulaires]


def _emploi(rng: random.Random, role: str, profil: str, le: date, parc: Parc) -> Donnees:
    statut = SE.RETRAITE if profil == "senior" else tirer(rng, EMPLOIS)
    emploi: Donnees = {"titulaire": role, "statut": statut, "depuis": le - timedelta(days=rng.randint(30, 2000))}
    if statut in EN_ACTIVITE:
        emploi["commune_travail"] = commune_habitee(rng, parc)
    return emploi


def motifs(rng: random.Random, profil: str, logement_actuel: Donnees, personnes: int) -> list[str]:
    situation = logement_actuel["situation"]
    probabilites = {
        "logement_trop_cher": 0.4 if situation is SL.LOCATAIRE_PARC_PRIVE else 0.05,
        "logement_non_decent": 0.08 if situation in AVEC_SURFACE else 0,
        "procedure_expulsion": 0.05 if situation is SL.LOCATAIRE_PARC_PRIVE else 0.01,
        "logement_repris_ou_vendu": 0.07 if situation is SL.LOCATAIRE_PARC_PRIVE else 0,
        "decohabitation": 0.7 if situation is SL.HEBERGE_PARENTS else 0,
        "divorce_separation": 0.12 if profil in ("couple_enfants", "monoparental") else 0.03,
        "logement_trop_grand": 0.3 if profil == "senior" else 0.02,
        "logement_inadapte_handicap": 0.3 if profil == "senior" else 0.03,
        "rapprochement_travail": 0.1,
    }
    choisis = {motif for motif, p in probabilites.items() if rng.random() < p}
    if logement_actuel.get("surface_m2") and logement_actuel["surface_m2"] < NORMES_M2[min(personnes, 8) - 1]:
        choisis.add("logement_trop_petit")
    return sorted(choisis) or ["autre"]


def souhaits(rng: random.Random, parc: Parc, personnes: int, commune: str) -> list[Donnees]:
    """One to three wishes; the first is often the commune lived in, all weighted by the stock."""
    typologies = TYPOLOGIES_PAR_TAILLE.get(personnes, (Typologie.T4, Typologie.T5_ET_PLUS))
    offre = {(c, t): n for (c, t), n in parc.logements.items() if t in typologies and n}
    choisis: list[tuple[str, Typologie]] = []
    locaux = {cle: n for cle, n in offre.items() if cle[0] == commune}
    if locaux and rng.random() < 0.6:
        choisis.append(tirer(rng, locaux))
    nombre = min(rng.choice((1, 2, 2, 3)), len(offre))
    while len(choisis) < nombre:
        choix = tirer(rng, offre)
        choisis += [choix] if choix not in choisis else []
    return [{"commune": c, "typologie": t} for c, t in choisis]


def situation(rng: random.Random, le: date, parc: Parc) -> Donnees:
    """The whole situation declared at registration."""
    profil = tirer(rng, PROFILS)
    personnes = menage(rng, profil, le)
    revenus = ressources(rng, personnes, le)
    actuel = logement(rng, profil, len(personnes), parc, revenus)
    return {
        "type_demande": "mutation" if actuel["situation"] is SL.LOCATAIRE_PARC_SOCIAL else "premiere_demande",
        "menage": personnes,
        "ressources_mensuelles": revenus,
        "logement": {k: v for k, v in actuel.items() if v is not None},
        "emplois": emplois(rng, profil, personnes, le, parc),
        "motifs": motifs(rng, profil, actuel, len(personnes)),
        "souhaits": souhaits(rng, parc, len(personnes), actuel["commune"]),
    }
