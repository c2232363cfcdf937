"""Deadlines: which event the system owes an aggregate, and from which date, given its history.

Pure and recomputed from the history each time (ADR 0012): the log is the truth, a deadline
is pending until its event is in the log. A demande owes the end of each contradictory period,
the expiry of each applied malus, the renewal reminder and, when not renewed, its striking off;
the grid owes the purge of each deactivated local criterion a year after its deactivation.
Each deadline names the event to write, its date of effect (the due date) and its fields.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from domain.demande.evenements import DemandeEnregistree
from domain.demande.faits import Faits, faits_au
from domain.demande.malus import MalusEnvisage, MalusExpire, PeriodeContradictoireEchue, demande_modifiee
from domain.demande.vie import CauseRadiation, DemandeRadiee, RappelRenouvellement
from domain.evenements import Evenement
from domain.format import jour as fmt_jour
from domain.grille.adoption import date_de_purge
from domain.grille.evenements import CritereLocalDesactive, CritereLocalPurge
from domain.temps import ajouter_mois

#: The actor of every event the scheduler writes.
PLANIFICATEUR = {"type": "systeme", "composant": "planificateur"}
#: CCH R441-2-7: the demandeur is notified « un mois au moins avant la date d'expiration de validité ».
RAPPEL_AVANT_MOIS = 1
#: Days from the date the demande ceases to be valid (the anniversary) to its striking off
#: (CCH R441-2-8: « défaut de renouvellement dans le délai imparti par la notification »): none.
RADIATION_APRES_ECHEANCE_JOURS = 0


@dataclass(frozen=True)
class Echeance:
    """The event ``classe`` owed from ``effet_le``; ``objet`` names what it is about (a malus id,
    a validity's end, a criterion), so that one deadline is recognised across readings."""

    classe: type[Evenement]
    effet_le: date
    objet: str
    motif: str
    champs: Mapping[str, Any]

    @property
    def cle(self) -> tuple[str, str]:
        return self.classe.TOPIC, self.objet

    def donnees(self) -> dict[str, Any]:
        """The event's data for the application (which adds its id and recorded time)."""
        return {**self.champs, "effet_le": self.effet_le, "acteur": PLANIFICATEUR, "motif": self.motif}


def echeances(historique: Sequence[Evenement]) -> list[Echeance]:
    """Every pending deadline of a demande or of a grid, in order of due date."""
    if not historique:
        return []
    if isinstance(historique[0], DemandeEnregistree):
        trouvees = list(_echeances_demande(historique))
    else:
        trouvees = list(_purges(historique))
    return sorted(trouvees, key=lambda e: (e.effet_le, e.cle))


def dues(historique: Sequence[Evenement], jour: date) -> list[Echeance]:
    """The pending deadlines due on or before ``jour``."""
    return [e for e in echeances(historique) if e.effet_le <= jour]


def prochaine(historique: Sequence[Evenement]) -> date | None:
    """The earliest pending deadline, if any."""
    return min((e.effet_le for e in echeances(historique)), default=None)


# --- a demande ----------------------------------------------------------------------------------


def _echeances_demande(historique: Sequence[Evenement]) -> Iterator[Echeance]:
    """Read on everything recorded (as the rules do); a struck-off demande still owes its malus
    expiries, nothing else."""
    faits = faits_au(historique, date.max)
    assert faits is not None
    yield from _expirations(faits)
    if faits.radiation is None:
        yield from _fins_de_periode(faits, historique)
        yield from _validite(faits)


def _fins_de_periode(faits: Faits, historique: Sequence[Evenement]) -> Iterator[Echeance]:
    for envisage in (e for e in historique if isinstance(e, MalusEnvisage)):
        malus = faits.malus[envisage.malus_id]
        if malus.periode_echue or malus.application or malus.levee or malus.non_retenu:
            continue
        yield Echeance(
            PeriodeContradictoireEchue,
            envisage.fin_periode_contradictoire + timedelta(days=1),
            envisage.malus_id.hex,
            f"période contradictoire close le {fmt_jour(envisage.fin_periode_contradictoire)} : dossier à examiner",
            {"malus_id": envisage.malus_id, "demande_modifiee": demande_modifiee(historique, envisage)},
        )


def _expirations(faits: Faits) -> Iterator[Echeance]:
    for malus in faits.malus.values():
        if malus.application is None or malus.expiration or malus.levee:
            continue
        assert malus.expire_le is not None
        yield Echeance(
            MalusExpire,
            malus.expire_le,
            malus.malus_id.hex,
            f"fin du malus appliqué le {fmt_jour(malus.application.effet_le)}, à sa date d'expiration",
            {"malus_id": malus.malus_id},
        )


def _validite(faits: Faits) -> Iterator[Echeance]:
    fin = faits.echeance_renouvellement()
    if fin not in faits.rappels:
        yield Echeance(
            RappelRenouvellement,
            ajouter_mois(fin, -RAPPEL_AVANT_MOIS),
            f"validite:{fin.isoformat()}",
            f"demande à renouveler avant le {fmt_jour(fin)}, faute de quoi elle sera radiée",
            {"echeance": fin},
        )
    yield Echeance(
        DemandeRadiee,
        fin + timedelta(days=RADIATION_APRES_ECHEANCE_JOURS),
        f"validite:{fin.isoformat()}",
        f"demande non renouvelée : sa validité a pris fin le {fmt_jour(fin)} (CCH R441-2-7 et R441-2-8)",
        {"cause": CauseRadiation.NON_RENOUVELLEMENT},
    )


# --- the grid -----------------------------------------------------------------------------------


def _purges(historique: Sequence[Evenement]) -> Iterator[Echeance]:
    purges = {e.critere for e in historique if isinstance(e, CritereLocalPurge)}
    for desactivation in (e for e in historique if isinstance(e, CritereLocalDesactive) and e.critere not in purges):
        yield Echeance(
            CritereLocalPurge,
            date_de_purge(desactivation.effet_le),
            desactivation.critere,
            f"critère local désactivé le {fmt_jour(desactivation.effet_le)}, purgé un an après (PPGD, section 8)",
            {"critere": desactivation.critere},
        )
