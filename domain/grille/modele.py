"""The format of a grid version, validated by pydantic (read from YAML by the adapters).

A grid version belongs to one territory and applies from its ``effet_le``. Criteria are data:
conditions (all must hold) taken from a fixed catalogue, and points (fixed, by tiers of a
measure, or per unit with a cap). Thresholds that change over time are dated parameters.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import IntEnum, StrEnum
from typing import Annotated, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, model_validator

from domain.demande.valeurs import MotifDemande, SituationLogement, StatutEmploi, TypeDemande

Code = Annotated[str, Field(pattern=r"^[A-Z][A-Z0-9_]{1,39}$")]
NomParametre = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{1,59}$")]


class _Donnee(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Nature(StrEnum):
    OBLIGATOIRE = "obligatoire"
    FACULTATIF = "facultatif"
    LOCAL = "local"


class Etablissement(StrEnum):
    CALCULE = "calcule"
    VALIDATION_MANUELLE = "validation_manuelle"
    EVENEMENTS_PROCEDURE = "evenements_procedure"


class OptionJustificatif(IntEnum):
    """The three SNE options: (1) with or without the document, (2) only with it, (3) doubled with it."""

    AVEC_OU_SANS = 1
    SEULEMENT_AVEC = 2
    DOUBLES_AVEC = 3


class Mesure(StrEnum):
    """Quantities computed from the facts at a date (see ``domain.cotation.mesures``)."""

    ANCIENNETE_ANNEES = "anciennete_annees"
    ANCIENNETE_MOIS = "anciennete_mois"
    RESSOURCES_PAR_UC = "ressources_par_uc"
    TAUX_EFFORT = "taux_effort"
    DUREE_CHOMAGE_MOIS = "duree_chomage_mois"
    AGE_TITULAIRE_LE_PLUS_AGE = "age_titulaire_le_plus_age"
    AGE_TITULAIRE_LE_PLUS_JEUNE = "age_titulaire_le_plus_jeune"


class RefParametre(_Donnee):
    parametre: NomParametre


Valeur = Union[Decimal, RefParametre]


# --- Conditions: one small pure function each, in domain.cotation.conditions ---------------


class CondValidationManuelle(_Donnee):
    type: Literal["validation_manuelle"]


class CondMesure(_Donnee):
    """A threshold on a measure; bounds are numbers or dated parameters."""

    type: Literal["mesure"]
    mesure: Mesure
    superieur: Valeur | None = None
    superieur_ou_egal: Valeur | None = None
    inferieur: Valeur | None = None
    inferieur_ou_egal: Valeur | None = None

    @model_validator(mode="after")
    def _une_borne(self) -> CondMesure:
        if not self.bornes():
            raise ValueError("une condition de mesure fixe au moins une borne")
        return self

    def bornes(self) -> dict[str, Valeur]:
        noms = ("superieur", "superieur_ou_egal", "inferieur", "inferieur_ou_egal")
        return {nom: getattr(self, nom) for nom in noms if getattr(self, nom) is not None}


class CondSituationLogement(_Donnee):
    type: Literal["situation_logement"]
    parmi: list[SituationLogement] = Field(min_length=1)


class CondMotif(_Donnee):
    type: Literal["motif_declare"]
    parmi: list[MotifDemande] = Field(min_length=1)


class CondStatutEmploi(_Donnee):
    type: Literal["statut_emploi"]
    parmi: list[StatutEmploi] = Field(min_length=1)


class CondSimple(_Donnee):
    """Conditions without arguments on the composition or the dwelling."""

    type: Literal[
        "presence_mineur",
        "presence_enfant",
        "parent_isole",
        "couple",
        "membre_handicape",
        "sur_occupation",
    ]


class Perimetre(StrEnum):
    COMMUNE_SOUHAITEE = "commune_souhaitee"
    PREMIERE_COMMUNE_SOUHAITEE = "premiere_commune_souhaitee"
    TERRITOIRE = "territoire"


class CondCommune(_Donnee):
    """Lives / works in "the commune": which commune is a choice of the grid (see ADR)."""

    type: Literal["habite_commune", "travaille_commune"]
    perimetre: Perimetre


class CondSecondPassageCAL(_Donnee):
    type: Literal["second_passage_cal"]


Condition = Annotated[
    Union[
        CondValidationManuelle,
        CondMesure,
        CondSituationLogement,
        CondMotif,
        CondStatutEmploi,
        CondSimple,
        CondCommune,
        CondSecondPassageCAL,
    ],
    Field(discriminator="type"),
]


# --- Points ---------------------------------------------------------------------------------


class PointsFixes(_Donnee):
    type: Literal["fixe"]
    points: Decimal

    def maximum(self) -> Decimal:
        return self.points


class Palier(_Donnee):
    a_partir_de: Decimal
    points: Decimal
    libelle: str | None = None


class PointsParPaliers(_Donnee):
    """Tiers on a measure: each tier applies from its lower bound (inclusive) to the next one."""

    type: Literal["paliers"]
    mesure: Mesure
    paliers: list[Palier] = Field(min_length=1)

    @model_validator(mode="after")
    def _croissants(self) -> PointsParPaliers:
        bornes = [p.a_partir_de for p in self.paliers]
        if bornes != sorted(set(bornes)):
            raise ValueError("les paliers doivent être donnés par bornes strictement croissantes")
        return self

    def maximum(self) -> Decimal:
        return max(p.points for p in self.paliers)


class PointsParUnite(_Donnee):
    """Points per unit of a measure, capped: a grid may not give unbounded points."""

    type: Literal["par_unite"]
    mesure: Mesure
    points_par_unite: Decimal = Field(gt=0)
    plafond: Decimal = Field(gt=0)
    a_partir_de: Decimal = Decimal(0)

    def maximum(self) -> Decimal:
        return self.plafond


Points = Annotated[Union[PointsFixes, PointsParPaliers, PointsParUnite], Field(discriminator="type")]


# --- Criteria, rubrics, malus, parameters ---------------------------------------------------


class Critere(_Donnee):
    code: Code
    libelle: str = Field(min_length=3)
    theme: str | None = None
    nature: Nature
    definition: str | None = None
    reference: str = Field(min_length=3, description="Legal or local reference of the criterion")
    priorite_legale: str | None = Field(default=None, description="Code of the L441-1 priority it covers")
    etablissement: Etablissement
    validation_par: str | None = Field(default=None, description="Who validates it, when manual")
    conditions: list[Condition] = Field(default_factory=list)
    points: Points
    rubrique: Code | None = None
    option_justificatif: OptionJustificatif | None = None
    justificatifs_attendus: list[str] = Field(default_factory=list)


class Rubrique(_Donnee):
    """Criteria of a rubric do not add up: only the best one counts."""

    code: Code
    libelle: str


class FondementMalus(StrEnum):
    """What a malus sanctions (socle Île-de-France: « fausses informations » or « refus illégitime
    d'une proposition adaptée »); a refusal malus names the CAL passage refused (ADR 0015)."""

    FAUSSE_DECLARATION = "fausse_declaration"
    REFUS_ILLEGITIME = "refus_illegitime"


class TypeMalus(_Donnee):
    code: Code
    libelle: str
    reference: str
    fondement: FondementMalus = FondementMalus.FAUSSE_DECLARATION
    points: Decimal = Field(lt=0)
    duree_mois: Valeur
    periode_contradictoire_jours: Valeur


class ValeurDatee(_Donnee):
    """A parameter value in force from ``du`` to ``au`` (inclusive); ``au`` absent = until replaced."""

    du: date
    au: date | None = None
    valeur: Decimal | list[Decimal]
    source: str = Field(min_length=3)
    hypothese: bool = Field(default=False, description="True when the value is an assumption to confirm")


class Parametre(_Donnee):
    libelle: str
    unite: str
    valeurs: list[ValeurDatee] = Field(min_length=1)


class Territoire(_Donnee):
    code: Code
    libelle: str
    communes: list[str] = Field(min_length=1)


class GrilleVersion(_Donnee):
    """One version of a territory's grid, as adopted."""

    territoire: Territoire
    version: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9._-]{2,59}$")]
    libelle: str
    effet_le: date
    reference: str = Field(description="The deliberation or plan that adopts it")
    s_applique_a: list[TypeDemande] = Field(min_length=1)
    option_justificatif: OptionJustificatif
    criteres: list[Critere] = Field(min_length=1)
    rubriques: list[Rubrique] = Field(default_factory=list)
    malus: list[TypeMalus] = Field(default_factory=list)
    parametres: dict[NomParametre, Parametre] = Field(default_factory=dict)

    def critere(self, code: str) -> Critere | None:
        return next((c for c in self.criteres if c.code == code), None)

    def option_pour(self, critere: Critere) -> OptionJustificatif:
        """The option that governs ``critere``: its own, else the grid's. A criterion that expects
        no document (seniority…) is unaffected by documents: option 1 whatever the grid says."""
        if not critere.justificatifs_attendus:
            return OptionJustificatif.AVEC_OU_SANS
        return critere.option_justificatif or self.option_justificatif
