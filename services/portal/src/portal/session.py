"""The signed-in session and CSRF — 会话与跨站请求伪造防护.

The session is Starlette's signed cookie (itsdangerous, keyed by ``REX_SECRET_KEY``):
HttpOnly, SameSite=Lax, Secure outside development. It holds who signed in and their
bearer token, which the portal presents to the services; no page ever prints it, and
page JavaScript cannot read an HttpOnly cookie. Every form carries a per-session CSRF
token that every POST must echo (form field ``csrf_token`` or header ``X-CSRF-Token``).
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass
from typing import Any

from fastapi import Request
from starlette.datastructures import UploadFile

CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
COOKIE = "rex_portal"


@dataclass(frozen=True, slots=True)
class Visitor:
    """Who is looking at a page: ``token`` None for the public."""

    token: str | None
    name: str | None
    role: str | None
    party_id: str | None

    @property
    def signed_in(self) -> bool:
        return self.token is not None


def visitor(request: Request) -> Visitor:
    s = request.session
    return Visitor(s.get("token"), s.get("name"), s.get("role"), s.get("party_id"))


def sign_in(
    request: Request,
    *,
    token: str,
    name: str,
    role: str,
    party_id: str | None,
    refresh_token: str | None = None,
    expires_at: float | None = None,
) -> None:
    """``refresh_token`` and ``expires_at``: a provider's, for portal.oidc.TokenRefresh."""
    request.session.clear()  # nothing of the previous person survives, a fresh CSRF token
    request.session.update(
        token=token, name=name, role=role, party_id=party_id, csrf=secrets.token_urlsafe(32)
    )
    if refresh_token:
        request.session.update(refresh_token=refresh_token, expires_at=expires_at)


def sign_out(request: Request) -> None:
    request.session.clear()


def csrf_token(request: Request) -> str:
    token = request.session.get("csrf")
    if not token:
        token = request.session["csrf"] = secrets.token_urlsafe(32)
    return str(token)


class FormToken:
    """The session's CSRF token as a page prints it, made only when a page prints a
    form: a public page without one (the board, a listing) leaves an anonymous visitor
    without a session cookie — nothing to sign, nothing to store per visitor."""

    __slots__ = ("request",)

    def __init__(self, request: Request) -> None:
        self.request = request

    def __str__(self) -> str:
        return csrf_token(self.request)

    def __html__(self) -> str:  # markupsafe: the token is URL-safe, nothing to escape
        return str(self)


class CsrfRefused(Exception):
    pass


async def check_csrf(request: Request) -> dict[str, Any]:
    """The POST's form (already read) when its CSRF token matches the session's."""
    expected = request.session.get("csrf")
    form = await request.form()
    sent = request.headers.get(CSRF_HEADER) or form.get(CSRF_FIELD)
    if not expected or not isinstance(sent, str) or not hmac.compare_digest(sent, expected):
        raise CsrfRefused()
    return dict(form)


def chosen_file(value: Any) -> UploadFile | None:
    """A form value that is a chosen file, or None (a browser sends an empty part with
    no filename for a file input left empty)."""
    return value if isinstance(value, UploadFile) and value.filename else None


def uploaded(form: dict[str, Any], name: str) -> UploadFile | None:
    """The file a form (:func:`check_csrf`'s) sent as ``name``, or None when none was
    chosen."""
    return chosen_file(form.get(name))


async def file_part(
    upload: UploadFile, default_type: str | None = None
) -> tuple[str | None, bytes, str | None]:
    """A chosen file as it goes on to the service (an httpx ``files`` entry): its name,
    its content and its type (``default_type`` when the browser named none)."""
    return upload.filename, await upload.read(), upload.content_type or default_type
