"""The rows of a replay kept between its two passes: pickled batches in a temporary file, so
that memory stays flat in the number of demandes. The file is removed when closed."""

from __future__ import annotations

import pickle
import tempfile
from collections.abc import Iterator
from pathlib import Path

from projections.rejeu import LigneRejeu

Lot = list[list[LigneRejeu]]


class Reserve:
    """Batches of demandes' rows, written once, then read back in the same order."""

    def __init__(self, dossier: Path | None = None) -> None:
        self._fichier = tempfile.TemporaryFile(prefix="cotation-rejeu-", dir=dossier)

    def ecrire(self, lot: Lot) -> None:
        pickle.dump(lot, self._fichier, protocol=pickle.HIGHEST_PROTOCOL)

    def lire(self) -> Iterator[list[LigneRejeu]]:
        """Each demande's rows, in the order written."""
        self._fichier.seek(0)
        while True:
            try:
                lot: Lot = pickle.load(self._fichier)
            except EOFError:
                return
            yield from lot

    def fermer(self) -> None:
        self._fichier.close()

    def __enter__(self) -> Reserve:
        return self

    def __exit__(self, *_: object) -> None:
        self.fermer()
