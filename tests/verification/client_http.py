"""A minimal HTTP/1.1 keep-alive client on asyncio streams, for the load test: it must cost the
machine far less than the service it measures (both share its two cores)."""

from __future__ import annotations

import asyncio
import json
from typing import Any


class Connexion:
    """One persistent connection to the service; one request at a time."""

    def __init__(self, hote: str, port: int) -> None:
        self.hote, self.port = hote, port
        self._lecteur: asyncio.StreamReader | None = None
        self._ecrivain: asyncio.StreamWriter | None = None

    async def requete(
        self, methode: str, chemin: str, entetes: dict[str, str], corps: Any = None
    ) -> tuple[int, bytes]:
        """Send one request; the status and the body of its response."""
        if self._ecrivain is None:
            self._lecteur, self._ecrivain = await asyncio.open_connection(self.hote, self.port)
        donnees = b"" if corps is None else json.dumps(corps).encode()
        lignes = [f"{methode} {chemin} HTTP/1.1", f"Host: {self.hote}", *(f"{k}: {v}" for k, v in entetes.items())]
        if corps is not None:
            lignes += ["Content-Type: application/json", f"Content-Length: {len(donnees)}"]
        self._ecrivain.write(("\r\n".join(lignes) + "\r\n\r\n").encode() + donnees)
        await self._ecrivain.drain()
        return await self._reponse()

    async def _reponse(self) -> tuple[int, bytes]:
        assert self._lecteur is not None
        statut = int((await self._lecteur.readline()).split()[1])
        longueur, morcelee = 0, False
        while (ligne := await self._lecteur.readline()) not in (b"\r\n", b""):
            nom, _, valeur = ligne.decode("latin-1").partition(":")
            if nom.lower() == "content-length":
                longueur = int(valeur)
            elif nom.lower() == "transfer-encoding" and "chunked" in valeur.lower():
                morcelee = True
        return statut, await (self._morceaux() if morcelee else self._lecteur.readexactly(longueur))

    async def _morceaux(self) -> bytes:
        assert self._lecteur is not None
        corps = b""
        while taille := int((await self._lecteur.readline()).strip(), 16):
            corps += await self._lecteur.readexactly(taille)
            await self._lecteur.readline()
        await self._lecteur.readline()
        return corps

    async def fermer(self) -> None:
        if self._ecrivain is not None:
            self._ecrivain.close()
            await self._ecrivain.wait_closed()
