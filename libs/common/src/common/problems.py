"""RFC 9457 problem details — 问题详情 (DOMAIN X4).

Every refusal leaves the API as ``application/problem+json`` carrying the DOMAIN rule
id, every offending field, and a message in Chinese and English. A request that ends in
a problem changes nothing: the route's transaction is rolled back before the handler
below renders the response (see ``common.routes.TransactionalRoute``).
"""

from __future__ import annotations

import socket
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import ValidationError
from sqlalchemy.exc import (
    DBAPIError,
    DisconnectionError,
    InterfaceError,
    OperationalError,
)
from sqlalchemy.exc import TimeoutError as SATimeoutError
from starlette.exceptions import HTTPException as StarletteHTTPException

from common.validation_zh import message_zh

PROBLEM_JSON = "application/problem+json"
_TYPE_BASE = "https://rural-exchange.cn/problems/"


@dataclass(frozen=True, slots=True)
class FieldProblem:
    """One offending field: where it is, which rule it breaks, and why."""

    field: str
    rule: str
    message_en: str
    message_zh: str = ""

    def as_dict(self) -> dict[str, str]:
        return {
            "field": self.field,
            "rule": self.rule,
            "message": self.message_en,
            "message_zh": self.message_zh or self.message_en,
        }


@dataclass(eq=False)
class Problem(Exception):
    """A refusal the API reports as RFC 9457 problem details."""

    status: int
    code: str  # short machine slug, e.g. "announcement-too-short"
    title_en: str
    title_zh: str
    rule: str = "X4"
    detail_en: str | None = None
    detail_zh: str | None = None
    fields: Sequence[FieldProblem] = field(default_factory=tuple)
    extra: dict[str, Any] = field(default_factory=dict)
    headers: dict[str, str] | None = None

    def __post_init__(self) -> None:
        super().__init__(f"{self.code}: {self.title_en}")

    def body(self, instance: str | None = None) -> dict[str, Any]:
        body: dict[str, Any] = {
            "type": _TYPE_BASE + self.code,
            "title": self.title_en,
            "status": self.status,
            "detail": self.detail_en or self.title_en,
            "rule": self.rule,
            "title_zh": self.title_zh,
            "detail_zh": self.detail_zh or self.title_zh,
            "errors": [f.as_dict() for f in self.fields],
        }
        if instance:
            body["instance"] = instance
        body.update(self.extra)
        return body


def problem_response(problem: Problem, instance: str | None = None) -> JSONResponse:
    return JSONResponse(
        problem.body(instance),
        status_code=problem.status,
        media_type=PROBLEM_JSON,
        headers=problem.headers,
    )


# Common refusals, named once so every service says them the same way.


def unauthorized(detail_en: str, detail_zh: str) -> Problem:
    return Problem(
        401,
        "unauthenticated",
        "Authentication required",
        "需要身份认证",
        rule="X3",
        detail_en=detail_en,
        detail_zh=detail_zh,
        headers={"WWW-Authenticate": 'Bearer realm="rural-exchange"'},
    )


def internal_error() -> Problem:
    """The answer to an unexpected error (logged where it happened)."""
    return Problem(
        500,
        "internal-error",
        "Internal error; nothing was changed",
        "内部错误，未做任何更改",
        rule="X4",
    )


def unavailable() -> Problem:
    """The answer when the database or the network failed, not the request: the caller may
    retry the same request (nothing was changed)."""
    return Problem(
        503,
        "unavailable",
        "Service temporarily unavailable; nothing was changed, please retry",
        "服务暂时不可用，未做任何更改，请稍后重试",
        rule="X4",
        headers={"Retry-After": "1"},
    )


# SQLSTATE classes/codes that say "the database is unavailable or busy", never "this
# message is bad": connection exceptions (08), insufficient resources (53), operator
# intervention / shutdown (57P0x), query cancelled (57014), serialization failure and
# deadlock (40001, 40P01), lock not available (55P03).
_TRANSIENT_SQLSTATE_PREFIXES = ("08", "53", "57P0")
_TRANSIENT_SQLSTATES = {"57014", "40001", "40P01", "55P03"}


def _sqlstate(exc: BaseException) -> str | None:
    for candidate in (getattr(exc, "orig", None), exc.__cause__, exc):
        code = getattr(candidate, "sqlstate", None) or getattr(candidate, "pgcode", None)
        if isinstance(code, str):
            return code
    return None


def is_infrastructure_error(exc: BaseException) -> bool:
    """True when the failure lies in the database or the network, not in the message.

    Such a failure must never dead-letter an event: the consumer stops, backs off and
    resumes from the last committed offset. SQLAlchemy's asyncpg adapter reports most
    server-side conditions as a plain DBAPIError, so the SQLSTATE decides.
    """
    if isinstance(exc, OperationalError | InterfaceError | SATimeoutError | DisconnectionError):
        return True
    if isinstance(exc, DBAPIError):
        if exc.connection_invalidated:
            return True
        code = _sqlstate(exc)
        return code is not None and (
            code.startswith(_TRANSIENT_SQLSTATE_PREFIXES) or code in _TRANSIENT_SQLSTATES
        )
    # Network-level failures of the driver (refused, reset, DNS, timeouts); a handler's
    # own FileNotFoundError or PermissionError is a bug and is dead-lettered.
    return isinstance(exc, ConnectionError | socket.gaierror | TimeoutError)


def unexpected(exc: BaseException) -> Problem:
    """The answer to an exception no handler expected. A database or network failure (a
    connection timeout under load, PostgreSQL restarting) is not a bug of the request:
    503 with Retry-After, never a 500."""
    return unavailable() if is_infrastructure_error(exc) else internal_error()


def forbidden(detail_en: str, detail_zh: str) -> Problem:
    return Problem(
        403,
        "forbidden",
        "Not allowed",
        "无权操作",
        rule="X3",
        detail_en=detail_en,
        detail_zh=detail_zh,
    )


def not_found(what_en: str, what_zh: str) -> Problem:
    return Problem(
        404,
        "not-found",
        f"{what_en} not found",
        f"{what_zh}不存在",
        rule="X4",
    )


def invalid(
    fields: Sequence[FieldProblem],
    *,
    rule: str = "X4",
    code: str = "invalid-request",
    title_en: str = "The request breaks one or more rules",
    title_zh: str = "请求不符合规则",
    status: int = 422,
) -> Problem:
    """A refusal listing all its reasons at once (一次性告知)."""
    return Problem(status, code, title_en, title_zh, rule=rule, fields=tuple(fields))


def invalid_field(field: str, rule: str, message_en: str, message_zh: str = "") -> Problem:
    """A refusal for one field, under that field's rule: ``invalid`` of one
    :class:`FieldProblem` whose rule the refusal carries too."""
    return invalid([FieldProblem(field, rule, message_en, message_zh)], rule=rule)


@dataclass(frozen=True, slots=True)
class Refusal:
    """One kind of refusal of an area's decision — 不予办理: its code and title, and the
    status it answers with. Calling it with the problems found gives the ``Problem``,
    named by the first problem's rule (or by ``rule`` when the kind has one rule)."""

    code: str
    title_en: str
    title_zh: str
    status: int = 409
    rule: str | None = None

    def __call__(self, problems: Sequence[FieldProblem], status: int | None = None) -> Problem:
        return invalid(
            problems,
            rule=self.rule or problems[0].rule,
            code=self.code,
            title_en=self.title_en,
            title_zh=self.title_zh,
            status=status or self.status,
        )


def _field_path(loc: Sequence[Any]) -> str:
    parts = [str(p) for p in loc]
    if parts and parts[0] in {"body", "query", "path", "header", "cookie"}:
        parts = parts[1:] or parts
    return ".".join(parts)


def _validation_problem(exc: RequestValidationError) -> Problem:
    fields = []
    for err in exc.errors():
        msg = str(err.get("msg", "invalid"))
        ctx = err.get("ctx") or {}
        inner = ctx.get("error")
        rule = getattr(inner, "rule", None) or "X4"
        en, _, zh = msg.removeprefix("Value error, ").partition(" / ")
        zh = zh or message_zh(str(err.get("type", "")), ctx)
        # a body that is not JSON at all is located by a character position: name the body
        loc = ("body",) if err.get("type") == "json_invalid" else err.get("loc", ())
        fields.append(FieldProblem(_field_path(loc), rule, en, zh))
    rules = {f.rule for f in fields}
    return invalid(fields, rule=rules.pop() if len(rules) == 1 else "X4")


def install_problem_handlers(app: FastAPI) -> None:
    """Render every error — ours, FastAPI's, Starlette's, unexpected — as a problem."""

    @app.exception_handler(Problem)
    async def _problem(request: Request, exc: Problem) -> JSONResponse:
        return problem_response(exc, request.url.path)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        return problem_response(_validation_problem(exc), request.url.path)

    @app.exception_handler(ValidationError)
    async def _contract(request: Request, exc: ValidationError) -> JSONResponse:
        # An event built from the request breaks its contract (an over-long name): the
        # request is refused here, by its producer, rather than poisoning a consumer.
        from common.events import registered_events

        if exc.title not in {c.__name__ for c in registered_events()}:
            raise exc  # any other model: a bug, answered and logged as a 500
        fields = [
            FieldProblem(
                _field_path(e.get("loc", ())),
                "X4",
                str(e.get("msg", "invalid")),
                message_zh(str(e.get("type", "")), e.get("ctx")),
            )
            for e in exc.errors()
        ]
        return problem_response(invalid(fields, rule="X4"), request.url.path)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        problem = Problem(
            exc.status_code,
            {404: "not-found", 405: "method-not-allowed"}.get(exc.status_code, "http-error"),
            str(exc.detail),
            {404: "资源不存在", 405: "不支持该请求方法"}.get(exc.status_code, "请求错误"),
            headers=dict(exc.headers) if exc.headers else None,
        )
        return problem_response(problem, request.url.path)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        # Logged (with the request id) by common.app.RequestContext.
        return problem_response(unexpected(exc), request.url.path)
