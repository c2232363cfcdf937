"""Every profile against every endpoint (ADR 0022): allowed, the request gets past authorization;
otherwise 403; without a token, or with a forged one, 401 — and nothing is ever written.

``ATTENDU`` is the specification, written out independently of ``adapters/http/profils.MATRICE``:
a new endpoint needs a line here, or ``test_every_endpoint_is_in_the_matrix`` fails. Requests are
built to stop right after authorization (an invalid date, a missing field: 422), so that allowed
ones write nothing and compute little.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from adapters.bootstrap import creer_application
from adapters.horloge import HorlogeReglable
from adapters.http.api import creer_api, routes
from adapters.http.profils import MATRICE, Profil
from domain.demande.catalogue import SUITES
from tests.e2e.conftest import MAINTENANT
from tests.e2e.jetons import demandeur, entetes, jeton

LECTEURS = ("consultant_simple consultant_demande consultant_sensible guichet_enregistreur charge_instruction "
            "decideur_recours auditeur")
GUICHET, INSTRUCTION, SYSTEME = "guichet_enregistreur", "charge_instruction", ""
EVENEMENTS = "/demandes/{demande_id}/evenements"
#: (method, path, event type or None) → the profiles allowed, separated by spaces.
ATTENDU: dict[tuple[str, str, str | None], str] = {
    ("GET", "/demandes", None): LECTEURS,
    ("POST", "/demandes/recherche", None): LECTEURS,
    ("POST", "/demandes", None): GUICHET,
    ("GET", "/demandes/{demande_id}/cotation", None): LECTEURS + " demandeur",
    ("GET", "/demandes/{demande_id}/explication", None): LECTEURS + " demandeur",
    ("GET", "/demandes/{demande_id}/historique", None): LECTEURS,
    ("GET", "/grille", None): " ".join(Profil),
    ("POST", "/grille/adoptions", None): "administrateur_territoire",
    ("POST", "/grille/desactivations", None): "administrateur_territoire",
    ("GET", "/rapports/malus-depuis", None): "auditeur",
    ("GET", "/rapports/bilan-malus", None): "auditeur",
    ("GET", "/malus/a-examiner", None): "charge_instruction auditeur",
    ("GET", "/demandes/{demande_id}/cotation-courante", None): LECTEURS + " demandeur",
    ("GET", "/demandes/{demande_id}/chronologie", None): LECTEURS + " demandeur",
    ("GET", "/demandes/{demande_id}/positionnement", None): LECTEURS + " demandeur",
    ("GET", "/delais-moyens", None): " ".join(Profil),
    **{(methode, chemin, None): "administrateur_territoire auditeur" for methode, chemin in (
        ("POST", "/rejeux"), ("GET", "/rejeux/{travail_id}"), ("POST", "/evaluations"),
        ("GET", "/evaluations/{travail_id}"),
    )},
    **{("POST", EVENEMENTS, t): GUICHET for t in (
        "situation_declaree", "situation_rectifiee", "justificatif_depose", "justificatif_valide",
        "justificatif_rejete", "critere_valide", "critere_retire", "candidat_designe", "passage_cal",
        "proposition_refusee", "bail_signe", "demande_renouvelee", "demande_radiee",
    )},
    **{("POST", EVENEMENTS, t): INSTRUCTION for t in (
        "refus_juge", "malus_envisage", "malus_applique", "malus_non_retenu", "malus_leve",
    )},
    ("POST", EVENEMENTS, "recours_depose"): "guichet_enregistreur demandeur",
    ("POST", EVENEMENTS, "recours_decide"): "decideur_recours",
    **{("POST", EVENEMENTS, t): SYSTEME
       for t in ("rappel_renouvellement", "periode_contradictoire_echue", "malus_expire")},
}
#: What each request sends beyond its token: invalid just after authorization (422 when allowed).
PARAMETRES = {"params": {"date": "pas-une-date", "au": "pas-une-date", "limite": 0}}
CAS = [(methode, chemin, type_evt, profil) for (methode, chemin, type_evt) in ATTENDU for profil in Profil]


@pytest.fixture(scope="module")
def service(reglages_demo) -> Iterator[TestClient]:
    application = creer_application(reglages_demo, HorlogeReglable(MAINTENANT))
    api = creer_api(application)
    with TestClient(api) as client:
        client.api, client.demande_demo = api, application.demandes(1, 0)[0]  # type: ignore[attr-defined]
        yield client
    application.close()


def _entetes(profil: Profil, demande) -> dict[str, str]:
    return demandeur(demande) if profil is Profil.DEMANDEUR else entetes(profil)


def _requete(client: TestClient, methode: str, chemin: str, type_evt: str | None, **en_tetes: str):
    url = re.sub(r"\{\w+\}", str(client.demande_demo), chemin)  # type: ignore[attr-defined]
    corps = {"type": type_evt} if type_evt else {}
    options = {"json": corps} if methode == "POST" else PARAMETRES
    return client.request(methode, url, headers=en_tetes, **options)


def _compter(client: TestClient) -> int:
    return client.api.state.cotation.recorder.max_notification_id()  # type: ignore[attr-defined]


def test_every_endpoint_is_in_the_matrix():
    servis = {(methode, route.path) for route in routes() for methode in route.methods}
    assert servis == {(methode, chemin) for methode, chemin, _ in ATTENDU}
    assert {t for _, _, t in ATTENDU if t} == set(SUITES)


def test_the_matrix_of_the_service_is_the_one_specified():
    for (_, _, type_evt), profils in ATTENDU.items():
        if type_evt:
            assert MATRICE[type_evt] == {Profil(p) for p in profils.split()}, type_evt


@pytest.mark.parametrize(("methode", "chemin", "type_evt", "profil"), CAS)
def test_each_profile_gets_exactly_what_the_matrix_allows(service, methode, chemin, type_evt, profil):
    avant = _compter(service)
    reponse = _requete(service, methode, chemin, type_evt, **_entetes(profil, service.demande_demo))

    if profil in ATTENDU[(methode, chemin, type_evt)].split():
        assert reponse.status_code not in (401, 403), reponse.json()
    else:
        assert reponse.status_code == 403, reponse.text
        assert reponse.headers["content-type"] == "application/problem+json"
        assert "réservé" in reponse.json()["detail"] or "planificateur" in reponse.json()["detail"]
    assert _compter(service) == avant


@pytest.mark.parametrize(("methode", "chemin", "type_evt"), list(ATTENDU))
def test_without_a_valid_token_every_endpoint_answers_401(service, methode, chemin, type_evt):
    avant = _compter(service)
    sans = _requete(service, methode, chemin, type_evt)
    autre_cle = jeton(Profil.AUDITEUR, secret="une-autre-cle-de-signature-de-32-caracteres")
    faux = _requete(service, methode, chemin, type_evt, Authorization=f"Bearer {autre_cle}")

    for reponse in (sans, faux):
        assert reponse.status_code == 401
        assert reponse.headers["www-authenticate"].startswith("Bearer")
        assert reponse.json()["champ"] == "Authorization"
    assert "manquant" in sans.json()["detail"] and "signature" in faux.json()["detail"]
    assert _compter(service) == avant
