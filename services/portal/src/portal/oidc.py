"""Sign-in through the county's OpenID Connect provider — 统一身份认证 (Authlib).

Authorization code flow with PKCE (S256), state and nonce kept in the signed session;
Authlib checks the state, exchanges the code and validates the ID token against the
provider's keys. The portal then keeps the provider's *access token* — the bearer the
four services verify themselves (common.auth: issuer, audience, roles, organization) —
after verifying it the same way, so a token the services would refuse never signs in.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import httpx

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
