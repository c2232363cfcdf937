"""Every enumerated value a user may read has a French label."""

from __future__ import annotations

import pytest

from domain.libelles import ENUMERATIONS, libelle


@pytest.mark.parametrize("enumeration", ENUMERATIONS, ids=lambda e: e.__name__)
def test_every_value_has_a_french_label(enumeration):
    assert all(libelle(valeur) for valeur in enumeration)
