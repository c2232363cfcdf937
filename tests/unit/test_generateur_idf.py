"""The ``idf`` calibration of the generator: registrations follow the Île-de-France volumes of the
regional socle (demandes created in 2019 and 2020, by type of guichet), drawn as deterministically
as the demo's. Expected shares are the socle's counts over their totals (its printed 2019
percentages do not match its counts: ``adapters/demo/profils.py``)."""

from __future__ import annotations

import random
import re
from collections import Counter
from itertools import islice

import pytest

from adapters.demo.dossier import DEBUT
from adapters.demo.histoires import generer
from adapters.demo.profils import CREATIONS_IDF, DERNIERE_INSCRIPTION, IDF, PROFILS
from adapters.demo.territoire import GUICHETS
from domain.erreurs import CommandeInvalide

#: Shares of the demandes created, by type of guichet: socle, section 03 (counts / total).
SOCLE = {
    2019: {"portail": 0.401, "bailleur": 0.029, "collectivite": 0.485, "action_logement": 0.084},
    2020: {"portail": 0.488, "bailleur": 0.078, "collectivite": 0.347, "action_logement": 0.087},
}
#: 2019's share of the demandes created in 2019 and 2020: 290,143 / (290,143 + 267,597).
PART_2019 = 0.520
SORTES = {g.guichet_id: g.sorte for g in GUICHETS}


def sorte(guichet_id: str | None) -> str:
    return "portail" if guichet_id is None else SORTES[guichet_id]


def parts(registrations: list[tuple[int, str]], annees: set[int]) -> dict[str, float]:
    compte = Counter(s for annee, s in registrations if annee in annees)
    return {s: compte[s] / compte.total() for s in SOCLE[2019]}


@pytest.fixture(scope="module")
def enregistrements() -> list[tuple[int, str]]:
    """Year and type of guichet of the registrations of 3,000 generated demandes (about 2 s)."""
    premieres = (h[0].donnees for h in generer(3000, graine=5, profil=IDF))
    return [(d["date_premiere_inscription"].year, sorte(d["guichet_id"])) for d in premieres]


@pytest.fixture(scope="module")
def tirages() -> list[tuple[int, str]]:
    """Year and type of guichet of 60,000 registrations drawn alone (no ménage, no lifecycle)."""
    rng, idf = random.Random(5), PROFILS[IDF]
    return [(le.year, sorte(g and g.guichet_id)) for le, g, _ in (idf.inscrire(rng) for _ in range(60_000))]


def test_the_socle_counts_add_up_to_its_published_totals():
    assert sum(CREATIONS_IDF[2019].values()) == 290_143
    assert sum(CREATIONS_IDF[2020].values()) == 267_597


def test_generated_idf_demandes_follow_the_socle_shares_of_guichet_types(enregistrements):
    # About 420 demandes in 2019 and 380 in 2020: within 7 points (about 3 standard deviations).
    for annee, attendues in SOCLE.items():
        mesurees = parts(enregistrements, {annee})
        assert all(abs(mesurees[s] - attendues[s]) < 0.07 for s in attendues), (annee, mesurees)
    # The 2,550 demandes from 2020 on carry 2020's shares: within 3 points.
    depuis_2020 = parts(enregistrements, set(range(2020, 2027)))
    assert all(abs(depuis_2020[s] - SOCLE[2020][s]) < 0.03 for s in SOCLE[2020]), depuis_2020


def test_idf_registrations_stay_in_the_period_weighted_by_yearly_volume(tirages):
    dates = [h[0].donnees["date_premiere_inscription"] for h in generer(300, graine=5, profil=IDF)]
    annees = Counter(annee for annee, _ in tirages)

    assert DEBUT <= min(dates) and max(dates) <= DERNIERE_INSCRIPTION
    assert set(annees) == set(range(2019, 2027))
    # 16,000 draws in 2019 and 2020 (one standard deviation: 0.4 point); uniform days would give 0.499.
    assert abs(annees[2019] / (annees[2019] + annees[2020]) - PART_2019) < 0.015
    # Later years carry 2020's volume forward; 2026 ends on 31/08, two thirds of a year.
    assert abs(annees[2023] / annees[2020] - 1) < 0.05 and abs(annees[2026] / annees[2020] - 243 / 366) < 0.05


def test_idf_shares_of_guichet_types_each_year_within_one_and_a_half_point(tirages):
    # About 8,000 draws a year: one standard deviation is at most 0.55 point.
    for annee, attendues in SOCLE.items():
        mesurees = parts(tirages, {annee})
        assert all(abs(mesurees[s] - attendues[s]) < 0.015 for s in attendues), (annee, mesurees)


def test_idf_histories_are_deterministic_and_a_larger_history_extends_a_smaller_one():
    assert list(generer(60, graine=7, profil=IDF)) == list(generer(60, graine=7, profil=IDF))
    assert list(generer(60, graine=7, profil=IDF)) != list(generer(60, graine=7))
    assert list(islice(generer(400, graine=3, profil=IDF), 120)) == list(generer(120, graine=3, profil=IDF))


def test_the_default_profile_is_epernay_and_an_unknown_one_is_refused_at_once():
    assert list(generer(40, graine=7)) == list(generer(40, graine=7, profil="epernay"))
    refus = re.escape("profil de génération inconnu : « paris » (profils connus : epernay, idf)")
    with pytest.raises(CommandeInvalide, match=refus):
        generer(40, profil="paris")
