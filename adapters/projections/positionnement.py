"""Positionnement and délai moyen d'attente, computed weekly (and on demand), stamped with their date.

- positionnement: for each active demande with a score and each of its wishes (commune ×
  typologie), its rank among the active demandes wishing the same (higher total first, then
  the earlier inscription; equal on both, equal rank) out of how many, and for each wish the
  distribution of those demandes' totals (min, quartiles, deciles, max);
- délai moyen d'attente per commune × typologie: the average of (lease date − first
  inscription date) over the attributions of the 12 months before the computation date.

Each computation replaces the previous one in one transaction, over one snapshot of the read
models (SQL window functions: SQLite and PostgreSQL alike).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import astuple, dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from itertools import groupby
from typing import Any

import structlog

from adapters.application import CotationApp
from adapters.projections.base import Base, decimal
from adapters.projections.ecriture import inserer_table
from adapters.projections.tables import BILAN, DELAIS, HEBDOMADAIRES, POSITIONNEMENTS_SOUHAITS
from domain.temps import ajouter_mois

#: PostgreSQL: one snapshot for the whole computation; two computations at once take turns.
INSTANTANE = (
    "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ",
    "LOCK TABLE positionnements IN SHARE ROW EXCLUSIVE MODE",
)
POSITIONNER = (
    "INSERT INTO positionnements (demande_id, rang_souhait, commune, typologie, rang, sur, calcule_le) "
    "SELECT demande_id, rang, commune, typologie, "
    "RANK() OVER (PARTITION BY commune, typologie ORDER BY total DESC, inscrite_le), "
    "COUNT(*) OVER (PARTITION BY commune, typologie), ? FROM souhaits_actifs"
)
TOTAUX = "SELECT commune, typologie, total FROM souhaits_actifs ORDER BY commune, typologie, total"
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
        for table in HEBDOMADAIRES:
            curs.execute(f"DELETE FROM {table.nom}")
        curs.execute(base.sql(POSITIONNER), (le.isoformat(),))
        curs.execute("SELECT COUNT(*) AS n FROM positionnements")
        positions = int(curs.fetchone()["n"])
        curs.execute(TOTAUX)
        distributions = [
            (commune, typologie, len(totaux), json.dumps(distribution(totaux)), le.isoformat())
            for (commune, typologie), totaux in _par_souhait(curs.fetchall())
        ]
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


def distribution(totaux: Sequence[Decimal]) -> dict[str, Any]:
    """Min, quartiles, median, deciles and max of sorted totals (linear between ranks), as text."""
    def quantile(p: Decimal) -> str:
        position = p * (len(totaux) - 1)
        rang = int(position)
        suivant = totaux[min(rang + 1, len(totaux) - 1)]
        return str((totaux[rang] + (suivant - totaux[rang]) * (position - rang)).quantize(CENTIEME, ROUND_HALF_UP))

    return {
        "min": quantile(Decimal(0)),
        "q1": quantile(Decimal("0.25")),
        "mediane": quantile(Decimal("0.5")),
        "q3": quantile(Decimal("0.75")),
        "max": quantile(Decimal(1)),
        "deciles": [quantile(Decimal(k) / 10) for k in range(1, 10)],
    }


def _par_souhait(lignes: Sequence[Any]) -> list[tuple[tuple[str, str], list[Decimal]]]:
    return [
        (souhait, [decimal(r["total"]) for r in du_souhait])
        for souhait, du_souhait in groupby(lignes, key=lambda r: (r["commune"], r["typologie"]))
    ]


def _moyenne(jours: Any, nombre: int) -> Decimal:
    return (Decimal(int(jours)) / nombre).quantize(DIXIEME, ROUND_HALF_UP)
