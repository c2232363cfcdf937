"""Sensitive pieces and situations: shown only to whom may see them; the points always show (ADR 0022).

Sensitive situations are the criteria of a grid whose legal priority is one of
``domain.grille.priorites.SITUATIONS_SENSIBLES`` (violence, rape or sexual assault, prostitution,
trafficking: the situations the socle régional asks guichets to handle by « un circuit adapté »;
health situations are fields of the demande every consultant reads); sensitive pieces
are the justificatifs deposited as ``sensible`` (a disability or pregnancy certificate, a complaint
for violence: PPGD of Épernay, section 6) and every piece of a sensitive criterion. A profile
without the right (``profils.VOIENT_SENSIBLE``) reads a score, an explanation or a history where
each of them is masked: a contribution keeps its points, its nature and the dates and authors of
its events, but loses the criterion's code, its label, the rule's text and every motive. Deciding
on them (validating a criterion or a piece, deciding an appeal) takes the same right.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from adapters.application import CotationApp
from adapters.http.profils import VOIENT_SENSIBLE
from adapters.http.jetons import Identite
from domain.cotation.resultat import Contribution, Cotation
from domain.explication import Evolution, Explication, LigneCritere, LigneParcours, Piste
from domain.grille.evenements import GrilleAdoptee
from domain.grille.priorites import SITUATIONS_SENSIBLES

CODE_MASQUE = "SITUATION_SENSIBLE"
LIBELLE_MASQUE = "Situation sensible"
DETAIL_MASQUE = "détail réservé au profil consultant sensible"
#: Commands that take the right to see when they touch a sensitive situation or piece (depositing a piece does not).
DECISIONS = frozenset({
    "justificatif_valide", "justificatif_rejete", "critere_valide", "critere_retire",
    "recours_depose", "recours_decide",
})


class CriteresSensibles:
    """The sensitive criteria of a territory's grid versions (code → label), read once per version.

    An adopted version never changes and its name is never reused (ADR 0005): a version met again
    is answered from memory; a new one, or a new event of the grid, is taken in from the grid's new events.
    """

    def __init__(self, application: CotationApp) -> None:
        self._application = application
        self._par_version: dict[str, dict[str, str]] = {}
        self._lue_jusqu_a = 0

    def de_la_version(self, version: str) -> dict[str, str]:
        if version not in self._par_version:
            self._relire()
        return self._par_version.get(version, {})

    def tous(self) -> dict[str, str]:
        """Those of every version adopted so far."""
        self._relire()
        return {code: libelle for criteres in self._par_version.values() for code, libelle in criteres.items()}

    def _relire(self) -> None:
        """Takes in the adoptions recorded since the last reading (the grid's history is kept by the
        application: only its new events, if any, are read)."""
        grille = self._application.historique_grille()
        for adoption in (e for e in grille[self._lue_jusqu_a:] if isinstance(e, GrilleAdoptee)):
            self._par_version[adoption.grille.version] = {
                c.code: c.libelle for c in adoption.grille.criteres if c.priorite_legale in SITUATIONS_SENSIBLES
            }
        self._lue_jusqu_a = len(grille)


def voit_sensible(identite: Identite) -> bool:
    """Whether ``identite`` sees sensitive data: a demandeur their own, a « consultant sensible » all."""
    return identite.demande is not None or not identite.profils.isdisjoint(VOIENT_SENSIBLE)


# --- reads ----------------------------------------------------------------------------------------


def _contribution(contribution: Contribution) -> Contribution:
    return contribution.model_copy(
        update={"critere": CODE_MASQUE, "libelle": LIBELLE_MASQUE, "regle": DETAIL_MASQUE, "parametres": [],
                "rubrique": None}
    )


def cotation(resultat: Cotation, sensibles: Mapping[str, str]) -> Cotation:
    contributions = [_contribution(c) if c.critere in sensibles else c for c in resultat.contributions]
    return resultat.model_copy(update={"contributions": contributions})


def _ligne(ligne: LigneCritere) -> LigneCritere:
    return ligne.model_copy(
        update={"critere": CODE_MASQUE, "libelle": LIBELLE_MASQUE, "constat": DETAIL_MASQUE, "provisoires": []}
    )


def _evolution(evolution: Evolution) -> Evolution:
    return evolution.model_copy(update={"critere": CODE_MASQUE, "libelle": LIBELLE_MASQUE})


def _recours(ligne: LigneParcours, libelles: Iterable[str]) -> LigneParcours:
    if not any(f"« {libelle} »" in ligne.texte for libelle in libelles):
        return ligne
    return ligne.model_copy(update={"texte": f"Recours amiable sur une situation sensible : {DETAIL_MASQUE}."})


def _piste(piste: Piste, sensibles: Mapping[str, str]) -> Piste | None:
    """A piste about a sensitive criterion goes whole, whether the criterion counts or not (its
    absence must not tell that the criterion was validated)."""
    if not set(piste.criteres) & sensibles.keys():
        return piste
    return None


def explication(resultat: Explication, sensibles: Mapping[str, str]) -> Explication:
    pistes = [p for p in (_piste(p, sensibles) for p in resultat.pistes) if p is not None]
    return resultat.model_copy(update={
        "criteres": [_ligne(c) if c.critere in sensibles else c for c in resultat.criteres],
        "evolutions": [_evolution(e) if e.critere in sensibles else e for e in resultat.evolutions],
        "pistes": pistes,
        "recours": [_recours(r, sensibles.values()) for r in resultat.recours],
    })


class _Marques:
    """What is sensitive in one demande's history: its pieces and its appeals on sensitive criteria."""

    def __init__(self, evenements: Iterable[Mapping[str, Any]], sensibles: Mapping[str, str]) -> None:
        self.sensibles = sensibles
        self.pieces: set[str] = set()
        self.recours: set[str] = set()
        for evt in evenements:
            if evt["type"] == "justificatif_depose" and (evt.get("sensible") or evt["critere"] in sensibles):
                self.pieces.add(str(evt["justificatif_id"]))
            if evt["type"] == "recours_depose" and evt.get("critere") in sensibles:
                self.recours.add(str(evt["recours_id"]))

    def touche(self, commande: Mapping[str, Any]) -> bool:
        critere = commande.get("critere")
        return (
            (isinstance(critere, str) and critere in self.sensibles)
            or str(commande.get("justificatif_id")) in self.pieces
            or str(commande.get("recours_id")) in self.recours
        )


def _evenement(evt: dict[str, Any], marques: _Marques) -> dict[str, Any]:
    if not marques.touche(evt):
        return evt
    masque = {**evt, "motif": DETAIL_MASQUE if evt.get("motif") else None}
    if evt.get("critere") in marques.sensibles:
        masque["critere"] = CODE_MASQUE
    if "type_piece" in evt:
        masque["type_piece"] = DETAIL_MASQUE
    return masque


def historique(evenements: list[dict[str, Any]], sensibles: Mapping[str, str]) -> list[dict[str, Any]]:
    """The history of a demande (events as JSON objects with their ``type``), sensitive details masked."""
    marques = _Marques(evenements, sensibles)
    return [_evenement(evt, marques) for evt in evenements]


# --- commands -------------------------------------------------------------------------------------


def touche_sensible(commande: Mapping[str, Any], deja: list[dict[str, Any]], sensibles: Mapping[str, str]) -> bool:
    """Whether a decision (``DECISIONS``) bears on a sensitive situation or piece, given the demande's history."""
    return _Marques(deja, sensibles).touche(commande)


def en_json(evenements: Iterable[Any], nom: Any) -> list[dict[str, Any]]:
    """Events as JSON objects, each with its short ``type`` name (``nom``: class → name)."""
    return [{"type": nom(type(e)), **e.model_dump(mode="json")} for e in evenements]

