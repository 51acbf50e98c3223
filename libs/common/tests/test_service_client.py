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
from common.testing import make_settings


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
    from common.app import router

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
    from common.app import router
    from common.embedded import create_embedded_app
    from common.service_client import peer_client

    r = router(prefix="/q")

    @r.get("/ping")
    async def ping(who=require(Role.service)) -> dict[str, str]:
        return {"subject": who.subject}

    # A URL nobody listens on: only the in-process route can answer.
    settings = make_settings(data_dir=tmp_path, registry_url="http://127.0.0.1:1/registry")
    chosen = {"listing": services["listing"], "registry": services["registry"].replace(routers=[r])}
    for d in chosen.values():
        await upgrade(d, settings)
    root = create_embedded_app(settings, services=chosen)
    listing_rt = root.state.runtimes["listing"]
    async with peer_client(listing_rt, "registry") as c:
        resp = await c.get("/q/ping")
    assert resp.status_code == 200, resp.text
    assert resp.json() == {"subject": "service:listing"}
    for rt in root.state.runtimes.values():
        await rt.dispose()
