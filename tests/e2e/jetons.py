"""Access tokens for the tests (ADR 0022), signed with the development key the test APIs accept."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import UUID

from adapters.http.jetons import SECRET_DEVELOPPEMENT, emettre, identite_de
from adapters.http.profils import Profil

AGENT_ID, GUICHET_ID = "MEPE-A01", "MAIRIE-EPERNAY"
#: Every profile of an agent: what the default test client holds.
AGENTS = tuple(p for p in Profil if p is not Profil.DEMANDEUR)
#: Long enough for the tests that move their clock forward.
DUREE = timedelta(days=3650)
EMIS_LE = datetime(2020, 1, 1, tzinfo=UTC)


def jeton(
    *profils: Profil, agent: str | None = AGENT_ID, guichet: str | None = GUICHET_ID, demande: UUID | None = None,
    territoire: str = "CA_EPERNAY", secret: str = SECRET_DEVELOPPEMENT, emis_le: datetime = EMIS_LE,
    duree: timedelta = DUREE,
) -> str:
    if demande is not None:
        agent = guichet = None
    identite = identite_de(list(profils), territoire, agent, guichet, str(demande) if demande else None)
    return emettre(identite, secret, emis_le, duree)


def entetes(*profils: Profil, **options: object) -> dict[str, str]:
    """The ``Authorization`` header of a request made with these profiles (see ``jeton``)."""
    return {"Authorization": f"Bearer {jeton(*profils, **options)}"}  # type: ignore[arg-type]


def demandeur(demande: UUID) -> dict[str, str]:
    return entetes(Profil.DEMANDEUR, demande=demande)
