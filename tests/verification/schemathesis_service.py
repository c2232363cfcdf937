"""``make schemathesis``: schemathesis against the OpenAPI document of the real service (ADR 0022).

The service runs on the loopback on a fresh SQLite store seeded with the demo territory; every
request carries a token of every agent profile, so that the generated requests reach the
endpoints' own validation and rules. Every check of schemathesis runs but one: « positive data
acceptance » expects any request valid under the schema to succeed, while the domain refuses
well-formed commands that break a rule between fields or with the demande's history (a date of
first registration after the date of effect, a malus before its contradictory period ends: 409 or
422 by design, ADR 0016), which JSON Schema cannot express. The service must never answer with a
server error. Prints schemathesis's report and returns its exit code.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from tests.verification.serveur import jeton, service

PORT = 8781
DUREE_MAX_S = 300


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="cotation-schemathesis-") as dossier:
        reglages = {"COTATION_STORE": "sqlite", "COTATION_DATA_DIR": dossier}
        with service(reglages, PORT, Path(dossier) / "service.log") as url:
            commande = [
                str(Path(sys.executable).parent / "schemathesis"), "--no-color", "run", f"{url}/openapi.json",
                "--header", f"Authorization: Bearer {jeton()}", "--checks", "all",
                "--exclude-checks", "positive_data_acceptance", "--workers", "2", "--max-time", str(DUREE_MAX_S),
            ]
            return subprocess.run(commande, check=False).returncode


if __name__ == "__main__":
    sys.exit(main())
