"""The histories of the demo demandes, as writes dated in the world and in the record.

Each demande is registered (at a guichet or on the portal) between 2019 and 2026, when and where
its calibration draws it (``adapters/demo/profils.py``: the demo's own, or Île-de-France's), then lives:
declared changes, a few rectifications by agents, justificatifs deposited then validated or
rejected, criteria validated (and sometimes withdrawn) by agents; then its lifecycle
(``adapters/demo/parcours.py``: renewals, CAL passages, malus and appeals). Effective dates and
recorded times differ as in real life (a paper form entered days later). Same seed, same histories;
``generer`` yields them lazily at any size, ``histoires`` gathers the demo's few hundred.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal
from uuid import UUID

from adapters.demo import menages, parcours, profils
from adapters.demo.dossier import DEBUT as DEBUT  # the period's start, read by the demo's tests
from adapters.demo.dossier import DEMANDEUR, FIN, Dossier, Ecriture, delai, instant, jour_entre
from adapters.demo.menages import EN_ACTIVITE, Donnees, tirer
from adapters.demo.profils import Profil
from adapters.demo.territoire import CODE_PORTAIL, Parc, parc
from domain.demande.evenements import (
    CritereRetire,
    CritereValide,
    DemandeEnregistree,
    JustificatifDepose,
    JustificatifRejete,
    JustificatifValide,
    SituationDeclaree,
    SituationRectifiee,
)
from domain.demande.valeurs import SituationLogement as SL
from domain.demande.valeurs import StatutEmploi as SE
from domain.format import jour

GRAINE = 2021
NOMBRE_DEMANDES = 300
DEPARTEMENT = "051"
MOTIFS_VALIDATION = {
    "DALO": "Décision favorable de la commission de médiation DALO de la Marne",
    "LOGEMENT_INDIGNE": "Arrêté préfectoral d'insalubrité notifié au propriétaire",
    "METIERS_EN_TENSION": "Contrat de travail dans la restauration, l'hôtellerie, le tourisme, le bâtiment "
    "ou l'industrie",
    "INSERTION_PROFESSIONNELLE": "Contrat d'insertion ou d'apprentissage en cours",
    "ELOIGNEMENT_TRAVAIL": "Trajet domicile-travail de plus de 30 minutes en transport",
    "AGEES_ANTICIPATION": "Risque de perte d'autonomie à court terme signalé par le travailleur social",
    "VIOLENCES_COUPLE": "Ordonnance de protection du juge aux affaires familiales",
}
REJETS = (
    "Pièce illisible : merci de la déposer à nouveau",
    "Avis d'imposition d'une autre année que celle demandée",
    "Document incomplet : pages manquantes",
)


def generer(nombre: int, graine: int = GRAINE, profil: str = profils.EPERNAY) -> Iterator[list[Ecriture]]:
    """The histories of ``nombre`` demandes, lazily, one demande at a time (numbers 0, 1, 2…),
    each as its writes in the order of their recorded times. Two generators (the ménages and
    their changes; the lifecycle) are each drawn demande after demande, so the first k histories
    do not depend on ``nombre``: a larger history extends a smaller one of the same seed.
    ``profil`` names the calibration of the registrations (``adapters/demo/profils.py``); an
    unknown name is refused at once, before any history is drawn."""
    return _generer(nombre, graine, profils.profil(profil))


def _generer(nombre: int, graine: int, profil: Profil) -> Iterator[list[Ecriture]]:
    rng, cycle, stock = random.Random(graine), random.Random(graine + 1), parc()
    for numero in range(nombre):
        dossier = histoire(rng, numero, stock, profil)
        parcours.vivre(cycle, dossier)
        yield sorted(dossier.ecritures, key=lambda e: e.instant)


def histoires(nombre: int = NOMBRE_DEMANDES, graine: int = GRAINE) -> list[Ecriture]:
    """Every write of the demo, in the order of their recorded times."""
    ecritures = (e for demande in generer(nombre, graine) for e in demande)
    return sorted(ecritures, key=lambda e: (e.instant, e.demande))


def histoire(rng: random.Random, numero: int, stock: Parc, profil: Profil) -> Dossier:
    inscription, guichet, instructeur = profil.inscrire(rng)
    dossier = Dossier(numero, inscription, guichet, instructeur, menages.situation(rng, inscription, stock))
    annuel = rng.random() < 0.03
    enregistrer(rng, dossier, annuel)
    if annuel or rng.random() < 0.03:
        rectifier(rng, dossier, annuel, stock)
    changer(rng, dossier, stock)
    deposer_justificatifs(rng, dossier)
    valider_criteres(rng, dossier)
    return dossier


# --- registration and changes -------------------------------------------------------------------


def enregistrer(rng: random.Random, dossier: Dossier, annuel: bool) -> None:
    """Register; with ``annuel`` the resources are entered as a yearly amount (rectified later)."""
    situation = dict(dossier.situation)
    if annuel:
        situation["ressources_mensuelles"] = situation["ressources_mensuelles"] * 12
    code = dossier.guichet.code if dossier.guichet else CODE_PORTAIL
    numero = f"{DEPARTEMENT}{dossier.inscription:%y%m}{1000 + dossier.numero:07d}{code}"
    saisie = dossier.inscription + (delai(rng) if dossier.guichet else timedelta())
    dossier.ecrire(
        instant(rng, saisie, portail=dossier.guichet is None), DemandeEnregistree, dossier.inscription,
        dossier.agent(rng) if dossier.guichet else DEMANDEUR, numero_unique=numero,
        date_premiere_inscription=dossier.inscription, canal="guichet" if dossier.guichet else "portail",
        guichet_id=dossier.guichet.guichet_id if dossier.guichet else None, situation=situation,
    )


def rectifier(rng: random.Random, dossier: Dossier, annuel: bool, stock: Parc) -> None:
    """An agent corrects an honest error of the registration, with effect from the registration."""
    if annuel:
        bloc = {"ressources_mensuelles": dossier.situation["ressources_mensuelles"]}
        motif = "Ressources saisies en montant annuel au lieu de mensuel : corrigées au vu de l'avis d'imposition"
    else:
        bloc = {"logement": {**dossier.situation["logement"], "commune": menages.commune_habitee(rng, stock)}}
        motif = "Commune du logement actuel mal saisie lors de l'enregistrement (droit à l'erreur)"
    saisie = dossier.ecritures[0].instant.date() + timedelta(days=rng.randint(5, 90))
    if saisie <= FIN:
        dossier.situation.update(bloc)
        dossier.ecrire(instant(rng, saisie), SituationRectifiee, dossier.inscription, dossier.agent(rng),
                       motif=motif, situation=bloc)


def changer(rng: random.Random, dossier: Dossier, stock: Parc) -> None:
    """Changes of situation declared over time, mostly by the demandeur on the portal."""
    nombre = rng.choice((0, 0, 1, 1, 1, 2, 3))
    debut = dossier.ecritures[-1].instant.date() + timedelta(days=20)
    for effet in sorted(jour_entre(rng, debut, FIN) for _ in range(nombre) if debut <= FIN):
        bloc = changement(rng, dossier, effet, stock)
        dossier.situation.update(bloc)
        par_portail = rng.random() < 0.7
        acteur = DEMANDEUR if par_portail else dossier.agent(rng)
        dossier.ecrire(instant(rng, effet + delai(rng), par_portail), SituationDeclaree, effet, acteur, situation=bloc)


def changement(rng: random.Random, dossier: Dossier, effet: date, stock: Parc) -> Donnees:
    situation = dossier.situation
    personnes = situation["menage"]
    sorte = rng.choice(("ressources", "ressources", "emplois", "naissance", "souhaits", "logement"))
    if sorte == "ressources":
        nouvelles = situation["ressources_mensuelles"] * Decimal(str(round(rng.uniform(0.7, 1.3), 2)))
        return {"ressources_mensuelles": nouvelles.quantize(Decimal(1))}
    if sorte == "emplois":
        return {"emplois": [{**e, **_nouvel_emploi(rng, effet)} for e in situation["emplois"]]}
    if sorte == "naissance" and len(personnes) < 8:
        return {"menage": [*personnes, {"role": "enfant", "date_naissance": effet}]}
    if sorte == "logement":
        actuel = menages.logement(rng, "seul", len(personnes), stock, situation["ressources_mensuelles"])
        social = actuel["situation"] is SL.LOCATAIRE_PARC_SOCIAL
        return {"logement": {k: v for k, v in actuel.items() if v is not None},
                "type_demande": "mutation" if social else "premiere_demande"}
    return {"souhaits": menages.souhaits(rng, stock, len(personnes), situation["logement"]["commune"])}


def _nouvel_emploi(rng: random.Random, effet: date) -> Donnees:
    statut = tirer(rng, menages.EMPLOIS)
    commune = rng.choice(("EPERNAY", "EPERNAY", "MAGENTA", "REIMS")) if statut in EN_ACTIVITE else None
    return {"statut": statut, "depuis": effet, "commune_travail": commune}


# --- justificatifs ------------------------------------------------------------------------------


def pieces_possibles(situation: Donnees, le: date) -> dict[str, str]:
    """The criteria this ménage may document, with the document it would bring."""
    pieces = {"PREMIER_QUARTILE": f"avis d'imposition {le.year - 1}"}
    if situation["logement"]["situation"] is SL.HEBERGE_TIERS:
        pieces["HEBERGE_TIERS"] = "attestation d'hébergement"
    if any(p.get("handicap") for p in situation["menage"]):
        pieces["HANDICAP"] = "décision de la MDPH"
    if "procedure_expulsion" in situation.get("motifs", ()):
        pieces["MENACE_EXPULSION"] = "commandement de quitter les lieux"
    if any(e["statut"] is SE.DEMANDEUR_EMPLOI for e in situation["emplois"]):
        pieces["CHOMAGE_LONGUE_DUREE"] = "attestation d'inscription à France Travail"
    return pieces


def deposer_justificatifs(rng: random.Random, dossier: Dossier) -> None:
    if rng.random() > 0.45:
        return
    depot = jour_entre(rng, dossier.inscription, FIN - timedelta(days=10))
    pieces = pieces_possibles(dossier.situation, depot)
    for critere in rng.sample(sorted(pieces), k=min(len(pieces), rng.choice((1, 1, 2)))):
        deposer(rng, dossier, critere, pieces[critere], depot)


def deposer(rng: random.Random, dossier: Dossier, critere: str, piece: str, depot: date) -> None:
    justificatif = UUID(int=rng.getrandbits(128), version=4)
    par_portail = rng.random() < 0.6
    saisie = dossier.ecrire(
        instant(rng, depot + (timedelta() if par_portail else delai(rng)), par_portail), JustificatifDepose, depot,
        DEMANDEUR if par_portail else dossier.agent(rng), justificatif_id=justificatif, critere=critere,
        type_piece=piece, sensible=critere == "HANDICAP", valide_du=depot.replace(month=1, day=1),
    )
    decision = saisie.date() + timedelta(days=rng.randint(1, 20))
    if decision > FIN or rng.random() < 0.13:
        return
    quand = instant(rng, decision + delai(rng))
    if rng.random() < 0.85:
        dossier.ecrire(quand, JustificatifValide, decision, dossier.agent(rng), justificatif_id=justificatif)
    else:
        dossier.ecrire(quand, JustificatifRejete, decision, dossier.agent(rng), justificatif_id=justificatif,
                       motif=rng.choice(REJETS))


# --- criteria validated by agents ---------------------------------------------------------------


def criteres_manuels(rng: random.Random, situation: Donnees) -> list[str]:
    """The manual criteria an agent validates for this ménage."""
    statuts = {e["statut"] for e in situation["emplois"]}
    logement = situation["logement"]
    ailleurs = any(e.get("commune_travail") not in (None, logement.get("commune")) for e in situation["emplois"])
    chances = {
        "DALO": 0.08 if logement["situation"] in (SL.SANS_LOGEMENT, SL.HEBERGE_TIERS) else 0.02,
        "LOGEMENT_INDIGNE": 0.03 if logement["situation"] is SL.LOCATAIRE_PARC_PRIVE else 0,
        "METIERS_EN_TENSION": 0.3 if statuts & {SE.CDI, SE.CDD, SE.INTERIM} else 0,
        "INSERTION_PROFESSIONNELLE": 0.7 if statuts & {SE.CONTRAT_INSERTION, SE.APPRENTISSAGE} else 0,
        "ELOIGNEMENT_TRAVAIL": 0.3 if ailleurs else 0,
        "AGEES_ANTICIPATION": 0.3 if SE.RETRAITE in statuts else 0,
        "VIOLENCES_COUPLE": 0.01,
    }
    return [code for code, chance in chances.items() if rng.random() < chance]


def valider_criteres(rng: random.Random, dossier: Dossier) -> None:
    for critere in criteres_manuels(rng, dossier.situation):
        effet = jour_entre(rng, dossier.inscription + timedelta(days=10), FIN)
        saisie = dossier.ecrire(instant(rng, effet + delai(rng)), CritereValide, effet, dossier.agent(rng),
                                critere=critere, motif=f"{MOTIFS_VALIDATION[critere]} (pièces vues le {jour(effet)})")
        retrait = saisie.date() + timedelta(days=rng.randint(60, 400))
        if critere == "METIERS_EN_TENSION" and retrait <= FIN and rng.random() < 0.2:
            dossier.ecrire(instant(rng, retrait), CritereRetire, retrait, dossier.agent(rng), critere=critere,
                           motif="Fin du contrat dans un métier en tension")
