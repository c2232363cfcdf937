"""Dated parameters looked up by periods built once per grid version: the same value, or the same
error, as reading every dated value on the day; each grid object with its own values."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.erreurs import ParametreManquant
from domain.format import jour
from domain.grille.modele import GrilleVersion, Parametre, ValeurDatee
from domain.grille.parametres import ParametreUtilise, parametre
from tests.unit.fabrique import EPERNAY

NOM = "seuil_essai"
DEBUT, FIN = date(2020, 1, 1), date(2024, 12, 31)


def reference(grille: GrilleVersion, nom: str, le: date) -> ParametreUtilise:
    """The rule read literally: of the values in force on ``le``, the one in force since the latest date."""
    definition = grille.parametres[nom]
    en_vigueur = [v for v in definition.valeurs if v.du <= le and (v.au is None or le <= v.au)]
    if not en_vigueur:
        raise ParametreManquant(
            f"le paramètre « {definition.libelle} » n'a pas de valeur au {jour(le)} dans la grille {grille.version}"
        )
    v = max(en_vigueur, key=lambda v: v.du)
    return ParametreUtilise(nom=nom, libelle=definition.libelle, unite=definition.unite, valeur=v.valeur, du=v.du,
                            au=v.au, source=v.source, hypothese=v.hypothese)


def avec(valeurs: list[ValeurDatee]) -> GrilleVersion:
    definition = Parametre(libelle="Seuil d'essai", unite="euros", valeurs=valeurs)
    return EPERNAY.model_copy(update={"parametres": {**EPERNAY.parametres, NOM: definition}})


@st.composite
def valeurs_datees(draw) -> ValeurDatee:
    du = draw(st.dates(DEBUT, FIN))
    au = draw(st.none() | st.dates(du, FIN + timedelta(days=30)))
    return ValeurDatee(du=du, au=au, valeur=Decimal(draw(st.integers(0, 999))), source="Délibération d'essai")


def resultat(grille: GrilleVersion, le: date, lire) -> ParametreUtilise | str:
    try:
        return lire(grille, NOM, le)
    except ParametreManquant as exc:
        return str(exc)


JOURS = st.lists(st.dates(DEBUT - timedelta(days=5), FIN + timedelta(days=60)), max_size=20)


@settings(max_examples=150, deadline=None, database=None)
@given(st.lists(valeurs_datees(), min_size=1, max_size=5), JOURS)
def test_the_value_in_force_is_the_one_the_rule_reads_on_the_day(valeurs, jours):
    grille = avec(valeurs)
    bornes = {d + timedelta(days=k) for v in valeurs for d in (v.du, v.au) if d for k in (-1, 0, 1)}
    for le in sorted(bornes | set(jours)):
        assert resultat(grille, le, parametre) == resultat(grille, le, reference), le


def test_a_copy_of_a_grid_with_other_values_reads_its_own():
    premiere = avec([ValeurDatee(du=DEBUT, valeur=Decimal(1), source="Délibération 1")])
    valeur = ValeurDatee(du=DEBUT, valeur=Decimal(2), source="Délibération 2")
    autre = Parametre(libelle="Seuil", unite="euros", valeurs=[valeur])
    seconde = premiere.model_copy(update={"parametres": {NOM: autre}})
    assert parametre(premiere, NOM, FIN).valeur == 1
    assert parametre(seconde, NOM, FIN).valeur == 2


def test_an_unknown_parameter_is_named():
    with pytest.raises(ParametreManquant, match="ne définit pas le paramètre « inconnu »"):
        parametre(EPERNAY, "inconnu", FIN)
