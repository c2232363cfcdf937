"""The service's replay jobs in the installation's store (SQLite or PostgreSQL), where every process
of the service reads them (ADR 0026).

``cotation_travaux`` holds a row per job: its state and progress, its report as JSON once done
(read back as its pydantic model), the path of its CSV detail (in a directory shared by the
processes of the installation), the registry running it and that registry's last heartbeat.
The table is created on first use. A job is inscribed under a lock (PostgreSQL: an advisory lock;
SQLite: the write lock its first statement takes), so that the capacity holds across processes.
Every write is conditional on the job being unfinished: a finished row never changes.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

from eventsourcing.postgres import PostgresDatastore

from adapters.application import CotationApp
from adapters.rejeu.travaux import INTERROMPU, Rapport, Statut, Travail, a_oublier, effacer_detail
from projections.evaluation import RapportEvaluation
from projections.rejeu_rapport import RapportRejeu

TABLE = (
    "CREATE TABLE IF NOT EXISTS cotation_travaux (id TEXT PRIMARY KEY, genre TEXT NOT NULL, statut TEXT NOT NULL, "
    "soumis_le TEXT NOT NULL, termine_le TEXT, etape TEXT NOT NULL, faits BIGINT NOT NULL, total BIGINT NOT NULL, "
    "erreur TEXT, rapport TEXT, detail TEXT, registre TEXT NOT NULL, battu_le TEXT NOT NULL)"
)
#: PostgreSQL: creating the table, or inscribing a job, one process at a time.
VERROU = "SELECT pg_advisory_xact_lock(hashtext('cotation.travaux'))"
NON_FINI = f"statut IN ('{Statut.EN_ATTENTE}', '{Statut.EN_COURS}')"
COLONNES = "id, genre, statut, soumis_le, termine_le, etape, faits, total, erreur, detail"
INSCRIRE = (
    "INSERT INTO cotation_travaux (id, genre, statut, soumis_le, etape, faits, total, registre, battu_le) "
    "VALUES (?, ?, ?, ?, '', 0, 0, ?, ?)"
)
AUTRES = f"SELECT {COLONNES}, NULL AS rapport FROM cotation_travaux WHERE id <> ?"
OUBLIER = "DELETE FROM cotation_travaux WHERE id = ?"
LIRE = f"SELECT {COLONNES}, rapport FROM cotation_travaux WHERE id = ?"
ECRIRE = (
    "UPDATE cotation_travaux SET statut = ?, etape = ?, faits = ?, total = ?, termine_le = ?, erreur = ?, "
    f"rapport = ?, detail = ?, battu_le = ? WHERE id = ? AND {NON_FINI} RETURNING id"
)
BATTRE = f"UPDATE cotation_travaux SET battu_le = ? WHERE registre = ? AND {NON_FINI}"
ABANDONNES = f"SELECT id FROM cotation_travaux WHERE {NON_FINI} AND battu_le < ? LIMIT 1"
INTERROMPRE = (
    f"UPDATE cotation_travaux SET statut = '{Statut.ECHOUE}', erreur = ?, termine_le = ? "
    f"WHERE {NON_FINI} AND battu_le < ?"
)
#: The report of each kind of job (the paths of ``adapters.http.rejeux``).
MODELES: dict[str, type[Rapport]] = {"rejeux": RapportRejeu, "evaluations": RapportEvaluation}


class TravauxStockes:
    """The jobs of one registry (one process), in an application's store; it reads every job."""

    def __init__(self, app: CotationApp, dossier: Path) -> None:
        self.datastore: Any = app.recorder.datastore
        self.postgres = isinstance(self.datastore, PostgresDatastore)
        self.dossier = dossier
        self.registre = uuid4().hex
        dossier.mkdir(mode=0o700, parents=True, exist_ok=True)
        with self.datastore.transaction(commit=True) as curs:
            self._verrouiller(curs)
            curs.execute(TABLE)

    def inscrire(self, travail: Travail, capacite: int) -> None:
        instant = _texte(travail.soumis_le)
        with self.datastore.transaction(commit=True) as curs:
            self._verrouiller(curs)
            curs.execute(self._sql(INSCRIRE), (travail.id.hex, travail.genre, travail.statut.value, instant,
                                               self.registre, instant))
            curs.execute(self._sql(AUTRES), (travail.id.hex,))
            if (oublie := a_oublier(map(_travail, curs.fetchall()), capacite)) is not None:
                curs.execute(self._sql(OUBLIER), (oublie.id.hex,))
        if oublie is not None:
            effacer_detail(oublie)

    def lire(self, travail_id: UUID) -> Travail | None:
        lignes = self._lire(LIRE, (travail_id.hex,))
        return _travail(lignes[0]) if lignes else None

    def ecrire(self, travail: Travail, instant: datetime) -> bool:
        rapport = travail.rapport.model_dump_json() if travail.rapport is not None else None
        valeurs = (
            travail.statut.value, travail.etape_en_cours, travail.faits, travail.total, _texte(travail.termine_le),
            travail.erreur, rapport, str(travail.detail) if travail.detail else None, _texte(instant), travail.id.hex,
        )
        with self.datastore.transaction(commit=True) as curs:
            curs.execute(self._sql(ECRIRE), valeurs)
            return curs.fetchone() is not None

    def battre(self, instant: datetime) -> None:
        self._ecrire(BATTRE, (_texte(instant), self.registre))

    def interrompre(self, avant: datetime, instant: datetime) -> None:
        if self._lire(ABANDONNES, (_texte(avant),)):  # a read first: SQLite writes one at a time
            self._ecrire(INTERROMPRE, (INTERROMPU, _texte(instant), _texte(avant)))

    def _verrouiller(self, curs: Any) -> None:
        if self.postgres:
            curs.execute(VERROU)

    def _lire(self, requete: str, valeurs: tuple[object, ...]) -> list[Any]:
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(self._sql(requete), valeurs)
            return curs.fetchall()  # type: ignore[no-any-return]

    def _ecrire(self, requete: str, valeurs: tuple[object, ...]) -> None:
        with self.datastore.transaction(commit=True) as curs:
            curs.execute(self._sql(requete), valeurs)

    def _sql(self, requete: str) -> str:
        return requete.replace("?", "%s") if self.postgres else requete


def _travail(ligne: Any) -> Travail:
    return Travail(
        id=UUID(ligne["id"]), genre=ligne["genre"], soumis_le=datetime.fromisoformat(ligne["soumis_le"]),
        statut=Statut(ligne["statut"]), etape_en_cours=ligne["etape"], faits=ligne["faits"], total=ligne["total"],
        termine_le=_instant(ligne["termine_le"]), erreur=ligne["erreur"],
        rapport=_rapport(ligne["genre"], ligne["rapport"]), detail=Path(ligne["detail"]) if ligne["detail"] else None,
    )


def _rapport(genre: str, texte: str | None) -> Rapport | None:
    return MODELES[genre].model_validate_json(texte) if texte else None


def _texte(instant: datetime | None) -> str | None:
    """An instant as stored: ISO text in UTC, to the microsecond (so that text order is time order)."""
    return instant.astimezone(UTC).isoformat(timespec="microseconds") if instant else None


def _instant(texte: str | None) -> datetime | None:
    return datetime.fromisoformat(texte) if texte else None
