"""A replay's progress as a rich progress bar (on stderr for the CLI: stdout carries the report)."""

from __future__ import annotations

from rich.progress import MofNCompleteColumn, Progress, TaskID, TimeElapsedColumn


class BarreDeProgression:
    """``Progression`` (``adapters.rejeu.execution``) on a rich ``Progress``, one task per step."""

    def __init__(self, progress: Progress) -> None:
        self._progress = progress
        self._tache: TaskID | None = None
        self._total = 0

    @staticmethod
    def colonnes() -> tuple:
        return (*Progress.get_default_columns(), MofNCompleteColumn(), TimeElapsedColumn())

    def etape(self, libelle: str, total: int) -> None:
        if self._tache is not None:
            self._progress.update(self._tache, completed=self._total)
        self._tache, self._total = self._progress.add_task(libelle, total=total), total

    def avancer(self, nombre: int = 1) -> None:
        if self._tache is not None:
            self._progress.advance(self._tache, nombre)
