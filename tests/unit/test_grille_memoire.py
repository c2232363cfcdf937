"""What is derived from a grid alone is computed once per grid object and goes with it."""

from __future__ import annotations

import gc

from domain.grille.memoire import par_grille
from domain.grille.modele import GrilleVersion
from tests.unit.fabrique import EPERNAY


def compteur():
    appels: list[str] = []

    @par_grille
    def version(grille: GrilleVersion) -> str:
        appels.append(grille.version)
        return grille.version

    return version, appels


def test_a_grid_is_computed_once_and_a_copy_again():
    version, appels = compteur()
    copie = EPERNAY.model_copy(update={"version": "copie"})

    assert [version(EPERNAY), version(EPERNAY), version(copie), version(copie)] == [
        EPERNAY.version, EPERNAY.version, "copie", "copie",
    ]
    assert appels == [EPERNAY.version, "copie"]


def test_what_a_grid_gave_goes_with_it():
    version, _ = compteur()
    grille = EPERNAY.model_copy(update={"version": "ephemere"})
    version(grille)
    cle = id(grille)
    assert cle in version.en_memoire()

    del grille
    gc.collect()

    assert cle not in version.en_memoire()
