"""The agents' to-do list, pure: which envisaged malus await a decision on a given day (ADR 0014)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from uuid import UUID, uuid4

from domain.demande.evenements import SituationDeclaree
from domain.demande.malus import MalusApplique, MalusEnvisage, MalusNonRetenu, PeriodeContradictoireEchue
from domain.demande.vie import DemandeRadiee
from domain.evenements import Evenement
from projections.a_examiner import a_examiner
from tests.unit.fabrique import evenement

SYSTEME = {"type": "systeme", "composant": "planificateur"}
HABILITE = {"type": "agent", "agent_id": "MEPE-A01", "guichet_id": "MAIRIE-EPERNAY", "habilitations": ["malus"]}
AVERTI = date(2025, 3, 3)
FIN = date(2025, 3, 17)
LENDEMAIN = date(2025, 3, 18)


@dataclass
class Dossier:
    """One demande with one envisaged malus, written event by event."""

    averti_le: date = AVERTI
    guichet: str = "MAIRIE-EPERNAY"
    demande_id: UUID = field(default_factory=uuid4)
    malus_id: UUID = field(default_factory=uuid4)
    evenements: list[tuple[UUID, Evenement]] = field(default_factory=list)

    def __post_init__(self) -> None:
        agent = {"type": "agent", "agent_id": f"{self.guichet[:4]}-A02", "guichet_id": self.guichet}
        self._ecrire(MalusEnvisage, self.averti_le, agent, malus_id=self.malus_id, type_malus="FAUSSE_DECLARATION",
                     fin_periode_contradictoire=self.fin, motif="Fiche de paie aux montants incohérents")

    @property
    def fin(self) -> date:
        return self.averti_le + timedelta(days=14)

    def _ecrire(self, classe: type[Evenement], effet: date, acteur: dict, **champs: object) -> Dossier:
        self.evenements.append((self.demande_id, evenement(classe, effet, acteur=acteur, **champs)))
        return self

    def echue(self) -> Dossier:
        return self._ecrire(PeriodeContradictoireEchue, self.fin + timedelta(days=1), SYSTEME, malus_id=self.malus_id,
                            demande_modifiee=False)

    def corrigee(self, le: date) -> Dossier:
        return self._ecrire(SituationDeclaree, le, {"type": "demandeur"}, situation={"ressources_mensuelles": "900"})

    def appliquer(self, le: date) -> Dossier:
        return self._ecrire(MalusApplique, le, HABILITE, malus_id=self.malus_id, points=Decimal(-10),
                            expire_le=le.replace(year=le.year + 1), motif="Falsification confirmée")

    def ne_pas_retenir(self, le: date) -> Dossier:
        return self._ecrire(MalusNonRetenu, le, HABILITE, malus_id=self.malus_id, motif="Pièce authentique")

    def radier(self, le: date) -> Dossier:
        return self._ecrire(DemandeRadiee, le, HABILITE, cause="abandon", motif="Demande retirée")


def journal(*dossiers: Dossier) -> list[tuple[UUID, Evenement]]:
    return sorted((e for d in dossiers for e in d.evenements), key=lambda paire: paire[1].enregistre_le)


def ids(*dossiers: Dossier, au: date = date(2025, 4, 1), guichet: str | None = None) -> list[UUID]:
    return [m.malus_id for m in a_examiner(journal(*dossiers), au, guichet).malus]


def test_a_malus_is_to_examine_from_the_day_after_its_contradictory_period():
    dossier = Dossier()

    assert ids(dossier, au=FIN) == []
    assert ids(dossier, au=LENDEMAIN) == [dossier.malus_id]


def test_a_line_gives_the_ids_to_act_on_the_dates_the_wait_and_who_envisaged_it():
    dossier = Dossier().echue()

    [ligne] = a_examiner(journal(dossier), date(2025, 3, 25), libelles={"FAUSSE_DECLARATION": "Fraude"}).malus

    assert (ligne.demande_id, ligne.malus_id) == (dossier.demande_id, dossier.malus_id)
    assert (ligne.type_malus, ligne.libelle_type) == ("FAUSSE_DECLARATION", "Fraude")
    assert (ligne.averti_le, ligne.fin_periode_contradictoire, ligne.en_attente_depuis) == (AVERTI, FIN, LENDEMAIN)
    assert (ligne.jours_d_attente, ligne.constate_le) == (7, LENDEMAIN)
    assert (ligne.guichet, ligne.agent) == ("MAIRIE-EPERNAY", "MAIR-A02")


def test_the_line_says_whether_the_scheduler_has_noted_the_end_of_the_period():
    dossier = Dossier().echue()
    [ligne] = a_examiner(journal(dossier), LENDEMAIN).malus

    assert ligne.constate_le == LENDEMAIN
    assert a_examiner(journal(Dossier()), LENDEMAIN).malus[0].constate_le is None
    assert a_examiner(journal(dossier), LENDEMAIN, guichet=None).malus[0].jours_d_attente == 0


def test_a_decision_takes_the_malus_off_the_list_from_its_date_of_effect():
    applique = Dossier().echue().appliquer(date(2025, 3, 20))
    non_retenu = Dossier().echue().ne_pas_retenir(date(2025, 3, 21))

    assert set(ids(applique, non_retenu, au=date(2025, 3, 19))) == {applique.malus_id, non_retenu.malus_id}
    assert ids(applique, non_retenu, au=date(2025, 3, 20)) == [non_retenu.malus_id]
    assert ids(applique, non_retenu, au=date(2025, 3, 21)) == []


def test_a_demande_corrected_during_the_period_or_struck_off_is_not_to_examine():
    corrigee_le_dernier_jour = Dossier().corrigee(FIN)
    corrigee_apres = Dossier().corrigee(LENDEMAIN)
    radiee = Dossier().radier(date(2025, 3, 25))

    assert ids(corrigee_le_dernier_jour, corrigee_apres, radiee) == [corrigee_apres.malus_id]
    assert radiee.malus_id in ids(radiee, au=date(2025, 3, 24))


def test_the_oldest_first_and_filtered_by_the_guichet_of_the_agent_who_envisaged_it():
    recent = Dossier(averti_le=date(2025, 3, 10))
    ancien = Dossier(averti_le=date(2025, 2, 3), guichet="PLURIAL-NOVILIA")

    assert ids(recent, ancien) == [ancien.malus_id, recent.malus_id]
    assert ids(recent, ancien, guichet="MAIRIE-EPERNAY") == [recent.malus_id]
    assert a_examiner(journal(recent), date(2025, 4, 1), "MAIRIE-EPERNAY").guichet == "MAIRIE-EPERNAY"


def test_no_personal_data_but_the_ids():
    texte = a_examiner(journal(Dossier().corrigee(LENDEMAIN)), date(2025, 4, 1)).model_dump_json()

    assert "incohérents" not in texte and "900" not in texte
