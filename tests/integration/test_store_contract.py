"""The event store's contract, on SQLite and PostgreSQL: what goes in comes out, refusals write
nothing, old shapes are upcast, concurrent writers never share a version, ids carry no personal data."""

from __future__ import annotations

import inspect
import json
from datetime import date, datetime, timezone
from typing import Any, ClassVar
from uuid import UUID, uuid4

import pytest
from eventsourcing.persistence import StoredEvent
from structlog.testing import capture_logs

from adapters.application import CotationApp, id_grille
from adapters.bootstrap import creer_application
from adapters.grilles import livree, lire
from adapters.mapper import Enveloppe
from domain.demande import catalogue
from domain.demande.cal import BailSigne, CandidatDesigne, PassageCAL, PropositionRefusee, RefusJuge
from domain.demande.evenements import (
    CritereRetire,
    CritereValide,
    DemandeEnregistree,
    JustificatifDepose,
    JustificatifRejete,
    JustificatifValide,
    SituationDeclaree,
    SituationRectifiee,
)
from domain.demande.malus import (
    MalusApplique,
    MalusEnvisage,
    MalusExpire,
    MalusLeve,
    MalusNonRetenu,
    PeriodeContradictoireEchue,
)
from domain.demande.recours import RecoursDecide, RecoursDepose
from domain.demande.vie import DemandeRadiee, DemandeRenouvelee, RappelRenouvellement
from domain.erreurs import CommandeInvalide, GrilleInvalide
from domain.evenements import Evenement, enregistrer_topic
from domain.grille import evenements as evenements_grille
from domain.grille.evenements import CritereLocalDesactive, CritereLocalPurge, GrilleAdoptee

LE = datetime(2021, 12, 1, 9, tzinfo=timezone.utc)
AGENT = {"type": "agent", "agent_id": "A17", "guichet_id": "EPE1"}
PIECE = UUID("00000000-0000-4000-8000-000000000001")
SYSTEME = {"type": "systeme", "composant": "planificateur"}
HABILITE = AGENT | {"habilitations": ["malus", "recours"]}


def _evt(classe: type[Evenement], **donnees: Any) -> Evenement:
    return classe.model_validate(dict(evenement_id=uuid4(), effet_le=date(2021, 12, 1), enregistre_le=LE) | donnees)


def _exemples_demande() -> list[Evenement]:
    situation_complete = {
        "type_demande": "mutation",
        "menage": [
            {"role": "demandeur", "date_naissance": "1980-02-29"},
            {"role": "cotitulaire", "date_naissance": "1982-07-14", "handicap": True},
            {"role": "enfant", "date_naissance": "2015-03-01"},
        ],
        "ressources_mensuelles": "1234.56",
        "logement": {"situation": "locataire_parc_social", "commune": "EPERNAY", "surface_m2": "41.5",
                     "loyer_mensuel": "450.10", "aide_logement_mensuelle": "120"},
        "emplois": [{"titulaire": "demandeur", "statut": "cdd", "depuis": "2021-01-04", "commune_travail": "AY"}],
        "motifs": ["logement_trop_petit", "rapprochement_travail"],
        "souhaits": [{"commune": "EPERNAY", "typologie": "T3"}, {"commune": "MAGENTA", "typologie": "T4"}],
    }
    enregistrement = _evt(DemandeEnregistree, acteur=AGENT, numero_unique="051190900001230EPE",
                          date_premiere_inscription=date(2019, 9, 1), canal="guichet", guichet_id="EPE1",
                          situation=situation_complete)
    return [
        enregistrement,
        _evt(SituationDeclaree, acteur={"type": "demandeur"}, situation={"ressources_mensuelles": "980"}),
        _evt(SituationRectifiee, acteur=AGENT, motif="Erreur de saisie des ressources",
             situation={"ressources_mensuelles": "1080"}, corrige=[enregistrement.evenement_id]),
        _evt(JustificatifDepose, acteur={"type": "demandeur"}, justificatif_id=PIECE, critere="HANDICAP",
             type_piece="carte mobilité inclusion", sensible=True, valide_du=date(2021, 1, 1),
             valide_jusqu_au=date(2026, 1, 1)),
        _evt(JustificatifValide, acteur=AGENT, justificatif_id=PIECE),
        _evt(JustificatifRejete, acteur=AGENT, justificatif_id=uuid4(), motif="Pièce illisible"),
        _evt(CritereValide, acteur=AGENT, critere="DALO", motif="Décision de la commission", fin_le=date(2022, 12, 1)),
        _evt(CritereRetire, acteur={"type": "systeme", "composant": "ordonnanceur"}, critere="DALO",
             motif="Décision annulée"),
    ]


def _exemples_cycle() -> list[Evenement]:
    """One of each lifecycle event (CAL, validity, malus, appeals), as stored."""
    logement = {"commune": "EPERNAY", "typologie": "T3", "bailleur": "Plurial Novilia", "reservataire": "Préfecture"}
    designation, passage, malus, recours = uuid4(), uuid4(), uuid4(), uuid4()
    return [
        _evt(CandidatDesigne, acteur=AGENT, designation_id=designation, logement=logement),
        _evt(PassageCAL, acteur=AGENT, passage_id=passage, designation_id=designation, logement=logement,
             decision="attribution", rang=2),
        _evt(PropositionRefusee, acteur={"type": "demandeur"}, passage_id=passage, motif="Trop loin de l'école"),
        _evt(RefusJuge, acteur=AGENT, passage_id=passage, legitime=True, motif="Motif reconnu légitime"),
        _evt(BailSigne, acteur=AGENT, passage_id=uuid4()),
        _evt(DemandeRenouvelee, acteur={"type": "demandeur"}),
        _evt(RappelRenouvellement, acteur=SYSTEME, echeance=date(2022, 12, 1)),
        _evt(MalusEnvisage, acteur=AGENT, malus_id=malus, type_malus="FAUSSE_DECLARATION",
             fin_periode_contradictoire=date(2021, 12, 15), motif="Fiche de paie suspecte"),
        _evt(PeriodeContradictoireEchue, acteur=SYSTEME, malus_id=malus, demande_modifiee=False),
        _evt(MalusNonRetenu, acteur=HABILITE, malus_id=uuid4(), motif="Pièce authentifiée"),
        _evt(MalusApplique, acteur=HABILITE, malus_id=malus, points="-10", expire_le=date(2022, 12, 16),
             motif="Falsification confirmée"),
        _evt(RecoursDepose, acteur={"type": "demandeur"}, recours_id=recours, objet="malus", malus_id=malus,
             motif="La pièce est authentique"),
        _evt(RecoursDecide, acteur=HABILITE, recours_id=recours, issue="rejete", decide_le=date(2021, 12, 1),
             motif="Falsification établie"),
        _evt(MalusLeve, acteur=HABILITE, malus_id=malus, cause="annulation_erreur", motif="Erreur de dossier"),
        _evt(MalusExpire, acteur=SYSTEME, malus_id=uuid4()),
        _evt(DemandeRadiee, acteur=SYSTEME, cause="non_renouvellement", motif="Demande non renouvelée"),
    ]


def _exemples_grille() -> list[Evenement]:
    grille = lire(livree("epernay-2021-12"))
    return [
        _evt(GrilleAdoptee, acteur=AGENT, motif="Adoption du PPGD", grille=grille,
             effet_le=date.fromisoformat(str(grille["effet_le"]))),
        _evt(CritereLocalDesactive, acteur=AGENT, motif="Délibération de la CIL", critere="METIERS_EN_TENSION"),
        _evt(CritereLocalPurge, acteur={"type": "systeme", "composant": "planificateur"}, critere="METIERS_EN_TENSION"),
    ]


def _types_evenements() -> set[type[Evenement]]:
    """Every event of a demande (the catalogue names them all) and of a grid."""
    grille = [c for _, c in inspect.getmembers(evenements_grille, inspect.isclass)]
    return {*catalogue.TYPES.values(), *(c for c in grille if issubclass(c, Evenement) and hasattr(c, "TOPIC"))}


def _ecrire(app: CotationApp, aggregat_id: UUID, evenements: list[Evenement]) -> None:
    for version, evt in enumerate(evenements, start=1):
        app.save(Enveloppe(aggregat_id, version, evt))


def test_chaque_type_d_evenement_se_relit_a_l_identique(app):
    demande, grille = _exemples_demande() + _exemples_cycle(), _exemples_grille()
    oublies = _types_evenements() - {type(e) for e in demande + grille}
    assert not oublies, f"ajoutez un exemple pour : {sorted(c.__name__ for c in oublies)}"
    demande_id = uuid4()
    _ecrire(app, demande_id, demande)
    _ecrire(app, id_grille("CA_EPERNAY"), grille)
    assert app.historique(demande_id) == demande
    assert app.historique(id_grille("CA_EPERNAY")) == grille


@pytest.mark.parametrize(
    "changements",
    [
        pytest.param({"numero_unique": "05119090000123"}, id="numero-mal-forme"),
        pytest.param({"canal": "guichet"}, id="guichet-manquant"),
        pytest.param({"effet_le": date(2021, 12, 2)}, id="effet-apres-enregistrement"),
    ],
)
def test_un_enregistrement_refuse_n_ecrit_rien(app, donnees_demande, nombre_evenements, changements):
    with pytest.raises(CommandeInvalide):
        app.enregistrer_demande(donnees_demande(**changements))
    assert nombre_evenements() == 0


def test_un_evenement_refuse_par_les_regles_n_ecrit_rien(app, donnees_demande, nombre_evenements):
    demande_id, _ = app.enregistrer_demande(donnees_demande())
    rectification_par_le_demandeur = dict(
        effet_le=date(2021, 12, 1), acteur={"type": "demandeur"}, motif="Je corrige",
        situation={"ressources_mensuelles": "700"},
    )
    with pytest.raises(CommandeInvalide, match="seul un agent habilité"):
        app.ajouter(demande_id, SituationRectifiee, rectification_par_le_demandeur)
    with pytest.raises(CommandeInvalide, match="précède l'enregistrement"):
        app.ajouter(demande_id, SituationDeclaree, dict(effet_le=date(2021, 11, 30), acteur={"type": "demandeur"},
                                                        situation={"ressources_mensuelles": "700"}))
    assert nombre_evenements() == 1


def test_une_grille_refusee_n_ecrit_rien(app, nombre_evenements):
    grille = lire(livree("epernay-2021-12"))
    grille["territoire"]["code"] = "CA_AILLEURS"
    with pytest.raises(GrilleInvalide, match="territoire"):
        app.adopter_grille(dict(grille=grille, effet_le=date(2021, 12, 1), acteur=AGENT, motif="Adoption"))
    assert nombre_evenements() == 0


def test_seuls_les_reglages_choisissent_le_stockage(reglages, horloge, donnees_demande, monkeypatch):
    """Variables the library would read on its own (prefixed with the application name) are ignored."""
    monkeypatch.setenv("COTATION_POSTGRES_DBNAME", "base_inexistante")
    monkeypatch.setenv("COTATION_SQLITE_DBNAME", "/inexistant/cotation.sqlite")
    monkeypatch.setenv("COTATION_PERSISTENCE_MODULE", "eventsourcing.popo")
    application = creer_application(reglages, horloge)
    try:
        demande_id, _ = application.enregistrer_demande(donnees_demande())
        assert application.rechercher(donnees_demande()["numero_unique"]) == demande_id
    finally:
        application.close()


def test_un_stockage_en_memoire_est_refuse():
    with pytest.raises(ValueError, match="stockage non pris en charge"):
        CotationApp("CA_EPERNAY", env={"PERSISTENCE_MODULE": "eventsourcing.popo"})


# --- upcasting: an event stored in its first shape is read in its current one ---------------


@enregistrer_topic
class NoteEssai(Evenement):
    """Test-only event: version 2 split ``texte`` into ``titre`` and ``corps``."""

    TOPIC: ClassVar[str] = "test.stockage.note"
    libelle: ClassVar[str] = "note d'essai"
    class_version: ClassVar[int] = 2

    titre: str
    corps: str

    @staticmethod
    def upcast_v1_v2(donnees: dict[str, Any]) -> None:
        titre, _, corps = donnees.pop("texte").partition("\n")
        donnees.update(titre=titre, corps=corps)


def test_un_evenement_stocke_en_version_1_se_relit_en_version_2(app):
    aggregat_id = uuid4()
    etat_v1 = {"evenement_id": str(uuid4()), "effet_le": "2021-12-01", "enregistre_le": "2021-12-01T09:00:00Z",
               "acteur": {"type": "demandeur"}, "motif": None, "texte": "Objet\nLe détail"}
    app.recorder.insert_events([StoredEvent(aggregat_id, 1, NoteEssai.TOPIC, json.dumps(etat_v1).encode())])
    (relu,) = app.historique(aggregat_id)
    assert isinstance(relu, NoteEssai)
    assert (relu.titre, relu.corps, relu.enregistre_le) == ("Objet", "Le détail", LE)


def test_la_version_de_classe_est_stockee_avec_l_etat(app):
    note = _evt(NoteEssai, acteur={"type": "demandeur"}, titre="Objet", corps="Le détail")
    aggregat_id = uuid4()
    app.save(Enveloppe(aggregat_id, 1, note))
    (stocke,) = app.recorder.select_events(aggregat_id)
    assert json.loads(stocke.state)["class_version"] == 2
    assert app.historique(aggregat_id) == [note]


# --- two writers on one demande ---------------------------------------------------------------


def _declaration(ressources: str) -> dict[str, Any]:
    return dict(effet_le=date(2021, 12, 1), acteur={"type": "demandeur"},
                situation={"ressources_mensuelles": ressources})


def test_deux_ecritures_concurrentes_prennent_deux_versions(app, lent, donnees_demande):
    demande_id, _ = app.enregistrer_demande(donnees_demande())
    lent.intrusion = lambda: app.ajouter(demande_id, SituationDeclaree, _declaration("900"))
    with capture_logs() as journaux:
        lent.ajouter(demande_id, SituationDeclaree, _declaration("800"))
    assert [e.originator_version for e in app.recorder.select_events(demande_id)] == [1, 2, 3]
    assert [e.situation.ressources_mensuelles for e in app.historique(demande_id)[1:]] == [900, 800]
    assert [j["event"] for j in journaux] == ["evenement_enregistre", "ecriture_concurrente", "evenement_enregistre"]


def test_la_nouvelle_tentative_reverifie_les_regles(app, lent, donnees_demande):
    demande_id, _ = app.enregistrer_demande(donnees_demande())
    depot = dict(effet_le=date(2021, 12, 1), acteur={"type": "demandeur"}, justificatif_id=PIECE,
                 critere="HANDICAP", type_piece="attestation")
    app.ajouter(demande_id, JustificatifDepose, depot)
    decision = dict(effet_le=date(2021, 12, 1), acteur=AGENT, justificatif_id=PIECE)
    lent.intrusion = lambda: app.ajouter(demande_id, JustificatifValide, decision)
    with pytest.raises(CommandeInvalide, match="déjà été validé ou rejeté"):
        lent.ajouter(demande_id, JustificatifRejete, decision | {"motif": "Pièce illisible"})
    assert [type(e) for e in app.historique(demande_id)] == [DemandeEnregistree, JustificatifDepose, JustificatifValide]


# --- personal data stays in the state -------------------------------------------------------


def test_aucune_donnee_personnelle_hors_de_l_etat_stocke(app, donnees_demande):
    demande_id, evt = app.enregistrer_demande(donnees_demande())
    assert demande_id.version == 4  # random, derived from nothing
    with app.recorder.datastore.transaction(commit=False) as curs:
        curs.execute(f"SELECT * FROM {app.recorder.events_table_name}")
        (ligne,) = [dict(r) for r in curs.fetchall()]
    hors_etat = " ".join(str(v) for colonne, v in ligne.items() if colonne != "state")
    assert ligne["topic"] == "cotation.demande.enregistree"
    for donnee in (evt.numero_unique, "1995-01-01", "heberge_tiers"):
        assert donnee not in hors_etat
        assert donnee in bytes(ligne["state"]).decode()
