"""Shipped grid versions (YAML) and their loader."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from domain.erreurs import GrilleInvalide, en_francais
from domain.grille.modele import GrilleVersion

DOSSIER = Path(__file__).parent


def lire(chemin: Path) -> dict[str, Any]:
    """The raw data of a grid file (validated when adopted)."""
    try:
        donnees = yaml.safe_load(chemin.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise GrilleInvalide("format", f"fichier YAML illisible : {exc}") from None
    if not isinstance(donnees, dict):
        raise GrilleInvalide("format", "le fichier de grille doit décrire un objet")
    return donnees


def livree(version: str) -> Path:
    """Path of a grid version shipped with Cotation (e.g. ``epernay-2021-12``)."""
    chemin = DOSSIER / f"{version}.yaml"
    if not chemin.exists():
        connues = ", ".join(sorted(p.stem for p in DOSSIER.glob("*.yaml")))
        raise GrilleInvalide("format", f"grille livrée inconnue : {version} (connues : {connues})")
    return chemin


def charger(chemin: Path) -> GrilleVersion:
    try:
        return GrilleVersion.model_validate(lire(chemin))
    except ValidationError as exc:
        raise GrilleInvalide("format", en_francais(exc)) from None
