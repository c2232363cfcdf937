"""Who did it: an agent at a guichet, the demandeur, or the system (scheduler, import)."""

from __future__ import annotations

from typing import Annotated, Literal, Union

from pydantic import BaseModel, ConfigDict, Field

Identifiant = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.:-]+$")]


Habilitation = Literal["malus", "recours"]


class _Acteur(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Agent(_Acteur):
    """An agent, by pseudonymous identifier (never a name), acting for a guichet enregistreur."""

    type: Literal["agent"] = "agent"
    agent_id: Identifiant
    guichet_id: Identifiant
    #: Powers beyond the guichet's ordinary work: "malus" (apply or lift one), "recours" (decide appeals).
    habilitations: frozenset[Habilitation] = frozenset()

    def libelle(self) -> str:
        return f"agent {self.agent_id} (guichet {self.guichet_id})"


class LeDemandeur(_Acteur):
    """The demandeur, acting for themselves (online portal or declaration at a desk)."""

    type: Literal["demandeur"] = "demandeur"

    def libelle(self) -> str:
        return "le demandeur"


class Systeme(_Acteur):
    """The system itself: the scheduler, an import, a migration."""

    type: Literal["systeme"] = "systeme"
    composant: Identifiant

    def libelle(self) -> str:
        return f"le système ({self.composant})"


Acteur = Annotated[Union[Agent, LeDemandeur, Systeme], Field(discriminator="type")]
