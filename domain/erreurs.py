"""Every refusal of the domain is an ``ErreurCotation`` carrying a French message for users."""

from __future__ import annotations

from pydantic import ValidationError


class ErreurCotation(Exception):
    """Base of all domain errors; ``str(err)`` is the French message shown to users."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class CommandeInvalide(ErreurCotation):
    """A command that the rules refuse; nothing is written."""


class DemandeIntrouvable(ErreurCotation):
    """No demande with this identifier (or none yet at the date asked)."""


class GrilleInvalide(ErreurCotation):
    """A grid version that breaks a rule of adoption; ``regle`` names the rule."""

    def __init__(self, regle: str, message: str) -> None:
        super().__init__(f"Grille refusée ({regle}) : {message}")
        self.regle = regle


class ParametreManquant(ErreurCotation):
    """A dated parameter has no value for the date asked: never a silent zero."""


class GrilleIntrouvable(ErreurCotation):
    """No grid version in force at the date asked."""


_MESSAGES = {
    "missing": "champ obligatoire manquant",
    "extra_forbidden": "champ inconnu",
    "string_too_short": "texte trop court",
    "string_too_long": "texte trop long",
    "string_pattern_mismatch": "format invalide",
    "date_from_datetime_parsing": "date invalide (attendu : AAAA-MM-JJ)",
    "date_parsing": "date invalide (attendu : AAAA-MM-JJ)",
    "date_type": "date invalide (attendu : AAAA-MM-JJ)",
    "datetime_parsing": "horodatage invalide",
    "datetime_from_date_parsing": "horodatage invalide",
    "decimal_parsing": "nombre invalide",
    "int_parsing": "nombre entier invalide",
    "greater_than_equal": "valeur trop petite",
    "greater_than": "valeur trop petite",
    "less_than_equal": "valeur trop grande",
    "less_than": "valeur trop grande",
    "enum": "valeur non reconnue",
    "literal_error": "valeur non reconnue",
    "union_tag_invalid": "type non reconnu",
    "union_tag_not_found": "type manquant",
    "too_short": "liste trop courte",
    "uuid_parsing": "identifiant invalide",
    "bool_parsing": "valeur oui/non invalide",
}


def en_francais(exc: ValidationError) -> str:
    """Render a pydantic validation error as one French sentence per faulty field."""
    lignes = []
    for err in exc.errors():
        champ = ".".join(str(part) for part in err["loc"]) or "donnée"
        if err["type"] in ("value_error", "assertion_error"):
            detail = str(err.get("ctx", {}).get("error", err["msg"]))
        else:
            detail = _MESSAGES.get(err["type"], "valeur invalide")
        lignes.append(f"{champ} : {detail}")
    return "Données invalides — " + " ; ".join(lignes)


def commande_invalide(exc: ValidationError) -> CommandeInvalide:
    return CommandeInvalide(en_francais(exc))
