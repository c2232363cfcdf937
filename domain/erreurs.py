"""Every refusal of the domain is an ``ErreurCotation`` carrying a French message for users."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError


class ErreurCotation(Exception):
    """Base of all domain errors; ``str(err)`` is the French message shown to users, ``champ``
    the name of the field at fault when there is one."""

    def __init__(self, message: str, champ: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.champ = champ


class CommandeInvalide(ErreurCotation):
    """A command that the rules refuse; nothing is written."""


class DonneesInvalides(CommandeInvalide):
    """A command or query whose data are malformed (a field missing, a bad date…), whatever the rules."""


class EcritureConcurrente(CommandeInvalide):
    """Other writes to the same demande (or grid) kept overtaking this one: nothing was written, retry."""


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


def champs_en_francais(exc: ValidationError) -> list[tuple[str, str]]:
    """Each faulty field of a pydantic validation error, with what is wrong with it in French."""
    return [(".".join(str(part) for part in err["loc"]) or "donnée", _detail(err)) for err in exc.errors()]


def _detail(err: Any) -> str:
    if err["type"] in ("value_error", "assertion_error"):
        return str(err.get("ctx", {}).get("error", err["msg"]))
    return _MESSAGES.get(err["type"], "valeur invalide")


def en_francais(exc: ValidationError) -> str:
    """Render a pydantic validation error as one French sentence per faulty field."""
    return "Données invalides — " + " ; ".join(f"{champ} : {detail}" for champ, detail in champs_en_francais(exc))


def commande_invalide(exc: ValidationError) -> DonneesInvalides:
    return DonneesInvalides(en_francais(exc), champ=champs_en_francais(exc)[0][0])
