"""What each service's API documentation says and how it is served — 接口文档.

- Every operation documents its refusals: 400, 404, 409, 422 (and 401, 403 where a token
  is required) as ``application/problem+json`` with one shared ``Problem`` schema
  component (``common.problems``), so clients can generate their error types.
- ``/docs`` (Swagger UI) and ``/redoc`` load their scripts and styles from the service
  itself: the assets come packaged in the ``fastapi-offline`` distribution (PyPI), never
  from a CDN, which is unreachable on an offline network and unreliable in mainland
  China.
"""

from __future__ import annotations

from importlib.resources import files
from typing import Any, Final

from fastapi import FastAPI, Request
from fastapi.openapi.docs import (
    get_redoc_html,
    get_swagger_ui_html,
    get_swagger_ui_oauth2_redirect_html,
)
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from common.problems import PROBLEM_JSON

__all__ = ["ASSETS_PATH", "PROBLEM_SCHEMA", "document_problems", "serve_docs_offline"]

ASSETS_PATH: Final = "/docs-assets"
_ASSETS_DIR = files("fastapi_offline") / "static"

_FIELD_PROBLEM: Final[dict[str, Any]] = {
    "type": "object",
    "title": "FieldProblem",
    "required": ["field", "rule", "message", "message_zh"],
    "properties": {
        "field": {"type": "string", "description": "The offending field (dotted path)."},
        "rule": {"type": "string", "description": "DOMAIN rule id, e.g. X4."},
        "message": {"type": "string", "description": "Why, in English."},
        "message_zh": {"type": "string", "description": "Why, in Chinese (原因)."},
    },
}

#: RFC 9457 problem details as every service sends them (common.problems.Problem.body).
PROBLEM_SCHEMA: Final[dict[str, Any]] = {
    "type": "object",
    "title": "Problem",
    "description": "RFC 9457 problem details — 问题详情 (DOMAIN X4); may carry more members.",
    "required": ["type", "title", "status", "detail", "rule", "title_zh", "detail_zh", "errors"],
    "properties": {
        "type": {"type": "string", "format": "uri"},
        "title": {"type": "string"},
        "status": {"type": "integer", "minimum": 400, "maximum": 599},
        "detail": {"type": "string"},
        "rule": {"type": "string", "description": "DOMAIN rule id, e.g. X4."},
        "title_zh": {"type": "string"},
        "detail_zh": {"type": "string"},
        "instance": {"type": "string"},
        "errors": {"type": "array", "items": {"$ref": "#/components/schemas/FieldProblem"}},
    },
    "additionalProperties": True,
}

_REFUSALS: Final[dict[str, str]] = {
    "400": "Bad request (problem details)",
    "401": "Not authenticated: missing, malformed, expired or untrusted token (X3)",
    "403": "Not allowed for the caller's role or organization (X3)",
    "404": "Not found",
    "409": "Conflicts with the resource's current state",
    "422": "The request breaks one or more rules; every offending field is listed (X4)",
}
_NEEDS_TOKEN: Final = {"401", "403"}


def _problem_response(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}},
    }


def _document(spec: dict[str, Any]) -> None:
    schemas = spec.setdefault("components", {}).setdefault("schemas", {})
    schemas["Problem"] = PROBLEM_SCHEMA
    schemas["FieldProblem"] = _FIELD_PROBLEM
    for operations in spec.get("paths", {}).values():
        for op in operations.values():
            responses = op.setdefault("responses", {})
            for code, description in _REFUSALS.items():
                if code in _NEEDS_TOKEN and not op.get("security"):
                    continue
                existing = responses.get(code)
                if existing is None or _is_framework_422(code, existing):
                    responses[code] = _problem_response(description)
                elif "content" not in existing:
                    existing.update(_problem_response(existing.get("description", description)))
    # FastAPI's default 422 body is never sent (common.problems renders every refusal).
    text = repr(spec)
    for unused in ("HTTPValidationError", "ValidationError"):
        if f"#/components/schemas/{unused}'" not in text:
            schemas.pop(unused, None)


def _is_framework_422(code: str, response: dict[str, Any]) -> bool:
    return code == "422" and "HTTPValidationError" in repr(response.get("content", {}))


def document_problems(app: FastAPI) -> None:
    """Make ``app.openapi()`` document every operation's refusals as problem details."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            _document(build())
        assert app.openapi_schema is not None
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def serve_docs_offline(app: FastAPI) -> None:
    """``/docs`` and ``/redoc`` with their assets served by the app (create the app with
    ``docs_url=None, redoc_url=None``). URLs carry the mount's ``root_path`` (embedded)."""
    app.mount(ASSETS_PATH, StaticFiles(directory=str(_ASSETS_DIR)), name="docs-assets")
    openapi_url = app.openapi_url or "/openapi.json"
    redirect_url = "/docs/oauth2-redirect"

    # Plain Starlette routes, as FastAPI's own docs pages are: not API operations.
    async def swagger_ui(request: Request) -> HTMLResponse:
        root = request.scope.get("root_path", "")
        return get_swagger_ui_html(
            openapi_url=f"{root}{openapi_url}",
            title=f"{app.title} - Swagger UI",
            oauth2_redirect_url=f"{root}{redirect_url}",
            swagger_js_url=f"{root}{ASSETS_PATH}/swagger-ui-bundle.js",
            swagger_css_url=f"{root}{ASSETS_PATH}/swagger-ui.css",
            swagger_favicon_url=f"{root}{ASSETS_PATH}/favicon.png",
            swagger_ui_parameters=app.swagger_ui_parameters,
        )

    async def swagger_ui_redirect(request: Request) -> HTMLResponse:
        return get_swagger_ui_oauth2_redirect_html()

    async def redoc(request: Request) -> HTMLResponse:
        root = request.scope.get("root_path", "")
        return get_redoc_html(
            openapi_url=f"{root}{openapi_url}",
            title=f"{app.title} - ReDoc",
            redoc_js_url=f"{root}{ASSETS_PATH}/redoc.standalone.js",
            redoc_favicon_url=f"{root}{ASSETS_PATH}/favicon.png",
            with_google_fonts=False,
        )

    app.add_route("/docs", swagger_ui, include_in_schema=False)
    app.add_route(redirect_url, swagger_ui_redirect, include_in_schema=False)
    app.add_route("/redoc", redoc, include_in_schema=False)
