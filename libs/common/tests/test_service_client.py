"""Service-to-service calls: a bearer of role ``service``, never a default secret outside
development, and every call bounded in time."""

from __future__ import annotations

import httpx
import pytest
from pydantic import SecretStr

from common.app import create_app
from common.auth import Role, require
from common.migrations import upgrade
from common.service_client import ServiceTokenMissing, service_bearer, service_client
from testkit.testing import embedded_app, make_settings


def test_X3_outside_development_a_service_token_must_be_configured(tmp_path) -> None:
    settings = make_settings(data_dir=tmp_path)
    # Production settings refuse to load with defaults, so flip the relevant fields only.
    prod = settings.model_copy(update={"env": "production", "jwt_use_dev_key": False})
    with pytest.raises(ServiceTokenMissing):
        service_bearer(prod, "listing")
    configured = prod.model_copy(update={"service_token": SecretStr("issued-by-idp")})
    assert service_bearer(configured, "listing") == "issued-by-idp"


async def test_X3_a_development_service_token_is_accepted_as_role_service(
    tmp_path, services: dict
) -> None:
    from common.routes import router

    r = router(prefix="/q")

    @r.get("/ping")
    async def ping(who=require(Role.service)) -> dict[str, str]:
        return {"subject": who.subject}

    settings = make_settings(data_dir=tmp_path)
    definition = services["registry"].replace(routers=[r])
    await upgrade(definition, settings)
    app = create_app(definition, settings)
    transport = httpx.ASGITransport(app=app)
    async with service_client(settings, "listing", "http://registry/", transport) as c:
        resp = await c.get("/q/ping")
    assert resp.status_code == 200, resp.text
    assert resp.json() == {"subject": "service:listing"}
    assert c.timeout.read == settings.cross_service_timeout_s
    await app.state.runtime.dispose()


async def test_embedded_calls_between_services_stay_in_process(tmp_path, services: dict) -> None:
    from common.routes import router
    from common.service_client import peer_client

    r = router(prefix="/q")

    @r.get("/ping")
    async def ping(who=require(Role.service)) -> dict[str, str]:
        return {"subject": who.subject}

    # A URL nobody listens on: only the in-process route can answer.
    settings = make_settings(data_dir=tmp_path, registry_url="http://127.0.0.1:1/registry")
    chosen = {"listing": services["listing"], "registry": services["registry"].replace(routers=[r])}
    root = await embedded_app(settings, chosen)
    listing_rt = root.state.runtimes["listing"]
    async with peer_client(listing_rt, "registry") as c:
        resp = await c.get("/q/ping")
    assert resp.status_code == 200, resp.text
    assert resp.json() == {"subject": "service:listing"}
    for rt in root.state.runtimes.values():
        await rt.dispose()


def _key_pair(tmp_path):  # type: ignore[no-untyped-def]
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = tmp_path / "service-signing-key.pem"
    private.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    public = tmp_path / "service-signing-key.pub.pem"
    public.write_bytes(
        key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    )
    return private, public


def test_X3_with_a_signing_key_each_call_gets_a_short_lived_token_renewed_at_half_life(
    tmp_path,
) -> None:
    """Issue 15: no fixed service token that can expire — the token is minted from the
    configured private key (REX_SERVICE_SIGNING_KEY), lives service_token_ttl_s, and is
    replaced once half of that has passed; receivers verify it with the public half."""
    from common.auth import TokenVerifier

    private, public = _key_pair(tmp_path)
    prod = make_settings(data_dir=tmp_path).model_copy(
        update={
            "env": "production",
            "jwt_use_dev_key": False,
            "service_signing_key": private,
            "service_token_ttl_s": 120,
            "service_token": SecretStr("a-fixed-token-that-expires"),  # the key wins
        }
    )
    t0 = 1_900_000_000.0
    first = service_bearer(prod, "listing", now=t0)
    assert service_bearer(prod, "listing", now=t0 + 59) == first  # young enough: reused
    second = service_bearer(prod, "listing", now=t0 + 60)  # half its life: a new one
    assert second != first
    import jwt

    claims = jwt.decode(second, options={"verify_signature": False})
    assert claims["exp"] - claims["iat"] == 120 and claims["roles"] == ["service"]
    assert claims["sub"] == "service:listing"
    assert jwt.get_unverified_header(second)["kid"] == "rex-service"
    verifier = TokenVerifier(
        issuer=prod.jwt_issuer, audience=prod.jwt_audience, public_keys=[public.read_text()]
    )
    fresh = service_bearer(prod, "registry")  # minted now: verifiable now
    assert verifier.verify_sync(fresh).subject == "service:registry"


async def test_X3_the_service_client_sets_the_token_on_each_request(tmp_path, monkeypatch) -> None:
    import common.service_client as sc

    private, _public = _key_pair(tmp_path)
    prod = make_settings(data_dir=tmp_path).model_copy(
        update={"env": "production", "jwt_use_dev_key": False, "service_signing_key": private}
    )
    seen: list[str] = []

    def record(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers["Authorization"])
        return httpx.Response(200, json={})

    now = [1_900_000_000.0]
    monkeypatch.setattr(sc, "_now", lambda: now[0])
    mock = httpx.MockTransport(record)
    async with service_client(prod, "listing", "http://registry/", mock) as c:
        await c.get("/a")
        now[0] += 3600  # a client kept open for an hour
        await c.get("/b")
    assert len(seen) == 2 and seen[0] != seen[1]
    assert all(h.startswith("Bearer ") for h in seen)
