"""The application: commands and reads over the event store, through the eventsourcing library.

One installation serves one territory (EPCI): its grid is one aggregate, each demande another.
Every event gets its ``evenement_id`` and its recorded time (``enregistre_le``) here, from the
injected clock; the domain decides whether it may be written. A refusal writes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid4, uuid5

from eventsourcing.application import Application
from eventsourcing.persistence import IntegrityError, Mapper

from adapters.horloge import Horloge, HorlogeSysteme
from adapters.mapper import Enveloppe, MapperPydantic
from domain.cotation.moteur import coter
from domain.cotation.resultat import Cotation
from domain.demande import regles
from domain.demande.evenements import DemandeEnregistree
from domain.demande.faits import Faits, faits_au
from domain.erreurs import CommandeInvalide, DemandeIntrouvable
from domain.evenements import Evenement
from domain.format import jour as fmt_jour
from domain.grille.adoption import verifier_adoption
from domain.grille.evenements import CritereLocalDesactive, GrilleAdoptee
from domain.grille.historique import GrilleEnVigueur, grille_en_vigueur

TENTATIVES = 3
Verification = Callable[[list[Evenement], Evenement], None]


def id_grille(territoire: str) -> UUID:
    """The grid aggregate of a territory has a stable id derived from its (public) code."""
    return uuid5(NAMESPACE_URL, f"cotation:grille:{territoire}")


class CotationApp(Application[UUID]):
    name = "Cotation"

    def __init__(self, territoire: str, env: dict[str, str] | None = None, horloge: Horloge | None = None):
        self.territoire = territoire
        self.horloge = horloge or HorlogeSysteme()
        super().__init__(env)

    def construct_mapper(self) -> Mapper[UUID]:
        return self.factory.mapper(transcoder=self.construct_transcoder(), mapper_class=MapperPydantic)

    # --- writing -----------------------------------------------------------------------------

    def enregistrer_demande(self, donnees: dict[str, Any]) -> tuple[UUID, DemandeEnregistree]:
        demande_id = uuid4()
        evt = self._ecrire(demande_id, DemandeEnregistree, donnees, regles.verifier)
        return demande_id, evt  # type: ignore[return-value]

    def ajouter(self, demande_id: UUID, classe: type[Evenement], donnees: dict[str, Any]) -> Evenement:
        """Append one event to an existing demande, if the rules allow it."""
        if not self.historique(demande_id):
            raise DemandeIntrouvable("aucune demande ne porte cet identifiant")
        return self._ecrire(demande_id, classe, donnees, regles.verifier)

    def adopter_grille(self, donnees: dict[str, Any]) -> GrilleAdoptee:
        verifier = lambda historique, evt: verifier_adoption(historique, evt, self.territoire)  # noqa: E731
        return self._ecrire(id_grille(self.territoire), GrilleAdoptee, donnees, verifier)  # type: ignore[return-value]

    def desactiver_critere_local(self, donnees: dict[str, Any]) -> CritereLocalDesactive:
        return self._ecrire(id_grille(self.territoire), CritereLocalDesactive, donnees, _sans_regle)  # type: ignore[return-value]

    def _ecrire(
        self, aggregat_id: UUID, classe: type[Evenement], donnees: dict[str, Any], verifier: Verification
    ) -> Evenement:
        for tentative in range(TENTATIVES):
            historique = self.historique(aggregat_id)
            evt = classe.creer(**donnees, evenement_id=uuid4(), enregistre_le=self.horloge.maintenant())
            verifier(historique, evt)
            try:
                self.save(Enveloppe(aggregat_id, len(historique) + 1, evt))
                return evt
            except IntegrityError:
                if tentative == TENTATIVES - 1:
                    raise CommandeInvalide("écriture concurrente sur ce dossier : réessayez") from None
        raise AssertionError("unreachable")

    # --- reading -----------------------------------------------------------------------------

    def historique(self, aggregat_id: UUID) -> list[Evenement]:
        return [env.evenement for env in self.events.get(aggregat_id)]  # type: ignore[attr-defined]

    def faits(self, demande_id: UUID, jour: date, connu_le: datetime | None = None) -> Faits:
        faits = faits_au(self.historique(demande_id), jour, connu_le)
        if faits is None:
            raise DemandeIntrouvable(f"cette demande n'était pas enregistrée au {fmt_jour(jour)}")
        return faits

    def grille(self, jour: date, faits: Faits | None = None, connu_le: datetime | None = None) -> GrilleEnVigueur:
        historique = self.historique(id_grille(self.territoire))
        if faits is None:
            return grille_en_vigueur(historique, jour, connu_le=connu_le)
        return grille_en_vigueur(historique, jour, faits.type_demande, connu_le)

    def cotation(self, demande_id: UUID, jour: date, connu_le: datetime | None = None) -> Cotation:
        """The score at ``jour`` (valid time), as recorded at ``connu_le`` when given."""
        faits = self.faits(demande_id, jour, connu_le)
        grille = self.grille(jour, faits, connu_le)
        return coter(faits, grille.version, jour, connu_le, grille.inactifs)


def _sans_regle(historique: list[Evenement], evt: Evenement) -> None:
    """Deactivation rules (a known local criterion) come with the grid rules."""
