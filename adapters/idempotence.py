"""Idempotency keys of the HTTP service, stored in the events' own database (ADR 0016).

A POST carrying an ``Idempotency-Key`` first reserves the key with the fingerprint of the
request; once answered with success, the key keeps the response, replayed to every retry of
the same request. A refusal writes nothing, so its reservation is released: it may be retried.
A reservation whose process died after writing stays "in progress": a retry is then refused,
never written twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the recorders create the table below with their own
    from adapters.horloge import Horloge
    from adapters.index_demandes import RecorderIndexe

TABLES = (
    "CREATE TABLE IF NOT EXISTS cles_idempotence (cle TEXT PRIMARY KEY, empreinte TEXT NOT NULL, "
    "statut INTEGER, corps TEXT, cree_le TEXT NOT NULL)",
)
RESERVER = (
    "INSERT INTO cles_idempotence (cle, empreinte, cree_le) VALUES (?, ?, ?) ON CONFLICT (cle) DO NOTHING RETURNING cle"
)
LIRE = "SELECT empreinte, statut, corps FROM cles_idempotence WHERE cle = ?"
CONCLURE = "UPDATE cles_idempotence SET statut = ?, corps = ? WHERE cle = ?"
LIBERER = "DELETE FROM cles_idempotence WHERE cle = ? AND statut IS NULL"


@dataclass(frozen=True)
class Trace:
    """What a key already holds: the fingerprint of its request and, once answered, the response."""

    empreinte: str
    statut: int | None
    corps: str | None


class RegistreIdempotence:
    def __init__(self, recorder: RecorderIndexe, horloge: Horloge) -> None:
        self._datastore = recorder.datastore
        self._parametre = recorder.parametre
        self._horloge = horloge

    def reserver(self, cle: str, empreinte: str) -> Trace | None:
        """Reserve ``cle`` for this request (``None``), or say what an earlier request left in it."""
        with self._datastore.transaction(commit=True) as curs:
            curs.execute(self._sql(RESERVER), (cle, empreinte, self._horloge.maintenant().isoformat()))
            if curs.fetchone() is not None:
                return None
            curs.execute(self._sql(LIRE), (cle,))
            trouvee = curs.fetchone()
        return Trace(trouvee["empreinte"], trouvee["statut"], trouvee["corps"])

    def conclure(self, cle: str, statut: int, corps: str) -> None:
        """Keep the response to replay it to the retries."""
        self._executer(CONCLURE, (statut, corps, cle))

    def liberer(self, cle: str) -> None:
        """Release a reservation whose request wrote nothing."""
        self._executer(LIBERER, (cle,))

    def _executer(self, requete: str, valeurs: tuple[object, ...]) -> None:
        with self._datastore.transaction(commit=True) as curs:
            curs.execute(self._sql(requete), valeurs)

    def _sql(self, requete: str) -> str:
        return requete.replace("?", self._parametre)
