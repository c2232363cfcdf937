"""The CAL's actual choices, set against the cotation: where did the candidate stand?

For each CAL passage ending in an attribution, within the replay's dates, the demande's row at
the last replay date on or before the CAL (the ranking as last refreshed before it: Épernay
refreshes positions weekly) gives its scores; its rank among the demandes wishing the dwelling's
commune and typologie on that date follows from the histograms (``projections.rejeu_rangs``),
whether or not it had wished that dwelling itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from projections.rejeu import Attribution, LigneRejeu, date_de_reference, ligne_au
from projections.rejeu_rangs import Classement


@dataclass(frozen=True)
class Choix:
    """An attribution and the chosen demande's row before it (``None``: not active then)."""

    attribution: Attribution
    date_reference: date
    ligne: LigneRejeu | None

    def rangs(self, classement: Classement) -> tuple[int | None, int | None, int]:
        """The rank under the grid in force and under the candidate, and the size of the group."""
        a = self.attribution
        groupe = classement.rangs(self.date_reference, a.commune, a.typologie)
        if self.ligne is None:
            return None, None, groupe[0].effectif if groupe else 0
        avant, apres = self.scores
        if groupe is None:  # nobody else wished this dwelling on that date
            return (None if avant is None else 1), (None if apres is None else 1), 0
        return (
            None if avant is None else groupe[0].rang(avant),
            None if apres is None else groupe[1].rang(apres),
            groupe[0].effectif,
        )

    @property
    def scores(self) -> tuple[Decimal | None, Decimal | None]:
        if self.ligne is None:
            return None, None
        return self.ligne.en_vigueur.total, self.ligne.candidate.total


@dataclass
class ChoixCAL:
    """First pass: the attributions decided between the first and the last replay date (or in
    ``[du, au]`` when given), with the CAL ranks kept (``rangs_cal``; ``None``: every rank)."""

    dates: Sequence[date]
    rangs_cal: frozenset[int] | None = frozenset({1})
    du: date | None = None
    au: date | None = None
    choix: list[Choix] = field(default_factory=list)

    def ajouter(self, lignes: Sequence[LigneRejeu], attributions: Sequence[Attribution]) -> None:
        debut, fin = self.du or self.dates[0], self.au or self.dates[-1]
        for attribution in attributions:
            if not debut <= attribution.le <= fin:
                continue
            if self.rangs_cal is not None and attribution.rang_cal not in self.rangs_cal:
                continue
            reference = date_de_reference(self.dates, attribution.le)
            if reference is not None:
                self.choix.append(Choix(attribution, reference, ligne_au(lignes, reference)))

    def fusionner(self, autre: ChoixCAL) -> None:
        self.choix.extend(autre.choix)
