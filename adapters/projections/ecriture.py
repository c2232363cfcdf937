"""Writing the rows of a set of demandes, and the position, in one transaction (exactly once).

Every writer first takes the position row (an ``UPDATE`` that changes nothing: a row lock on
PostgreSQL, the write lock on SQLite), then checks the position is still the one its batch
started from: rows computed from histories read after that position was read then hold every
event up to it. A writer that finds the position moved (another catch-up, a rebuild switching
in) rolls back and starts again from the new position, so rows never go back to an older history.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from decimal import Decimal
from typing import Any
from uuid import UUID

from adapters.projections.base import Base
from adapters.projections.tables import ATTRIBUTIONS, COURANTES, DU_JOURNAL, ETAPES, PROJECTION, SOUHAITS, Table
from domain.cotation.chronologie import Etape, Points
from projections.cotations import Lignes

Rangees = dict[Table, list[tuple[Any, ...]]]
PRENDRE = "UPDATE projections_suivi SET notification_id = notification_id WHERE projection = ?"
LIRE = "SELECT notification_id AS n FROM projections_suivi WHERE projection = ?"
AVANCER = "UPDATE projections_suivi SET notification_id = ? WHERE projection = ?"


class PositionDepassee(Exception):
    """Another writer moved the position since this batch was read: the batch is to be redone."""


def remplacer(
    base: Base, demandes: Sequence[UUID], lignes: Sequence[Lignes], depuis: int, jusqu_a: int | None = None
) -> None:
    """Replace every row of ``demandes`` by ``lignes`` (a demande without ``Lignes`` has no rows)
    and move the position from ``depuis`` to ``jusqu_a`` if given, atomically."""
    with base.datastore.transaction(commit=True) as curs:
        prendre_position(base, curs, depuis)
        for table in DU_JOURNAL:
            effacer = f"DELETE FROM {table.nom} WHERE {base.dans('demande_id')}"
            curs.execute(base.sql(effacer), (base.liste([d.hex for d in demandes]),))
        inserer(base, curs, lignes)
        if jusqu_a is not None:
            curs.execute(base.sql(AVANCER), (jusqu_a, PROJECTION))


def prendre_position(base: Base, curs: Any, attendue: int) -> None:
    """Lock the position row until the transaction ends; it must still be ``attendue``."""
    curs.execute(base.sql(PRENDRE), (PROJECTION,))
    curs.execute(base.sql(LIRE), (PROJECTION,))
    if int(curs.fetchone()["n"]) != attendue:
        raise PositionDepassee


def inserer(base: Base, curs: Any, lignes: Sequence[Lignes], suffixe: str = "") -> None:
    """Insert the rows of ``lignes`` into the tables fed by the log (under ``suffixe``)."""
    par_table: Rangees = {table: [] for table in DU_JOURNAL}
    for lg in lignes:
        for table, rangees_ in rangees(lg).items():
            par_table[table] += rangees_
    for table, valeurs in par_table.items():
        inserer_table(base, curs, f"{table.nom}{suffixe}", table.noms, valeurs)


def inserer_table(base: Base, curs: Any, nom: str, colonnes: Sequence[str], valeurs: list[tuple[Any, ...]]) -> None:
    if not valeurs:
        return
    liste = ", ".join(colonnes)
    if base.postgres:
        with curs.copy(f"COPY {nom} ({liste}) FROM STDIN") as copie:
            for valeur in valeurs:
                copie.write_row(valeur)
    else:
        curs.executemany(f"INSERT INTO {nom} ({liste}) VALUES ({', '.join('?' * len(colonnes))})", valeurs)


def rangees(lg: Lignes) -> Rangees:
    """The rows of one demande, table by table, as stored (ids hex, dates ISO, numbers as text)."""
    demande, inscrite_le = lg.demande_id.hex, lg.inscrite_le.isoformat()
    courante = lg.courante
    return {
        COURANTES: [] if courante is None else [(
            *_etape(demande, courante), lg.valide_jusqu_au and lg.valide_jusqu_au.isoformat(), int(lg.active),
            inscrite_le, lg.calcule_le.isoformat(),
        )],
        ETAPES: [_etape(demande, e) for e in lg.etapes],
        SOUHAITS: [
            (demande, s.rang, s.commune, s.typologie, _nombre(courante.total), inscrite_le)
            for s in lg.souhaits
            if lg.active and courante is not None and courante.total is not None
        ],
        ATTRIBUTIONS: [] if (a := lg.attribution) is None else [
            (demande, a.attribuee_le.isoformat(), a.commune, a.typologie, a.inscrite_le.isoformat(), a.attente_jours)
        ],
    }


def _etape(demande: str, e: Etape) -> tuple[Any, ...]:
    evenement = e.evenement_id.hex if e.evenement_id else None
    return demande, e.du.isoformat(), _nombre(e.total), _points(e.points), e.grille, e.cause, evenement


def _nombre(valeur: Decimal | None) -> str | None:
    return None if valeur is None else str(valeur)


def _points(points: Points) -> str:
    return json.dumps([[critere, str(valeur)] for critere, valeur in points], ensure_ascii=False)
