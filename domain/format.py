"""French renderings of numbers, amounts, dates and durations, for every text a user reads.

Each is a pure function of an immutable value: those a scoring calls most keep their recent
renderings in a bounded cache.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache


@lru_cache(maxsize=4096)
def nombre(valeur: Decimal | int, decimales: int = 2) -> str:
    """1234.5 -> « 1 234,50 »; integers stay without decimals."""
    valeur = Decimal(valeur)
    if valeur == valeur.to_integral_value():
        texte = f"{int(valeur):,}"
    else:
        arrondi = valeur.quantize(Decimal(1).scaleb(-decimales), rounding=ROUND_HALF_UP)
        texte = f"{arrondi:,.{decimales}f}"
    return texte.replace(",", "\u202f").replace(".", ",")


def euros(valeur: Decimal) -> str:
    return f"{nombre(valeur)} €"


@lru_cache(maxsize=4096)
def jour(valeur: date) -> str:
    """« 05/03/2024 » (as ``strftime("%d/%m/%Y")``, at a fraction of its cost)."""
    return f"{valeur.day:02d}/{valeur.month:02d}/{valeur.year}"


@lru_cache(maxsize=256)
def points(valeur: Decimal | int) -> str:
    valeur = Decimal(valeur)
    return f"{nombre(valeur)} point" + ("s" if abs(valeur) >= 2 else "")


@lru_cache(maxsize=1024)
def duree_mois(mois: int) -> str:
    """38 -> « 3 ans et 2 mois »."""
    ans, reste = divmod(mois, 12)
    parties = []
    if ans:
        parties.append(f"{ans} an" + ("s" if ans > 1 else ""))
    if reste or not ans:
        parties.append(f"{reste} mois")
    return " et ".join(parties)
