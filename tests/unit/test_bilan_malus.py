"""The CIL reports, pure: malus applied since a date, and the yearly bilan, from malus lives."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from uuid import UUID, uuid4

from domain.demande.malus import MalusApplique, MalusEnvisage, MalusLeve, MalusNonRetenu, PeriodeContradictoireEchue
from domain.demande.recours import RecoursDecide, RecoursDepose
from domain.evenements import Evenement
from projections.bilan_malus import Etat, bilan_malus, malus_depuis, reference
from tests.unit.fabrique import evenement

SYSTEME = {"type": "systeme", "composant": "planificateur"}
SUSPICION = "Avis d'imposition présentant des montants modifiés"
HEBERGEMENT = "Fausse attestation d'hébergement"


def agent(agent_id: str = "PLNV-A01", guichet: str = "PLURIAL-NOVILIA") -> dict:
    return {"type": "agent", "agent_id": agent_id, "guichet_id": guichet, "habilitations": ["malus", "recours"]}


@dataclass
class Vie:
    """The life of one malus of one demande, written event by event."""

    envisage_le: date
    motif: str = SUSPICION
    demande_id: UUID = field(default_factory=uuid4)
    malus_id: UUID = field(default_factory=uuid4)
    evenements: list[tuple[UUID, Evenement]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._ecrire(MalusEnvisage, self.envisage_le, agent(), malus_id=self.malus_id, motif=self.motif,
                     type_malus="FAUSSE_DECLARATION",
                     fin_periode_contradictoire=self.fin_periode)

    @property
    def fin_periode(self) -> date:
        return self.envisage_le + timedelta(days=14)

    def _ecrire(self, classe: type[Evenement], effet: date, acteur: dict, enregistre: date | None = None,
                **champs: object) -> Vie:
        self.evenements.append((self.demande_id, evenement(classe, effet, enregistre, acteur, **champs)))
        return self

    def echue(self, demande_modifiee: bool = False) -> Vie:
        return self._ecrire(PeriodeContradictoireEchue, self.fin_periode + timedelta(days=1), SYSTEME,
                            malus_id=self.malus_id, demande_modifiee=demande_modifiee)

    def appliquer(self, le: date | None = None, par: dict | None = None, enregistre: date | None = None) -> Vie:
        le = le or self.fin_periode + timedelta(days=2)
        self.applique_le = le
        return self._ecrire(MalusApplique, le, par or agent(), enregistre, malus_id=self.malus_id, points=Decimal(-10),
                            expire_le=le.replace(year=le.year + 1), motif="Aucune explication produite")

    def ne_pas_retenir(self, le: date) -> Vie:
        return self._ecrire(MalusNonRetenu, le, agent(), malus_id=self.malus_id, motif="Pièce authentique")

    def lever(self, le: date) -> Vie:
        return self._ecrire(MalusLeve, le, agent(), malus_id=self.malus_id, cause="annulation_erreur",
                            motif="Pièce authentique après vérification")

    def contester(self, le: date, issue: str | None = None, decide_le: date | None = None,
                  effet_le: date | None = None) -> Vie:
        recours_id = uuid4()
        self._ecrire(RecoursDepose, le, {"type": "demandeur"}, recours_id=recours_id, objet="malus",
                     malus_id=self.malus_id, motif="Le document est authentique")
        if issue:
            decide_le = decide_le or le + timedelta(days=20)
            self._ecrire(RecoursDecide, effet_le or decide_le, agent("MEPE-A02", "MAIRIE-EPERNAY"), decide_le,
                         recours_id=recours_id, issue=issue, decide_le=decide_le, motif="Examen du recours")
        return self


def journal(*vies: Vie) -> list[tuple[UUID, Evenement]]:
    return sorted((e for v in vies for e in v.evenements), key=lambda paire: paire[1].enregistre_le)


# --- (a) malus applied since a date --------------------------------------------------------------


def test_the_agenda_lists_the_malus_applied_since_the_last_meeting_with_an_opaque_reference():
    avant = Vie(date(2025, 1, 6)).appliquer()
    apres = Vie(date(2025, 3, 3)).appliquer()

    rapport = malus_depuis(journal(avant, apres), date(2025, 3, 1), date(2025, 6, 30), {"FAUSSE_DECLARATION": "Fraude"})

    [ligne] = rapport.malus
    assert ligne.demande == reference("D", apres.demande_id) == f"D-{apres.demande_id.hex[:8]}"
    assert ligne.libelle_type == "Fraude" and ligne.points == Decimal(-10)
    assert (ligne.applique_le, ligne.expire_le) == (date(2025, 3, 19), date(2026, 3, 19))
    assert (ligne.guichet, ligne.agent, ligne.etat) == ("PLURIAL-NOVILIA", "PLNV-A01", Etat.EN_COURS)
    assert ligne.motif == SUSPICION


def test_a_malus_recorded_after_the_meeting_is_listed_even_if_it_took_effect_before():
    tardif = Vie(date(2025, 2, 3)).appliquer(le=date(2025, 2, 20), enregistre=date(2025, 3, 5))

    assert len(malus_depuis(journal(tardif), date(2025, 3, 1), date(2025, 6, 30)).malus) == 1


def test_the_agenda_shows_appeals_and_the_state_at_the_report_day():
    vie = Vie(date(2025, 3, 3)).appliquer().contester(date(2025, 4, 1))

    [ligne] = malus_depuis(journal(vie), date(2025, 3, 1), date(2025, 4, 2)).malus

    assert ligne.recours == "en_instruction" and ligne.fin_le is None


def test_the_reports_carry_no_numero_and_no_raw_identifier():
    vie = Vie(date(2025, 3, 3)).appliquer()

    texte = malus_depuis(journal(vie), date(2025, 1, 1), date(2025, 12, 31)).model_dump_json()

    assert str(vie.demande_id) not in texte and vie.demande_id.hex not in texte


# --- (b) the yearly bilan ------------------------------------------------------------------------


def test_envisaged_malus_and_what_became_of_them():
    vies = [
        Vie(date(2025, 2, 3)).echue().appliquer(),
        Vie(date(2025, 2, 10)).echue(demande_modifiee=True),
        Vie(date(2025, 5, 5)).echue(),
        Vie(date(2025, 12, 22)),
    ]

    bilan = bilan_malus(journal(*vies), 2025, date(2025, 12, 31))

    env = bilan.envisagements
    assert (env.envisages, env.appliques, env.ecartes_apres_correction, env.non_appliques) == (4, 1, 1, 1)
    assert env.en_periode_contradictoire == 1


def test_a_malus_not_retained_is_an_outcome_of_its_own_from_its_decision_day():
    vie = Vie(date(2025, 5, 5)).echue().ne_pas_retenir(date(2025, 5, 26))

    avant, apres = (bilan_malus(journal(vie), 2025, au).envisagements for au in (date(2025, 5, 25), date(2025, 5, 26)))

    assert (avant.non_appliques, avant.non_retenus) == (1, 0)
    assert (apres.non_appliques, apres.non_retenus, apres.appliques) == (0, 1, 0)


def test_lifted_early_versus_expired_and_the_durations():
    expire = Vie(date(2024, 1, 8)).appliquer(le=date(2025, 1, 2))
    leve = Vie(date(2025, 3, 3)).appliquer(le=date(2025, 3, 20)).lever(date(2025, 4, 19))
    accueilli = Vie(date(2025, 4, 7)).appliquer(le=date(2025, 4, 25)).contester(
        date(2025, 5, 2), "accueilli", decide_le=date(2025, 6, 2), effet_le=date(2025, 4, 25))
    rejete = Vie(date(2025, 6, 2)).appliquer(le=date(2025, 6, 20)).contester(date(2025, 7, 1), "rejete")

    bilan = bilan_malus(journal(expire, leve, accueilli, rejete), 2025, date(2026, 2, 1))

    issues = bilan.issues
    assert (issues.appliques, issues.expires, issues.leves_erreur, issues.leves_recours) == (4, 1, 1, 1)
    assert issues.leves_avant_echeance == 2
    durees = bilan.durees
    assert (durees.terminees, durees.minimum_jours, durees.maximum_jours) == (3, 0, 365)
    assert durees.moyenne_jours == Decimal("131.7") and durees.mediane_jours == Decimal("30.0")
    assert issues.en_cours == durees.en_cours == 1
    assert durees.anciennete_moyenne_jours == Decimal((date(2026, 2, 1) - date(2025, 6, 20)).days)


def test_expiry_counts_from_its_date_even_before_the_scheduler_writes_it():
    vie = Vie(date(2024, 1, 8)).appliquer(le=date(2024, 1, 25))

    assert bilan_malus(journal(vie), 2024, date(2025, 1, 24)).issues.en_cours == 1
    assert bilan_malus(journal(vie), 2024, date(2025, 1, 25)).issues.expires == 1


def test_a_lifting_decided_after_the_report_day_is_not_yet_counted():
    vie = Vie(date(2025, 3, 3)).appliquer(le=date(2025, 3, 20)).contester(
        date(2025, 4, 1), "accueilli", decide_le=date(2025, 5, 1), effet_le=date(2025, 5, 1))

    assert bilan_malus(journal(vie), 2025, date(2025, 4, 30)).issues.en_cours == 1
    assert bilan_malus(journal(vie), 2025, date(2025, 5, 1)).issues.leves_recours == 1


def test_counts_by_type_motive_guichet_and_agent():
    vies = [
        Vie(date(2025, 2, 3)).appliquer(par=agent("PLNV-A01", "PLURIAL-NOVILIA")),
        Vie(date(2025, 3, 3), motif="avis d'imposition  présentant des montants MODIFIÉS").appliquer(
            par=agent("PLNV-A02", "PLURIAL-NOVILIA")),
        Vie(date(2025, 4, 7), motif=HEBERGEMENT).appliquer(par=agent("MEPE-A01", "MAIRIE-EPERNAY")),
    ]

    bilan = bilan_malus(journal(*vies), 2025, date(2025, 12, 31), {"FAUSSE_DECLARATION": "Fausse déclaration"})

    [par_type] = bilan.par_type
    assert (par_type.libelle, par_type.appliques, par_type.points) == ("Fausse déclaration", 3, Decimal(-30))
    assert [(m.motif, m.appliques) for m in bilan.par_motif] == [(SUSPICION, 2), (HEBERGEMENT, 1)]
    assert [(g.cle, g.appliques) for g in bilan.par_guichet] == [("PLURIAL-NOVILIA", 2), ("MAIRIE-EPERNAY", 1)]
    assert [(a.cle, a.appliques) for a in bilan.par_agent] == [("MEPE-A01", 1), ("PLNV-A01", 1), ("PLNV-A02", 1)]


def test_appeals_by_object_and_outcome():
    vies = [
        Vie(date(2025, 2, 3)).appliquer().contester(date(2025, 3, 1), "accueilli", decide_le=date(2025, 3, 11)),
        Vie(date(2025, 2, 3)).appliquer().contester(date(2025, 3, 1), "rejete", decide_le=date(2025, 3, 31)),
        Vie(date(2025, 2, 3)).appliquer().contester(date(2025, 12, 20)),
    ]

    [malus, critere] = bilan_malus(journal(*vies), 2025, date(2025, 12, 31)).recours

    assert (malus.objet, malus.deposes, malus.accueillis, malus.rejetes, malus.en_instruction) == ("malus", 3, 1, 1, 1)
    assert malus.delai_moyen_jours == Decimal(20) and critere.deposes == 0


def test_month_by_month_series():
    vies = [
        Vie(date(2025, 1, 6)).appliquer(),
        Vie(date(2025, 1, 27)).appliquer().lever(date(2025, 3, 3)),
        Vie(date(2024, 2, 5)).appliquer(le=date(2024, 2, 26)),
    ]

    bilan = bilan_malus(journal(*vies), 2025, date(2025, 12, 31))

    mois = {m.mois: m for m in bilan.par_mois}
    assert len(mois) == 12 and (mois["2025-01"].envisages, mois["2025-01"].appliques) == (2, 1)
    assert (mois["2025-02"].appliques, mois["2025-02"].expires, mois["2025-03"].leves) == (1, 1, 1)
    assert sum(m.appliques for m in bilan.par_mois) == bilan.issues.appliques == 2


def test_an_empty_year_gives_an_empty_bilan():
    bilan = bilan_malus([], 2025, date(2025, 12, 31))

    assert bilan.issues.appliques == 0 and bilan.durees.moyenne_jours is None and bilan.par_type == []
    assert [m.appliques for m in bilan.par_mois] == [0] * 12
