"""The ``cas-types`` command: ``run PATHS...`` plays cas-types files and prints a French report."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.text import Text

from adapters.cas_types.chargement import ScenarioInvalide, trouver
from adapters.cas_types.execution import executer
from adapters.cas_types.rapport import ResultatCas, bilan, texte

app = typer.Typer(no_args_is_help=True, add_completion=False)


@app.callback()
def cas_types() -> None:
    """Cas types : scénarios datés rejoués sur une base neuve et comparés aux cotations attendues."""


def _afficher(console: Console, resultat: ResultatCas, details: bool) -> None:
    if not resultat.reussi:
        console.print(Text(texte(resultat), style="red"))
    elif details:
        console.print(Text(texte(resultat), style="green"))
    else:
        console.print(Text(f"[réussi] {resultat.identifiant}", style="green"))


@app.command()
def run(
    chemins: Annotated[list[Path], typer.Argument(metavar="CHEMINS", help="Fichiers YAML de cas types, ou dossiers qui en contiennent")],
    details: Annotated[bool, typer.Option("--details", help="Détailler aussi les cas réussis")] = False,
) -> None:
    """Rejoue les cas types et compare les cotations obtenues aux attendues ; code de sortie 1 au moindre échec."""
    console = Console(highlight=False, soft_wrap=True)
    resultats: list[ResultatCas] = []
    invalides = 0
    for chemin in trouver(chemins):
        try:
            du_fichier = executer(chemin)
        except ScenarioInvalide as exc:
            invalides += 1
            console.print(Text(f"[fichier invalide] {exc.message}", style="bold red"))
            continue
        for resultat in du_fichier:
            _afficher(console, resultat, details)
        resultats += du_fichier
    console.print(Text(bilan(resultats, invalides), style="bold"))
    if invalides or not resultats or not all(r.reussi for r in resultats):
        raise typer.Exit(code=1)
