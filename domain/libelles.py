"""French labels of the enumerated values, for every text a user reads (never the raw codes)."""

from __future__ import annotations

from enum import StrEnum

from domain.demande.valeurs import (
    Canal,
    MotifDemande,
    Role,
    SituationLogement,
    StatutEmploi,
    TypeDemande,
    Typologie,
)
from domain.grille.modele import Etablissement, Nature

ENUMERATIONS = (
    SituationLogement, MotifDemande, StatutEmploi, Role, Typologie, Canal, TypeDemande, Nature, Etablissement
)

_LIBELLES: dict[StrEnum, str] = {
    SituationLogement.LOCATAIRE_PARC_SOCIAL: "locataire du parc social",
    SituationLogement.LOCATAIRE_PARC_PRIVE: "locataire du parc privé",
    SituationLogement.PROPRIETAIRE: "propriétaire occupant",
    SituationLogement.HEBERGE_PARENTS: "hébergé chez ses parents",
    SituationLogement.HEBERGE_TIERS: "hébergé chez des tiers",
    SituationLogement.STRUCTURE_HEBERGEMENT: "hébergé dans une structure d'hébergement",
    SituationLogement.LOGEMENT_TRANSITION: "logé temporairement en logement de transition",
    SituationLogement.APPARTEMENT_COORDINATION_THERAPEUTIQUE: "logé en appartement de coordination thérapeutique",
    SituationLogement.SANS_LOGEMENT: "sans logement ni hébergement",
    SituationLogement.AUTRE: "autre situation de logement",
    MotifDemande.LOGEMENT_NON_DECENT: "logement non décent",
    MotifDemande.PROCEDURE_EXPULSION: "procédure d'expulsion",
    MotifDemande.LOGEMENT_REPRIS_OU_VENDU: "logement repris ou mis en vente par son propriétaire",
    MotifDemande.LOGEMENT_INADAPTE_HANDICAP: "logement inadapté au handicap ou à la perte d'autonomie",
    MotifDemande.LOGEMENT_TROP_GRAND: "logement trop grand",
    MotifDemande.LOGEMENT_TROP_PETIT: "logement trop petit",
    MotifDemande.LOGEMENT_TROP_CHER: "logement trop cher",
    MotifDemande.DIVORCE_SEPARATION: "divorce ou séparation",
    MotifDemande.RAPPROCHEMENT_TRAVAIL: "rapprochement du lieu de travail",
    MotifDemande.DECOHABITATION: "décohabitation",
    MotifDemande.AUTRE: "autre motif",
    StatutEmploi.CDI: "CDI",
    StatutEmploi.CDD: "CDD",
    StatutEmploi.INTERIM: "intérim",
    StatutEmploi.CONTRAT_INSERTION: "contrat d'insertion",
    StatutEmploi.APPRENTISSAGE: "apprentissage",
    StatutEmploi.INDEPENDANT: "travailleur indépendant",
    StatutEmploi.DEMANDEUR_EMPLOI: "demandeur d'emploi",
    StatutEmploi.RETRAITE: "retraité",
    StatutEmploi.ETUDIANT: "étudiant",
    StatutEmploi.SANS_ACTIVITE: "sans activité",
    Role.DEMANDEUR: "demandeur",
    Role.COTITULAIRE: "co-titulaire",
    Role.ENFANT: "enfant",
    Role.AUTRE: "autre personne du ménage",
    Typologie.T1: "T1",
    Typologie.T2: "T2",
    Typologie.T3: "T3",
    Typologie.T4: "T4",
    Typologie.T5_ET_PLUS: "T5 ou plus",
    Canal.GUICHET: "guichet enregistreur",
    Canal.PORTAIL: "portail grand public",
    TypeDemande.PREMIERE_DEMANDE: "première demande",
    TypeDemande.MUTATION: "demande de mutation",
    Nature.OBLIGATOIRE: "critère obligatoire",
    Nature.FACULTATIF: "critère facultatif",
    Nature.LOCAL: "critère local",
    Etablissement.CALCULE: "calculé à partir des informations déclarées",
    Etablissement.VALIDATION_MANUELLE: "validé par un agent",
    Etablissement.EVENEMENTS_PROCEDURE: "établi à partir des passages en commission d'attribution",
}


def libelle(valeur: StrEnum) -> str:
    """The French label of an enumerated value (every member of the enums above has one)."""
    return _LIBELLES[valeur]
