"""The ``Idempotency-Key`` header of POST requests: a retried request never writes twice (ADR 0016).

The fingerprint of a request is its method, path, body and the identity of its token (ADR 0022):
the same key with another request, or from another user, is refused (422); a retry while the
first is still being answered gets 409; a retry after
a success gets the first response again, replayed from the store.
"""

from __future__ import annotations

import hashlib
from typing import Any

from fastapi import FastAPI, Request, Response
from starlette.concurrency import run_in_threadpool
from starlette.types import Receive, Send

from adapters.http import acces, documentation
from adapters.http.couches import Couche, Message, Suite, repondre
from adapters.http.erreurs import probleme, problemes
from adapters.idempotence import RegistreIdempotence, Trace

ENTETE = "Idempotency-Key"
LONGUEUR_MAX = 255
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


def _relire(corps: bytes, receive: Receive) -> Receive:
    """``receive`` for what follows: the body already read, then the client's own messages."""
    lu = False

    async def recevoir() -> Message:
        nonlocal lu
        if lu:
            return await receive()
        lu = True
        return {"type": "http.request", "body": corps, "more_body": False}

    return recevoir


async def _traiter(registre: RegistreIdempotence, cle: str, request: Request, send: Send, suite: Suite) -> None:
    """Answer the request, its response held until its trace is kept (a success) or its key
    freed (anything else), so a retry after the answer always finds one or the other."""
    retenus: list[Message] = []

    async def retenir(message: Message) -> None:
        retenus.append(message)

    try:
        await suite(Request(request.scope, _relire(await request.body(), request.receive)), retenir)
    except BaseException:
        await run_in_threadpool(registre.liberer, cle)
        raise
    statut = next(m["status"] for m in retenus if m["type"] == "http.response.start")
    if 200 <= statut < 300:
        corps = b"".join(m.get("body", b"") for m in retenus if m["type"] == "http.response.body")
        await run_in_threadpool(registre.conclure, cle, statut, corps.decode())
    else:
        await run_in_threadpool(registre.liberer, cle)
    for message in retenus:
        await send(message)


def _documenter(document: dict[str, Any]) -> None:
    """Name the header in the OpenAPI document of every POST endpoint, all of which honour it, with
    the refusals it may bring (400 malformed, 409 still being answered, 422 reused)."""
    for operations in document["paths"].values():
        if "post" in operations:
            operations["post"].setdefault("parameters", []).append(PARAMETRE)
            operations["post"]["responses"] = problemes(400, 409, 422) | operations["post"]["responses"]


def installer(api: FastAPI, registre: RegistreIdempotence) -> Couche:
    """Document the header; the layer (``couches.py``) that honours it."""
    documentation.completer(api, _documenter)

    async def idempotence(request: Request, send: Send, suite: Suite) -> None:
        cle = request.headers.get(ENTETE)
        if request.method != "POST" or cle is None:
            return await suite(request, send)
        if not 0 < len(cle) <= LONGUEUR_MAX:
            detail = f"la clé d'idempotence doit compter de 1 à {LONGUEUR_MAX} caractères"
            titre = "Clé d'idempotence invalide"
            return await repondre(request, send, probleme(request, 400, "cle-idempotence-invalide", titre, detail,
                                                          champ=ENTETE))
        identite = getattr(request.state, "identite", None)
        cle_identite = identite.cle() if identite is not None else ""
        requete = empreinte(request.method, request.url.path, await request.body(), cle_identite)
        trace = await run_in_threadpool(registre.reserver, cle, requete)
        if trace is not None:
            return await repondre(request, send, _rejouer(request, trace, requete))
        return await _traiter(registre, cle, request, send, suite)

    return idempotence
