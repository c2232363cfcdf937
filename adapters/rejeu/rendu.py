"""The replay and the evaluation in the format asked: JSON (the report), CSV, or an HTML page.

The replay's CSV is its detail (one row per demande, date and wish), written during the run into
the stream given to ``rejouer``; the evaluation's CSV is one row per candidate chosen by a CAL.
"""

from __future__ import annotations

import io
from datetime import date

from adapters.rapports.cil import TYPES_MEDIA, Format, Rendu
from adapters.rejeu.pages import page_evaluation, page_rejeu
from adapters.rejeu.tableaux import csv_evaluation
from projections.evaluation import RapportEvaluation
from projections.rejeu_rapport import RapportRejeu


def nom_rejeu(rapport: RapportRejeu, format_rapport: Format) -> str:
    return f"rejeu-{rapport.entete.candidate.version}.{format_rapport}"


def rendre_rejeu(rapport: RapportRejeu, format_rapport: Format, etabli_le: date) -> Rendu:
    """The report as JSON or HTML (the CSV is written by the run itself)."""
    if format_rapport == "csv":
        raise ValueError("le CSV du rejeu s'écrit pendant le rejeu")
    contenu = rapport.model_dump_json(indent=2) if format_rapport == "json" else page_rejeu(rapport, etabli_le)
    return Rendu(contenu, TYPES_MEDIA[format_rapport], nom_rejeu(rapport, format_rapport))


def rendre_evaluation(rapport: RapportEvaluation, format_rapport: Format, etabli_le: date) -> Rendu:
    if format_rapport == "json":
        contenu = rapport.model_dump_json(indent=2)
    elif format_rapport == "csv":
        sortie = io.StringIO()
        csv_evaluation(rapport, sortie)
        contenu = sortie.getvalue()
    else:
        contenu = page_evaluation(rapport, etabli_le)
    return Rendu(contenu, TYPES_MEDIA[format_rapport], f"evaluation-cotation-{rapport.annee}.{format_rapport}")
