"""The legal priorities every grid must weight: CCH art. L441-1, as the SNE cotation module
lists them in its 16 mandatory criteria (DALO, the 1st quartile and the L441-1 situations).

A grid covers a priority with a mandatory criterion whose ``priorite_legale`` is its code.
Whether later additions to L441-1 (e.g. young adults leaving child welfare, ASE) join this
list is an open question for the steering people (ADR 0006).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PrioriteLegale:
    code: str
    libelle: str
    reference: str


DALO = "dalo"

PRIORITES_LEGALES: tuple[PrioriteLegale, ...] = (
    PrioriteLegale(
        DALO,
        "ménages reconnus prioritaires et urgents au titre du droit au logement opposable (DALO)",
        "CCH art. L441-2-3 et L441-1",
    ),
    PrioriteLegale(
        "premier_quartile",
        "demandeurs appartenant au 1er quartile de ressources",
        "CCH art. L441-1 (objectif d'attributions au 1er quartile) ; critère obligatoire du module de cotation du SNE",
    ),
    PrioriteLegale(
        "chomage_longue_duree",
        "personnes reprenant une activité après une période de chômage de longue durée",
        "CCH art. L441-1",
    ),
    PrioriteLegale("habitat_indigne", "personnes exposées à des situations d'habitat indigne", "CCH art. L441-1"),
    PrioriteLegale("menace_expulsion", "personnes menacées d'expulsion sans relogement", "CCH art. L441-1"),
    PrioriteLegale(
        "non_decent_mineur",
        "personnes ayant à charge un mineur et logées dans un logement non décent",
        "CCH art. L441-1",
    ),
    PrioriteLegale(
        "suroccupation_mineur",
        "personnes ayant à charge un mineur et logées dans des locaux manifestement suroccupés",
        "CCH art. L441-1",
    ),
    PrioriteLegale(
        "hebergement_transition",
        "personnes hébergées ou logées temporairement dans un établissement ou un logement de transition",
        "CCH art. L441-1",
    ),
    PrioriteLegale("sans_logement", "personnes dépourvues de logement et d'hébergement", "CCH art. L441-1"),
    PrioriteLegale("heberge_tiers", "personnes hébergées par des tiers", "CCH art. L441-1"),
    PrioriteLegale(
        "handicap",
        "personnes en situation de handicap ou ayant à charge une personne en situation de handicap",
        "CCH art. L441-1",
    ),
    PrioriteLegale(
        "violences_couple",
        "personnes victimes de violences au sein du couple ou menacées de mariage forcé",
        "CCH art. L441-1",
    ),
    PrioriteLegale(
        "viol_agression",
        "personnes victimes de viol ou d'agression sexuelle à leur domicile ou à ses abords",
        "CCH art. L441-1",
    ),
    PrioriteLegale(
        "sortie_prostitution",
        "personnes engagées dans le parcours de sortie de la prostitution et d'insertion sociale et professionnelle",
        "CCH art. L441-1 ; CASF art. L121-9",
    ),
    PrioriteLegale(
        "traite_proxenetisme",
        "personnes victimes de traite des êtres humains ou de proxénétisme",
        "CCH art. L441-1 ; code pénal art. 225-4-1 à 225-4-6 et 225-5 à 225-10",
    ),
    PrioriteLegale(
        "appartement_coordination_therapeutique",
        "personnes sortant d'un appartement de coordination thérapeutique",
        "CCH art. L441-1",
    ),
)

PAR_CODE: dict[str, PrioriteLegale] = {p.code: p for p in PRIORITES_LEGALES}

#: Situations the socle régional asks guichets to handle by « un circuit adapté » (violence, rape
#: or sexual assault, prostitution, trafficking; GDPR art. 9 and 10): the criteria covering them
#: show their points, never what they are, to a profile without the right (``adapters.http.sensible``).
SITUATIONS_SENSIBLES = frozenset({"violences_couple", "viol_agression", "sortie_prostitution", "traite_proxenetisme"})
#: Health situations (GDPR art. 9): disability, leaving therapeutic housing. They are fields of the
#: demande every consultant reads to instruct it, so the service shows them; reports read outside
#: the instruction (the replay's) never show them, nor the above, against a demande.
SITUATIONS_DE_SANTE = frozenset({"handicap", "appartement_coordination_therapeutique"})
