"""The rules of the lifecycle events (CAL, proposals, validity, malus, appeals).

Each check reads the facts as known now (every event recorded so far, whatever its date of
effect) and the whole history where it must see events dated after others; a refusal raises
``CommandeInvalide`` in French and nothing is written.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from uuid import UUID

from domain.demande.cal import BailSigne, CandidatDesigne, PassageCAL, PropositionRefusee, RefusJuge
from domain.demande.faits import Faits
from domain.demande.malus import (
    MalusApplique,
    MalusEnvisage,
    MalusExpire,
    MalusLeve,
    MalusNonRetenu,
    PeriodeContradictoireEchue,
    demande_modifiee,
)
from domain.demande.parcours import Malus, Passage, Recours
from domain.demande.recours import IssueRecours, ObjetRecours, RecoursDecide, RecoursDepose
from domain.demande.vie import CauseRadiation, DemandeRadiee, RappelRenouvellement
from domain.erreurs import CommandeInvalide
from domain.evenements import Evenement
from domain.format import jour

Historique = Sequence[Evenement]


def _refuser(message: str) -> None:
    raise CommandeInvalide(message)


# --- CAL and proposals --------------------------------------------------------------------------


def _designation(faits: Faits, historique: Historique, evt: CandidatDesigne) -> None:
    if evt.designation_id in faits.designations:
        _refuser("cette désignation est déjà enregistrée")


def _passage_cal(faits: Faits, historique: Historique, evt: PassageCAL) -> None:
    if evt.passage_id in faits.passages:
        _refuser("ce passage en commission est déjà enregistré")
    if evt.designation_id is None:
        return
    designation = faits.designations.get(evt.designation_id)
    if designation is None:
        _refuser("désignation inconnue pour cette demande")
    elif evt.effet_le < designation.source.effet_le:
        _refuser("le passage en commission ne peut précéder la désignation du candidat")


def _passage(faits: Faits, passage_id: UUID, effet: Evenement) -> Passage:
    passage = faits.passages.get(passage_id)
    if passage is None:
        raise CommandeInvalide("passage en commission inconnu pour cette demande")
    if effet.effet_le < passage.source.effet_le:
        _refuser(f"la date d'effet précède le passage en commission du {jour(passage.source.effet_le)}")
    return passage


def _proposition_en_cours(faits: Faits, passage_id: UUID, evt: Evenement) -> Passage:
    passage = _passage(faits, passage_id, evt)
    if not passage.attribue():
        _refuser("la commission n'a pas attribué ce logement au demandeur : aucune proposition à refuser ou à signer")
    if passage.bail is not None:
        _refuser("le bail de ce logement est déjà signé")
    if passage.refus is not None:
        _refuser("cette proposition a déjà été refusée")
    return passage


def _proposition_refusee(faits: Faits, historique: Historique, evt: PropositionRefusee) -> None:
    _proposition_en_cours(faits, evt.passage_id, evt)


def _bail_signe(faits: Faits, historique: Historique, evt: BailSigne) -> None:
    _proposition_en_cours(faits, evt.passage_id, evt)


def _refus_juge(faits: Faits, historique: Historique, evt: RefusJuge) -> None:
    refus = _passage(faits, evt.passage_id, evt).refus
    if refus is None:
        _refuser("le demandeur n'a pas refusé cette proposition : rien à apprécier")
    elif refus.jugement is not None:
        _refuser("ce refus a déjà été apprécié")
    elif evt.effet_le < refus.source.effet_le:
        _refuser("l'appréciation ne peut précéder le refus")


# --- validity -----------------------------------------------------------------------------------


def _rappel(faits: Faits, historique: Historique, evt: RappelRenouvellement) -> None:
    echeance = faits.echeance_renouvellement()
    if evt.echeance != echeance:
        _refuser(f"l'échéance de renouvellement de cette demande est le {jour(echeance)}")
    if evt.echeance in faits.rappels:
        _refuser("le rappel de renouvellement pour cette échéance est déjà enregistré")


def _radiation(faits: Faits, historique: Historique, evt: DemandeRadiee) -> None:
    echeance = faits.echeance_renouvellement()
    if evt.cause is CauseRadiation.NON_RENOUVELLEMENT and evt.effet_le < echeance:
        _refuser(f"la demande est valide jusqu'au {jour(echeance)} : pas de radiation pour non-renouvellement avant")
    if evt.cause is CauseRadiation.ATTRIBUTION and not any(p.bail for p in faits.passages.values()):
        _refuser("une radiation pour attribution suit la signature d'un bail : aucun bail signé")


# --- malus --------------------------------------------------------------------------------------


def _malus(faits: Faits, malus_id: UUID) -> Malus:
    malus = faits.malus.get(malus_id)
    if malus is None:
        raise CommandeInvalide("malus inconnu pour cette demande")
    return malus


def _envisage(faits: Faits, historique: Historique, evt: MalusEnvisage) -> None:
    if evt.malus_id in faits.malus:
        _refuser("ce malus est déjà envisagé")
    if evt.fin_periode_contradictoire < evt.effet_le:
        _refuser("la période contradictoire ne peut finir avant l'avertissement du demandeur")


def _periode_echue(faits: Faits, historique: Historique, evt: PeriodeContradictoireEchue) -> None:
    malus = _malus(faits, evt.malus_id)
    _non_clos(malus)
    if malus.periode_echue is not None:
        _refuser("la fin de cette période contradictoire est déjà enregistrée")
    if evt.effet_le <= malus.fin_periode_contradictoire:
        _refuser(f"la période contradictoire court jusqu'au {jour(malus.fin_periode_contradictoire)} inclus")
    modifiee = demande_modifiee(historique, _evenement_envisage(historique, evt.malus_id))
    if evt.demande_modifiee is not modifiee:
        etat = "a été" if modifiee else "n'a pas été"
        _refuser(f"la demande {etat} modifiée pendant la période contradictoire (demande_modifiee : {modifiee})")


def _evenement_envisage(historique: Historique, malus_id: UUID) -> MalusEnvisage:
    return next(e for e in historique if isinstance(e, MalusEnvisage) and e.malus_id == malus_id)


def _non_clos(malus: Malus) -> None:
    if malus.non_retenu is not None:
        _refuser(f"ce malus n'a pas été retenu (décision du {jour(malus.non_retenu.effet_le)}) : le dossier est clos")


def _application(faits: Faits, historique: Historique, evt: MalusApplique) -> None:
    malus = _malus(faits, evt.malus_id)
    _non_clos(malus)
    if malus.application is not None or malus.levee is not None:
        _refuser("ce malus a déjà été appliqué ou levé")
    if evt.effet_le <= malus.fin_periode_contradictoire:
        _refuser(
            f"la période contradictoire court jusqu'au {jour(malus.fin_periode_contradictoire)} inclus : "
            "le malus ne peut être appliqué qu'après"
        )
    if demande_modifiee(historique, _evenement_envisage(historique, evt.malus_id)):
        _refuser(
            "le demandeur a modifié ou complété sa demande pendant la période contradictoire : "
            "le malus ne peut plus être appliqué pour ce motif"
        )
    if evt.expire_le <= evt.effet_le:
        _refuser("l'expiration du malus doit suivre son application")


def _non_retenu(faits: Faits, historique: Historique, evt: MalusNonRetenu) -> None:
    malus = _malus(faits, evt.malus_id)
    _non_clos(malus)
    if malus.application is not None:
        _refuser("ce malus a déjà été appliqué : seule une levée (annulation pour erreur ou recours) peut y mettre fin")
    if evt.effet_le < malus.averti_le:
        _refuser(f"la décision ne peut précéder l'avertissement du demandeur ({jour(malus.averti_le)})")
    if demande_modifiee(historique, _evenement_envisage(historique, evt.malus_id)):
        _refuser(
            "le demandeur a modifié ou complété sa demande pendant la période contradictoire : "
            "ce malus est déjà écarté, il n'y a rien à décider"
        )


def _applique(faits: Faits, malus_id: UUID) -> Malus:
    malus = _malus(faits, malus_id)
    if malus.application is None:
        _refuser("ce malus n'a pas été appliqué")
    if malus.levee is not None:
        _refuser(f"ce malus a déjà été levé (à compter du {jour(malus.levee.effet_le)})")
    return malus


def _expiration(faits: Faits, historique: Historique, evt: MalusExpire) -> None:
    malus = _applique(faits, evt.malus_id)
    if malus.expiration is not None:
        _refuser("l'expiration de ce malus est déjà enregistrée")
    if evt.effet_le != malus.expire_le:
        _refuser(f"ce malus expire le {jour(malus.expire_le)} : c'est la date d'effet de son expiration")  # type: ignore[arg-type]


def _levee(faits: Faits, historique: Historique, evt: MalusLeve) -> None:
    _bornes_levee(_applique(faits, evt.malus_id), evt)


def _bornes_levee(malus: Malus, evt: Evenement) -> None:
    assert malus.application is not None and malus.expire_le is not None
    if evt.effet_le < malus.application.effet_le:
        _refuser(f"la levée ne peut précéder l'application du malus ({jour(malus.application.effet_le)})")
    if evt.effet_le >= malus.expire_le:
        _refuser(f"le malus a pris fin le {jour(malus.expire_le)} : rien à lever à cette date")


# --- appeals ------------------------------------------------------------------------------------


def _depot_recours(faits: Faits, historique: Historique, evt: RecoursDepose) -> None:
    if evt.recours_id in faits.recours:
        _refuser("ce recours est déjà enregistré")
    if evt.objet is ObjetRecours.MALUS and _malus(faits, evt.malus_id).application is None:  # type: ignore[arg-type]
        _refuser("ce malus n'a pas été appliqué : le demandeur peut encore modifier sa demande, pas former un recours")
    if any(r.issue is None and _meme_objet(r, evt) for r in faits.recours.values()):
        _refuser("un recours sur le même objet est déjà en cours d'examen")


def _meme_objet(recours: Recours, evt: RecoursDepose) -> bool:
    return (recours.objet, recours.malus_id, recours.critere) == (evt.objet, evt.malus_id, evt.critere)


def _decision_recours(faits: Faits, historique: Historique, evt: RecoursDecide) -> None:
    recours = faits.recours.get(evt.recours_id)
    if recours is None:
        raise CommandeInvalide("recours inconnu pour cette demande")
    if recours.issue is not None:
        _refuser("ce recours a déjà été décidé")
    if evt.decide_le < recours.depot.effet_le or evt.decide_le > evt.enregistre_le.date():
        _refuser("la décision se prend entre le dépôt du recours et son enregistrement")
    if evt.issue is IssueRecours.ACCUEILLI and recours.malus_id is not None:
        _bornes_levee(_applique(faits, recours.malus_id), evt)


Regle = Callable[[Faits, Historique, Evenement], None]

REGLES: dict[type[Evenement], Regle] = {
    CandidatDesigne: _designation,
    PassageCAL: _passage_cal,
    PropositionRefusee: _proposition_refusee,
    BailSigne: _bail_signe,
    RefusJuge: _refus_juge,
    RappelRenouvellement: _rappel,
    DemandeRadiee: _radiation,
    MalusEnvisage: _envisage,
    PeriodeContradictoireEchue: _periode_echue,
    MalusApplique: _application,
    MalusExpire: _expiration,
    MalusLeve: _levee,
    MalusNonRetenu: _non_retenu,
    RecoursDepose: _depot_recours,
    RecoursDecide: _decision_recours,
}
