"""What every service's documents area serves the same way — 文书核验 (DOMAIN X2, issue 20):
its issuer as a FastAPI dependency, and the public verification of a document by its
code. The documents themselves (what each prints, who may read it) stay the service's."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from fastapi import APIRouter, Depends, Path, Query, Request
from sqlalchemy.ext.asyncio import AsyncSession

from common.documents import (
    CODE_PATTERN,
    HASH_PATTERN,
    IssuedDocumentMixin,
    Issuer,
    VerificationOut,
    by_code,
    verification,
)
from common.routes import get_session
from common.settings import Settings
from common.storage import DocumentStore, get_document_store

IssuerFactory = Callable[[Settings, DocumentStore], Issuer]


def issuer_dependency(make: IssuerFactory) -> Callable[..., Awaitable[Issuer]]:
    """A FastAPI dependency: the service's issuer, with the app's settings and store."""

    async def get_issuer(
        request: Request, store: DocumentStore = Depends(get_document_store)
    ) -> Issuer:
        return make(request.app.state.runtime.settings, store)

    return get_issuer


def add_verification_route(
    router: APIRouter, service: str, model: type[IssuedDocumentMixin]
) -> None:
    """``GET /documents/{code}/verification`` on ``router``: public (no token)."""

    async def verify(
        code: str = Path(pattern=CODE_PATTERN, description="The document's verification code"),
        h: str | None = Query(
            None, pattern=HASH_PATTERN, description="The content hash (or file SHA-256) to check"
        ),
        session: AsyncSession = Depends(get_session),
    ) -> VerificationOut:
        return verification(await by_code(session, model, code), h)

    verify.__doc__ = (
        f"Public (no token): whether a {service} document is valid, superseded or revoked,\n"
        "what it certifies (personal data masked), and whether a presented hash is its own."
    )
    router.get("/documents/{code}/verification", response_model=VerificationOut)(verify)
