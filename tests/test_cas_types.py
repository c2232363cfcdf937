"""Every cas type under tests/cas_types/ is one test (id: file::case), failing with the
readable difference between the expected and the obtained scores."""

from __future__ import annotations

from pathlib import Path

import pytest

from adapters.cas_types.chargement import ScenarioInvalide, charger, trouver
from adapters.cas_types.execution import executer_cas
from adapters.cas_types.modele import Cas, FichierCasTypes
from adapters.cas_types.rapport import texte
from adapters.grilles import charger as charger_grille
from adapters.grilles import livree

DOSSIER = Path(__file__).parent / "cas_types"


def _parametres() -> list:
    parametres = []
    for chemin in trouver([DOSSIER]):
        nom = chemin.relative_to(DOSSIER).as_posix()
        try:
            fichier = charger(chemin)
        except ScenarioInvalide as exc:
            parametres.append(pytest.param(chemin, None, exc.message, id=nom))
            continue
        parametres += [pytest.param(chemin, fichier, cas, id=f"{nom}::{cas.nom}") for cas in fichier.cas]
    return parametres


@pytest.mark.parametrize(("chemin", "fichier", "cas"), _parametres())
def test_cas_type(chemin: Path, fichier: FichierCasTypes | None, cas: Cas | str) -> None:
    if fichier is None:
        pytest.fail(str(cas), pytrace=False)
    resultat = executer_cas(chemin, fichier, cas, chemin.relative_to(DOSSIER).as_posix())  # type: ignore[arg-type]
    if not resultat.reussi:
        pytest.fail(texte(resultat), pytrace=False)


def test_chaque_critere_et_chaque_malus_d_epernay_a_un_cas_type_qui_lui_donne_des_points() -> None:
    grille = charger_grille(livree("epernay-2021-12"))
    couverts = {
        code
        for chemin in trouver([DOSSIER / "epernay"])
        for cas in charger(chemin).cas
        for attente in cas.attentes
        for code, points in attente.contributions.items()
        if points
    }
    manquants = ({c.code for c in grille.criteres} | {m.code for m in grille.malus}) - couverts
    assert not manquants, f"critères ou malus sans cas type : {sorted(manquants)}"
