"""A catch-up process killed (SIGKILL) in the middle of its batches, then restarted, ends with
exactly the rows of a clean rebuild, on both stores."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator

import pytest

from adapters.application import CotationApp
from adapters.bootstrap import creer_application
from adapters.demo.semis import semer
from adapters.horloge import HorlogeReglable
from adapters.projections.base import Base
from adapters.projections.rattrapage import rattraper
from adapters.projections.reconstruction import reconstruire
from adapters.reglages import Reglages
from tests.integration.test_projections import JOUR, contenu

#: The catch-up of the child process, in small batches so that it is killed between two of them
#: or in the middle of one.
RATTRAPAGE = """
import sys
from datetime import datetime

from adapters.bootstrap import creer_application
from adapters.horloge import HorlogeReglable
from adapters.projections.rattrapage import rattraper
from adapters.reglages import Reglages

application = creer_application(Reglages.depuis_env(), HorlogeReglable(datetime.fromisoformat(sys.argv[1])))
rattraper(application, lot=4, neuve_en_un_passage=False)
"""
DEMANDES = 12
ATTENTE_MAX = 60.0


def environnement(reglages: Reglages) -> dict[str, str]:
    return os.environ | {
        "COTATION_STORE": reglages.store,
        "COTATION_DATA_DIR": str(reglages.data_dir),
        "COTATION_TERRITOIRE": reglages.territoire,
        "COTATION_POSTGRES_DBNAME": reglages.postgres_dbname,
    }


@pytest.fixture
def lecteur(reglages: Reglages) -> Iterator[CotationApp]:
    semer(reglages, DEMANDES)
    application = creer_application(reglages, HorlogeReglable(JOUR))
    yield application
    application.close()


def tuer_en_cours(reglages: Reglages, base: Base) -> int:
    """Start the catch-up in a child process and SIGKILL it once its position has moved; returns
    the position it had reached."""
    enfant = subprocess.Popen(
        [sys.executable, "-c", RATTRAPAGE, JOUR.isoformat()],
        env=environnement(reglages), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    limite = time.monotonic() + ATTENTE_MAX
    while base.position() == 0 and enfant.poll() is None and time.monotonic() < limite:
        time.sleep(0.01)
    enfant.send_signal(signal.SIGKILL)
    _, erreurs = enfant.communicate()
    assert enfant.returncode == -signal.SIGKILL, erreurs.decode()
    return base.position()


def test_a_catch_up_killed_midway_then_restarted_ends_as_a_clean_rebuild(reglages, lecteur):
    base = Base(lecteur)

    atteinte = tuer_en_cours(reglages, base)
    assert 0 < atteinte < base.derniere()
    rattraper(lecteur)
    repris = contenu(lecteur)
    reconstruire(lecteur, progression=False)

    assert contenu(lecteur) == repris
