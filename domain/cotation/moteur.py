"""Score a demande: evaluate every active criterion of the grid on the facts at a date.

``coter`` is pure: same facts, grid and date give the same result, every time. Active malus
follow the criteria as negative contributions.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

from domain.cotation.conditions import verifier
from domain.cotation.contexte import Constat, Contexte
from domain.cotation.justificatifs import appliquer_option, probants
from domain.cotation.malus import contributions_malus
from domain.cotation.points import calculer
from domain.cotation.resultat import Contribution, Cotation
from domain.demande.faits import Faits
from domain.demande.source import Source
from domain.grille.modele import Critere, GrilleVersion


def coter(
    faits: Faits,
    grille: GrilleVersion,
    jour: date,
    connu_le: datetime | None = None,
    inactifs: Iterable[str] = (),
) -> Cotation:
    """The score at ``jour`` under ``grille``; ``inactifs`` are deactivated local criteria."""
    ctx = Contexte(faits=faits, jour=jour, grille=grille)
    exclus = set(inactifs)
    evaluees = [evaluer(c, ctx) for c in grille.criteres if c.code not in exclus]
    contributions = _rubriques([c for c in evaluees if c is not None], grille) + contributions_malus(faits, grille, jour)
    return Cotation(
        numero_unique=faits.numero_unique,
        date=jour,
        connu_le=connu_le,
        grille=grille.version,
        grille_libelle=grille.libelle,
        total=sum((c.points for c in contributions if c.retenu), Decimal(0)),
        contributions=contributions,
    )


def evaluer(critere: Critere, ctx: Contexte) -> Contribution | None:
    """The contribution of one criterion, or ``None`` when it does not apply."""
    constats: list[Constat] = []
    for condition in critere.conditions:
        constat = verifier(condition, ctx, critere)
        if constat is None:
            return None
        constats.append(constat)
    calcul = calculer(critere.points, ctx)
    if calcul is None:
        return None
    brut, regle, constat_mesure = calcul
    constats += [constat_mesure] if constat_mesure else []
    option = ctx.grille.option_pour(critere)
    points, effet, pieces = appliquer_option(option, brut, probants(ctx.faits, critere.code, ctx.jour))
    return Contribution(
        critere=critere.code,
        libelle=critere.libelle,
        nature=critere.nature,
        points=points,
        regle=" ; ".join([c.texte for c in constats if c is not constat_mesure] + [regle]),
        option_justificatif=option,
        effet_justificatif=effet,
        sources=_sources(ctx.faits, constats) + pieces,
        parametres=[p for c in constats for p in c.parametres],
        rubrique=critere.rubrique,
    )


def _sources(faits: Faits, constats: list[Constat]) -> list:
    """The events behind the blocks read, once each, in the order of the blocks' names."""
    par_evenement: dict[UUID, Source] = {}
    for bloc in sorted({b for c in constats for b in c.blocs}):
        source = faits.sources[bloc]
        par_evenement.setdefault(source.evenement_id, source)
    return list(par_evenement.values())


def _rubriques(contributions: list[Contribution], grille: GrilleVersion) -> list[Contribution]:
    """Within a rubric only the best contribution counts; the others are kept, not counted."""
    meilleures: dict[str, Contribution] = {}
    for c in contributions:
        if c.rubrique and (c.rubrique not in meilleures or c.points > meilleures[c.rubrique].points):
            meilleures[c.rubrique] = c
    return [
        c if not c.rubrique or meilleures[c.rubrique] is c
        else c.model_copy(update={"retenu": False, "regle": f"{c.regle} ; non cumulable dans la rubrique {c.rubrique}"})
        for c in contributions
    ]
