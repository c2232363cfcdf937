"""The request bodies of the commands, described in the OpenAPI document from the domain's events.

A command is an event's own fields without those the service sets: its id, its recorded time and
its actor (the user of the token, ADR 0022); a command on a demande adds its ``type``. The
bodies are still read by the domain (``domain/demande/catalogue.py``), which says in French what
is wrong; this only tells clients, and schemathesis, what to send.
"""

from __future__ import annotations

from typing import Any

from domain.demande.catalogue import ENREGISTREMENT, SUITES, TYPES
from domain.evenements import Evenement

PREFIXE = "Commande_"
REFERENCE = "#/components/schemas/" + PREFIXE + "{model}"
FIXES_PAR_LE_SERVICE = ("evenement_id", "enregistre_le", "acteur")
#: The actor's models: only the ``acteur`` field refers to them.
ACTEURS = ("Agent", "LeDemandeur", "Systeme")


def _sans_descriptions(schema: dict[str, Any]) -> dict[str, Any]:
    """The models' descriptions are their docstrings, in English: the document speaks French."""
    return {cle: valeur for cle, valeur in schema.items() if cle != "description"}


def _schema(classe: type[Evenement], nom: str | None) -> tuple[dict[str, Any], dict[str, Any]]:
    """The command's schema (with its ``type`` when ``nom`` is given) and the schemas it refers to."""
    schema = classe.model_json_schema(ref_template=REFERENCE)
    definitions = {PREFIXE + n: _sans_descriptions(d) for n, d in schema.pop("$defs", {}).items() if n not in ACTEURS}
    proprietes = {c: p for c, p in schema["properties"].items() if c not in FIXES_PAR_LE_SERVICE}
    requis = [c for c in schema.get("required", []) if c not in FIXES_PAR_LE_SERVICE]
    if nom is not None:
        proprietes = {"type": {"const": nom, "type": "string"}, **proprietes}
        requis = ["type", *requis]
    commande = {"title": nom or ENREGISTREMENT, "description": classe.libelle, "type": "object",
                "properties": proprietes, "required": requis, "additionalProperties": False}
    return commande, definitions


def _corps(document: dict[str, Any], chemin: str) -> dict[str, Any]:
    return document["paths"][chemin]["post"]["requestBody"]["content"]["application/json"]


def completer(document: dict[str, Any]) -> None:
    """Describe the body of ``POST /demandes`` and of ``POST /demandes/{demande_id}/evenements``."""
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    enregistrement, definitions = _schema(TYPES[ENREGISTREMENT], None)
    schemas |= definitions | {PREFIXE + ENREGISTREMENT: enregistrement}
    _corps(document, "/demandes")["schema"] = {"$ref": REFERENCE.format(model=ENREGISTREMENT)}
    for nom, classe in SUITES.items():
        commande, definitions = _schema(classe, nom)
        schemas |= definitions | {PREFIXE + nom: commande}
    references = {nom: REFERENCE.format(model=nom) for nom in SUITES}
    _corps(document, "/demandes/{demande_id}/evenements")["schema"] = {
        "oneOf": [{"$ref": r} for r in references.values()],
        "discriminator": {"propertyName": "type", "mapping": references},
    }
