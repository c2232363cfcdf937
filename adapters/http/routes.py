"""The route class of every endpoint: a plain function endpoint runs on the thread pool once.

FastAPI runs a plain function endpoint on its thread pool (it reads the store with blocking
psycopg), then goes back there to validate its response: two hops per request. Wrapped in a
coroutine that runs the function on the pool, the endpoint takes one hop, and its response is
validated on the event loop, where validation costs less than the hop (ADR 0024).
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any

from fastapi.routing import APIRoute
from starlette.concurrency import run_in_threadpool


def sur_le_pool(fonction: Callable[..., Any]) -> Callable[..., Any]:
    """``fonction`` as a coroutine running it on the thread pool, with its signature (``wraps``)."""

    @functools.wraps(fonction)
    async def appel(*args: Any, **kwargs: Any) -> Any:
        return await run_in_threadpool(fonction, *args, **kwargs)

    return appel


class Route(APIRoute):
    """An ``APIRoute`` whose plain function endpoint is run by ``sur_le_pool``."""

    def __init__(self, path: str, endpoint: Callable[..., Any], **options: Any) -> None:
        if not inspect.iscoroutinefunction(endpoint):
            endpoint = sur_le_pool(endpoint)
        super().__init__(path, endpoint, **options)
