"""Replays and evaluations run as jobs, for the service: submitted, run in the background one at a
time, read back by their id.

The registry lives in memory (one service process): a restart forgets the jobs, and at most
``CAPACITE`` are kept; when full, the oldest finished job is forgotten (and its files deleted);
a submission while ``CAPACITE`` jobs are waiting or running is refused. Jobs run one after the
other on a single background (daemon) thread: a replay already uses the machine's cores, and
stopping the service abandons a job under way.
"""

from __future__ import annotations

import queue
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import TextIO
from uuid import UUID, uuid4

import structlog

from adapters.horloge import Horloge
from domain.erreurs import ErreurCotation
from projections.evaluation import RapportEvaluation
from projections.rejeu_rapport import RapportRejeu

CAPACITE = 8
_journal = structlog.get_logger("cotation.rejeu")

Rapport = RapportRejeu | RapportEvaluation
#: What a job runs: given its progress and the stream of its CSV detail, its report.
Calcul = Callable[["Travail", TextIO], Rapport]


class Statut(StrEnum):
    EN_ATTENTE = "en_attente"
    EN_COURS = "en_cours"
    TERMINE = "termine"
    ECHOUE = "echoue"


@dataclass
class Travail:
    """One job: its state, its progress (``Progression``), and its report or refusal when done."""

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
    fin: threading.Event = field(default_factory=threading.Event)

    def etape(self, libelle: str, total: int) -> None:
        self.etape_en_cours, self.faits, self.total = libelle, 0, total

    def avancer(self, nombre: int = 1) -> None:
        self.faits += nombre

    @property
    def fini(self) -> bool:
        return self.statut in (Statut.TERMINE, Statut.ECHOUE)


class RegistrePlein(Exception):
    """Too many jobs waiting or running."""


@dataclass
class Registre:
    horloge: Horloge
    capacite: int = CAPACITE
    _travaux: dict[UUID, Travail] = field(default_factory=dict)
    _verrou: threading.Lock = field(default_factory=threading.Lock)
    _file: queue.Queue[tuple[Travail, Calcul]] = field(default_factory=queue.Queue)
    _fil: threading.Thread | None = None
    _dossier: tempfile.TemporaryDirectory = field(
        default_factory=lambda: tempfile.TemporaryDirectory(prefix="cotation-rejeux-")
    )

    def soumettre(self, genre: str, calcul: Calcul) -> Travail:
        with self._verrou:
            self._oublier_si_plein()
            travail = Travail(uuid4(), genre, self.horloge.maintenant())
            self._travaux[travail.id] = travail
            if self._fil is None:  # a daemon: stopping the service does not wait for a replay
                self._fil = threading.Thread(target=self._travailler, name="rejeux", daemon=True)
                self._fil.start()
        self._file.put((travail, calcul))
        return travail

    def lire(self, travail_id: UUID) -> Travail | None:
        return self._travaux.get(travail_id)

    def attendre(self, travail_id: UUID, delai: float | None = None) -> Travail:
        """The job once finished (``delai``: at most that many seconds, else ``TimeoutError``)."""
        travail = self._travaux[travail_id]
        if not travail.fin.wait(delai):
            raise TimeoutError(f"calcul {travail_id} non terminé après {delai} s")
        return travail

    def _travailler(self) -> None:
        while True:
            travail, calcul = self._file.get()
            self._executer(travail, calcul)
            travail.fin.set()

    def _oublier_si_plein(self) -> None:
        if len(self._travaux) < self.capacite:
            return
        finis = sorted((t for t in self._travaux.values() if t.fini), key=lambda t: t.soumis_le)
        if not finis:
            raise RegistrePlein(f"{self.capacite} rejeux sont déjà en attente ou en cours : réessayez plus tard")
        oublie = self._travaux.pop(finis[0].id)
        if oublie.detail is not None:
            oublie.detail.unlink(missing_ok=True)

    def _executer(self, travail: Travail, calcul: Calcul) -> None:
        travail.statut = Statut.EN_COURS
        travail.detail = Path(self._dossier.name) / f"{travail.id}.csv"
        try:
            with travail.detail.open("w", encoding="utf-8", newline="") as detail:
                travail.rapport = calcul(travail, detail)
            travail.statut = Statut.TERMINE
        except ErreurCotation as exc:
            travail.erreur, travail.statut = exc.message, Statut.ECHOUE
        except Exception as exc:  # a job must never kill the service's thread
            _journal.error("rejeu_en_echec", genre=travail.genre, erreur=type(exc).__name__)
            travail.erreur = "erreur inattendue pendant le calcul : signalez-la à l'administrateur du service"
            travail.statut = Statut.ECHOUE
        finally:
            travail.termine_le = self.horloge.maintenant()
        _journal.info("rejeu_termine", genre=travail.genre, statut=travail.statut.value, travail=str(travail.id))
