"""Access profiles and what each may do: the one table of the service's authorizations (ADR 0022).

Every operation of the HTTP service (a read, or a command named by its event type) has one line
in ``MATRICE``: the profiles allowed. A token may carry several profiles; a request is allowed
when one of them is. The consultant profiles are those of the PPGD of Épernay (section 6): they
read the demandes of their territory; only « consultant sensible » sees the sensitive pieces and
the sensitive situations (``adapters/http/sensible.py``), and only an agent holding it may decide
on them. Events written by the scheduler (renewal reminder, end of a contradictory period, malus
expiry) are allowed to no profile.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from domain.acteurs import Habilitation


class Profil(StrEnum):
    CONSULTANT_SIMPLE = "consultant_simple"
    CONSULTANT_DEMANDE = "consultant_demande"
    CONSULTANT_SENSIBLE = "consultant_sensible"
    GUICHET_ENREGISTREUR = "guichet_enregistreur"
    CHARGE_INSTRUCTION = "charge_instruction"
    DECIDEUR_RECOURS = "decideur_recours"
    ADMINISTRATEUR_TERRITOIRE = "administrateur_territoire"
    AUDITEUR = "auditeur"
    DEMANDEUR = "demandeur"


LIBELLES: dict[Profil, str] = {
    Profil.CONSULTANT_SIMPLE: "consultant simple",
    Profil.CONSULTANT_DEMANDE: "consultant demande",
    Profil.CONSULTANT_SENSIBLE: "consultant sensible",
    Profil.GUICHET_ENREGISTREUR: "guichet enregistreur",
    Profil.CHARGE_INSTRUCTION: "chargé d'instruction",
    Profil.DECIDEUR_RECOURS: "décideur de recours",
    Profil.ADMINISTRATEUR_TERRITOIRE: "administrateur de territoire",
    Profil.AUDITEUR: "auditeur / CIL",
    Profil.DEMANDEUR: "demandeur",
}

#: The domain's habilitations an agent holds through a profile (``domain.acteurs.Agent``).
HABILITATIONS: dict[Profil, Habilitation] = {Profil.CHARGE_INSTRUCTION: "malus", Profil.DECIDEUR_RECOURS: "recours"}
#: Profiles that record events: their tokens name the agent's guichet (or service).
REDACTEURS = frozenset({
    Profil.GUICHET_ENREGISTREUR, Profil.CHARGE_INSTRUCTION, Profil.DECIDEUR_RECOURS, Profil.ADMINISTRATEUR_TERRITOIRE,
})
#: Profiles that see sensitive pieces and situations of any demande of their territory.
VOIENT_SENSIBLE = frozenset({Profil.CONSULTANT_SENSIBLE})

_TOUS = frozenset(Profil)
_LECTEURS = frozenset({
    Profil.CONSULTANT_SIMPLE, Profil.CONSULTANT_DEMANDE, Profil.CONSULTANT_SENSIBLE, Profil.GUICHET_ENREGISTREUR,
    Profil.CHARGE_INSTRUCTION, Profil.DECIDEUR_RECOURS, Profil.AUDITEUR,
})
_GUICHET = frozenset({Profil.GUICHET_ENREGISTREUR})
_INSTRUCTION = frozenset({Profil.CHARGE_INSTRUCTION})
_ADMINISTRATION = frozenset({Profil.ADMINISTRATEUR_TERRITOIRE})
_SYSTEME: frozenset[Profil] = frozenset()

#: Who may do what. A new endpoint adds its operation here, and names it in its route (``acces_requis``).
MATRICE: dict[str, frozenset[Profil]] = {
    # reads
    "lister_demandes": _LECTEURS,
    "rechercher_demande": _LECTEURS,
    "historique": _LECTEURS,
    "cotation": _LECTEURS | {Profil.DEMANDEUR},
    "explication": _LECTEURS | {Profil.DEMANDEUR},
    "grille": _TOUS,
    "malus_a_examiner": frozenset({Profil.CHARGE_INSTRUCTION, Profil.AUDITEUR}),
    "rapports_cil": frozenset({Profil.AUDITEUR}),
    "rejeux": frozenset({Profil.AUDITEUR, Profil.ADMINISTRATEUR_TERRITOIRE}),
    "chronologie": _LECTEURS | {Profil.DEMANDEUR},
    "positionnement": _LECTEURS | {Profil.DEMANDEUR},
    "delais_moyens": _TOUS,
    # commands on a demande, by event type (domain/demande/catalogue.py)
    "demande_enregistree": _GUICHET,
    "situation_declaree": _GUICHET,
    "situation_rectifiee": _GUICHET,
    "justificatif_depose": _GUICHET,
    "justificatif_valide": _GUICHET,
    "justificatif_rejete": _GUICHET,
    "critere_valide": _GUICHET,
    "critere_retire": _GUICHET,
    "candidat_designe": _GUICHET,
    "passage_cal": _GUICHET,
    "proposition_refusee": _GUICHET,
    "bail_signe": _GUICHET,
    "demande_renouvelee": _GUICHET,
    "demande_radiee": _GUICHET,
    "refus_juge": _INSTRUCTION,
    "malus_envisage": _INSTRUCTION,
    "malus_applique": _INSTRUCTION,
    "malus_non_retenu": _INSTRUCTION,
    "malus_leve": _INSTRUCTION,
    "recours_depose": frozenset({Profil.DEMANDEUR, Profil.GUICHET_ENREGISTREUR}),
    "recours_decide": frozenset({Profil.DECIDEUR_RECOURS}),
    "rappel_renouvellement": _SYSTEME,
    "periode_contradictoire_echue": _SYSTEME,
    "malus_expire": _SYSTEME,
    # commands on the grid
    "grille_adoptee": _ADMINISTRATION,
    "critere_local_desactive": _ADMINISTRATION,
}


def permis(profils: Iterable[Profil], operation: str) -> bool:
    """Whether one of ``profils`` may do ``operation`` (an operation missing from the table: nobody)."""
    return not MATRICE.get(operation, _SYSTEME).isdisjoint(profils)


def libelles(profils: Iterable[Profil]) -> str:
    """The profiles named in French, in the order of ``Profil``, for messages and documentation ("" for none)."""
    retenus = set(profils)
    return ", ".join(LIBELLES[p] for p in Profil if p in retenus)
