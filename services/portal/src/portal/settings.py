"""The portal's settings: the shared ``REX_`` settings plus where the services are."""

from __future__ import annotations

from pydantic import Field, SecretStr

from common.settings import Settings

SERVICES = ("listing", "bidding", "registry", "guarantee", "collective")


class PortalSettings(Settings):
    """``REX_LISTING_URL`` … ``REX_COLLECTIVE_URL`` locate the services in the production
    layout (``REX_REGISTRY_URL`` is the shared setting); the embedded run ignores them and
    calls the in-process apps."""

    listing_url: str = "http://127.0.0.1:8000/listing"
    bidding_url: str = "http://127.0.0.1:8000/bidding"
    guarantee_url: str = "http://127.0.0.1:8000/guarantee"
    collective_url: str = "http://127.0.0.1:8000/collective"
    # How long a signed-in session (and, in development, its minted token) lasts.
    portal_session_max_age_s: int = Field(8 * 3600, ge=300, le=7 * 24 * 3600)
    # Sign-in through the county's OpenID Connect provider (authorization code flow with
    # PKCE, Authlib). When the discovery URL is set it replaces the persona picker.
    portal_oidc_discovery_url: str | None = None  # …/.well-known/openid-configuration
    portal_oidc_client_id: str | None = None
    portal_oidc_client_secret: SecretStr | None = None
    portal_oidc_scope: str = "openid profile"
    # Where the provider sends the person back; None: this request's /auth/callback.
    portal_oidc_redirect_url: str | None = None

    @property
    def oidc(self) -> bool:
        return bool(self.portal_oidc_discovery_url and self.portal_oidc_client_id)

    def service_url(self, service: str) -> str:
        return str(getattr(self, f"{service}_url")).rstrip("/")


def portal_settings(settings: Settings) -> PortalSettings:
    if isinstance(settings, PortalSettings):
        return settings
    return PortalSettings(**settings.model_dump())
