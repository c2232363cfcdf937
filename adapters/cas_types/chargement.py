"""Read cas-types files: find them, parse the YAML, validate the format, resolve their grids."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import ValidationError

from adapters import grilles
from adapters.cas_types.modele import FichierCasTypes, GrilleCas
from domain.erreurs import ErreurCotation, en_francais
from domain.grille.modele import Critere, GrilleVersion

EXTENSIONS = (".yaml", ".yml")
CANDIDATE = "rejeu.candidate"
M = TypeVar("M", Critere, GrilleVersion)


class ScenarioInvalide(ErreurCotation):
    """A cas-types file that cannot be read; the message names the file and the field."""

    def __init__(self, chemin: Path, detail: str) -> None:
        super().__init__(f"{chemin} : {detail}")


def trouver(chemins: Iterable[Path]) -> list[Path]:
    """The cas-types files among ``chemins``: files as given, directories searched recursively
    (grid files beside the cases, which they adopt or replay, are not cas-types files)."""
    trouves: list[Path] = []
    for chemin in chemins:
        if chemin.is_dir():
            trouves += sorted(
                p for p in chemin.rglob("*") if p.suffix in EXTENSIONS and p.is_file() and not _est_une_grille(p)
            )
        else:
            trouves.append(chemin)
    return trouves


def _est_une_grille(chemin: Path) -> bool:
    """A grid file (``criteres`` and no ``cas`` at the top); anything unreadable is left to ``charger``."""
    try:
        donnees = grilles.lire(chemin)
    except (ErreurCotation, OSError, UnicodeDecodeError, ValueError):
        return False
    return "criteres" in donnees and "cas" not in donnees


def charger(chemin: Path) -> FichierCasTypes:
    """The validated content of a cas-types file, or ``ScenarioInvalide``."""
    try:
        donnees = yaml.safe_load(chemin.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ScenarioInvalide(chemin, "fichier introuvable") from None
    except (OSError, UnicodeDecodeError):
        raise ScenarioInvalide(chemin, "fichier illisible (attendu : un texte UTF-8)") from None
    except yaml.YAMLError as exc:
        raise ScenarioInvalide(chemin, _erreur_yaml(exc)) from None
    except ValueError as exc:
        raise ScenarioInvalide(chemin, f"YAML illisible : valeur impossible, comme une date qui n'existe pas ({exc})") from None
    if not isinstance(donnees, dict):
        raise ScenarioInvalide(chemin, "le fichier doit décrire un objet avec une clé « cas »")
    try:
        fichier = FichierCasTypes.model_validate(donnees)
    except ValidationError as exc:
        raise ScenarioInvalide(chemin, en_francais(exc)) from None
    for cas in fichier.cas:
        for grille in fichier.grilles_de(cas):
            _grille_lisible(grille, chemin)
        if cas.rejeu is not None:
            _grille_lisible(cas.rejeu.candidate, chemin, CANDIDATE)
    return fichier


def _grille_lisible(grille: GrilleCas, chemin: Path, champ: str = "grille") -> None:
    """Every grid a case adopts or replays is found, read and overridden before anything runs."""
    try:
        grille_du_cas(grille, chemin, champ)
    except ScenarioInvalide:
        raise
    except ErreurCotation as exc:
        raise ScenarioInvalide(chemin, f"{champ} {grille.livree or grille.fichier} : {exc.message}") from None


def _erreur_yaml(exc: yaml.YAMLError) -> str:
    marque = getattr(exc, "problem_mark", None)
    if marque is None:
        return "YAML illisible"
    return f"YAML illisible à la ligne {marque.line + 1}, colonne {marque.column + 1} ({getattr(exc, 'problem', '')})"


def chemin_grille(grille: GrilleCas, chemin: Path, champ: str = "grille") -> Path:
    """Where a grid of a case is: shipped with Cotation, or relative to the cas-types file;
    ``champ`` names it in errors (``grille``, or ``rejeu.candidate``)."""
    if grille.livree is not None:
        try:
            return grilles.livree(grille.livree)
        except ErreurCotation as exc:
            raise ScenarioInvalide(chemin, f"{champ}.livree : {exc.message}") from None
    fichier = chemin.parent / str(grille.fichier)
    if not fichier.is_file():
        raise ScenarioInvalide(chemin, f"{champ}.fichier : fichier introuvable ({fichier})")
    return fichier


def grille_du_cas(grille: GrilleCas, chemin: Path, champ: str = "grille") -> GrilleVersion:
    """The grid version a case adopts (or replays), with its overrides applied (checked as a grid file is)."""
    version = _version(chemin_grille(grille, chemin, champ).resolve())
    surcharges = grille.model_dump(include={"option_justificatif", "version", "effet_le"}, exclude_none=True)
    if not surcharges and not grille.criteres:
        return version
    inconnus = sorted(grille.criteres.keys() - {c.code for c in version.criteres})
    if inconnus:
        raise ScenarioInvalide(chemin, f"{champ}.criteres : critère inconnu de la grille {version.version} : "
                               f"{', '.join(inconnus)}")
    criteres = [
        _valider(Critere, c.model_dump() | grille.criteres[c.code], chemin, f"{champ}.criteres.{c.code}")
        if c.code in grille.criteres else c
        for c in version.criteres
    ]
    donnees = version.model_dump() | surcharges | {"criteres": criteres}
    return _valider(GrilleVersion, donnees, chemin, f"grille {version.version} modifiée")


def _valider(modele: type[M], donnees: dict[str, Any], chemin: Path, quoi: str) -> M:
    try:
        return modele.model_validate(donnees)
    except ValidationError as exc:
        raise ScenarioInvalide(chemin, f"{quoi} : {en_francais(exc)}") from None


@lru_cache(maxsize=16)
def _version(chemin: Path) -> GrilleVersion:
    """Parsing a grid is the slow part of a case: each file is read once per run."""
    return grilles.charger(chemin)
