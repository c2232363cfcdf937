"""Yearly evaluation of the cotation (PPGD Épernay §10: « comparaison entre le positionnement des
candidats issus de la cotation et le positionnement proposé en CAL »), pure.

Over year Y, the replay rows under the grid in force only (no candidate), at the first of each
month and on 31 December, give:

- the cotation rank of each candidate a CAL chose (attribution ranked 1st in Y), among the
  demandes wishing the dwelling's commune and typologie at the last ranking before the CAL,
  grouped in bands, and crossed with the CAL's own rank for every ranked attribution of Y;
- the publics of the households housed in Y (lease signed in Y; their row at the last date
  before the lease), against those of the demandes still active on 31 December;
- by commune and typologie: the attributions and the chosen candidates' mean rank, the scores of
  the households housed (dwelling's commune and typologie) and of the demandes still waiting on
  31 December (wishing that commune and typologie).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from uuid import UUID

from domain.evenements import Evenement
from domain.cotation.resultat import Points
from projections.bilan_malus import reference
from projections.rejeu import (
    LIBELLES_PUBLICS,
    PRIORITAIRES,
    Attribution,
    Grilles,
    LigneRejeu,
    attributions,
    rejouer,
)
from projections.rejeu_cal import Choix, ChoixCAL
from projections.rejeu_ecarts import quantile
from projections.rejeu_rangs import Classement, Histogrammes, Rangs
from projections.rejeu_rapport import Grille, Modele, arrondi, moyenne, part

#: Bands of the cotation rank of a chosen candidate: (label, lowest rank, highest rank).
TRANCHES = (("1er", 1, 1), ("2e ou 3e", 2, 3), ("4e à 10e", 4, 10), ("11e à 50e", 11, 50), ("au-delà du 50e", 51, None))
NON_CLASSE = "non classé (pas de cotation avant la CAL)"


def dates_evaluation(annee: int) -> list[date]:
    """The first of each month of ``annee``, and its 31 December."""
    return [*(date(annee, mois, 1) for mois in range(1, 13)), date(annee, 12, 31)]


# --- the report ---------------------------------------------------------------------------------


class CandidatRetenu(Modele):
    demande: str
    le: date
    date_reference: date
    commune: str
    typologie: str
    score: Points | None
    rang_cotation: int | None
    effectif: int
    bail_signe: bool


class Tranche(Modele):
    tranche: str
    attributions: int
    part: Points | None


class CroisementCAL(Modele):
    rang_cal: int
    attributions: int
    classees: int
    rang_cotation_moyen: Points | None
    premiers_par_la_cotation: int


class PublicLoge(Modele):
    code: str
    libelle: str
    prioritaire: bool
    loges: int
    part_loges: Points | None
    actives_fin: int
    part_actives_fin: Points | None


class CommuneTypologie(Modele):
    commune: str
    typologie: str
    attributions: int
    rang_cotation_moyen: Points | None
    loges: int
    score_moyen_loges: Points | None
    score_median_loges: Points | None
    en_attente: int
    score_moyen_attente: Points | None
    score_median_attente: Points | None


class RapportEvaluation(Modele):
    territoire: str
    annee: int
    grilles: list[Grille]
    dates: list[date]
    demandes_actives_fin: int
    attributions: int
    loges: int
    part_prioritaires_loges: Points | None
    part_prioritaires_actives_fin: Points | None
    tranches: list[Tranche]
    croisement_cal: list[CroisementCAL]
    publics: list[PublicLoge]
    par_commune_typologie: list[CommuneTypologie]
    candidats_retenus: list[CandidatRetenu]


# --- the pass -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Loge:
    """A household housed in the year: the dwelling it got and its row before the lease."""

    attribution: Attribution
    ligne: LigneRejeu | None


@dataclass
class CumulsEvaluation:
    """What the evaluation accumulates, demande by demande; partial ones merge."""

    annee: int
    choix: ChoixCAL
    histogrammes: Histogrammes = field(default_factory=Histogrammes)
    loges: list[Loge] = field(default_factory=list)
    publics_fin: Counter[str] = field(default_factory=Counter)
    actives_fin: int = 0
    prioritaires_fin: int = 0

    def ajouter(self, lignes: Sequence[LigneRejeu], passages: Sequence[Attribution]) -> None:
        self.choix.ajouter(lignes, passages)
        self.histogrammes.ajouter(lignes)
        for passage in passages:
            if passage.bail_le is not None and passage.bail_le.year == self.annee:
                avant = [ligne for ligne in lignes if ligne.jour <= passage.bail_le]
                self.loges.append(Loge(passage, avant[-1] if avant else None))
        if lignes and lignes[-1].jour == self.choix.dates[-1]:
            self.actives_fin += 1
            self.prioritaires_fin += lignes[-1].prioritaire
            self.publics_fin.update(lignes[-1].publics)

    def fusionner(self, autre: CumulsEvaluation) -> None:
        self.choix.fusionner(autre.choix)
        self.histogrammes.fusionner(autre.histogrammes)
        self.loges.extend(autre.loges)
        self.publics_fin.update(autre.publics_fin)
        self.actives_fin += autre.actives_fin
        self.prioritaires_fin += autre.prioritaires_fin


@dataclass(frozen=True)
class PasseEvaluation:
    """The evaluation of year ``annee``: rows under the grids in force only."""

    grilles: Grilles
    annee: int

    @property
    def dates(self) -> list[date]:
        return dates_evaluation(self.annee)

    def cumuls(self) -> CumulsEvaluation:
        choix = ChoixCAL(self.dates, None, date(self.annee, 1, 1), date(self.annee, 12, 31))
        return CumulsEvaluation(self.annee, choix)

    def traiter(self, demande_id: UUID, historique: Sequence[Evenement], cumuls: CumulsEvaluation) -> list[LigneClassee]:
        """Accumulate one demande into ``cumuls`` (its rows are not needed again)."""
        cumuls.ajouter(list(rejouer(demande_id, historique, self.grilles, self.dates)), attributions(demande_id, historique))
        return []


def rapport_evaluation(cumuls: CumulsEvaluation, territoire: str, grilles: Sequence[Grille]) -> RapportEvaluation:
    classement = cumuls.histogrammes.classement()
    tries = sorted(cumuls.choix.choix, key=lambda c: (c.attribution.le, c.attribution.passage_id))
    rangs = [(c, *c.rangs(classement)) for c in tries]
    retenus = [(c, rang, effectif) for c, rang, _, effectif in rangs if c.attribution.rang_cal == 1]
    loges_prioritaires = sum(1 for loge in cumuls.loges if loge.ligne is not None and loge.ligne.prioritaire)
    return RapportEvaluation(
        territoire=territoire,
        annee=cumuls.annee,
        grilles=list(grilles),
        dates=list(cumuls.choix.dates),
        demandes_actives_fin=cumuls.actives_fin,
        attributions=len(retenus),
        loges=len(cumuls.loges),
        part_prioritaires_loges=part(loges_prioritaires, len(cumuls.loges)),
        part_prioritaires_actives_fin=part(cumuls.prioritaires_fin, cumuls.actives_fin),
        tranches=_tranches([rang for _, rang, _ in retenus]),
        croisement_cal=_croisement([(c.attribution.rang_cal, rang) for c, rang, _, _ in rangs]),
        publics=_publics(cumuls),
        par_commune_typologie=_par_commune_typologie(cumuls, classement, retenus),
        candidats_retenus=[_retenu(c, rang, effectif) for c, rang, effectif in retenus],
    )


def _retenu(c: Choix, rang: int | None, effectif: int) -> CandidatRetenu:
    a = c.attribution
    return CandidatRetenu(
        demande=reference("D", a.demande_id), le=a.le, date_reference=c.date_reference, commune=a.commune,
        typologie=a.typologie, score=c.scores[0], rang_cotation=rang, effectif=effectif, bail_signe=a.bail_le is not None,
    )


def _tranches(rangs: list[int | None]) -> list[Tranche]:
    comptes = [(libelle, sum(1 for r in rangs if r is not None and bas <= r and (haut is None or r <= haut)))
               for libelle, bas, haut in TRANCHES]
    comptes.append((NON_CLASSE, sum(1 for r in rangs if r is None)))
    return [Tranche(tranche=libelle, attributions=n, part=part(n, len(rangs))) for libelle, n in comptes]


def _croisement(paires: list[tuple[int, int | None]]) -> list[CroisementCAL]:
    lignes = []
    for rang_cal in sorted({r for r, _ in paires}):
        classes = [rang for r, rang in paires if r == rang_cal and rang is not None]
        lignes.append(CroisementCAL(
            rang_cal=rang_cal, attributions=sum(1 for r, _ in paires if r == rang_cal), classees=len(classes),
            rang_cotation_moyen=moyenne(sum(classes), len(classes)), premiers_par_la_cotation=classes.count(1),
        ))
    return lignes


def _publics(cumuls: CumulsEvaluation) -> list[PublicLoge]:
    loges: Counter[str] = Counter(p for loge in cumuls.loges if loge.ligne is not None for p in loge.ligne.publics)
    return [
        PublicLoge(
            code=code, libelle=libelle, prioritaire=code in PRIORITAIRES, loges=loges[code],
            part_loges=part(loges[code], len(cumuls.loges)), actives_fin=cumuls.publics_fin[code],
            part_actives_fin=part(cumuls.publics_fin[code], cumuls.actives_fin),
        )
        for code, libelle in LIBELLES_PUBLICS.items()
        if loges[code] or cumuls.publics_fin[code]
    ]


def _par_commune_typologie(
    cumuls: CumulsEvaluation, classement: Classement, retenus: list[tuple[Choix, int | None, int]]
) -> list[CommuneTypologie]:
    fin = cumuls.choix.dates[-1]
    attente = {(c, t): rangs[0] for (jour, c, t), rangs in classement.groupes.items() if jour == fin}
    rangs_choisis: dict[tuple[str, str], list[int | None]] = {}
    for c, rang, _ in retenus:
        rangs_choisis.setdefault(_logement(c.attribution), []).append(rang)
    loges: dict[tuple[str, str], list[Loge]] = {}
    for loge in cumuls.loges:
        loges.setdefault(_logement(loge.attribution), []).append(loge)
    return [
        _commune_typologie(cle, rangs_choisis.get(cle, []), loges.get(cle, []), attente.get(cle))
        for cle in sorted({*attente, *rangs_choisis, *loges})
    ]


def _logement(attribution: Attribution) -> tuple[str, str]:
    return attribution.commune, attribution.typologie


def _commune_typologie(
    cle: tuple[str, str], choisis: list[int | None], loges: list[Loge], attendent: Rangs | None
) -> CommuneTypologie:
    classes = [r for r in choisis if r is not None]
    scores: Counter[Decimal] = Counter(
        loge.ligne.en_vigueur.total for loge in loges if loge.ligne is not None and loge.ligne.en_vigueur.total is not None
    )
    return CommuneTypologie(
        commune=cle[0], typologie=cle[1], attributions=len(choisis),
        rang_cotation_moyen=moyenne(sum(classes), len(classes)), loges=len(loges),
        score_moyen_loges=_moyenne(scores), score_median_loges=quantile(scores, Decimal("0.5")),
        en_attente=attendent.effectif if attendent else 0,
        score_moyen_attente=_moyenne(attendent.par_score) if attendent else None,
        score_median_attente=quantile(attendent.par_score, Decimal("0.5")) if attendent else None,
    )


def _moyenne(distribution: Counter[Decimal]) -> Decimal | None:
    total = sum(distribution.values())
    return arrondi(sum((v * n for v, n in distribution.items()), Decimal(0)) / total) if total else None

