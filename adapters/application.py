"""The application: commands and reads over the event store, through the eventsourcing library.

One installation serves one territory (EPCI): its grid is one aggregate, each demande another.
Every event gets its ``evenement_id`` and its recorded time (``enregistre_le``) here, from the
injected clock; the domain decides whether it may be written. A refusal writes nothing.
Each write is logged with technical fields only (``adapters/journal.py``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid4, uuid5

import structlog
from eventsourcing.application import Application
from eventsourcing.persistence import IntegrityError, Mapper
from eventsourcing.utils import Environment, EnvType

from adapters import index_demandes
from adapters.horloge import Horloge, HorlogeSysteme
from adapters.index_demandes import RecorderIndexe
from adapters.journal import champs_acteur
from adapters.mapper import Enveloppe, MapperPydantic
from adapters.memoire_histoires import MemoireHistoires
from domain.cotation.moteur import coter
from domain.cotation.resultat import Cotation
from domain.demande import malus, regles
from domain.demande.evenements import DemandeEnregistree
from domain.demande.faits import Faits, faits_au
from domain.erreurs import CommandeInvalide, DemandeIntrouvable, DonneesInvalides, EcritureConcurrente, ErreurCotation
from domain.evenements import Evenement
from domain.explication import Explication, expliquer
from domain.format import jour as fmt_jour
from domain.grille.adoption import verifier_adoption, verifier_desactivation, verifier_purge
from domain.grille.alertes import ParametreBientotSansValeur, parametres_bientot_sans_valeur
from domain.grille.evenements import CritereLocalDesactive, CritereLocalPurge, GrilleAdoptee
from domain.grille.historique import GrilleEnVigueur, grille_en_vigueur
from projections.index_demandes import ligne, numero_normalise

TENTATIVES = 3
Verification = Callable[[list[Evenement], Evenement], None]
#: Where new ids come from: random (``uuid4``), or drawn from a seed for a reproducible log.
Identifiants = Callable[[], UUID]
_journal = structlog.get_logger("cotation")


def id_grille(territoire: str) -> UUID:
    """The grid aggregate of a territory has a stable id derived from its (public) code."""
    return uuid5(NAMESPACE_URL, f"cotation:grille:{territoire}")


def grille_pour(
    historique_grille: Sequence[Evenement], jour: date, faits: Faits | None = None, connu_le: datetime | None = None
) -> GrilleEnVigueur:
    """The grid in force at ``jour`` for a demande with these facts (for a first demande without)."""
    if faits is None:
        return grille_en_vigueur(historique_grille, jour, connu_le=connu_le)
    return grille_en_vigueur(historique_grille, jour, faits.type_demande, connu_le)


def preparer(
    aggregat_id: UUID,
    historique: list[Evenement],
    classe: type[Evenement],
    donnees: Mapping[str, Any],
    verifier: Verification,
    *,
    historique_grille: Callable[[], Sequence[Evenement]],
    evenement_id: UUID,
    enregistre_le: datetime,
) -> Enveloppe:
    """What every write goes through, one at a time (``CotationApp``) or in bulk
    (``adapters/demo/versement.py``): the grid-derived fields completed from the grid history,
    the event built and checked against the aggregate's ``historique`` (``ErreurCotation`` if
    refused), as the next event of its aggregate."""
    grille_au = lambda jour: grille_pour(historique_grille(), jour, faits_au(historique, jour)).version  # noqa: E731
    complet = malus.completer(classe, donnees, historique, grille_au)
    evt = classe.creer(**complet, evenement_id=evenement_id, enregistre_le=enregistre_le)
    verifier(historique, evt)
    return Enveloppe(aggregat_id, len(historique) + 1, evt)


class CotationApp(Application[UUID]):
    name = "Cotation"
    recorder: RecorderIndexe

    def __init__(
        self,
        territoire: str,
        env: dict[str, str] | None = None,
        horloge: Horloge | None = None,
        identifiants: Identifiants = uuid4,
    ):
        self.territoire = territoire
        self.horloge = horloge or HorlogeSysteme()
        self.identifiants = identifiants
        self._histoires = MemoireHistoires(self._evenements_apres)
        self._grille = MemoireHistoires(self._evenements_apres, capacite=1)
        super().__init__(env)

    def construct_env(self, name: str, env: EnvType | None = None) -> Environment:
        """Only the settings given (``Reglages.env_eventsourcing``): no stray process variable
        (the library would read ``COTATION_POSTGRES_DBNAME``…) can redirect the store."""
        environnement = Environment(name, env)
        module = environnement.get("PERSISTENCE_MODULE", "")
        environnement["APPLICATION_RECORDER_TOPIC"] = index_demandes.topic_recorder(module)
        return environnement

    def construct_mapper(self) -> Mapper[UUID]:
        return self.factory.mapper(transcoder=self.construct_transcoder(), mapper_class=MapperPydantic)

    # --- writing -----------------------------------------------------------------------------

    def enregistrer_demande(self, donnees: dict[str, Any]) -> tuple[UUID, DemandeEnregistree]:
        demande_id = self.identifiants()
        evt = self._ecrire(demande_id, DemandeEnregistree, donnees, self._verifier_enregistrement)
        return demande_id, evt  # type: ignore[return-value]

    def ajouter(self, demande_id: UUID, classe: type[Evenement], donnees: dict[str, Any]) -> Evenement:
        """Append one event to an existing demande, if the rules allow it."""
        return self._ecrire(demande_id, classe, donnees, regles.verifier, existante=True)

    def adopter_grille(self, donnees: dict[str, Any]) -> GrilleAdoptee:
        verifier = lambda historique, evt: verifier_adoption(historique, evt, self.territoire)  # noqa: E731
        return self._ecrire(id_grille(self.territoire), GrilleAdoptee, donnees, verifier)  # type: ignore[return-value]

    def desactiver_critere_local(self, donnees: dict[str, Any]) -> CritereLocalDesactive:
        return self._ecrire(  # type: ignore[return-value]
            id_grille(self.territoire), CritereLocalDesactive, donnees, verifier_desactivation
        )

    def purger_critere_local(self, donnees: dict[str, Any]) -> CritereLocalPurge:
        return self._ecrire(  # type: ignore[return-value]
            id_grille(self.territoire), CritereLocalPurge, donnees, verifier_purge
        )

    def _verifier_enregistrement(self, historique: list[Evenement], evt: Evenement) -> None:
        regles.verifier(historique, evt)
        if self.recorder.demande_de(evt.numero_unique) is not None:  # type: ignore[attr-defined]
            raise CommandeInvalide("ce numéro unique est déjà enregistré")

    def _ecrire(
        self, aggregat_id: UUID, classe: type[Evenement], donnees: dict[str, Any], verifier: Verification,
        existante: bool = False,
    ) -> Evenement:
        """Check and append (to an aggregate that must exist, if ``existante``); a concurrent write
        in between means: re-read, re-check, retry."""
        for tentative in range(1, TENTATIVES + 1):
            enveloppe = self._preparer(aggregat_id, classe, donnees, verifier, existante)
            try:
                self._sauver(enveloppe)
                return enveloppe.evenement
            except IntegrityError:
                _journal.warning(
                    "ecriture_concurrente", topic=classe.TOPIC, aggregat_id=str(aggregat_id), tentative=tentative
                )
        raise EcritureConcurrente("écriture concurrente sur ce dossier : réessayez")

    def _preparer(
        self, aggregat_id: UUID, classe: type[Evenement], donnees: dict[str, Any], verifier: Verification,
        existante: bool,
    ) -> Enveloppe:
        historique = self.historique(aggregat_id)
        if existante and not historique:
            raise DemandeIntrouvable("aucune demande ne porte cet identifiant")
        try:
            return preparer(
                aggregat_id, historique, classe, donnees, verifier,
                historique_grille=self.historique_grille,
                evenement_id=self.identifiants(), enregistre_le=self.horloge.maintenant(),
            )
        except ErreurCotation as exc:
            erreur = type(exc).__name__  # never the message: it may quote the data
            _journal.info("commande_refusee", topic=classe.TOPIC, aggregat_id=str(aggregat_id), erreur=erreur)
            raise

    def _sauver(self, enveloppe: Enveloppe) -> None:
        evt = enveloppe.evenement
        nouvelle_ligne = ligne(enveloppe.originator_id, evt)
        self.save(enveloppe, **{index_demandes.ARGUMENT: [nouvelle_ligne] if nouvelle_ligne else []})
        _journal.info(
            "evenement_enregistre",
            topic=evt.TOPIC,
            aggregat_id=str(enveloppe.originator_id),
            version=enveloppe.originator_version,
            **champs_acteur(evt.acteur),
        )

    # --- reading -----------------------------------------------------------------------------

    def historique(self, aggregat_id: UUID) -> list[Evenement]:
        """Every event of the aggregate, in order (those decoded before are not decoded again)."""
        return self._histoires.lire(aggregat_id)

    def _evenements_apres(self, aggregat_id: UUID, version: int) -> list[Evenement]:
        return [env.evenement for env in self.events.get(aggregat_id, gt=version or None)]  # type: ignore[attr-defined]

    def historique_grille(self) -> list[Evenement]:
        """The grid's history, kept apart from the demandes' so that it is never pushed out: a whole
        grid is costly to decode, changes a few times a year, and what depends on it alone is
        computed once per grid object (``domain/grille/memoire.py``)."""
        return self._grille.lire(id_grille(self.territoire))

    def faits(self, demande_id: UUID, jour: date, connu_le: datetime | None = None) -> Faits:
        faits = faits_au(self.historique(demande_id), jour, connu_le)
        if faits is None:
            raise DemandeIntrouvable(f"cette demande n'était pas enregistrée au {fmt_jour(jour)}")
        return faits

    def grille(self, jour: date, faits: Faits | None = None, connu_le: datetime | None = None) -> GrilleEnVigueur:
        return grille_pour(self.historique_grille(), jour, faits, connu_le)

    def alertes_grille(self, jour: date) -> list[ParametreBientotSansValeur]:
        """The parameters of the grid in force on ``jour`` about to have no value (ADR 0025)."""
        return parametres_bientot_sans_valeur(self.historique_grille(), jour)

    def cotation(self, demande_id: UUID, jour: date, connu_le: datetime | None = None) -> Cotation:
        """The score at ``jour`` (valid time), as recorded at ``connu_le`` when given."""
        faits = self.faits(demande_id, jour, connu_le)
        grille = self.grille(jour, faits, connu_le)
        return coter(faits, grille.version, jour, connu_le, grille.inactifs)

    def explication(self, demande_id: UUID, jour: date) -> Explication:
        """The score at ``jour`` explained to the demandeur, in plain French."""
        faits = self.faits(demande_id, jour)
        grille = self.grille(jour, faits)
        cotation = coter(faits, grille.version, jour, None, grille.inactifs)
        return expliquer(cotation, faits, grille.version, grille.inactifs)

    # --- the numéro unique index -------------------------------------------------------------

    def rechercher(self, numero_unique: str) -> UUID:
        """The demande registered under this numéro unique."""
        demande_id = self.recorder.demande_de(numero_normalise(numero_unique))
        if demande_id is None:
            raise DemandeIntrouvable("aucune demande n'est enregistrée sous ce numéro unique")
        return demande_id

    def demandes(self, limit: int = 100, offset: int = 0) -> list[UUID]:
        """Demande ids in order of registration, one page at a time."""
        if limit < 1 or offset < 0:
            message = "pagination invalide : au moins une demande par page, à partir de la position 0"
            raise DonneesInvalides(message, champ="limite" if limit < 1 else "position")
        return self.recorder.page(limit, offset)

    def rattraper_index(self, lot: int = 1000) -> int:
        """Catch the numéro index up with the log; returns the number of registrations read."""
        return index_demandes.rattraper(self.recorder, self.mapper, lot)

    def reconstruire_index(self, lot: int = 1000) -> int:
        """Erase the numéro index and rebuild it from the log (run it with no registration going on)."""
        return index_demandes.reconstruire(self.recorder, self.mapper, lot)
