"""Endpoints of the demandes: list, search by numéro, register, append an event, score, explain, history.

Demandes are named by their random identifier in URLs; a numéro unique only travels in a
request body (``POST /demandes/recherche``), so that it never reaches an access log. The actor of
every event is the user of the token (ADR 0022): a command naming its own ``acteur`` is refused.
Sensitive situations and pieces are masked for a user who may not see them (``sensible.py``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Body, Query

from adapters.horloge import FUSEAU
from adapters.http import exemples, sensible
from adapters.http.contexte import Application, Jour, Sensibles
from adapters.http.dates import InstantIso
from adapters.http.erreurs import problemes
from adapters.http.routes import Route
from adapters.http.identite import AccesRefuse, acces_requis, exiger
from adapters.http.jetons import Identite
from adapters.http.profils import MATRICE, libelles
from adapters.http.schemas import (
    DemandeTrouvee,
    EvenementEcrit,
    ExplicationTexte,
    Historique,
    PageDemandes,
    Recherche,
)
from domain.cotation.resultat import Cotation
from domain.demande.catalogue import ENREGISTREMENT, SUITES, TYPES, lire_commande, nom
from domain.erreurs import DemandeIntrouvable, DonneesInvalides
from domain.evenements import Evenement
from domain.explication import en_texte

routeur = APIRouter(prefix="/demandes", tags=["Demandes"], route_class=Route)
#: Far beyond any territory's demandes, and within what the stores' integers hold.
POSITION_MAX = 1_000_000_000

Commande = Annotated[dict[str, Any], Body(openapi_examples=exemples.EVENEMENTS)]
Enregistrement = Annotated[dict[str, Any], Body(openapi_examples=exemples.ENREGISTREMENT)]
LecteurCotation = Annotated[Identite, acces_requis("cotation", quoi="la cotation d'une demande")]
LecteurExplication = Annotated[Identite, acces_requis("explication", quoi="l'explication d'une cotation")]
LecteurHistorique = Annotated[Identite, acces_requis("historique", quoi="l'historique d'une demande")]
Redacteur = Annotated[Identite, acces_requis(*SUITES, quoi="l'ajout d'un événement à une demande")]
Guichet = Annotated[Identite, acces_requis(ENREGISTREMENT, quoi="l'enregistrement d'une demande")]
#: The commands of a demande, with the profiles that may record each, for the documentation.
TYPES_AUTORISES = "".join(
    f"\n- `{n}` ({c.libelle}) : {libelles(MATRICE[n]) or 'planificateur seul'}" for n, c in SUITES.items()
)


def _commande(brut: dict[str, Any], qui: Identite) -> dict[str, Any]:
    """The command with the token's user as its actor; an actor sent in the body is refused."""
    if "acteur" in brut:
        raise DonneesInvalides("champ fixé par le jeton d'accès, à ne pas fournir : acteur", champ="acteur")
    return {**brut, "acteur": qui.acteur().model_dump(mode="json")}


def _verifier_sensible(
    app: Application, sensibles: Sensibles, qui: Identite, demande_id: UUID, commande: dict[str, Any]
) -> None:
    """A decision on a sensitive situation or piece takes the right to see them."""
    if sensible.voit_sensible(qui) or commande["type"] not in sensible.DECISIONS:
        return
    deja = sensible.en_json(app.historique(demande_id), nom)
    if sensible.touche_sensible(commande, deja, sensibles.tous()):
        raise AccesRefuse("décision sur une situation ou une pièce sensible : réservée au profil consultant sensible")


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
    dependencies=[acces_requis("lister_demandes", quoi="la liste des demandes")],
)
def lister(
    app: Application,
    limite: Annotated[int, Query(ge=1, le=1000, description="Nombre de demandes par page")] = 100,
    position: Annotated[
        int, Query(ge=0, le=POSITION_MAX, description="Rang de la première demande de la page (0 = la première)")
    ] = 0,
) -> PageDemandes:
    return PageDemandes(demandes=app.demandes(limite, position), limite=limite, position=position)


@routeur.post(
    "/recherche",
    summary="Retrouver une demande par son numéro unique",
    description="Le numéro unique est transmis dans le corps de la requête, jamais dans l'adresse, pour ne "
    "pas figurer dans les journaux d'accès. Un numéro mal formé est refusé (422) ; un numéro inconnu "
    "répond 404.",
    responses=problemes(400, 404, 409, 422),
    dependencies=[acces_requis("rechercher_demande", quoi="la recherche d'une demande")],
)
def rechercher(app: Application, recherche: Recherche) -> DemandeTrouvee:
    return DemandeTrouvee(demande_id=app.rechercher(recherche.numero_unique))


@routeur.post(
    "",
    status_code=201,
    summary="Enregistrer une demande",
    description="Enregistre une nouvelle demande : numéro unique (18 caractères), date de première "
    "inscription, canal (guichet ou portail) et guichet enregistreur, situation complète du ménage. "
    "L'auteur de l'événement est l'utilisateur du jeton d'accès. "
    "La date d'effet ne peut suivre la date d'enregistrement, fixée par le système ; un numéro déjà "
    "enregistré est refusé (409). Données invalides : 422 ; refus par les règles : 409 ; motif en "
    "français, rien n'est écrit.",
    responses=problemes(400, 409, 422),
)
def enregistrer(app: Application, qui: Guichet, donnees: Enregistrement) -> EvenementEcrit:
    commande = _commande({"type": ENREGISTREMENT, **donnees}, qui)
    _, champs = lire_commande(commande, {ENREGISTREMENT: TYPES[ENREGISTREMENT]})
    demande_id, evt = app.enregistrer_demande(champs)
    return _ecrit(demande_id, evt)


@routeur.post(
    "/{demande_id}/evenements",
    status_code=201,
    summary="Ajouter un événement à une demande",
    description="Ajoute un événement daté à la demande. Le champ « type » le nomme ; chaque type est réservé "
    "à certains profils :" + TYPES_AUTORISES + "\n\n"
    "L'identifiant de l'événement et sa date d'enregistrement sont fixés par le système, son auteur est "
    "l'utilisateur du jeton d'accès. Une décision sur une situation ou une pièce sensible (validation ou "
    "retrait d'un critère sensible, décision sur une pièce sensible, recours sur un critère sensible) exige "
    "en outre le profil consultant sensible. "
    "Les règles : la date d'effet ne précède pas l'enregistrement de la demande et ne suit pas la date "
    "d'enregistrement ; rectifications, décisions sur les justificatifs et validations ou retraits de "
    "critères sont faits par un agent, avec un motif ; un justificatif n'est validé ou rejeté qu'une fois. "
    "Un événement mal formé (422) ou refusé par les règles (409), motif en français, n'écrit rien.",
    responses=problemes(400, 404, 409, 422),
)
def ajouter(
    app: Application, sensibles: Sensibles, qui: Redacteur, demande_id: UUID, commande: Commande
) -> EvenementEcrit:
    classe, champs = lire_commande(_commande(commande, qui), SUITES)
    exiger(qui, nom(classe), f"« {nom(classe)} » ({classe.libelle})")
    _verifier_sensible(app, sensibles, qui, demande_id, commande)
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
    sensibles: Sensibles,
    qui: LecteurCotation,
    demande_id: UUID,
    jour: Jour,
    connu_le: Annotated[
        InstantIso | None,
        Query(description="Horodatage ISO 8601 : la cotation telle qu'enregistrée à cet instant"),
    ] = None,
) -> Cotation:
    if connu_le is not None and connu_le.tzinfo is None:
        connu_le = connu_le.replace(tzinfo=FUSEAU)
    resultat = app.cotation(demande_id, jour, connu_le)
    if sensible.voit_sensible(qui):
        return resultat
    return sensible.cotation(resultat, sensibles.de_la_version(resultat.grille))


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
def explication(
    app: Application, sensibles: Sensibles, qui: LecteurExplication, demande_id: UUID, jour: Jour
) -> ExplicationTexte:
    resultat = app.explication(demande_id, jour)
    if not sensible.voit_sensible(qui):
        resultat = sensible.explication(resultat, sensibles.de_la_version(resultat.grille))
    return ExplicationTexte(**dict(resultat), texte=en_texte(resultat))


@routeur.get(
    "/{demande_id}/historique",
    summary="Historique des événements d'une demande",
    description="Tous les événements enregistrés pour la demande, dans l'ordre de leur enregistrement, chacun avec "
    "son type, sa date d'effet, sa date d'enregistrement, son auteur, son motif et ses données : la piste d'audit "
    "de la demande. Pour un profil qui n'est pas consultant sensible, les situations sensibles (violences, viol ou "
    "agression sexuelle, prostitution, traite) et les pièces sensibles sont masquées : code du critère, nature de "
    "la pièce et motifs remplacés par « " + sensible.DETAIL_MASQUE + " ».",
    responses=problemes(404, 422),
)
def historique(app: Application, sensibles: Sensibles, qui: LecteurHistorique, demande_id: UUID) -> Historique:
    evenements = sensible.en_json(app.historique(demande_id), nom)
    if not evenements:
        raise DemandeIntrouvable("aucune demande ne porte cet identifiant")
    if not sensible.voit_sensible(qui):
        evenements = sensible.historique(evenements, sensibles.tous())
    return Historique(demande_id=demande_id, evenements=evenements)
