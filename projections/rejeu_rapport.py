"""The report of a replay (clause de revoyure), as the CIL reads it: the JSON model and its making.

What the CIL sees of a demande is an opaque short reference (``D-`` + 8 hex digits, as in the
malus reports); never a numéro unique, a name or a situation. Sensitive publics appear only as
counts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from pydantic import BaseModel, ConfigDict

from domain.cotation.resultat import Points
from domain.erreurs import GrilleInvalide
from domain.evenements import Evenement
from domain.grille.adoption import REGLES_VERSION, maximum, verifier_historique
from domain.grille.modele import GrilleVersion
from projections.bilan_malus import reference
from projections.rejeu import LIBELLES_PUBLICS, PRIORITAIRES
from projections.rejeu_cal import ChoixCAL
from projections.rejeu_controle import Controle, Depassement
from projections.rejeu_ecarts import Ecarts, quantile
from projections.rejeu_rangs import Classement

#: DALO demandes named for each case listed (the count gives the others).
DALO_LISTEES = 3
LIBELLES_REGLES = {
    "territoire": "La grille est celle du territoire",
    "codes_uniques": "Codes des critères, rubriques et malus uniques",
    "etablissement": "Chaque critère dit comment il est établi",
    "validation_manuelle": "Validation manuelle déclarée de façon cohérente",
    "references": "Rubriques et paramètres définis, avec une valeur à la date d'effet",
    "priorites_legales": "Chaque priorité de l'article L441-1 du CCH a des points",
    "dalo_le_plus_eleve": "Le DALO reçoit strictement plus de points que tout autre critère",
    "hierarchie_des_priorites": "Aucun critère facultatif ou local ne dépasse le plus petit critère obligatoire",
    "historique": "Nouvelle version, sans rétroactivité, critères locaux inchangés, au plus 10 critères locaux",
}


class Modele(BaseModel):
    model_config = ConfigDict(frozen=True)


class Grille(Modele):
    version: str
    libelle: str
    effet_le: date


class Entete(Modele):
    territoire: str
    candidate: Grille
    en_vigueur: list[Grille]
    dates: list[date]
    demandes: int
    lignes: int
    lignes_comparees: int


class SansCotation(Modele):
    grille: str
    motif: str
    lignes: int


class Ecart(Modele):
    ecart: Points
    lignes: int


class Synthese(Modele):
    lignes_en_hausse: int
    lignes_en_baisse: int
    lignes_inchangees: int
    demandes_en_hausse: int
    demandes_en_baisse: int
    moyenne: Points | None
    minimum: Points | None
    premier_quartile: Points | None
    mediane: Points | None
    troisieme_quartile: Points | None
    maximum: Points | None


class Critere(Modele):
    code: str
    libelle: str
    maximum_en_vigueur: Points | None
    maximum_candidate: Points | None
    lignes_en_vigueur: int
    lignes_candidate: int
    lignes_en_hausse: int
    lignes_en_baisse: int
    somme_ecarts: Points


class Public(Modele):
    code: str
    libelle: str
    prioritaire: bool
    lignes: int
    demandes: int
    ecart_moyen: Points | None
    lignes_en_hausse: int
    lignes_en_baisse: int
    souhaits: int
    gain_rang_moyen: Points | None
    rangs_ameliores: int
    rangs_degrades: int


class Decile(Modele):
    """Share of priority demandes in the top decile of one wish, pooled over the replay dates."""

    commune: str
    typologie: str
    effectif_moyen: Points
    premier_decile_en_vigueur: int
    prioritaires_en_vigueur: int
    premier_decile_candidate: int
    prioritaires_candidate: int
    part_en_vigueur: Points | None
    part_candidate: Points | None


class DaloDepasse(Modele):
    demande: str
    en_vigueur: Points
    candidate: Points


class DepassementDalo(Modele):
    """A non-priority demande outranking DALO demandes of one of its wishes (points on the first date)."""

    demande: str
    commune: str
    typologie: str
    premiere_date: date
    derniere_date: date
    dates: int
    en_vigueur: Points
    candidate: Points
    dalo_depassees: int
    dalo: list[DaloDepasse]


class ControleAdoption(Modele):
    regle: str
    libelle: str
    respectee: bool
    message: str | None


class ControleLegal(Modele):
    adoption: list[ControleAdoption]
    part_prioritaires_premier_decile_en_vigueur: Points | None
    part_prioritaires_premier_decile_candidate: Points | None
    par_souhait: list[Decile]
    depassements_dalo: int
    demandes_depassant_dalo: int
    depassements_listes: list[DepassementDalo]


class PassageCAL(Modele):
    demande: str
    le: date
    date_reference: date
    commune: str
    typologie: str
    en_vigueur: Points | None
    candidate: Points | None
    rang_en_vigueur: int | None
    rang_candidate: int | None
    effectif: int


class AccordCAL(Modele):
    attributions: int
    classees: int
    rang_moyen_en_vigueur: Points | None
    rang_moyen_candidate: Points | None
    premiers_en_vigueur: int
    premiers_candidate: int
    mieux_classes_candidate: int
    moins_bien_classes_candidate: int
    passages: list[PassageCAL]


class RapportRejeu(Modele):
    entete: Entete
    synthese: Synthese
    distribution: list[Ecart]
    sans_cotation: list[SansCotation]
    par_critere: list[Critere]
    par_public: list[Public]
    controle_legal: ControleLegal
    accord_cal: AccordCAL


# --- making it ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ContexteRejeu:
    territoire: str
    candidate: GrilleVersion
    en_vigueur: Sequence[GrilleVersion]
    dates: Sequence[date]
    historique_grille: Sequence[Evenement]


def arrondi(valeur: Decimal | float | int, decimales: int = 2) -> Decimal:
    return Decimal(valeur).quantize(Decimal(1).scaleb(-decimales), rounding=ROUND_HALF_UP)


def moyenne(somme: Decimal | int, nombre: int) -> Decimal | None:
    return arrondi(Decimal(somme) / nombre) if nombre else None


def part(nombre: int, total: int) -> Decimal | None:
    """A share in percent, to one decimal."""
    return arrondi(Decimal(100 * nombre) / total, 1) if total else None


def grille(version: GrilleVersion) -> Grille:
    return Grille(version=version.version, libelle=version.libelle, effet_le=version.effet_le)


def controles_adoption(ctx: ContexteRejeu) -> list[ControleAdoption]:
    """Every adoption rule (ADR 0005) run on the candidate, each reported rather than refused."""
    candidate = ctx.candidate
    resultats = [("territoire", None if candidate.territoire.code == ctx.territoire
                  else f"la grille appartient au territoire {candidate.territoire.code}, pas à {ctx.territoire}")]
    verifications = [*REGLES_VERSION.items(), ("historique", lambda g: verifier_historique(ctx.historique_grille, g))]
    for regle, verifier in verifications:
        try:
            verifier(candidate)
            resultats.append((regle, None))
        except GrilleInvalide as exc:
            resultats.append((regle, exc.message))
    return [ControleAdoption(regle=r, libelle=LIBELLES_REGLES[r], respectee=m is None, message=m) for r, m in resultats]


def rapport_rejeu(ctx: ContexteRejeu, ecarts: Ecarts, classement: Classement, controle: Controle,
                  choix: ChoixCAL) -> RapportRejeu:
    comparees = sum(ecarts.distribution.values())
    return RapportRejeu(
        entete=Entete(
            territoire=ctx.territoire, candidate=grille(ctx.candidate), en_vigueur=[grille(g) for g in ctx.en_vigueur],
            dates=list(ctx.dates), demandes=ecarts.demandes, lignes=ecarts.lignes, lignes_comparees=comparees,
        ),
        synthese=_synthese(ecarts),
        distribution=[Ecart(ecart=e, lignes=n) for e, n in sorted(ecarts.distribution.items())],
        sans_cotation=[SansCotation(grille=g, motif=m, lignes=n) for (g, m), n in sorted(ecarts.sans_cotation.items())],
        par_critere=_par_critere(ctx, ecarts),
        par_public=_par_public(ecarts, controle),
        controle_legal=_controle_legal(ctx, classement, controle),
        accord_cal=_accord_cal(choix, classement),
    )


def _synthese(ecarts: Ecarts) -> Synthese:
    distribution = ecarts.distribution
    total = sum(distribution.values())
    somme = sum((e * n for e, n in distribution.items()), Decimal(0))
    return Synthese(
        lignes_en_hausse=sum(n for e, n in distribution.items() if e > 0),
        lignes_en_baisse=sum(n for e, n in distribution.items() if e < 0),
        lignes_inchangees=distribution.get(Decimal(0), 0),
        demandes_en_hausse=ecarts.demandes_en_hausse,
        demandes_en_baisse=ecarts.demandes_en_baisse,
        moyenne=moyenne(somme, total),
        minimum=min(distribution) if distribution else None,
        premier_quartile=quantile(distribution, Decimal("0.25")),
        mediane=quantile(distribution, Decimal("0.5")),
        troisieme_quartile=quantile(distribution, Decimal("0.75")),
        maximum=max(distribution) if distribution else None,
    )


def _par_critere(ctx: ContexteRejeu, ecarts: Ecarts) -> list[Critere]:
    libelles = {m.code: m.libelle for g in (*ctx.en_vigueur, ctx.candidate) for m in g.malus}
    libelles |= {c.code: c.libelle for g in (*ctx.en_vigueur, ctx.candidate) for c in g.criteres}

    def plus_haut(version: GrilleVersion, code: str) -> Decimal | None:
        critere = version.critere(code)
        return maximum(version, critere) if critere else None

    en_vigueur = ctx.en_vigueur[-1] if ctx.en_vigueur else None
    return [
        Critere(
            code=code, libelle=libelles.get(code, code),
            maximum_en_vigueur=plus_haut(en_vigueur, code) if en_vigueur else None,
            maximum_candidate=plus_haut(ctx.candidate, code),
            lignes_en_vigueur=c.lignes_en_vigueur, lignes_candidate=c.lignes_candidate,
            lignes_en_hausse=c.en_hausse, lignes_en_baisse=c.en_baisse, somme_ecarts=c.somme,
        )
        for code, c in sorted(ecarts.par_critere.items(), key=lambda item: (-abs(item[1].somme), item[0]))
    ]


def _par_public(ecarts: Ecarts, controle: Controle) -> list[Public]:
    publics = []
    for code, libelle in LIBELLES_PUBLICS.items():
        compte, evolution = ecarts.par_public.get(code), controle.evolutions.get(code)
        if compte is None:
            continue
        publics.append(Public(
            code=code, libelle=libelle, prioritaire=code in PRIORITAIRES, lignes=compte.lignes,
            demandes=compte.demandes, ecart_moyen=moyenne(compte.somme, compte.comparees),
            lignes_en_hausse=compte.en_hausse, lignes_en_baisse=compte.en_baisse,
            souhaits=evolution.souhaits if evolution else 0,
            gain_rang_moyen=moyenne(evolution.gain, evolution.souhaits) if evolution else None,
            rangs_ameliores=evolution.ameliores if evolution else 0,
            rangs_degrades=evolution.degrades if evolution else 0,
        ))
    return publics


def _controle_legal(ctx: ContexteRejeu, classement: Classement, controle: Controle) -> ControleLegal:
    deciles = _deciles(classement)
    tete = [sum(getattr(d, f"{quoi}_{grille}") for d in deciles)
            for grille in ("en_vigueur", "candidate") for quoi in ("premier_decile", "prioritaires")]
    return ControleLegal(
        adoption=controles_adoption(ctx),
        part_prioritaires_premier_decile_en_vigueur=part(tete[1], tete[0]),
        part_prioritaires_premier_decile_candidate=part(tete[3], tete[2]),
        par_souhait=deciles,
        depassements_dalo=controle.nombre_depassements,
        demandes_depassant_dalo=controle.demandes_depassant,
        depassements_listes=[_depassement(d) for d in controle.depassements],
    )


def _deciles(classement: Classement) -> list[Decile]:
    par_souhait: dict[tuple[str, str], list[int]] = {}
    for (_, commune, typologie), (avant, apres) in classement.groupes.items():
        cumul = par_souhait.setdefault((commune, typologie), [0] * 6)
        for i, valeur in enumerate((
            1, avant.effectif, avant.premier_decile, avant.prioritaires_premier_decile,
            apres.premier_decile, apres.prioritaires_premier_decile,
        )):
            cumul[i] += valeur
    return [
        Decile(
            commune=commune, typologie=typologie, effectif_moyen=arrondi(Decimal(effectif) / dates, 1),
            premier_decile_en_vigueur=tete_avant, prioritaires_en_vigueur=prio_avant,
            premier_decile_candidate=tete_apres, prioritaires_candidate=prio_apres,
            part_en_vigueur=part(prio_avant, tete_avant), part_candidate=part(prio_apres, tete_apres),
        )
        for (commune, typologie), (dates, effectif, tete_avant, prio_avant, tete_apres, prio_apres)
        in sorted(par_souhait.items())
    ]


def _depassement(d: Depassement) -> DepassementDalo:
    return DepassementDalo(
        demande=reference("D", d.demande_id), commune=d.commune, typologie=d.typologie,
        premiere_date=d.premiere_date, derniere_date=d.derniere_date, dates=d.dates, en_vigueur=d.en_vigueur,
        candidate=d.candidate, dalo_depassees=len(d.dalo),
        dalo=[DaloDepasse(demande=reference("D", x.demande_id), en_vigueur=x.en_vigueur, candidate=x.candidate)
              for x in list(d.dalo.values())[:DALO_LISTEES]],
    )


def _accord_cal(choix: ChoixCAL, classement: Classement) -> AccordCAL:
    passages = []
    for c in sorted(choix.choix, key=lambda c: (c.attribution.le, c.attribution.passage_id)):
        rang_avant, rang_apres, effectif = c.rangs(classement)
        avant, apres = c.scores
        a = c.attribution
        passages.append(PassageCAL(
            demande=reference("D", a.demande_id), le=a.le, date_reference=c.date_reference, commune=a.commune,
            typologie=a.typologie, en_vigueur=avant, candidate=apres, rang_en_vigueur=rang_avant,
            rang_candidate=rang_apres, effectif=effectif,
        ))
    classes = [p for p in passages if p.rang_en_vigueur is not None and p.rang_candidate is not None]
    return AccordCAL(
        attributions=len(passages),
        classees=len(classes),
        rang_moyen_en_vigueur=moyenne(sum(p.rang_en_vigueur for p in classes), len(classes)),  # type: ignore[misc]
        rang_moyen_candidate=moyenne(sum(p.rang_candidate for p in classes), len(classes)),  # type: ignore[misc]
        premiers_en_vigueur=sum(p.rang_en_vigueur == 1 for p in classes),
        premiers_candidate=sum(p.rang_candidate == 1 for p in classes),
        mieux_classes_candidate=sum(p.rang_candidate < p.rang_en_vigueur for p in classes),  # type: ignore[operator]
        moins_bien_classes_candidate=sum(p.rang_candidate > p.rang_en_vigueur for p in classes),  # type: ignore[operator]
        passages=passages,
    )
