"""The format of a cas-types file, validated by pydantic (documented in docs/cas-types.md).

A file holds cases; a case names a grid, lists dated events of one or more demandes (named by
aliases, never by UUID) in the order they were recorded, and states what the score must be.
Keys of an event other than the envelope below are the event's own fields (its payload),
validated by the domain when the runner writes it.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator

from domain.demande import catalogue
from domain.demande.evenements import EVENEMENTS_AGENT, JustificatifDepose
from domain.erreurs import CommandeInvalide
from domain.evenements import Evenement
from domain.grille.modele import Code, OptionJustificatif

MIDI = time(12, tzinfo=UTC)
FIN_DE_JOURNEE = time(23, 59, 59, 999999, tzinfo=UTC)
UNE_MINUTE = timedelta(minutes=1)
#: Fields the runner sets from aliases or the clock: a file never writes them.
CHAMPS_RESERVES = frozenset({"evenement_id", "justificatif_id"})


def _en_utc(valeur: datetime) -> datetime:
    return valeur if valeur.tzinfo else valeur.replace(tzinfo=UTC)


def _a_l_heure(valeur: Any, heure: time) -> Any:
    """A date alone stands for ``heure`` (UTC) on that day."""
    if isinstance(valeur, date) and not isinstance(valeur, datetime):
        return datetime.combine(valeur, heure)
    return valeur


Horodatage = Annotated[datetime, AfterValidator(_en_utc)]
Nom = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]{1,79}$")]
Alias = Annotated[str, Field(min_length=1, max_length=80)]
ActeurCas = Literal["demandeur", "agent", "systeme"] | dict[str, Any]


class _Donnee(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class GrilleCas(_Donnee):
    """A shipped grid (``livree``) or a grid file relative to the cas-types file (``fichier``)."""

    livree: str | None = None
    fichier: str | None = None
    option_justificatif: OptionJustificatif | None = None

    @model_validator(mode="after")
    def _une_source(self) -> GrilleCas:
        if (self.livree is None) == (self.fichier is None):
            raise ValueError("indiquez soit « livree », soit « fichier »")
        return self


class EvenementCas(BaseModel):
    """One event of a demande; unknown keys are the event's own fields (its payload)."""

    model_config = ConfigDict(frozen=True, extra="allow")

    type: str
    demande: Alias
    effet_le: date
    enregistre_le: Horodatage | None = None
    acteur: ActeurCas | None = None
    motif: str | None = None
    alias: Alias | None = None
    justificatif: Alias | None = None
    corrige: list[Alias] = Field(default_factory=list)
    refus_attendu: str | None = Field(default=None, min_length=3)

    @field_validator("type")
    @classmethod
    def _type_connu(cls, valeur: str) -> str:
        try:
            catalogue.classe(valeur)
        except CommandeInvalide as exc:
            raise ValueError(exc.message) from None
        return valeur

    @field_validator("enregistre_le", mode="before")
    @classmethod
    def _midi(cls, valeur: Any) -> Any:
        return _a_l_heure(valeur, MIDI)

    @model_validator(mode="after")
    def _champs(self) -> EvenementCas:
        reserves = sorted(CHAMPS_RESERVES & self.champs().keys())
        if reserves:
            raise ValueError(f"champ fixé par le lanceur, à ne pas écrire : {', '.join(reserves)}")
        avec_piece = "justificatif_id" in self.classe.model_fields
        if avec_piece and self.justificatif is None:
            raise ValueError(f"« justificatif » (alias de la pièce) est obligatoire pour {self.type}")
        if self.justificatif is not None and not avec_piece:
            raise ValueError(f"« justificatif » ne s'emploie pas pour {self.type}")
        if self.corrige and "corrige" not in self.classe.model_fields:
            raise ValueError(f"« corrige » ne s'emploie pas pour {self.type}")
        return self

    @property
    def classe(self) -> type[Evenement]:
        return catalogue.classe(self.type)

    @property
    def est_enregistrement(self) -> bool:
        return self.type == catalogue.ENREGISTREMENT

    @property
    def depose_piece(self) -> bool:
        return self.classe is JustificatifDepose

    def champs(self) -> dict[str, Any]:
        """The event's own fields, as written in the file."""
        return dict(self.model_extra or {})

    def acteur_ou_defaut(self) -> ActeurCas:
        """The demandeur by default, an agent for what only an agent may do."""
        if self.acteur is not None:
            return self.acteur
        return "agent" if issubclass(self.classe, EVENEMENTS_AGENT) else "demandeur"


class Attente(_Donnee):
    """What the score of a demande must be at ``le`` (as recorded at ``connu_le`` when given)."""

    demande: Alias
    le: date
    connu_le: Horodatage | None = None
    total: Decimal | None = None
    contributions: dict[Code, Decimal] = Field(default_factory=dict)
    exactement: bool = False
    absents: list[Code] = Field(default_factory=list)

    @field_validator("connu_le", mode="before")
    @classmethod
    def _fin_de_journee(cls, valeur: Any) -> Any:
        return _a_l_heure(valeur, FIN_DE_JOURNEE)

    @model_validator(mode="after")
    def _utile(self) -> Attente:
        if self.total is None and not self.contributions and not self.absents and not self.exactement:
            raise ValueError("une attente fixe au moins « total », « contributions », « absents » ou « exactement »")
        doubles = sorted(set(self.absents) & self.contributions.keys())
        if doubles:
            raise ValueError(f"critère à la fois attendu et absent : {', '.join(doubles)}")
        return self

    def codes(self) -> set[str]:
        return set(self.contributions) | set(self.absents)


class _Aliases:
    """The demandes, pieces and events named so far, to check references in order."""

    def __init__(self) -> None:
        self.demandes: set[str] = set()
        self.pieces: set[tuple[str, str]] = set()
        self.evenements: dict[str, str] = {}

    def lire(self, evt: EvenementCas) -> None:
        self._demande(evt)
        self._piece(evt)
        for alias in evt.corrige:
            if self.evenements.get(alias) != evt.demande:
                raise ValueError(f"« corrige » : aucun événement « {alias} » plus haut pour la demande {evt.demande}")
        if evt.alias in self.evenements:
            raise ValueError(f"alias d'événement déjà employé : {evt.alias}")
        if evt.refus_attendu is None:
            self._definir(evt)

    def _demande(self, evt: EvenementCas) -> None:
        if evt.est_enregistrement and evt.demande in self.demandes:
            raise ValueError(f"la demande « {evt.demande} » est déjà enregistrée plus haut")
        if not evt.est_enregistrement and evt.demande not in self.demandes:
            raise ValueError(f"demande « {evt.demande} » inconnue : enregistrez-la d'abord ({catalogue.ENREGISTREMENT})")

    def _piece(self, evt: EvenementCas) -> None:
        if evt.justificatif is None:
            return
        connue = (evt.demande, evt.justificatif) in self.pieces
        if evt.depose_piece and connue:
            raise ValueError(f"justificatif « {evt.justificatif} » déjà déposé plus haut")
        if not evt.depose_piece and not connue:
            raise ValueError(f"justificatif « {evt.justificatif} » inconnu : déposez-le d'abord pour cette demande")

    def _definir(self, evt: EvenementCas) -> None:
        if evt.est_enregistrement:
            self.demandes.add(evt.demande)
        if evt.depose_piece and evt.justificatif:
            self.pieces.add((evt.demande, evt.justificatif))
        if evt.alias:
            self.evenements[evt.alias] = evt.demande


class Cas(_Donnee):
    nom: Nom
    description: str = Field(min_length=10)
    grille: GrilleCas | None = None
    evenements: list[EvenementCas] = Field(min_length=1)
    attentes: list[Attente] = Field(default_factory=list)

    @model_validator(mode="after")
    def _coherent(self) -> Cas:
        aliases = _Aliases()
        for numero, evt in enumerate(self.evenements, 1):
            try:
                aliases.lire(evt)
            except ValueError as exc:
                raise ValueError(f"cas {self.nom}, événement n°{numero} ({evt.type}) : {exc}") from None
        inconnues = sorted({a.demande for a in self.attentes} - aliases.demandes)
        if inconnues:
            raise ValueError(f"cas {self.nom} : attente sur une demande non enregistrée : {', '.join(inconnues)}")
        if not self.attentes and not any(e.refus_attendu for e in self.evenements):
            raise ValueError(f"cas {self.nom} : rien à vérifier (ni attente, ni refus attendu)")
        self.instants()
        return self

    def instants(self) -> list[datetime]:
        """When each event is recorded: its ``enregistre_le``, else noon UTC on its date of
        effect, or one minute after the previous event when that is later."""
        instants: list[datetime] = []
        for numero, evt in enumerate(self.evenements, 1):
            instant = evt.enregistre_le or datetime.combine(evt.effet_le, MIDI)
            if instants and evt.enregistre_le is None:
                instant = max(instant, instants[-1] + UNE_MINUTE)
            if instants and instant < instants[-1]:
                raise ValueError(
                    f"cas {self.nom}, événement n°{numero} : enregistré le {instant:%d/%m/%Y à %H:%M} UTC, avant "
                    "l'événement précédent ; les événements s'écrivent dans l'ordre de leur enregistrement"
                )
            instants.append(instant)
        return instants


class FichierCasTypes(_Donnee):
    """A cas-types file: an optional default grid, and its cases."""

    communs: Any = Field(default=None, description="Free place for YAML anchors; ignored")
    grille: GrilleCas | None = None
    cas: list[Cas] = Field(min_length=1)

    @model_validator(mode="after")
    def _complet(self) -> FichierCasTypes:
        noms = [c.nom for c in self.cas]
        doubles = sorted({n for n in noms if noms.count(n) > 1})
        if doubles:
            raise ValueError(f"nom de cas employé plusieurs fois : {', '.join(doubles)}")
        sans_grille = [c.nom for c in self.cas if c.grille is None and self.grille is None]
        if sans_grille:
            raise ValueError(f"aucune grille pour : {', '.join(sans_grille)} (clé « grille » du fichier ou du cas)")
        return self

    def grille_de(self, cas: Cas) -> GrilleCas:
        return cas.grille or self.grille  # type: ignore[return-value]
