"""What every endpoint may ask for: the application, its sensitive criteria, and the date of a score
(today by default).

These dependencies are coroutines although they wait on nothing: FastAPI runs a plain function
dependency on its thread pool, a hop that costs more than the function itself.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import Depends, Query, Request

from adapters.application import CotationApp
from adapters.horloge import aujourdhui
from adapters.http.dates import DateIso
from adapters.http.sensible import CriteresSensibles


async def application(request: Request) -> CotationApp:
    return request.app.state.cotation


async def criteres_sensibles(request: Request) -> CriteresSensibles:
    return request.app.state.sensibles


async def jour_demande(
    request: Request,
    jour: Annotated[
        DateIso | None,
        Query(alias="date", description="Date de la cotation (AAAA-MM-JJ) ; par défaut, aujourd'hui"),
    ] = None,
) -> date:
    return jour or aujourdhui(request.app.state.cotation.horloge)


Application = Annotated[CotationApp, Depends(application)]
Jour = Annotated[date, Depends(jour_demande)]
Sensibles = Annotated[CriteresSensibles, Depends(criteres_sensibles)]
