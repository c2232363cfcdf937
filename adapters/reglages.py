"""Settings, read from the environment. One setting chooses the store: ``COTATION_STORE``.

- ``COTATION_STORE``: ``sqlite`` (default, one file under ``COTATION_DATA_DIR``) or ``postgres``.
- ``COTATION_DATA_DIR``: directory of the SQLite file (default ``./data``).
- ``COTATION_TERRITOIRE``: code of the territory this installation serves (default ``CA_EPERNAY``).
- ``COTATION_POSTGRES_HOST`` / ``_PORT`` / ``_USER`` / ``_PASSWORD`` / ``_DBNAME``: PostgreSQL
  connection (defaults ``127.0.0.1``, ``5432``, ``postgres``, empty, ``cotation``).
- ``COTATION_LOG_FORMAT``: ``json`` or ``console``; unset, ``serve`` writes JSON and other
  commands write console lines.
- ``COTATION_JWT_SECRET``: the HS256 key (at least 32 characters) that signs and checks the
  access tokens of the HTTP service (ADR 0022). Unset, a published development key is used:
  ``serve`` then listens on the loopback interface only.
- ``COTATION_DOSSIER_REJEUX``: directory of the CSV details of the service's replay jobs, shared by
  the processes of one installation (ADR 0026). Unset, a directory of the system's temporary
  directory named after the store (``dossier_rejeux``), so that two installations never mix.

Only these settings are read from the process environment (the application ignores the rest
of it: see ``CotationApp.construct_env``).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from adapters.journal import FORMATS, FormatJournal

Store = Literal["sqlite", "postgres"]
#: An HS256 key shorter than its 256-bit hash is refused (RFC 7518, section 3.2).
LONGUEUR_MIN_SECRET = 32
DOSSIER_REJEUX = "COTATION_DOSSIER_REJEUX"


@dataclass(frozen=True)
class Reglages:
    store: Store = "sqlite"
    data_dir: Path = Path("data")
    territoire: str = "CA_EPERNAY"
    postgres_host: str = "127.0.0.1"
    postgres_port: int = 5432
    postgres_user: str = "postgres"
    postgres_password: str = ""
    postgres_dbname: str = "cotation"
    log_format: FormatJournal | None = None
    jwt_secret: str | None = None
    dossier_rejeux: Path | None = None

    @classmethod
    def depuis_env(cls, environ: Mapping[str, str] = os.environ) -> Reglages:
        store = environ.get("COTATION_STORE", "sqlite")
        if store not in ("sqlite", "postgres"):
            raise ValueError(f"COTATION_STORE doit valoir « sqlite » ou « postgres » (reçu : {store!r})")
        jwt_secret = environ.get("COTATION_JWT_SECRET") or None
        if jwt_secret is not None and len(jwt_secret) < LONGUEUR_MIN_SECRET:
            raise ValueError(f"COTATION_JWT_SECRET doit compter au moins {LONGUEUR_MIN_SECRET} caractères")
        log_format = environ.get("COTATION_LOG_FORMAT") or None
        if log_format not in (None, *FORMATS):
            raise ValueError(f"COTATION_LOG_FORMAT doit valoir « json » ou « console » (reçu : {log_format!r})")
        return cls(
            store=store,  # type: ignore[arg-type]
            data_dir=Path(environ.get("COTATION_DATA_DIR", "data")),
            territoire=environ.get("COTATION_TERRITOIRE", "CA_EPERNAY"),
            postgres_host=environ.get("COTATION_POSTGRES_HOST", "127.0.0.1"),
            postgres_port=int(environ.get("COTATION_POSTGRES_PORT", "5432")),
            postgres_user=environ.get("COTATION_POSTGRES_USER", "postgres"),
            postgres_password=environ.get("COTATION_POSTGRES_PASSWORD", ""),
            postgres_dbname=environ.get("COTATION_POSTGRES_DBNAME", "cotation"),
            log_format=log_format,  # type: ignore[arg-type]
            jwt_secret=jwt_secret,
            dossier_rejeux=Path(dossier) if (dossier := environ.get(DOSSIER_REJEUX)) else None,
        )

    def env_eventsourcing(self) -> dict[str, str]:
        """The eventsourcing library's own settings for the chosen store, and the replay directory if
        set: the application keeps them (``CotationApp.env``), the service reads it back there."""
        dossier = {DOSSIER_REJEUX: str(self.dossier_rejeux)} if self.dossier_rejeux else {}
        if self.store == "sqlite":
            self.data_dir.mkdir(parents=True, exist_ok=True)
            return dossier | {
                "PERSISTENCE_MODULE": "eventsourcing.sqlite",
                "SQLITE_DBNAME": str(self.data_dir / "cotation.sqlite"),
            }
        return dossier | {
            "PERSISTENCE_MODULE": "eventsourcing.postgres",
            "POSTGRES_HOST": self.postgres_host,
            "POSTGRES_PORT": str(self.postgres_port),
            "POSTGRES_USER": self.postgres_user,
            "POSTGRES_PASSWORD": self.postgres_password,
            "POSTGRES_DBNAME": self.postgres_dbname,
        }


def dossier_rejeux(env: Mapping[str, str]) -> Path:
    """The replay directory of the installation whose application settings are ``env``: the one set,
    else ``cotation-rejeux-<store>`` in the system's temporary directory, ``<store>`` a digest of
    the SQLite file's absolute path or of the PostgreSQL server and database."""
    if dossier := env.get(DOSSIER_REJEUX):
        return Path(dossier)
    if fichier := env.get("SQLITE_DBNAME"):
        store = str(Path(fichier).resolve())
    else:
        store = f"{env.get('POSTGRES_HOST')}:{env.get('POSTGRES_PORT')}/{env.get('POSTGRES_DBNAME')}"
    return Path(tempfile.gettempdir()) / f"cotation-rejeux-{hashlib.sha256(store.encode()).hexdigest()[:16]}"
