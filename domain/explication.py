"""The explanation of a score owed to the demandeur, in plain French (PPGD Épernay, section 9).

From the score at a date, the demande's facts and the grid version: each criterion (and each
active malus) with its points, the fact and the event behind it and the effect of the
justificatif option; every malus and recours amiable and where it stands; what time
alone will change in the coming months; what the demandeur can do (provide a document, declare
a change of situation, ask the guichet about a criterion an agent validates); which parameter
values are provisional. Only the demande's own facts are read: nothing about other demandes.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from domain.acteurs import Agent
from domain.cotation.justificatifs import probants
from domain.cotation.moteur import coter
from domain.cotation.resultat import Contribution, Cotation, Points
from domain.demande.faits import Faits, Source, StatutJustificatif
from domain.demande.parcours import CauseFin, EtatMalus, Malus, Recours
from domain.demande.recours import IssueRecours
from domain.erreurs import ParametreManquant
from domain.format import jour, nombre
from domain.format import points as fmt_points
from domain.grille.modele import Critere, Etablissement, GrilleVersion, OptionJustificatif
from domain.grille.parametres import ParametreUtilise, parametre
from domain.libelles import libelle
from domain.temps import ajouter_mois, mois_revolus

HORIZON_MOIS = 12

AVERTISSEMENT = (
    "La cotation est un outil d'aide à la décision : elle n'est opposable ni aux réservataires ni à la "
    "commission d'attribution (CALEOL), qui s'appuie aussi sur les autres éléments de votre dossier, sur "
    "les logements disponibles et sur les objectifs d'attribution de la Conférence intercommunale du "
    "logement. Le nombre de points peut évoluer avec la complétude de votre dossier et vos changements "
    "de situation (PPGD, section 9)."
)

CHANGEMENT = (
    "Si votre situation change (composition du ménage, ressources, logement, emploi, communes "
    "souhaitées), déclarez-le sur le portail grand public ou à votre guichet enregistreur : les "
    "critères calculés sont réévalués à la date du changement."
)


class _Modele(BaseModel):
    model_config = ConfigDict(frozen=True)


class Origine(_Modele):
    """The event behind a fact, as the demandeur can recognise it."""

    evenement: str
    effet_le: date
    enregistre_le: date
    par: str

    def texte(self) -> str:
        effet, enregistrement = jour(self.effet_le), jour(self.enregistre_le)
        return f"{self.evenement}, effectif le {effet}, enregistré le {enregistrement} par {self.par}"


class ValeurProvisoire(_Modele):
    """A parameter value the grid flags as an assumption still to be confirmed."""

    parametre: str
    valeur: str
    en_vigueur_depuis: date
    source: str

    def texte(self) -> str:
        return (
            f"{self.parametre} : {self.valeur} depuis le {jour(self.en_vigueur_depuis)}, "
            f"valeur provisoire à confirmer ({self.source})"
        )


class LigneCritere(_Modele):
    critere: str
    libelle: str
    nature: str
    points: Points
    retenu: bool
    constat: str
    origines: list[Origine]
    justificatif: str
    provisoires: list[ValeurProvisoire]


class Evolution(_Modele):
    """A change of a criterion's points that time alone brings, facts and grid unchanged."""

    le: date
    critere: str
    libelle: str
    avant: Points
    apres: Points
    total: Points

    def texte(self) -> str:
        return (
            f"le {jour(self.le)} : « {self.libelle} » passe de {fmt_points(self.avant)} à "
            f"{fmt_points(self.apres)} (total : {fmt_points(self.total)})"
        )


class TypePiste(StrEnum):
    JUSTIFICATIF = "justificatif"
    CHANGEMENT_SITUATION = "changement_situation"
    GUICHET = "guichet"


class Piste(_Modele):
    """Something the demandeur can do about the score."""

    type: TypePiste
    criteres: list[str]
    texte: str


class LigneParcours(_Modele):
    """A malus or an appeal of the demande, and where it stands on the date explained."""

    objet: str
    etat: str
    texte: str


class Explication(_Modele):
    date: date
    connu_le: datetime | None
    grille: str
    grille_libelle: str
    total: Points
    criteres: list[LigneCritere]
    evolutions: list[Evolution]
    evolutions_jusqu_au: date
    pistes: list[Piste]
    provisoires: list[ValeurProvisoire]
    avertissement: str
    malus: list[LigneParcours] = []
    recours: list[LigneParcours] = []


def expliquer(
    cotation: Cotation, faits: Faits, grille: GrilleVersion, inactifs: Iterable[str] = ()
) -> Explication:
    """Explain ``cotation`` (computed from ``faits`` under ``grille``) to the demandeur."""
    inactifs = frozenset(inactifs)
    actifs = [c for c in grille.criteres if c.code not in inactifs]
    evolutions, horizon = _evolutions(cotation, faits, grille, inactifs)
    return Explication(
        date=cotation.date,
        connu_le=cotation.connu_le,
        grille=cotation.grille,
        grille_libelle=cotation.grille_libelle,
        total=cotation.total,
        criteres=[_ligne(c) for c in cotation.contributions],
        evolutions=evolutions,
        evolutions_jusqu_au=horizon,
        pistes=_pistes(cotation, faits, grille, actifs),
        provisoires=_provisoires(grille, cotation.date),
        avertissement=AVERTISSEMENT,
        malus=[_ligne_malus(m, cotation.date) for m in faits.malus.values()],
        recours=[_ligne_recours(r, faits, grille) for r in faits.recours.values()],
    )


# --- the criteria that count ------------------------------------------------------------------


def _ligne(contribution: Contribution) -> LigneCritere:
    return LigneCritere(
        critere=contribution.critere,
        libelle=contribution.libelle,
        nature=libelle(contribution.nature),
        points=contribution.points,
        retenu=contribution.retenu,
        constat=contribution.regle,
        origines=[_origine(s) for s in contribution.sources],
        justificatif=contribution.effet_justificatif,
        provisoires=[_provisoire(p) for p in contribution.parametres if p.hypothese],
    )


def _origine(source: Source) -> Origine:
    par = f"l'{source.acteur.libelle()}" if isinstance(source.acteur, Agent) else source.acteur.libelle()
    return Origine(
        evenement=source.libelle, effet_le=source.effet_le, enregistre_le=source.enregistre_le.date(), par=par
    )


def _provisoire(utilise: ParametreUtilise) -> ValeurProvisoire:
    valeurs = utilise.valeur if isinstance(utilise.valeur, list) else [utilise.valeur]
    return ValeurProvisoire(
        parametre=utilise.libelle,
        valeur=f"{', '.join(nombre(v) for v in valeurs)} {utilise.unite}",
        en_vigueur_depuis=utilise.du,
        source=utilise.source,
    )


def _provisoires(grille: GrilleVersion, le: date) -> list[ValeurProvisoire]:
    """Every provisional parameter value in force on ``le`` (a parameter without value is skipped)."""
    provisoires = []
    for nom in grille.parametres:
        try:
            utilise = parametre(grille, nom, le)
        except ParametreManquant:
            continue
        if utilise.hypothese:
            provisoires.append(_provisoire(utilise))
    return provisoires


# --- malus and appeals ---------------------------------------------------------------------------


_LEVEE = {CauseFin.ANNULATION_ERREUR: "annulé pour erreur", CauseFin.RECOURS: "recours amiable accueilli"}


def _ligne_malus(malus: Malus, le: date) -> LigneParcours:
    etat = malus.etat_le(le)
    if etat is EtatMalus.ENVISAGE:
        texte = f"Malus envisagé le {jour(malus.averti_le)} ({malus.suspicion}). {_contradictoire(malus, le)}"
    elif etat is EtatMalus.NON_RETENU and malus.non_retenu is not None:
        texte = (
            f"Malus envisagé le {jour(malus.averti_le)} ({malus.suspicion}), non retenu par le chargé "
            f"d'instruction le {jour(malus.non_retenu.effet_le)} : il ne vous retire aucun point."
        )
    else:
        texte = _malus_applique(malus, etat)
    return LigneParcours(objet=malus.type_malus, etat=etat.value, texte=texte)


def _malus_applique(malus: Malus, etat: EtatMalus) -> str:
    assert malus.application is not None and malus.points is not None and malus.expire_le is not None
    applique = f"Malus de {fmt_points(malus.points)} appliqué le {jour(malus.application.effet_le)}"
    if etat is EtatMalus.LEVE and malus.levee is not None:
        return f"{applique}, levé à compter du {jour(malus.levee.effet_le)} ({_LEVEE[malus.levee.cause]})."
    if etat is EtatMalus.EXPIRE:
        return f"{applique}, expiré le {jour(malus.expire_le)}."
    return (
        f"{applique}, jusqu'au {jour(malus.expire_le - timedelta(days=1))} inclus. "
        "Vous pouvez le contester par un recours amiable auprès de votre guichet enregistreur."
    )


def _contradictoire(malus: Malus, le: date) -> str:
    fin = jour(malus.fin_periode_contradictoire)
    if le <= malus.fin_periode_contradictoire:
        return (
            f"Vous pouvez modifier ou compléter votre demande jusqu'au {fin} inclus : "
            "si vous le faites, ce malus ne pourra pas être appliqué."
        )
    if malus.demande_modifiee:
        return f"Vous avez modifié votre demande avant le {fin} : ce malus ne peut plus être appliqué."
    return f"La période contradictoire s'est close le {fin} : votre dossier est en cours d'examen."


def _ligne_recours(recours: Recours, faits: Faits, grille: GrilleVersion) -> LigneParcours:
    if recours.malus_id is not None:
        cible = f"contre le malus envisagé le {jour(faits.malus[recours.malus_id].averti_le)}"
    else:
        critere = grille.critere(recours.critere or "")
        cible = f"sur le critère « {critere.libelle if critere else recours.critere} »"
    texte = f"Recours amiable déposé le {jour(recours.depot.effet_le)} {cible}"
    if recours.issue is None or recours.decision is None:
        return LigneParcours(objet=recours.objet.value, etat="en_cours", texte=f"{texte} : en cours d'examen.")
    issue = "accueilli" if recours.issue is IssueRecours.ACCUEILLI else "rejeté"
    effet = f", avec effet au {jour(recours.decision.effet_le)}" if recours.decision.effet_le != recours.decide_le else ""
    texte += f" : {issue} le {jour(recours.decide_le)}{effet} ({recours.motif_decision})."  # type: ignore[arg-type]
    return LigneParcours(objet=recours.objet.value, etat=recours.issue.value, texte=texte)


# --- what time alone will change --------------------------------------------------------------


def _evolutions(
    cotation: Cotation, faits: Faits, grille: GrilleVersion, inactifs: Iterable[str]
) -> tuple[list[Evolution], date]:
    """Re-score at each date where seniority, an age, a validity or a parameter changes, up to
    the horizon; stops on the eve of the first date where a parameter of the grid has no value."""
    precedente, evolutions = cotation, []
    for le in _dates_charnieres(faits, grille, cotation.date):
        try:
            suivante = coter(faits, grille, le, inactifs=inactifs)
        except ParametreManquant:
            return evolutions, le - timedelta(days=1)
        evolutions += _differences(precedente, suivante)
        precedente = suivante
    return evolutions, ajouter_mois(cotation.date, HORIZON_MOIS)


def _points(cotation: Cotation) -> dict[str, Points]:
    points: dict[str, Points] = {}
    for c in (c for c in cotation.contributions if c.retenu):
        points[c.critere] = points.get(c.critere, 0) + c.points
    return points


def _differences(avant: Cotation, apres: Cotation) -> list[Evolution]:
    """Criteria and malus whose points differ, in the order of the contributions."""
    libelles = {c.critere: c.libelle for c in (*avant.contributions, *apres.contributions)}
    points_avant, points_apres = _points(avant), _points(apres)
    return [
        Evolution(
            le=apres.date,
            critere=code,
            libelle=libelle_code,
            avant=points_avant.get(code, 0),
            apres=points_apres.get(code, 0),
            total=apres.total,
        )
        for code, libelle_code in libelles.items()
        if points_avant.get(code, 0) != points_apres.get(code, 0)
    ]


def _dates_charnieres(faits: Faits, grille: GrilleVersion, debut: date) -> list[date]:
    fin = ajouter_mois(debut, HORIZON_MOIS)
    dates = _anniversaires(faits.date_premiere_inscription, debut, fin, 1)
    for valeur in (v for p in grille.parametres.values() for v in p.valeurs):
        dates |= {valeur.du} | ({valeur.au + timedelta(days=1)} if valeur.au else set())
    for personne in faits.menage:
        dates |= _anniversaires(personne.date_naissance, debut, fin, 12)
    dates |= {m.fin_le + timedelta(days=1) for m in faits.criteres_manuels.values() if m.fin_le}
    dates |= {m.expire_le for m in faits.malus_actifs(debut) if m.expire_le}
    for piece in faits.justificatifs.values():
        dates |= {piece.valide_du} if piece.valide_du else set()
        dates |= {piece.valide_jusqu_au + timedelta(days=1)} if piece.valide_jusqu_au else set()
    return sorted(d for d in dates if debut < d <= fin)


def _anniversaires(origine: date, debut: date, fin: date, pas_mois: int) -> set[date]:
    """The dates ``origine`` + k × ``pas_mois`` months after ``debut``, up to ``fin``."""
    k = mois_revolus(origine, debut) // pas_mois + 1
    dates = set()
    while (suivante := ajouter_mois(origine, k * pas_mois)) <= fin:
        dates.add(suivante)
        k += 1
    return dates


# --- what the demandeur can do ----------------------------------------------------------------


def _pistes(cotation: Cotation, faits: Faits, grille: GrilleVersion, actifs: list[Critere]) -> list[Piste]:
    evalues = {c.critere for c in cotation.contributions}
    non_evalues = [c for c in actifs if c.code not in evalues]
    return [
        *_pistes_justificatifs(cotation, faits, grille),
        _piste_changement([c for c in non_evalues if c.etablissement is Etablissement.CALCULE]),
        *[_piste_guichet(c) for c in non_evalues if c.etablissement is Etablissement.VALIDATION_MANUELLE],
    ]


def _pistes_justificatifs(cotation: Cotation, faits: Faits, grille: GrilleVersion) -> list[Piste]:
    return [
        _piste_justificatif(c, faits, grille.critere(c.critere))  # type: ignore[arg-type]
        for c in cotation.contributions
        if c.option_justificatif is not OptionJustificatif.AVEC_OU_SANS
        and not probants(faits, c.critere, cotation.date)
    ]


def _piste_justificatif(contribution: Contribution, faits: Faits, critere: Critere) -> Piste:
    if contribution.option_justificatif is OptionJustificatif.SEULEMENT_AVEC:
        effet = "votre situation y correspond, mais ses points ne sont accordés qu'avec une pièce validée"
    else:
        simples, doubles = fmt_points(contribution.points), fmt_points(contribution.points * 2)
        effet = f"une pièce justificative validée doublerait ses points ({simples} → {doubles})"
    attendus = ", ".join(critere.justificatifs_attendus) or "une pièce justificative"
    texte = f"« {contribution.libelle} » : {effet}. Pièce attendue : {attendus}.{_en_examen(faits, critere.code)}"
    return Piste(type=TypePiste.JUSTIFICATIF, criteres=[critere.code], texte=texte)


def _en_examen(faits: Faits, code: str) -> str:
    deposees = [
        p.sources[0].effet_le
        for p in faits.justificatifs.values()
        if p.critere == code and p.statut is StatutJustificatif.DEPOSE
    ]
    return f" Une pièce déposée le {jour(max(deposees))} est en cours d'examen." if deposees else ""


def _piste_changement(non_ouverts: list[Critere]) -> Piste:
    texte = CHANGEMENT
    if non_ouverts:
        liste = ", ".join(f"« {c.libelle} » ({fmt_points(c.points.maximum())})" for c in non_ouverts)
        texte += f" Critères calculés que vos déclarations actuelles n'ouvrent pas : {liste}."
    return Piste(type=TypePiste.CHANGEMENT_SITUATION, criteres=[c.code for c in non_ouverts], texte=texte)


def _piste_guichet(critere: Critere) -> Piste:
    texte = (
        f"« {critere.libelle} » ({fmt_points(critere.points.maximum())}) : si votre situation y correspond, "
        f"adressez-vous à votre guichet enregistreur. Ce critère est validé par : "
        f"{critere.validation_par or 'un agent habilité'}."
    )
    if critere.justificatifs_attendus:
        texte += f" Pièces utiles : {', '.join(critere.justificatifs_attendus)}."
    return Piste(type=TypePiste.GUICHET, criteres=[critere.code], texte=texte)


# --- the text -----------------------------------------------------------------------------------


def en_texte(explication: Explication) -> str:
    """The explanation as the plain-French text given to the demandeur."""
    sections = [
        _entete(explication),
        _section("Détail par critère", [_texte_ligne(ligne) for ligne in explication.criteres]),
        _section(
            f"Ce qui changera avec le temps, à situation et grille inchangées, d'ici le "
            f"{jour(explication.evolutions_jusqu_au)}",
            [f"- {e.texte()}" for e in explication.evolutions] or ["- aucun changement prévu"],
        ),
        _section("Malus", [f"- {m.texte}" for m in explication.malus]),
        _section("Recours amiables", [f"- {r.texte}" for r in explication.recours]),
        _section("Ce que vous pouvez faire", [f"- {p.texte}" for p in explication.pistes]),
        _section("Valeurs provisoires", [f"- {v.texte()}" for v in explication.provisoires]),
        _section("À savoir", [explication.avertissement]),
    ]
    return "\n\n".join(s for s in sections if s) + "\n"


def _entete(explication: Explication) -> str:
    lignes = [
        f"Cotation de votre demande au {jour(explication.date)} : {fmt_points(explication.total)}",
        f"Grille appliquée : {explication.grille_libelle} (version {explication.grille})",
    ]
    if explication.connu_le:
        lignes.append(f"Telle qu'enregistrée au {jour(explication.connu_le.date())}")
    return "\n".join(lignes)


def _section(titre: str, lignes: list[str]) -> str:
    return "\n".join([titre, *lignes]) if lignes else ""


def _texte_ligne(ligne: LigneCritere) -> str:
    compte = fmt_points(ligne.points) if ligne.retenu else f"{fmt_points(ligne.points)}, non cumulés"
    lignes = [
        f"- {ligne.libelle} ({ligne.nature}) : {compte}",
        f"  Constat : {ligne.constat}",
        *[f"  D'après : {o.texte()}" for o in ligne.origines],
        f"  Pièce justificative : {ligne.justificatif}",
        *[f"  Attention : {v.texte()}" for v in ligne.provisoires],
    ]
    return "\n".join(lignes)
