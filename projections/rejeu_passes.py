"""The two passes of a replay over the histories, demande by demande.

1. Each demande's history gives its rows (``projections.rejeu``); the first pass accumulates
   (``Cumuls``) what needs no rank (deltas by value, criterion and public), the score histograms
   of every (date, wish), the DALO demandes of each group and the CAL's choices. The caller keeps
   the rows (in a spool file) for the second pass. Partial cumuls (one per batch, computed in
   worker processes) merge.
2. Once every histogram is known, the rows are read again, demande by demande: each gets its
   ranks; rank changes by public and DALO demandes outranked accumulate (``Controle``).

Memory stays flat in the number of demandes: histograms are bounded by the number of distinct
scores per (date, wish), and only the DALO demandes and the CAL's choices are kept per demande.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from uuid import UUID

from domain.evenements import Evenement
from projections.rejeu import Attribution, Grilles, LigneClassee, LigneRejeu, attributions, classee, rejouer
from projections.rejeu_cal import ChoixCAL
from projections.rejeu_controle import Controle, DaloParGroupe
from projections.rejeu_ecarts import Ecarts
from projections.rejeu_rangs import Histogrammes


@dataclass
class Cumuls:
    """What the first pass accumulates."""

    choix: ChoixCAL
    histogrammes: Histogrammes = field(default_factory=Histogrammes)
    ecarts: Ecarts = field(default_factory=Ecarts)
    dalo: DaloParGroupe = field(default_factory=DaloParGroupe)

    def ajouter(self, lignes: Sequence[LigneRejeu], passages: Sequence[Attribution]) -> None:
        self.choix.ajouter(lignes, passages)
        self.histogrammes.ajouter(lignes)
        self.ecarts.ajouter(lignes)
        self.dalo.ajouter(lignes)

    def fusionner(self, autre: Cumuls) -> None:
        self.choix.fusionner(autre.choix)
        self.histogrammes.fusionner(autre.histogrammes)
        self.ecarts.fusionner(autre.ecarts)
        self.dalo.fusionner(autre.dalo)

    def seconde(self) -> Controle:
        return Controle(self.histogrammes.classement(), self.dalo)


@dataclass(frozen=True)
class PremierePasse:
    grilles: Grilles
    dates: Sequence[date]

    def cumuls(self) -> Cumuls:
        return Cumuls(ChoixCAL(self.dates))

    def traiter(self, demande_id: UUID, historique: Sequence[Evenement], cumuls: Cumuls) -> list[LigneClassee]:
        """Accumulate one demande into ``cumuls``; its rows are returned for the second pass."""
        lignes = list(rejouer(demande_id, historique, self.grilles, self.dates))
        cumuls.ajouter(lignes, attributions(demande_id, historique))
        return [classee(ligne) for ligne in lignes]
