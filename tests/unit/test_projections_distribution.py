"""The distribution of the totals of the demandes on a wish: quantiles linear between ranks."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from adapters.projections.positionnement import distribution as par_index


def distribution(totaux):
    """The distribution of sorted totals, every index given."""
    return par_index(len(totaux), dict(enumerate(totaux)))


def test_a_single_total_is_every_quantile():
    assert distribution([Decimal("42")]) == {
        "min": "42.00", "q1": "42.00", "mediane": "42.00", "q3": "42.00", "max": "42.00", "deciles": ["42.00"] * 9,
    }


def test_quantiles_fall_between_the_neighbouring_totals():
    quantiles = distribution([Decimal(v) for v in (10, 20, 30, 40, 50)])

    assert (quantiles["q1"], quantiles["mediane"], quantiles["q3"]) == ("20.00", "30.00", "40.00")
    assert quantiles["deciles"][:3] == ["14.00", "18.00", "22.00"]


@given(st.lists(st.decimals(min_value=-50, max_value=500, places=2), min_size=1, max_size=40))
def test_quantiles_are_ordered_from_min_to_max(totaux):
    d = distribution(sorted(totaux))

    suite = [d["min"], d["q1"], d["mediane"], d["q3"], d["max"]]
    assert [Decimal(v) for v in suite] == sorted(Decimal(v) for v in suite)
    assert (Decimal(d["min"]), Decimal(d["max"])) == (min(totaux), max(totaux))
    assert d["deciles"][4] == d["mediane"]
