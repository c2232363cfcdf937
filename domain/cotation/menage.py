"""Facts derived from the ménage at a date: ages, UC, minors, composition, surface norm."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from domain.demande.valeurs import TITULAIRES, Personne, Role
from domain.temps import age

AGE_MAJORITE = 18
AGE_UC_ADULTE = 14
UC_ADULTE, UC_ENFANT = Decimal("0.5"), Decimal("0.3")


def ages(menage: list[Personne], le: date) -> list[int]:
    return [age(p.date_naissance, le) for p in menage]


def unites_consommation(menage: list[Personne], le: date) -> Decimal:
    """Modified OECD scale: 1 for the demandeur, 0.5 per other person aged 14+, 0.3 under 14."""
    autres = [p for p in menage if p.role is not Role.DEMANDEUR]
    return Decimal(1) + sum(
        (UC_ADULTE if age(p.date_naissance, le) >= AGE_UC_ADULTE else UC_ENFANT for p in autres),
        Decimal(0),
    )


def ages_titulaires(menage: list[Personne], le: date) -> list[int]:
    return [age(p.date_naissance, le) for p in menage if p.role in TITULAIRES]


def nombre_mineurs(menage: list[Personne], le: date) -> int:
    return sum(1 for a in ages(menage, le) if a < AGE_MAJORITE)


def nombre_enfants(menage: list[Personne]) -> int:
    return sum(1 for p in menage if p.role is Role.ENFANT)


def a_cotitulaire(menage: list[Personne]) -> bool:
    return any(p.role is Role.COTITULAIRE for p in menage)


def surface_minimale(normes: list[Decimal], personnes: int) -> Decimal:
    """The minimal surface for ``personnes`` (the last norm covers that size and more)."""
    return normes[min(personnes, len(normes)) - 1]
