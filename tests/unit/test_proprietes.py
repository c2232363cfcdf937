"""Properties of scoring over generated histories of demandes (hypothesis).

A history is a registration followed by changes, rectifications, justificatifs and their
decisions, manual validations and withdrawals, each recorded after the previous one (as the
store appends them) with a date of effect anywhere between the registration and its recording.
Events the rules of a demande refuse are left out, as the application would refuse them.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from uuid import UUID

from hypothesis import given, settings
from hypothesis import strategies as st

from domain.cotation.moteur import coter
from domain.cotation.resultat import Cotation
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
from domain.demande.faits import StatutJustificatif, faits_au
from domain.demande.regles import verifier
from domain.demande.valeurs import MotifDemande, SituationLogement, StatutEmploi, Typologie
from domain.erreurs import CommandeInvalide
from domain.evenements import Evenement, relire
from domain.grille.modele import Etablissement, GrilleVersion, OptionJustificatif, Rubrique
from tests.unit.fabrique import AGENT, DEMANDEUR, EPERNAY, NUMERO, avec_critere, instant

REGLAGES = settings(max_examples=60, deadline=None, database=None)
DERNIER_JOUR = date(2026, 12, 31)  # the last day the Épernay grid has all its parameter values
COMMUNES = ["EPERNAY", "PIERRY", "REIMS"]
#: Documents go to any criterion, most often to those a generated ménage often meets.
PIECES_POUR = st.sampled_from(["PREMIER_QUARTILE", "ANCIENNETE", "HABITE_COMMUNE"]) | st.sampled_from(
    [c.code for c in EPERNAY.criteres])
MANUELS = [c.code for c in EPERNAY.criteres if c.etablissement is Etablissement.VALIDATION_MANUELLE]
#: Épernay under each option, and a variant with a rubric and a criterion under its own option 3.
GRILLES = [EPERNAY.model_copy(update={"option_justificatif": option}) for option in OptionJustificatif] + [
    avec_critere(
        avec_critere(
            EPERNAY.model_copy(update={"rubriques": [Rubrique(code="ANCRAGE", libelle="Ancrage")]}),
            "HABITE_COMMUNE", rubrique="ANCRAGE", option_justificatif=3,
        ),
        "TRAVAILLE_COMMUNE", rubrique="ANCRAGE",
    )
]


def jours(debut: date, fin: date) -> st.SearchStrategy[date]:
    return st.dates(min_value=debut, max_value=fin)


def euros(maximum: int) -> st.SearchStrategy:
    return st.decimals(min_value=0, max_value=maximum, places=2)


def personne(role: str, nes: tuple[date, date]) -> st.SearchStrategy[dict]:
    return st.fixed_dictionaries({"role": st.just(role), "date_naissance": jours(*nes), "handicap": st.booleans()})


@st.composite
def menages(draw) -> list[dict]:
    menage = [draw(personne("demandeur", (date(1940, 1, 1), date(2004, 1, 1))))]
    menage += draw(st.lists(personne("cotitulaire", (date(1940, 1, 1), date(2004, 1, 1))), max_size=1))
    menage += draw(st.lists(personne("enfant", (date(1998, 1, 1), date(2023, 12, 31))), max_size=4))
    return menage + draw(st.lists(personne("autre", (date(1930, 1, 1), date(2005, 1, 1))), max_size=1))


LOGEMENTS = st.fixed_dictionaries({
    "situation": st.sampled_from(SituationLogement),
    "commune": st.none() | st.sampled_from(COMMUNES),
    "surface_m2": st.none() | st.decimals(min_value=5, max_value=120, places=2),
    "loyer_mensuel": st.none() | euros(1500),
    "aide_logement_mensuelle": st.none() | euros(400),
})
EMPLOIS = st.lists(st.fixed_dictionaries({
    "titulaire": st.sampled_from(["demandeur", "cotitulaire"]),
    "statut": st.sampled_from(StatutEmploi),
    "depuis": st.none() | jours(date(2015, 1, 1), date(2024, 6, 30)),
    "commune_travail": st.none() | st.sampled_from(COMMUNES),
}), max_size=2)
SOUHAITS = st.lists(st.fixed_dictionaries({
    "commune": st.sampled_from(COMMUNES[:2]), "typologie": st.sampled_from(Typologie),
}), min_size=1, max_size=3)
BLOCS = {
    "type_demande": st.sampled_from(["premiere_demande", "mutation"]),
    "menage": menages(),
    "ressources_mensuelles": euros(5000),
    "logement": LOGEMENTS,
    "emplois": EMPLOIS,
    "motifs": st.frozensets(st.sampled_from(MotifDemande), max_size=3),
    "souhaits": SOUHAITS,
}


@st.composite
def changements(draw) -> dict:
    noms = draw(st.lists(st.sampled_from(sorted(BLOCS)), min_size=1, max_size=3, unique=True))
    return {nom: draw(BLOCS[nom]) for nom in noms}


@dataclass(frozen=True)
class Moment:
    """Where a history stands when its next event is drawn."""

    effet: date
    enregistre: datetime
    en_attente: dict[UUID, date]  # documents not decided yet, with the date of their deposit
    valides: list[str]  # criteria validated by an agent and not withdrawn

    def champs(self, draw, agent: bool = False) -> dict:
        champs = {"evenement_id": draw(st.uuids()), "effet_le": self.effet, "enregistre_le": self.enregistre}
        if agent:
            return {**champs, "acteur": AGENT, "motif": "Décision de l'agent"}
        return {**champs, "acteur": DEMANDEUR}


def _declaree(draw, moment: Moment) -> list[Evenement]:
    return [SituationDeclaree.creer(**moment.champs(draw), situation=draw(changements()))]


def _rectifiee(draw, moment: Moment) -> list[Evenement]:
    return [SituationRectifiee.creer(**moment.champs(draw, agent=True), situation=draw(changements()))]


def _depot(draw, moment: Moment) -> list[Evenement]:
    """A document, often decided a minute later."""
    debut = draw(st.one_of(st.none(), st.none(), jours(moment.effet - timedelta(days=60), moment.effet)))
    fin = draw(st.one_of(st.none(), st.none(), jours(debut or moment.effet, moment.effet + timedelta(days=400))))
    depot = JustificatifDepose.creer(**moment.champs(draw), justificatif_id=draw(st.uuids()), critere=draw(PIECES_POUR),
                                     type_piece="pièce", valide_du=debut, valide_jusqu_au=fin)
    ensuite = Moment(moment.effet, moment.enregistre + timedelta(minutes=1), {depot.justificatif_id: moment.effet}, [])
    return [depot, *(_decision(draw, ensuite) if draw(st.booleans()) else [])]


def _decision(draw, moment: Moment) -> list[Evenement]:
    if not moment.en_attente:
        return []
    piece = draw(st.sampled_from(sorted(moment.en_attente)))
    classe = draw(st.sampled_from([JustificatifValide, JustificatifValide, JustificatifRejete]))
    champs = {**moment.champs(draw, agent=True), "effet_le": max(moment.effet, moment.en_attente[piece])}
    return [classe.creer(**champs, justificatif_id=piece)]


def _validation(draw, moment: Moment) -> list[Evenement]:
    fin = draw(st.none() | jours(moment.effet, moment.effet + timedelta(days=500)))
    return [CritereValide.creer(**moment.champs(draw, agent=True), critere=draw(st.sampled_from(MANUELS)), fin_le=fin)]


def _retrait(draw, moment: Moment) -> list[Evenement]:
    if not moment.valides:
        return []
    return [CritereRetire.creer(**moment.champs(draw, agent=True), critere=draw(st.sampled_from(moment.valides)))]


GENRES = [_declaree, _rectifiee, _depot, _decision, _validation, _retrait]


def moment(evenements: list[Evenement], effet: date, enregistre: datetime) -> Moment:
    faits = faits_au(evenements, date.max)
    en_attente = {j.justificatif_id: j.sources[0].effet_le for j in faits.justificatifs.values()
                  if j.statut is StatutJustificatif.DEPOSE}
    valides = sorted(code for code, manuel in faits.criteres_manuels.items() if manuel.valide)
    return Moment(effet, enregistre, en_attente, valides)


@st.composite
def historiques(draw) -> list[Evenement]:
    """A registration and the events that follow it, recorded in increasing order."""
    debut = draw(jours(date(2021, 12, 1), date(2024, 6, 30)))
    enregistre = instant(debut) + timedelta(minutes=draw(st.integers(0, 600)))
    evenements: list[Evenement] = [DemandeEnregistree.creer(
        evenement_id=draw(st.uuids()), effet_le=debut, enregistre_le=enregistre, acteur=DEMANDEUR,
        numero_unique=NUMERO, date_premiere_inscription=debut - timedelta(days=draw(st.integers(0, 1500))),
        canal="portail", situation={nom: draw(strategie) for nom, strategie in BLOCS.items()},
    )]
    for _ in range(draw(st.integers(1, 8))):
        enregistre += timedelta(hours=draw(st.integers(1, 24 * 120)))
        effet = debut + timedelta(days=draw(st.integers(0, (enregistre.date() - debut).days)))
        genre = draw(st.sampled_from(GENRES))
        _ajouter_si_admis(evenements, lambda: genre(draw, moment(evenements, effet, enregistre)))
    return evenements


def _ajouter_si_admis(evenements: list[Evenement], construire: Callable[[], list[Evenement]]) -> None:
    """Append the events drawn while the rules of a demande accept them."""
    try:
        for evt in construire():
            verifier(evenements, evt)
            evenements.append(evt)
    except CommandeInvalide:
        pass


def cotation(evenements: list[Evenement], jour: date, grille: GrilleVersion,
             connu_le: datetime | None = None) -> Cotation | None:
    faits = faits_au(evenements, jour, connu_le)
    return None if faits is None else coter(faits, grille, jour, connu_le)


@st.composite
def cas(draw) -> tuple[list[Evenement], date, GrilleVersion]:
    """A history, a day to score it (mostly after its registration) and a grid under some option."""
    evenements = draw(historiques())
    jour = evenements[0].effet_le + timedelta(days=draw(st.integers(-30, 5 * 365)))
    return evenements, min(jour, DERNIER_JOUR), draw(st.sampled_from(GRILLES))


@REGLAGES
@given(cas())
def test_a_score_is_the_sum_of_its_retained_contributions(exemple):
    evenements, jour, grille = exemple
    resultat = cotation(evenements, jour, grille)
    if resultat is not None:
        assert resultat.total == sum(c.points for c in resultat.contributions if c.retenu)


@REGLAGES
@given(cas())
def test_no_contribution_without_a_source(exemple):
    evenements, jour, grille = exemple
    resultat = cotation(evenements, jour, grille)
    identifiants = {e.evenement_id for e in evenements}
    for contribution in resultat.contributions if resultat else []:
        assert contribution.sources
        assert {s.evenement_id for s in contribution.sources} <= identifiants


@REGLAGES
@given(cas())
def test_appending_an_event_never_changes_a_score_as_recorded_before_it(exemple):
    evenements, jour, grille = exemple
    for n in range(1, len(evenements)):
        connu_le = evenements[n - 1].enregistre_le
        assert cotation(evenements[:n], jour, grille, connu_le) == cotation(evenements, jour, grille, connu_le)


def relu(evt: Evenement) -> Evenement:
    """The event as the store gives it back: JSON text, then upcast and validated."""
    donnees = json.loads(json.dumps(evt.model_dump(mode="json")))
    return relire(evt.TOPIC, donnees, type(evt).class_version)


@REGLAGES
@given(cas())
def test_replaying_the_same_events_through_json_gives_identical_results(exemple):
    evenements, jour, grille = exemple
    relus = [relu(e) for e in evenements]

    assert relus == evenements
    premiere, seconde = cotation(evenements, jour, grille), cotation(relus, jour, grille)
    assert premiere == seconde == cotation(evenements, jour, grille)
    assert (premiere and premiere.model_dump(mode="json")) == (seconde and seconde.model_dump(mode="json"))
