from datetime import date, datetime, timezone

from adapters.grilles import livree, lire


def test_une_demande_est_cotee_sur_chaque_store(app, horloge):
    app.adopter_grille(
        dict(grille=lire(livree("epernay-2021-12")), effet_le=date(2021, 12, 1),
             acteur={"type": "agent", "agent_id": "A1", "guichet_id": "EPCI"}, motif="Adoption du PPGD")
    )
    horloge.regler(datetime(2021, 12, 2, 9, tzinfo=timezone.utc))
    demande_id, _ = app.enregistrer_demande(
        dict(effet_le=date(2021, 12, 2), acteur={"type": "demandeur"}, numero_unique="051190900001230EPE",
             date_premiere_inscription=date(2019, 9, 1), canal="portail",
             situation={"type_demande": "premiere_demande",
                        "menage": [{"role": "demandeur", "date_naissance": "1995-01-01"}],
                        "ressources_mensuelles": "500", "logement": {"situation": "heberge_tiers"},
                        "emplois": [], "souhaits": [{"commune": "EPERNAY", "typologie": "T2"}]})
    )
    assert app.cotation(demande_id, date(2021, 12, 15)).total == 50
