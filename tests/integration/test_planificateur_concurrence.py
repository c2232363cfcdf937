"""Exactly once on PostgreSQL: two sweepers (two applications, two threads) at the same time over
1,000 due malus write exactly 1,000 expiries, one per malus."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, time
from pathlib import Path
from threading import Barrier
from typing import Any
from uuid import UUID

import pytest

from adapters.application import CotationApp
from adapters.bootstrap import creer_application
from adapters.horloge import HorlogeReglable
from adapters.reglages import Reglages
from domain.demande.malus import MalusExpire
from domain.demande.vie import DemandeRenouvelee
from domain.temps import ajouter_mois
from scheduler.balayeur import RapportBalayage, balayer
from tests.conftest import reglages_pour
from tests.integration.test_planificateur import APPLIQUE_LE, DEBUT, EXPIRE_LE, adopter, appliquer, envisager, regler

NOMBRE = 1000

pytestmark = pytest.mark.postgres


@pytest.fixture
def postgres(request: pytest.FixtureRequest, tmp_path: Path) -> Reglages:
    return reglages_pour("postgres", tmp_path, request)


@pytest.fixture
def horloge_pg(postgres: Reglages) -> HorlogeReglable:
    return HorlogeReglable(datetime.combine(DEBUT, time(9), tzinfo=UTC))


@pytest.fixture
def deux_applications(postgres: Reglages, horloge_pg: HorlogeReglable) -> Iterator[list[CotationApp]]:
    applications = [creer_application(postgres, horloge_pg) for _ in range(2)]
    yield applications
    for application in applications:
        application.close()


def mille_malus_appliques(app: CotationApp, horloge: HorlogeReglable, donnees: Callable[..., dict[str, Any]]) -> None:
    """1,000 demandes, each with a malus applied on ``APPLIQUE_LE`` and renewed two months later
    (so that only the expiries are due on ``EXPIRE_LE``), phase by phase as the clock moves on."""
    adopter(app)
    regler(horloge, DEBUT)
    demandes = [app.enregistrer_demande(donnees(f"0511909{n:08d}EPE"))[0] for n in range(NOMBRE)]
    malus = [envisager(app, demande_id) for demande_id in demandes]
    regler(horloge, APPLIQUE_LE)
    for demande_id, malus_id in zip(demandes, malus, strict=True):
        appliquer(app, demande_id, malus_id)
    renouvele_le = ajouter_mois(APPLIQUE_LE, 2)
    regler(horloge, renouvele_le)
    for demande_id in demandes:
        app.ajouter(demande_id, DemandeRenouvelee, dict(effet_le=renouvele_le, acteur={"type": "demandeur"}))


def test_two_concurrent_sweepers_write_each_of_1000_expiries_exactly_once(
    deux_applications: list[CotationApp], horloge_pg: HorlogeReglable, donnees_demande: Callable[..., dict[str, Any]]
) -> None:
    premiere, seconde = deux_applications
    mille_malus_appliques(premiere, horloge_pg, donnees_demande)
    regler(horloge_pg, EXPIRE_LE)
    depart = Barrier(2)

    def balayeur(application: CotationApp) -> RapportBalayage:
        depart.wait()
        return balayer(application, lot=500)

    with ThreadPoolExecutor(max_workers=2) as executeur:
        rapports = list(executeur.map(balayeur, deux_applications))

    expirations = premiere.recorder.select_notifications(None, 10 * NOMBRE, topics=[MalusExpire.TOPIC])
    malus_expires = {UUID(str(premiere.mapper.to_domain_event(n).evenement.malus_id)) for n in expirations}
    assert len(expirations) == len(malus_expires) == NOMBRE
    assert sum(r.ecrits[MalusExpire.TOPIC] for r in rapports) == NOMBRE
    assert sum(r.total_ecrits for r in rapports) == NOMBRE and not any(r.refuses for r in rapports)
    assert balayer(seconde).total_ecrits == 0
