"""Compare an expectation with the score obtained, and a refusal with the one expected."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

from pydantic_core import to_jsonable_python

from adapters.cas_types.modele import Attente, Balayage, EcritAttendu, EvenementCas, EvenementNomme, RejeuCas
from adapters.cas_types.rapport import Ecart, Verification
from adapters.cas_types.rejeu import LigneRejouee
from domain.cotation.resultat import Contribution, Cotation
from domain.demande import catalogue
from domain.evenements import Evenement
from domain.format import jour
from domain.format import points as fmt_points
from domain.grille.modele import OptionJustificatif

ABSENT = "absent"
#: The identifiers an event names by alias, by field (``malus_id``…).
Resolution = Callable[[EvenementNomme], dict[str, UUID]]


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
    ecarts = _grille(attente, cotation) + _total(attente, cotation) + _attendues(attente, obtenues)
    ecarts += _inattendues(attente, cotation)
    return Verification(libelle_attente(attente), tuple(ecarts))


def _grille(attente: Attente, cotation: Cotation) -> list[Ecart]:
    if attente.grille is None or attente.grille == cotation.grille:
        return []
    return [Ecart("grille", attente.grille, cotation.grille, f"grille en vigueur : {cotation.grille_libelle}")]


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


def verifier_refus(libelle: str, refus_attendu: str, message: str | None) -> Verification:
    """``message`` is the refusal obtained, ``None`` when the event (or adoption) was accepted."""
    attendu = f"un refus contenant « {refus_attendu} »"
    if message is None:
        return Verification(libelle, (Ecart("refus", attendu, "accepté"),))
    if refus_attendu not in message:
        return Verification(libelle, (Ecart("refus", attendu, f"« {message} »"),))
    return Verification(libelle)


def verifier_erreur(attente: Attente, message: str) -> Verification:
    """The score could not be computed (no grid in force, missing parameter…)."""
    return Verification(libelle_attente(attente), (Ecart("cotation", "une cotation", f"erreur « {message} »"),))


def verifier_ecrit_avec(numero: int, evt: EvenementCas, ecrit: Evenement) -> Verification:
    """The event as written (fields the application completes from the grid included)."""
    libelle = f"événement n°{numero} ({evt.type}, demande {evt.demande}) tel qu'écrit"
    ecarts = [
        Ecart(champ, _valeur(attendu), _valeur(getattr(ecrit, champ)))
        for champ, attendu in evt.ecrit_avec.items()
        if not egal(getattr(ecrit, champ), attendu)
    ]
    return Verification(libelle, tuple(ecarts))


def verifier_ecrits(
    numero: int, balayage: Balayage, ecrits: list[tuple[str, Evenement]], resoudre: Resolution
) -> Verification:
    """The events a sweep wrote must be exactly those expected, in any order."""
    libelle = f"balayage du {horodatage(balayage.balayage)} (étape n°{numero}) : événements écrits"
    restants = list(ecrits)
    manquants = []
    for attendu in balayage.ecrits or []:
        trouve = next((e for e in restants if _correspond(attendu, e, resoudre)), None)
        if trouve is None:
            manquants.append(attendu)
        else:
            restants.remove(trouve)
    ecarts = [Ecart("événement", _decrire_attendu(a), ABSENT, _decrire_ecrits(ecrits)) for a in manquants]
    ecarts += [Ecart("événement", "aucun autre", _decrire_ecrit(alias, evt)) for alias, evt in restants]
    return Verification(libelle, tuple(ecarts))


def _correspond(attendu: EcritAttendu, ecrit: tuple[str, Evenement], resoudre: Resolution) -> bool:
    alias, evt = ecrit
    champs = {**attendu.champs(), **resoudre(attendu)}
    return (
        (attendu.type, attendu.demande, attendu.effet_le) == (nom_court(evt), alias, evt.effet_le)
        and all(egal(getattr(evt, champ, None), valeur) for champ, valeur in champs.items())
    )


def egal(obtenu: object, attendu: object) -> bool:
    """A field of an event against a value as written in a file (``-10`` for ``Decimal("-10.00")``,
    ``accueilli`` for an enumeration, a mapping for a nested block)."""
    if isinstance(obtenu, Decimal):
        return isinstance(attendu, int | float | Decimal) and obtenu == Decimal(str(attendu))
    return to_jsonable_python(obtenu) == to_jsonable_python(attendu)


def nom_court(evt: Evenement) -> str:
    return next((nom for nom, classe in catalogue.TYPES.items() if classe is type(evt)), evt.TOPIC)


def _valeur(valeur: object) -> str:
    if isinstance(valeur, date):
        return jour(valeur)
    return str(to_jsonable_python(valeur))


def _decrire_attendu(attendu: EcritAttendu) -> str:
    return f"{attendu.type}, demande {attendu.demande}, effectif le {jour(attendu.effet_le)}"


def _decrire_ecrit(alias: str, evt: Evenement) -> str:
    return f"{nom_court(evt)}, demande {alias}, effectif le {jour(evt.effet_le)}"


def _decrire_ecrits(ecrits: list[tuple[str, Evenement]]) -> str:
    if not ecrits:
        return "le balayage n'a rien écrit"
    return "écrits : " + " ; ".join(_decrire_ecrit(alias, evt) for alias, evt in ecrits)


def libelle_rejeu(rejeu: RejeuCas, candidate: str) -> str:
    """« rejeu de la grille candidate X au 01/03/2022 », « … aux 15/12/2021, 01/03/2022 »."""
    dates = sorted(set(rejeu.dates))
    return f"rejeu de la grille candidate {candidate} au{'x' if len(dates) > 1 else ''} {', '.join(map(jour, dates))}"


def verifier_rejeu_refuse(rejeu: RejeuCas, candidate: str, message: str) -> Verification:
    """The replay refused to run (a date to come, too many dates…)."""
    return Verification(libelle_rejeu(rejeu, candidate), (Ecart("rejeu", "un rejeu", f"refus « {message} »"),))


def verifier_rejeu(
    rejeu: RejeuCas, candidate: str, references: dict[str, str], lignes: dict[tuple[str, date], LigneRejouee]
) -> Verification:
    """The replay's differences against those expected, per demande alias and date; ``references``
    gives the short reference (``D-…``) of each alias. Any other row must show no difference."""
    libelle = libelle_rejeu(rejeu, candidate)
    attendus = {(alias, le): ecart for alias, par_date in rejeu.ecarts.items() for le, ecart in par_date.items()}
    obtenus = {(alias, le): lignes.get((ref, le)) for alias, ref in references.items() for le in set(rejeu.dates)}
    ecarts = [
        _ecart_rejeu(alias, le, attendus.get((alias, le)), ligne)
        for (alias, le), ligne in sorted(obtenus.items())
        if (alias, le) in attendus or (ligne is not None and ligne.ecart != 0)
    ]
    return Verification(libelle, tuple(e for e in ecarts if e is not None))


def _ecart_rejeu(alias: str, le: date, attendu: Decimal | None, ligne: LigneRejouee | None) -> Ecart | None:
    sujet = f"demande {alias} au {jour(le)}"
    if ligne is None:
        return Ecart(sujet, _difference(attendu), "absente du rejeu", "la demande n'est pas active à cette date "
                     "(pas encore enregistrée, ou radiée)")
    if ligne.ecart is not None and ligne.ecart == (attendu or 0):
        return None
    obtenu = "non calculé" if ligne.ecart is None else _difference(ligne.ecart)
    explication = f"score en vigueur {ligne.score_en_vigueur or '—'}, candidate {ligne.score_candidate or '—'}"
    if ligne.criteres_modifies:
        explication += f" ; critères modifiés (candidate − en vigueur) : {ligne.criteres_modifies}"
    return Ecart(sujet, _difference(attendu), obtenu, explication)


def _difference(valeur: Decimal | None) -> str:
    """« +5 points », « -2 points »; ``None`` (not listed) is no difference."""
    if not valeur:
        return "aucun écart"
    return ("+" if valeur > 0 else "") + fmt_points(valeur)
