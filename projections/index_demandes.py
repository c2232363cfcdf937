"""The numéro unique index, pure side: which row a registration adds, how a numéro is written.

The index maps each numéro unique to its demande. It holds personal data (the numéro), so it
is a projection that can be erased and rebuilt from the events at any time; the storage side
is ``adapters/index_demandes.py``.
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from pydantic import TypeAdapter, ValidationError

from domain.demande.evenements import DemandeEnregistree
from domain.demande.valeurs import NumeroUnique
from domain.erreurs import DonneesInvalides, en_francais
from domain.evenements import Evenement

#: The only event topics the index reads from the log.
TOPICS = (DemandeEnregistree.TOPIC,)

_NUMERO = TypeAdapter(NumeroUnique)


@dataclass(frozen=True)
class LigneIndex:
    numero_unique: str
    demande_id: UUID


def ligne(demande_id: UUID, evt: Evenement) -> LigneIndex | None:
    """The row an event of demande ``demande_id`` adds to the index: only a registration adds one."""
    if isinstance(evt, DemandeEnregistree):
        return LigneIndex(numero_unique=evt.numero_unique, demande_id=demande_id)
    return None


def numero_normalise(numero: str) -> str:
    """A numéro as typed by a user, written as stored (``CommandeInvalide`` if malformed)."""
    try:
        return _NUMERO.validate_python(numero)
    except ValidationError as exc:
        raise DonneesInvalides(en_francais(exc), champ="numero_unique") from None
