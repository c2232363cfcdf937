"""The French renderings the engine keeps in caches give what they gave uncached: a number met
in another form (1.5 then 1.50, 2 then 2.0) reads the same, a day reads as ``strftime`` wrote it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from domain.format import duree_mois, jour, nombre, points

REGLAGES = settings(max_examples=300, deadline=None, database=None)
MONTANTS = st.decimals(min_value=-10**7, max_value=10**7, places=4, allow_nan=False, allow_infinity=False)


@REGLAGES
@given(st.dates(date(1000, 1, 1), date(9999, 12, 31)))
def test_a_day_reads_as_strftime_wrote_it(le):
    assert jour(le) == le.strftime("%d/%m/%Y")


@REGLAGES
@given(MONTANTS, st.integers(0, 3))
def test_a_number_reads_the_same_in_any_of_its_forms(valeur, zeros):
    autre_forme = valeur.quantize(Decimal(1).scaleb(valeur.as_tuple().exponent - zeros))  # 1.5 -> 1.500
    assert autre_forme == valeur
    attendu = nombre.__wrapped__(valeur)
    assert nombre(autre_forme) == nombre(valeur) == attendu
    assert points(autre_forme) == points(valeur) == points.__wrapped__(valeur)


def test_integers_and_their_decimals_read_alike():
    assert nombre(2) == nombre(Decimal("2.0")) == "2"
    assert points(Decimal(1)) == "1 point" and points(2) == "2 points"
    assert duree_mois(38) == "3 ans et 2 mois"
