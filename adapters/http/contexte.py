"""What every endpoint may ask for: the application, its sensitive criteria, and the date of a score
(today by default)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import Depends, Query, Request

from adapters.application import CotationApp
from adapters.horloge import aujourdhui
from adapters.http.dates import DateIso
from adapters.http.sensible import CriteresSensibles


def application(request: Request) -> CotationApp:
    return request.app.state.cotation


def criteres_sensibles(request: Request) -> CriteresSensibles:
    return request.app.state.sensibles


def jour_demande(
    request: Request,
    jour: Annotated[
        DateIso | None,
        Query(alias="date", description="Date de la cotation (AAAA-MM-JJ) ; par défaut, aujourd'hui"),
    ] = None,
) -> date:
    return jour or aujourdhui(application(request).horloge)


Application = Annotated[CotationApp, Depends(application)]
Jour = Annotated[date, Depends(jour_demande)]
Sensibles = Annotated[CriteresSensibles, Depends(criteres_sensibles)]
