"""The cas-types runner itself: a wrong figure fails readably, a bad file gets a French error
naming the file and the field, a grid file of another territory works, and the command exits 1
on any failure."""

from __future__ import annotations

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
