"""Calendar arithmetic on dates passed in (never read from a clock)."""

from __future__ import annotations

from datetime import date


def mois_revolus(debut: date, fin: date) -> int:
    """Whole months from ``debut`` to ``fin``: 15/03 -> 14/04 is 0, 15/03 -> 15/04 is 1.

    A start on the 29th-31st completes its month on the same day number, or on the 1st of the
    following month when that day does not exist (29/02/2024 + 12 months = 01/03/2025).
    """
    mois = (fin.year - debut.year) * 12 + fin.month - debut.month
    if fin.day < debut.day:
        mois -= 1
    return max(mois, 0)


def age(naissance: date, le: date) -> int:
    """Age in whole years on ``le`` (a person born 29/02 has their birthday on 01/03)."""
    return mois_revolus(naissance, le) // 12


def ajouter_mois(depart: date, mois: int) -> date:
    """``depart`` + ``mois`` months; a day that does not exist moves to the 1st of the next month."""
    annee, index = divmod(depart.month - 1 + mois, 12)
    annee += depart.year
    try:
        return depart.replace(year=annee, month=index + 1)
    except ValueError:
        suivant = date(annee + (index + 1) // 12, (index + 1) % 12 + 1, 1)
        return suivant
