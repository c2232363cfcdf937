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
from typing import Any, ClassVar, TypeVar
from uuid import UUID

from pydantic import Field, TypeAdapter, ValidationError

from domain.demande.cal import PassageCAL, PropositionRefusee, RefusJuge
from domain.demande.evenements import CodeCritere, JustificatifDepose, SituationDeclaree, SituationRectifiee
from domain.erreurs import CommandeInvalide
from domain.evenements import Evenement, enregistrer_topic
from domain.format import jour
from domain.grille.modele import FondementMalus, GrilleVersion, RefParametre, TypeMalus, Valeur
from domain.grille.parametres import parametre
from domain.temps import ajouter_mois

E = TypeVar("E", bound=Evenement)


@enregistrer_topic
class MalusEnvisage(Evenement):
    """The suspicion (``motif``) and the warning given on ``effet_le``; the period ends on
    ``fin_periode_contradictoire`` (inclusive). A malus for an illegitimate refusal names the
    CAL passage whose proposal was refused (``passage_id``, absent from older events: ADR 0015)."""

    TOPIC: ClassVar[str] = "cotation.demande.malus_envisage"
    libelle: ClassVar[str] = "malus envisagé (avertissement du demandeur)"
    motif_requis: ClassVar[bool] = True

    malus_id: UUID
    type_malus: CodeCritere
    fin_periode_contradictoire: date
    passage_id: UUID | None = None


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
    when envisaged (after checking its ground, ``verifier_fondement``); points and expiry when
    applied. Fields given are kept as they are."""
    donnees = dict(donnees)
    effet = _date(donnees.get("effet_le"))
    if effet is None or classe not in (MalusEnvisage, MalusApplique):
        return donnees
    grille = grille_au(effet)
    if classe is MalusEnvisage:
        type_malus = _type_malus(grille, donnees.get("type_malus"))
        verifier_fondement(type_malus, donnees.get("passage_id"), historique, effet)
        jours = _valeur(grille, type_malus.periode_contradictoire_jours, effet)
        donnees.setdefault("fin_periode_contradictoire", effet + timedelta(days=int(jours)))
        return donnees
    type_malus = _type_malus(grille, _type_envisage(historique, donnees.get("malus_id")))
    donnees.setdefault("points", type_malus.points)
    donnees.setdefault("expire_le", ajouter_mois(effet, int(_valeur(grille, type_malus.duree_mois, effet))))
    return donnees


def verifier_fondement(type_malus: TypeMalus, passage_id: object, historique: Sequence[Evenement], effet: date) -> None:
    """A malus for an illegitimate refusal names the CAL passage whose proposal the demandeur
    refused and an agent judged not legitimate by the warning's date, once; any other malus
    names no passage (ADR 0015)."""
    if type_malus.fondement is FondementMalus.FAUSSE_DECLARATION:
        if passage_id is not None:
            raise CommandeInvalide("un malus pour fausse déclaration ne désigne pas de passage en commission")
        return
    if passage_id is None:
        raise CommandeInvalide(
            "un malus pour refus illégitime désigne le passage en commission dont la proposition a été refusée"
        )
    identifiant = _uuid(passage_id)
    _refus_illegitime([e for e in historique if getattr(e, "passage_id", None) == identifiant], effet)


def _refus_illegitime(evenements: Sequence[Evenement], effet: date) -> None:
    """``evenements``: those that name the passage, a malus already envisaged for it included."""
    if _premier(evenements, PassageCAL) is None:
        raise CommandeInvalide("passage en commission inconnu pour cette demande")
    if _premier(evenements, PropositionRefusee) is None:
        raise CommandeInvalide("le demandeur n'a pas refusé de proposition issue de ce passage en commission")
    jugement = _premier(evenements, RefusJuge)
    if jugement is None or jugement.effet_le > effet:
        raise CommandeInvalide(
            f"ce refus n'était pas apprécié au {jour(effet)} : un agent doit d'abord le juger illégitime (refus_juge)"
        )
    if jugement.legitime:
        raise CommandeInvalide(
            f"ce refus a été jugé légitime le {jour(jugement.effet_le)} : pas de malus pour ce refus"
        )
    if _premier(evenements, MalusEnvisage) is not None:
        raise CommandeInvalide("un malus est déjà envisagé pour ce refus")


def _premier(evenements: Sequence[Evenement], classe: type[E]) -> E | None:
    return next((e for e in evenements if isinstance(e, classe)), None)


_UUID, _DATE = TypeAdapter(UUID), TypeAdapter(date)


def _uuid(valeur: object) -> UUID | None:
    try:
        return _UUID.validate_python(valeur)
    except ValidationError:
        return None


def _date(valeur: object) -> date | None:
    try:
        return _DATE.validate_python(valeur)
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
