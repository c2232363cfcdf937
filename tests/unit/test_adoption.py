"""The rules of adoption of a grid version (ADR 0005): a refusal names the rule and what is at fault."""

from __future__ import annotations

from datetime import date

import pytest

from domain.erreurs import CommandeInvalide, GrilleInvalide
from domain.grille.adoption import MAX_CRITERES_LOCAUX, maximum, verifier_adoption, verifier_desactivation
from domain.grille.historique import grille_en_vigueur
from domain.grille.modele import Nature, OptionJustificatif, Rubrique
from domain.grille.priorites import PRIORITES_LEGALES
from tests.unit.fabrique import (
    EPERNAY,
    adoption,
    avec_critere,
    desactivation,
    instant,
    sans_critere,
)

TERRITOIRE = "CA_EPERNAY"
LOCAL = "METIERS_EN_TENSION"


def fixe(points: int) -> dict:
    return {"type": "fixe", "points": points}


def refus(grille, historique=()) -> GrilleInvalide:
    with pytest.raises(GrilleInvalide) as exc:
        verifier_adoption(list(historique), adoption(grille), TERRITOIRE)
    return exc.value


def adoptee(grille, historique=()) -> None:
    verifier_adoption(list(historique), adoption(grille), TERRITOIRE)


def version(grille, nom: str, effet: date):
    return grille.model_copy(update={"version": nom, "effet_le": effet})


def avec_locaux(n: int):
    """Épernay with extra local criteria, copies of « métiers en tension », up to ``n`` in all."""
    locaux = [c for c in EPERNAY.criteres if c.nature is Nature.LOCAL]
    modele = EPERNAY.critere(LOCAL)
    extra = [modele.model_copy(update={"code": f"LOCAL_{i}"}) for i in range(n - len(locaux))]
    return EPERNAY.model_copy(update={"criteres": [*EPERNAY.criteres, *extra]})


# --- the Épernay grid and the rules on a version alone ----------------------------------------------


def test_the_epernay_grid_may_be_adopted_under_each_justificatif_option():
    for option in OptionJustificatif:
        adoptee(EPERNAY.model_copy(update={"option_justificatif": option}))


def test_a_grid_of_another_territory_is_refused():
    reims = EPERNAY.territoire.model_copy(update={"code": "CA_REIMS"})
    erreur = refus(EPERNAY.model_copy(update={"territoire": reims}))

    assert erreur.regle == "territoire"


def test_a_grid_whose_dalo_points_are_not_the_highest_is_refused_naming_the_rule():
    erreur = refus(avec_critere(EPERNAY, "HEBERGE_ETABLISSEMENT", points=fixe(25)))

    assert erreur.regle == "dalo_le_plus_eleve"
    assert str(erreur).startswith("Grille refusée (dalo_le_plus_eleve) : le DALO doit recevoir strictement plus")
    assert "HEBERGE_ETABLISSEMENT (25 points au plus)" in str(erreur)


def test_dalo_must_stay_highest_once_a_criterion_is_doubled_by_its_justificatif():
    erreur = refus(avec_critere(EPERNAY, "HEBERGE_TIERS", option_justificatif=3))

    assert erreur.regle == "dalo_le_plus_eleve"
    assert "HEBERGE_TIERS (40 points au plus)" in str(erreur)


def test_a_grid_that_drops_a_legal_priority_is_refused_naming_it():
    erreur = refus(sans_critere(EPERNAY, "HANDICAP"))

    assert erreur.regle == "priorites_legales"
    assert "priorité « handicap » non couverte (personnes en situation de handicap" in str(erreur)


@pytest.mark.parametrize(
    ("modification", "priorite"),
    [
        pytest.param({"points": fixe(0)}, "sans_logement", id="zero points"),
        pytest.param({"nature": "facultatif"}, "sans_logement", id="an optional criterion"),
    ],
)
def test_a_legal_priority_needs_a_mandatory_criterion_with_points(modification, priorite):
    erreur = refus(avec_critere(EPERNAY, "SANS_LOGEMENT", **modification))

    assert erreur.regle == "priorites_legales"
    assert f"priorité « {priorite} » non couverte" in str(erreur)


def test_an_unknown_legal_priority_is_refused():
    erreur = refus(avec_critere(EPERNAY, "CDD_INTERIM", priorite_legale="precarite"))

    assert erreur.regle == "priorites_legales"
    assert "CDD_INTERIM (priorité « precarite » inconnue)" in str(erreur)


def test_the_legal_priorities_are_the_sixteen_of_the_epernay_grid():
    codes = {c.priorite_legale for c in EPERNAY.criteres if c.priorite_legale}

    assert {p.code for p in PRIORITES_LEGALES} == codes
    assert len(PRIORITES_LEGALES) == 16


@pytest.mark.parametrize(
    ("critere", "modification", "en_cause"),
    [
        pytest.param("HABITE_COMMUNE", {"points": fixe(21)}, ["HABITE_COMMUNE (21 points au plus)"],
                     id="an optional criterion above the smallest mandatory maximum"),
        pytest.param("HABITE_COMMUNE", {"points": fixe(12), "option_justificatif": 3},
                     ["HABITE_COMMUNE (24 points au plus)"],
                     id="an optional criterion doubled by its justificatif"),
        pytest.param(LOCAL, {"points": fixe(21)}, [f"{LOCAL} (21 points au plus)"], id="a local criterion"),
        pytest.param("PREMIER_QUARTILE", {"points": fixe(14)},
                     ["HABITE_COMMUNE (15 points au plus)", "TRAVAILLE_COMMUNE (15 points au plus)"],
                     id="a mandatory criterion lowered under optional ones"),
    ],
)
def test_no_optional_or_local_criterion_may_outrank_a_mandatory_one(critere, modification, en_cause):
    erreur = refus(avec_critere(EPERNAY, critere, **modification))

    assert erreur.regle == "hierarchie_des_priorites"
    assert str(erreur).endswith("en cause : " + ", ".join(en_cause))


def test_an_optional_criterion_may_equal_the_smallest_mandatory_maximum():
    adoptee(avec_critere(EPERNAY, "HABITE_COMMUNE", points=fixe(20)))


def test_the_maximum_of_a_criterion_accounts_for_tiers_caps_and_option_3():
    anciennete, habite = EPERNAY.critere("ANCIENNETE"), EPERNAY.critere("HABITE_COMMUNE")
    doublee = EPERNAY.model_copy(update={"option_justificatif": OptionJustificatif.DOUBLES_AVEC})

    assert (maximum(EPERNAY, habite), maximum(doublee, habite)) == (15, 30)
    assert (maximum(EPERNAY, anciennete), maximum(doublee, anciennete)) == (5, 5), "no document expected"


def test_at_most_ten_local_criteria():
    adoptee(avec_locaux(MAX_CRITERES_LOCAUX))
    erreur = refus(avec_locaux(MAX_CRITERES_LOCAUX + 1))

    assert erreur.regle == "criteres_locaux_maximum"
    assert "au plus 10 critères locaux actifs (11 ici)" in str(erreur)


def test_criterion_codes_are_unique():
    grille = EPERNAY.model_copy(update={"criteres": [*EPERNAY.criteres, EPERNAY.critere("CDD_INTERIM")]})
    erreur = refus(grille)

    assert erreur.regle == "codes_uniques"
    assert "critère CDD_INTERIM en double" in str(erreur)


@pytest.mark.parametrize(
    ("critere", "modification", "regle", "en_cause"),
    [
        pytest.param("DALO", {"validation_par": None}, "etablissement", "DALO (validation_par manquant)",
                     id="a manual criterion says who validates it"),
        pytest.param("SECOND_PASSAGE_CALEOL", {"validation_par": None}, "etablissement",
                     "SECOND_PASSAGE_CALEOL (validation_par manquant)",
                     id="a criterion established by procedure events says who records them"),
        pytest.param("CDD_INTERIM", {"conditions": []}, "etablissement", "CDD_INTERIM (ni condition ni mesure)",
                     id="a criterion without condition nor measure would apply to all without a source"),
        pytest.param("CDD_INTERIM", {"conditions": [{"type": "validation_manuelle"}]}, "validation_manuelle",
                     "CDD_INTERIM", id="a manual condition on a computed criterion"),
        pytest.param("DALO", {"conditions": [{"type": "presence_mineur"}]}, "validation_manuelle", "DALO",
                     id="a manually validated criterion without its manual condition"),
        pytest.param("CDD_INTERIM", {"rubrique": "EMPLOI"}, "references", "CDD_INTERIM (rubrique EMPLOI non définie)",
                     id="an unknown rubric"),
    ],
)
def test_each_criterion_says_how_it_is_established_and_what_it_refers_to(critere, modification, regle, en_cause):
    erreur = refus(avec_critere(EPERNAY, critere, **modification))

    assert erreur.regle == regle
    assert str(erreur).endswith(f"en cause : {en_cause}")


def sans_parametre(nom: str):
    return EPERNAY.model_copy(update={"parametres": {k: v for k, v in EPERNAY.parametres.items() if k != nom}})


@pytest.mark.parametrize(
    ("parametre", "en_cause"),
    [
        pytest.param("seuil_2e_quartile", "DEUXIEME_QUARTILE (paramètre « seuil_2e_quartile » non défini)",
                     id="a bound of a condition"),
        pytest.param("normes_surface_m2", "SUROCCUPATION_MINEUR (paramètre « normes_surface_m2 » non défini), "
                     "SUROCCUPATION_SURFACE (paramètre « normes_surface_m2 » non défini)",
                     id="the surface norms overcrowding implies"),
        pytest.param("duree_malus_mois", "FAUSSE_DECLARATION (paramètre « duree_malus_mois » non défini)",
                     id="the duration of a malus"),
    ],
)
def test_every_parameter_used_is_defined(parametre, en_cause):
    erreur = refus(sans_parametre(parametre))

    assert erreur.regle == "references"
    assert str(erreur).endswith(f"en cause : {en_cause}")


def test_a_threshold_must_be_a_number_and_surface_norms_a_list():
    parametres = dict(EPERNAY.parametres)
    parametres["seuil_2e_quartile"], parametres["normes_surface_m2"] = (
        parametres["normes_surface_m2"], parametres["seuil_2e_quartile"])
    erreur = refus(EPERNAY.model_copy(update={"parametres": parametres}))

    assert "DEUXIEME_QUARTILE (le paramètre « seuil_2e_quartile » doit être un nombre)" in str(erreur)
    assert "SUROCCUPATION_SURFACE (le paramètre « normes_surface_m2 » doit être une liste)" in str(erreur)


def test_every_parameter_used_has_a_value_on_the_date_of_effect_of_the_version():
    erreur = refus(version(EPERNAY, "epernay-2021-01", date(2020, 12, 31)))

    assert erreur.regle == "references"
    assert "PREMIER_QUARTILE (le paramètre « seuil_1er_quartile » n'a pas de valeur au 31/12/2020)" in str(erreur)


def test_a_declared_rubric_may_group_criteria():
    grille = EPERNAY.model_copy(update={"rubriques": [Rubrique(code="EMPLOI", libelle="Emploi")]})
    adoptee(avec_critere(grille, "CDD_INTERIM", rubrique="EMPLOI"))


# --- rules against the history of the territory -----------------------------------------------------

V1 = adoption(EPERNAY)
V2 = version(EPERNAY, "epernay-2023-01", date(2023, 1, 1))


def test_a_later_version_that_keeps_its_local_criteria_unchanged_is_adopted():
    adoptee(avec_critere(V2, "CDD_INTERIM", points=fixe(3)), [V1])


def test_a_local_criterion_may_not_be_modified_by_a_later_version():
    erreur = refus(avec_critere(V2, LOCAL, points=fixe(4)), [V1])

    assert erreur.regle == "criteres_locaux_immuables"
    assert str(erreur).endswith(f"en cause : {LOCAL} (modifié)")


def test_a_local_criterion_may_not_be_dropped_by_a_later_version():
    erreur = refus(sans_critere(V2, LOCAL), [V1])

    assert erreur.regle == "criteres_locaux_immuables"
    assert str(erreur).endswith(f"en cause : {LOCAL} (supprimé)")


def test_a_deactivated_local_criterion_may_be_dropped_a_year_after_its_deactivation_not_before():
    historique = [V1, desactivation(LOCAL, date(2022, 1, 1))]

    trop_tot = sans_critere(version(EPERNAY, "epernay-2022-12", date(2022, 12, 31)), LOCAL)

    assert refus(trop_tot, historique).regle == "criteres_locaux_immuables"
    adoptee(sans_critere(V2, LOCAL), historique)


def test_a_deactivated_local_criterion_does_not_count_among_the_ten():
    grille = version(avec_locaux(MAX_CRITERES_LOCAUX + 1), "epernay-2023-01", date(2023, 1, 1))

    adoptee(grille, [V1, desactivation(LOCAL, date(2022, 6, 1))])


def test_a_new_version_may_not_take_effect_before_the_latest_one():
    erreur = refus(version(EPERNAY, "epernay-2021-11", date(2021, 11, 1)), [V1])

    assert erreur.regle == "pas_de_retroactivite"
    assert "version epernay-2021-12 en vigueur depuis le 01/12/2021, nouvelle version au 01/11/2021" in str(erreur)


def test_an_adopted_version_is_not_adopted_again():
    assert refus(EPERNAY, [V1]).regle == "version_nouvelle"


def test_a_separate_grid_for_mutations_keeps_its_own_local_criteria():
    premier_acces = EPERNAY.model_copy(update={"s_applique_a": ["premiere_demande"]})
    mutations = sans_critere(version(premier_acces, "epernay-mutations-2021-11", date(2021, 11, 1)), LOCAL)

    adoptee(mutations.model_copy(update={"s_applique_a": ["mutation"]}), [adoption(premier_acces)])


# --- deactivation of a local criterion ---------------------------------------------------------------


def test_a_local_criterion_is_deactivated_from_its_date_across_later_versions():
    historique = [V1, desactivation(LOCAL, date(2022, 6, 1)), adoption(V2, date(2022, 11, 1))]

    assert LOCAL not in grille_en_vigueur(historique, date(2022, 5, 31)).inactifs
    assert LOCAL in grille_en_vigueur(historique, date(2022, 6, 1)).inactifs
    assert LOCAL in grille_en_vigueur(historique, date(2023, 1, 1)).inactifs
    assert LOCAL not in grille_en_vigueur(historique, date(2022, 7, 1), connu_le=instant(date(2022, 5, 31))).inactifs


def test_a_known_local_criterion_may_be_deactivated():
    verifier_desactivation([V1], desactivation(LOCAL, date(2022, 6, 1)))


@pytest.mark.parametrize(
    ("historique", "critere", "effet", "message"),
    [
        pytest.param([V1], "INCONNU", date(2022, 6, 1), "n'est pas un critère local d'une grille adoptée",
                     id="an unknown criterion"),
        pytest.param([V1], "HABITE_COMMUNE", date(2022, 6, 1), "seuls les critères locaux se désactivent",
                     id="an optional criterion"),
        pytest.param([V1, desactivation(LOCAL, date(2022, 6, 1))], LOCAL, date(2022, 7, 1),
                     "déjà désactivé depuis le 01/06/2022", id="a criterion already deactivated"),
        pytest.param([V1], LOCAL, date(2021, 11, 30), "ne peut précéder son adoption (01/12/2021)",
                     id="a deactivation before the adoption"),
    ],
)
def test_a_deactivation_is_refused_for(historique, critere, effet, message):
    with pytest.raises(CommandeInvalide, match=message.replace("(", r"\(").replace(")", r"\)")):
        verifier_desactivation(historique, desactivation(critere, effet))
