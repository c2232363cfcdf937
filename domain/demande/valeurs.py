"""Value objects of a demande, as declared on the CERFA 14069 and validated on their own."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

# Département code (3 characters, Corsica 02A/02B), year and month of first filing (AAMM),
# a 7-digit sequence, then the 4-character code of the registering guichet: 18 characters.
_NUMERO_UNIQUE = re.compile(r"^(0\d[0-9AB]|9[78]\d)\d{2}(0[1-9]|1[0-2])\d{7}[A-Z0-9]{4}$")


def _numero_unique(valeur: str) -> str:
    valeur = valeur.replace(" ", "").upper()
    if len(valeur) != 18:
        raise ValueError(f"le numéro unique doit compter 18 caractères (reçu : {len(valeur)})")
    if not _NUMERO_UNIQUE.match(valeur):
        raise ValueError(
            "numéro unique mal formé : attendu le code du département (3 caractères), "
            "l'année et le mois de dépôt (AAMM), un numéro d'ordre de 7 chiffres "
            "et le code du guichet (4 caractères)"
        )
    return valeur


NumeroUnique = Annotated[str, AfterValidator(_numero_unique)]
Commune = Annotated[str, Field(min_length=1, max_length=80)]
Euros = Annotated[Decimal, Field(ge=0, max_digits=12, decimal_places=2)]


class _Valeur(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Canal(StrEnum):
    GUICHET = "guichet"
    PORTAIL = "portail"


class TypeDemande(StrEnum):
    PREMIERE_DEMANDE = "premiere_demande"
    MUTATION = "mutation"


class Role(StrEnum):
    DEMANDEUR = "demandeur"
    COTITULAIRE = "cotitulaire"
    ENFANT = "enfant"
    AUTRE = "autre"


TITULAIRES = frozenset({Role.DEMANDEUR, Role.COTITULAIRE})


class Personne(_Valeur):
    """A member of the ménage: role and birth date, nothing that names them."""

    role: Role
    date_naissance: date
    handicap: bool = False


class StatutEmploi(StrEnum):
    CDI = "cdi"
    CDD = "cdd"
    INTERIM = "interim"
    CONTRAT_INSERTION = "contrat_insertion"
    APPRENTISSAGE = "apprentissage"
    INDEPENDANT = "independant"
    DEMANDEUR_EMPLOI = "demandeur_emploi"
    RETRAITE = "retraite"
    ETUDIANT = "etudiant"
    SANS_ACTIVITE = "sans_activite"


class Emploi(_Valeur):
    """The professional situation of a titulaire; ``depuis`` dates the current status."""

    titulaire: Role
    statut: StatutEmploi
    depuis: date | None = None
    commune_travail: Commune | None = None

    @model_validator(mode="after")
    def _titulaire(self) -> Emploi:
        if self.titulaire not in TITULAIRES:
            raise ValueError("l'emploi se déclare pour le demandeur ou le co-titulaire")
        return self


class SituationLogement(StrEnum):
    LOCATAIRE_PARC_SOCIAL = "locataire_parc_social"
    LOCATAIRE_PARC_PRIVE = "locataire_parc_prive"
    PROPRIETAIRE = "proprietaire"
    HEBERGE_PARENTS = "heberge_parents"
    HEBERGE_TIERS = "heberge_tiers"
    STRUCTURE_HEBERGEMENT = "structure_hebergement"
    LOGEMENT_TRANSITION = "logement_transition"
    APPARTEMENT_COORDINATION_THERAPEUTIQUE = "appartement_coordination_therapeutique"
    SANS_LOGEMENT = "sans_logement"
    AUTRE = "autre"


class LogementActuel(_Valeur):
    situation: SituationLogement
    commune: Commune | None = None
    surface_m2: Annotated[Decimal, Field(gt=0, le=10000)] | None = None
    loyer_mensuel: Euros | None = None
    aide_logement_mensuelle: Euros | None = None


class MotifDemande(StrEnum):
    """Reasons declared for the demande (CERFA), read by the computed criteria."""

    LOGEMENT_NON_DECENT = "logement_non_decent"
    PROCEDURE_EXPULSION = "procedure_expulsion"
    LOGEMENT_REPRIS_OU_VENDU = "logement_repris_ou_vendu"
    LOGEMENT_INADAPTE_HANDICAP = "logement_inadapte_handicap"
    LOGEMENT_TROP_GRAND = "logement_trop_grand"
    LOGEMENT_TROP_PETIT = "logement_trop_petit"
    LOGEMENT_TROP_CHER = "logement_trop_cher"
    DIVORCE_SEPARATION = "divorce_separation"
    RAPPROCHEMENT_TRAVAIL = "rapprochement_travail"
    DECOHABITATION = "decohabitation"
    AUTRE = "autre"


class Typologie(StrEnum):
    T1 = "T1"
    T2 = "T2"
    T3 = "T3"
    T4 = "T4"
    T5_ET_PLUS = "T5+"


class Souhait(_Valeur):
    commune: Commune
    typologie: Typologie


def _un_seul(menage: list[Personne]) -> list[Personne]:
    roles = [p.role for p in menage]
    if roles.count(Role.DEMANDEUR) != 1:
        raise ValueError("le ménage compte exactement un demandeur")
    if roles.count(Role.COTITULAIRE) > 1:
        raise ValueError("le ménage compte au plus un co-titulaire")
    return menage


Menage = Annotated[list[Personne], Field(min_length=1, max_length=20), AfterValidator(_un_seul)]
Souhaits = Annotated[list[Souhait], Field(min_length=1, max_length=20)]
