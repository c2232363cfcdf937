"""The incremental catch-up, and the daily refresh of scores that move with no event.

A catch-up reads the notifications after the position in batches (ids and aggregates only),
re-reads the histories of the demandes a batch touches in one query, computes their rows and
writes them with the batch's last id as the new position, in one transaction. A grid event in
a batch changes every score: the whole log up to the batch's end is recomputed, in packets
written at the old position, the last transaction moving it; read models never caught up are
built the same way (each demande once, rather than once per batch that touches it). Killed anywhere, a catch-up
resumes from the last position written, whose rows are all there (ADR 0019).

A current score holds until ``valide_jusqu_au`` (or, with no change in sight, until the end
of the timeline computed, ``calcule_le`` + ``HORIZON``); the refresh recomputes the demandes
past that day, by the same write path.
"""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

import structlog

from adapters.application import CotationApp
from adapters.projections.base import Base
from adapters.projections.calcul import calculer, paquets
from adapters.projections.ecriture import PositionDepassee, remplacer
from projections.cotations import HORIZON

#: Notifications per catch-up batch; demandes per transaction in a full recompute or a refresh.
LOT = 1000
PAQUET = 500
A_REVOIR = (
    "SELECT demande_id FROM cotations_courantes WHERE calcule_le < ? "
    "AND (valide_jusqu_au < ? OR (valide_jusqu_au IS NULL AND calcule_le < ?)) ORDER BY demande_id LIMIT ?"
)
_journal = structlog.get_logger("cotation.projections")


def rattraper(app: CotationApp, lot: int = LOT, neuve_en_un_passage: bool = True) -> int:
    """Bring the read models up to date with the log; returns the number of notifications read.
    Read models never caught up (position 0) are built in one pass over the log, each demande
    computed once, unless ``neuve_en_un_passage`` is false."""
    base, lus = Base(app), 0
    while True:
        depuis = base.position()
        try:
            lues = _lot_suivant(base, depuis, lot, neuve_en_un_passage)
        except PositionDepassee:
            _journal.info("projections_position_depassee", depuis=depuis)
            continue
        if not lues:
            break
        lus += lues
    if lus:
        _journal.info("projections_rattrapees", notifications=lus, position=base.position())
    return lus


def _lot_suivant(base: Base, depuis: int, lot: int, neuve_en_un_passage: bool) -> int:
    """Read the batch after ``depuis`` into the read models; returns the notifications read."""
    if depuis == 0 and neuve_en_un_passage and (derniere := base.derniere()):
        return _tout_recalculer(base, depuis, derniere)
    notifications = base.suivantes(depuis, lot)
    if not notifications:
        return 0
    jusqu_a, touchees = notifications[-1][0], sorted({i for _, i in notifications})
    if base.grille in touchees:
        _tout_recalculer(base, depuis, jusqu_a)
    else:
        recalculer(base, touchees, depuis, jusqu_a)
    return len(notifications)


def actualiser(app: CotationApp, paquet: int = PAQUET) -> int:
    """Recompute the demandes whose current score ran out (today by the app's clock) with no
    event; returns how many were recomputed."""
    base, faites = Base(app), 0
    jour = base.aujourdhui()
    parametres = (jour.isoformat(), jour.isoformat(), (jour - HORIZON).isoformat(), paquet)
    while demandes := [UUID(r["demande_id"]) for r in base.lire(A_REVOIR, parametres)]:
        try:
            recalculer(base, demandes, base.position())
        except PositionDepassee:
            continue
        faites += len(demandes)
    _journal.info("projections_actualisees", demandes=faites, jour=jour.isoformat())
    return faites


def recalculer(base: Base, demandes: Sequence[UUID], depuis: int, jusqu_a: int | None = None) -> None:
    """Recompute the rows of ``demandes`` from their histories as logged now; the position must
    have been read (``depuis``) before."""
    historiques = base.historiques(demandes)
    lignes = calculer(historiques.items(), base.historique_grille(), base.aujourdhui())
    remplacer(base, demandes, lignes, depuis, jusqu_a)


def _tout_recalculer(base: Base, depuis: int, jusqu_a: int) -> int:
    """Recompute every demande from the log up to ``jusqu_a``; returns the events read."""
    grille, jour, lus = base.historique_grille(jusqu_a), base.aujourdhui(), 0
    for paquet in paquets(base.flux(jusqu_a), PAQUET):
        remplacer(base, [i for i, _ in paquet], calculer(paquet, grille, jour), depuis)
        lus += sum(len(historique) for _, historique in paquet)
    remplacer(base, [], [], depuis, jusqu_a)
    _journal.info("projections_recalculees", evenements=lus, position=jusqu_a)
    return lus
