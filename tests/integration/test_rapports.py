"""The CIL reports on both stores: malus lives written through the application, read back from the
log in batches of the report topics only, folded and rendered (JSON, CSV, HTML)."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime, time, timedelta
from uuid import UUID, uuid4

import pytest

from adapters.application import CotationApp
from adapters.demo.semis import ADOPTION, adoption
from adapters.horloge import HorlogeReglable
from adapters.rapports import cil
from adapters.rapports.lecture import evenements
from domain.demande.evenements import SituationDeclaree
from domain.demande.malus import MalusApplique, MalusEnvisage, MalusLeve, PeriodeContradictoireEchue
from domain.demande.recours import RecoursDecide, RecoursDepose
from domain.erreurs import CommandeInvalide
from projections.bilan_malus import TOPICS, Etat

AGENT = {"type": "agent", "agent_id": "PLNV-A02", "guichet_id": "PLURIAL-NOVILIA"}
HABILITE = AGENT | {"agent_id": "PLNV-A01", "habilitations": ["malus"]}
RECOURS = {"type": "agent", "agent_id": "EPCI-A02", "guichet_id": "CA-EPERNAY", "habilitations": ["recours"]}
SYSTEME = {"type": "systeme", "composant": "planificateur"}
DEMANDEUR = {"type": "demandeur"}
AU = date(2023, 12, 31)


class Territoire:
    """Writes malus lives through the application, the clock set to each write's day."""

    def __init__(self, app: CotationApp, horloge: HorlogeReglable, donnees_demande) -> None:
        self.app, self.horloge, self.donnees, self.numero = app, horloge, donnees_demande, 0
        horloge.regler(ADOPTION)
        app.adopter_grille(adoption().donnees)

    def ecrire(self, demande_id: UUID, classe, effet: date, acteur: dict, **champs) -> None:
        self.horloge.regler(datetime.combine(effet, time(10), tzinfo=UTC))
        self.app.ajouter(demande_id, classe, {"effet_le": effet, "acteur": acteur, **champs})

    def demande(self) -> UUID:
        self.numero += 1
        self.horloge.regler(datetime(2022, 1, 3, 9, tzinfo=UTC))
        numero = f"05122010000{self.numero:04d}EPE"
        demande_id, _ = self.app.enregistrer_demande(self.donnees(numero, effet_le=date(2022, 1, 3)))
        return demande_id

    def malus(self, averti_le: date, corrige: bool = False) -> tuple[UUID, UUID]:
        demande_id, malus_id = self.demande(), uuid4()
        self.ecrire(demande_id, MalusEnvisage, averti_le, AGENT, malus_id=malus_id, type_malus="FAUSSE_DECLARATION",
                    motif="Fiche de paie aux montants incohérents")
        if corrige:
            self.ecrire(demande_id, SituationDeclaree, averti_le + timedelta(days=3), DEMANDEUR,
                        situation={"ressources_mensuelles": "1200"})
        self.ecrire(demande_id, PeriodeContradictoireEchue, averti_le + timedelta(days=15), SYSTEME, malus_id=malus_id,
                    demande_modifiee=corrige)
        if not corrige:
            self.ecrire(demande_id, MalusApplique, averti_le + timedelta(days=16), HABILITE, malus_id=malus_id,
                        motif="Aucune pièce probante produite dans le délai")
        return demande_id, malus_id


@pytest.fixture
def territoire(app, horloge, donnees_demande) -> Territoire:
    territoire = Territoire(app, horloge, donnees_demande)
    territoire.malus(date(2023, 1, 9))
    territoire.malus(date(2023, 2, 6), corrige=True)
    demande_id, malus_id = territoire.malus(date(2023, 3, 6))
    territoire.ecrire(demande_id, MalusLeve, date(2023, 4, 3), HABILITE, malus_id=malus_id, cause="annulation_erreur",
                      motif="Erreur : pièce d'un autre dossier")
    demande_id, malus_id = territoire.malus(date(2023, 5, 1))
    recours_id = uuid4()
    territoire.ecrire(demande_id, RecoursDepose, date(2023, 5, 22), DEMANDEUR, recours_id=recours_id, objet="malus",
                      malus_id=malus_id, motif="Le document est authentique")
    territoire.ecrire(demande_id, RecoursDecide, date(2023, 6, 19), RECOURS, recours_id=recours_id, issue="accueilli",
                      decide_le=date(2023, 6, 19), motif="Original produit")
    territoire.horloge.regler(datetime(2024, 1, 15, 9, tzinfo=UTC))
    return territoire


def test_the_bilan_of_a_year_from_the_store(app, territoire):
    bilan = cil.bilan_malus(app, 2023, AU)

    env, issues = bilan.envisagements, bilan.issues
    assert (env.envisages, env.appliques, env.ecartes_apres_correction) == (4, 3, 1)
    assert (issues.appliques, issues.en_cours, issues.leves_erreur, issues.leves_recours) == (3, 1, 1, 1)
    assert bilan.par_type[0].libelle.startswith("Malus pour fausse déclaration")
    assert [(g.cle, g.appliques) for g in bilan.par_guichet] == [("PLURIAL-NOVILIA", 3)]
    assert (bilan.recours[0].deposes, bilan.recours[0].accueillis) == (1, 1)


def test_the_log_is_read_in_batches_of_the_report_topics_only(app, territoire):
    par_deux = list(evenements(app, TOPICS, lot=2))

    assert {type(evt).TOPIC for _, evt in par_deux} <= set(TOPICS)
    assert len(par_deux) == 4 + 4 + 3 + 1 + 2  # envisaged, period ends, applied, lifted, appeal filed and decided
    assert cil.bilan_malus(app, 2023, AU, lot=2) == cil.bilan_malus(app, 2023, AU, lot=1000)


def test_the_malus_applied_since_a_meeting(app, territoire):
    rapport = cil.malus_depuis(app, date(2023, 3, 1), AU)

    assert [m.etat for m in rapport.malus] == [Etat.LEVE_ERREUR, Etat.LEVE_RECOURS]
    assert rapport.malus[1].recours == "accueilli" and rapport.malus[1].fin_le == date(2023, 6, 19)


def test_the_report_day_defaults_to_today_by_the_clock(app, territoire):
    assert cil.malus_depuis(app, date(2023, 1, 1)).au == date(2024, 1, 15)


def test_csv_and_html_renderings(app, territoire):
    bilan = cil.bilan_malus(app, 2023, AU)

    en_csv = cil.rendre(bilan, "csv", app)
    en_html = cil.rendre(bilan, "html", app)

    lignes = list(csv.DictReader(io.StringIO(en_csv.contenu.removeprefix("\ufeff")), delimiter=";"))
    assert {"tableau": "issues", "cle": "", "libelle": "", "mesure": "leves_erreur", "valeur": "1"} in lignes
    assert en_csv.nom_fichier == "bilan-malus-2023.csv" and en_csv.type_media.startswith("text/csv")
    assert en_html.contenu.startswith("<!DOCTYPE html>") and "<svg" in en_html.contenu
    assert json.loads(cil.rendre(bilan, "json", app).contenu)["annee"] == 2023


def test_impossible_periods_are_refused_in_french(app, territoire):
    with pytest.raises(CommandeInvalide, match="suit le jour du rapport"):
        cil.malus_depuis(app, date(2024, 2, 1), date(2024, 1, 1))
    with pytest.raises(CommandeInvalide, match="année invalide"):
        cil.bilan_malus(app, 2031, AU)
