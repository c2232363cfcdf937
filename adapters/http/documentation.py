"""Amendments to the OpenAPI document (/openapi.json, /docs) that no single route can declare."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import FastAPI

Document = dict[str, Any]


def completer(api: FastAPI, completion: Callable[[Document], None]) -> None:
    """Have ``completion`` amend the OpenAPI document of ``api`` once, when it is first generated."""
    generer = api.openapi

    def openapi() -> Document:
        if api.openapi_schema is None:
            completion(generer())
        return api.openapi_schema or {}

    api.openapi = openapi  # type: ignore[method-assign]
