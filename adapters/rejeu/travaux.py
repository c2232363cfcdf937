"""Replays and evaluations run as jobs, for the service: submitted, run in the background one at a
time, read back by their id (ADR 0023, ADR 0026).

A job runs in the process that accepted it, one after the other on a single background (daemon)
thread: a replay already uses the machine's cores, and stopping the service abandons a job under
way. Its state is kept by a ``Travaux``: the installation's store (``travaux_stockes``), where
every process of the service reads it. Progress
is written at each step, at the end, and at most once per ``ECRITURE`` of the clock in between.

While it has jobs waiting or running, a registry beats every ``BATTEMENT_SECONDES``; a job whose
registry has not beaten for ``ABANDON`` (its process died) is reported interrupted by whoever
reads it, and a finished job never changes again. At most ``CAPACITE`` jobs are kept: when full,
the oldest finished job is forgotten (and its CSV file deleted); a submission while ``CAPACITE``
jobs are waiting or running is refused.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Protocol, TextIO
from uuid import UUID, uuid4

import structlog

from adapters.horloge import Horloge
from domain.erreurs import ErreurCotation
from projections.evaluation import RapportEvaluation
from projections.rejeu_rapport import RapportRejeu

CAPACITE = 8
#: Progress is written at most this often by the registry's clock (besides each step and the end).
ECRITURE = timedelta(seconds=1)
#: An unfinished job whose registry has not beaten for this long is reported interrupted.
ABANDON = timedelta(minutes=2)
#: Real seconds between two heartbeats of a registry with jobs waiting or running.
BATTEMENT_SECONDES = 30.0
INTERROMPU = "calcul interrompu : le service s'est arrêté pendant le calcul ; relancez-le"
INATTENDUE = "erreur inattendue pendant le calcul : signalez-la à l'administrateur du service"
_journal = structlog.get_logger("cotation.rejeu")

Rapport = RapportRejeu | RapportEvaluation
#: What a job runs: given its progress and the stream of its CSV detail, its report.
Calcul = Callable[["Suivi", TextIO], Rapport]


class Statut(StrEnum):
    EN_ATTENTE = "en_attente"
    EN_COURS = "en_cours"
    TERMINE = "termine"
    ECHOUE = "echoue"


FINIS = (Statut.TERMINE, Statut.ECHOUE)


@dataclass
class Travail:
    """One job: its state, its progress, and its report or refusal when done."""

    id: UUID
    genre: str
    soumis_le: datetime
    statut: Statut = Statut.EN_ATTENTE
    etape_en_cours: str = ""
    faits: int = 0
    total: int = 0
    termine_le: datetime | None = None
    erreur: str | None = None
    rapport: Rapport | None = None
    detail: Path | None = None

    def etape(self, libelle: str, total: int) -> None:
        self.etape_en_cours, self.faits, self.total = libelle, 0, total

    def avancer(self, nombre: int = 1) -> None:
        self.faits += nombre

    @property
    def fini(self) -> bool:
        return self.statut in FINIS


class RegistrePlein(Exception):
    """Too many jobs waiting or running."""


class Travaux(Protocol):
    """Where the jobs are kept, and their CSV details."""

    @property
    def dossier(self) -> Path: ...

    def inscrire(self, travail: Travail, capacite: int) -> None:
        """Keep a new job; if ``capacite`` are kept, forget one first (``a_oublier``)."""

    def lire(self, travail_id: UUID) -> Travail | None: ...

    def ecrire(self, travail: Travail, instant: datetime) -> bool:
        """Write a job's state, its registry beating at ``instant``; ``False`` if the job was
        finished or forgotten meanwhile (by another process: then nothing is written)."""

    def battre(self, instant: datetime) -> None:
        """This registry's unfinished jobs are alive at ``instant``."""

    def interrompre(self, avant: datetime, instant: datetime) -> None:
        """Fail at ``instant`` the unfinished jobs whose registry has not beaten since ``avant``."""


def a_oublier(gardes: Iterable[Travail], capacite: int) -> Travail | None:
    """The job to forget before keeping one more: none under ``capacite``, else the oldest finished."""
    gardes = list(gardes)
    if len(gardes) < capacite:
        return None
    finis = [t for t in gardes if t.fini]
    if not finis:
        raise RegistrePlein(f"{capacite} rejeux sont déjà en attente ou en cours : réessayez plus tard")
    return min(finis, key=lambda t: t.soumis_le)


def effacer_detail(travail: Travail) -> None:
    if travail.detail is not None:
        travail.detail.unlink(missing_ok=True)


class Suivi:
    """A running job's progress (a ``Progression`` of ``adapters.rejeu.execution``): each step is
    written, and the demandes done at most once per ``ECRITURE``."""

    def __init__(self, travail: Travail, travaux: Travaux, horloge: Horloge) -> None:
        self.travail, self._travaux, self._horloge = travail, travaux, horloge
        self._ecrit_le = horloge.maintenant()

    def etape(self, libelle: str, total: int) -> None:
        self.travail.etape(libelle, total)
        self._ecrire()

    def avancer(self, nombre: int = 1) -> None:
        self.travail.avancer(nombre)
        if self._horloge.maintenant() - self._ecrit_le >= ECRITURE:
            self._ecrire()

    def _ecrire(self) -> None:
        self._ecrit_le = self._horloge.maintenant()
        self._travaux.ecrire(self.travail, self._ecrit_le)


@dataclass
class Registre:
    """This process's jobs: submitted here, run on its background thread, read from ``travaux``."""

    horloge: Horloge
    travaux: Travaux
    capacite: int = CAPACITE
    #: The jobs of this registry waiting or running, each with the event set when it ends.
    _fins: dict[UUID, threading.Event] = field(default_factory=dict)
    _verrou: threading.Lock = field(default_factory=threading.Lock)
    _file: queue.Queue[tuple[Travail, Calcul]] = field(default_factory=queue.Queue)
    _lance: bool = False

    def soumettre(self, genre: str, calcul: Calcul) -> Travail:
        travail = Travail(uuid4(), genre, self.horloge.maintenant())
        self._interrompre_abandonnes()
        self.travaux.inscrire(travail, self.capacite)
        with self._verrou:
            self._fins[travail.id] = threading.Event()
            self._lancer()
        self._file.put((travail, calcul))
        return travail

    def lire(self, travail_id: UUID) -> Travail | None:
        self._interrompre_abandonnes()
        return self.travaux.lire(travail_id)

    def attendre(self, travail_id: UUID, delai: float | None = None) -> Travail:
        """A job of this registry once finished (``delai``: at most that many seconds, else ``TimeoutError``)."""
        fin = self._fins.get(travail_id)
        if fin is not None and not fin.wait(delai):
            raise TimeoutError(f"calcul {travail_id} non terminé après {delai} s")
        travail = self.lire(travail_id)
        if travail is None:
            raise KeyError(travail_id)
        return travail

    def battre(self) -> None:
        """Say, by the clock, that this registry's jobs are alive (its background thread's beat)."""
        if self._fins:
            self.travaux.battre(self.horloge.maintenant())

    def _interrompre_abandonnes(self) -> None:
        maintenant = self.horloge.maintenant()
        self.travaux.interrompre(maintenant - ABANDON, maintenant)

    def _lancer(self) -> None:
        """The two daemon threads, on first use: stopping the service does not wait for a replay."""
        if not self._lance:
            threading.Thread(target=self._travailler, name="rejeux", daemon=True).start()
            threading.Thread(target=self._battre_en_fond, name="rejeux-battement", daemon=True).start()
            self._lance = True

    def _battre_en_fond(self) -> None:
        while True:
            time.sleep(BATTEMENT_SECONDES)
            try:
                self.battre()
            except Exception as exc:  # the store unreachable for a while: beat again next time
                _journal.warning("rejeux_battement_en_echec", erreur=type(exc).__name__)

    def _travailler(self) -> None:
        while True:
            travail, calcul = self._file.get()
            try:
                self._executer(travail, calcul)
            except Exception as exc:  # the store failed: a job must never kill the service's thread
                _journal.error("rejeu_non_enregistre", genre=travail.genre, erreur=type(exc).__name__)
            finally:
                self._fins.pop(travail.id).set()

    def _executer(self, travail: Travail, calcul: Calcul) -> None:
        travail.statut, travail.detail = Statut.EN_COURS, self.travaux.dossier / f"{travail.id}.csv"
        if not self.travaux.ecrire(travail, self.horloge.maintenant()):
            return  # reported interrupted while it waited
        self._calculer(travail, calcul)
        travail.termine_le = self.horloge.maintenant()
        if not self.travaux.ecrire(travail, travail.termine_le):
            effacer_detail(travail)  # reported interrupted meanwhile: that answer stays
        _journal.info("rejeu_termine", genre=travail.genre, statut=travail.statut.value, travail=str(travail.id))

    def _calculer(self, travail: Travail, calcul: Calcul) -> None:
        assert travail.detail is not None
        try:
            with travail.detail.open("w", encoding="utf-8", newline="") as detail:
                travail.rapport = calcul(Suivi(travail, self.travaux, self.horloge), detail)
            travail.statut = Statut.TERMINE
        except ErreurCotation as exc:
            travail.erreur, travail.statut = exc.message, Statut.ECHOUE
        except Exception as exc:  # a job must never kill the service's thread
            _journal.error("rejeu_en_echec", genre=travail.genre, erreur=type(exc).__name__)
            travail.erreur, travail.statut = INATTENDUE, Statut.ECHOUE
