"""Run cas types: each case on a fresh application over a temporary SQLite store.

The clock is set to each event's recorded time before it is written, and to a sweep's instant
before the scheduler's sweeper runs (what it wrote is read back from the demandes' histories);
the grid is adopted one minute before the first step, further versions at their adoption steps
(through the application's adoption rules). Expectations are checked once every step
is played: the score at a date as known now, or as recorded at ``connu_le``; then the
candidate grid of ``rejeu``, if any, is replayed by the real replay, the clock left at the last step.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any
from uuid import UUID, uuid4

from adapters.application import CotationApp
from adapters.bootstrap import creer_application
from adapters.cas_types.chargement import CANDIDATE, ScenarioInvalide, charger, grille_du_cas
from adapters.cas_types.modele import (
    UNE_MINUTE,
    AdoptionCas,
    Attente,
    Balayage,
    Cas,
    EvenementCas,
    EvenementNomme,
    FichierCasTypes,
    RejeuCas,
    UneEtape,
    libelle_etape,
)
from adapters.cas_types.rapport import ResultatCas, Verification
from adapters.cas_types.rejeu import lignes_rejouees
from adapters.cas_types.verification import (
    verifier_attente,
    verifier_ecrit_avec,
    verifier_ecrits,
    verifier_erreur,
    verifier_refus,
    verifier_rejeu,
    verifier_rejeu_refuse,
)
from adapters.horloge import HorlogeReglable
from adapters.reglages import Reglages
from domain.erreurs import ErreurCotation
from domain.evenements import Evenement
from domain.grille.modele import GrilleVersion
from projections.bilan_malus import reference
from scheduler import balayeur

ACTEURS: dict[str, dict[str, str]] = {
    "demandeur": {"type": "demandeur"},
    "agent": {"type": "agent", "agent_id": "agent-cas-types", "guichet_id": "guichet-cas-types"},
    "systeme": {"type": "systeme", "composant": "cas-types"},
}
MOTIF_ADOPTION = "Adoption de la grille pour le cas type"
MOTIF_REVISION = "Adoption d'une nouvelle version de la grille au cours du cas type"


@dataclass
class _Deroulement:
    """One case being played: the application, its clock, and what the aliases stand for."""

    app: CotationApp
    horloge: HorlogeReglable
    chemin: Path
    demandes: dict[str, UUID] = field(default_factory=dict)
    identifiants: dict[tuple[str, str, str], UUID] = field(default_factory=dict)
    evenements: dict[str, UUID] = field(default_factory=dict)

    def adopter(self, grille: GrilleVersion, instant: datetime, motif: str = MOTIF_ADOPTION) -> None:
        self.horloge.regler(instant)
        self.app.adopter_grille(dict(grille=grille, effet_le=grille.effet_le, acteur=ACTEURS["agent"], motif=motif))

    def tenter_adoption(self, etape: AdoptionCas, instant: datetime) -> str | None:
        """Adopt the step's grid through the application's rules: the refusal's French message, or ``None``."""
        try:
            self.adopter(grille_du_cas(etape.adoption, self.chemin), instant, etape.motif or MOTIF_REVISION)
        except ErreurCotation as exc:
            return exc.message
        return None

    def tenter(self, evt: EvenementCas, instant: datetime) -> Evenement | str:
        """Write the event at ``instant``: the event written, or the refusal's French message."""
        self.horloge.regler(instant)
        donnees = self._donnees(evt)
        try:
            return self._ecrire(evt, donnees)
        except ErreurCotation as exc:
            return exc.message

    def _ecrire(self, evt: EvenementCas, donnees: dict[str, Any]) -> Evenement:
        if evt.est_enregistrement:
            self.demandes[evt.demande], ecrit = self.app.enregistrer_demande(donnees)
        else:
            ecrit = self.app.ajouter(self.demandes[evt.demande], evt.classe, donnees)
        for reference, alias in evt.references():
            self.identifiants[(reference.cle, evt.demande, alias)] = donnees[reference.champ]
        if evt.alias:
            self.evenements[evt.alias] = ecrit.evenement_id
        return ecrit

    def _donnees(self, evt: EvenementCas) -> dict[str, Any]:
        """The event's fields for the application, aliases replaced by identifiers (a new one
        for the event that creates it); a demande registered without ``numero_unique`` gets a
        fictional one (département 000)."""
        donnees = {**evt.champs(), **self.resoudre(evt), "effet_le": evt.effet_le, "acteur": _acteur(evt)}
        if evt.motif is not None:
            donnees["motif"] = evt.motif
        if evt.corrige:
            donnees["corrige"] = [self.evenements[alias] for alias in evt.corrige]
        if evt.est_enregistrement:
            donnees.setdefault("numero_unique", f"000{evt.effet_le:%y%m}{len(self.demandes) + 1:07d}CAST")
        return donnees

    def resoudre(self, evt: EvenementNomme) -> dict[str, UUID]:
        """The identifiers an event names, by field (``malus_id``…); a new one for an alias not known yet."""
        return {
            reference.champ: self.identifiants.get((reference.cle, evt.demande, alias)) or uuid4()
            for reference, alias in evt.references()
        }

    def balayer(self, instant: datetime) -> list[tuple[str, Evenement]]:
        """Run the deadline sweeper at ``instant``: the events it wrote, with their demande's alias."""
        self.horloge.regler(instant)
        avant = {alias: len(self.app.historique(demande_id)) for alias, demande_id in self.demandes.items()}
        balayeur.balayer(self.app)
        return [
            (alias, evt)
            for alias, demande_id in self.demandes.items()
            for evt in self.app.historique(demande_id)[avant[alias] :]
        ]

    def rejouer(self, rejeu: RejeuCas) -> Verification:
        """Replay the candidate over the store as it stands after the last step (the clock is there)."""
        candidate = grille_du_cas(rejeu.candidate, self.chemin, CANDIDATE)
        try:
            lignes = lignes_rejouees(self.app, candidate, rejeu.dates)
        except ErreurCotation as exc:
            return verifier_rejeu_refuse(rejeu, candidate.version, exc.message)
        references = {alias: reference("D", demande_id) for alias, demande_id in self.demandes.items()}
        return verifier_rejeu(rejeu, candidate.version, references, lignes)

    def verifier(self, attente: Attente) -> Verification:
        try:
            cotation = self.app.cotation(self.demandes[attente.demande], attente.le, attente.connu_le)
        except ErreurCotation as exc:
            return verifier_erreur(attente, exc.message)
        return verifier_attente(attente, cotation)


def _acteur(evt: EvenementCas) -> dict[str, Any]:
    """A named actor, or a full one; an agent or the system written without identifiers gets
    those of the named ones: ``{type: agent, habilitations: [malus]}``."""
    acteur = evt.acteur_ou_defaut()
    if isinstance(acteur, str):
        return ACTEURS[acteur]
    return {**ACTEURS.get(acteur.get("type"), {}), **acteur}


def _jouer_etape(
    deroulement: _Deroulement, numero: int, etape: UneEtape, instant: datetime
) -> tuple[list[Verification], str | None]:
    """The checks of one step, or the error that stops the case."""
    if isinstance(etape, Balayage):
        ecrits = deroulement.balayer(instant)
        return ([] if etape.ecrits is None else [verifier_ecrits(numero, etape, ecrits, deroulement.resoudre)]), None
    if isinstance(etape, AdoptionCas):
        return _jouer_adoption(deroulement, numero, etape, instant)
    ecrit = deroulement.tenter(etape, instant)
    if etape.refus_attendu is not None:
        libelle = f"refus de l'événement n°{numero} ({etape.type}, demande {etape.demande})"
        return [verifier_refus(libelle, etape.refus_attendu, None if isinstance(ecrit, Evenement) else ecrit)], None
    if isinstance(ecrit, str):
        return [], f"événement n°{numero} ({etape.type}, demande {etape.demande}) refusé : {ecrit}"
    return ([verifier_ecrit_avec(numero, etape, ecrit)] if etape.ecrit_avec else []), None


def _jouer_adoption(
    deroulement: _Deroulement, numero: int, etape: AdoptionCas, instant: datetime
) -> tuple[list[Verification], str | None]:
    refus = deroulement.tenter_adoption(etape, instant)
    libelle = f"adoption de grille (étape n°{numero})"
    if etape.refus_attendu is not None:
        return [verifier_refus(f"refus de l'{libelle}", etape.refus_attendu, refus)], None
    return [], None if refus is None else f"{libelle} refusée : {refus}"


def _derouler(
    deroulement: _Deroulement, cas: Cas, grille: GrilleVersion
) -> tuple[list[Verification], str | None]:
    instants = cas.instants()
    deroulement.adopter(grille, instants[0] - UNE_MINUTE)
    verifications = []
    for numero, (etape, instant) in enumerate(zip(cas.evenements, instants, strict=True), 1):
        de_l_etape, erreur = _jouer_etape(deroulement, numero, etape, instant)
        verifications += de_l_etape
        if erreur is not None:
            return verifications, erreur
    verifications += [deroulement.verifier(a) for a in cas.attentes]
    if cas.rejeu is not None:
        verifications.append(deroulement.rejouer(cas.rejeu))
    return verifications, None


def _verifier_codes(cas: Cas, grilles: list[GrilleVersion], chemin: Path) -> None:
    """A criterion or malus type named in an expectation must exist in a grid the case adopts:
    a typo never passes silently."""
    nommes = set().union(*(a.codes() for a in cas.attentes))
    connus = {c.code for g in grilles for c in g.criteres} | {m.code for g in grilles for m in g.malus}
    inconnus = sorted(nommes - connus)
    versions = ", ".join(dict.fromkeys(g.version for g in grilles))
    if inconnus:
        detail = f"critère inconnu de la grille {versions} : {', '.join(inconnus)}"
        raise ScenarioInvalide(chemin, f"cas {cas.nom} : {detail}")
    inconnues = sorted({a.grille for a in cas.attentes if a.grille} - {g.version for g in grilles})
    if inconnues:
        raise ScenarioInvalide(chemin, f"cas {cas.nom} : grille attendue que le cas n'adopte pas : "
                               f"{', '.join(inconnues)} (adoptées : {versions})")


def executer_cas(chemin: Path, fichier: FichierCasTypes, cas: Cas, affiche: str | None = None) -> ResultatCas:
    """Play one case on a fresh temporary store; ``affiche`` is the file name shown in reports."""
    resultat = dict(fichier=affiche or str(chemin), nom=cas.nom, description=cas.description)
    try:
        grilles = [grille_du_cas(g, chemin) for g in fichier.grilles_de(cas)]
        _verifier_codes(cas, grilles, chemin)
        with TemporaryDirectory(prefix="cas-types-") as dossier:
            verifications, erreur = _jouer(cas, grilles[0], chemin, Path(dossier))
    except ErreurCotation as exc:
        return ResultatCas(**resultat, erreur=exc.message)
    return ResultatCas(**resultat, verifications=tuple(verifications), erreur=erreur)


def _jouer(cas: Cas, grille: GrilleVersion, chemin: Path, dossier: Path) -> tuple[list[Verification], str | None]:
    horloge = HorlogeReglable(cas.instants()[0])
    reglages = Reglages(store="sqlite", data_dir=dossier, territoire=grille.territoire.code)
    app = creer_application(reglages, horloge)
    try:
        return _derouler(_Deroulement(app, horloge, chemin), cas, grille)
    finally:
        app.close()


def executer(chemin: Path, affiche: str | None = None) -> list[ResultatCas]:
    """Load one cas-types file and play all its cases (``ScenarioInvalide`` if it is invalid)."""
    fichier = charger(chemin)
    return [executer_cas(chemin, fichier, cas, affiche) for cas in fichier.cas]
