"""The layers every request goes through, in one middleware: the request log, authentication, the
Idempotency-Key (each layer: ``adapters/http/acces.py``, ``identite.py``, ``idempotence.py``).

One Starlette ``BaseHTTPMiddleware`` per layer costs a task and a stream each; composed in a single
one, the layers are plain calls: about a millisecond saved per layer and request.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from fastapi import FastAPI, Request, Response

Suite = Callable[[Request], Awaitable[Response]]
Couche = Callable[[Request, Suite], Awaitable[Response]]


def empiler(api: FastAPI, *couches: Couche) -> None:
    """Install ``couches`` as one middleware; the first one listed sees the request first."""

    async def traverser(request: Request, suite: Suite, rang: int = 0) -> Response:
        if rang == len(couches):
            return await suite(request)
        return await couches[rang](request, lambda requete: traverser(requete, suite, rang + 1))

    api.middleware("http")(traverser)
