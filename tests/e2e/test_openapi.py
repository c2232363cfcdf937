"""The OpenAPI document tells the truth about refusals (RFC 9457) and idempotency keys (ADR 0016)."""

from __future__ import annotations

import pytest

PROBLEME = {"$ref": "#/components/schemas/Probleme"}
#: What the Idempotency-Key middleware alone may answer to any POST.
REFUS_IDEMPOTENCE = {"400", "409", "422"}


@pytest.fixture
def openapi(client):
    return client.get("/openapi.json").json()


def _operations(openapi):
    return [(chemin, methode, op) for chemin, ops in openapi["paths"].items() for methode, op in ops.items()]


def _problemes(operation):
    return {
        statut for statut, reponse in operation["responses"].items()
        if reponse.get("content", {}).get("application/problem+json", {}).get("schema") == PROBLEME
    }


def test_every_post_documents_the_idempotency_key(openapi):
    posts = [(chemin, op) for chemin, methode, op in _operations(openapi) if methode == "post"]

    assert {"/demandes", "/demandes/{demande_id}/evenements", "/grille/adoptions"} <= {c for c, _ in posts}
    for chemin, op in posts:
        entete = [p for p in op["parameters"] if p["name"] == "Idempotency-Key"]
        assert [(p["in"], p["required"]) for p in entete] == [("header", False)], chemin
        assert "clé d'idempotence" in entete[0]["description"].lower()
        assert REFUS_IDEMPOTENCE <= _problemes(op), chemin


def test_every_operation_documents_its_refusals_as_problem_details(openapi):
    for chemin, methode, op in _operations(openapi):
        refus = _problemes(op)
        assert {"422", "500"} <= refus, (methode, chemin)
        assert all(op["responses"][statut]["description"] for statut in refus)
        assert "application/json" not in op["responses"]["422"].get("content", {}), (methode, chemin)


def test_reads_of_one_demande_document_404(openapi):
    for chemin in ("/demandes/{demande_id}/cotation", "/demandes/{demande_id}/explication", "/grille"):
        assert "404" in _problemes(openapi["paths"][chemin]["get"])


def test_the_problem_model_describes_what_the_service_answers(openapi, client):
    modele = openapi["components"]["schemas"]["Probleme"]
    refus = client.post("/demandes", json={"canal": "guichet"}).json()

    assert set(modele["required"]) == {"type", "title", "status", "detail", "instance"}
    assert set(refus) <= set(modele["properties"])
    assert all(propriete["description"] for propriete in modele["properties"].values())
    assert "ErreurChamp" in openapi["components"]["schemas"]


def test_every_summary_and_description_is_written(openapi):
    for chemin, methode, op in _operations(openapi):
        assert op["summary"].strip() and op["description"].strip(), (methode, chemin)
