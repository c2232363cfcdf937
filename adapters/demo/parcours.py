"""The lifecycle of the demo demandes: renewals, CAL passages, malus and appeals.

Drawn from its own random generator after the histories (``histoires.py``), so the ménages and
their changes stay those of the same seed. Everything follows the rules and the Épernay grid:
a malus is envisaged with a two-week contradictory period free of other changes (unless the
demandeur corrects the demande in it), applied by an agent with the "malus" habilitation after
it, for one year; appeals are decided by the agglomeration's habilitated agent; the scheduler's
events (end of the period, expiry) are written at their due dates, as the sweeper would have.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from uuid import UUID

from adapters.demo.dossier import DEBUT, DEMANDEUR, FIN, Dossier, instant, jour_entre
from adapters.demo.territoire import parc
from domain.demande.cal import BailSigne, CandidatDesigne, PassageCAL
from domain.demande.evenements import CritereRetire, JustificatifDepose, SituationDeclaree, SituationRectifiee
from domain.demande.malus import MalusApplique, MalusEnvisage, MalusExpire, MalusLeve, PeriodeContradictoireEchue
from domain.demande.recours import RecoursDecide, RecoursDepose
from domain.demande.valeurs import Typologie
from domain.demande.vie import DemandeRadiee, DemandeRenouvelee
from domain.temps import ajouter_mois

SYSTEME = {"type": "systeme", "composant": "planificateur"}
#: The agglomeration's agent who decides amicable appeals (fictitious).
INSTANCE_RECOURS = {"type": "agent", "agent_id": "EPCI-A02", "guichet_id": "CA-EPERNAY", "habilitations": ["recours"]}
PREMIER_MALUS = date(2022, 1, 10)
#: Demandes first registered before this day are never housed (see ``vivre``).
TOUJOURS_OUVERTES = DEBUT + timedelta(days=31)
PERIODE_JOURS, POINTS, DUREE_MOIS = 14, Decimal(-10), 12  # the Épernay grid (PPGD section 8)
MODIFICATIONS = (SituationDeclaree, SituationRectifiee, JustificatifDepose)
SUSPICIONS = (
    "Fiche de paie aux montants incohérents avec l'avis d'imposition",
    "Avis d'imposition dont la présentation diffère du modèle officiel",
    "Attestation d'hébergement signée par une personne inconnue à l'adresse",
    "Quittance de loyer émise par un bailleur introuvable",
)
APPLICATIONS = (
    "Aucune pièce probante produite dans le délai de deux semaines",
    "Falsification confirmée par l'émetteur de la pièce",
)
BAILLEURS = ("PLURIAL NOVILIA", "FOYER REMOIS", "NOVHABITAT")
RESERVATAIRES = ("Préfecture de la Marne", "Action Logement", "Ville d'Épernay", "Bailleur")


def vivre(rng: random.Random, dossier: Dossier) -> None:
    """The lifecycle of one dossier, drawn from the lifecycle generator after the previous ones.
    A demande first registered in the first month of the period is never housed nor struck off:
    in the demo the first registered is one of them and stays open (the end-to-end tests add
    events to it), as it nearly always is in a history of a few hundred demandes or more."""
    if rng.random() < 0.25:
        envisager_malus(rng, dossier)
    if rng.random() < 0.12:
        passer_en_cal(rng, dossier, loge=dossier.inscription >= TOUJOURS_OUVERTES)
    for retrait in [e for e in dossier.ecritures if e.classe is CritereRetire]:
        if rng.random() < 0.6:
            contester_retrait(rng, dossier, retrait.donnees["critere"], retrait.donnees["effet_le"])
    renouveler(rng, dossier)


def _nuit(le: date) -> datetime:
    """When the scheduler writes a due event: early on its due date."""
    return datetime.combine(le, time(2, 0), tzinfo=UTC)


def habilite(dossier: Dossier) -> dict:
    """The instructing guichet's agent with the "malus" habilitation: its first agent."""
    guichet = dossier.instructeur
    return {"type": "agent", "agent_id": guichet.agents[0], "guichet_id": guichet.guichet_id,
            "habilitations": ["malus"]}


# --- renewals -----------------------------------------------------------------------------------


def renouveler(rng: random.Random, dossier: Dossier) -> None:
    """Renewed every year a few weeks before the anniversary, until struck off; one demande in ten
    stops renewing (the scheduler strikes it off)."""
    radiation = [e.donnees["effet_le"] for e in dossier.ecritures if e.classe is DemandeRadiee]
    fin, abandon = min([*radiation, FIN]), rng.random() < 0.1
    echeance = ajouter_mois(dossier.inscription, 12)
    while (effet := echeance - timedelta(days=rng.randint(1, 30))) < fin and not (abandon and rng.random() < 0.4):
        portail = rng.random() < 0.7
        acteur = DEMANDEUR if portail else dossier.agent(rng)
        dossier.ecrire(instant(rng, effet, portail), DemandeRenouvelee, effet, acteur)
        echeance = ajouter_mois(effet, 12)


# --- CAL passages -------------------------------------------------------------------------------


def logement(rng: random.Random) -> dict:
    communes = [c for c, _ in parc().logements]
    return {"commune": rng.choice(communes), "typologie": rng.choice(list(Typologie)),
            "bailleur": rng.choice(BAILLEURS), "reservataire": rng.choice(RESERVATAIRES)}


def passer_en_cal(rng: random.Random, dossier: Dossier, loge: bool) -> None:
    """One to three CAL passages ranked 2nd or not retained; when it may be ``loge``, sometimes a
    final attribution, the lease and the striking off, after anything else of the demande."""
    jour = dossier.dernier_jour() + timedelta(days=rng.randint(20, 120))
    for _ in range(rng.choice((1, 2, 2, 3))):
        if jour > FIN:
            return
        decision = rng.choice(("attribution", "attribution", "non_attribution"))
        passer(rng, dossier, jour, decision, 2 if decision == "attribution" else None)
        jour += timedelta(days=rng.randint(30, 150))
    if rng.random() < 0.5 and loge and jour + timedelta(days=30) <= FIN:
        attribuer(rng, dossier, jour)


def passer(rng: random.Random, dossier: Dossier, jour: date, decision: str, rang: int | None) -> UUID:
    designation, passage = UUID(int=rng.getrandbits(128), version=4), UUID(int=rng.getrandbits(128), version=4)
    lieu = logement(rng)
    dossier.ecrire(instant(rng, jour - timedelta(days=10)), CandidatDesigne, jour - timedelta(days=10),
                   dossier.agent(rng), designation_id=designation, logement=lieu)
    motif = "Ménage retenu sur un autre logement du programme" if decision == "non_attribution" else None
    dossier.ecrire(instant(rng, jour), PassageCAL, jour, dossier.agent(rng), passage_id=passage,
                   designation_id=designation, logement=lieu, decision=decision, rang=rang, motif=motif)
    return passage


def attribuer(rng: random.Random, dossier: Dossier, jour: date) -> None:
    passage = passer(rng, dossier, jour, "attribution", 1)
    bail = jour + timedelta(days=rng.randint(10, 30))
    signe = dossier.ecrire(instant(rng, bail), BailSigne, bail, dossier.agent(rng), passage_id=passage)
    dossier.ecrire(signe + timedelta(hours=1), DemandeRadiee, bail, dossier.agent(rng), cause="attribution",
                   motif="Bail signé : demande satisfaite")


# --- malus and appeals --------------------------------------------------------------------------


def avertissement(rng: random.Random, dossier: Dossier) -> date | None:
    """A warning day whose contradictory period holds no other change of the demande, if one is found."""
    debut = max(dossier.inscription + timedelta(days=30), PREMIER_MALUS)
    changements = [e.donnees["effet_le"] for e in dossier.ecritures if e.classe in MODIFICATIONS]
    for _ in range(5):
        jour = jour_entre(rng, debut, FIN - timedelta(days=40))
        if debut <= jour and not any(jour <= c <= jour + timedelta(days=PERIODE_JOURS) for c in changements):
            return jour
    return None


def envisager_malus(rng: random.Random, dossier: Dossier) -> None:
    jour = avertissement(rng, dossier)
    if jour is None:
        return
    malus_id, fin = UUID(int=rng.getrandbits(128), version=4), jour + timedelta(days=PERIODE_JOURS)
    dossier.ecrire(instant(rng, jour), MalusEnvisage, jour, dossier.agent(rng), malus_id=malus_id,
                   type_malus="FAUSSE_DECLARATION", fin_periode_contradictoire=fin, motif=rng.choice(SUSPICIONS))
    tirage = rng.random()
    if tirage < 0.25:
        corriger(rng, dossier, jour)
    echue = fin + timedelta(days=1)
    dossier.ecrire(_nuit(echue), PeriodeContradictoireEchue, echue, SYSTEME, malus_id=malus_id,
                   demande_modifiee=tirage < 0.25)
    if tirage >= 0.35:
        appliquer(rng, dossier, malus_id, echue + timedelta(days=rng.randint(0, 20)))


def corriger(rng: random.Random, dossier: Dossier, avertissement_le: date) -> None:
    """The demandeur brings a genuine document during the contradictory period."""
    depot = avertissement_le + timedelta(days=rng.randint(2, PERIODE_JOURS - 1))
    dossier.ecrire(instant(rng, depot, portail=True), JustificatifDepose, depot, DEMANDEUR,
                   justificatif_id=UUID(int=rng.getrandbits(128), version=4), critere="PREMIER_QUARTILE",
                   type_piece=f"avis d'imposition {depot.year - 1} (original)", valide_du=date(depot.year, 1, 1))


def appliquer(rng: random.Random, dossier: Dossier, malus_id: UUID, jour: date) -> None:
    expire_le = ajouter_mois(jour, DUREE_MOIS)
    dossier.ecrire(instant(rng, jour), MalusApplique, jour, habilite(dossier), malus_id=malus_id, points=POINTS,
                   expire_le=expire_le, motif=rng.choice(APPLICATIONS))
    tirage = rng.random()
    if tirage < 0.15:
        leve = lever(rng, dossier, malus_id, jour + timedelta(days=rng.randint(10, 60)))
    else:
        leve = tirage < 0.45 and contester(rng, dossier, malus_id, jour)
    if not leve and expire_le <= FIN:
        dossier.ecrire(_nuit(expire_le), MalusExpire, expire_le, SYSTEME, malus_id=malus_id)


def lever(rng: random.Random, dossier: Dossier, malus_id: UUID, jour: date) -> bool:
    """A cancellation for error; returns whether it was written (within the demo period)."""
    if jour > FIN:
        return False
    dossier.ecrire(instant(rng, jour), MalusLeve, jour, habilite(dossier), malus_id=malus_id,
                   cause="annulation_erreur", motif="Erreur : la pièce en cause appartenait à un autre dossier")
    return True


def contester(rng: random.Random, dossier: Dossier, malus_id: UUID, applique_le: date) -> bool:
    """An appeal filed within weeks, decided a month or so later: upheld from the application
    (retroactive), or rejected. Returns whether it lifted the malus."""
    depot, recours_id = applique_le + timedelta(days=rng.randint(5, 45)), UUID(int=rng.getrandbits(128), version=4)
    if depot > FIN:
        return False
    dossier.ecrire(instant(rng, depot, portail=True), RecoursDepose, depot, DEMANDEUR, recours_id=recours_id,
                   objet="malus", malus_id=malus_id,
                   motif="Le demandeur conteste la falsification et produit l'original")
    decision = depot + timedelta(days=rng.randint(15, 45))
    if decision > FIN:
        return False
    accueilli = rng.random() < 0.5
    dossier.ecrire(
        instant(rng, decision), RecoursDecide, applique_le if accueilli else decision, INSTANCE_RECOURS,
        recours_id=recours_id, issue="accueilli" if accueilli else "rejete", decide_le=decision,
        motif="Original authentique : malus levé à compter de son application" if accueilli
        else "Les pièces produites ne lèvent pas le doute sur l'authenticité",
    )
    return accueilli


def contester_retrait(rng: random.Random, dossier: Dossier, critere: str, retire_le: date) -> None:
    """The demandeur appeals against a criterion withdrawn; the appeal is decided weeks later."""
    depot = retire_le + timedelta(days=rng.randint(10, 40))
    decision = depot + timedelta(days=rng.randint(20, 40))
    if decision > FIN:
        return
    recours_id = UUID(int=rng.getrandbits(128), version=4)
    dossier.ecrire(instant(rng, depot, portail=True), RecoursDepose, depot, DEMANDEUR, recours_id=recours_id,
                   objet="critere", critere=critere, motif="Le contrat de travail a été renouvelé dans le même métier")
    accueilli = rng.random() < 0.4
    dossier.ecrire(
        instant(rng, decision), RecoursDecide, decision, INSTANCE_RECOURS, recours_id=recours_id,
        issue="accueilli" if accueilli else "rejete", decide_le=decision,
        motif="Avenant au contrat produit : critère rétabli" if accueilli else "Le nouvel emploi ne relève pas des "
        "métiers en tension retenus par la grille",
    )
