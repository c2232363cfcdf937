"""The result of scoring: a total and the contributions that make it, each traced to events."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, ConfigDict, PlainSerializer

from domain.demande.faits import Source
from domain.grille.modele import Nature, OptionJustificatif
from domain.grille.parametres import ParametreUtilise

#: Points in JSON: a whole number as an integer, else a decimal number; documented as such (the
#: ``return_type``), not as the string pydantic gives a ``Decimal`` by default.
Points = Annotated[
    Decimal, PlainSerializer(lambda v: int(v) if v == v.to_integral_value() else float(v), return_type=int | float)
]


class Contribution(BaseModel):
    """One criterion's share of the score: its points, the rule in words and its sources."""

    model_config = ConfigDict(frozen=True)

    critere: str
    libelle: str
    nature: Nature
    points: Points
    regle: str
    option_justificatif: OptionJustificatif
    effet_justificatif: str
    sources: list[Source]
    parametres: list[ParametreUtilise]
    rubrique: str | None = None
    retenu: bool = True


class Cotation(BaseModel):
    """The score of a demande at ``date`` (valid time), as recorded at ``connu_le`` if given."""

    model_config = ConfigDict(frozen=True)

    numero_unique: str
    date: date
    connu_le: datetime | None
    grille: str
    grille_libelle: str
    total: Points
    contributions: list[Contribution]
