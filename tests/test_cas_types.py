"""Every cas type under tests/cas_types/ is one test (id: file::case), failing with the
readable difference between the expected and the obtained scores."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from adapters.cas_types.chargement import ScenarioInvalide, charger, trouver
from adapters.cas_types.execution import executer_cas
from adapters.cas_types.modele import Cas, FichierCasTypes
from adapters.cas_types.rapport import texte
from adapters.grilles import charger as charger_grille
from adapters.grilles import lire, livree

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


def test_la_revision_fictive_voisine_est_la_grille_livree_a_un_poids_pres() -> None:
    """epernay-revoyure-test.yaml is a copy of the shipped grid (the expected deltas of
    revoyure.yaml rest on it): a change to the shipped grid must be carried over to it."""
    livree_ = lire(livree("epernay-2021-12"))
    revision = lire(DOSSIER / "epernay" / "epernay-revoyure-test.yaml")
    propres = {"version": "epernay-revoyure-test", "libelle": revision["libelle"], "effet_le": date(2022, 7, 1)}
    assert revision | {"criteres": []} == livree_ | propres | {"criteres": []}
    differents = [
        (a["code"], a["points"], b["points"])
        for a, b in zip(livree_["criteres"], revision["criteres"], strict=True)
        if a != b
    ]
    assert differents == [("HABITE_COMMUNE", {"type": "fixe", "points": 15}, {"type": "fixe", "points": 20})]
    assert DOSSIER / "epernay" / "epernay-revoyure-test.yaml" not in trouver([DOSSIER])
