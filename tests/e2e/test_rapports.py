"""The CIL reports end to end on the demo territory: HTTP endpoints (JSON, CSV, HTML) and commands.

The bilan's page must open in a browser as it is: well-formed, its charts as inline SVG, nothing
to fetch (no script, stylesheet, image or font from elsewhere).
"""

from __future__ import annotations

import csv
import io
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest


SVG = "{http://www.w3.org/2000/svg}"
VIDES = {"meta", "br", "hr", "img", "input", "link", "col", "area", "base", "wbr", "source", "track", "embed"}


class Structure(HTMLParser):
    """Checks that every element is closed in order, and collects the tags met."""

    def __init__(self) -> None:
        super().__init__()
        self.ouverts: list[str] = []
        self.balises: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.balises.append(tag)
        if tag not in VIDES:
            self.ouverts.append(tag)

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        self.balises.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.ouverts and self.ouverts[-1] == tag, f"</{tag}> ferme <{self.ouverts[-1:]}>"
        self.ouverts.pop()


def bien_formee(page: str) -> Structure:
    structure = Structure()
    structure.feed(page)
    structure.close()
    assert structure.ouverts == []
    return structure


def graphiques(page: str) -> list[ET.Element]:
    """The page's charts, each parsed as an XML SVG document (which fails if one is malformed)."""
    blocs = re.findall(r"<svg\b.*?</svg>", page, flags=re.S)
    return [ET.fromstring(bloc) for bloc in blocs if 'role="img"' in bloc]


def test_the_demo_bilan_opens_as_a_self_contained_page_with_its_charts(client):
    reponse = client.get("/rapports/bilan-malus", params={"annee": 2025, "format": "html"})

    assert reponse.status_code == 200 and reponse.headers["content-type"].startswith("text/html")
    page = reponse.text
    balises = bien_formee(page).balises
    assert page.startswith("<!DOCTYPE html>") and '<html lang="fr">' in page
    assert not {"script", "link", "img", "iframe", "object"} & set(balises)
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page) and "url(" not in page
    mois, issues, types, guichets = graphiques(page)
    assert mois.find(f"{SVG}title").text == "Malus mois par mois en 2025"
    assert [t.text for t in mois.iter(f"{SVG}text")][-12:] == ["janv.", "févr.", "mars", "avr.", "mai", "juin",
                                                                 "juil.", "août", "sept.", "oct.", "nov.", "déc."]
    assert all(len(list(g.iter(f"{SVG}rect"))) > 0 for g in (mois, issues, types, guichets))
    assert "Bilan 2025 de l'usage des malus" in page and "Recours amiables déposés en 2025" in page


def test_the_demo_bilan_in_json_has_content_and_no_personal_data(client, application):
    reponse = client.get("/rapports/bilan-malus", params={"annee": 2025})

    bilan = reponse.json()
    assert reponse.status_code == 200 and bilan["issues"]["appliques"] > 0
    assert len(bilan["par_mois"]) == 12 and bilan["par_type"][0]["cle"] == "FAUSSE_DECLARATION"
    assert not re.search(r"051\d{10}", reponse.text)  # no numéro unique
    assert all(str(d) not in reponse.text for d in application.demandes(300, 0))


def test_the_bilan_as_csv_is_one_long_table(client):
    reponse = client.get("/rapports/bilan-malus", params={"annee": 2025, "format": "csv", "au": "2025-12-31"})

    assert reponse.headers["content-type"].startswith("text/csv")
    assert reponse.headers["content-disposition"] == 'attachment; filename="bilan-malus-2025.csv"'
    lignes = list(csv.reader(io.StringIO(reponse.text.removeprefix("\ufeff")), delimiter=";"))
    assert lignes[0] == ["tableau", "cle", "libelle", "mesure", "valeur"]
    assert ["bilan", "", "", "au", "2025-12-31"] in lignes
    assert {ligne[0] for ligne in lignes[1:]} >= {"envisagements", "issues", "durees", "par_type", "par_mois"}


def test_the_agenda_of_the_next_meeting_in_each_format(client):
    params = {"date": "2026-01-01"}
    en_json = client.get("/rapports/malus-depuis", params=params).json()
    en_csv = client.get("/rapports/malus-depuis", params=params | {"format": "csv"}).text
    en_html = client.get("/rapports/malus-depuis", params=params | {"format": "html"}).text

    assert en_json["malus"] and all(m["demande"].startswith("D-") for m in en_json["malus"])
    assert len(en_csv.strip().splitlines()) == len(en_json["malus"]) + 1
    bien_formee(en_html)
    assert f"{len(en_json['malus'])} malus." in en_html


@pytest.mark.parametrize(
    ("chemin", "params", "detail"),
    [
        ("/rapports/bilan-malus", {"annee": "deux-mille"}, "annee"),
        ("/rapports/bilan-malus", {"annee": 2025, "format": "pdf"}, "format"),
        ("/rapports/bilan-malus", {"annee": 1999}, "année invalide"),
        ("/rapports/malus-depuis", {}, "date"),
        ("/rapports/malus-depuis", {"date": "2026-02-01", "au": "2026-01-01"}, "suit le jour du rapport"),
    ],
)
def test_bad_parameters_are_refused_in_french(client, chemin, params, detail):
    reponse = client.get(chemin, params=params)

    assert reponse.status_code == 422 and detail in str(reponse.json()["detail"])


# --- the commands --------------------------------------------------------------------------------


def test_the_bilan_command_writes_its_page_to_a_file(cotation, tmp_path):
    fichier = tmp_path / "bilan.html"

    resultat = cotation("bilan-malus", "--annee", 2025, "--au", "2025-12-31", "--format", "html", "--sortie", fichier)

    assert resultat.exit_code == 0, resultat.output
    assert len(graphiques(fichier.read_text(encoding="utf-8"))) == 4


def test_the_agenda_command_writes_csv_to_stdout(cotation):
    resultat = cotation("malus-depuis", "--date", "2026-01-01", "--au", "2026-10-30", "--format", "csv")

    assert resultat.exit_code == 0
    assert resultat.stdout.removeprefix("\ufeff").startswith("reference;demande;type_malus")


def test_the_commands_refuse_bad_input_in_french(cotation):
    resultat = cotation("bilan-malus", "--annee", 2025, "--au", "hier")

    assert resultat.exit_code == 1 and "date invalide" in resultat.stderr
