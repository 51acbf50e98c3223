"""Sign-in through the county's OpenID Connect provider — 统一身份认证 (Authlib).

Authorization code flow with PKCE (S256), state and nonce kept in the signed session;
Authlib checks the state, exchanges the code and validates the ID token against the
provider's keys. The portal then keeps the provider's *access token* — the bearer the
four services verify themselves (common.auth: issuer, audience, roles, organization) —
after verifying it the same way, so a token the services would refuse never signs in.
Before that access token expires, ``TokenRefresh`` trades the refresh token for a new one.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import httpx
from authlib.integrations.base_client import OAuthError
from starlette.types import ASGIApp, Receive, Scope, Send

from common.clock import Clock
from common.problems import Problem
from portal.settings import PortalSettings

if TYPE_CHECKING:
    from authlib.integrations.starlette_client import StarletteOAuth2App

NAME = "county"


def oidc_client(
    settings: PortalSettings, transport: httpx.AsyncBaseTransport | None = None
) -> StarletteOAuth2App | None:
    """The provider's client, or None when no provider is configured. ``transport``
    lets a test route the provider's calls to an in-process fake."""
    if not settings.oidc:
        return None
    # imported only when a provider is configured (Authlib's httpx client warns on import)
    from authlib.integrations.starlette_client import OAuth

    kwargs: dict[str, Any] = {
        "scope": settings.portal_oidc_scope,
        "code_challenge_method": "S256",
        "timeout": settings.cross_service_timeout_s,
    }
    if transport is not None:
        kwargs["transport"] = transport
    secret = settings.portal_oidc_client_secret
    oauth = OAuth()
    oauth.register(
        NAME,
        server_metadata_url=settings.portal_oidc_discovery_url,
        client_id=settings.portal_oidc_client_id,
        client_secret=secret.get_secret_value() if secret else None,
        client_kwargs=kwargs,
    )
    return oauth.create_client(NAME)


#: refresh this long before the access token expires (a page's calls fit in the margin)
REFRESH_MARGIN_S = 60.0


def expiry(tokens: Mapping[str, Any], clock: Clock) -> float | None:
    """When the provider's access token expires, by the portal's clock (epoch seconds);
    None when the provider did not say (then it is never refreshed ahead)."""
    try:
        lifetime = float(tokens["expires_in"])
    except (KeyError, TypeError, ValueError):
        return None
    return clock.now().timestamp() + lifetime


class TokenRefresh:
    """Pure ASGI middleware inside the session: a provider-signed-in person's access
    token is refreshed with their refresh token (Authlib, ``grant_type=refresh_token``)
    server-side before it expires, so the services never see an expired bearer and the
    person is not sent back to the provider every ``expires_in`` seconds.

    A refresh the provider refuses (the refresh token revoked or expired) signs the
    person out: the next page asks them to sign in again. A provider that does not
    answer leaves the session as it is while the access token is still valid. A new
    access token is verified exactly as at sign-in (common.auth) before it is kept.
    Concurrent requests of one session in this process share one refresh (a provider
    that rotates refresh tokens would refuse the second use of the old one)."""

    def __init__(self, app: ASGIApp, portal: Any) -> None:
        self.app, self.portal = app, portal
        self._pending: dict[str, asyncio.Task[dict[str, Any] | None]] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            session = scope.get("session")
            if session and session.get("refresh_token"):
                await self._keep_fresh(session)
        await self.app(scope, receive, send)

    async def _keep_fresh(self, session: dict[str, Any]) -> None:
        state = self.portal.state
        expires_at = session.get("expires_at")
        now = state.clock.now().timestamp()
        if expires_at is None or now < float(expires_at) - REFRESH_MARGIN_S:
            return
        old = str(session["refresh_token"])
        task = self._pending.get(old)
        if task is None:
            task = self._pending[old] = asyncio.ensure_future(self._refresh(old))
            task.add_done_callback(lambda _t: self._pending.pop(old, None))
        fresh = await asyncio.shield(task)
        if fresh is None:  # the provider did not answer: keep what is still valid
            if now >= float(expires_at):
                session.clear()
            return
        if not fresh:  # refused: sign in again
            session.clear()
            return
        session.update(fresh)

    async def _refresh(self, refresh_token: str) -> dict[str, Any] | None:
        """The session's new token fields; {} when refused; None when unreachable."""
        state = self.portal.state
        try:
            tokens = await state.oidc.fetch_access_token(
                grant_type="refresh_token", refresh_token=refresh_token
            )
        except OAuthError:
            return {}
        except (httpx.HTTPError, ValueError):
            return None
        access = str(tokens.get("access_token") or "")
        try:
            await state.verifier.verify(access)
        except Problem:
            return {}
        return {
            "token": access,
            # a provider that does not rotate refresh tokens sends none back
            "refresh_token": tokens.get("refresh_token") or refresh_token,
            "expires_at": expiry(tokens, state.clock),
        }
