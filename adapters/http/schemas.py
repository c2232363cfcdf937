"""Request and response bodies of the HTTP API that are not domain models themselves."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from domain.demande.faits import Source
from domain.explication import Explication
from domain.grille.modele import GrilleVersion


class PageDemandes(BaseModel):
    demandes: list[UUID] = Field(description="Identifiants des demandes, dans l'ordre d'enregistrement")
    limite: int
    position: int


class Recherche(BaseModel):
    model_config = ConfigDict(extra="forbid")

    numero_unique: str = Field(max_length=40, description="Numéro unique de la demande (18 caractères)")


class DemandeTrouvee(BaseModel):
    demande_id: UUID


class EvenementEcrit(BaseModel):
    demande_id: UUID
    evenement_id: UUID
    type: str
    effet_le: date
    enregistre_le: datetime


class GrilleEnVigueur(BaseModel):
    version: GrilleVersion
    adoption: Source
    criteres_desactives: list[str]


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
