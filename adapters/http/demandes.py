"""Endpoints of the demandes: list, search by numéro, register, append an event, score, explain.

Demandes are named by their random identifier in URLs; a numéro unique only travels in a
request body (``POST /demandes/recherche``), so that it never reaches an access log.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Body, Query

from adapters.horloge import FUSEAU
from adapters.http import acces, exemples
from adapters.http.erreurs import problemes
from adapters.http.contexte import Application, Jour
from adapters.http.schemas import DemandeTrouvee, EvenementEcrit, ExplicationTexte, PageDemandes, Recherche
from domain.cotation.resultat import Cotation
from domain.demande.catalogue import ENREGISTREMENT, SUITES, TYPES, lire_commande, nom
from domain.evenements import Evenement
from domain.explication import en_texte

routeur = APIRouter(prefix="/demandes", tags=["Demandes"])

Commande = Annotated[dict[str, Any], Body(openapi_examples=exemples.EVENEMENTS)]
Enregistrement = Annotated[dict[str, Any], Body(openapi_examples=exemples.ENREGISTREMENT)]


def _ecrit(demande_id: UUID, evt: Evenement) -> EvenementEcrit:
    return EvenementEcrit(
        demande_id=demande_id, evenement_id=evt.evenement_id, type=nom(type(evt)), effet_le=evt.effet_le,
        enregistre_le=evt.enregistre_le,
    )


@routeur.get(
    "",
    summary="Lister les demandes",
    description="Identifiants des demandes du territoire, dans l'ordre de leur enregistrement, page par page. "
    "Aucune donnée personnelle n'est renvoyée : ni numéro unique, ni situation.",
    responses=problemes(422),
)
def lister(
    app: Application,
    limite: Annotated[int, Query(ge=1, le=1000, description="Nombre de demandes par page")] = 100,
    position: Annotated[int, Query(ge=0, description="Rang de la première demande de la page (0 = la première)")] = 0,
) -> PageDemandes:
    return PageDemandes(demandes=app.demandes(limite, position), limite=limite, position=position)


@routeur.post(
    "/recherche",
    summary="Retrouver une demande par son numéro unique",
    description="Le numéro unique est transmis dans le corps de la requête, jamais dans l'adresse, pour ne "
    "pas figurer dans les journaux d'accès. Un numéro mal formé est refusé (422) ; un numéro inconnu "
    "répond 404.",
    responses=problemes(400, 404, 409, 422),
)
def rechercher(app: Application, recherche: Recherche) -> DemandeTrouvee:
    return DemandeTrouvee(demande_id=app.rechercher(recherche.numero_unique))


@routeur.post(
    "",
    status_code=201,
    summary="Enregistrer une demande",
    description="Enregistre une nouvelle demande : numéro unique (18 caractères), date de première "
    "inscription, canal (guichet ou portail) et guichet enregistreur, situation complète du ménage. "
    "La date d'effet ne peut suivre la date d'enregistrement, fixée par le système ; un numéro déjà "
    "enregistré est refusé (409). Données invalides : 422 ; refus par les règles : 409 ; motif en "
    "français, rien n'est écrit.",
    responses=problemes(400, 409, 422),
)
def enregistrer(app: Application, donnees: Enregistrement) -> EvenementEcrit:
    acces.noter_acteur(donnees.get("acteur"))
    _, champs = lire_commande({"type": ENREGISTREMENT, **donnees}, {ENREGISTREMENT: TYPES[ENREGISTREMENT]})
    demande_id, evt = app.enregistrer_demande(champs)
    return _ecrit(demande_id, evt)


@routeur.post(
    "/{demande_id}/evenements",
    status_code=201,
    summary="Ajouter un événement à une demande",
    description="Ajoute un événement daté à la demande. Le champ « type » le nomme : "
    + ", ".join(SUITES)
    + ". L'identifiant de l'événement et sa date d'enregistrement sont fixés par le système. "
    "Les règles : la date d'effet ne précède pas l'enregistrement de la demande et ne suit pas la date "
    "d'enregistrement ; rectifications, décisions sur les justificatifs et validations ou retraits de "
    "critères sont faits par un agent, avec un motif ; un justificatif n'est validé ou rejeté qu'une fois. "
    "Un événement mal formé (422) ou refusé par les règles (409), motif en français, n'écrit rien.",
    responses=problemes(400, 404, 409, 422),
)
def ajouter(app: Application, demande_id: UUID, commande: Commande) -> EvenementEcrit:
    acces.noter_acteur(commande.get("acteur"))
    classe, champs = lire_commande(commande, SUITES)
    return _ecrit(demande_id, app.ajouter(demande_id, classe, champs))


@routeur.get(
    "/{demande_id}/cotation",
    summary="Cotation d'une demande à une date",
    description="La cotation à la date demandée (par défaut aujourd'hui) : la version de grille en vigueur à "
    "cette date, appliquée aux faits en vigueur à cette date. Chaque critère donne ses points, la règle "
    "appliquée en toutes lettres, l'effet de l'option justificatif, les paramètres datés utilisés et les "
    "événements sources (date d'effet, date d'enregistrement, auteur). Avec « connu_le », la cotation est "
    "celle que le système montrait à cet instant, avant toute rectification enregistrée depuis (un "
    "horodatage sans fuseau est lu à l'heure de Paris).",
    responses=problemes(404, 422),
)
def cotation(
    app: Application,
    demande_id: UUID,
    jour: Jour,
    connu_le: Annotated[
        datetime | None, Query(description="Horodatage ISO 8601 : la cotation telle qu'enregistrée à cet instant")
    ] = None,
) -> Cotation:
    if connu_le is not None and connu_le.tzinfo is None:
        connu_le = connu_le.replace(tzinfo=FUSEAU)
    return app.cotation(demande_id, jour, connu_le)


@routeur.get(
    "/{demande_id}/explication",
    summary="Explication de la cotation pour le demandeur",
    description="L'explication en français simple due au demandeur : chaque critère, ses points, le fait et "
    "la date qui les justifient, l'effet de l'option justificatif ; ce qui changera avec le temps ; ce que "
    "le demandeur peut faire (fournir une pièce, déclarer un changement de situation, demander à son "
    "guichet l'examen d'un critère validé par un agent) ; les valeurs de paramètres encore provisoires. "
    "La cotation est une aide à la décision et n'est pas opposable (PPGD, section 9). Seules les données "
    "de cette demande sont lues.",
    responses=problemes(404, 422),
)
def explication(app: Application, demande_id: UUID, jour: Jour) -> ExplicationTexte:
    resultat = app.explication(demande_id, jour)
    return ExplicationTexte(**dict(resultat), texte=en_texte(resultat))
