"""Calls from one of our services to another over HTTP — 服务间调用 (ARCHITECTURE).

Queries across services (the listing's title search at the registry) go over httpx
with a bearer token of role ``service``, set on each request: in production minted
here, short-lived, from the private key at ``REX_SERVICE_SIGNING_KEY`` (the receivers
trust its public half through ``REX_JWT_PUBLIC_KEYS``); or a fixed ``REX_SERVICE_TOKEN``
issued by the identity provider (it expires: kept for compatibility); or, in development
only, one minted with the committed dev key.
Every call is bounded by ``REX_CROSS_SERVICE_TIMEOUT_S``. A caller must turn a failed
call into a clear refusal — never a silent pass.
"""

from __future__ import annotations

import time
from collections.abc import Generator
from pathlib import Path
from typing import TYPE_CHECKING

import httpx

from common.auth import mint_token
from common.settings import Environment, Settings

if TYPE_CHECKING:
    from common.runtime import ServiceRuntime


class ServiceTokenMissing(RuntimeError):
    pass


class _SigningKeyTokens:
    """Tokens minted from the service signing key: each lives ``service_token_ttl_s`` and
    is replaced once half of that has passed, so a call never carries a token about to
    expire, and a receiver's verification cache (and JWKS look-up) is not defeated by a
    new token on every call."""

    def __init__(self) -> None:
        self._keys: dict[Path, str] = {}
        self._tokens: dict[tuple[Path, str, str], tuple[str, float]] = {}

    def bearer(self, settings: Settings, caller: str, now: float) -> str:
        path = settings.service_signing_key
        assert path is not None
        cache_key = (path, caller, settings.service_signing_key_id)
        hit = self._tokens.get(cache_key)
        ttl = settings.service_token_ttl_s
        if hit is not None and now < hit[1] + ttl / 2:
            return hit[0]
        if path not in self._keys:
            self._keys[path] = path.read_text()
        token = mint_token(
            subject=f"service:{caller}",
            name=caller,
            roles=["service"],
            org_type="county",
            org_id="platform",
            ttl_s=ttl,
            private_key=self._keys[path],
            issuer=settings.jwt_issuer,
            audience=settings.jwt_audience,
            kid=settings.service_signing_key_id,
            now=now,
        )
        self._tokens[cache_key] = (token, now)
        return token


_signed = _SigningKeyTokens()


def _now() -> float:
    return time.time()  # a function, so tests move it without touching the time module


def service_bearer(settings: Settings, caller: str, now: float | None = None) -> str:
    """The bearer token ``caller`` presents to another service, for a call made now."""
    if settings.service_signing_key is not None:
        return _signed.bearer(settings, caller, _now() if now is None else now)
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
    service_bearer(settings, caller)  # a missing credential fails here, before any call
    return httpx.AsyncClient(
        base_url=base_url.rstrip("/"),
        auth=ServiceAuth(settings, caller),
        timeout=settings.cross_service_timeout_s,
        transport=transport,
    )


class ServiceAuth(httpx.Auth):
    """Sets the service bearer on each request (not once per client), so a client kept
    open never sends an expired token."""

    def __init__(self, settings: Settings, caller: str) -> None:
        self.settings, self.caller = settings, caller

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["Authorization"] = f"Bearer {service_bearer(self.settings, self.caller)}"
        yield request


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
