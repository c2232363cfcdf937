"""Authentication and authorization end to end (ADR 0022): tokens, territory, the demandeur's own
demande, the actor taken from the token, and the refusals the issue names — each with its status,
a French message, and the store unchanged."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime, timedelta
from uuid import UUID, uuid4

import pytest
import structlog
from typer.testing import CliRunner

from adapters import cli
from adapters.http.profils import Profil
from domain.acteurs import Agent, LeDemandeur
from tests.e2e.conftest import MAINTENANT
from tests.e2e.jetons import AGENTS, demandeur, entetes, jeton

GUICHET = entetes(Profil.GUICHET_ENREGISTREUR, agent="EPE-G01", guichet="MAIRIE-EPERNAY")
INSTRUCTION = entetes(Profil.CHARGE_INSTRUCTION, agent="EPE-I01", guichet="CA-EPERNAY")
RECOURS = entetes(Profil.DECIDEUR_RECOURS, agent="EPE-R01", guichet="CA-EPERNAY")


@pytest.fixture
def compter(application):
    return application.recorder.max_notification_id


def _porteur(valeur: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {valeur}"}


def _refus(reponse, statut: int, *mots: str) -> dict:
    corps = reponse.json()
    assert reponse.status_code == statut, corps
    assert reponse.headers["content-type"] == "application/problem+json"
    assert all(mot in corps["detail"] for mot in mots), corps["detail"]
    return corps


def _enregistrer(client, numero: str, effet_le: str = "2026-11-02") -> UUID:
    reponse = client.post("/demandes", headers=GUICHET, json={
        "effet_le": effet_le, "numero_unique": numero, "date_premiere_inscription": effet_le, "canal": "guichet",
        "guichet_id": "MAIRIE-EPERNAY",
        "situation": {
            "type_demande": "premiere_demande", "menage": [{"role": "demandeur", "date_naissance": "1980-02-02"}],
            "ressources_mensuelles": "1400", "logement": {"situation": "heberge_tiers"}, "emplois": [],
            "souhaits": [{"commune": "EPERNAY", "typologie": "T2"}],
        },
    })
    assert reponse.status_code == 201, reponse.text
    return UUID(reponse.json()["demande_id"])


def test_the_refusals_the_issue_names_each_with_its_status_and_nothing_written(client, demande_demo, compter):
    avec_malus = f"/demandes/{_enregistrer(client, '05126110000776AEPE')}/evenements"
    avant = compter()
    evenements = f"/demandes/{demande_demo}/evenements"
    declaration = {"type": "situation_declaree", "effet_le": "2026-11-19",
                   "situation": {"ressources_mensuelles": "900"}}
    malus_id = str(uuid4())
    envisage = {"type": "malus_envisage", "effet_le": "2026-11-20", "malus_id": malus_id,
                "type_malus": "FAUSSE_DECLARATION", "motif": "Attestation d'hébergement suspecte"}

    faux = client.post(evenements, json=declaration, headers=_porteur("pas.un.jeton"))
    etranger = client.post(evenements, json=declaration, headers=entetes(*AGENTS, territoire="CA_REIMS"))
    numero = client.post("/demandes/recherche", json={"numero_unique": "0512"})
    futur = client.post(evenements, json={**declaration, "effet_le": "2026-11-21"})
    assert client.post(avec_malus, json=envisage, headers=INSTRUCTION).status_code == 201
    applique = client.post(avec_malus, headers=INSTRUCTION, json={
        "type": "malus_applique", "effet_le": "2026-11-20", "malus_id": malus_id, "motif": "Fausse attestation"})

    _refus(faux, 401, "jeton d'accès illisible")
    _refus(etranger, 403, "territoire CA_REIMS")
    assert _refus(numero, 422, "18 caractères")["champ"] == "numero_unique"
    _refus(futur, 409, "date d'effet ne peut pas être postérieure")
    _refus(applique, 409, "période contradictoire court jusqu'au 04/12/2026 inclus")
    assert compter() == avant + 1  # the malus envisaged alone


def test_an_expired_a_future_or_an_unsigned_token_is_401(client, horloge_e2e):
    expire = jeton(*AGENTS, emis_le=MAINTENANT - timedelta(hours=9), duree=timedelta(hours=8))
    futur = jeton(*AGENTS, emis_le=MAINTENANT + timedelta(hours=1))
    entete = base64.urlsafe_b64encode(json.dumps({"alg": "none", "typ": "JWT"}).encode()).rstrip(b"=").decode()
    sans_signature = entete + "." + jeton(*AGENTS).split(".")[1] + "."

    _refus(client.get("/grille", headers=_porteur(expire)), 401, "expiré")
    _refus(client.get("/grille", headers=_porteur(futur)), 401, "émis dans le futur")
    _refus(client.get("/grille", headers=_porteur(sans_signature)), 401, "illisible")
    _refus(client.get("/grille", headers={"Authorization": "Basic dXNlcjpwYXNz"}), 401, "manquant")


def test_a_token_accepted_before_is_refused_once_expired(client, horloge_e2e):
    """Verified signatures are remembered (a client sends its token with every request); the
    dates are checked at every request all the same."""
    bientot_expire = jeton(*AGENTS, emis_le=MAINTENANT - timedelta(hours=7), duree=timedelta(hours=8))
    assert client.get("/grille", headers=_porteur(bientot_expire)).status_code == 200

    horloge_e2e.regler(MAINTENANT + timedelta(hours=2))

    _refus(client.get("/grille", headers=_porteur(bientot_expire)), 401, "expiré")


def test_a_demandeur_reads_and_appeals_on_their_own_demande_only(client, application, demande_demo):
    autre = application.demandes(1, 1)[0]
    recours = {"type": "recours_depose", "effet_le": "2026-11-20", "recours_id": str(uuid4()), "objet": "critere",
               "critere": "DALO", "motif": "Ma situation relève du DALO depuis la décision de la commission"}

    cotation = client.get(f"/demandes/{demande_demo}/cotation", headers=demandeur(demande_demo))
    explication = client.get(f"/demandes/{demande_demo}/explication", headers=demandeur(demande_demo))
    d_un_autre = client.get(f"/demandes/{autre}/cotation", headers=demandeur(demande_demo))
    liste = client.get("/demandes", headers=demandeur(demande_demo))
    historique = client.get(f"/demandes/{demande_demo}/historique", headers=demandeur(demande_demo))
    depose = client.post(f"/demandes/{demande_demo}/evenements", json=recours, headers=demandeur(demande_demo))
    ailleurs = client.post(f"/demandes/{autre}/evenements", json=recours, headers=demandeur(demande_demo))

    assert (cotation.status_code, explication.status_code, depose.status_code) == (200, 200, 201)
    assert _refus(d_un_autre, 403, "sa propre demande")["champ"] == "demande_id"
    _refus(ailleurs, 403, "sa propre demande")
    _refus(liste, 403, "réservé aux profils")
    _refus(historique, 403, "réservé aux profils")
    assert application.historique(demande_demo)[-1].acteur == LeDemandeur()


def test_the_actor_of_each_event_is_the_user_of_the_token_with_the_habilitations_of_its_profiles(
    client, application, horloge_e2e
):
    demande_id = _enregistrer(client, "05126110000777AEPE", "2026-11-02")
    malus_id, recours_id = str(uuid4()), str(uuid4())
    ajouter = lambda corps, en_tetes: client.post(  # noqa: E731
        f"/demandes/{demande_id}/evenements", json=corps, headers=en_tetes
    )

    ecrits = [
        ajouter({"type": "malus_envisage", "effet_le": "2026-11-02", "malus_id": malus_id,
                 "type_malus": "FAUSSE_DECLARATION", "motif": "Attestation suspecte"}, INSTRUCTION),
        ajouter({"type": "malus_applique", "effet_le": "2026-11-20", "malus_id": malus_id,
                 "motif": "Fausse attestation confirmée"}, INSTRUCTION),
        ajouter({"type": "recours_depose", "effet_le": "2026-11-20", "recours_id": recours_id, "objet": "malus",
                 "malus_id": malus_id, "motif": "Je conteste ce malus"}, demandeur(demande_id)),
        ajouter({"type": "recours_decide", "effet_le": "2026-11-20", "decide_le": "2026-11-20",
                 "recours_id": recours_id, "issue": "rejete", "motif": "Fausse attestation établie"}, RECOURS),
    ]

    assert [r.status_code for r in ecrits] == [201] * 4, [r.json() for r in ecrits]
    acteurs = [e.acteur for e in application.historique(demande_id)]
    assert acteurs == [
        Agent(agent_id="EPE-G01", guichet_id="MAIRIE-EPERNAY"),
        Agent(agent_id="EPE-I01", guichet_id="CA-EPERNAY", habilitations=frozenset({"malus"})),
        Agent(agent_id="EPE-I01", guichet_id="CA-EPERNAY", habilitations=frozenset({"malus"})),
        LeDemandeur(),
        Agent(agent_id="EPE-R01", guichet_id="CA-EPERNAY", habilitations=frozenset({"recours"})),
    ]


def test_an_idempotency_key_is_never_replayed_to_another_user(client, demande_demo, compter):
    corps = {"type": "situation_declaree", "effet_le": "2026-11-20", "situation": {"ressources_mensuelles": "1010"}}
    cle = {"Idempotency-Key": f"cle-{uuid4()}"}
    avant = compter()

    premiere = client.post(f"/demandes/{demande_demo}/evenements", json=corps, headers=GUICHET | cle)
    autre = client.post(f"/demandes/{demande_demo}/evenements", json=corps,
                        headers=entetes(Profil.GUICHET_ENREGISTREUR, agent="EPE-G02") | cle)

    assert premiere.status_code == 201
    assert _refus(autre, 422, "déjà servi")["champ"] == "Idempotency-Key"
    assert compter() == avant + 1


def test_the_openapi_document_names_the_token_and_each_operation_its_profiles(client):
    document = client.get("/openapi.json", headers={"Authorization": ""}).json()

    assert document["components"]["securitySchemes"]["jeton"]["scheme"] == "bearer"
    for chemin, operations in document["paths"].items():
        for operation in operations.values():
            assert operation["security"] == [{"jeton": []}], chemin
            assert {"401", "403"} <= set(operation["responses"]), chemin
            assert "Profils habilités : " in operation["description"], chemin
    assert "Profils habilités : auditeur / CIL." in document["paths"]["/rapports/bilan-malus"]["get"]["description"]


# --- the token issuer -----------------------------------------------------------------------------

runner = CliRunner()


def cotation(*args: str):
    """The ``cotation`` command; its logs' configuration undone after it (its stderr is gone)."""
    env = {"COTATION_TERRITOIRE": "CA_EPERNAY", "COTATION_LOG_FORMAT": "console", "COTATION_JWT_SECRET": ""}
    try:
        return runner.invoke(cli.app, list(args), env=env)
    finally:
        structlog.reset_defaults()


def test_the_command_issues_a_token_the_service_accepts(client, horloge_e2e):
    emis = cotation("jeton", "--profil", "auditeur", "--agent", "CIL-01")
    refuse = cotation("jeton", "--profil", "guichet_enregistreur", "--agent", "G-01")

    assert emis.exit_code == 0, emis.output
    horloge_e2e.regler(datetime.now(UTC))  # the command signs with the machine's clock
    assert client.get("/rapports/bilan-malus", params={"annee": 2025},
                      headers=_porteur(emis.stdout.strip())).status_code == 200
    assert refuse.exit_code == 1 and "doit nommer son guichet" in refuse.stderr


def test_serve_refuses_to_listen_beyond_the_loopback_with_the_development_key():
    resultat = cotation("serve", "--host", "0.0.0.0")

    assert resultat.exit_code == 1 and "boucle locale" in resultat.stderr
