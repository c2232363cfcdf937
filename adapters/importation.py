"""Import events from a JSON-lines file: one command per line, each written or refused alone.

A line is ``{"type": "<short name>", ...event fields}``. A registration
(``demande_enregistree``) carries its numéro unique among its fields; any other line names its
demande by ``demande_id`` or by ``numero_unique``. A refused line writes nothing and does not
stop the lines after it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from uuid import UUID

from adapters.application import CotationApp
from domain.demande.catalogue import ENREGISTREMENT, SUITES, TYPES, lire_commande, nom
from domain.erreurs import CommandeInvalide, ErreurCotation


@dataclass(frozen=True)
class LigneImportee:
    """The outcome of one line: written (``message`` names the event type) or refused (why)."""

    numero: int
    ecrite: bool
    message: str


def importer(app: CotationApp, lignes: Iterable[str]) -> list[LigneImportee]:
    """Write each non-blank line's event, in order; the outcome of every line."""
    return [_importer(app, numero, texte) for numero, texte in enumerate(lignes, start=1) if texte.strip()]


def _importer(app: CotationApp, numero: int, texte: str) -> LigneImportee:
    try:
        type_ecrit = _ecrire(app, _objet(texte))
    except ErreurCotation as exc:
        return LigneImportee(numero, False, exc.message)
    return LigneImportee(numero, True, type_ecrit)


def _objet(texte: str) -> dict[str, Any]:
    try:
        objet = json.loads(texte, parse_float=Decimal)
    except json.JSONDecodeError as exc:
        raise CommandeInvalide(f"JSON illisible (colonne {exc.colno})") from None
    if not isinstance(objet, dict):
        raise CommandeInvalide("chaque ligne doit être un objet JSON")
    return objet


def _ecrire(app: CotationApp, objet: dict[str, Any]) -> str:
    if objet.get("type") == ENREGISTREMENT:
        classe, donnees = lire_commande(objet, TYPES)
        app.enregistrer_demande(donnees)
    else:
        demande_id = _demande(app, objet)
        classe, donnees = lire_commande(objet, SUITES)
        app.ajouter(demande_id, classe, donnees)
    return nom(classe)


def _demande(app: CotationApp, objet: dict[str, Any]) -> UUID:
    """The demande a line names (removing its designation from the event's fields)."""
    identifiant, numero = objet.pop("demande_id", None), objet.pop("numero_unique", None)
    if (identifiant is None) == (numero is None):
        raise CommandeInvalide("désignez la demande par « demande_id » ou par « numero_unique », l'un des deux")
    if numero is not None:
        return app.rechercher(str(numero))
    try:
        return UUID(str(identifiant))
    except ValueError:
        raise CommandeInvalide("demande_id : identifiant invalide") from None
