"""The demo territory: the agglomeration's communes, and histories that a seed fixes entirely."""

from __future__ import annotations

from collections import Counter
from datetime import date

from pydantic import TypeAdapter

from adapters.demo.histoires import DEBUT, FIN, histoires
from adapters.demo.territoire import parc
from adapters.grilles import charger, livree
from domain.demande.cal import BailSigne, PassageCAL
from domain.demande.evenements import DemandeEnregistree
from domain.demande.malus import MalusApplique, MalusEnvisage, MalusExpire, MalusLeve, PeriodeContradictoireEchue
from domain.demande.recours import RecoursDecide, RecoursDepose
from domain.demande.valeurs import NumeroUnique
from domain.demande.vie import DemandeRadiee, DemandeRenouvelee


def test_the_stock_covers_the_16_communes_of_the_epernay_grid():
    territoire = charger(livree("epernay-2021-12")).territoire

    assert parc().communes() == sorted(territoire.communes)
    assert sum(parc().par_commune().values()) == 4432  # RPLS 2019, PPGD section 1


def test_the_same_seed_gives_the_same_histories():
    assert histoires(nombre=40) == histoires(nombre=40)
    assert histoires(nombre=40, graine=1) != histoires(nombre=40)


def test_histories_are_dated_in_the_demo_period_and_in_record_order():
    ecritures = histoires()
    instants = [e.instant for e in ecritures]

    assert instants == sorted(instants)
    assert all(DEBUT <= e.donnees["effet_le"] <= min(FIN, e.instant.date()) for e in ecritures)
    assert any(e.donnees["effet_le"] < e.instant.date() for e in ecritures)


def test_each_demande_has_one_valid_and_unique_numero():
    enregistrements = [e for e in histoires() if e.classe is DemandeEnregistree]
    numeros = [TypeAdapter(NumeroUnique).validate_python(e.donnees["numero_unique"]) for e in enregistrements]

    assert len(numeros) == len(set(numeros)) == 300
    assert Counter(e.donnees["canal"] for e in enregistrements).keys() == {"guichet", "portail"}
    assert min(e.donnees["date_premiere_inscription"] for e in enregistrements) < date(2021, 12, 1)


def test_the_demo_lives_malus_appeals_cal_passages_and_renewals():
    ecritures = histoires()
    par_classe = Counter(e.classe for e in ecritures)
    issues = Counter(e.donnees["issue"] for e in ecritures if e.classe is RecoursDecide)
    corrections = Counter(e.donnees["demande_modifiee"] for e in ecritures if e.classe is PeriodeContradictoireEchue)

    assert par_classe[MalusEnvisage] > par_classe[MalusApplique] > par_classe[MalusExpire] > 0
    assert par_classe[MalusLeve] > 0 and issues["accueilli"] > 0 and issues["rejete"] > 0 and corrections[True] > 0
    assert {e.donnees["objet"] for e in ecritures if e.classe is RecoursDepose} == {"malus", "critere"}
    assert any(e.donnees.get("rang") == 2 for e in ecritures if e.classe is PassageCAL)
    assert par_classe[BailSigne] == par_classe[DemandeRadiee] > 0 and par_classe[DemandeRenouvelee] > 300
    assert all(e.donnees["acteur"]["type"] == "systeme" for e in ecritures if e.classe in (MalusExpire,
               PeriodeContradictoireEchue))
