"""Positionnement and délai moyen d'attente, computed weekly (and on demand), stamped with their date.

- positionnement: for each active demande with a score and each of its wishes (commune ×
  typologie), its rank among the active demandes wishing the same (higher total first, then
  the earlier inscription; equal on both, equal rank) out of how many, and for each wish the
  distribution of those demandes' totals (min, quartiles, deciles, max);
- délai moyen d'attente per commune × typologie: the average of (lease date − first
  inscription date) over the attributions of the 12 months before the computation date.

Each computation replaces the previous one in one transaction, over one snapshot of the read
models (SQL window functions: SQLite and PostgreSQL alike). The ranks go into a fresh table
with no key, given its key once filled, then put in place of the previous one; the
distributions read only the places of their quantiles in it (``ordre``), never every total.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import astuple, dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from itertools import groupby
from typing import Any

import structlog

from adapters.application import CotationApp
from adapters.projections.base import Base, decimal
from adapters.projections.ecriture import inserer_table
from adapters.projections.tables import BILAN, DELAIS, POSITIONNEMENTS, POSITIONNEMENTS_SOUHAITS, SUFFIXE_NOUVELLES
from domain.temps import ajouter_mois

#: PostgreSQL: one snapshot for the whole computation; two computations at once take turns.
INSTANTANE = (
    "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ",
    "LOCK TABLE positionnements IN SHARE ROW EXCLUSIVE MODE",
)
#: The fresh table the ranks are written into, then switched in place of ``positionnements``.
NOUVELLE = f"{POSITIONNEMENTS.nom}{SUFFIXE_NOUVELLES}"
POSITIONNER = (
    f"INSERT INTO {NOUVELLE} (demande_id, rang_souhait, commune, typologie, rang, sur, ordre, total, "
    "calcule_le) SELECT demande_id, rang, commune, typologie, RANK() OVER classement, "
    "COUNT(*) OVER (PARTITION BY commune, typologie), ROW_NUMBER() OVER classement, total, ? FROM souhaits_actifs "
    "WINDOW classement AS (PARTITION BY commune, typologie ORDER BY total DESC, inscrite_le)"
)
#: Steps of the quantiles, in twentieths (min, deciles, quartiles, max).
VINGTIEMES = (0, 2, 4, 5, 6, 8, 10, 12, 14, 15, 16, 18, 20)
#: The places a quantile reads: ascending index ``i = k (sur - 1) / 20`` (rounded down) and the
#: next one; ``ordre`` counts from the highest total, so index ``i`` is place ``sur - i``.
_PLACES = ", ".join(f"sur - ({k} * (sur - 1)) / 20{suivant}" for k in VINGTIEMES for suivant in ("", " - 1"))
#: The totals at those places, in one pass over the fresh ranks (each row knows its wish's ``sur``).
QUANTILES = (
    f"SELECT commune, typologie, sur, ordre, total FROM {NOUVELLE} WHERE ordre IN ({_PLACES}) "
    "ORDER BY commune, typologie"
)
ATTENTES = (
    "SELECT commune, typologie, COUNT(*) AS nombre, SUM(attente_jours) AS jours FROM attributions "
    "WHERE attribuee_le > ? AND attribuee_le <= ? GROUP BY commune, typologie ORDER BY commune, typologie"
)
CENTIEME = Decimal("0.01")
DIXIEME = Decimal("0.1")
_journal = structlog.get_logger("cotation.projections")


@dataclass(frozen=True)
class BilanPositionnement:
    calcule_le: date
    positions: int
    souhaits: int
    delais: int

    def en_texte(self) -> str:
        return (
            f"Positionnement calculé au {self.calcule_le:%d/%m/%Y} : {self.positions} positions de demandes sur "
            f"{self.souhaits} souhaits (commune × typologie) ; délai moyen d'attente pour {self.delais} souhaits "
            f"attribués dans les 12 mois précédents."
        )


def calculer_positionnement(app: CotationApp, le: date | None = None) -> BilanPositionnement:
    """Compute positionnement and délais moyens as of ``le`` (default: today by the app's clock)
    from the read models as they are, replacing the previous results."""
    base = Base(app)
    le = le or base.aujourdhui()
    with base.datastore.transaction(commit=True) as curs:
        if base.postgres:
            for requete in INSTANTANE:
                curs.execute(requete)
        for table in (POSITIONNEMENTS_SOUHAITS, DELAIS, BILAN):
            curs.execute(f"DELETE FROM {table.nom}")
        curs.execute(f"DROP TABLE IF EXISTS {NOUVELLE}")
        curs.execute(POSITIONNEMENTS.creer_sans_cle(SUFFIXE_NOUVELLES, octets=base.postgres))
        curs.execute(base.sql(POSITIONNER), (le.isoformat(),))
        curs.execute(QUANTILES)
        distributions = [
            (commune, typologie, nombre, json.dumps(distribution(nombre, totaux)), le.isoformat())
            for (commune, typologie, nombre), totaux in _par_souhait(curs.fetchall())
        ]
        positions = sum(nombre for _, _, nombre, _, _ in distributions)
        _basculer(curs)
        inserer_table(base, curs, POSITIONNEMENTS_SOUHAITS.nom, POSITIONNEMENTS_SOUHAITS.noms, distributions)
        curs.execute(base.sql(ATTENTES), (ajouter_mois(le, -12).isoformat(), le.isoformat()))
        delais = [
            (r["commune"], r["typologie"], r["nombre"], str(_moyenne(r["jours"], r["nombre"])), le.isoformat())
            for r in curs.fetchall()
        ]
        inserer_table(base, curs, DELAIS.nom, DELAIS.noms, delais)
        bilan = BilanPositionnement(le, positions, len(distributions), len(delais))
        inserer_table(base, curs, BILAN.nom, BILAN.noms, [(le.isoformat(), *astuple(bilan)[1:])])
    _journal.info("positionnement_calcule", positions=positions, souhaits=bilan.souhaits, delais=bilan.delais)
    return bilan


def distribution(nombre: int, totaux: Mapping[int, Decimal]) -> dict[str, Any]:
    """Min, quartiles, median, deciles and max of ``nombre`` totals (linear between ranks), as
    text; ``totaux`` holds the total at each ascending index a quantile reads (``QUANTILES``)."""
    def quantile(vingtiemes: int) -> str:
        rang, reste = divmod(vingtiemes * (nombre - 1), 20)
        bas, haut = totaux[rang], totaux[min(rang + 1, nombre - 1)]
        return str((bas + (haut - bas) * Decimal(reste) / 20).quantize(CENTIEME, ROUND_HALF_UP))

    return {
        "min": quantile(0),
        "q1": quantile(5),
        "mediane": quantile(10),
        "q3": quantile(15),
        "max": quantile(20),
        "deciles": [quantile(2 * k) for k in range(1, 10)],
    }


def _par_souhait(lignes: Sequence[Any]) -> list[tuple[tuple[str, str, int], dict[int, Decimal]]]:
    """Each wish with its number of demandes and its totals by ascending index."""
    return [
        ((commune, typologie, int(sur)), {int(sur) - int(r["ordre"]): decimal(r["total"]) for r in du_souhait})
        for (commune, typologie, sur), du_souhait in groupby(
            lignes, key=lambda r: (r["commune"], r["typologie"], r["sur"]))
    ]


def _basculer(curs: Any) -> None:
    """The new ranks in place of the previous ones, with their key."""
    curs.execute(f"DROP TABLE {POSITIONNEMENTS.nom}")
    curs.execute(f"ALTER TABLE {NOUVELLE} RENAME TO {POSITIONNEMENTS.nom}")
    curs.execute(POSITIONNEMENTS.indexer_cle())


def _moyenne(jours: Any, nombre: int) -> Decimal:
    return (Decimal(int(jours)) / nombre).quantize(DIXIEME, ROUND_HALF_UP)
