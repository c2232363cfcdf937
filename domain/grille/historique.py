"""The grid in force at a date, from a territory's adoption and deactivation events.

A deactivation holds from its date of effect across later versions: local criteria stay,
unchanged, in every later version (ADR 0005) until purged a year after their deactivation, and
a deactivated one stays inactive.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from domain.demande.faits import Source, evenements_retenus
from domain.demande.valeurs import TypeDemande
from domain.erreurs import GrilleIntrouvable
from domain.evenements import Evenement
from domain.format import jour as fmt_jour
from domain.grille.evenements import CritereLocalDesactive, GrilleAdoptee
from domain.grille.modele import GrilleVersion


@dataclass(frozen=True)
class GrilleEnVigueur:
    version: GrilleVersion
    adoption: Source
    inactifs: frozenset[str]


def grille_en_vigueur(
    evenements: Iterable[Evenement],
    jour: date,
    type_demande: TypeDemande = TypeDemande.PREMIERE_DEMANDE,
    connu_le: datetime | None = None,
) -> GrilleEnVigueur:
    """The latest version in force at ``jour`` for this type of demande (as recorded at ``connu_le``)."""
    retenus = evenements_retenus(evenements, jour, connu_le)
    adoptions = [e for e in retenus if isinstance(e, GrilleAdoptee) and type_demande in e.grille.s_applique_a]
    if not adoptions:
        raise GrilleIntrouvable(f"aucune grille de cotation en vigueur au {fmt_jour(jour)}")
    adoption = adoptions[-1]
    inactifs = frozenset(e.critere for e in retenus if isinstance(e, CritereLocalDesactive))
    return GrilleEnVigueur(version=adoption.grille, adoption=Source.de(adoption), inactifs=inactifs)
