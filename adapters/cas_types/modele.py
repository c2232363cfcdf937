"""The format of a cas-types file, validated by pydantic (documented in docs/cas-types.md).

A file holds cases; a case names a grid, lists dated events of one or more demandes (named by
aliases, never by UUID) and runs of the deadline sweeper (``balayage``), in the order they
happened, and states what the score must be (and, with ``rejeu``, the differences the replay
of a candidate grid must show). Keys of an event other than the envelope below
are the event's own fields (its payload), validated by the domain when the runner writes it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, PlainValidator, field_validator, model_validator

from domain.demande import catalogue, regles
from domain.erreurs import CommandeInvalide
from domain.evenements import Evenement
from domain.format import jour
from domain.grille.modele import Code, OptionJustificatif

MIDI = time(12, tzinfo=UTC)
FIN_DE_JOURNEE = time(23, 59, 59, 999999, tzinfo=UTC)
UNE_MINUTE = timedelta(minutes=1)


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
    """A shipped grid (``livree``) or a grid file relative to the cas-types file (``fichier``),
    with optional overrides (the grid **as if** it said so): its justificatif option, version
    id, date of effect, and fields of named criteria (``criteres: {CODE: {points: …}}``)."""

    livree: str | None = None
    fichier: str | None = None
    option_justificatif: OptionJustificatif | None = None
    version: str | None = Field(default=None, min_length=1)
    effet_le: date | None = None
    criteres: dict[Code, dict[str, Any]] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _une_source(self) -> GrilleCas:
        if (self.livree is None) == (self.fichier is None):
            raise ValueError("indiquez soit « livree », soit « fichier »")
        return self


@dataclass(frozen=True)
class Reference:
    """An identifier the runner sets from an alias: the event ``definition`` creates it, later
    events of the same demande name it by the same alias under the key ``cle``."""

    cle: str
    champ: str
    definition: str
    consigne: str


REFERENCES = (
    Reference("justificatif", "justificatif_id", "justificatif_depose", "déposez-le"),
    Reference("designation", "designation_id", "candidat_designe", "enregistrez la désignation"),
    Reference("passage", "passage_id", "passage_cal", "enregistrez le passage en CAL"),
    Reference("malus", "malus_id", "malus_envisage", "envisagez-le (malus_envisage)"),
    Reference("recours", "recours_id", "recours_depose", "déposez-le (recours_depose)"),
)
#: Fields the runner sets from aliases or the clock: a file never writes them.
CHAMPS_RESERVES = frozenset({"evenement_id", *(r.champ for r in REFERENCES)})


class EvenementNomme(BaseModel):
    """An event of a demande named by its short type, with aliases for the identifiers it carries;
    unknown keys are the event's own fields."""

    model_config = ConfigDict(frozen=True, extra="allow")

    type: str
    demande: Alias
    effet_le: date
    justificatif: Alias | None = None
    designation: Alias | None = None
    passage: Alias | None = None
    malus: Alias | None = None
    recours: Alias | None = None

    @field_validator("type")
    @classmethod
    def _type_connu(cls, valeur: str) -> str:
        try:
            catalogue.classe(valeur)
        except CommandeInvalide as exc:
            raise ValueError(exc.message) from None
        return valeur

    @model_validator(mode="after")
    def _references(self) -> EvenementNomme:
        reserves = sorted(CHAMPS_RESERVES & self.champs().keys())
        if reserves:
            raise ValueError(f"champ fixé par le lanceur, à ne pas écrire : {', '.join(reserves)}")
        for reference in REFERENCES:
            champ = self.classe.model_fields.get(reference.champ)
            if champ is None and getattr(self, reference.cle) is not None:
                raise ValueError(f"« {reference.cle} » ne s'emploie pas pour {self.type}")
        return self

    @property
    def classe(self) -> type[Evenement]:
        return catalogue.classe(self.type)

    def champs(self) -> dict[str, Any]:
        """The event's own fields, as written in the file."""
        return dict(self.model_extra or {})

    def references(self) -> list[tuple[Reference, str]]:
        """The identifiers this event names, with their aliases."""
        return [(r, getattr(self, r.cle)) for r in REFERENCES if getattr(self, r.cle) is not None]


class EvenementCas(EvenementNomme):
    """One event of a demande to write, with its envelope."""

    enregistre_le: Horodatage | None = None
    acteur: ActeurCas | None = None
    motif: str | None = None
    alias: Alias | None = None
    corrige: list[Alias] = Field(default_factory=list)
    refus_attendu: str | None = Field(default=None, min_length=3)
    ecrit_avec: dict[str, Any] = Field(default_factory=dict)

    @field_validator("enregistre_le", mode="before")
    @classmethod
    def _midi(cls, valeur: Any) -> Any:
        return _a_l_heure(valeur, MIDI)

    @model_validator(mode="after")
    def _champs(self) -> EvenementCas:
        for reference in REFERENCES:
            champ = self.classe.model_fields.get(reference.champ)
            if champ is not None and champ.is_required() and getattr(self, reference.cle) is None:
                raise ValueError(f"« {reference.cle} » (un alias) est obligatoire pour {self.type}")
        if self.corrige and "corrige" not in self.classe.model_fields:
            raise ValueError(f"« corrige » ne s'emploie pas pour {self.type}")
        if self.ecrit_avec and self.refus_attendu is not None:
            raise ValueError("« ecrit_avec » ne va pas avec « refus_attendu » : un événement refusé n'est pas écrit")
        inconnus = sorted(self.ecrit_avec.keys() - self.classe.model_fields.keys())
        if inconnus:
            raise ValueError(f"« ecrit_avec » : champ inconnu de {self.type} : {', '.join(inconnus)}")
        return self

    @property
    def est_enregistrement(self) -> bool:
        return self.type == catalogue.ENREGISTREMENT

    def acteur_ou_defaut(self) -> ActeurCas:
        """The actor the rules expect: an agent for what only an agent may do (holding the
        habilitation it needs, if any), the system for what only the system records, the
        demandeur otherwise."""
        if self.acteur is not None:
            return self.acteur
        if issubclass(self.classe, regles.PAR_LE_SYSTEME):
            return "systeme"
        if not issubclass(self.classe, regles.PAR_UN_AGENT):
            return "demandeur"
        habilitation = regles.HABILITATIONS.get(self.classe)
        return {"type": "agent", "habilitations": [habilitation]} if habilitation else "agent"


class EcritAttendu(EvenementNomme):
    """An event a sweep must write: its type, demande, date of effect, the identifiers it names
    (aliases) and, optionally, the value of some of its own fields."""

    @model_validator(mode="after")
    def _champs_connus(self) -> EcritAttendu:
        inconnus = sorted(self.champs().keys() - self.classe.model_fields.keys())
        if inconnus:
            raise ValueError(f"champ inconnu de {self.type} : {', '.join(inconnus)}")
        return self


class Balayage(_Donnee):
    """A run of the deadline sweeper at the instant ``balayage`` (the clock is set there first);
    with ``ecrits``, the events it must write, all of them (``[]``: nothing)."""

    balayage: Horodatage
    ecrits: list[EcritAttendu] | None = None

    @field_validator("balayage", mode="before")
    @classmethod
    def _midi(cls, valeur: Any) -> Any:
        return _a_l_heure(valeur, MIDI)


class AdoptionCas(_Donnee):
    """The adoption of a further grid version during the case, recorded at ``enregistre_le``
    (required: the date of effect is the grid's); with ``refus_attendu``, it must be refused."""

    adoption: GrilleCas
    enregistre_le: Horodatage
    motif: str | None = Field(default=None, min_length=3)
    refus_attendu: str | None = Field(default=None, min_length=3)

    @field_validator("enregistre_le", mode="before")
    @classmethod
    def _midi(cls, valeur: Any) -> Any:
        return _a_l_heure(valeur, MIDI)


#: A step of a case, in recorded order.
UneEtape = EvenementCas | Balayage | AdoptionCas


def _etape(valeur: Any) -> UneEtape:
    """A step of a case: a sweep when it has the key ``balayage``, a grid adoption when it has
    the key ``adoption``, an event otherwise."""
    if isinstance(valeur, Balayage | EvenementCas | AdoptionCas):
        return valeur
    if isinstance(valeur, dict) and "balayage" in valeur:
        return Balayage.model_validate(valeur)
    if isinstance(valeur, dict) and "adoption" in valeur:
        return AdoptionCas.model_validate(valeur)
    return EvenementCas.model_validate(valeur)


Etape = Annotated[UneEtape, PlainValidator(_etape)]


class Attente(_Donnee):
    """What the score of a demande must be at ``le`` (as recorded at ``connu_le`` when given),
    and under which grid version (``grille``)."""

    demande: Alias
    le: date
    connu_le: Horodatage | None = None
    grille: str | None = Field(default=None, min_length=1)
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
        if self.total is None and self.grille is None and not (self.contributions or self.absents or self.exactement):
            raise ValueError(
                "une attente fixe au moins « total », « grille », « contributions », « absents » ou « exactement »"
            )
        doubles = sorted(set(self.absents) & self.contributions.keys())
        if doubles:
            raise ValueError(f"critère à la fois attendu et absent : {', '.join(doubles)}")
        return self

    def codes(self) -> set[str]:
        return set(self.contributions) | set(self.absents)


class RejeuCas(_Donnee):
    """The replay of a ``candidate`` grid (not adopted) at ``dates`` once every step is played,
    with the expected difference (candidate total − total in force) per demande alias and date;
    any other demande and date of the replay must not move."""

    candidate: GrilleCas
    dates: list[date] = Field(min_length=1)
    ecarts: dict[Alias, dict[date, Decimal]] = Field(default_factory=dict)

    @field_validator("ecarts", mode="before")
    @classmethod
    def _dates_lisibles(cls, valeur: Any) -> Any:
        """Dates as written (``AAAA-MM-JJ``), so that an error names ``ecarts.A.2022-06-01``."""
        if not isinstance(valeur, dict):
            return valeur
        return {
            alias: {(str(le) if isinstance(le, date) else le): e for le, e in par_date.items()}
            if isinstance(par_date, dict) else par_date
            for alias, par_date in valeur.items()
        }

    @model_validator(mode="after")
    def _dates_rejouees(self) -> RejeuCas:
        for alias, par_date in self.ecarts.items():
            hors = sorted(set(par_date) - set(self.dates))
            if hors:
                raise ValueError(f"ecarts.{alias} : date absente de « dates » : {', '.join(map(jour, hors))}")
        return self


class _Aliases:
    """The demandes, identifiers and events named so far, to check references in order."""

    def __init__(self) -> None:
        self.demandes: set[str] = set()
        self.identifiants: set[tuple[str, str, str]] = set()
        self.evenements: dict[str, str] = {}

    def lire(self, etape: UneEtape) -> None:
        if isinstance(etape, AdoptionCas):
            return
        if isinstance(etape, Balayage):
            for ecrit in etape.ecrits or []:
                self._demande(ecrit, enregistrement=False)
                self._identifiants(ecrit, definit=False)
            return
        self._demande(etape, etape.est_enregistrement)
        self._identifiants(etape, definit=True)
        for alias in etape.corrige:
            if self.evenements.get(alias) != etape.demande:
                raise ValueError(f"« corrige » : aucun événement « {alias} » plus haut pour la demande {etape.demande}")
        if etape.alias in self.evenements:
            raise ValueError(f"alias d'événement déjà employé : {etape.alias}")
        if etape.refus_attendu is None:
            self._definir(etape)

    def _demande(self, evt: EvenementNomme, enregistrement: bool) -> None:
        if enregistrement and evt.demande in self.demandes:
            raise ValueError(f"la demande « {evt.demande} » est déjà enregistrée plus haut")
        if not enregistrement and evt.demande not in self.demandes:
            raise ValueError(f"demande « {evt.demande} » inconnue : enregistrez-la d'abord ({catalogue.ENREGISTREMENT})")

    def _identifiants(self, evt: EvenementNomme, definit: bool) -> None:
        """An alias is defined by its creating event (once), and only named after it."""
        for reference, alias in evt.references():
            connu = (reference.cle, evt.demande, alias) in self.identifiants
            if definit and evt.type == reference.definition and connu:
                raise ValueError(f"{reference.cle} « {alias} » déjà défini plus haut ({reference.definition})")
            if not connu and not (definit and evt.type == reference.definition):
                raise ValueError(
                    f"{reference.cle} « {alias} » inconnu : {reference.consigne} d'abord pour cette demande"
                )

    def _definir(self, evt: EvenementCas) -> None:
        if evt.est_enregistrement:
            self.demandes.add(evt.demande)
        for reference, alias in evt.references():
            if evt.type == reference.definition:
                self.identifiants.add((reference.cle, evt.demande, alias))
        if evt.alias:
            self.evenements[evt.alias] = evt.demande


class Cas(_Donnee):
    nom: Nom
    description: str = Field(min_length=10)
    grille: GrilleCas | None = None
    evenements: list[Etape] = Field(min_length=1)
    attentes: list[Attente] = Field(default_factory=list)
    rejeu: RejeuCas | None = None

    @model_validator(mode="after")
    def _coherent(self) -> Cas:
        aliases = _Aliases()
        for numero, etape in enumerate(self.evenements, 1):
            try:
                aliases.lire(etape)
            except ValueError as exc:
                raise ValueError(f"cas {self.nom}, {libelle_etape(numero, etape)} : {exc}") from None
        inconnues = sorted({a.demande for a in self.attentes} - aliases.demandes)
        if inconnues:
            raise ValueError(f"cas {self.nom} : attente sur une demande non enregistrée : {', '.join(inconnues)}")
        if not self.attentes and self.rejeu is None and not any(_verifie(e) for e in self.evenements):
            raise ValueError(
                f"cas {self.nom} : rien à vérifier (ni attente, ni rejeu, ni refus attendu, ni événement attendu)"
            )
        fin = self.instants()[-1]
        if self.rejeu is not None:
            self._rejeu_joue(self.rejeu, aliases.demandes, fin)
        return self

    def _rejeu_joue(self, rejeu: RejeuCas, demandes: set[str], fin: datetime) -> None:
        """The replay names demandes of the case, at dates of the history played (not after the last step)."""
        inconnues = sorted(rejeu.ecarts.keys() - demandes)
        if inconnues:
            raise ValueError(f"cas {self.nom} : rejeu.ecarts : demande non enregistrée : {', '.join(inconnues)}")
        apres = sorted(d for d in set(rejeu.dates) if d > fin.date())
        if apres:
            raise ValueError(
                f"cas {self.nom} : rejeu.dates : {', '.join(map(jour, apres))} après la dernière étape "
                f"({fin:%d/%m/%Y à %H:%M} UTC) ; le rejeu porte sur l'historique joué : ajoutez une étape "
                "à cette date ou après (un balayage, par exemple)"
            )

    def instants(self) -> list[datetime]:
        """When each step happens: a sweep at its instant; an event at its ``enregistre_le``,
        else noon UTC on its date of effect, or one minute after the previous step when later."""
        instants: list[datetime] = []
        for numero, etape in enumerate(self.evenements, 1):
            instant = _instant(etape, instants[-1] if instants else None)
            if instants and instant < instants[-1]:
                raise ValueError(
                    f"cas {self.nom}, {libelle_etape(numero, etape)} : à {instant:%d/%m/%Y %H:%M} UTC, avant "
                    "l'étape précédente ; les événements s'écrivent dans l'ordre de leur enregistrement"
                )
            instants.append(instant)
        return instants


def _instant(etape: UneEtape, precedent: datetime | None) -> datetime:
    if isinstance(etape, Balayage):
        return etape.balayage
    if isinstance(etape, AdoptionCas):
        return etape.enregistre_le
    if etape.enregistre_le is not None:
        return etape.enregistre_le
    instant = datetime.combine(etape.effet_le, MIDI)
    return instant if precedent is None else max(instant, precedent + UNE_MINUTE)


def _verifie(etape: UneEtape) -> bool:
    if isinstance(etape, Balayage):
        return etape.ecrits is not None
    if isinstance(etape, AdoptionCas):
        return etape.refus_attendu is not None
    return etape.refus_attendu is not None or bool(etape.ecrit_avec)


def libelle_etape(numero: int, etape: UneEtape) -> str:
    """« événement n°3 (malus_applique) », « étape n°5 (balayage) », « étape n°6 (adoption) »."""
    if isinstance(etape, Balayage):
        return f"étape n°{numero} (balayage)"
    if isinstance(etape, AdoptionCas):
        return f"étape n°{numero} (adoption)"
    return f"événement n°{numero} ({etape.type})"


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

    def grilles_de(self, cas: Cas) -> list[GrilleCas]:
        """The grids a case adopts: its own first, then those of its adoption steps."""
        return [self.grille_de(cas)] + [e.adoption for e in cas.evenements if isinstance(e, AdoptionCas)]
