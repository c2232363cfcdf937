"""Commands read from raw data: a known short type name, and no field the system sets."""

from __future__ import annotations

import pytest

from domain.demande.catalogue import SUITES, lire_commande
from domain.demande.evenements import CritereValide
from domain.erreurs import CommandeInvalide


def test_a_command_names_its_event_by_short_name():
    classe, donnees = lire_commande({"type": "critere_valide", "critere": "DALO"}, SUITES)

    assert classe is CritereValide
    assert donnees == {"critere": "DALO"}


@pytest.mark.parametrize(
    ("brut", "message"),
    [
        ({"critere": "DALO"}, "le type d'événement est obligatoire"),
        ({"type": "demande_enregistree"}, "type d'événement inconnu : « demande_enregistree »"),
        ({"type": "critere_valide", "enregistre_le": "2020-01-01T00:00:00Z"}, "champ fixé par le système"),
    ],
)
def test_a_bad_command_is_refused_in_french(brut, message):
    with pytest.raises(CommandeInvalide, match=message):
        lire_commande(brut, SUITES)
