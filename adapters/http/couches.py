"""The layers every request goes through, in one plain ASGI middleware: the request log,
authentication, the Idempotency-Key (each layer: ``adapters/http/acces.py``, ``identite.py``,
``idempotence.py``).

A layer gets the request, the ASGI ``send`` of the response, and what follows it (``Suite``). It
answers itself (``repondre``) or calls what follows, possibly with a ``send`` of its own to see or
hold the response. The endpoint writes its response straight to the client: no task and no
stream per request, as Starlette's ``BaseHTTPMiddleware`` would cost (ADR 0024).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from fastapi import FastAPI, Request, Response
from starlette.types import ASGIApp, Receive, Scope, Send

Message = MutableMapping[str, Any]
Suite = Callable[[Request, Send], Awaitable[None]]
Couche = Callable[[Request, Send, Suite], Awaitable[None]]


async def repondre(request: Request, send: Send, reponse: Response) -> None:
    """Answer ``request`` with ``reponse`` (what follows the layer is not called)."""
    await reponse(request.scope, request.receive, send)


class _Couches:
    def __init__(self, app: ASGIApp, couches: tuple[Couche, ...]) -> None:
        self.app, self.couches = app, couches

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        await self._traverser(Request(scope, receive), send, 0)

    async def _traverser(self, request: Request, send: Send, rang: int) -> None:
        if rang == len(self.couches):
            await self.app(request.scope, request.receive, send)
            return
        await self.couches[rang](request, send, lambda requete, envoi: self._traverser(requete, envoi, rang + 1))


def empiler(api: FastAPI, *couches: Couche) -> None:
    """Install ``couches`` as one middleware; the first one listed sees the request first."""
    api.add_middleware(_Couches, couches=couches)
