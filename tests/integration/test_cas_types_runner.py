"""The cas-types runner itself: a wrong figure fails readably, a bad file gets a French error
naming the file and the field, a grid file of another territory works, and the command exits 1
on any failure."""

from __future__ import annotations

import tempfile
from datetime import date, timedelta
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from adapters.cas_types.chargement import ScenarioInvalide, charger
from adapters.cas_types.commande import app
from adapters.cas_types.execution import executer
from adapters.cas_types.rapport import texte
from adapters.grilles import livree, lire

RESSOURCES = Path(__file__).parents[1] / "cas_types" / "epernay" / "ressources.yaml"


def _copie_modifiee(tmp_path: Path) -> Path:
    """ressources.yaml with one expected figure changed: 1st quartile at the threshold, 21 points."""
    donnees = yaml.safe_load(RESSOURCES.read_text(encoding="utf-8"))
    assert donnees["cas"][0]["nom"] == "premier-quartile-au-seuil"
    donnees["cas"][0]["attentes"][0]["contributions"]["PREMIER_QUARTILE"] = 21
    chemin = tmp_path / "ressources-fausse.yaml"
    chemin.write_text(yaml.safe_dump(donnees, allow_unicode=True), encoding="utf-8")
    return chemin


def test_un_chiffre_attendu_faux_fait_echouer_le_cas_avec_une_difference_lisible(tmp_path):
    resultats = executer(_copie_modifiee(tmp_path))

    echoues = [r for r in resultats if not r.reussi]
    assert [r.nom for r in echoues] == ["premier-quartile-au-seuil"]
    rapport = texte(echoues[0])
    assert "[ÉCHEC] demande A au 15/12/2021" in rapport
    assert "PREMIER_QUARTILE : attendu 21 points, obtenu 20 points" in rapport
    assert "règle appliquée : ressources 725 € par mois pour 1 UC, soit 725 €/UC/mois ≤ 725" in rapport
    assert all(r.reussi for r in resultats if r is not echoues[0])


_VALIDE = """
grille: {livree: epernay-2021-12}
cas:
  - nom: essai
    description: Un cas minimal pour les erreurs de format.
    evenements:
      - {type: demande_enregistree, demande: A, effet_le: 2021-12-01, date_premiere_inscription: 2021-12-01,
         canal: portail, situation: {type_demande: premiere_demande, menage: [{role: demandeur, date_naissance: 1980-06-15}],
         ressources_mensuelles: 700, logement: {situation: heberge_tiers}, emplois: [], souhaits: [{commune: EPERNAY, typologie: T2}]}}
    attentes:
      - {demande: A, le: 2021-12-15, total: 40}
"""


@pytest.mark.parametrize(
    ("remplacer", "par", "attendu"),
    [
        ("effet_le: 2021-12-01,", "effet_le: le 1er décembre,", "cas.0.evenements.0.effet_le : date invalide"),
        ("effet_le: 2021-12-01,", "effet_le: 2021-13-01,", "YAML illisible : valeur impossible"),
        ("total: 40}", "totale: 40}", "cas.0.attentes.0.totale : champ inconnu"),
        ("type: demande_enregistree", "type: inscription", "type d'événement inconnu : « inscription »"),
        ("{livree: epernay-2021-12}", "{livree: epernay-1999}", "grille livrée inconnue : epernay-1999"),
        ("{livree: epernay-2021-12}", "{fichier: absente.yaml}", "grille.fichier : fichier introuvable"),
        ("{livree: epernay-2021-12}", "{livree: epernay-2021-12, option_justificatif: 4}", "option_justificatif : valeur non reconnue"),
        ("demande: A, le:", "demande: B, le:", "attente sur une demande non enregistrée : B"),
        ("    attentes:", "      - {type: justificatif_valide, demande: A, effet_le: 2021-12-02, justificatif: avis}\n    attentes:",
         "justificatif « avis » inconnu : déposez-le d'abord"),
        ("    attentes:", "      - {type: situation_declaree, demande: A, effet_le: 2021-12-02, enregistre_le: 2021-12-01T08:00:00}\n    attentes:",
         "les événements s'écrivent dans l'ordre de leur enregistrement"),
        ("nom: essai", "nom: [essai", "YAML illisible à la ligne"),
    ],
)
def test_un_fichier_invalide_donne_une_erreur_en_francais_qui_nomme_le_fichier_et_le_champ(tmp_path, remplacer, par, attendu):
    chemin = tmp_path / "invalide.yaml"
    assert remplacer in _VALIDE
    chemin.write_text(_VALIDE.replace(remplacer, par), encoding="utf-8")

    with pytest.raises(ScenarioInvalide) as erreur:
        charger(chemin)

    assert str(chemin) in erreur.value.message
    assert attendu in erreur.value.message


def test_le_fichier_minimal_est_valide_et_passe(tmp_path):
    chemin = tmp_path / "valide.yaml"
    chemin.write_text(_VALIDE, encoding="utf-8")
    assert [r.reussi for r in executer(chemin)] == [True]


def test_un_critere_inconnu_de_la_grille_fait_echouer_le_cas(tmp_path):
    chemin = tmp_path / "coquille.yaml"
    chemin.write_text(_VALIDE.replace("total: 40}", "total: 40, absents: [PREMIER_QUARTIL]}"), encoding="utf-8")

    [resultat] = executer(chemin)

    assert not resultat.reussi
    assert "critère inconnu de la grille epernay-2021-12 : PREMIER_QUARTIL" in (resultat.erreur or "")


def test_la_grille_d_un_autre_territoire_se_lit_depuis_un_fichier_voisin(tmp_path):
    grille = lire(livree("epernay-2021-12"))
    grille["territoire"] = {**grille["territoire"], "code": "CC_EXEMPLE", "libelle": "Communauté de communes d'exemple"}
    grille["version"] = "exemple-2021-12"
    (tmp_path / "grilles").mkdir()
    (tmp_path / "grilles" / "exemple.yaml").write_text(yaml.safe_dump(grille, allow_unicode=True), encoding="utf-8")
    chemin = tmp_path / "cas" / "exemple.yaml"
    chemin.parent.mkdir()
    chemin.write_text(_VALIDE.replace("{livree: epernay-2021-12}", "{fichier: ../grilles/exemple.yaml}"), encoding="utf-8")

    assert [r.reussi for r in executer(chemin)] == [True]


def test_un_evenement_refuse_sans_refus_attendu_interrompt_le_cas(tmp_path):
    chemin = tmp_path / "refus.yaml"
    rectification = "      - {type: situation_rectifiee, demande: A, effet_le: 2021-12-02, situation: {ressources_mensuelles: 900}}\n"
    chemin.write_text(_VALIDE.replace("    attentes:", rectification + "    attentes:"), encoding="utf-8")

    [resultat] = executer(chemin)

    assert not resultat.reussi
    assert "événement n°2 (situation_rectifiee, demande A) refusé" in (resultat.erreur or "")
    assert "un motif est obligatoire" in (resultat.erreur or "")


def test_la_commande_run_rapporte_en_francais_et_sort_en_1_au_moindre_echec(tmp_path):
    runner = CliRunner()

    reussite = runner.invoke(app, ["run", str(RESSOURCES)])
    echec = runner.invoke(app, ["run", str(_copie_modifiee(tmp_path))])
    (tmp_path / "invalide.yaml").write_text("cas: []\n", encoding="utf-8")
    invalide = runner.invoke(app, ["run", str(tmp_path / "invalide.yaml")])

    assert reussite.exit_code == 0, reussite.output
    assert "6 cas : 6 réussi(s), 0 en échec" in reussite.output
    assert echec.exit_code == 1
    assert "PREMIER_QUARTILE : attendu 21 points, obtenu 20 points" in echec.output
    assert "1 en échec" in echec.output
    assert invalide.exit_code == 1
    assert "[fichier invalide]" in invalide.output and "cas : liste trop courte" in invalide.output


# --- the lifecycle: aliases of malus, sweeps of the scheduler, events as written ------------------

_MALUS = """
grille: {livree: epernay-2021-12}
cas:
  - nom: malus
    description: Un malus envisagé, appliqué sans acteur écrit, puis expiré par le planificateur.
    evenements:
      - {type: demande_enregistree, demande: A, effet_le: 2021-12-01, date_premiere_inscription: 2021-12-01,
         canal: portail, situation: {type_demande: premiere_demande, menage: [{role: demandeur, date_naissance: 1980-06-15}],
         ressources_mensuelles: 2000, logement: {situation: heberge_tiers}, emplois: [], souhaits: [{commune: EPERNAY, typologie: T2}]}}
      - {type: malus_envisage, demande: A, effet_le: 2022-01-10, malus: m1, type_malus: FAUSSE_DECLARATION, motif: Pièce douteuse,
         ecrit_avec: {fin_periode_contradictoire: 2022-01-24}}
      - {balayage: 2022-01-25, ecrits: [{type: periode_contradictoire_echue, demande: A, effet_le: 2022-01-25, malus: m1}]}
      - {type: malus_applique, demande: A, effet_le: 2022-01-27, malus: m1, motif: Pièce falsifiée, ecrit_avec: {points: -10}}
      - {type: demande_renouvelee, demande: A, effet_le: 2022-11-20}
      - {balayage: 2023-01-27, ecrits: [{type: malus_expire, demande: A, effet_le: 2023-01-27, malus: m1}]}
      - {balayage: 2023-01-28, ecrits: []}
    attentes:
      - {demande: A, le: 2022-01-27, total: 10, contributions: {FAUSSE_DECLARATION: -10}}
"""
_ENVISAGE = "      - {type: malus_envisage, demande: A, effet_le: 2022-01-10, malus: m1,"


def _ecrire(tmp_path: Path, texte: str) -> Path:
    chemin = tmp_path / "cycle.yaml"
    chemin.write_text(texte, encoding="utf-8")
    return chemin


def _variante(tmp_path: Path, modele: str, remplacer: str, par: str) -> Path:
    """``modele`` with its one occurrence of ``remplacer`` changed, written to a file."""
    assert modele.count(remplacer) == 1
    return _ecrire(tmp_path, modele.replace(remplacer, par))


def _rapport_d_echec(chemin: Path) -> str:
    """The French report of the file's one case, which must fail."""
    [resultat] = executer(chemin)
    assert not resultat.reussi
    return texte(resultat)


def _refus_a_la_lecture(chemin: Path) -> str:
    """The French message refusing the file on reading, which names it."""
    with pytest.raises(ScenarioInvalide) as erreur:
        charger(chemin)
    assert str(chemin) in erreur.value.message
    return erreur.value.message


def test_un_cas_de_malus_avec_balayages_passe_et_l_agent_par_defaut_a_l_habilitation_requise(tmp_path):
    [resultat] = executer(_ecrire(tmp_path, _MALUS))

    assert resultat.reussi, texte(resultat)
    assert "balayage du 25/01/2022 à 12:00 UTC (étape n°3)" in texte(resultat)
    assert "événement n°2 (malus_envisage, demande A) tel qu'écrit" in texte(resultat)


@pytest.mark.parametrize(
    ("remplacer", "par", "attendus"),
    [
        (
            "{balayage: 2023-01-28, ecrits: []}",
            "{balayage: 2023-01-28, ecrits: [{type: malus_expire, demande: A, effet_le: 2023-01-28, malus: m1}]}",
            ["événement : attendu malus_expire, demande A, effectif le 28/01/2023, obtenu absent",
             "le balayage n'a rien écrit"],
        ),
        (
            "{balayage: 2023-01-27, ecrits: [{type: malus_expire, demande: A, effet_le: 2023-01-27, malus: m1}]}",
            "{balayage: 2023-01-27, ecrits: []}",
            ["[ÉCHEC] balayage du 27/01/2023 à 12:00 UTC (étape n°6) : événements écrits",
             "événement : attendu aucun autre, obtenu malus_expire, demande A, effectif le 27/01/2023"],
        ),
        (
            "effet_le: 2022-01-25, malus: m1}]}",
            "effet_le: 2022-01-25, malus: m1, demande_modifiee: true}]}",
            ["attendu periode_contradictoire_echue, demande A, effectif le 25/01/2022, obtenu absent",
             "écrits : periode_contradictoire_echue, demande A, effectif le 25/01/2022"],
        ),
        (
            "ecrit_avec: {points: -10}",
            "ecrit_avec: {points: -12, expire_le: 2023-01-26}",
            ["[ÉCHEC] événement n°4 (malus_applique, demande A) tel qu'écrit",
             "points : attendu -12, obtenu -10", "expire_le : attendu 26/01/2023, obtenu 27/01/2023"],
        ),
    ],
)
def test_un_ecart_sur_les_evenements_ecrits_fait_echouer_le_cas_lisiblement(tmp_path, remplacer, par, attendus):
    rapport = _rapport_d_echec(_variante(tmp_path, _MALUS, remplacer, par))

    for attendu in attendus:
        assert attendu in rapport


def test_un_acteur_incomplet_prend_les_identifiants_par_defaut_et_garde_ses_habilitations(tmp_path):
    sans_habilitation = _MALUS.replace(
        "malus: m1, motif: Pièce falsifiée,",
        "malus: m1, motif: Pièce falsifiée, acteur: {type: agent, habilitations: [recours]},",
    )

    [resultat] = executer(_ecrire(tmp_path, sans_habilitation))

    assert "événement n°4 (malus_applique, demande A) refusé : seul un agent habilité « malus »" in (resultat.erreur or "")


@pytest.mark.parametrize(
    ("remplacer", "par", "attendu"),
    [
        ("malus: m1, motif: Pièce falsifiée", "motif: Pièce falsifiée",
         "« malus » (un alias) est obligatoire pour malus_applique"),
        ("malus: m1, motif: Pièce falsifiée", "malus: m9, motif: Pièce falsifiée",
         "malus « m9 » inconnu : envisagez-le (malus_envisage) d'abord pour cette demande"),
        ("{type: demande_renouvelee, demande: A, effet_le: 2022-11-20}",
         "{type: demande_renouvelee, demande: A, effet_le: 2022-11-20, malus: m1}",
         "« malus » ne s'emploie pas pour demande_renouvelee"),
        ("{balayage: 2022-01-25,", _ENVISAGE[8:] + " type_malus: FAUSSE_DECLARATION, motif: Autre}\n      - {balayage: 2022-01-25,",
         "malus « m1 » déjà défini plus haut (malus_envisage)"),
        ("malus: m1, motif: Pièce falsifiée", f"malus_id: {'0' * 32}, malus: m1, motif: Pièce falsifiée",
         "champ fixé par le lanceur, à ne pas écrire : malus_id"),
        ("{balayage: 2022-01-25,", "{balayage: 2022-01-09,",
         "cas malus, étape n°3 (balayage) : à 09/01/2022 12:00 UTC, avant l'étape précédente"),
        ("{balayage: 2023-01-28, ecrits: []}", "{balayage: 2023-01-28, ecrits: [{type: malus_expire, demande: B, effet_le: 2023-01-28}]}",
         "demande « B » inconnue"),
        ("{balayage: 2023-01-28, ecrits: []}", "{balayage: 2023-01-28, ecrit: []}",
         "cas.0.evenements.6.ecrit : champ inconnu"),
        ("{balayage: 2023-01-28, ecrits: []}", "{balayage: 2023-01-28, ecrits: [{type: malus_expire, demande: A, effet_le: 2023-01-28, jour: 2}]}",
         "champ inconnu de malus_expire : jour"),
        ("ecrit_avec: {points: -10}", "ecrit_avec: {points: -10}, refus_attendu: déjà",
         "« ecrit_avec » ne va pas avec « refus_attendu »"),
        ("ecrit_avec: {points: -10}", "ecrit_avec: {duree: 12}",
         "« ecrit_avec » : champ inconnu de malus_applique : duree"),
    ],
)
def test_une_reference_ou_un_balayage_mal_ecrit_est_refuse_a_la_lecture(tmp_path, remplacer, par, attendu):
    assert attendu in _refus_a_la_lecture(_variante(tmp_path, _MALUS, remplacer, par))


# --- adoption of further grid versions during a case ----------------------------------------------

def _revision() -> Path:
    """A fictional revision of the Épernay grid, written as a file (the `fichier` path of adoptions)."""
    grille = lire(livree("epernay-2021-12"))
    grille.update(version="epernay-revision-test", effet_le=date(2022, 7, 1))
    habite = next(c for c in grille["criteres"] if c["code"] == "HABITE_COMMUNE")
    habite["points"] = {"type": "fixe", "points": 12}
    chemin = Path(tempfile.mkdtemp()) / "epernay-revision-test.yaml"
    chemin.write_text(yaml.safe_dump(grille, allow_unicode=True), encoding="utf-8")
    return chemin


REVISION = _revision()
_ADOPTION = _VALIDE.replace("    attentes:", f"""      - adoption: {{fichier: {REVISION}}}
        enregistre_le: 2022-06-15
    attentes:""").replace(
    "      - {demande: A, le: 2021-12-15, total: 40}",
    """      - {demande: A, le: 2022-06-30, total: 40, contributions: {HEBERGE_TIERS: 20, PREMIER_QUARTILE: 20}}
      - {demande: A, le: 2022-07-01, connu_le: 2022-06-14, total: 40}
      - {demande: A, le: 2022-07-01, total: 40}""",
)


def test_une_adoption_en_cours_de_cas_passe_par_les_regles_de_l_application(tmp_path):
    [resultat] = executer(_ecrire(tmp_path, _ADOPTION))

    assert resultat.reussi, texte(resultat)


@pytest.mark.parametrize(
    ("remplacer", "par", "attendus"),
    [
        (
            "enregistre_le: 2022-06-15\n",
            "enregistre_le: 2022-06-15\n        refus_attendu: pas_de_retroactivite\n",
            ["[ÉCHEC] refus de l'adoption de grille (étape n°2)",
             "refus : attendu un refus contenant « pas_de_retroactivite », obtenu accepté"],
        ),
        (
            f"{{fichier: {REVISION}}}",
            f"{{fichier: {REVISION}, effet_le: 2021-11-01}}\n        refus_attendu: criteres_locaux_immuables",
            ["refus : attendu un refus contenant « criteres_locaux_immuables », obtenu « Grille refusée "
             "(pas_de_retroactivite) : une nouvelle version ne peut prendre effet avant la dernière version adoptée"],
        ),
        (
            "total: 40, contributions",
            "total: 40, absents: [PREMIER_QUARTIL], contributions",
            ["critère inconnu de la grille epernay-2021-12, epernay-revision-test : PREMIER_QUARTIL"],
        ),
    ],
)
def test_un_ecart_sur_une_adoption_fait_echouer_le_cas_lisiblement(tmp_path, remplacer, par, attendus):
    rapport = _rapport_d_echec(_variante(tmp_path, _ADOPTION, remplacer, par))

    for attendu in attendus:
        assert attendu in rapport


def test_une_adoption_refusee_sans_refus_attendu_interrompt_le_cas_sans_rien_ecrire(tmp_path):
    local_modifie = f"{{fichier: {REVISION}, criteres: {{INSERTION_PROFESSIONNELLE: {{libelle: Insertion}}}}}}"

    [resultat] = executer(_ecrire(tmp_path, _ADOPTION.replace(f"{{fichier: {REVISION}}}", local_modifie)))

    assert resultat.erreur == (
        "adoption de grille (étape n°2) refusée : Grille refusée (criteres_locaux_immuables) : un critère local "
        "adopté n'est ni modifié ni supprimé : il est seulement désactivé, puis peut être retiré d'une version "
        "prenant effet 12 mois au moins après sa désactivation ; en cause : INSERTION_PROFESSIONNELLE (modifié)"
    )


@pytest.mark.parametrize(
    ("remplacer", "par", "attendu"),
    [
        ("        enregistre_le: 2022-06-15\n", "", "cas.0.evenements.1.enregistre_le : champ obligatoire"),
        ("enregistre_le: 2022-06-15", "enregistre_le: 2021-11-30",
         "cas essai, étape n°2 (adoption) : à 30/11/2021 12:00 UTC, avant l'étape précédente"),
        (f"{{fichier: {REVISION}}}", f"{{fichier: {REVISION}, jour: 2}}", "cas.0.evenements.1.adoption.jour : champ inconnu"),
        (f"{{fichier: {REVISION}}}", "{fichier: absente.yaml}", "grille.fichier : fichier introuvable"),
        (f"{{fichier: {REVISION}}}", f"{{fichier: {REVISION}, criteres: {{HABITE_COMUNE: {{points: 3}}}}}}",
         "grille.criteres : critère inconnu de la grille epernay-revision-test : HABITE_COMUNE"),
        (f"{{fichier: {REVISION}}}", f"{{fichier: {REVISION}, criteres: {{HABITE_COMMUNE: {{points: douze}}}}}}",
         "grille.criteres.HABITE_COMMUNE : Données invalides — points : valeur invalide"),
        (f"{{fichier: {REVISION}}}", f"{{fichier: {REVISION}, version: Révision}}",
         "grille epernay-revision-test modifiée : Données invalides — version : format invalide"),
        (f"{{fichier: {REVISION}}}", "{fichier: illisible.yaml}", "grille illisible.yaml : Grille refusée (format)"),
    ],
)
def test_une_adoption_mal_ecrite_est_refusee_a_la_lecture(tmp_path, remplacer, par, attendu):
    (tmp_path / "illisible.yaml").write_text("version: [\n", encoding="utf-8")

    assert attendu in _refus_a_la_lecture(_variante(tmp_path, _ADOPTION, remplacer, par))



# --- the expected grid version, and the replay of a candidate grid --------------------------------

#: The revision adopted, then a candidate (the revision with « hébergé par des tiers » at 23
#: points instead of 20) replayed at two dates: +3 points at both, whichever version is in force.
_REJEU = _ADOPTION.replace(
    "        enregistre_le: 2022-06-15\n",
    "        enregistre_le: 2022-06-15\n      - {balayage: 2022-08-01, ecrits: []}\n",
).replace(
    "      - {demande: A, le: 2022-07-01, total: 40}\n",
    f"""      - {{demande: A, le: 2022-07-01, grille: epernay-revision-test, total: 40}}
    rejeu:
      candidate: {{fichier: {REVISION}, criteres: {{HEBERGE_TIERS: {{points: {{type: fixe, points: 23}}}}}}}}
      dates: [2022-06-01, 2022-08-01]
      ecarts:
        A: {{2022-06-01: 3, 2022-08-01: 3}}
""",
)


def test_un_rejeu_de_candidate_et_la_grille_attendue_passent(tmp_path):
    [resultat] = executer(_ecrire(tmp_path, _REJEU))

    assert resultat.reussi, texte(resultat)
    assert "[réussi] rejeu de la grille candidate epernay-revision-test aux 01/06/2022, 01/08/2022" in texte(resultat)


@pytest.mark.parametrize(
    ("remplacer", "par", "attendus"),
    [
        (
            "A: {2022-06-01: 3, 2022-08-01: 3}",
            "A: {2022-06-01: 3, 2022-08-01: 5}",
            ["[ÉCHEC] rejeu de la grille candidate epernay-revision-test aux 01/06/2022, 01/08/2022",
             "demande A au 01/08/2022 : attendu +5 points, obtenu +3 points",
             "score en vigueur 40, candidate 43 ; critères modifiés (candidate − en vigueur) : HEBERGE_TIERS:3"],
        ),
        (
            "A: {2022-06-01: 3, 2022-08-01: 3}",
            "A: {2022-06-01: 3}",
            ["demande A au 01/08/2022 : attendu aucun écart, obtenu +3 points"],
        ),
        (
            "dates: [2022-06-01, 2022-08-01]\n      ecarts:\n        A: {2022-06-01: 3,",
            "dates: [2021-11-30, 2022-06-01, 2022-08-01]\n      ecarts:\n        A: {2021-11-30: 0, 2022-06-01: 3,",
            ["demande A au 30/11/2021 : attendu aucun écart, obtenu absente du rejeu",
             "la demande n'est pas active à cette date (pas encore enregistrée, ou radiée)"],
        ),
        (
            "grille: epernay-revision-test, total: 40",
            "grille: epernay-2021-12, total: 40",
            ["[ÉCHEC] demande A au 01/07/2022", "grille : attendu epernay-2021-12, obtenu epernay-revision-test"],
        ),
    ],
)
def test_un_ecart_de_rejeu_ou_de_grille_fait_echouer_le_cas_lisiblement(tmp_path, remplacer, par, attendus):
    rapport = _rapport_d_echec(_variante(tmp_path, _REJEU, remplacer, par))

    for attendu in attendus:
        assert attendu in rapport


@pytest.mark.parametrize(
    ("remplacer", "par", "attendu"),
    [
        ("A: {2022-06-01: 3,", "B: {2022-06-01: 3,", "cas essai : rejeu.ecarts : demande non enregistrée : B"),
        (f"candidate: {{fichier: {REVISION},", "candidate: {fichier: absente.yaml,",
         "rejeu.candidate.fichier : fichier introuvable"),
        (f"candidate: {{fichier: {REVISION},", "candidate: {livree: epernay-1999,",
         "rejeu.candidate.livree : Grille refusée (format) : grille livrée inconnue : epernay-1999"),
        ("HEBERGE_TIERS: {points:", "HEBERGE_TIER: {points:",
         "rejeu.candidate.criteres : critère inconnu de la grille epernay-revision-test : HEBERGE_TIER"),
        (f"candidate: {{fichier: {REVISION},", "candidate: {fichier: illisible.yaml,",
         "rejeu.candidate illisible.yaml : Grille refusée (format)"),
        ("dates: [2022-06-01, 2022-08-01]", "dates: [2022-06-01, 2022-08-01, 2022-08-02]",
         "cas essai : rejeu.dates : 02/08/2022 après la dernière étape (01/08/2022 à 12:00 UTC) ; le rejeu "
         "porte sur l'historique joué"),
        ("dates: [2022-06-01, 2022-08-01]", "dates: []", "cas.0.rejeu.dates : liste trop courte"),
        ("A: {2022-06-01: 3,", "A: {2022-06-02: 3,", "cas.0.rejeu : ecarts.A : date absente de « dates » : 02/06/2022"),
        ("A: {2022-06-01: 3,", "A: {2022-06-01: trois,", "cas.0.rejeu.ecarts.A.2022-06-01"),
        ("connu_le: 2022-06-14, total: 40}", "connu_le: 2022-06-14}",
         "cas.0.attentes.1 : une attente fixe au moins « total », « grille », « contributions »"),
    ],
)
def test_un_rejeu_mal_ecrit_est_refuse_a_la_lecture_en_francais(tmp_path, remplacer, par, attendu):
    (tmp_path / "illisible.yaml").write_text("version: [\n", encoding="utf-8")

    assert attendu in _refus_a_la_lecture(_variante(tmp_path, _REJEU, remplacer, par))


def test_une_grille_attendue_que_le_cas_n_adopte_pas_fait_echouer_le_cas(tmp_path):
    attendue = "grille: epernay-revision-test,"
    rapport = _rapport_d_echec(_variante(tmp_path, _REJEU, attendue, "grille: epernay-revision,"))

    assert rapport.endswith(
        "cas essai : grille attendue que le cas n'adopte pas : epernay-revision "
        "(adoptées : epernay-2021-12, epernay-revision-test)"
    )


def test_un_dossier_de_cas_types_passe_les_fichiers_de_grille_qui_sont_a_cote(tmp_path):
    (tmp_path / "grille.yaml").write_text(REVISION.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "cas.yaml").write_text(_REJEU.replace(str(REVISION), "grille.yaml"), encoding="utf-8")

    resultat = CliRunner().invoke(app, ["run", str(tmp_path)])

    assert resultat.exit_code == 0, resultat.output
    assert "1 cas : 1 réussi(s), 0 en échec" in resultat.output
    assert "fichier invalide" not in resultat.output


def test_un_ecart_attendu_faux_dans_les_cas_de_revoyure_fait_echouer_le_rejeu(tmp_path):
    for nom in ("revoyure.yaml", "epernay-revoyure-test.yaml"):
        (tmp_path / nom).write_text((RESSOURCES.parent / nom).read_text(encoding="utf-8"), encoding="utf-8")
    chemin, attendu = tmp_path / "revoyure.yaml", "A: {2021-12-15: 5, 2022-03-01: 5, 2022-06-01: 5}"
    contenu = chemin.read_text(encoding="utf-8")
    assert attendu in contenu
    chemin.write_text(contenu.replace(attendu, attendu.replace("2022-03-01: 5", "2022-03-01: 6")), encoding="utf-8")

    echoues = [r for r in executer(chemin) if not r.reussi]

    assert [r.nom for r in echoues] == ["rejeu-d-une-candidate-changeant-un-poids"]
    assert texte(echoues[0]).endswith(
        "    [ÉCHEC] rejeu de la grille candidate epernay-revoyure-test aux 15/12/2021, 01/03/2022, 01/06/2022\n"
        "      demande A au 01/03/2022 : attendu +6 points, obtenu +5 points\n"
        "        score en vigueur 15, candidate 20 ; critères modifiés (candidate − en vigueur) : HABITE_COMMUNE:5"
    )


def test_un_rejeu_refuse_par_l_application_fait_echouer_le_cas_avec_son_message(tmp_path):
    autres = ", ".join(str(date(2022, 1, 1) + timedelta(days=n)) for n in range(119))
    dates = "dates: [2022-06-01, 2022-08-01"

    rapport = _rapport_d_echec(_variante(tmp_path, _REJEU, dates, f"{dates}, {autres}"))

    assert "rejeu : attendu un rejeu, obtenu refus « au plus 120 dates de rejeu (reçu : 121) »" in rapport
