"""The full rebuild: the whole log into fresh tables, switched in when done, then a catch-up.

The log is read up to its last notification id at the start (a fixed set, ``base.py``), one
demande's history after another in primary-key order, in keyset pages: memory stays flat.
Rows go into ``*_nouvelles`` tables, one transaction per packet of demandes; the switch drops
the old tables, renames the new ones, builds their indexes and sets the position to that id,
in one transaction. The catch-up then reads what was logged meanwhile. The read models stay
readable (the old ones) during the whole rebuild; a rebuild killed before the switch leaves them
untouched. One rebuild at a time.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from multiprocessing import get_context
from time import perf_counter

from rich.console import Console
from rich.progress import MofNCompleteColumn, Progress

from adapters.application import CotationApp
from adapters.projections.base import Base
from adapters.projections.calcul import Histoire, calculer, calculer_dans_le_travailleur, initialiser, paquets
from adapters.projections.ecriture import AVANCER, PRENDRE, inserer
from adapters.projections.rattrapage import PAQUET, rattraper
from adapters.projections.tables import DU_JOURNAL, PROJECTION, SUFFIXE_NOUVELLES
from domain.evenements import Evenement
from domain.format import nombre
from projections.cotations import Lignes

#: The rows of a packet, when they are ready; a packet given to compute.
Resultat = Callable[[], list[Lignes]]
Soumettre = Callable[[list[Histoire]], Resultat]


@dataclass(frozen=True)
class BilanReconstruction:
    demandes: int
    evenements: int
    position: int
    rattrapes: int
    duree: float

    @property
    def debit(self) -> float:
        """Log events read per second."""
        return self.evenements / self.duree if self.duree else 0.0

    def en_texte(self) -> str:
        return (
            f"Projections reconstruites : {nombre(self.demandes)} demandes, {nombre(self.evenements)} événements "
            f"lus jusqu'à la notification {self.position} en {nombre(Decimal(self.duree), 1)} s "
            f"({nombre(round(self.debit))} événements/s) ; {nombre(self.rattrapes)} notifications rattrapées ensuite."
        )


def reconstruire(
    app: CotationApp, progression: bool = True, travailleurs: int = 1, paquet: int = PAQUET
) -> BilanReconstruction:
    """Rebuild the read models from the log (``travailleurs`` > 1: compute in worker processes)."""
    base, debut = Base(app), perf_counter()
    jusqu_a = base.derniere()
    preparer(base)
    grille, jour = base.historique_grille(jusqu_a), base.aujourdhui()
    demandes = evenements = 0
    with _barre(progression, base.compter(jusqu_a)) as avancer, _calcul(travailleurs, grille, jour) as soumettre:
        en_vol_max = 2 * travailleurs if travailleurs > 1 else 0
        for histoires, lignes in _dans_l_ordre(soumettre, paquets(base.flux(jusqu_a), paquet), en_vol_max):
            with base.datastore.transaction(commit=True) as curs:
                inserer(base, curs, lignes, SUFFIXE_NOUVELLES)
            lus = sum(len(historique) for _, historique in histoires)
            demandes, evenements = demandes + len(lignes), evenements + lus
            avancer(lus)
    basculer(base, jusqu_a)
    rattrapes = rattraper(app)
    return BilanReconstruction(demandes, evenements, jusqu_a, rattrapes, perf_counter() - debut)


def preparer(base: Base) -> None:
    """Empty fresh tables (left over by an interrupted rebuild: dropped first)."""
    with base.datastore.transaction(commit=True) as curs:
        for table in DU_JOURNAL:
            curs.execute(f"DROP TABLE IF EXISTS {table.nom}{SUFFIXE_NOUVELLES}")
            curs.execute(table.creer(SUFFIXE_NOUVELLES))


def basculer(base: Base, position: int) -> None:
    """The fresh tables replace the old ones, with their position, atomically. The position row is
    taken first, as every writer does: a catch-up running meanwhile is done or waits, then
    finds the position moved and starts again from it."""
    with base.datastore.transaction(commit=True) as curs:
        curs.execute(base.sql(PRENDRE), (PROJECTION,))
        for table in DU_JOURNAL:
            curs.execute(f"DROP TABLE {table.nom}")
            curs.execute(f"ALTER TABLE {table.nom}{SUFFIXE_NOUVELLES} RENAME TO {table.nom}")
            if base.postgres:  # index names are unique per schema: the next rebuild reuses this one
                curs.execute(f"ALTER INDEX {table.nom}{SUFFIXE_NOUVELLES}_pkey RENAME TO {table.nom}_pkey")
            for index in table.indexer():
                curs.execute(index)
        curs.execute(base.sql(AVANCER), (position, PROJECTION))


def _dans_l_ordre(
    soumettre: Soumettre, histoires: Iterable[list[Histoire]], en_vol_max: int
) -> Iterator[tuple[list[Histoire], list[Lignes]]]:
    """Each packet with its rows, in order, with up to ``en_vol_max`` packets being computed while
    the log is read on (memory stays bounded)."""
    en_vol: deque[tuple[list[Histoire], Resultat]] = deque()
    for paquet in histoires:
        en_vol.append((paquet, soumettre(paquet)))
        if len(en_vol) > en_vol_max:
            yield _recevoir(en_vol)
    while en_vol:
        yield _recevoir(en_vol)


def _recevoir(en_vol: deque[tuple[list[Histoire], Resultat]]) -> tuple[list[Histoire], list[Lignes]]:
    paquet, resultat = en_vol.popleft()
    return paquet, resultat()


@contextmanager
def _calcul(travailleurs: int, grille: Sequence[Evenement], jour: date) -> Iterator[Soumettre]:
    """Compute in this process, or in ``travailleurs`` worker processes."""
    if travailleurs <= 1:
        yield lambda paquet: _deja(calculer(paquet, grille, jour))
        return
    with get_context("spawn").Pool(travailleurs, initialiser, (grille, jour)) as pool:
        yield lambda paquet: pool.apply_async(calculer_dans_le_travailleur, (paquet,)).get


def _deja(lignes: list[Lignes]) -> Resultat:
    return lambda: lignes


@contextmanager
def _barre(visible: bool, total: int) -> Iterator[Callable[[int], None]]:
    if not visible:
        yield lambda _: None
        return
    colonnes = (*Progress.get_default_columns(), MofNCompleteColumn())
    with Progress(*colonnes, console=Console(stderr=True)) as barre:
        tache = barre.add_task("Événements relus", total=total)
        yield lambda lus: barre.advance(tache, lus)
