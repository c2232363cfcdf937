"""The ``rejeu`` of a case: the real replay of a candidate grid (``adapters.rejeu.execution``)
over the store the case has just written, read back from its CSV detail (one row per demande,
date and wish; the difference is the same on every wish of a demande at a date)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from adapters.application import CotationApp
from adapters.rapports.tableaux import BOM
from adapters.rejeu.execution import rejouer
from domain.grille.modele import GrilleVersion


@dataclass(frozen=True)
class LigneRejouee:
    """What the replay shows for one demande at one date (cells as written in the CSV)."""

    ecart: Decimal | None
    score_en_vigueur: str
    score_candidate: str
    criteres_modifies: str


def lignes_rejouees(
    app: CotationApp, candidate: GrilleVersion, dates: Sequence[date]
) -> dict[tuple[str, date], LigneRejouee]:
    """The replay's rows by (short reference of the demande, ``D-…``; date)."""
    detail = io.StringIO()
    rejouer(app, candidate, dates, detail=detail)
    lignes: dict[tuple[str, date], LigneRejouee] = {}
    for rangee in csv.DictReader(io.StringIO(detail.getvalue().removeprefix(BOM)), delimiter=";"):
        cle = (rangee["demande"], date.fromisoformat(rangee["date"]))
        lignes.setdefault(cle, LigneRejouee(
            _nombre(rangee["ecart"]), rangee["score_en_vigueur"], rangee["score_candidate"], rangee["criteres_modifies"]
        ))
    return lignes


def _nombre(cellule: str) -> Decimal | None:
    """A CSV cell (decimal comma; empty when a score could not be computed)."""
    return Decimal(cellule.replace(",", ".")) if cellule else None
