"""``make charge``: a bounded load test of the real service (uvicorn) on PostgreSQL, on the loopback.

32 clients for 60 s, each in turn writing one command and reading four times. Writes: a new demande
registered by its client one time in ten, a declared change of situation on one of its own demandes,
and one time in five on one of 8 demandes shared by every client (concurrent modifications of the
same demande); every write carries an Idempotency-Key and is retried with it after a 409 of
concurrency. Reads: the score today (half), the score as recorded an hour ago (a quarter), the
history (a quarter), of demo demandes drawn at random. The clients run in this process, on the same
two cores as the service.

First, for 10 s, the same clients send only the service's lightest authenticated read (``GET
/demandes?limite=1``: the token checked, the request logged, one indexed query, nothing decoded):
the requests per second the service answers at best on this machine, reported beside the load's.

Before and after, the events are counted in the store: the difference must equal the writes
acknowledged (201), and the events of every demande written must be, one for one, those
acknowledged: nothing lost, nothing duplicated. Prints the figures (Markdown, for
docs/benchmarks.md); exit code 1 on a server error, a lost or a duplicated event.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from uuid import UUID, uuid4

import psycopg

from adapters.bootstrap import creer_application
from adapters.http.profils import Profil
from adapters.reglages import Reglages
from tests.verification.client_http import Connexion
from tests.verification.serveur import PG, base_postgres, jeton, service

CLIENTS, DUREE_S, PORT, BASE = 32, 60, 8782, "cotation_charge"
#: HTTP processes of the service (``cotation serve --processus``): ``CHARGE_PROCESSUS``, else one per core.
PROCESSUS = int(os.environ.get("CHARGE_PROCESSUS", str(os.cpu_count() or 1)))
PLANCHER_S, PLANCHER = 10, "/demandes?limite=1"
LECTURES_PAR_ECRITURE, PARTAGEES, REESSAIS = 4, 8, 10
CIBLES = {"ecritures_s": 250, "p99_ecriture_ms": 50, "lectures_s": 1000}


@dataclass
class Mesures:
    ecritures_ms: list[float] = field(default_factory=list)
    lectures_ms: list[float] = field(default_factory=list)
    statuts: Counter[int] = field(default_factory=Counter)
    #: evenement_id acknowledged (201), by demande.
    acquittes: dict[UUID, list[UUID]] = field(default_factory=dict)

    def noter(self, statut: int, duree_ms: float, ecriture: bool) -> None:
        self.statuts[statut] += 1
        (self.ecritures_ms if ecriture else self.lectures_ms).append(duree_ms)


@dataclass
class Client:
    numero: int
    connexion: Connexion
    mesures: Mesures
    entetes: dict[str, str]
    demo: list[str]
    partagees: list[str]
    propres: list[str] = field(default_factory=list)
    tour: int = 0

    async def _envoyer(self, methode: str, chemin: str, corps: Any = None, **entetes: str) -> tuple[int, bytes]:
        debut = time.perf_counter()
        statut, reponse = await self.connexion.requete(methode, chemin, self.entetes | entetes, corps)
        self.mesures.noter(statut, (time.perf_counter() - debut) * 1000, methode == "POST")
        return statut, reponse

    async def ecrire(self) -> None:
        """One command, retried with its Idempotency-Key after a 409 of concurrency."""
        chemin, corps = self._commande()
        cle = str(uuid4())
        for _ in range(REESSAIS):
            statut, reponse = await self._envoyer("POST", chemin, corps, **{"Idempotency-Key": cle})
            if statut != 409 or b"ecriture-concurrente" not in reponse and b"requete-en-cours" not in reponse:
                break
        if statut == 201:
            ecrit = json.loads(reponse)
            demande = UUID(ecrit["demande_id"])
            self.mesures.acquittes.setdefault(demande, []).append(UUID(ecrit["evenement_id"]))
            if chemin == "/demandes":
                self.propres.append(str(demande))

    def _commande(self) -> tuple[str, dict[str, Any]]:
        self.tour += 1
        if not self.propres or self.tour % 10 == 0:
            return "/demandes", _enregistrement(f"0512611{self.numero:02d}{self.tour:05d}CHRG")
        demande = random.choice(self.partagees if self.tour % 5 == 0 else self.propres)
        situation = {"ressources_mensuelles": str(random.randint(300, 3000))}
        return f"/demandes/{demande}/evenements", {"type": "situation_declaree", "effet_le": _aujourdhui(),
                                                    "situation": situation}

    async def lire(self) -> None:
        demande, tirage = random.choice(self.demo), random.random()
        if tirage < 0.5:
            await self._envoyer("GET", f"/demandes/{demande}/cotation")
        elif tirage < 0.75:
            connu_le = (datetime.now(UTC) - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
            await self._envoyer("GET", f"/demandes/{demande}/cotation?connu_le={connu_le}")
        else:
            await self._envoyer("GET", f"/demandes/{demande}/historique")

    async def tourner(self, fin: float) -> None:
        while time.monotonic() < fin:
            await self.ecrire()
            for _ in range(LECTURES_PAR_ECRITURE):
                await self.lire()
        await self.connexion.fermer()

    async def effleurer(self, fin: float) -> None:
        """The lightest read, again and again (the floor of the service's cost per request)."""
        while time.monotonic() < fin:
            await self._envoyer("GET", PLANCHER)


def _aujourdhui() -> str:
    return datetime.now(UTC).astimezone().date().isoformat()


def _enregistrement(numero: str) -> dict[str, Any]:
    jour = _aujourdhui()
    return {
        "effet_le": jour, "numero_unique": numero, "date_premiere_inscription": jour, "canal": "guichet",
        "guichet_id": "MAIRIE-EPERNAY",
        "situation": {
            "type_demande": "premiere_demande", "menage": [{"role": "demandeur", "date_naissance": "1985-05-05"}],
            "ressources_mensuelles": "1200", "logement": {"situation": "heberge_tiers"}, "emplois": [],
            "souhaits": [{"commune": "EPERNAY", "typologie": "T2"}],
        },
    }


def _compter_evenements() -> int:
    with psycopg.connect(**PG, dbname=BASE) as cx:
        [table] = [r[0] for r in cx.execute("SELECT tablename FROM pg_tables WHERE tablename LIKE '%\\_events'")]
        return cx.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]  # type: ignore[index]


def _centile(valeurs: list[float], q: float) -> float:
    return statistics.quantiles(valeurs, n=100, method="inclusive")[q - 1] if len(valeurs) > 1 else float("nan")


def _clients(url: str, demo: list[str], mesures: Mesures) -> list[Client]:
    adresse = urlsplit(url)
    entetes = {"Authorization": f"Bearer {jeton(Profil.GUICHET_ENREGISTREUR, Profil.AUDITEUR)}"}
    return [
        Client(n, Connexion(adresse.hostname or "", adresse.port or 80), mesures, entetes, demo, demo[:PARTAGEES])
        for n in range(CLIENTS)
    ]


async def _plancher(url: str) -> Mesures:
    mesures = Mesures()
    clients = _clients(url, [], mesures)
    fin = time.monotonic() + PLANCHER_S
    await asyncio.gather(*(c.effleurer(fin) for c in clients))
    await asyncio.gather(*(c.connexion.fermer() for c in clients))
    return mesures


async def _charger(url: str, demo: list[str], mesures: Mesures) -> float:
    clients = _clients(url, demo, mesures)
    debut = time.monotonic()
    await asyncio.gather(*(c.tourner(debut + DUREE_S) for c in clients))
    return time.monotonic() - debut


def _verifier_magasin(reglages: Reglages, mesures: Mesures, avant_partagees: dict[UUID, set[UUID]]) -> list[str]:
    """Every event acknowledged is in the store once, and no other was written: the anomalies found."""
    application = creer_application(reglages)
    anomalies = []
    try:
        for demande, acquittes in mesures.acquittes.items():
            stockes = [e.evenement_id for e in application.historique(demande)]
            nouveaux = Counter(i for i in stockes if i not in avant_partagees.get(demande, set()))
            if nouveaux != Counter(acquittes):
                anomalies.append(f"demande {demande} : {len(acquittes)} acquittés, {sum(nouveaux.values())} stockés")
    finally:
        application.close()
    return anomalies


def _rapport(
    duree: float, mesures: Mesures, plancher: Mesures, avant: int, apres: int, anomalies: list[str],
    charge_machine: float,
) -> Iterator[str]:
    ecrits = sum(len(v) for v in mesures.acquittes.values())
    ecritures_s, lectures_s = len(mesures.ecritures_ms) / duree, len(mesures.lectures_ms) / duree
    plancher_s = len(plancher.lectures_ms) / PLANCHER_S
    p99_ecriture = _centile(mesures.ecritures_ms, 99)
    yield f"- {CLIENTS} clients, {duree:.1f} s, PostgreSQL, uvicorn ({PROCESSUS} processus HTTP) sur 127.0.0.1 ; " \
          f"charge de la machine au départ (load average 1 min, 2 cœurs) : {charge_machine:.1f}"
    yield f"- statuts : {dict(sorted(mesures.statuts.items()))}"
    yield f"- écritures : {len(mesures.ecritures_ms)} requêtes, {ecritures_s:.0f}/s, " \
          f"p50 {_centile(mesures.ecritures_ms, 50):.1f} ms, p99 {p99_ecriture:.1f} ms"
    yield f"- lectures : {len(mesures.lectures_ms)} requêtes, {lectures_s:.0f}/s, " \
          f"p50 {_centile(mesures.lectures_ms, 50):.1f} ms, p99 {_centile(mesures.lectures_ms, 99):.1f} ms"
    yield f"- plancher (lecture authentifiée la plus légère, GET {PLANCHER}, {CLIENTS} clients, {PLANCHER_S} s) : " \
          f"{plancher_s:.0f} requêtes/s, p50 {_centile(plancher.lectures_ms, 50):.1f} ms, " \
          f"p99 {_centile(plancher.lectures_ms, 99):.1f} ms, statuts {dict(sorted(plancher.statuts.items()))} ; " \
          f"la charge : {(ecritures_s + lectures_s) / plancher_s:.2f} × ce plancher en requêtes/s, " \
          f"la cible : {(CIBLES['ecritures_s'] + CIBLES['lectures_s']) / plancher_s:.2f} ×"
    yield f"- événements dans le magasin : {avant} avant, {apres} après, soit {apres - avant} ; " \
          f"écritures acquittées (201) : {ecrits} ; anomalies (perdus ou dupliqués) : {len(anomalies)}"
    atteint = ecritures_s >= CIBLES["ecritures_s"] and p99_ecriture <= CIBLES["p99_ecriture_ms"] \
        and lectures_s >= CIBLES["lectures_s"]
    verdict = "atteinte" if atteint else "NON atteinte"
    yield f"- cible (≥ 250 écritures/s avec p99 ≤ 50 ms, 1 000 lectures/s) : {verdict}"
    yield from (f"  - {a}" for a in anomalies[:20])


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="cotation-charge-") as dossier, base_postgres(BASE) as reglages_env:
        reglages = Reglages(store="postgres", postgres_dbname=BASE)
        with service(reglages_env, PORT, Path(dossier) / "service.log", PROCESSUS) as url:
            application = creer_application(reglages)
            demo = [str(d) for d in application.demandes(1000, 0)]
            partagees = {UUID(d): {e.evenement_id for e in application.historique(UUID(d))} for d in demo[:PARTAGEES]}
            application.close()
            mesures, avant, charge_machine = Mesures(), _compter_evenements(), os.getloadavg()[0]
            plancher = asyncio.run(_plancher(url))
            duree = asyncio.run(_charger(url, demo, mesures))
            apres = _compter_evenements()
        anomalies = _verifier_magasin(reglages, mesures, partagees)
    print("\n".join(_rapport(duree, mesures, plancher, avant, apres, anomalies, charge_machine)))
    erreurs = sum(n for statut, n in (mesures.statuts + plancher.statuts).items() if statut >= 500)
    ecrits = sum(len(v) for v in mesures.acquittes.values())
    return 1 if erreurs or anomalies or apres - avant != ecrits else 0


if __name__ == "__main__":
    sys.exit(main())
