"""Access tokens: JWT signed with HS256, naming the user, their profiles and their territory (ADR 0022).

Claims: ``iss`` (always ``cotation``), ``sub`` (an agent's pseudonymous id, or for a demandeur the
id of their demande: never a numéro unique, never a name), ``profils``, ``territoire``, ``guichet``
(the agent's guichet or service, required of the profiles that record events), ``iat`` and
``exp``. Times are checked against the application's clock, never the machine's, as every time of
the service is (tests and replays set it).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from functools import lru_cache
from types import MappingProxyType
from typing import Any
from uuid import UUID

import jwt
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from adapters.http.profils import HABILITATIONS, REDACTEURS, Profil
from domain.acteurs import Acteur, Agent, Identifiant, LeDemandeur
from domain.erreurs import en_francais

EMETTEUR = "cotation"
ALGORITHME = "HS256"
#: The key of development and demonstrations, used when ``COTATION_JWT_SECRET`` is unset. It is
#: public (it is written here): ``cotation serve`` refuses to listen beyond the loopback with it.
SECRET_DEVELOPPEMENT = "cotation-cle-de-developpement-publique-ne-jamais-deployer"
#: Clock skew tolerated between the issuer and the service.
TOLERANCE = timedelta(seconds=30)
DUREE_PAR_DEFAUT = timedelta(hours=8)


class JetonInvalide(Exception):
    """A missing, unreadable, forged, expired or incomplete token; the message is French."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class Identite(BaseModel):
    """Who is asking, as the token says: the subject, the profiles, the territory and the guichet."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    sujet: Identifiant
    profils: frozenset[Profil] = Field(min_length=1)
    territoire: Identifiant
    guichet: Identifiant | None = None

    @model_validator(mode="after")
    def _coherente(self) -> Identite:
        if Profil.DEMANDEUR in self.profils:
            if len(self.profils) > 1:
                raise ValueError("le profil demandeur ne se cumule avec aucun autre")
            UUID(self.sujet)
        elif self.guichet is None and not self.profils.isdisjoint(REDACTEURS):
            raise ValueError("un agent qui enregistre des événements doit nommer son guichet")
        return self

    @property
    def demande(self) -> UUID | None:
        """The demandeur's own demande; ``None`` for an agent."""
        return UUID(self.sujet) if Profil.DEMANDEUR in self.profils else None

    def cle(self) -> str:
        """A stable text naming this identity (the same in every process), e.g. for idempotency keys."""
        return "|".join([self.sujet, self.territoire, self.guichet or "", *sorted(self.profils)])

    def acteur(self) -> Acteur:
        """The domain's actor of the events this user records."""
        if self.demande is not None:
            return LeDemandeur()
        habilitations = frozenset(HABILITATIONS[p] for p in self.profils if p in HABILITATIONS)
        return Agent(agent_id=self.sujet, guichet_id=self.guichet or self.territoire, habilitations=habilitations)


def identite_de(
    profils: list[Profil], territoire: str, agent: str | None = None, guichet: str | None = None,
    demande: str | None = None,
) -> Identite:
    """The identity of a token to issue: an agent (``agent``, and ``guichet`` to record events) or a
    demandeur (``demande``, the id of their demande); a French refusal otherwise."""
    if (Profil.DEMANDEUR in profils) != (demande is not None) or (agent is None) == (demande is None):
        raise JetonInvalide("un jeton nomme soit un agent (--agent), soit la demande d'un demandeur (--demande)")
    try:
        demande = str(UUID(demande)) if demande is not None else None
    except ValueError:
        raise JetonInvalide("identifiant de demande invalide (attendu : un UUID)") from None
    try:
        return Identite(sujet=agent or demande, profils=profils, territoire=territoire, guichet=guichet)
    except ValidationError as exc:
        raise JetonInvalide(en_francais(exc)) from None


def emettre(identite: Identite, secret: str, maintenant: datetime, duree: timedelta = DUREE_PAR_DEFAUT) -> str:
    """A signed token for ``identite``, valid from ``maintenant`` for ``duree``."""
    revendications: dict[str, Any] = {
        "iss": EMETTEUR,
        "sub": identite.sujet,
        "profils": sorted(identite.profils),
        "territoire": identite.territoire,
        "iat": int(maintenant.timestamp()),
        "exp": int((maintenant + duree).timestamp()),
    }
    if identite.guichet is not None:
        revendications["guichet"] = identite.guichet
    return jwt.encode(revendications, secret, algorithm=ALGORITHME)


def lire(jeton: str, secret: str, maintenant: datetime) -> Identite:
    """The identity a token carries, if it is signed with ``secret`` and valid at ``maintenant``."""
    revendications = _verifier_signature(jeton, secret)
    _verifier_dates(revendications, maintenant)
    try:
        return Identite(
            sujet=revendications["sub"],
            profils=revendications.get("profils", []),
            territoire=revendications.get("territoire", ""),
            guichet=revendications.get("guichet"),
        )
    except (ValidationError, ValueError):
        raise JetonInvalide("jeton d'accès incomplet ou incohérent (sujet, profils, territoire ou guichet)") from None


@lru_cache(maxsize=1024)
def _verifier_signature(jeton: str, secret: str) -> Mapping[str, Any]:
    """The token's claims if signed with ``secret`` (its dates apart); the tokens verified last are
    remembered, their claims read only: a client sends the same token with every request."""
    options = {"require": ["iss", "sub", "iat", "exp"], "verify_exp": False, "verify_iat": False}
    try:
        return MappingProxyType(jwt.decode(
            jeton, secret, algorithms=[ALGORITHME], issuer=EMETTEUR, options=options  # type: ignore[arg-type]
        ))
    except jwt.InvalidSignatureError:
        raise JetonInvalide("signature du jeton d'accès invalide") from None
    except jwt.PyJWTError:
        raise JetonInvalide("jeton d'accès illisible ou incomplet") from None


def _verifier_dates(revendications: Mapping[str, Any], maintenant: datetime) -> None:
    instant = maintenant.timestamp()
    if not all(isinstance(revendications[c], int) for c in ("iat", "exp")):
        raise JetonInvalide("dates du jeton d'accès illisibles")
    if revendications["exp"] <= instant - TOLERANCE.total_seconds():
        raise JetonInvalide("jeton d'accès expiré : demandez-en un nouveau")
    if revendications["iat"] > instant + TOLERANCE.total_seconds():
        raise JetonInvalide("jeton d'accès émis dans le futur")
