"""Idempotency-Key on POST — 幂等键.

Banks, guarantee companies and township terminals retry. A POST with an
``Idempotency-Key`` header is recorded in the same transaction as its effect, keyed by
the caller (token subject) and the key:

- the same key and the same request again → the first response, byte for byte, with
  ``Idempotent-Replayed: true``; nothing runs twice;
- the same key with a different method, path or body → 422 problem, nothing changes;
- two identical requests racing → the key is claimed first thing in the transaction
  (an advisory lock on PostgreSQL; SQLite serialises writers anyway), so the second
  waits, then receives the winner's response without running the endpoint;
- only an authenticated caller's key is honoured (keys are scoped by token subject);
  a response that cannot be replayed (streaming) refuses the key.

A refused request (4xx/5xx) is not recorded: it changed nothing, so the client may fix
it and retry with the same key. Keys are kept ``idempotency_ttl_hours``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from fastapi import Request, Response
from sqlalchemy import insert, select, text
from sqlalchemy.exc import IntegrityError

from common.auth import principal_of_header
from common.problems import FieldProblem, Problem, invalid

if TYPE_CHECKING:
    from common.runtime import ServiceRuntime

HEADER = "Idempotency-Key"
REPLAYED = "Idempotent-Replayed"
_KEPT_HEADERS = {"content-type", "location"}


class _Refused(Exception):
    def __init__(self, response: Response) -> None:
        self.response = response


def _bad_key(message_en: str, message_zh: str) -> Problem:
    return invalid(
        [FieldProblem(HEADER, "X4", message_en, message_zh)],
        code="bad-idempotency-key",
        status=400,
    )


async def _subject(runtime: ServiceRuntime, request: Request) -> str | None:
    """The verified caller, or None: a key is honoured only in a caller's own scope."""
    principal = await principal_of_header(
        runtime.verifier, request.headers.get("authorization", "")
    )
    if principal is None:
        return None  # the endpoint itself refuses the token
    request.state.principal = principal
    return principal.subject


async def _fingerprint(request: Request) -> str:
    h = hashlib.sha256()
    h.update(request.method.encode() + b"\n" + request.url.path.encode() + b"\n")
    h.update(request.url.query.encode() + b"\n")
    h.update(await request.body())
    return h.hexdigest()


def _replay(row: Any) -> Response:
    headers = dict(row.response_headers)
    headers[REPLAYED] = "true"
    return Response(row.response_body, status_code=row.status_code, headers=headers)


async def _lookup(runtime: ServiceRuntime, subject: str, key: str) -> Any:
    t = runtime.definition.infra.idempotency
    async with runtime.transaction() as session:
        return (
            await session.execute(select(t).where(t.c.subject == subject, t.c.key == key))
        ).first()


async def run_idempotent(
    runtime: ServiceRuntime,
    request: Request,
    handler: Callable[[Request], Awaitable[Response]],
) -> Response:
    """Run a route in its transaction, honouring ``Idempotency-Key`` on POST."""
    key = request.headers.get(HEADER) if request.method == "POST" else None
    if key is None:
        return await _in_transaction(runtime, request, handler)
    if not (1 <= len(key) <= 200) or not key.isprintable():
        raise _bad_key(
            "Idempotency-Key must be 1–200 printable characters", "幂等键须为1至200个可打印字符"
        )
    subject = await _subject(runtime, request)
    if subject is None:
        # Anonymous callers share no safe scope; an endpoint that needs auth refuses them.
        return await _in_transaction(runtime, request, handler)
    fingerprint = await _fingerprint(request)
    table = runtime.definition.infra.idempotency

    existing = await _lookup(runtime, subject, key)  # the common retry: no locks taken
    if existing is not None:
        return _check_and_replay(existing, fingerprint)

    async def claim(session: Any) -> Response | None:
        """Take the key before running the endpoint: a racing duplicate waits here, then
        replays the winner's response instead of running into the winner's effect."""
        if session.bind.dialect.name == "postgresql":
            await session.execute(
                text("SELECT pg_advisory_xact_lock(hashtextextended(:k, 0))"),
                {"k": f"idempotency:{subject}:{key}"},
            )
        row = (
            await session.execute(
                select(table).where(table.c.subject == subject, table.c.key == key)
            )
        ).first()
        return None if row is None else _check_and_replay(row, fingerprint)

    async def record(response: Response) -> None:
        body = getattr(response, "body", None)
        if body is None:
            raise Problem(
                400,
                "idempotency-not-supported",
                "This endpoint's response cannot be replayed; send it without Idempotency-Key",
                "该接口不支持幂等键",
                rule="X4",
            )
        await request.state.session.execute(
            insert(table).values(
                subject=subject,
                key=key,
                method=request.method,
                path=request.url.path,
                fingerprint=fingerprint,
                status_code=response.status_code,
                response_headers={
                    k: v for k, v in response.headers.items() if k.lower() in _KEPT_HEADERS
                },
                response_body=bytes(body),
                created_at=runtime.clock.now(),
            )
        )
        await request.state.session.flush()

    try:
        return await _in_transaction(runtime, request, handler, claim, record)
    except IntegrityError:
        # Without the advisory lock (SQLite is serialised anyway) a racing duplicate can
        # still meet the unique constraint: ours rolled back, answer with the winner's.
        existing = await _lookup(runtime, subject, key)
        if existing is None:
            raise
        return _check_and_replay(existing, fingerprint)


def _check_and_replay(row: Any, fingerprint: str) -> Response:
    if row.fingerprint != fingerprint:
        raise Problem(
            422,
            "idempotency-key-reused",
            "Idempotency-Key was already used for a different request",
            "该幂等键已用于另一个不同的请求",
            rule="X4",
            fields=(
                FieldProblem(
                    HEADER,
                    "X4",
                    "reused with a different method, path or body",
                    "同一幂等键的请求内容不同",
                ),
            ),
        )
    return _replay(row)


async def _in_transaction(
    runtime: ServiceRuntime,
    request: Request,
    handler: Callable[[Request], Awaitable[Response]],
    claim: Callable[[Any], Awaitable[Response | None]] | None = None,
    on_success: Callable[[Response], Awaitable[None]] | None = None,
) -> Response:
    try:
        async with runtime.transaction() as session:
            request.state.session = session
            if claim is not None and (replay := await claim(session)) is not None:
                raise _Refused(replay)  # already done: roll back, answer as the first time
            response = await handler(request)
            if response.status_code >= 400:
                raise _Refused(response)
            if on_success is not None:
                await on_success(response)
    except _Refused as refused:
        return refused.response
    finally:
        request.state.session = None
    return response
