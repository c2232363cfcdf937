"""The logs of the HTTP service: a request id on every line, and never the demo's personal data (ADR 0017).

A realistic series of requests runs against the demo store while the JSON logs are captured as
production writes them; then every line is scanned for the personal data of the demandes touched.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from typing import Any
from uuid import UUID, uuid4

import pytest
import structlog

from adapters import journal
from tests.e2e.conftest import MAINTENANT
from tests.e2e.jetons import AGENTS, demandeur, entetes

AGENT = entetes(*AGENTS, agent="A-0042", guichet="G-0007")
NUMERO = "05126110777777JRNL"
RECTIFICATION = "Ressources saisies en montant annuel au lieu de mensuel par erreur de saisie"
VALIDATION_SENSIBLE = "Ordonnance de protection du juge aux affaires familiales du 03/11/2026"
#: Keys whose values, in an event, are personal data (``motif``: free text written by an agent).
CLES_PERSONNELLES = {
    "numero_unique", "motif", "motifs", "date_naissance", "ressources_mensuelles", "situation", "commune",
    "commune_travail", "loyer_mensuel", "aide_logement_mensuelle", "statut", "type_piece",
}
SENSIBLES = ("violence", "prostitution", "traite", "proxenetisme", "proxénétisme")
ENREGISTREMENT = {
    "effet_le": "2026-11-03", "numero_unique": NUMERO, "date_premiere_inscription": "2026-11-03",
    "canal": "guichet", "guichet_id": "G-0007",
    "situation": {
        "type_demande": "premiere_demande",
        "menage": [{"role": "demandeur", "date_naissance": "1987-04-23"},
                   {"role": "enfant", "date_naissance": "2019-08-30"}],
        "ressources_mensuelles": "1873.45", "logement": {"situation": "structure_hebergement", "commune": "MAGENTA"},
        "emplois": [{"titulaire": "demandeur", "statut": "interim", "commune_travail": "DIZY"}],
        "motifs": ["divorce_separation"], "souhaits": [{"commune": "AY-CHAMPAGNE", "typologie": "T3"}],
    },
}


@pytest.fixture
def journal_json() -> Iterator[Any]:
    """The JSON logs of production, written to a buffer instead of stderr: a function reading its lines."""
    sortie = io.StringIO()
    journal.configurer("json")
    structlog.configure(logger_factory=structlog.PrintLoggerFactory(sortie))
    yield lambda: [json.loads(ligne) for ligne in sortie.getvalue().splitlines()]
    structlog.reset_defaults()


def _serie(client: Any, demande_demo: Any) -> list[Any]:
    """Registrations, events, reads, reports and refusals, as an agent's day at a guichet would bring."""
    cree = client.post("/demandes", json=ENREGISTREMENT, headers={"X-Request-ID": str(uuid4())} | AGENT)
    demande_id = UUID(cree.json()["demande_id"])
    demande = f"/demandes/{demande_id}"
    evenement = lambda corps, **en_tetes: client.post(  # noqa: E731
        f"{demande}/evenements", json=corps, headers=AGENT | en_tetes
    )
    rectification = {"type": "situation_rectifiee", "effet_le": "2026-11-03", "motif": RECTIFICATION,
                     "situation": {"ressources_mensuelles": "2291.17"}}
    validation = {"type": "critere_valide", "effet_le": "2026-11-04", "critere": "VIOLENCES_COUPLE",
                  "motif": VALIDATION_SENSIBLE}
    return [
        cree,
        evenement(rectification, **{"Idempotency-Key": "cle-journal-1"}),
        evenement(rectification, **{"Idempotency-Key": "cle-journal-1"}),
        evenement(validation),
        evenement(validation, **demandeur(demande_id)),
        evenement({"type": "situation_declaree", "effet_le": "2026-12-25",
                   "situation": {"ressources_mensuelles": "3318.62"}}),
        client.post("/demandes", json=ENREGISTREMENT, headers={"X-Request-ID": NUMERO}),
        client.post("/demandes/recherche", json={"numero_unique": NUMERO}),
        client.post("/demandes/recherche", content=b'{"numero_unique": "' + NUMERO.encode(),
                    headers={"Content-Type": "application/json"}),
        client.get(f"{demande}/cotation", params={"date": "2026-11-20"}),
        client.get(f"{demande}/explication", params={"date": "2026-11-20"}),
        client.get(f"/demandes/{demande_demo}/cotation", params={"date": "2026-11-01"}),
        client.get(f"/demandes/{demande_demo}/explication", params={"date": "2026-11-01"}),
        client.get(f"/demandes/{demande_demo}/cotation", params={"date": "1987-04-23"}),
        client.get("/rapports/bilan-malus", params={"annee": 2025, "format": "html"}),
        client.get("/rapports/malus-depuis", params={"date": "2026-01-01", "format": "csv"}),
        client.get("/malus/a-examiner"),
    ]


def _feuilles(valeur: Any, cle: str | None = None) -> Iterator[str]:
    if isinstance(valeur, dict):
        for sous_cle, sous_valeur in valeur.items():
            yield from _feuilles(sous_valeur, sous_cle)
    elif isinstance(valeur, list):
        for element in valeur:
            yield from _feuilles(element, cle)
    elif cle in CLES_PERSONNELLES and valeur is not None:
        yield str(valeur)


def _donnees_personnelles(application: Any, *demandes: Any) -> set[str]:
    evenements = [evt.model_dump(mode="json") for d in demandes for evt in application.historique(d)]
    return {feuille for evt in evenements for feuille in _feuilles(evt)}


def _present(donnee: str, texte: str) -> bool:
    """Whether ``donnee`` appears in ``texte`` as a whole value (not inside an id or a longer number)."""
    return re.search(rf"(?<![\w.-]){re.escape(donnee)}(?![\w.-])", texte, re.IGNORECASE) is not None


def test_every_line_of_a_request_shares_its_id_and_no_line_holds_personal_data(
    client, application, demande_demo, journal_json
):
    reponses = _serie(client, demande_demo)
    lignes = journal_json()

    ids = [r.headers["X-Request-ID"] for r in reponses]
    assert [r.status_code for r in reponses] == [201, 201, 201, 201, 403, 409, 409, 200, 400, 200, 200, 200, 200,
                                                 404, 200, 200, 200]
    assert len(set(ids)) == len(ids) and ids[6] != NUMERO
    assert all(r.json()["id_requete"] == i for r, i in zip(reponses, ids, strict=True) if r.status_code >= 400)
    assert all(ligne["id_requete"] in ids for ligne in lignes)
    par_requete = [[ligne for ligne in lignes if ligne["id_requete"] == i] for i in ids]
    acces = [[ligne for ligne in groupe if ligne["event"] == "requete_http"] for groupe in par_requete]
    assert all(len(groupe) == 1 for groupe in acces)
    assert [groupe[0]["issue"] for groupe in acces] == [
        "ecrit", "ecrit", "rejoue", "ecrit", "refuse", "refuse", "refuse", "lu", "refuse", "lu", "lu", "lu", "lu",
        "refuse", "lu", "lu", "lu",
    ]
    donnees = _donnees_personnelles(application, UUID(reponses[0].json()["demande_id"]), demande_demo)
    texte = "\n".join(json.dumps(ligne, ensure_ascii=False) for ligne in lignes)
    assert {NUMERO, "1987-04-23", "1873.45", "2291.17", "MAGENTA", RECTIFICATION, VALIDATION_SENSIBLE} <= donnees
    assert [d for d in donnees | {"3318.62"} if _present(d, texte)] == []
    assert [s for s in SENSIBLES if s in texte.lower()] == []


def test_the_write_lines_name_the_actor_by_its_pseudonymous_ids(client, application, demande_demo, journal_json):
    reponse = client.post(f"/demandes/{demande_demo}/evenements", headers=AGENT, json={
        "type": "situation_rectifiee", "effet_le": MAINTENANT.date().isoformat(),
        "motif": RECTIFICATION, "situation": {"ressources_mensuelles": "2291.17"},
    })
    lignes = journal_json()

    id_requete = reponse.headers["X-Request-ID"]
    ecrite, requete = ({k: v for k, v in ligne.items() if k != "timestamp"} for ligne in lignes)
    assert ecrite == {
        "event": "evenement_enregistre", "topic": "cotation.demande.situation_rectifiee",
        "aggregat_id": str(demande_demo), "version": ecrite["version"], "acteur": "agent", "agent_id": "A-0042",
        "guichet_id": "G-0007", "profils": ",".join(sorted(AGENTS)), "id_requete": id_requete, "level": "info",
    }
    assert requete == {
        "event": "requete_http", "methode": "POST", "route": "/demandes/{demande_id}/evenements", "statut": 201,
        "duree_ms": requete["duree_ms"], "issue": "ecrit", "acteur": "agent", "agent_id": "A-0042",
        "guichet_id": "G-0007", "profils": ",".join(sorted(AGENTS)), "id_requete": id_requete, "level": "info",
    }


def test_an_incoming_request_id_is_kept_when_it_is_a_uuid_or_a_long_hex_token(client, journal_json):
    uuid, hexa = str(uuid4()), uuid4().hex
    recus = [client.get("/grille", headers={"X-Request-ID": i}).headers["X-Request-ID"]
             for i in (uuid, hexa, "1987-04-23", "<script>", "a" * 200)]

    assert recus[:2] == [uuid, hexa]
    assert all(re.fullmatch(r"[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}", i) for i in recus[2:])
    assert [ligne["id_requete"] for ligne in journal_json()] == recus
