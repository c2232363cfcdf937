"""Write the demo territory, or a generated history of any size, into a store: the Épernay grid,
then the demandes' histories.

Every event goes through the application and its rules, with the clock set to its historical
recorded time. The demo is written in the order of those times across all demandes; a generated
history demande after demande, so that memory stays flat in its size. Both only write on an
empty store.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from uuid import UUID, uuid4

from adapters.application import CotationApp, Identifiants, id_grille
from adapters.bootstrap import creer_application
from adapters.demo.histoires import GRAINE, NOMBRE_DEMANDES, Ecriture, generer, histoires
from adapters.demo.profils import EPERNAY
from adapters.grilles import lire, livree
from adapters.horloge import HorlogeReglable
from adapters.reglages import Reglages
from domain.demande.evenements import DemandeEnregistree
from domain.erreurs import CommandeInvalide
from domain.grille.evenements import GrilleAdoptee

TERRITOIRE = "CA_EPERNAY"
GRILLE = "epernay-2021-12"
ADOPTION = datetime(2021, 12, 1, 8, 0, tzinfo=UTC)
ADOPTEE_PAR = {"type": "agent", "agent_id": "EPCI-A01", "guichet_id": "CA-EPERNAY"}
MOTIF_ADOPTION = "Grille du PPGD de la CA Épernay, Coteaux et Plaine de Champagne (décembre 2021), section 8"
PAS_VIERGE = "la base n'est pas vide : un historique généré ne s'écrit que dans une base vierge"


@dataclass(frozen=True)
class Bilan:
    demandes: int
    evenements: int


@dataclass
class _Semis:
    app: CotationApp
    horloge: HorlogeReglable
    demandes: dict[int, UUID] = field(default_factory=dict)
    enregistrements: dict[int, UUID] = field(default_factory=dict)

    def ecrire(self, ecriture: Ecriture) -> None:
        self.horloge.regler(ecriture.instant)
        if ecriture.classe is GrilleAdoptee:
            self.app.adopter_grille(ecriture.donnees)
        elif ecriture.classe is DemandeEnregistree:
            demande_id, evt = self.app.enregistrer_demande(ecriture.donnees)
            self.demandes[ecriture.demande], self.enregistrements[ecriture.demande] = demande_id, evt.evenement_id
        else:
            donnees = ecriture.donnees_pour(self.enregistrements[ecriture.demande])
            self.app.ajouter(self.demandes[ecriture.demande], ecriture.classe, donnees)

    def oublier(self, demande: int) -> None:
        """Drop a demande whose history is fully written."""
        del self.demandes[demande], self.enregistrements[demande]


def adoption() -> Ecriture:
    """The adoption of the shipped Épernay grid, recorded on the morning it takes effect."""
    grille = lire(livree(GRILLE))
    donnees = {"grille": grille, "effet_le": ADOPTION.date(), "acteur": ADOPTEE_PAR, "motif": MOTIF_ADOPTION}
    return Ecriture(ADOPTION, -1, GrilleAdoptee, donnees)


def identifiants(graine: int) -> Identifiants:
    """The ids of a generated history, drawn from its seed: the grid's adoption, then each demande's
    id followed by its events' ids. The same seed and size give the same log, written one event at
    a time (``semer_historique``) or in bulk (``adapters/demo/versement.py``)."""
    tirage = random.Random(f"cotation:identifiants:{graine}")
    return lambda: UUID(int=tirage.getrandbits(128), version=4)


def vierge(app: CotationApp) -> bool:
    return not app.historique(id_grille(app.territoire)) and not app.demandes(1, 0)


def ouvrir(reglages: Reglages, horloge: HorlogeReglable, ids: Identifiants = uuid4) -> CotationApp:
    """The application of the demo territory (refused for another territory)."""
    if reglages.territoire != TERRITOIRE:
        raise CommandeInvalide(
            f"le territoire de démonstration est {TERRITOIRE} : cette installation sert {reglages.territoire}"
        )
    return creer_application(reglages, horloge, ids)


def semer(reglages: Reglages, nombre: int = NOMBRE_DEMANDES) -> Bilan | None:
    """Seed the demo on an empty store of the Épernay territory; ``None`` if the store is not empty."""
    horloge = HorlogeReglable(ADOPTION)
    app = ouvrir(reglages, horloge)
    try:
        if not vierge(app):
            return None
        ecritures = sorted([adoption(), *histoires(nombre)], key=lambda e: (e.instant, e.demande))
        semis = _Semis(app, horloge)
        for ecriture in ecritures:
            semis.ecrire(ecriture)
        return Bilan(demandes=len(semis.demandes), evenements=len(ecritures))
    finally:
        app.close()


def semer_historique(
    reglages: Reglages,
    nombre: int,
    graine: int = GRAINE,
    apres_demande: Callable[[], None] = lambda: None,
    profil: str = EPERNAY,
) -> Bilan:
    """Write a generated history of ``nombre`` demandes (calibrated by ``profil``) on an empty
    store of the Épernay territory: the grid's adoption, then each demande's history in turn, with
    ids drawn from the seed; ``apres_demande`` is called after each."""
    suite = generer(nombre, graine, profil)  # an unknown profile is refused before anything is opened
    horloge = HorlogeReglable(ADOPTION)
    app = ouvrir(reglages, horloge, identifiants(graine))
    try:
        if not vierge(app):
            raise CommandeInvalide(PAS_VIERGE)
        semis, evenements = _Semis(app, horloge), 1
        semis.ecrire(adoption())
        for histoire in suite:
            for ecriture in histoire:
                semis.ecrire(ecriture)
            semis.oublier(histoire[0].demande)
            evenements += len(histoire)
            apres_demande()
        return Bilan(demandes=nombre, evenements=evenements)
    finally:
        app.close()
