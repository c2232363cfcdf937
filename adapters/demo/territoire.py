"""The demo territory: the 16 communes of the Épernay agglomeration, their social housing stock
(RPLS 2019, transcribed from the PPGD, section 1), and fictitious guichets and agents."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache, cached_property
from importlib import resources

from domain.demande.valeurs import Typologie

FICHIER_PARC = "epernay-rpls2019-typologie.csv"
COLONNES = {
    "T1": Typologie.T1,
    "T2": Typologie.T2,
    "T3": Typologie.T3,
    "T4": Typologie.T4,
    "T5_et_plus": Typologie.T5_ET_PLUS,
}
#: Communes near the agglomeration where some demandeurs live or work (outside the territory).
COMMUNES_VOISINES = ("REIMS", "CHALONS-EN-CHAMPAGNE", "AY-CHAMPAGNE", "DIZY", "DORMANS")


@dataclass(frozen=True)
class Guichet:
    """A fictitious guichet enregistreur: its id, the 4-character code ending its numéros, its weight
    in the demo's draw, its agents, and its type among those the Île-de-France socle counts
    (``adapters/demo/profils.py``)."""

    guichet_id: str
    code: str
    poids: int
    agents: tuple[str, ...]
    sorte: str


#: Types of guichet enregistreur as the socle counts them (the portal aside).
BAILLEUR, COLLECTIVITE, ACTION_LOGEMENT = "bailleur", "collectivite", "action_logement"
#: The three landlords are bailleurs; the town hall and its CCAS (a municipal body), collectivités.
GUICHETS = (
    Guichet("PLURIAL-NOVILIA", "PLNV", 40, ("PLNV-A01", "PLNV-A02", "PLNV-A03"), BAILLEUR),
    Guichet("MAIRIE-EPERNAY", "MEPE", 25, ("MEPE-A01", "MEPE-A02"), COLLECTIVITE),
    Guichet("FOYER-REMOIS", "FRMS", 12, ("FRMS-A01",), BAILLEUR),
    Guichet("NOVHABITAT", "NVHB", 10, ("NVHB-A01",), BAILLEUR),
    Guichet("ACTION-LOGEMENT", "ALOG", 8, ("ALOG-A01",), ACTION_LOGEMENT),
    Guichet("CCAS-EPERNAY", "CCAS", 5, ("CCAS-A01",), COLLECTIVITE),
)
#: Code ending the numéros of demandes filed on the online portal (fictitious).
CODE_PORTAIL = "PGPN"


@dataclass(frozen=True)
class Parc:
    """Social dwellings by commune and typology."""

    logements: dict[tuple[str, Typologie], int]

    def communes(self) -> list[str]:
        return sorted({commune for commune, _ in self.logements})

    def par_commune(self) -> dict[str, int]:
        return self._totaux

    @cached_property
    def _totaux(self) -> dict[str, int]:
        """Computed once: the generator draws a commune from them for most ménages."""
        totaux: dict[str, int] = {}
        for (commune, _), nombre in self.logements.items():
            totaux[commune] = totaux.get(commune, 0) + nombre
        return totaux


@cache
def parc() -> Parc:
    """The stock shipped with the demo (``adapters/demo/donnees``)."""
    texte = resources.files("adapters.demo").joinpath("donnees", FICHIER_PARC).read_text(encoding="utf-8")
    logements = {
        (ligne["commune"], typologie): int(ligne[colonne])
        for ligne in csv.DictReader(texte.splitlines())
        for colonne, typologie in COLONNES.items()
    }
    return Parc(logements)
