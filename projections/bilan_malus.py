"""CIL reports on malus use, pure: the malus applied since a date, and the yearly bilan.

Both are folds of the malus and appeal events of every demande, read from the log as
``(demande_id, event)`` pairs. They hold what a CIL may see and nothing more: a demande is
named by an opaque short reference (``D-`` and the first 8 hex digits of its id), agents and
guichets by their pseudonymous identifiers; no numéro unique, no name, no situation.

States are taken in valid time at the report day ``au``: a malus whose ``expire_le`` has come
is expired even before the scheduler writes its expiry; a lifting (cancellation for error or
upheld appeal) counts from its own ``effet_le``, which may precede the application's end.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from statistics import median
from uuid import UUID

from pydantic import BaseModel, ConfigDict

from domain.acteurs import Agent
from domain.demande.malus import MalusApplique, MalusEnvisage, MalusLeve, MalusNonRetenu, PeriodeContradictoireEchue
from domain.demande.recours import IssueRecours, ObjetRecours, RecoursDecide, RecoursDepose
from domain.evenements import Evenement

#: The only event topics these reports read from the log (expiry is time-driven: ``expire_le`` says it).
TOPICS = tuple(
    c.TOPIC
    for c in (
        MalusEnvisage, PeriodeContradictoireEchue, MalusApplique, MalusNonRetenu, MalusLeve, RecoursDepose, RecoursDecide
    )
)
EN_INSTRUCTION = "en_instruction"


class Etat(StrEnum):
    """Where a malus stands at the report day."""

    PERIODE_CONTRADICTOIRE = "periode_contradictoire"
    ECARTE_APRES_CORRECTION = "ecarte_apres_correction"
    NON_RETENU = "non_retenu"
    NON_APPLIQUE = "non_applique"
    EN_COURS = "en_cours"
    EXPIRE = "expire"
    LEVE_ERREUR = "leve_erreur"
    LEVE_RECOURS = "leve_recours"


LIBELLES_ETAT = {
    Etat.PERIODE_CONTRADICTOIRE: "en période contradictoire",
    Etat.ECARTE_APRES_CORRECTION: "écarté après correction de la demande",
    Etat.NON_RETENU: "non retenu par le chargé d'instruction",
    Etat.NON_APPLIQUE: "non appliqué, en attente de décision",
    Etat.EN_COURS: "en cours",
    Etat.EXPIRE: "expiré",
    Etat.LEVE_ERREUR: "levé (annulation pour erreur)",
    Etat.LEVE_RECOURS: "levé (recours accueilli)",
}
LIBELLES_RECOURS = {"accueilli": "accueilli", "rejete": "rejeté", EN_INSTRUCTION: "en instruction"}
LEVES = (Etat.LEVE_ERREUR, Etat.LEVE_RECOURS)
TERMINES = (Etat.EXPIRE, *LEVES)


def reference(prefixe: str, identifiant: UUID) -> str:
    """An opaque short reference: stable across reports, meaningless without access to the records."""
    return f"{prefixe}-{identifiant.hex[:8]}"


# --- the fold ------------------------------------------------------------------------------------


@dataclass
class _Recours:
    objet: ObjetRecours
    depose_le: date
    malus_id: UUID | None
    issue: IssueRecours | None = None
    decide_le: date | None = None
    effet_le: date | None = None


@dataclass
class _Malus:
    """What the log says of one malus, whatever the report day."""

    demande_id: UUID
    envisage: MalusEnvisage
    demande_modifiee: bool = False
    non_retenu: MalusNonRetenu | None = None
    application: MalusApplique | None = None
    levee: MalusLeve | None = None
    recours: list[_Recours] = field(default_factory=list)

    def fin(self, au: date) -> tuple[date, Etat] | None:
        """When and how the applied malus ended, if it had by ``au``."""
        assert self.application is not None
        levees = [(self.levee.effet_le, Etat.LEVE_ERREUR)] if self.levee else []
        levees += [(r.effet_le, Etat.LEVE_RECOURS) for r in self.recours if _accueilli(r)]
        levees = [(le, etat) for le, etat in levees if le <= au and le < self.application.expire_le]
        if levees:
            return min(levees)
        expire_le = self.application.expire_le
        return (expire_le, Etat.EXPIRE) if expire_le <= au else None

    def etat(self, au: date) -> Etat:
        if self.application is None or self.application.effet_le > au:
            if self.non_retenu is not None and self.non_retenu.effet_le <= au:
                return Etat.NON_RETENU
            if au <= self.envisage.fin_periode_contradictoire:
                return Etat.PERIODE_CONTRADICTOIRE
            return Etat.ECARTE_APRES_CORRECTION if self.demande_modifiee else Etat.NON_APPLIQUE
        fin = self.fin(au)
        return Etat.EN_COURS if fin is None else fin[1]

    def recours_le_plus_recent(self) -> str | None:
        if not self.recours:
            return None
        dernier = max(self.recours, key=lambda r: r.depose_le)
        return dernier.issue or EN_INSTRUCTION


def _accueilli(recours: _Recours) -> bool:
    return recours.issue is IssueRecours.ACCUEILLI and recours.effet_le is not None


@dataclass
class Registre:
    """Every malus and appeal of the log, by id."""

    malus: dict[UUID, _Malus] = field(default_factory=dict)
    recours: dict[UUID, _Recours] = field(default_factory=dict)

    def suivre(self, demande_id: UUID, evt: Evenement) -> None:
        action = _ACTIONS.get(type(evt))
        if action is not None:
            action(self, demande_id, evt)

    def appliques(self, du: date, au: date) -> list[_Malus]:
        """The malus applied with effect between ``du`` and ``au`` (inclusive)."""
        return [m for m in self.malus.values() if m.application and du <= m.application.effet_le <= au]


def _envisage(registre: Registre, demande_id: UUID, evt: MalusEnvisage) -> None:
    registre.malus[evt.malus_id] = _Malus(demande_id, evt)


def _echue(registre: Registre, demande_id: UUID, evt: PeriodeContradictoireEchue) -> None:
    registre.malus[evt.malus_id].demande_modifiee = evt.demande_modifiee


def _applique(registre: Registre, demande_id: UUID, evt: MalusApplique) -> None:
    registre.malus[evt.malus_id].application = evt


def _non_retenu(registre: Registre, demande_id: UUID, evt: MalusNonRetenu) -> None:
    registre.malus[evt.malus_id].non_retenu = evt


def _leve(registre: Registre, demande_id: UUID, evt: MalusLeve) -> None:
    registre.malus[evt.malus_id].levee = evt


def _depose(registre: Registre, demande_id: UUID, evt: RecoursDepose) -> None:
    recours = _Recours(evt.objet, evt.effet_le, evt.malus_id)
    registre.recours[evt.recours_id] = recours
    if evt.malus_id in registre.malus:
        registre.malus[evt.malus_id].recours.append(recours)


def _decide(registre: Registre, demande_id: UUID, evt: RecoursDecide) -> None:
    recours = registre.recours[evt.recours_id]
    recours.issue, recours.decide_le, recours.effet_le = evt.issue, evt.decide_le, evt.effet_le


_ACTIONS: dict[type[Evenement], Callable[[Registre, UUID, Evenement], None]] = {
    MalusEnvisage: _envisage,  # type: ignore[dict-item]
    PeriodeContradictoireEchue: _echue,  # type: ignore[dict-item]
    MalusApplique: _applique,  # type: ignore[dict-item]
    MalusNonRetenu: _non_retenu,  # type: ignore[dict-item]
    MalusLeve: _leve,  # type: ignore[dict-item]
    RecoursDepose: _depose,  # type: ignore[dict-item]
    RecoursDecide: _decide,  # type: ignore[dict-item]
}


def registre(evenements: Iterable[tuple[UUID, Evenement]]) -> Registre:
    """Fold the events (in log order) into the malus and appeals they describe."""
    resultat = Registre()
    for demande_id, evt in evenements:
        resultat.suivre(demande_id, evt)
    return resultat


# --- (a) the malus applied since a date ----------------------------------------------------------


class _Rapport(BaseModel):
    model_config = ConfigDict(frozen=True)


class LigneMalus(_Rapport):
    """One applied malus, as the CIL coordination meeting sees it."""

    reference: str
    demande: str
    type_malus: str
    libelle_type: str
    points: Decimal
    envisage_le: date
    fin_periode_contradictoire: date
    applique_le: date
    enregistre_le: date
    expire_le: date
    guichet: str
    agent: str
    motif: str
    motif_application: str
    etat: Etat
    fin_le: date | None
    recours: str | None


class MalusDepuis(_Rapport):
    """The malus applied (in effect or in the record) since ``depuis``, as they stand at ``au``."""

    depuis: date
    au: date
    malus: list[LigneMalus]


def malus_depuis(
    evenements: Iterable[tuple[UUID, Evenement]], depuis: date, au: date, libelles: Mapping[str, str] | None = None
) -> MalusDepuis:
    """Agenda of the next CIL coordination meeting: every malus applied with effect, or recorded, on
    or after ``depuis`` (a late record is not missed), up to ``au``."""
    suivis = registre(evenements).malus.values()
    retenus = [m for m in suivis if m.application and _depuis(m.application, depuis) and m.application.effet_le <= au]
    lignes = [_ligne(m, au, libelles or {}) for m in retenus]
    return MalusDepuis(depuis=depuis, au=au, malus=sorted(lignes, key=lambda lg: (lg.applique_le, lg.reference)))


def _depuis(application: MalusApplique, depuis: date) -> bool:
    return application.effet_le >= depuis or application.enregistre_le.date() >= depuis


def _ligne(malus: _Malus, au: date, libelles: Mapping[str, str]) -> LigneMalus:
    envisage, application = malus.envisage, malus.application
    assert application is not None and isinstance(application.acteur, Agent)
    fin = malus.fin(au)
    return LigneMalus(
        reference=reference("M", envisage.malus_id), demande=reference("D", malus.demande_id),
        type_malus=envisage.type_malus, libelle_type=libelles.get(envisage.type_malus, envisage.type_malus),
        points=application.points, envisage_le=envisage.effet_le,
        fin_periode_contradictoire=envisage.fin_periode_contradictoire, applique_le=application.effet_le,
        enregistre_le=application.enregistre_le.date(), expire_le=application.expire_le,
        guichet=application.acteur.guichet_id, agent=application.acteur.agent_id, motif=envisage.motif or "",
        motif_application=application.motif or "", etat=malus.etat(au), fin_le=fin[0] if fin else None,
        recours=malus.recours_le_plus_recent(),
    )


# --- (b) the yearly bilan ------------------------------------------------------------------------


class Envisagements(_Rapport):
    """The malus envisaged in the year (warning given), and what became of them."""

    envisages: int
    appliques: int
    ecartes_apres_correction: int
    non_retenus: int
    non_appliques: int
    en_periode_contradictoire: int


class Issues(_Rapport):
    """The malus applied in the year: lifted before their term, expired, or still running."""

    appliques: int
    en_cours: int
    expires: int
    leves_erreur: int
    leves_recours: int
    leves_avant_echeance: int


class Durees(_Rapport):
    """Days between application and end (expiry or lifting); the running ones, days so far."""

    terminees: int
    moyenne_jours: Decimal | None
    mediane_jours: Decimal | None
    minimum_jours: int | None
    maximum_jours: int | None
    en_cours: int
    anciennete_moyenne_jours: Decimal | None


class Compte(_Rapport):
    """The malus applied in the year for one type, guichet or agent."""

    cle: str
    libelle: str
    appliques: int
    points: Decimal
    en_cours: int
    expires: int
    leves: int
    contestes: int


class CompteMotif(_Rapport):
    type_malus: str
    motif: str
    appliques: int


class CompteRecours(_Rapport):
    """The appeals filed in the year on one object (malus or criterion), by outcome."""

    objet: ObjetRecours
    deposes: int
    accueillis: int
    rejetes: int
    en_instruction: int
    delai_moyen_jours: Decimal | None


class Mois(_Rapport):
    """What took effect in one month of the year."""

    mois: str
    envisages: int
    appliques: int
    expires: int
    leves: int
    recours_deposes: int
    recours_decides: int


class BilanMalus(_Rapport):
    annee: int
    au: date
    envisagements: Envisagements
    issues: Issues
    durees: Durees
    par_type: list[Compte]
    par_motif: list[CompteMotif]
    par_guichet: list[Compte]
    par_agent: list[Compte]
    recours: list[CompteRecours]
    par_mois: list[Mois]


def bilan_malus(
    evenements: Iterable[tuple[UUID, Evenement]], annee: int, au: date, libelles: Mapping[str, str] | None = None
) -> BilanMalus:
    """The bilan of the year ``annee``, states as they stand at ``au``: malus envisaged and applied
    in the year (by effective date) and what became of them, appeals filed, month by month."""
    suivis = registre(evenements)
    debut, fin = date(annee, 1, 1), min(date(annee, 12, 31), au)
    appliques = suivis.appliques(debut, fin)
    libelle = lambda cle: (libelles or {}).get(cle, cle)  # noqa: E731
    return BilanMalus(
        annee=annee, au=au, envisagements=_envisagements(suivis, debut, fin, au), issues=_issues(appliques, au),
        durees=_durees(appliques, au), par_type=_comptes(appliques, au, lambda m: m.envisage.type_malus, libelle),
        par_motif=_par_motif(appliques), par_guichet=_comptes(appliques, au, _guichet, str),
        par_agent=_comptes(appliques, au, _agent, str), recours=_recours(suivis, debut, fin),
        par_mois=[_mois(suivis, annee, mois, au) for mois in range(1, 13)],
    )


def _envisagements(suivis: Registre, debut: date, fin: date, au: date) -> Envisagements:
    etats = Counter(m.etat(au) for m in suivis.malus.values() if debut <= m.envisage.effet_le <= fin)
    return Envisagements(
        envisages=etats.total(), appliques=sum(etats[e] for e in (Etat.EN_COURS, *TERMINES)),
        ecartes_apres_correction=etats[Etat.ECARTE_APRES_CORRECTION], non_retenus=etats[Etat.NON_RETENU],
        non_appliques=etats[Etat.NON_APPLIQUE],
        en_periode_contradictoire=etats[Etat.PERIODE_CONTRADICTOIRE],
    )


def _issues(appliques: list[_Malus], au: date) -> Issues:
    etats = Counter(m.etat(au) for m in appliques)
    return Issues(
        appliques=len(appliques), en_cours=etats[Etat.EN_COURS], expires=etats[Etat.EXPIRE],
        leves_erreur=etats[Etat.LEVE_ERREUR], leves_recours=etats[Etat.LEVE_RECOURS],
        leves_avant_echeance=etats[Etat.LEVE_ERREUR] + etats[Etat.LEVE_RECOURS],
    )


def _durees(appliques: list[_Malus], au: date) -> Durees:
    terminees, en_cours = [], []
    for malus in appliques:
        assert malus.application is not None
        fin = malus.fin(au)
        (terminees if fin else en_cours).append(((fin[0] if fin else au) - malus.application.effet_le).days)
    return Durees(
        terminees=len(terminees), moyenne_jours=_moyenne(terminees),
        mediane_jours=_arrondi(Decimal(median(terminees))) if terminees else None,
        minimum_jours=min(terminees, default=None), maximum_jours=max(terminees, default=None),
        en_cours=len(en_cours), anciennete_moyenne_jours=_moyenne(en_cours),
    )


def _moyenne(valeurs: list[int]) -> Decimal | None:
    return _arrondi(Decimal(sum(valeurs)) / len(valeurs)) if valeurs else None


def _arrondi(valeur: Decimal) -> Decimal:
    return valeur.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _guichet(malus: _Malus) -> str:
    assert malus.application is not None and isinstance(malus.application.acteur, Agent)
    return malus.application.acteur.guichet_id


def _agent(malus: _Malus) -> str:
    assert malus.application is not None and isinstance(malus.application.acteur, Agent)
    return malus.application.acteur.agent_id


def _comptes(
    appliques: list[_Malus], au: date, cle: Callable[[_Malus], str], libelle: Callable[[str], str]
) -> list[Compte]:
    groupes: dict[str, list[_Malus]] = {}
    for malus in appliques:
        groupes.setdefault(cle(malus), []).append(malus)
    comptes = [_compte(c, libelle(c), groupe, au) for c, groupe in groupes.items()]
    return sorted(comptes, key=lambda c: (-c.appliques, c.cle))


def _compte(cle: str, libelle: str, groupe: list[_Malus], au: date) -> Compte:
    etats = Counter(m.etat(au) for m in groupe)
    return Compte(
        cle=cle, libelle=libelle, appliques=len(groupe),
        points=sum((m.application.points for m in groupe if m.application), Decimal(0)),
        en_cours=etats[Etat.EN_COURS], expires=etats[Etat.EXPIRE], leves=sum(etats[e] for e in LEVES),
        contestes=sum(bool(m.recours) for m in groupe),
    )


def _par_motif(appliques: list[_Malus]) -> list[CompteMotif]:
    """Grouped by type and by the suspicion's wording (spaces and case ignored, first wording kept)."""
    comptes: Counter[tuple[str, str]] = Counter()
    formes: dict[tuple[str, str], str] = {}
    for malus in appliques:
        motif = malus.envisage.motif or ""
        cle = (malus.envisage.type_malus, " ".join(motif.split()).casefold())
        comptes[cle] += 1
        formes.setdefault(cle, " ".join(motif.split()))
    lignes = [CompteMotif(type_malus=cle[0], motif=formes[cle], appliques=n) for cle, n in comptes.items()]
    return sorted(lignes, key=lambda lg: (-lg.appliques, lg.type_malus, lg.motif))


def _recours(suivis: Registre, debut: date, fin: date) -> list[CompteRecours]:
    deposes = [r for r in suivis.recours.values() if debut <= r.depose_le <= fin]
    return [_compte_recours(objet, [r for r in deposes if r.objet is objet]) for objet in ObjetRecours]


def _compte_recours(objet: ObjetRecours, recours: list[_Recours]) -> CompteRecours:
    issues = Counter(r.issue for r in recours)
    delais = [(r.decide_le - r.depose_le).days for r in recours if r.decide_le is not None]
    return CompteRecours(
        objet=objet, deposes=len(recours), accueillis=issues[IssueRecours.ACCUEILLI],
        rejetes=issues[IssueRecours.REJETE], en_instruction=issues[None], delai_moyen_jours=_moyenne(delais),
    )


def _mois(suivis: Registre, annee: int, mois: int, au: date) -> Mois:
    dans = lambda jour: jour is not None and (jour.year, jour.month) == (annee, mois) and jour <= au  # noqa: E731
    malus = suivis.malus.values()
    fins = [m.fin(au) for m in malus if m.application]
    return Mois(
        mois=f"{annee}-{mois:02d}", envisages=sum(dans(m.envisage.effet_le) for m in malus),
        appliques=sum(dans(m.application.effet_le) for m in malus if m.application),
        expires=sum(dans(f[0]) for f in fins if f and f[1] is Etat.EXPIRE),
        leves=sum(dans(f[0]) for f in fins if f and f[1] in LEVES),
        recours_deposes=sum(dans(r.depose_le) for r in suivis.recours.values()),
        recours_decides=sum(dans(r.decide_le) for r in suivis.recours.values()),
    )
