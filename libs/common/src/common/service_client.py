"""Calls from one of our services to another over HTTP — 服务间调用 (ARCHITECTURE).

Queries across services (the listing's title search at the registry) go over httpx
with a bearer token of role ``service``: ``REX_SERVICE_TOKEN`` as issued by the
identity provider, or, in development only, one minted with the committed dev key.
Every call is bounded by ``REX_CROSS_SERVICE_TIMEOUT_S``. A caller must turn a failed
call into a clear refusal — never a silent pass.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import httpx

from common.auth import mint_token
from common.settings import Environment, Settings

if TYPE_CHECKING:
    from common.runtime import ServiceRuntime


class ServiceTokenMissing(RuntimeError):
    pass


def service_bearer(settings: Settings, caller: str) -> str:
    """The bearer token ``caller`` presents to another service."""
    if settings.service_token is not None:
        return settings.service_token.get_secret_value()
    if settings.env is Environment.development and settings.jwt_use_dev_key:
        return mint_token(
            subject=f"service:{caller}",
            name=caller,
            roles=["service"],
            org_type="county",
            org_id="platform",
            ttl_s=300,
        )
    raise ServiceTokenMissing(f"REX_SERVICE_TOKEN is not set: {caller} cannot call another service")


def service_client(
    settings: Settings,
    caller: str,
    base_url: str,
    transport: httpx.AsyncBaseTransport | None = None,
) -> httpx.AsyncClient:
    """An httpx client to another service, authenticated and time-bounded.

    ``transport`` lets the embedded run and tests route to an in-process app.
    """
    return httpx.AsyncClient(
        base_url=base_url.rstrip("/"),
        headers={"Authorization": f"Bearer {service_bearer(settings, caller)}"},
        timeout=settings.cross_service_timeout_s,
        transport=transport,
    )


def peer_client(runtime: ServiceRuntime, peer: str) -> httpx.AsyncClient:
    """A client from ``runtime``'s service to ``peer`` (e.g. "registry").

    In the embedded run the peer's app lives in this process and is called in-process;
    otherwise ``REX_<PEER>_URL`` locates it.
    """
    app = runtime.peer_apps.get(peer)
    if app is not None:
        return service_client(
            runtime.settings, runtime.name, f"http://{peer}.embedded", httpx.ASGITransport(app=app)
        )
    base_url = getattr(runtime.settings, f"{peer}_url", None)
    if not base_url:
        raise RuntimeError(f"no URL configured for service {peer!r} (REX_{peer.upper()}_URL)")
    return service_client(runtime.settings, runtime.name, base_url)
