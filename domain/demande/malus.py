"""Events of the malus workflow, and the grid-derived fields the application completes.

Envisaged (the suspicion, the warning, a contradictory period), applied by an agent with the
"malus" habilitation after the period, then expired (by the system, on its date) or lifted; or
not retained: the agent appraises the case and closes it without a malus (ADR 0014).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import Any, ClassVar
from uuid import UUID

from pydantic import Field, TypeAdapter, ValidationError

from domain.demande.evenements import CodeCritere, JustificatifDepose, SituationDeclaree, SituationRectifiee
from domain.erreurs import CommandeInvalide
from domain.evenements import Evenement, enregistrer_topic
from domain.grille.modele import GrilleVersion, RefParametre, TypeMalus, Valeur
from domain.grille.parametres import parametre
from domain.temps import ajouter_mois


@enregistrer_topic
class MalusEnvisage(Evenement):
    """The suspicion (``motif``) and the warning given on ``effet_le``; the period ends on
    ``fin_periode_contradictoire`` (inclusive)."""

    TOPIC: ClassVar[str] = "cotation.demande.malus_envisage"
    libelle: ClassVar[str] = "malus envisagé (avertissement du demandeur)"
    motif_requis: ClassVar[bool] = True

    malus_id: UUID
    type_malus: CodeCritere
    fin_periode_contradictoire: date


@enregistrer_topic
class PeriodeContradictoireEchue(Evenement):
    """The system notes the end of the period: the case goes to the agents' to-do list."""

    TOPIC: ClassVar[str] = "cotation.demande.periode_contradictoire_echue"
    libelle: ClassVar[str] = "fin de la période contradictoire"

    malus_id: UUID
    demande_modifiee: bool


@enregistrer_topic
class MalusApplique(Evenement):
    TOPIC: ClassVar[str] = "cotation.demande.malus_applique"
    libelle: ClassVar[str] = "application d'un malus"
    motif_requis: ClassVar[bool] = True

    malus_id: UUID
    points: Decimal = Field(lt=0, max_digits=6, decimal_places=2)
    expire_le: date


@enregistrer_topic
class MalusExpire(Evenement):
    TOPIC: ClassVar[str] = "cotation.demande.malus_expire"
    libelle: ClassVar[str] = "expiration d'un malus"

    malus_id: UUID


@enregistrer_topic
class MalusNonRetenu(Evenement):
    """An agent with the "malus" habilitation closes an envisaged malus without applying it
    (PPGD: « le chargé d'instruction apprécie la situation et, le cas échéant, rend actif le malus »)."""

    TOPIC: ClassVar[str] = "cotation.demande.malus_non_retenu"
    libelle: ClassVar[str] = "malus non retenu"
    motif_requis: ClassVar[bool] = True

    malus_id: UUID


class CauseLevee(StrEnum):
    ANNULATION_ERREUR = "annulation_erreur"


@enregistrer_topic
class MalusLeve(Evenement):
    """A malus lifted from ``effet_le`` (which may precede the record: retroactive)."""

    TOPIC: ClassVar[str] = "cotation.demande.malus_leve"
    libelle: ClassVar[str] = "levée d'un malus"
    motif_requis: ClassVar[bool] = True

    malus_id: UUID
    cause: CauseLevee


#: Events by which the demandeur corrects or completes the demande (PPGD: « modifier et/ou compléter »).
MODIFICATIONS = (SituationDeclaree, SituationRectifiee, JustificatifDepose)


def demande_modifiee(historique: Iterable[Evenement], envisage: MalusEnvisage) -> bool:
    """Whether the demande was corrected or completed during the contradictory period
    (a change effective from the warning to the end of the period, both included)."""
    return any(
        isinstance(e, MODIFICATIONS) and envisage.effet_le <= e.effet_le <= envisage.fin_periode_contradictoire
        for e in historique
    )


# --- the fields the grid decides ------------------------------------------------------------


def completer(
    classe: type[Evenement],
    donnees: Mapping[str, Any],
    historique: Sequence[Evenement],
    grille_au: Callable[[date], GrilleVersion],
) -> dict[str, Any]:
    """``donnees`` with the grid-derived fields a malus event omits filled in from the grid in
    force at the event's ``effet_le`` (``grille_au`` gives it): the end of the contradictory period
    when envisaged; points and expiry when applied. Fields given are kept as they are."""
    donnees = dict(donnees)
    effet = _date(donnees.get("effet_le"))
    if effet is None or classe not in (MalusEnvisage, MalusApplique):
        return donnees
    grille = grille_au(effet)
    if classe is MalusEnvisage:
        type_malus = _type_malus(grille, donnees.get("type_malus"))
        jours = _valeur(grille, type_malus.periode_contradictoire_jours, effet)
        donnees.setdefault("fin_periode_contradictoire", effet + timedelta(days=int(jours)))
        return donnees
    type_malus = _type_malus(grille, _type_envisage(historique, donnees.get("malus_id")))
    donnees.setdefault("points", type_malus.points)
    donnees.setdefault("expire_le", ajouter_mois(effet, int(_valeur(grille, type_malus.duree_mois, effet))))
    return donnees


def _date(valeur: object) -> date | None:
    try:
        return TypeAdapter(date).validate_python(valeur)
    except ValidationError:
        return None


def _type_malus(grille: GrilleVersion, code: object) -> TypeMalus:
    trouve = next((t for t in grille.malus if t.code == code), None)
    if trouve is None:
        codes = ", ".join(t.code for t in grille.malus) or "aucun"
        raise CommandeInvalide(f"type de malus inconnu dans la grille {grille.version} : « {code} » (types : {codes})")
    return trouve


def _type_envisage(historique: Sequence[Evenement], malus_id: object) -> str:
    envisage = next((e for e in historique if isinstance(e, MalusEnvisage) and str(e.malus_id) == str(malus_id)), None)
    if envisage is None:
        raise CommandeInvalide("malus inconnu pour cette demande : il doit d'abord être envisagé")
    return envisage.type_malus


def _valeur(grille: GrilleVersion, valeur: Valeur, le: date) -> Decimal:
    if isinstance(valeur, RefParametre):
        utilise = parametre(grille, valeur.parametre, le).valeur
        if isinstance(utilise, list):
            raise CommandeInvalide(f"le paramètre {valeur.parametre} est une liste, pas une durée")
        return utilise
    return valeur
