"""Pytest plugin: every 422 a test provokes names fields of its request (X4, issue 15).

The services' own tests provoke their domain refusals over HTTP (httpx with an
``ASGITransport``). This plugin watches those calls: for each 422 problem+json answer it
finds the route that answered and checks, by the app's OpenAPI document, that each
``errors[].field`` is a field of that operation's request (``common.request_fields``).
A test that got such a refusal fails, naming the operation and the field — so a refusal
naming ``term_end`` where the request says ``lien_term_end`` cannot pass unnoticed.

Registered in the root conftest; applies to every test that talks to an app in-process.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute
from starlette.routing import Match

from common.request_fields import names_request_field

_found: list[str] = []
# OpenAPI documents by the routes they describe: the fixtures build a new app per test,
# and building the document costs seconds (1.4–3.3 s per service on a busy 2-core box)
_specs: dict[tuple[Any, ...], dict[str, Any]] = {}


def _spec(app: FastAPI) -> dict[str, Any]:
    """``app.openapi()``, built once per set of routes rather than once per app: the
    document follows from the title, version and the routes' endpoints (whose
    signatures give parameters and bodies)."""
    key = (
        app.title,
        app.version,
        tuple(
            # the endpoint itself, not its id: the key keeps it alive, so no id is reused
            (r.path_format, tuple(sorted(r.methods)), r.endpoint, r.include_in_schema)
            for r in app.routes
            if isinstance(r, APIRoute)
        ),
    )
    if key not in _specs:
        _specs[key] = app.openapi()
    return _specs[key]


def _route_of(app: FastAPI, method: str, path: str) -> str | None:
    scope = {"type": "http", "path": path, "method": method, "root_path": ""}
    for route in app.routes:
        if isinstance(route, APIRoute):
            match, _ = route.matches(scope)
            if match == Match.FULL:
                return route.path_format
    return None


def _sent(request: httpx.Request) -> dict[str, Any] | None:
    if "json" not in request.headers.get("content-type", ""):
        return None
    try:
        body = json.loads(request.content or b"null")
    except (ValueError, UnicodeDecodeError):
        return None
    return body if isinstance(body, dict) else None


def check(app: Any, request: httpx.Request, response: httpx.Response) -> list[str]:
    """The fields of a 422 answer that name nothing in the request, as messages."""
    if response.status_code != 422 or not isinstance(app, FastAPI):
        return []
    if not response.headers.get("content-type", "").startswith("application/problem+json"):
        return []
    method, path = request.method, request.url.path
    template = _route_of(app, method, path)
    if template is None:
        return []
    spec = _spec(app)
    if method.lower() not in spec.get("paths", {}).get(template, {}):
        return []  # not in the schema (include_in_schema=False): nothing to check against
    try:
        errors = response.json().get("errors") or []
    except ValueError:
        return []
    return [
        f"{method} {template}: 422 names {e.get('field')!r} ({e.get('rule')}), "
        "not a field of the request"
        for e in errors
        if isinstance(e, dict)
        and isinstance(e.get("field"), str)
        and not names_request_field(spec, method, template, e["field"], _sent(request))
    ]


@pytest.fixture(autouse=True)
def _refusals_name_request_fields(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    original = httpx.AsyncClient.send

    async def send(self: httpx.AsyncClient, request: httpx.Request, **kw: Any) -> Any:
        response = await original(self, request, **kw)
        app = getattr(getattr(self, "_transport", None), "app", None)
        if app is not None and response.status_code == 422:
            await response.aread()
            _found.extend(check(app, request, response))
        return response

    monkeypatch.setattr(httpx.AsyncClient, "send", send)
    _found.clear()
    yield
    found, _found[:] = list(_found), []
    if found:
        pytest.fail("a refusal names a field the request does not have:\n" + "\n".join(found))
