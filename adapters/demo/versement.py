"""A generated history written in bulk: the writes of ``semer_historique``, without a round trip
per event.

Each demande's history is kept in memory while it is prepared by the application's own
``preparer`` (grid-derived fields, the event built, the rules checked against the history so
far), with the ids drawn from the seed as ``semer_historique`` draws them; the events are encoded
by the application's mapper and appended by ``adapters/chargement.py`` in one transaction. The
demandes are taken in windows (1,000 by default) whose events are merged in the order of their
recorded times, so that the log interleaves demandes as in real life while memory stays bounded
by a window. The preparation may run in worker processes: each draws the whole (sequential)
generation and prepares one window in ``processus``, and the windows are written in their order,
so the log is the same whatever the number of processes.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterator, Sequence
from itertools import islice
from queue import Empty
from typing import Any
from uuid import UUID

from eventsourcing.persistence import JSONTranscoder, Mapper

from adapters import chargement
from adapters.application import id_grille, preparer
from adapters.chargement import Ligne
from adapters.demo.dossier import Ecriture
from adapters.demo.histoires import GRAINE, generer
from adapters.demo.profils import EPERNAY
from adapters.demo.semis import ADOPTION, Bilan, adoption, identifiants, ouvrir
from adapters.horloge import HorlogeReglable
from adapters.mapper import Enveloppe
from adapters.reglages import Reglages
from domain.demande import regles
from domain.erreurs import CommandeInvalide, ErreurCotation
from domain.evenements import Evenement
from domain.grille.adoption import verifier_adoption
from projections.index_demandes import ligne

FENETRE = 1000
#: A demande's id, its events' ids and its writes.
Histoire = tuple[UUID, list[UUID], list[Ecriture]]
#: What a worker needs to encode as the application does: its mapper's class, compressor, cipher.
Encodage = tuple[type[Mapper], Any, Any]


def verser_historique(
    reglages: Reglages,
    nombre: int,
    graine: int = GRAINE,
    processus: int = 0,
    fenetre: int = FENETRE,
    apres_fenetre: Callable[[int], None] = lambda demandes: None,
    profil: str = EPERNAY,
) -> Bilan:
    """Write in bulk the generated history of ``nombre`` demandes (calibrated by ``profil``) on an
    empty store of the Épernay territory (refused otherwise): the same log as ``semer_historique``
    per demande, the demandes of a window interleaved. ``processus`` workers prepare the windows
    (none: this process does); ``apres_fenetre`` is called with the number of demandes of each
    window written."""
    app = ouvrir(reglages, HorlogeReglable(ADOPTION))
    try:
        grille = grille_adoptee(app.territoire, graine)
        encodage = (type(app.mapper), app.mapper.compressor, app.mapper.cipher)
        lots = _lots(nombre, graine, profil, fenetre, processus, [grille.evenement], encodage)
        with chargement.charger(app) as ecrire:
            ecrire([(app.mapper.to_stored_event(grille), None)])
            evenements = 1
            for numero, lot in enumerate(lots):
                ecrire(lot)
                evenements += len(lot)
                apres_fenetre(min(fenetre, nombre - numero * fenetre))
        return Bilan(demandes=nombre, evenements=evenements)
    finally:
        app.close()


def grille_adoptee(territoire: str, graine: int) -> Enveloppe:
    """The grid's adoption as ``semer_historique`` writes it: prepared as ``CotationApp.adopter_grille``
    prepares it, with the first id drawn from the seed."""
    ecriture = adoption()
    verifier = lambda historique, evt: verifier_adoption(historique, evt, territoire)  # noqa: E731
    return preparer(
        id_grille(territoire), [], ecriture.classe, ecriture.donnees, verifier,
        historique_grille=list, evenement_id=identifiants(graine)(), enregistre_le=ecriture.instant,
    )


# --- preparing a window ---------------------------------------------------------------------


def histoires(nombre: int, graine: int, profil: str = EPERNAY) -> Iterator[Histoire]:
    """The generated histories with their ids, drawn as ``semer_historique`` draws them."""
    tirer = identifiants(graine)
    tirer()  # the grid's adoption
    for ecritures in generer(nombre, graine, profil):
        demande_id = tirer()
        yield demande_id, [tirer() for _ in ecritures], ecritures


def fenetres(nombre: int, graine: int, taille: int, profil: str = EPERNAY) -> Iterator[list[Histoire]]:
    suite = histoires(nombre, graine, profil)
    while fenetre := list(islice(suite, taille)):
        yield fenetre


def preparer_fenetre(fenetre: Sequence[Histoire], grille: list[Evenement], mapper: Mapper) -> list[Ligne]:
    """The rows of a window's events, checked and encoded, in the order of their recorded times."""
    enveloppes = [(env.evenement.enregistre_le, n, env) for n, h in enumerate(fenetre) for env in _demande(h, grille)]
    enveloppes.sort(key=lambda t: t[:2])  # stable: a demande's events keep their order
    return [(mapper.to_stored_event(env), ligne(env.originator_id, env.evenement)) for _, _, env in enveloppes]


def _demande(histoire: Histoire, grille: list[Evenement]) -> list[Enveloppe]:
    demande_id, ids, ecritures = histoire
    historique: list[Evenement] = []
    enveloppes: list[Enveloppe] = []
    for evenement_id, ecriture in zip(ids, ecritures, strict=True):
        try:
            env = preparer(
                demande_id, historique, ecriture.classe, ecriture.donnees_pour(ids[0]), regles.verifier,
                historique_grille=lambda: grille, evenement_id=evenement_id, enregistre_le=ecriture.instant,
            )
        except ErreurCotation as exc:
            raise CommandeInvalide(f"demande générée n° {ecriture.demande} : {exc.message}") from None
        historique.append(env.evenement)
        enveloppes.append(env)
    return enveloppes


# --- windows in this process or in workers --------------------------------------------------


def _lots(
    nombre: int, graine: int, profil: str, taille: int, processus: int, grille: list[Evenement], encodage: Encodage
) -> Iterator[list[Ligne]]:
    if processus == 0:
        mapper = _mapper(encodage)
        return (preparer_fenetre(f, grille, mapper) for f in fenetres(nombre, graine, taille, profil))
    return _en_parallele(nombre, graine, profil, taille, processus, grille, encodage)


def _mapper(encodage: Encodage) -> Mapper:
    classe, compresseur, chiffre = encodage
    return classe(transcoder=JSONTranscoder(), compressor=compresseur, cipher=chiffre)


def _en_parallele(
    nombre: int, graine: int, profil: str, taille: int, processus: int, grille: list[Evenement], encodage: Encodage
) -> Iterator[list[Ligne]]:
    contexte = multiprocessing.get_context("spawn")  # a forked child would share the store's connections
    sorties = [contexte.Queue(maxsize=2) for _ in range(processus)]
    travailleurs = [
        contexte.Process(
            target=_travailler,
            args=(rang, processus, nombre, graine, profil, taille, grille, encodage, sorties[rang]),
            daemon=True,
        )
        for rang in range(processus)
    ]
    for travailleur in travailleurs:
        travailleur.start()
    try:
        for numero in range(-(-nombre // taille)):
            yield _recevoir(sorties[numero % processus], travailleurs[numero % processus])
        for travailleur in travailleurs:
            travailleur.join()
    finally:
        for travailleur in travailleurs:
            if travailleur.is_alive():
                travailleur.terminate()
                travailleur.join()


def _travailler(
    rang: int, processus: int, nombre: int, graine: int, profil: str, taille: int, grille: list[Evenement],
    encodage: Encodage, sortie: Any,
) -> None:
    """A worker: prepare every ``processus``-th window from ``rang``, in order; a failure is sent too."""
    mapper = _mapper(encodage)
    try:
        for numero, fenetre in enumerate(fenetres(nombre, graine, taille, profil)):
            if numero % processus == rang:
                sortie.put(preparer_fenetre(fenetre, grille, mapper))
    except ErreurCotation as exc:
        sortie.put(CommandeInvalide(exc.message))
    except Exception as exc:  # noqa: BLE001 - handed to the writer, which raises it
        sortie.put(RuntimeError(f"préparation interrompue : {exc!r}"))


def _recevoir(sortie: Any, travailleur: Any) -> list[Ligne]:
    """The next window of this worker; what a worker sent is in the pipe before it ends."""
    while True:
        vivant = travailleur.is_alive()
        try:
            recu = sortie.get(timeout=1)
        except Empty:
            if not vivant:
                raise RuntimeError("un processus de préparation s'est arrêté sans finir") from None
            continue
        if isinstance(recu, Exception):
            raise recu
        return recu
