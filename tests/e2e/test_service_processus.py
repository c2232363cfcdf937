"""``cotation serve --processus 2``: two uvicorn processes answer over one store, the scheduler runs
once, in the main process, and a replay job accepted by one process is answered for by both."""

from __future__ import annotations

import json
import re
import time
import urllib.error
import urllib.request
from datetime import date
from pathlib import Path
from typing import Any

from adapters.grilles import charger, livree
from adapters.http.profils import Profil
from domain.grille.modele import GrilleVersion
from tests.verification.serveur import jeton, service

PORT = 8791
REQUETES = 24
ATTENTE_S = 120


def _appel(url: str, jeton_: str, corps: dict[str, Any] | None = None) -> tuple[int, dict[str, Any]]:
    """One request on a connection of its own (the kernel spreads connections over the processes)."""
    donnees = None if corps is None else json.dumps(corps).encode()
    requete = urllib.request.Request(url, data=donnees, headers={
        "Authorization": f"Bearer {jeton_}", "Content-Type": "application/json", "Connection": "close"})
    try:
        with urllib.request.urlopen(requete, timeout=30) as reponse:
            return reponse.status, json.loads(reponse.read())
    except urllib.error.HTTPError as erreur:
        return erreur.code, json.loads(erreur.read())


def test_two_http_processes_share_the_store_and_the_scheduler_runs_once(tmp_path: Path):
    journal = tmp_path / "service.log"
    reglages = {"COTATION_STORE": "sqlite", "COTATION_DATA_DIR": str(tmp_path / "donnees"),
                "COTATION_TERRITOIRE": "CA_EPERNAY", "COTATION_DOSSIER_REJEUX": str(tmp_path / "rejeux")}
    auditeur = jeton(Profil.AUDITEUR)
    candidate: GrilleVersion = charger(livree("epernay-2021-12"))
    with service(reglages, PORT, journal, processus=2) as url:
        lectures = [_appel(f"{url}/demandes?limite=1", auditeur)[0] for _ in range(REQUETES)]
        statut, accepte = _appel(f"{url}/rejeux", auditeur, {
            "candidate": candidate.model_dump(mode="json"), "dates": [date.today().replace(day=1).isoformat()]})
        suivis: list[int] = []
        debut = time.monotonic()
        while (not suivis or suivis[-1] != 200) and time.monotonic() - debut < ATTENTE_S:
            suivis.append(_appel(f"{url}{accepte['lien']}", auditeur)[0])
            time.sleep(0.2)
    texte = journal.read_text()

    assert lectures == [200] * REQUETES
    assert statut == 202 and set(suivis) <= {200, 202} and suivis[-1] == 200
    assert len(set(re.findall(r"Started server process \[(\d+)\]", texte))) == 2
    assert texte.count('"balayage_termine"') == 1
