"""The ``Idempotency-Key`` header of POST requests: a retried request never writes twice (ADR 0016).

The fingerprint of a request is its method, path, body and the identity of its token (ADR 0022):
the same key with another request, or from another user, is refused (422); a retry while the
first is still being answered gets 409; a retry after
a success gets the first response again, replayed from the store.
"""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import FastAPI, Request, Response
from starlette.concurrency import run_in_threadpool

from adapters.http import acces, documentation
from adapters.http.erreurs import probleme, problemes
from adapters.idempotence import RegistreIdempotence, Trace

ENTETE = "Idempotency-Key"
LONGUEUR_MAX = 255
Suite = Callable[[Request], Awaitable[Response]]
PARAMETRE = {
    "name": ENTETE,
    "in": "header",
    "required": False,
    "schema": {"type": "string", "minLength": 1, "maxLength": LONGUEUR_MAX},
    "description": f"Clé d'idempotence choisie par le client (1 à {LONGUEUR_MAX} caractères), une par requête : "
    "la même requête renvoyée avec la même clé reçoit la première réponse réussie, sans rien écrire de nouveau ; "
    "la même clé avec une autre requête est refusée (422) ; renvoyée pendant que la première est encore en cours "
    "de traitement, elle reçoit 409.",
}


def empreinte(methode: str, chemin: str, corps: bytes, identite: str = "") -> str:
    """The fingerprint of a request, kept with its key."""
    return hashlib.sha256(b"\n".join([methode.encode(), chemin.encode(), identite.encode(), corps])).hexdigest()


def _rejouer(request: Request, trace: Trace, requete: str) -> Response:
    if trace.empreinte != requete:
        detail = "cette clé d'idempotence a déjà servi pour une autre requête : choisissez-en une nouvelle"
        titre = "Clé d'idempotence déjà utilisée"
        return probleme(request, 422, "cle-idempotence-reutilisee", titre, detail, champ=ENTETE)
    if trace.statut is None:
        detail = "une requête portant cette clé d'idempotence est en cours de traitement : réessayez plus tard"
        return probleme(request, 409, "requete-en-cours", "Requête en cours de traitement", detail, champ=ENTETE)
    acces.noter(issue="rejoue")
    return Response(trace.corps, status_code=trace.statut, media_type="application/json")


async def _traiter(registre: RegistreIdempotence, cle: str, request: Request, suite: Suite) -> Response:
    try:
        reponse = await suite(request)
    except BaseException:
        await run_in_threadpool(registre.liberer, cle)
        raise
    if not 200 <= reponse.status_code < 300:
        await run_in_threadpool(registre.liberer, cle)
        return reponse
    corps = b"".join([morceau async for morceau in reponse.body_iterator])  # type: ignore[attr-defined]
    await run_in_threadpool(registre.conclure, cle, reponse.status_code, corps.decode())
    return Response(corps, status_code=reponse.status_code, headers=dict(reponse.headers))


def _documenter(document: dict[str, Any]) -> None:
    """Name the header in the OpenAPI document of every POST endpoint, all of which honour it, with
    the refusals it may bring (400 malformed, 409 still being answered, 422 reused)."""
    for operations in document["paths"].values():
        if "post" in operations:
            operations["post"].setdefault("parameters", []).append(PARAMETRE)
            operations["post"]["responses"] = problemes(400, 409, 422) | operations["post"]["responses"]


def installer(api: FastAPI, registre: RegistreIdempotence) -> Callable[[Request, Suite], Awaitable[Response]]:
    """Document the header; the layer (``couches.py``) that honours it."""
    documentation.completer(api, _documenter)

    async def idempotence(request: Request, suite: Suite) -> Response:
        cle = request.headers.get(ENTETE)
        if request.method != "POST" or cle is None:
            return await suite(request)
        if not 0 < len(cle) <= LONGUEUR_MAX:
            detail = f"la clé d'idempotence doit compter de 1 à {LONGUEUR_MAX} caractères"
            titre = "Clé d'idempotence invalide"
            return probleme(request, 400, "cle-idempotence-invalide", titre, detail, champ=ENTETE)
        identite = getattr(request.state, "identite", None)
        cle_identite = identite.cle() if identite is not None else ""
        requete = empreinte(request.method, request.url.path, await request.body(), cle_identite)
        trace = await run_in_threadpool(registre.reserver, cle, requete)
        if trace is not None:
            return _rejouer(request, trace, requete)
        return await _traiter(registre, cle, request, suite)

    return idempotence
