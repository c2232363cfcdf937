"""Building blocks for the domain tests: events as a history holds them, a neutral demande that
earns no point under the Épernay grid, grid variants, and reading a score by criterion.

Each test then reads as a sentence: given these events, when scored at this date, then…
"""

from __future__ import annotations

from datetime import date, datetime, time, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any
from uuid import uuid4

from adapters.grilles import charger, livree
from domain.cotation.moteur import coter
from domain.cotation.resultat import Contribution, Cotation
from domain.demande.evenements import (
    CritereRetire,
    CritereValide,
    DemandeEnregistree,
    JustificatifDepose,
    JustificatifRejete,
    JustificatifValide,
    SituationDeclaree,
    SituationRectifiee,
)
from domain.demande.faits import faits_au
from domain.evenements import Evenement
from domain.grille.evenements import CritereLocalDesactive, GrilleAdoptee
from domain.grille.modele import Critere, GrilleVersion

EPERNAY = charger(livree("epernay-2021-12"))
GRILLES_DE_TEST = Path(__file__).parents[1] / "grilles"
AGENT = {"type": "agent", "agent_id": "AG-01", "guichet_id": "MAIRIE-EPERNAY"}
DEMANDEUR = {"type": "demandeur"}
NUMERO = "051220100001230EPE"
INSCRIPTION = date(2022, 1, 10)
JOUR = date(2022, 3, 1)


def instant(jour: date, heure: int = 9) -> datetime:
    return datetime.combine(jour, time(heure), tzinfo=timezone.utc)


def evenement(classe: type[Evenement], effet: date, enregistre: date | datetime | None = None,
              acteur: dict | None = None, **champs: Any) -> Evenement:
    """An event as the application would write it (recorded the day of its effect unless told)."""
    if not isinstance(enregistre, datetime):
        enregistre = instant(enregistre or effet)
    return classe.creer(evenement_id=uuid4(), effet_le=effet, enregistre_le=enregistre,
                        acteur=acteur or DEMANDEUR, **champs)


# --- the ménage and its situation -------------------------------------------------------------


def demandeur(naissance: date = date(1982, 6, 15), handicap: bool = False) -> dict:
    return {"role": "demandeur", "date_naissance": naissance, "handicap": handicap}


def cotitulaire(naissance: date = date(1983, 2, 1)) -> dict:
    return {"role": "cotitulaire", "date_naissance": naissance}


def enfant(naissance: date = date(2015, 5, 5), handicap: bool = False) -> dict:
    return {"role": "enfant", "date_naissance": naissance, "handicap": handicap}


def logement(situation: str = "locataire_parc_prive", **champs: Any) -> dict:
    return {"situation": situation, "commune": "REIMS", "surface_m2": "60", "loyer_mensuel": "700", **champs}


def emploi(statut: str = "cdi", titulaire: str = "demandeur", **champs: Any) -> dict:
    return {"titulaire": titulaire, "statut": statut, "commune_travail": "REIMS", **champs}


def situation_neutre() -> dict:
    """A ménage that meets no criterion of the Épernay grid: alone, 39, well-off, housed far away."""
    return {
        "type_demande": "premiere_demande",
        "menage": [demandeur()],
        "ressources_mensuelles": "3000",
        "logement": logement(),
        "emplois": [emploi()],
        "souhaits": [{"commune": "EPERNAY", "typologie": "T2"}],
    }


def inscription(effet: date = INSCRIPTION, premiere: date | None = None, enregistre: date | datetime | None = None,
                **blocs: Any) -> DemandeEnregistree:
    """The registration of a neutral demande, with the blocks given replacing the neutral ones."""
    return evenement(  # type: ignore[return-value]
        DemandeEnregistree, effet, enregistre, numero_unique=NUMERO,
        date_premiere_inscription=premiere or effet, canal="portail", situation={**situation_neutre(), **blocs},
    )


def declaration(effet: date, enregistre: date | datetime | None = None, **blocs: Any) -> Evenement:
    return evenement(SituationDeclaree, effet, enregistre, situation=blocs)


def rectification(effet: date, enregistre: date | datetime, **blocs: Any) -> Evenement:
    return evenement(SituationRectifiee, effet, enregistre, acteur=AGENT,
                     motif="Erreur de saisie du demandeur", situation=blocs)


def validation(critere: str, effet: date = INSCRIPTION, fin_le: date | None = None) -> Evenement:
    return evenement(CritereValide, effet, acteur=AGENT, motif="Situation attestée", critere=critere, fin_le=fin_le)


def retrait(critere: str, effet: date) -> Evenement:
    return evenement(CritereRetire, effet, acteur=AGENT, motif="Situation terminée", critere=critere)


def depot(justificatif_id, critere: str, effet: date = INSCRIPTION, **champs: Any) -> Evenement:
    return evenement(JustificatifDepose, effet, justificatif_id=justificatif_id, critere=critere,
                     type_piece="pièce justificative", **champs)


def piece_validee(justificatif_id, effet: date = INSCRIPTION) -> Evenement:
    return evenement(JustificatifValide, effet, acteur=AGENT, justificatif_id=justificatif_id)


def piece_rejetee(justificatif_id, effet: date = INSCRIPTION) -> Evenement:
    return evenement(JustificatifRejete, effet, acteur=AGENT, motif="Pièce illisible", justificatif_id=justificatif_id)


# --- grids --------------------------------------------------------------------------------------


def grille_de_test(nom: str) -> GrilleVersion:
    return charger(GRILLES_DE_TEST / f"{nom}.yaml")


def avec_critere(grille: GrilleVersion, code: str, **modifications: Any) -> GrilleVersion:
    """``grille`` with criterion ``code`` changed (``modifications`` may hold a ``points`` mapping)."""
    criteres = [
        Critere.model_validate({**c.model_dump(), **modifications}) if c.code == code else c for c in grille.criteres
    ]
    return grille.model_copy(update={"criteres": criteres})


def sans_critere(grille: GrilleVersion, code: str) -> GrilleVersion:
    return grille.model_copy(update={"criteres": [c for c in grille.criteres if c.code != code]})


def adoption(grille: GrilleVersion, enregistre: date | None = None) -> GrilleAdoptee:
    return evenement(  # type: ignore[return-value]
        GrilleAdoptee, grille.effet_le, enregistre or grille.effet_le, acteur=AGENT, motif="Délibération du conseil",
        grille=grille,
    )


def desactivation(critere: str, effet: date) -> CritereLocalDesactive:
    return evenement(CritereLocalDesactive, effet, acteur=AGENT, motif="Critère obsolète",  # type: ignore[return-value]
                     critere=critere)


# --- scores -------------------------------------------------------------------------------------


def coter_au(evenements: list[Evenement], jour: date = JOUR, grille: GrilleVersion = EPERNAY,
             connu_le: datetime | None = None, inactifs: tuple[str, ...] = ()) -> Cotation:
    faits = faits_au(evenements, jour, connu_le)
    assert faits is not None, "la demande n'est pas enregistrée à cette date"
    return coter(faits, grille, jour, connu_le, inactifs)


def contribution(cotation: Cotation, code: str) -> Contribution | None:
    return next((c for c in cotation.contributions if c.critere == code), None)


def points(cotation: Cotation, code: str) -> Decimal | None:
    """The points ``code`` brings to the total, ``None`` when it does not apply or is not retained."""
    trouvee = contribution(cotation, code)
    return trouvee.points if trouvee is not None and trouvee.retenu else None
