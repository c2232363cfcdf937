"""The outcome of cas types, and its French rendering: expected against obtained, per criterion."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass


@dataclass(frozen=True)
class Ecart:
    """One difference: on the total, a criterion or a refusal, with what explains the obtained."""

    sujet: str
    attendu: str
    obtenu: str
    explication: str = ""


@dataclass(frozen=True)
class Verification:
    """One expectation or expected refusal, passed when it shows no difference."""

    libelle: str
    ecarts: tuple[Ecart, ...] = ()

    @property
    def reussie(self) -> bool:
        return not self.ecarts


@dataclass(frozen=True)
class ResultatCas:
    """A case run to its end, or stopped by ``erreur`` (an event refused unexpectedly…)."""

    fichier: str
    nom: str
    description: str
    verifications: tuple[Verification, ...] = ()
    erreur: str | None = None

    @property
    def identifiant(self) -> str:
        return f"{self.fichier}::{self.nom}"

    @property
    def reussi(self) -> bool:
        return self.erreur is None and all(v.reussie for v in self.verifications)


def _ecart(ecart: Ecart) -> list[str]:
    lignes = [f"      {ecart.sujet} : attendu {ecart.attendu}, obtenu {ecart.obtenu}"]
    if ecart.explication:
        lignes.append(f"        {ecart.explication}")
    return lignes


def _verification(verification: Verification) -> list[str]:
    marque = "réussi" if verification.reussie else "ÉCHEC"
    lignes = [f"    [{marque}] {verification.libelle}"]
    for ecart in verification.ecarts:
        lignes += _ecart(ecart)
    return lignes


def texte(resultat: ResultatCas) -> str:
    """The French report of one case, with every difference spelled out."""
    marque = "réussi" if resultat.reussi else "ÉCHEC"
    description = textwrap.fill(resultat.description, width=96, initial_indent="  ", subsequent_indent="  ")
    lignes = [f"[{marque}] {resultat.identifiant}", description]
    for verification in resultat.verifications:
        lignes += _verification(verification)
    if resultat.erreur:
        lignes.append(f"    [ERREUR] cas interrompu : {resultat.erreur}")
    return "\n".join(lignes)


def bilan(resultats: list[ResultatCas], fichiers_invalides: int = 0) -> str:
    """« 42 cas : 41 réussis, 1 en échec » (and the invalid files, if any)."""
    echecs = sum(1 for r in resultats if not r.reussi)
    texte_bilan = f"{len(resultats)} cas : {len(resultats) - echecs} réussi(s), {echecs} en échec"
    if fichiers_invalides:
        texte_bilan += f" ; {fichiers_invalides} fichier(s) invalide(s)"
    return texte_bilan
