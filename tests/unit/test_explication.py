"""The explanation given to the demandeur: facts and dates behind each point, what to do, caveats."""

from __future__ import annotations

from datetime import date, datetime, time, timezone
from decimal import Decimal
from uuid import uuid4

import pytest

from adapters.grilles import charger, livree
from domain.cotation.moteur import coter
from domain.demande.evenements import (
    CritereValide,
    DemandeEnregistree,
    JustificatifDepose,
    JustificatifValide,
    SituationDeclaree,
)
from domain.demande.faits import faits_au
from domain.explication import AVERTISSEMENT, TypePiste, en_texte, expliquer
from domain.grille.modele import GrilleVersion, OptionJustificatif, ValeurDatee

EPERNAY = charger(livree("epernay-2021-12"))
AGENT = {"type": "agent", "agent_id": "AG-01", "guichet_id": "MAIRIE-EPERNAY"}
JUSTIFICATIF = uuid4()


def evenement(classe, effet: date, enregistre: date | None = None, acteur=None, **champs):
    return classe.creer(
        evenement_id=uuid4(),
        effet_le=effet,
        enregistre_le=datetime.combine(enregistre or effet, time(9), tzinfo=timezone.utc),
        acteur=acteur or {"type": "demandeur"},
        **champs,
    )


def enregistrement(ressources: str = "600", logement: str = "heberge_tiers") -> DemandeEnregistree:
    return evenement(
        DemandeEnregistree,
        date(2021, 3, 1),
        numero_unique="051210300001230EPE",
        date_premiere_inscription=date(2021, 3, 1),
        canal="portail",
        situation={
            "type_demande": "premiere_demande",
            "menage": [{"role": "demandeur", "date_naissance": "1980-05-10"}],
            "ressources_mensuelles": ressources,
            "logement": {"situation": logement, "commune": "AY-CHAMPAGNE"},
            "emplois": [{"titulaire": "demandeur", "statut": "cdi"}],
            "souhaits": [{"commune": "EPERNAY", "typologie": "T2"}],
        },
    )


def expliquer_au(evenements, jour: date, grille: GrilleVersion = EPERNAY, inactifs=()):
    faits = faits_au(evenements, jour)
    return expliquer(coter(faits, grille, jour, inactifs=inactifs), faits, grille, inactifs)


def ligne(explication, code: str):
    return next(c for c in explication.criteres if c.critere == code)


def pistes(explication, type_piste: TypePiste):
    return [p for p in explication.pistes if p.type is type_piste]


def avec_option(option: OptionJustificatif) -> GrilleVersion:
    return EPERNAY.model_copy(update={"option_justificatif": option})


def test_each_point_comes_with_its_fact_and_the_dates_of_the_event_behind_it():
    changement = evenement(
        SituationDeclaree, date(2022, 1, 10), date(2022, 1, 14), situation={"logement": {"situation": "sans_logement"}}
    )
    explication = expliquer_au([enregistrement(), changement], date(2022, 2, 1))

    assert explication.total == 20 + 20  # 1er quartile, sans logement (ancienneté under a year: 0)
    sans_logement = ligne(explication, "SANS_LOGEMENT")
    assert sans_logement.points == 20
    assert "sans logement ni hébergement" in sans_logement.constat
    origine = sans_logement.origines[0]
    assert (origine.effet_le, origine.enregistre_le) == (date(2022, 1, 10), date(2022, 1, 14))
    assert origine.par == "le demandeur"
    assert "effectif le 10/01/2022, enregistré le 14/01/2022 par le demandeur" in en_texte(explication)


def test_the_effect_of_the_justificatif_option_is_given_for_each_criterion():
    explication = expliquer_au([enregistrement()], date(2022, 2, 1))

    assert all("option 1" in c.justificatif for c in explication.criteres)
    assert not pistes(explication, TypePiste.JUSTIFICATIF)


def test_under_option_2_a_criterion_without_validated_document_asks_for_the_expected_document():
    explication = expliquer_au([enregistrement()], date(2022, 2, 1), avec_option(OptionJustificatif.SEULEMENT_AVEC))

    assert ligne(explication, "PREMIER_QUARTILE").points == 0
    (piste,) = [p for p in pistes(explication, TypePiste.JUSTIFICATIF) if p.criteres == ["PREMIER_QUARTILE"]]
    assert "avis d'imposition" in piste.texte


def test_under_option_3_the_document_would_double_the_points_and_a_pending_one_is_mentioned():
    depot = evenement(
        JustificatifDepose, date(2022, 1, 20), justificatif_id=JUSTIFICATIF, critere="PREMIER_QUARTILE",
        type_piece="avis d'imposition 2021",
    )
    grille = avec_option(OptionJustificatif.DOUBLES_AVEC)
    explication = expliquer_au([enregistrement(), depot], date(2022, 2, 1), grille)

    (piste,) = [p for p in pistes(explication, TypePiste.JUSTIFICATIF) if p.criteres == ["PREMIER_QUARTILE"]]
    assert "20 points → 40 points" in piste.texte
    assert "déposée le 20/01/2022 est en cours d'examen" in piste.texte


def test_a_validated_document_removes_the_request_for_it():
    depot = evenement(
        JustificatifDepose, date(2022, 1, 20), justificatif_id=JUSTIFICATIF, critere="PREMIER_QUARTILE",
        type_piece="avis d'imposition 2021",
    )
    validation = evenement(JustificatifValide, date(2022, 1, 25), acteur=AGENT, justificatif_id=JUSTIFICATIF)
    grille = avec_option(OptionJustificatif.DOUBLES_AVEC)
    explication = expliquer_au([enregistrement(), depot, validation], date(2022, 2, 1), grille)

    assert ligne(explication, "PREMIER_QUARTILE").points == 40
    assert not [p for p in pistes(explication, TypePiste.JUSTIFICATIF) if p.criteres == ["PREMIER_QUARTILE"]]


def test_manual_criteria_not_granted_are_pointed_to_the_guichet_and_granted_or_inactive_ones_are_not():
    dalo = evenement(CritereValide, date(2022, 1, 5), acteur=AGENT, motif="Décision favorable de la commission DALO",
                     critere="DALO")
    explication = expliquer_au([enregistrement(), dalo], date(2022, 2, 1), inactifs=["METIERS_EN_TENSION"])

    guichet = {code for p in pistes(explication, TypePiste.GUICHET) for code in p.criteres}
    assert {"LOGEMENT_INDIGNE", "VIOLENCES_COUPLE", "ELOIGNEMENT_TRAVAIL"} <= guichet
    assert "DALO" not in guichet and "METIERS_EN_TENSION" not in guichet
    assert ligne(explication, "DALO").origines[0].par == "l'agent AG-01 (guichet MAIRIE-EPERNAY)"


def test_a_change_of_situation_is_suggested_with_the_computed_criteria_not_met():
    explication = expliquer_au([enregistrement()], date(2022, 2, 1))

    (piste,) = pistes(explication, TypePiste.CHANGEMENT_SITUATION)
    assert "HEBERGE_TIERS" not in piste.criteres
    assert {"SANS_LOGEMENT", "HANDICAP"} <= set(piste.criteres)
    assert "déclarez-le" in piste.texte


def test_provisional_parameter_values_are_said_to_be_provisional():
    explication = expliquer_au([enregistrement(ressources="1000")], date(2022, 2, 1))

    deuxieme = ligne(explication, "DEUXIEME_QUARTILE")
    assert {v.parametre for v in deuxieme.provisoires} == {
        "seuil du 1er quartile de ressources",  # 2022: the 2021 value carried over until the order is known
        "seuil du 2e quartile de ressources (médiane)",
    }
    assert not ligne(explication, "ANCIENNETE").provisoires
    assert len(explication.provisoires) == 2
    assert "valeur provisoire à confirmer" in en_texte(explication)


def test_time_driven_changes_are_announced_with_their_date():
    dalo = evenement(CritereValide, date(2022, 1, 5), acteur=AGENT, motif="Décision DALO", critere="DALO",
                     fin_le=date(2022, 6, 30))
    explication = expliquer_au([enregistrement(), dalo], date(2022, 2, 1))

    changements = [(e.le, e.critere, e.avant, e.apres) for e in explication.evolutions]
    assert changements == [(date(2022, 3, 1), "ANCIENNETE", 0, 2), (date(2022, 7, 1), "DALO", 25, 0)]
    assert explication.evolutions_jusqu_au == date(2023, 2, 1)


def test_announced_changes_stop_where_the_grid_has_no_parameter_value_yet():
    explication = expliquer_au([enregistrement()], date(2026, 6, 1))

    assert explication.evolutions_jusqu_au == date(2026, 12, 31)


@pytest.mark.parametrize("jour", [date(2021, 12, 1), date(2024, 3, 15)])
def test_the_text_reminds_that_the_score_is_an_aid_to_decision(jour):
    texte = en_texte(expliquer_au([enregistrement()], jour))

    assert texte.startswith(f"Cotation de votre demande au {jour:%d/%m/%Y}")
    assert AVERTISSEMENT in texte
    assert "PPGD, section 9" in texte


def test_a_new_parameter_value_is_announced_on_the_day_it_takes_effect():
    seuil = EPERNAY.parametres["seuil_1er_quartile"]
    abaisse = seuil.model_copy(update={"valeurs": [
        ValeurDatee(du=date(2021, 1, 1), au=date(2022, 5, 31), valeur=Decimal(725), source="arrêté 2021"),
        ValeurDatee(du=date(2022, 6, 1), valeur=Decimal(500), source="arrêté fictif de 2022"),
    ]})
    grille = EPERNAY.model_copy(update={"parametres": {**EPERNAY.parametres, "seuil_1er_quartile": abaisse}})

    explication = expliquer_au([enregistrement()], date(2022, 2, 1), grille)

    assert [(e.le, e.critere, e.avant, e.apres) for e in explication.evolutions] == [
        (date(2022, 3, 1), "ANCIENNETE", 0, 2),
        (date(2022, 6, 1), "PREMIER_QUARTILE", 20, 0),
        (date(2022, 6, 1), "DEUXIEME_QUARTILE", 0, 5),
    ]
