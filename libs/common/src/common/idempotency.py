"""Idempotency-Key on POST — 幂等键.

Banks, guarantee companies and township terminals retry. A POST with an
``Idempotency-Key`` header is recorded in the same transaction as its effect, keyed by
the caller (token subject) and the key:

- the same key and the same request again → the first response, byte for byte, with
  ``Idempotent-Replayed: true``; nothing runs twice;
- the same key with a different method, path or body → 422 problem, nothing changes;
- two identical requests racing → the database's unique constraint lets one commit;
  the other's effect is rolled back and it receives the winner's response.

A refused request (4xx/5xx) is not recorded: it changed nothing, so the client may fix
it and retry with the same key. Keys are kept ``idempotency_ttl_hours``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from fastapi import Request, Response
from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError

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


async def _subject(runtime: ServiceRuntime, request: Request) -> str:
    auth = request.headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        try:
            principal = await runtime.verifier.verify(auth[7:].strip())
        except Problem:
            return "unauthenticated"  # the endpoint itself will refuse it
        request.state.principal = principal
        return principal.subject
    return "anonymous"


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
    fingerprint = await _fingerprint(request)
    table = runtime.definition.infra.idempotency

    existing = await _lookup(runtime, subject, key)
    if existing is not None:
        return _check_and_replay(existing, fingerprint)

    async def record(response: Response) -> None:
        body = getattr(response, "body", None)
        if body is None:
            return  # streaming responses are not replayable
        session = request.state.session
        await session.execute(
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
        await session.flush()

    try:
        return await _in_transaction(runtime, request, handler, record)
    except IntegrityError:
        # A concurrent request with the same key committed first; ours rolled back.
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
    on_success: Callable[[Response], Awaitable[None]] | None = None,
) -> Response:
    try:
        async with runtime.transaction() as session:
            request.state.session = session
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
