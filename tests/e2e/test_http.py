"""The HTTP service end to end, on a SQLite store seeded with the demo territory."""

from __future__ import annotations

import inspect
from datetime import date

import structlog

from adapters.http.api import routes
from adapters.http.exemples import ENREGISTREMENT, EVENEMENTS
from tests.e2e.conftest import MAINTENANT
from tests.e2e.jetons import demandeur

NOUVEAU_NUMERO = "05126110999999MEPE"


def test_demandes_are_listed_by_id_page_by_page(client):
    premiere = client.get("/demandes", params={"limite": 10}).json()
    suivante = client.get("/demandes", params={"limite": 10, "position": 10}).json()

    assert len(premiere["demandes"]) == len(suivante["demandes"]) == 10
    assert not set(premiere["demandes"]) & set(suivante["demandes"])
    assert set(premiere) == {"demandes", "limite", "position"}


def test_a_demande_is_found_by_its_numero_sent_in_the_body(client, application, demande_demo):
    numero = application.faits(demande_demo, MAINTENANT.date()).numero_unique

    trouvee = client.post("/demandes/recherche", json={"numero_unique": numero})
    inconnue = client.post("/demandes/recherche", json={"numero_unique": "05119010000001XXXX"})
    mal_forme = client.post("/demandes/recherche", json={"numero_unique": "123"})

    assert trouvee.json() == {"demande_id": str(demande_demo)}
    assert (inconnue.status_code, inconnue.json()["detail"]) == (
        404, "aucune demande n'est enregistrée sous ce numéro unique"
    )
    assert mal_forme.status_code == 422 and "18 caractères" in mal_forme.json()["detail"]


def test_the_score_of_a_demo_demande_comes_with_its_sources(client, application, demande_demo):
    reponse = client.get(f"/demandes/{demande_demo}/cotation", params={"date": "2026-11-01"})

    cotation = reponse.json()
    assert reponse.status_code == 200
    assert cotation == application.cotation(demande_demo, date(2026, 11, 1)).model_dump(mode="json")
    assert cotation["total"] == sum(c["points"] for c in cotation["contributions"] if c["retenu"])
    assert all(s["effet_le"] and s["enregistre_le"] for c in cotation["contributions"] for s in c["sources"])


def test_the_date_defaults_to_today_by_the_injected_clock(client, demande_demo):
    assert client.get(f"/demandes/{demande_demo}/cotation").json()["date"] == "2026-11-20"


def test_the_explanation_is_in_plain_french_and_matches_the_score(client, demande_demo):
    cotation = client.get(f"/demandes/{demande_demo}/cotation", params={"date": "2026-11-01"}).json()
    explication = client.get(f"/demandes/{demande_demo}/explication", params={"date": "2026-11-01"}).json()

    assert explication["total"] == cotation["total"]
    assert [c["critere"] for c in explication["criteres"]] == [c["critere"] for c in cotation["contributions"]]
    assert explication["texte"].startswith("Cotation de votre demande au 01/11/2026")
    assert "aide à la décision" in explication["texte"]
    assert {p["type"] for p in explication["pistes"]} >= {"changement_situation", "guichet"}


def test_the_grid_in_force_at_a_date(client):
    en_vigueur = client.get("/grille", params={"date": "2022-01-01"})
    avant = client.get("/grille", params={"date": "2021-06-01"})

    assert en_vigueur.json()["version"]["version"] == "epernay-2021-12"
    assert en_vigueur.json()["adoption"]["effet_le"] == "2021-12-01"
    assert (avant.status_code, avant.json()["detail"]) == (404, "aucune grille de cotation en vigueur au 01/06/2021")


def test_a_bad_date_is_refused_in_french(client, demande_demo):
    reponse = client.get(f"/demandes/{demande_demo}/cotation", params={"date": "2024-13-45"})

    assert reponse.status_code == 422
    assert reponse.json()["detail"] == "Données invalides — date : date invalide (attendu : AAAA-MM-JJ)"
    assert reponse.json()["champ"] == "date"


def test_an_invalid_event_is_refused_in_french_and_nothing_is_written(client, application, demande_demo):
    avant = len(application.historique(demande_demo))
    validation = {"type": "critere_valide", "effet_le": "2026-11-01", "critere": "DALO",
                  "motif": "Décision favorable de la commission DALO"}
    evenements = f"/demandes/{demande_demo}/evenements"

    par_le_demandeur = client.post(evenements, json=validation, headers=demandeur(demande_demo))
    inconnu = client.post(evenements, json={"type": "demande_inventee"})
    impose = client.post(evenements, json={**validation, "enregistre_le": "2020-01-01T00:00:00Z"})
    acteur = client.post(evenements, json={**validation, "acteur": {"type": "demandeur"}})

    assert par_le_demandeur.status_code == 403
    assert par_le_demandeur.json()["detail"] == (
        "« critere_valide » (validation manuelle d'un critère) : réservé aux profils guichet enregistreur"
    )
    assert inconnu.status_code == 422 and inconnu.json()["detail"].startswith("type d'événement inconnu")
    assert impose.status_code == 422 and "fixé par le système" in impose.json()["detail"]
    assert acteur.status_code == 422 and acteur.json()["champ"] == "acteur"
    assert "jeton d'accès" in acteur.json()["detail"]
    assert len(application.historique(demande_demo)) == avant


def test_an_unknown_demande_or_route_answers_404_in_french(client):
    inconnue = client.get("/demandes/00000000-0000-4000-8000-000000000000/cotation")
    mal_formee = client.get("/demandes/pas-un-identifiant/cotation")

    assert inconnue.status_code == 404
    assert inconnue.json()["detail"] == "cette demande n'était pas enregistrée au 20/11/2026"
    assert mal_formee.status_code == 422
    assert mal_formee.json()["detail"] == "Données invalides — demande_id : identifiant invalide"
    assert client.get("/inconnue").json()["detail"] == "aucune ressource à cette adresse"


def test_register_rectify_and_see_the_score_as_it_was_recorded(client, horloge_e2e):
    enregistrement = {
        "effet_le": "2026-11-02", "numero_unique": NOUVEAU_NUMERO,
        "date_premiere_inscription": "2026-11-02", "canal": "guichet", "guichet_id": "MAIRIE-EPERNAY",
        "situation": {
            "type_demande": "premiere_demande", "menage": [{"role": "demandeur", "date_naissance": "1970-01-01"}],
            "ressources_mensuelles": "8400", "logement": {"situation": "heberge_tiers"}, "emplois": [],
            "souhaits": [{"commune": "EPERNAY", "typologie": "T2"}],
        },
    }
    cree = client.post("/demandes", json=enregistrement)
    demande_id = cree.json()["demande_id"]
    horloge_e2e.regler(MAINTENANT.replace(day=21))
    rectification = client.post(f"/demandes/{demande_id}/evenements", json={
        "type": "situation_rectifiee", "effet_le": "2026-11-02",
        "motif": "Ressources saisies en montant annuel au lieu de mensuel",
        "situation": {"ressources_mensuelles": "700"},
    })

    def criteres(**params):
        cotation = client.get(f"/demandes/{demande_id}/cotation", params={"date": "2026-11-21", **params}).json()
        return {c["critere"] for c in cotation["contributions"]}

    assert (cree.status_code, rectification.status_code) == (201, 201)
    trouvee = client.post("/demandes/recherche", json={"numero_unique": NOUVEAU_NUMERO})
    assert trouvee.json() == {"demande_id": demande_id}
    assert "PREMIER_QUARTILE" in criteres()
    assert "PREMIER_QUARTILE" not in criteres(connu_le="2026-11-20T12:00:00+01:00")


def test_access_logs_name_routes_never_numeros_ids_or_queries(client, application, demande_demo):
    numero = application.faits(demande_demo, MAINTENANT.date()).numero_unique
    with structlog.testing.capture_logs() as journal:
        client.post("/demandes/recherche", json={"numero_unique": numero})
        client.get(f"/demandes/{demande_demo}/cotation", params={"date": "2026-11-01"})

    acces = [ligne for ligne in journal if ligne["event"] == "requete_http"]
    assert [(ligne["route"], ligne["statut"]) for ligne in acces] == [
        ("/demandes/recherche", 200), ("/demandes/{demande_id}/cotation", 200)
    ]
    assert numero not in repr(journal) and str(demande_demo) not in repr(acces) and "2026-11-01" not in repr(acces)


def test_the_documentation_describes_the_rules_in_french(client):
    openapi = client.get("/openapi.json").json()

    assert client.get("/docs").status_code == 200
    assert openapi["paths"]["/demandes/recherche"]["post"]["summary"] == "Retrouver une demande par son numéro unique"
    assert "jamais dans l'adresse" in openapi["paths"]["/demandes/recherche"]["post"]["description"]


def test_the_documented_examples_are_accepted(client):
    cree = client.post("/demandes", json=ENREGISTREMENT["guichet"]["value"])
    demande_id = cree.json()["demande_id"]
    ecrits = [client.post(f"/demandes/{demande_id}/evenements", json=e["value"]) for e in EVENEMENTS.values()]

    assert cree.status_code == 201
    assert [r.status_code for r in ecrits] == [201] * len(EVENEMENTS), [r.json() for r in ecrits]


def test_points_are_documented_as_the_numbers_they_are_sent_as(client, demande_demo):
    """A score's points go out as JSON numbers; the OpenAPI document says so (not the string pydantic
    documents a decimal as by default), for the scores and for the reports."""
    schemas = client.get("/openapi.json").json()["components"]["schemas"]
    cotation = client.get(f"/demandes/{demande_demo}/cotation").json()

    nombres = [{"type": "integer"}, {"type": "number"}]
    assert schemas["Cotation"]["properties"]["total"]["anyOf"] == nombres
    assert schemas["PublicLoge"]["properties"]["part_loges"]["anyOf"] == [*nombres, {"type": "null"}]
    assert isinstance(cotation["total"], int | float) and not isinstance(cotation["total"], bool)


def test_the_grid_warns_of_its_parameters_about_to_have_no_value(client):
    loin, proche = (client.get("/grille", params={"date": jour}).json() for jour in ("2026-06-01", "2026-11-23"))

    assert loin["alertes"] == []
    assert [a.split(" de la grille")[0] for a in proche["alertes"]] == [
        "le paramètre « seuil du 1er quartile de ressources »",
        "le paramètre « seuil du 2e quartile de ressources (médiane) »",
    ]
    assert all("n'a plus de valeur à partir du 01/01/2027" in a for a in proche["alertes"])


def test_every_endpoint_takes_one_hop_to_the_thread_pool_at_most():
    """A plain function endpoint would go to the pool twice (to run, then to validate its response)."""
    assert [route.path for route in routes() if not inspect.iscoroutinefunction(route.endpoint)] == []
