"""The read-model tables, one DDL for SQLite and PostgreSQL.

Dates are ISO text (``AAAA-MM-JJ``, ordered as text), demande ids hex text, totals ``NUMERIC``
(exact in PostgreSQL; SQLite stores the number, read back through its decimal text), the
retained contributions and a distribution JSON text. The four tables fed by the log can be
created under a suffix: the rebuild fills fresh tables, then renames them (``basculer``).
"""

from __future__ import annotations

from dataclasses import dataclass

PROJECTION = "cotations"
SUFFIXE_NOUVELLES = "_nouvelles"
OCTETS = ' COLLATE "C"'


@dataclass(frozen=True)
class Table:
    nom: str
    colonnes: tuple[tuple[str, str], ...]
    cle: tuple[str, ...]
    #: Secondary indexes: (name, columns); created with the table, and again after a switch.
    index: tuple[tuple[str, str], ...] = ()

    @property
    def noms(self) -> tuple[str, ...]:
        return tuple(nom for nom, _ in self.colonnes)

    def creer(self, suffixe: str = "") -> str:
        colonnes = ", ".join(f"{nom} {genre}" for nom, genre in self.colonnes)
        return f"CREATE TABLE IF NOT EXISTS {self.nom}{suffixe} ({colonnes}, PRIMARY KEY ({', '.join(self.cle)}))"

    def creer_sans_cle(self, suffixe: str, octets: bool = False) -> str:
        """The table with no key yet, to be filled in bulk then given its key (``indexer_cle``):
        one index build is much cheaper than keeping a key up to date row after row. With
        ``octets`` (PostgreSQL), its text key columns compare byte by byte (``COLLATE "C"``):
        ids need no language order, and their index builds several times faster than under
        the database's locale (2.1 s instead of 5.1 s for 2 million rows under C.UTF-8)."""
        colonnes = ", ".join(
            f"{nom} {genre}{OCTETS if octets and nom in self.cle and genre.startswith('TEXT') else ''}"
            for nom, genre in self.colonnes
        )
        return f"CREATE TABLE {self.nom}{suffixe} ({colonnes})"

    def indexer_cle(self) -> str:
        return f"CREATE UNIQUE INDEX {self.nom}_cle ON {self.nom} ({', '.join(self.cle)})"

    def indexer(self) -> list[str]:
        return [f"CREATE INDEX IF NOT EXISTS {nom} ON {self.nom} ({colonnes})" for nom, colonnes in self.index]


COURANTES = Table(
    "cotations_courantes",
    (
        ("demande_id", "TEXT NOT NULL"), ("du", "TEXT NOT NULL"), ("total", "NUMERIC"), ("points", "TEXT NOT NULL"),
        ("grille", "TEXT"), ("cause", "TEXT NOT NULL"), ("evenement_id", "TEXT"), ("valide_jusqu_au", "TEXT"),
        ("active", "INTEGER NOT NULL"), ("inscrite_le", "TEXT NOT NULL"), ("calcule_le", "TEXT NOT NULL"),
    ),
    ("demande_id",),
    (("cotations_courantes_validite", "valide_jusqu_au"),),
)
ETAPES = Table(
    "cotations_etapes",
    (
        ("demande_id", "TEXT NOT NULL"), ("du", "TEXT NOT NULL"), ("total", "NUMERIC"), ("points", "TEXT NOT NULL"),
        ("grille", "TEXT"), ("cause", "TEXT NOT NULL"), ("evenement_id", "TEXT"),
    ),
    ("demande_id", "du"),
)
#: Active demandes with a score, one row per wish: the live ranking reads it.
SOUHAITS = Table(
    "souhaits_actifs",
    (
        ("demande_id", "TEXT NOT NULL"), ("rang", "INTEGER NOT NULL"), ("commune", "TEXT NOT NULL"),
        ("typologie", "TEXT NOT NULL"), ("total", "NUMERIC NOT NULL"), ("inscrite_le", "TEXT NOT NULL"),
    ),
    ("demande_id", "rang"),
    (("souhaits_actifs_classement", "commune, typologie, total DESC, inscrite_le"),),
)
ATTRIBUTIONS = Table(
    "attributions",
    (
        ("demande_id", "TEXT NOT NULL"), ("attribuee_le", "TEXT NOT NULL"), ("commune", "TEXT NOT NULL"),
        ("typologie", "TEXT NOT NULL"), ("inscrite_le", "TEXT NOT NULL"), ("attente_jours", "INTEGER NOT NULL"),
    ),
    ("demande_id",),
    (("attributions_date", "attribuee_le"),),
)
#: The tables fed by the log, in the order rows are written.
DU_JOURNAL = (COURANTES, ETAPES, SOUHAITS, ATTRIBUTIONS)

#: Ranks on each wish; ``ordre`` is the place in the same order with ties broken (the
#: distribution reads its quantiles by place), ``total`` the score ranked.
POSITIONNEMENTS = Table(
    "positionnements",
    (
        ("demande_id", "TEXT NOT NULL"), ("rang_souhait", "INTEGER NOT NULL"), ("commune", "TEXT NOT NULL"),
        ("typologie", "TEXT NOT NULL"), ("rang", "INTEGER NOT NULL"), ("sur", "INTEGER NOT NULL"),
        ("ordre", "INTEGER NOT NULL"), ("total", "NUMERIC NOT NULL"), ("calcule_le", "TEXT NOT NULL"),
    ),
    ("demande_id", "rang_souhait"),
)
POSITIONNEMENTS_SOUHAITS = Table(
    "positionnements_souhaits",
    (
        ("commune", "TEXT NOT NULL"), ("typologie", "TEXT NOT NULL"), ("nombre", "INTEGER NOT NULL"),
        ("distribution", "TEXT NOT NULL"), ("calcule_le", "TEXT NOT NULL"),
    ),
    ("commune", "typologie"),
)
DELAIS = Table(
    "delais_moyens",
    (
        ("commune", "TEXT NOT NULL"), ("typologie", "TEXT NOT NULL"), ("attributions", "INTEGER NOT NULL"),
        ("delai_moyen_jours", "NUMERIC NOT NULL"), ("calcule_le", "TEXT NOT NULL"),
    ),
    ("commune", "typologie"),
)
#: What the last computation yielded, and when (a single row).
BILAN = Table(
    "positionnements_bilan",
    (
        ("calcule_le", "TEXT NOT NULL"), ("positions", "INTEGER NOT NULL"), ("souhaits", "INTEGER NOT NULL"),
        ("delais", "INTEGER NOT NULL"),
    ),
    ("calcule_le",),
)
#: The tables computed weekly from the two above.
HEBDOMADAIRES = (POSITIONNEMENTS, POSITIONNEMENTS_SOUHAITS, DELAIS, BILAN)

SUIVI = "CREATE TABLE IF NOT EXISTS projections_suivi (projection TEXT PRIMARY KEY, notification_id BIGINT NOT NULL)"
SUIVI_INITIAL = f"INSERT INTO projections_suivi VALUES ('{PROJECTION}', 0) ON CONFLICT DO NOTHING"

#: What the application recorders create with the events table (``adapters/index_demandes.py``).
CREATIONS = (
    *(t.creer() for t in (*DU_JOURNAL, *HEBDOMADAIRES)),
    *(i for t in (*DU_JOURNAL, *HEBDOMADAIRES) for i in t.indexer()),
    SUIVI,
    SUIVI_INITIAL,
)
