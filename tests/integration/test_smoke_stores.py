from datetime import date, datetime, timezone

from adapters.grilles import livree, lire


def test_une_demande_est_cotee_sur_chaque_store(app, horloge, donnees_demande):
    app.adopter_grille(
        dict(grille=lire(livree("epernay-2021-12")), effet_le=date(2021, 12, 1),
             acteur={"type": "agent", "agent_id": "A1", "guichet_id": "EPCI"}, motif="Adoption du PPGD")
    )
    horloge.regler(datetime(2021, 12, 2, 9, tzinfo=timezone.utc))
    demande_id, _ = app.enregistrer_demande(donnees_demande(effet_le=date(2021, 12, 2)))
    assert app.cotation(demande_id, date(2021, 12, 15)).total == 50
