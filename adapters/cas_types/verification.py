"""Compare an expectation with the score obtained, and a refusal with the one expected."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from adapters.cas_types.modele import Attente, EvenementCas
from adapters.cas_types.rapport import Ecart, Verification
from domain.cotation.resultat import Contribution, Cotation
from domain.format import jour
from domain.format import points as fmt_points
from domain.grille.modele import OptionJustificatif

ABSENT = "absent"


def libelle_attente(attente: Attente) -> str:
    libelle = f"demande {attente.demande} au {jour(attente.le)}"
    if attente.connu_le:
        libelle += f", telle qu'enregistrée au {horodatage(attente.connu_le)}"
    return libelle


def horodatage(instant: datetime) -> str:
    return f"{instant:%d/%m/%Y à %H:%M} UTC"


def compte(contribution: Contribution) -> Decimal:
    """The points a contribution adds to the total (none when its rubric keeps a better one)."""
    return contribution.points if contribution.retenu else Decimal(0)


def regle(contribution: Contribution) -> str:
    """The obtained rule in words, with the effect of the justificatif option beyond option 1."""
    texte = contribution.regle
    if contribution.option_justificatif is not OptionJustificatif.AVEC_OU_SANS:
        texte += f" ; {contribution.effet_justificatif}"
    return f"règle appliquée : {texte}"


def verifier_attente(attente: Attente, cotation: Cotation) -> Verification:
    obtenues = {c.critere: c for c in cotation.contributions}
    ecarts = _total(attente, cotation) + _attendues(attente, obtenues) + _inattendues(attente, cotation)
    return Verification(libelle_attente(attente), tuple(ecarts))


def _total(attente: Attente, cotation: Cotation) -> list[Ecart]:
    if attente.total is None or attente.total == cotation.total:
        return []
    detail = ", ".join(f"{c.critere} {fmt_points(compte(c))}" for c in cotation.contributions) or "aucune contribution"
    return [Ecart("total", fmt_points(attente.total), fmt_points(cotation.total), f"contributions obtenues : {detail}")]


def _attendues(attente: Attente, obtenues: dict[str, Contribution]) -> list[Ecart]:
    ecarts = []
    for code, attendu in attente.contributions.items():
        contribution = obtenues.get(code)
        if contribution is None:
            ecarts.append(Ecart(code, fmt_points(attendu), ABSENT))
        elif compte(contribution) != attendu:
            ecarts.append(Ecart(code, fmt_points(attendu), fmt_points(compte(contribution)), regle(contribution)))
    return ecarts


def _inattendues(attente: Attente, cotation: Cotation) -> list[Ecart]:
    interdits = set(attente.absents)
    if attente.exactement:
        interdits |= {c.critere for c in cotation.contributions} - attente.contributions.keys()
    return [
        Ecart(c.critere, ABSENT, fmt_points(compte(c)), regle(c))
        for c in cotation.contributions
        if c.critere in interdits
    ]


def verifier_refus(numero: int, evt: EvenementCas, message: str | None) -> Verification:
    """``message`` is the refusal obtained, ``None`` when the event was accepted."""
    libelle = f"refus de l'événement n°{numero} ({evt.type}, demande {evt.demande})"
    attendu = f"un refus contenant « {evt.refus_attendu} »"
    if message is None:
        return Verification(libelle, (Ecart("refus", attendu, "événement accepté"),))
    if evt.refus_attendu not in message:
        return Verification(libelle, (Ecart("refus", attendu, f"« {message} »"),))
    return Verification(libelle)


def verifier_erreur(attente: Attente, message: str) -> Verification:
    """The score could not be computed (no grid in force, missing parameter…)."""
    return Verification(libelle_attente(attente), (Ecart("cotation", "une cotation", f"erreur « {message} »"),))
