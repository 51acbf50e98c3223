"""Routes — 路由: the HTTP side of the unit of work.

A domain router is made with ``router()``: each of its routes owns the request's one
transaction (``TransactionalRoute``), and an endpoint takes that transaction's session
with ``Depends(get_session)``. These are the request-bound pieces of the persistence
layer, kept out of ``common.db`` so that the layers below HTTP never import FastAPI's
request machinery (docs/service-shape.md, "libs/common layers").
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response
from fastapi.routing import APIRoute
from sqlalchemy.ext.asyncio import AsyncSession

from common.idempotency import run_idempotent


class TransactionalRoute(APIRoute):
    """A route that owns the request's one transaction.

    The endpoint runs inside ``session.begin()``: a clean return commits — before the
    response leaves, so a failed commit is never reported as success — and any raised
    problem rolls everything back. POSTs carrying an ``Idempotency-Key`` are recorded
    in the same transaction as their effect (``common.idempotency``).
    """

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def transactional_handler(request: Request) -> Response:
            runtime = request.app.state.runtime
            return await run_idempotent(runtime, request, handler)

        return transactional_handler


def router(**kwargs: Any) -> APIRouter:
    """An APIRouter whose routes each run in one transaction (see TransactionalRoute)."""
    return APIRouter(route_class=TransactionalRoute, **kwargs)


async def get_session(request: Request) -> AsyncSession:
    """FastAPI dependency: the session of the route's transaction."""
    session = getattr(request.state, "session", None)
    if session is None:
        raise RuntimeError(
            "route is not a TransactionalRoute; make its router with common.routes.router()"
        )
    return session


#: An endpoint parameter's type for the route's transaction session (FastAPI's
#: ``Annotated`` dependency, as in fastapi/full-stack-fastapi-template's ``SessionDep``):
#: ``session: SessionDep`` instead of ``session: AsyncSession = Depends(get_session)``.
SessionDep = Annotated[AsyncSession, Depends(get_session)]


def without_transaction(
    router: APIRouter, path: str, *, methods: list[str], **kwargs: Any
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register a route of ``router`` that owns no request transaction: a live stream
    (SSE) that must not hold a connection open, or a write that commits in its own group
    (the bid batcher). The endpoint stays on the module's one ``router``."""

    def register(endpoint: Callable[..., Any]) -> Callable[..., Any]:
        router.add_api_route(
            path, endpoint, methods=methods, route_class_override=APIRoute, **kwargs
        )
        return endpoint

    return register
