"""Replay of a candidate grid, pure part: rows of a demande, reuse of scores, ranks, deltas, the
legal check and the CAL's choices (``projections/rejeu*.py``)."""

from __future__ import annotations

from collections import Counter
from datetime import date
from decimal import Decimal
from uuid import uuid4

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.cotation.moteur import coter
from domain.demande.faits import faits_au
from domain.demande.valeurs import TypeDemande
from domain.grille.evenements import GrilleAdoptee
from projections.rejeu import (
    AUTRES,
    HEBERGES,
    MUTATION,
    Grilles,
    LigneClassee,
    LigneRejeu,
    Score,
    attributions,
    classee,
    date_de_reference,
    mois_passes,
    rejouer,
)
from projections.rejeu_cal import ChoixCAL
from projections.rejeu_controle import Controle, Dalo, DaloParGroupe, criteres_affiches, publics_affiches
from projections.rejeu_ecarts import Ecarts, quantile
from projections.rejeu_passes import PremierePasse
from projections.rejeu_rangs import Histogrammes, Rangs
from tests.unit.cycle import bail, passage, radiation, renouvellement
from tests.unit.fabrique import (
    EPERNAY,
    adoption,
    avec_critere,
    emploi,
    grille_de_test,
    inscription,
    logement,
    sans_critere,
    validation,
)

ID = uuid4()
DATES = [date(2022, m, 1) for m in range(1, 13)]
ADOPTION: list[GrilleAdoptee] = [adoption(EPERNAY)]


def lignes(historique, candidate=EPERNAY, dates=DATES) -> list[LigneRejeu]:
    return list(rejouer(ID, historique, Grilles(ADOPTION, dates, candidate), dates))


# --- rows of one demande ---------------------------------------------------------------------------


def test_a_demande_has_a_row_only_where_it_is_registered_and_not_struck_off():
    historique = [inscription(date(2022, 3, 15)), radiation(date(2022, 8, 20))]

    jours = [ligne.jour for ligne in lignes(historique)]

    assert jours == [date(2022, m, 1) for m in range(4, 9)]


def test_the_adopted_grid_against_itself_gives_zero_everywhere():
    historique = [inscription(date(2021, 12, 10), logement=logement("heberge_tiers")), renouvellement(date(2022, 11, 20))]

    rangees = lignes(historique)

    assert rangees and all(r.ecart == 0 and r.ecarts_par_critere == {} for r in rangees)
    assert all(r.en_vigueur.points == r.candidate.points for r in rangees)


def test_reused_scores_are_those_the_engine_gives_every_date():
    """Seniority crosses a tier (1 year on 10 January 2023), a criterion ends, a renewal changes the
    facts: every row is the engine's score at its date, though most are reused."""
    debut = date(2022, 1, 10)
    historique = [inscription(debut, logement=logement("heberge_tiers")), validation("DALO", date(2022, 2, 3), fin_le=date(2022, 6, 14)),
                  renouvellement(date(2022, 12, 20))]
    dates = [date(2022, m, 1) for m in range(2, 13)] + [date(2023, m, 1) for m in range(1, 4)]

    for ligne in lignes(historique, dates=dates):
        attendu = coter(faits_au(historique, ligne.jour), EPERNAY, ligne.jour)
        assert ligne.en_vigueur.total == attendu.total == ligne.candidate.total, ligne.jour


def test_a_changed_weight_moves_the_rows_where_the_criterion_applies_by_the_difference():
    candidate = avec_critere(EPERNAY, "HEBERGE_TIERS", points={"type": "fixe", "points": 24})
    historique = [inscription(date(2021, 12, 10), logement=logement("heberge_tiers"))]

    rangees = lignes(historique, candidate)

    assert {r.ecart for r in rangees} == {Decimal(4)}
    assert all(r.ecarts_par_critere == {"HEBERGE_TIERS": Decimal(4)} for r in rangees)


def test_a_candidate_for_other_demandes_leaves_them_with_the_grid_in_force():
    candidate = avec_critere(EPERNAY, "HEBERGE_TIERS", points={"type": "fixe", "points": 24})
    candidate = candidate.model_copy(update={"s_applique_a": ["mutation"]})
    historique = [inscription(date(2021, 12, 10), logement=logement("heberge_tiers"))]

    assert {r.ecart for r in lignes(historique, candidate)} == {Decimal(0)}


def test_publics_come_from_the_criteria_that_apply_the_housing_and_the_type():
    heberge = [inscription(date(2021, 12, 10), logement=logement("heberge_tiers"))]
    mutation = [inscription(date(2021, 12, 10), type_demande="mutation", logement=logement("locataire_parc_social"))]
    neutre = [inscription(date(2021, 12, 10))]

    assert {"heberge_tiers", HEBERGES} <= lignes(heberge)[0].publics
    assert lignes(mutation)[0].publics == {MUTATION}
    assert lignes(neutre)[0].publics == {AUTRES}


def test_attributions_with_their_lease_and_the_ranking_before_a_cal():
    retenu, second = uuid4(), uuid4()
    historique = [inscription(date(2021, 12, 10)), passage(date(2022, 3, 10), rang=2, passage_id=second),
                  passage(date(2022, 6, 9), rang=1, passage_id=retenu), bail(retenu, date(2022, 6, 30))]

    trouvees = attributions(ID, historique)

    assert [(a.rang_cal, a.bail_le) for a in trouvees] == [(2, None), (1, date(2022, 6, 30))]
    assert date_de_reference(DATES, date(2022, 6, 9)) == date(2022, 6, 1)
    assert date_de_reference(DATES, date(2021, 6, 9)) is None


def test_past_months_end_with_the_current_one():
    assert mois_passes(date(2026, 1, 20), 3) == [date(2025, 11, 1), date(2025, 12, 1), date(2026, 1, 1)]


# --- ranks ---------------------------------------------------------------------------------------


def test_ranks_are_shared_by_equal_scores_and_any_score_can_be_ranked():
    rangs = Rangs(Counter({(Decimal(50), True): 1, (Decimal(40), False): 2, (Decimal(30), False): 7}))

    assert [rangs.rang(Decimal(v)) for v in (50, 40, 30, 45, 10, 60)] == [1, 2, 4, 2, 11, 1]
    assert rangs.effectif == 10


def test_the_top_decile_holds_the_first_places_ties_included():
    rangs = Rangs(Counter({(Decimal(50), True): 1, (Decimal(40), False): 2, (Decimal(30), False): 17}))

    # 20 demandes: 2 places; the two ranked 2nd share the second place
    assert (rangs.premier_decile, rangs.prioritaires_premier_decile) == (3, 1)


def test_quantiles_of_a_distribution_given_by_counts():
    distribution = Counter({Decimal(-2): 1, Decimal(0): 6, Decimal(5): 3})

    assert [quantile(distribution, Decimal(q)) for q in ("0", "0.25", "0.5", "0.75", "1")] == [-2, 0, 0, 5, 5]
    assert quantile(Counter(), Decimal("0.5")) is None


# --- deltas and the legal check ------------------------------------------------------------------


def ligne(demande, avant, apres, publics=frozenset({AUTRES}), jour=date(2022, 1, 1), souhait=("EPERNAY", "T2")):
    def score(total):
        return Score(Decimal(total), {"X": Decimal(total)})

    return LigneRejeu(demande, jour, TypeDemande.PREMIERE_DEMANDE, (souhait,), frozenset(publics), score(avant),
                      score(apres))


def test_deltas_by_value_by_criterion_and_by_public():
    ecarts = Ecarts()
    a, b = uuid4(), uuid4()
    ecarts.ajouter([ligne(a, 20, 25, {"dalo"}), ligne(a, 20, 20, {"dalo"}, date(2022, 2, 1))])
    ecarts.ajouter([ligne(b, 30, 27)])

    assert ecarts.distribution == Counter({Decimal(5): 1, Decimal(0): 1, Decimal(-3): 1})
    assert (ecarts.demandes, ecarts.demandes_en_hausse, ecarts.demandes_en_baisse) == (2, 1, 1)
    assert (ecarts.par_critere["X"].en_hausse, ecarts.par_critere["X"].somme) == (1, Decimal(2))
    assert (ecarts.par_public["dalo"].demandes, ecarts.par_public["dalo"].lignes) == (1, 2)


def controle(*rangees: LigneRejeu) -> Controle:
    histogrammes, dalo = Histogrammes(), DaloParGroupe()
    histogrammes.ajouter(rangees)
    dalo.ajouter(rangees)
    return Controle(histogrammes.classement(), dalo)


def test_a_non_priority_demande_now_ahead_of_a_dalo_one_is_listed_with_its_ranks():
    dalo, autre, deja_devant = uuid4(), uuid4(), uuid4()
    rangees = [ligne(dalo, 45, 45, {"dalo"}), ligne(autre, 40, 50), ligne(deja_devant, 50, 55)]
    verification = controle(*rangees)

    details = [d for r in rangees for d in verification.details([classee(r)])]

    assert [(d.rang_en_vigueur, d.rang_candidate) for d in details] == [(2, 3), (3, 2), (1, 1)]
    assert verification.nombre_depassements == 1 and verification.demandes_depassant == 1
    cas = verification.depassements[0]
    assert (cas.demande_id, list(cas.dalo)) == (autre, [dalo])
    assert verification.evolutions["dalo"].gain == -1


@given(
    st.lists(st.tuples(st.integers(0, 30), st.integers(0, 30)), max_size=30),
    st.integers(0, 30), st.integers(0, 30),
)
def test_the_dalo_demandes_outranked_are_those_a_plain_filter_finds(dalos, avant, apres):
    groupe, par_groupe = (date(2022, 1, 1), "EPERNAY", "T2"), DaloParGroupe()
    par_groupe.groupes[groupe] = [Dalo(uuid4(), Decimal(v), Decimal(c)) for v, c in dalos]

    trouves = par_groupe.depasses(groupe, Decimal(avant), Decimal(apres))

    assert trouves == [d for d in par_groupe.groupes[groupe] if apres > d.candidate and avant <= d.en_vigueur]


def test_sensitive_situations_are_never_shown_against_a_demande():
    rangee = LigneClassee(ID, date(2022, 1, 1), "premiere_demande", (("EPERNAY", "T2"),),
                          ("heberge_tiers", "violences_couple"), Decimal(40), Decimal(45),
                          (("HEBERGE_TIERS", Decimal(2)), ("VIOLENCES_COUPLE", Decimal(3))))

    assert publics_affiches(rangee) == ("heberge_tiers",)
    assert criteres_affiches(rangee, frozenset({"VIOLENCES_COUPLE"})) == (
        ("HEBERGE_TIERS", Decimal(2)), ("SITUATION_SENSIBLE", Decimal(3)))


# --- the first pass, merged ------------------------------------------------------------------------


def test_partial_first_passes_merge_into_the_whole():
    retenu = uuid4()
    histoires = [
        (uuid4(), [inscription(date(2021, 12, 10), logement=logement("heberge_tiers"))]),
        (uuid4(), [inscription(date(2022, 2, 1)), passage(date(2022, 5, 3), rang=1, passage_id=retenu)]),
    ]
    candidate = avec_critere(EPERNAY, "HEBERGE_TIERS", points={"type": "fixe", "points": 24})
    passe = PremierePasse(Grilles(ADOPTION, DATES, candidate), DATES)
    tout, parties = passe.cumuls(), [passe.cumuls(), passe.cumuls()]
    for (demande_id, historique), partie in zip(histoires, parties, strict=True):
        passe.traiter(demande_id, historique, tout)
        passe.traiter(demande_id, historique, partie)
    parties[0].fusionner(parties[1])

    assert parties[0].ecarts.distribution == tout.ecarts.distribution
    assert parties[0].histogrammes.groupes == tout.histogrammes.groupes
    assert [c.date_reference for c in parties[0].choix.choix] == [date(2022, 5, 1)]


@pytest.mark.parametrize("rangs_cal, attendus", [(frozenset({1}), 1), (None, 2)])
def test_the_cal_choices_kept_are_those_of_the_ranks_asked(rangs_cal, attendus):
    historique = [inscription(date(2021, 12, 10)), passage(date(2022, 3, 10), rang=2), passage(date(2022, 6, 9), rang=1)]
    choix = ChoixCAL(DATES, rangs_cal)

    choix.ajouter(lignes(historique), attributions(ID, historique))

    assert len(choix.choix) == attendus


# --- the candidate's score from the grid in force's: the engine's, every time ----------------------

VAL_DE_LUNE = grille_de_test("val-de-lune-2024-01")
LUNE = [date(2024, m, 1) for m in range(1, 13)] + [date(2025, m, 1) for m in range(1, 13)]


def _histoires_lune():
    ancre = {"logement": logement("locataire_parc_prive", commune="LUNAY", loyer_mensuel="900"),
             "emplois": [emploi(commune_travail="BOURG-LUNE")]}
    return [
        [inscription(date(2023, 6, 1), **ancre)],
        [inscription(date(2023, 6, 1), logement=logement("heberge_tiers", commune="LUNAY"),
                     emplois=[emploi("demandeur_emploi", depuis=date(2023, 1, 1))], ressources_mensuelles="700")],
        [inscription(date(2024, 3, 1), **ancre), validation("DALO", date(2024, 5, 2), fin_le=date(2024, 11, 30))],
    ]


@pytest.mark.parametrize("candidate", [
    avec_critere(VAL_DE_LUNE, "HABITE_TERRITOIRE", points={"type": "fixe", "points": 7}),  # the rubric's best changes
    avec_critere(VAL_DE_LUNE, "TRAVAILLE_TERRITOIRE", points={"type": "fixe", "points": 10}),  # a tie in the rubric
    sans_critere(avec_critere(VAL_DE_LUNE, "HEBERGE_TIERS", conditions=[
        {"type": "situation_logement", "parmi": ["heberge_tiers", "heberge_parents"]}]), "TAUX_EFFORT_ELEVE"),
    VAL_DE_LUNE.model_copy(update={"option_justificatif": 3}),  # shared criteria no longer comparable
])
def test_the_candidate_score_is_the_engines_at_every_date(candidate):
    adoption_lune = [adoption(VAL_DE_LUNE)]
    for historique in _histoires_lune():
        rangees = list(rejouer(ID, historique, Grilles(adoption_lune, LUNE, candidate), LUNE))
        assert rangees
        for rangee in rangees:
            attendue = coter(faits_au(historique, rangee.jour), candidate, rangee.jour)
            retenus: Counter = Counter()
            for c in attendue.contributions:
                if c.retenu:
                    retenus[c.critere] += c.points
            assert (rangee.candidate.total, dict(rangee.candidate.points)) == (attendue.total, dict(retenus)), rangee.jour
