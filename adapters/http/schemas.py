"""Request and response bodies of the HTTP API that are not domain models themselves."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from adapters.http.dates import DateIso
from domain.demande.evenements import CodeCritere
from domain.demande.faits import Source
from domain.explication import Explication
from domain.grille.alertes import HORIZON
from domain.grille.modele import GrilleVersion


class PageDemandes(BaseModel):
    demandes: list[UUID] = Field(description="Identifiants des demandes, dans l'ordre d'enregistrement")
    limite: int
    position: int


class Recherche(BaseModel):
    model_config = ConfigDict(extra="forbid")

    numero_unique: str = Field(max_length=40, description="Numéro unique de la demande (18 caractères, espaces ignorés)")


class DemandeTrouvee(BaseModel):
    demande_id: UUID


class EvenementEcrit(BaseModel):
    demande_id: UUID
    evenement_id: UUID
    type: str
    effet_le: date
    enregistre_le: datetime


class Historique(BaseModel):
    demande_id: UUID
    evenements: list[dict[str, Any]] = Field(
        description="Les événements dans l'ordre de leur enregistrement, chacun avec son « type »"
    )


class EvenementGrille(BaseModel):
    evenement_id: UUID
    type: str = Field(description="Sujet de l'événement de la grille")
    effet_le: date
    enregistre_le: datetime


class AdoptionGrille(BaseModel):
    model_config = ConfigDict(extra="forbid")

    grille: dict[str, Any] = Field(
        description="La version de grille, au format des fichiers YAML livrés (adapters/grilles/), en JSON ; "
        "sa date d'effet « effet_le » est celle de l'adoption"
    )
    motif: str = Field(min_length=3, max_length=2000, description="Délibération ou acte qui adopte la version")


class DesactivationCritere(BaseModel):
    model_config = ConfigDict(extra="forbid")

    critere: CodeCritere = Field(description="Code du critère local à désactiver")
    effet_le: DateIso = Field(description="Date à partir de laquelle le critère ne compte plus")
    motif: str = Field(min_length=3, max_length=2000, description="Délibération ou acte qui le désactive")


class GrilleEnVigueur(BaseModel):
    version: GrilleVersion
    adoption: Source
    criteres_desactives: list[str]
    alertes: list[str] = Field(
        description=f"Paramètres de la grille en vigueur qui n'auront plus de valeur dans les {HORIZON.days} jours (aucune "
        "demande ne pourra plus être cotée ce jour-là sans une version adoptée qui leur en donne une)"
    )


class ExplicationTexte(Explication):
    texte: str = Field(description="L'explication rédigée telle qu'elle est remise au demandeur")


class ErreurChamp(BaseModel):
    champ: str = Field(description="Le champ en cause")
    detail: str = Field(description="Ce qui ne va pas dans ce champ, en français")


class Probleme(BaseModel):
    """A refusal as an RFC 9457 problem details document (``adapters.http.erreurs.probleme``)."""

    type: str = Field(description="Genre du problème, URN urn:cotation:probleme:<genre>")
    title: str = Field(description="Résumé du genre de problème, en français")
    status: int = Field(description="Statut HTTP de la réponse")
    detail: str = Field(description="Ce qui ne va pas dans cette requête, en français, sans les valeurs envoyées")
    instance: str = Field(description="Le chemin demandé, sans ses paramètres")
    champ: str | None = Field(default=None, description="Le champ en cause, quand il est connu")
    erreurs: list[ErreurChamp] | None = Field(
        default=None, description="Pour une requête invalide : chaque champ en cause avec son message"
    )
    id_requete: str | None = Field(default=None, description="Identifiant de la requête (en-tête X-Request-ID)")
