"""The synthetic history generator: lazy, deterministic, and a larger history extends a smaller one."""

from __future__ import annotations

import tracemalloc
from collections.abc import Iterator
from itertools import islice

from adapters.demo.histoires import generer
from domain.demande.evenements import DemandeEnregistree


def test_the_same_seed_and_size_give_the_same_histories():
    assert list(generer(60, graine=7)) == list(generer(60, graine=7))
    assert list(generer(60, graine=7)) != list(generer(60, graine=8))


def test_the_first_demandes_do_not_depend_on_the_size():
    assert list(islice(generer(400, graine=3), 120)) == list(generer(120, graine=3))


def test_each_history_is_one_demande_registered_first_then_in_record_order():
    for numero, histoire in enumerate(generer(100)):
        instants = [e.instant for e in histoire]

        assert {e.demande for e in histoire} == {numero}
        assert histoire[0].classe is DemandeEnregistree and instants == sorted(instants)
        assert all(e.donnees["effet_le"] <= e.instant.date() for e in histoire)


def test_histories_are_generated_one_at_a_time_in_flat_memory():
    histoires = generer(2000)
    tracemalloc.start()
    try:
        evenements = sum(len(histoire) for histoire in histoires)
        _, pic = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert isinstance(histoires, Iterator)
    assert evenements > 15_000
    assert pic < 1_000_000  # the histories of 2,000 demandes held at once take about 15 MB
