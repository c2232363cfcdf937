"""Events of a demande. Each one is a fact about the world, dated twice (effect and record).

Blocks of facts (``menage``, ``ressources``…) are replaced whole by the events that carry
them: a later event effective later wins, which keeps the fold simple and the sources exact.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, ClassVar
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, model_validator

from domain.demande.valeurs import (
    Canal,
    Emploi,
    Euros,
    LogementActuel,
    Menage,
    MotifDemande,
    NumeroUnique,
    Souhaits,
    TypeDemande,
)
from domain.evenements import Evenement, enregistrer_topic

CodeCritere = Annotated[str, Field(pattern=r"^[A-Z][A-Z0-9_]{1,39}$")]


class Situation(BaseModel):
    """The declared situation of a ménage, as blocks; ``None`` means "unchanged"."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    type_demande: TypeDemande | None = None
    menage: Menage | None = None
    ressources_mensuelles: Euros | None = None
    logement: LogementActuel | None = None
    emplois: list[Emploi] | None = None
    motifs: frozenset[MotifDemande] | None = None
    souhaits: Souhaits | None = None

    def blocs(self) -> dict[str, object]:
        """The blocks this situation sets, by name."""
        return {nom: valeur for nom, valeur in self if valeur is not None}


@enregistrer_topic
class DemandeEnregistree(Evenement):
    TOPIC: ClassVar[str] = "cotation.demande.enregistree"
    libelle: ClassVar[str] = "enregistrement de la demande"

    numero_unique: NumeroUnique
    date_premiere_inscription: date
    canal: Canal
    guichet_id: str | None = Field(default=None, max_length=64)
    situation: Situation

    @model_validator(mode="after")
    def _complete(self) -> DemandeEnregistree:
        manquants = [nom for nom, valeur in self.situation if valeur is None and nom != "motifs"]
        if manquants:
            raise ValueError("l'enregistrement doit renseigner : " + ", ".join(manquants))
        if self.date_premiere_inscription > self.effet_le:
            raise ValueError("la date de première inscription ne peut suivre la date d'effet")
        if self.canal is Canal.GUICHET and not self.guichet_id:
            raise ValueError("une demande déposée au guichet indique le guichet enregistreur")
        return self


class _ChangementSituation(Evenement):
    situation: Situation

    @model_validator(mode="after")
    def _non_vide(self) -> _ChangementSituation:
        if not self.situation.blocs():
            raise ValueError("le changement ne modifie aucune information")
        return self


@enregistrer_topic
class SituationDeclaree(_ChangementSituation):
    """A change of situation declared by the demandeur (or entered for them at a guichet)."""

    TOPIC: ClassVar[str] = "cotation.demande.situation_declaree"
    libelle: ClassVar[str] = "changement de situation déclaré"


@enregistrer_topic
class SituationRectifiee(_ChangementSituation):
    """An agent corrects an honest error (droit à l'erreur): never a sanction, always motivated."""

    TOPIC: ClassVar[str] = "cotation.demande.situation_rectifiee"
    libelle: ClassVar[str] = "rectification par un agent"
    motif_requis: ClassVar[bool] = True

    corrige: list[UUID] = Field(default_factory=list)


@enregistrer_topic
class JustificatifDepose(Evenement):
    TOPIC: ClassVar[str] = "cotation.demande.justificatif_depose"
    libelle: ClassVar[str] = "dépôt d'un justificatif"

    justificatif_id: UUID
    critere: CodeCritere
    type_piece: str = Field(min_length=2, max_length=120)
    sensible: bool = False
    valide_du: date | None = None
    valide_jusqu_au: date | None = None

    @model_validator(mode="after")
    def _periode(self) -> JustificatifDepose:
        if self.valide_du and self.valide_jusqu_au and self.valide_jusqu_au < self.valide_du:
            raise ValueError("la fin de validité du justificatif précède son début")
        return self


@enregistrer_topic
class JustificatifValide(Evenement):
    TOPIC: ClassVar[str] = "cotation.demande.justificatif_valide"
    libelle: ClassVar[str] = "validation d'un justificatif"

    justificatif_id: UUID


@enregistrer_topic
class JustificatifRejete(Evenement):
    TOPIC: ClassVar[str] = "cotation.demande.justificatif_rejete"
    libelle: ClassVar[str] = "rejet d'un justificatif"
    motif_requis: ClassVar[bool] = True

    justificatif_id: UUID


@enregistrer_topic
class CritereValide(Evenement):
    """Manual validation of a criterion that declared data cannot establish (DALO, local…)."""

    TOPIC: ClassVar[str] = "cotation.demande.critere_valide"
    libelle: ClassVar[str] = "validation manuelle d'un critère"
    motif_requis: ClassVar[bool] = True

    critere: CodeCritere
    fin_le: date | None = None


@enregistrer_topic
class CritereRetire(Evenement):
    TOPIC: ClassVar[str] = "cotation.demande.critere_retire"
    libelle: ClassVar[str] = "retrait d'un critère validé manuellement"
    motif_requis: ClassVar[bool] = True

    critere: CodeCritere


EVENEMENTS_AGENT = (SituationRectifiee, JustificatifValide, JustificatifRejete, CritereValide, CritereRetire)
