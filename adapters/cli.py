"""The ``cotation`` command: the HTTP service, scores and explanations, grid adoption, imports.

Settings come from the environment (``Reglages.depuis_env``); every refusal is printed in
French on stderr with exit code 1, and writes nothing.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from time import perf_counter
from typing import Annotated, Literal, NoReturn
from uuid import UUID

import typer
import uvicorn
from fastapi import FastAPI
from rich.console import Console
from rich.progress import MofNCompleteColumn, Progress

from adapters.affichage import table_cotation, table_criteres, table_parametres
from adapters.application import CotationApp
from adapters.bootstrap import configurer_journal, creer_application
from adapters.cas_types.commande import app as cas_types
from adapters.demo.histoires import GRAINE
from adapters.demo.profils import EPERNAY
from adapters.demo.profils import profil as profil_de_generation
from adapters.demo.semis import TERRITOIRE, semer, semer_historique
from adapters.demo.versement import verser_historique
from adapters.grilles import lire
from adapters.horloge import FUSEAU, HorlogeSysteme, aujourdhui
from adapters.http.api import creer_api
from adapters.http.jetons import DUREE_PAR_DEFAUT, SECRET_DEVELOPPEMENT, JetonInvalide, emettre, identite_de
from adapters.http.profils import Profil
from adapters.importation import importer as importer_lignes
from adapters.projections import lecture
from adapters.projections.affichage import table_chronologie, table_delais, table_positionnement
from adapters.projections.positionnement import calculer_positionnement
from adapters.projections.rattrapage import actualiser, rattraper
from adapters.projections.reconstruction import reconstruire
from adapters.rapports import a_examiner as liste_a_examiner
from adapters.rapports import cil as rapports
from adapters.rejeu import commande as rejeu
from adapters.reglages import Reglages
from domain.erreurs import ErreurCotation
from domain.explication import en_texte
from domain.format import jour, nombre
from scheduler.planification import INTERVALLE_MINUTES, demarrer_en_fond, executer

app = typer.Typer(
    name="cotation",
    help="Cotation de la demande de logement social : service HTTP, cotations, explications, grilles, imports.",
    no_args_is_help=True,
    add_completion=False,
)
app.add_typer(cas_types, name="cas-types")
console = Console(highlight=False, soft_wrap=True)


@app.callback()
def _journal() -> None:
    """Logs go to stderr for every command, cas types included: stdout is for the command's output."""
    configurer_journal(_reglages())

console_erreurs = Console(stderr=True, highlight=False, soft_wrap=True)

Date = Annotated[str | None, typer.Option("--date", help="Date AAAA-MM-JJ (par défaut : aujourd'hui)")]
Intervalle = Annotated[
    int, typer.Option("--balayage-minutes", min=1, help="Minutes entre deux balayages des échéances")
]
#: More HTTP processes than cores only share them, with a connection pool each.
MAX_PROCESSUS_HTTP = 16


def _echouer(message: str) -> NoReturn:
    console_erreurs.print(f"Erreur : {message}", style="red", markup=False)
    raise typer.Exit(1)


def _reglages() -> Reglages:
    try:
        return Reglages.depuis_env()
    except ValueError as exc:
        _echouer(str(exc))


@contextmanager
def _en_francais() -> Iterator[None]:
    """Domain refusals become a French message and exit code 1."""
    try:
        yield
    except ErreurCotation as exc:
        _echouer(exc.message)


@contextmanager
def _application() -> Iterator[CotationApp]:
    reglages = _reglages()
    configurer_journal(reglages)
    application = creer_application(reglages)
    try:
        with _en_francais():
            yield application
    finally:
        application.close()


def _jour(texte: str | None, application: CotationApp) -> date:
    if texte is None:
        return aujourdhui(application.horloge)
    try:
        return date.fromisoformat(texte)
    except ValueError:
        _echouer(f"date invalide : « {texte} » (attendu : AAAA-MM-JJ)")


def _instant(texte: str | None) -> datetime | None:
    if texte is None:
        return None
    try:
        instant = datetime.fromisoformat(texte)
    except ValueError:
        _echouer(f"horodatage invalide : « {texte} » (attendu : AAAA-MM-JJTHH:MM, fuseau facultatif)")
    return instant if instant.tzinfo else instant.replace(tzinfo=FUSEAU)


def _demande(texte: str) -> UUID:
    try:
        return UUID(texte)
    except ValueError:
        _echouer(f"identifiant de demande invalide : « {texte} »")


@app.command(
    help="Lance le service HTTP (documentation sur /docs). Au premier démarrage sur une base vide du "
    "territoire d'Épernay, adopte la grille livrée et sème le territoire de démonstration."
)
def serve(
    host: Annotated[str, typer.Option(help="Adresse d'écoute")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port d'écoute")] = 8000,
    balayage: Intervalle = INTERVALLE_MINUTES,
    processus: Annotated[
        int, typer.Option(min=1, max=MAX_PROCESSUS_HTTP, help="Processus servant les requêtes HTTP (le planificateur "
                          "tourne dans le processus principal)")
    ] = 1,
) -> None:
    reglages = _reglages()
    configurer_journal(reglages, production=True)
    secret = _secret_jetons(reglages, host)
    if reglages.territoire == TERRITOIRE:
        _semer(reglages)
    application = creer_application(reglages)
    console.print(f"Service Cotation sur http://{host}:{port} (documentation : http://{host}:{port}/docs)")
    planificateur = demarrer_en_fond(application, balayage)
    try:
        if processus == 1:
            uvicorn.run(creer_api(application, secret), host=host, port=port, access_log=False)
        else:
            uvicorn.run(f"{__name__}:{api_de_processus.__name__}", factory=True, workers=processus, host=host,
                        port=port, access_log=False)
    finally:
        planificateur.shutdown()
        application.close()


def api_de_processus() -> FastAPI:
    """The service of one of ``serve --processus N``'s processes (uvicorn calls it in each of them):
    its own application over the same store; nothing is shared between them but the store."""
    reglages = Reglages.depuis_env()
    configurer_journal(reglages, production=True)
    application = creer_application(reglages)

    @asynccontextmanager
    async def cycle(_: FastAPI) -> AsyncIterator[None]:
        yield
        application.close()

    return creer_api(application, reglages.jwt_secret or SECRET_DEVELOPPEMENT, cycle)


@app.command(
    help="Lance le planificateur seul (pour les déploiements où le service tourne ailleurs) : balaie les "
    "échéances dues au démarrage puis à intervalle régulier (expiration des malus, fin des périodes "
    "contradictoires, rappels de renouvellement, radiations, purge des critères locaux) ; tient les "
    "projections à jour (rattrapage toutes les 5 secondes, actualisation quotidienne, positionnement hebdomadaire)."
)
def planificateur(balayage: Intervalle = INTERVALLE_MINUTES) -> None:
    reglages = _reglages()
    configurer_journal(reglages, production=True)
    application = creer_application(reglages)
    console.print(f"Planificateur Cotation : un balayage des échéances toutes les {balayage} minutes (Ctrl-C : arrêt).")
    try:
        executer(application, balayage)
    finally:
        application.close()


BOUCLE_LOCALE = ("127.0.0.1", "::1", "localhost")


def _secret_jetons(reglages: Reglages, host: str | None = None) -> str:
    """The key of the access tokens; the public development key only on the loopback (ADR 0022)."""
    if reglages.jwt_secret is not None:
        return reglages.jwt_secret
    if host is not None and host not in BOUCLE_LOCALE:
        _echouer("sans COTATION_JWT_SECRET, le service n'écoute que sur la boucle locale (--host 127.0.0.1)")
    console_erreurs.print("Attention : COTATION_JWT_SECRET non défini, clé de développement publique utilisée.")
    return SECRET_DEVELOPPEMENT


@app.command(
    help="Émet un jeton d'accès au service HTTP (JWT signé par COTATION_JWT_SECRET), écrit seul sur la sortie "
    "standard : pour un agent (--agent, et --guichet pour enregistrer des événements) ou pour un demandeur "
    "(--profil demandeur --demande ID, sa seule demande)."
)
def jeton(
    profils: Annotated[list[Profil], typer.Option("--profil", help="Profil (répétable pour en cumuler)")],
    agent: Annotated[str | None, typer.Option("--agent", help="Identifiant pseudonyme de l'agent")] = None,
    guichet: Annotated[str | None, typer.Option("--guichet", help="Guichet ou service de l'agent")] = None,
    demande: Annotated[str | None, typer.Option("--demande", help="Identifiant de la demande du demandeur")] = None,
    territoire: Annotated[str | None, typer.Option("--territoire", help="Par défaut : COTATION_TERRITOIRE")] = None,
    duree: Annotated[int, typer.Option("--duree-minutes", min=1, max=7 * 24 * 60, help="Durée de validité")] = int(
        DUREE_PAR_DEFAUT.total_seconds() // 60
    ),
) -> None:
    reglages = _reglages()
    try:
        identite = identite_de(profils, territoire or reglages.territoire, agent, guichet, demande)
    except JetonInvalide as exc:
        _echouer(exc.message)
    secret = _secret_jetons(reglages)
    typer.echo(emettre(identite, secret, HorlogeSysteme().maintenant(), timedelta(minutes=duree)))


def _semer(reglages: Reglages) -> None:
    with _en_francais():
        bilan = semer(reglages)
    if bilan is None:
        console.print("Base déjà initialisée : territoire de démonstration non semé.")
    else:
        console.print(
            f"Grille d'Épernay adoptée et territoire de démonstration semé : {bilan.demandes} demandes, "
            f"{bilan.evenements} événements."
        )


@app.command()
def demo() -> None:
    """Sème le territoire de démonstration (Épernay, demandes fictives) si la base est vide."""
    reglages = _reglages()
    configurer_journal(reglages)
    _semer(reglages)


@app.command()
def cotation(
    demande_id: Annotated[str, typer.Argument(metavar="ID", help="Identifiant de la demande")],
    le: Date = None,
    connu_le: Annotated[
        str | None, typer.Option("--connu-le", help="Telle qu'enregistrée à cet instant (ISO 8601)")
    ] = None,
    json: Annotated[bool, typer.Option("--json", help="Sortie JSON complète")] = False,
) -> None:
    """Cotation d'une demande à une date, critère par critère, avec les événements sources."""
    with _application() as application:
        resultat = application.cotation(_demande(demande_id), _jour(le, application), _instant(connu_le))
    if json:
        typer.echo(resultat.model_dump_json(indent=2))
    else:
        console.print(table_cotation(resultat))


@app.command()
def explication(
    demande_id: Annotated[str, typer.Argument(metavar="ID", help="Identifiant de la demande")],
    le: Date = None,
) -> None:
    """Explication de la cotation en français simple, telle que remise au demandeur."""
    with _application() as application:
        resultat = application.explication(_demande(demande_id), _jour(le, application))
    typer.echo(en_texte(resultat))


@app.command()
def grille(le: Date = None) -> None:
    """Grille de cotation en vigueur à une date : critères, points, paramètres datés."""
    with _application() as application:
        jour_demande = _jour(le, application)
        en_vigueur = application.grille(jour_demande)
        alertes = application.alertes_grille(jour_demande)
    console.print(table_criteres(en_vigueur))
    console.print(table_parametres(en_vigueur.version, jour_demande))
    for alerte in alertes:
        console.print(f"[bold]Attention[/bold] : {alerte.en_texte()}.")


@app.command("adopter-grille")
def adopter_grille(
    fichier: Annotated[Path, typer.Argument(metavar="FICHIER", help="Fichier YAML de la version de grille")],
    motif: Annotated[str, typer.Option(help="Motif de l'adoption (délibération, plan…)")],
    agent: Annotated[str, typer.Option(help="Identifiant de l'agent qui enregistre l'adoption")],
    guichet: Annotated[str, typer.Option(help="Identifiant du guichet ou service de l'agent")],
) -> None:
    """Adopte une version de grille ; elle s'applique à partir de sa propre date d'effet."""
    with _application() as application:
        donnees = lire(fichier) if fichier.is_file() else _echouer(f"fichier introuvable : {fichier}")
        acteur = {"type": "agent", "agent_id": agent, "guichet_id": guichet}
        evt = application.adopter_grille(
            {"grille": donnees, "effet_le": donnees.get("effet_le"), "acteur": acteur, "motif": motif}
        )
    console.print(f"Grille {evt.grille.version} adoptée, en vigueur à partir du {jour(evt.effet_le)}.")


@app.command(
    help="Importe des événements (un objet JSON par ligne, avec son « type ») ; une ligne refusée n'écrit "
    "rien et n'arrête pas les suivantes ; code de sortie 1 si une ligne est refusée."
)
def importer(
    fichier: Annotated[Path, typer.Argument(metavar="FICHIER.jsonl", help="Un événement JSON par ligne")],
) -> None:
    if not fichier.is_file():
        _echouer(f"fichier introuvable : {fichier}")
    with _application() as application, fichier.open(encoding="utf-8") as lignes:
        resultats = importer_lignes(application, lignes)
    for ligne in resultats:
        if ligne.ecrite:
            console.print(f"ligne {ligne.numero} : écrite ({ligne.message})", style="green", markup=False)
        else:
            console.print(f"ligne {ligne.numero} : refusée — {ligne.message}", style="red", markup=False)
    refusees = sum(not ligne.ecrite for ligne in resultats)
    console.print(f"{len(resultats) - refusees} ligne(s) écrite(s), {refusees} refusée(s).")
    if refusees:
        raise typer.Exit(1)


FormatRapport = Annotated[rapports.Format, typer.Option("--format", help="Format : json, csv ou html")]
Au = Annotated[
    str | None, typer.Option("--au", help="Jour auquel l'état des malus est arrêté (par défaut : aujourd'hui)")
]
Sortie = Annotated[Path | None, typer.Option("--sortie", help="Fichier à écrire (par défaut : la sortie standard)")]


def _ecrire_rapport(rendu: rapports.Rendu, sortie: Path | None) -> None:
    if sortie is None:
        typer.echo(rendu.contenu, nl=False)
        return
    sortie.write_text(rendu.contenu, encoding="utf-8")
    console_erreurs.print(f"Rapport écrit dans {sortie}.", markup=False)


@app.command("malus-depuis")
def malus_depuis(
    depuis: Annotated[str, typer.Option("--date", help="Date de la dernière réunion de coordination (AAAA-MM-JJ)")],
    au: Au = None,
    format_rapport: FormatRapport = "json",
    sortie: Sortie = None,
) -> None:
    """Malus appliqués depuis une date, pour l'ordre du jour de la réunion de coordination de la CIL."""
    with _application() as application:
        rapport = rapports.malus_depuis(application, _jour(depuis, application), _jour(au, application))
        rendu = rapports.rendre(rapport, format_rapport, application)
    _ecrire_rapport(rendu, sortie)


@app.command("bilan-malus")
def bilan_malus(
    annee: Annotated[int, typer.Option("--annee", help="Année du bilan (AAAA)")],
    au: Au = None,
    format_rapport: FormatRapport = "json",
    sortie: Sortie = None,
) -> None:
    """Bilan annuel de l'usage des malus pour la CIL : par type, motif, guichet, agent, durées, recours, mois."""
    with _application() as application:
        rapport = rapports.bilan_malus(application, annee, _jour(au, application))
        rendu = rapports.rendre(rapport, format_rapport, application)
    _ecrire_rapport(rendu, sortie)


FormatListe = Annotated[Literal["texte", "json"], typer.Option("--format", help="Format : texte ou json")]


@app.command("a-examiner")
def a_examiner(
    guichet: Annotated[str | None, typer.Option("--guichet", help="Seulement les malus envisagés à ce guichet")] = None,
    au: Annotated[str | None, typer.Option("--au", help="Jour de la liste (par défaut : aujourd'hui)")] = None,
    format_liste: FormatListe = "texte",
) -> None:
    """Malus à examiner : période contradictoire close, demande non modifiée, ni appliqués ni non retenus."""
    with _application() as application:
        liste = liste_a_examiner.a_examiner(application, _jour(au, application), guichet)
    if format_liste == "json":
        typer.echo(liste.model_dump_json(indent=2))
    else:
        typer.echo(liste_a_examiner.en_texte(liste), nl=False)


@app.command()
def generer(
    demandes: Annotated[int, typer.Option("--demandes", min=1, help="Nombre de demandes à générer")],
    graine: Annotated[int, typer.Option("--graine", help="Graine du tirage (même graine, même historique)")] = GRAINE,
    en_bloc: Annotated[
        bool, typer.Option("--en-bloc", help="Chargement en bloc (mêmes règles, sans aller-retour par événement)")
    ] = False,
    processus: Annotated[
        int, typer.Option("--processus", min=0, help="En bloc : processus de préparation (0 : aucun)")
    ] = 0,
    profil: Annotated[
        str,
        typer.Option(
            "--profil",
            help="Calibrage des enregistrements : epernay ou idf (volumes annuels et types de "
            "guichet d'Île-de-France, socle régional) ; communes, parc et grille restent ceux d'Épernay",
        ),
    ] = EPERNAY,
) -> None:
    """Écrit dans une base vide un historique synthétique déterministe du territoire d'Épernay, par
    l'application ou en bloc (chaque événement vérifié par les mêmes règles, écrit par lots en une transaction)."""
    reglages = _reglages()
    configurer_journal(reglages)
    with _en_francais():
        profil_de_generation(profil)
    debut = perf_counter()
    with _en_francais(), Progress(*Progress.get_default_columns(), MofNCompleteColumn(), console=console) as barre:
        tache = barre.add_task("Demandes écrites", total=demandes)
        if en_bloc:
            avancer = lambda nombre_demandes: barre.advance(tache, nombre_demandes)  # noqa: E731
            bilan = verser_historique(reglages, demandes, graine, processus, apres_fenetre=avancer, profil=profil)
        else:
            bilan = semer_historique(reglages, demandes, graine, lambda: barre.advance(tache), profil)
    duree = perf_counter() - debut
    debit = nombre(round(bilan.evenements / duree))
    maniere = (f", profil {profil}" if profil != EPERNAY else "") + (", en bloc" if en_bloc else "")
    console.print(
        f"Historique généré (graine {graine}{maniere}) : {nombre(bilan.demandes)} demandes, "
        f"{nombre(bilan.evenements)} événements écrits en {nombre(Decimal(duree), 1)} s ({debit} événements/s)."
    )


# --- the read models (ADR 0019) ----------------------------------------------------------------

projections = typer.Typer(
    help="Projections (lectures précalculées depuis le journal) : rattrapage, reconstruction, chronologies, "
    "positionnement des demandes et délais moyens d'attente.",
    no_args_is_help=True,
    add_completion=False,
)
app.add_typer(projections, name="projections")
Demande = Annotated[str, typer.Argument(metavar="ID", help="Identifiant de la demande")]


def _a_jour(application: CotationApp) -> tuple[int, int]:
    """Catch the projections up with the log, and refresh the scores that ran out: (read, refreshed)."""
    return rattraper(application), actualiser(application)


@projections.command("rattraper")
def projections_rattraper() -> None:
    """Rattrape les projections sur le journal des événements et actualise les cotations échues."""
    with _application() as application:
        lues, actualisees = _a_jour(application)
    console.print(f"{nombre(lues)} notification(s) lue(s), {nombre(actualisees)} cotation(s) actualisée(s).")


@projections.command("reconstruire")
def projections_reconstruire(
    processus: Annotated[int, typer.Option("--processus", min=1, help="Processus de calcul des cotations")] = 1,
) -> None:
    """Reconstruit les projections depuis tout le journal, dans des tables neuves basculées à la fin."""
    with _application() as application:
        bilan = reconstruire(application, progression=True, travailleurs=processus)
    console.print(bilan.en_texte())


@projections.command("positionnement")
def projections_positionnement(le: Date = None) -> None:
    """Calcule maintenant le positionnement des demandes et les délais moyens d'attente."""
    with _application() as application:
        _a_jour(application)
        bilan = calculer_positionnement(application, _jour(le, application))
    console.print(bilan.en_texte())


@projections.command("chronologie")
def projections_chronologie(demande_id: Demande) -> None:
    """Chronologie de la cotation d'une demande : chaque changement, sa date, son total et sa cause."""
    with _application() as application:
        _a_jour(application)
        identifiant = _demande(demande_id)
        courante = lecture.cotation_courante(application, identifiant)
        etapes = lecture.chronologie(application, identifiant)
    console.print(table_chronologie(courante, etapes))


@projections.command("positionnement-demande")
def projections_positionnement_demande(demande_id: Demande) -> None:
    """Rang d'une demande sur chacun de ses souhaits (maintenant et au dernier positionnement), cotations des
    demandes analogues et délai moyen d'attente."""
    with _application() as application:
        _a_jour(application)
        identifiant = _demande(demande_id)
        lecture.cotation_courante(application, identifiant)
        classements = lecture.classement(application, identifiant)
        positionnements = lecture.positionnement(application, identifiant)
    if classements:
        console.print(table_positionnement(classements, positionnements))
    else:
        console.print("Demande radiée ou sans cotation : elle n'est classée sur aucun de ses souhaits.")


@projections.command("delais")
def projections_delais() -> None:
    """Délais moyens d'attente par commune et typologie (attributions des 12 mois précédant le dernier calcul)."""
    with _application() as application:
        delais = lecture.delais_moyens(application)
    if delais:
        console.print(table_delais(delais))
    else:
        console.print("Aucun délai moyen calculé : lancez « cotation projections positionnement ».")


# --- replay of a candidate grid and yearly evaluation (ADR 0023) --------------------------------


@app.command(
    help="Rejoue une grille candidate (non adoptée) sur l'historique : à chaque date, chaque demande active est "
    "cotée sous la grille en vigueur et sous la candidate ; écarts, gagnants et perdants par critère et par "
    "public, contrôle légal (publics prioritaires en tête) et accord avec les choix des CAL. Rien n'est écrit."
)
def rejouer(
    candidate: Annotated[Path, typer.Option("--candidate", help="Fichier YAML de la grille candidate")],
    dates: Annotated[str | None, typer.Option("--dates", help="Dates AAAA-MM-JJ séparées par des virgules")] = None,
    mois_passes: Annotated[
        int | None, typer.Option("--mois-passes", min=1, max=120, help="Le premier de chacun des N derniers mois")
    ] = None,
    format_rapport: FormatRapport = "json",
    sortie: Sortie = None,
    processus: Annotated[int | None, typer.Option("--processus", min=1, help="Processus de calcul")] = None,
) -> None:
    with _application() as application:
        jours = rejeu.dates_demandees(dates, mois_passes, application)
        grille_candidate = rejeu.charger_candidate(candidate)
        rejeu.executer_rejeu(application, grille_candidate, jours, format_rapport, sortie, processus)


@app.command(
    "evaluation-annuelle",
    help="Évaluation annuelle du système de cotation : rang dans la cotation des candidats retenus par les CAL, "
    "part des publics prioritaires parmi les ménages logés, scores des logés et des demandes en attente, par "
    "commune et typologie.",
)
def evaluation_annuelle(
    annee: Annotated[int, typer.Option("--annee", help="Année évaluée (AAAA), close")],
    format_rapport: FormatRapport = "json",
    sortie: Sortie = None,
    processus: Annotated[int | None, typer.Option("--processus", min=1, help="Processus de calcul")] = None,
) -> None:
    with _application() as application:
        rejeu.executer_evaluation(application, annee, format_rapport, sortie, processus)
