"""Sign-in through the county's OpenID Connect provider (authorization code + PKCE,
Authlib) — against an in-process fake provider. The access token it issues is the
bearer the services verify; one they would refuse never signs anyone in (X3)."""

from __future__ import annotations

import base64
import hashlib
import json
import time
import uuid
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

import httpx
import jwt
from cryptography.hazmat.primitives.serialization import load_pem_public_key
from jwt.algorithms import RSAAlgorithm
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse
from starlette.routing import Route

from common.auth import DEV_KID, dev_private_key, dev_public_key, mint_token
from common.clock import ManualClock
from portal import create_portal_app
from portal.personas import PERSONAS
from portal.settings import PortalSettings

ISSUER = "http://idp.test"
CLIENT = "rex-portal"
BUYER = PERSONAS["buyer-a"]


class Refreshes:
    """The fake provider's refresh tokens: issued, used (rotated) and revoked."""

    def __init__(self) -> None:
        self.valid: set[str] = set()
        self.used = 0

    def issue(self) -> str:
        token = uuid.uuid4().hex
        self.valid.add(token)
        return token


def _buyer_access(audience: str) -> str:
    """The access token the provider issues to buyer-a, for ``audience``."""
    return mint_token(
        subject=BUYER.org_id,
        name=BUYER.name,
        roles=["buyer"],
        org_type="person",
        org_id=BUYER.org_id,
        county="620821",
        audience=audience,
    )


def fake_provider(
    audience: str = "rural-exchange", refreshes: Refreshes | None = None
) -> Starlette:
    codes: dict[str, dict[str, str]] = {}

    async def discovery(_r: Request) -> JSONResponse:
        return JSONResponse(
            {
                "issuer": ISSUER,
                "authorization_endpoint": f"{ISSUER}/authorize",
                "token_endpoint": f"{ISSUER}/token",
                "jwks_uri": f"{ISSUER}/jwks",
                "response_types_supported": ["code"],
                "subject_types_supported": ["public"],
                "id_token_signing_alg_values_supported": ["RS256"],
                "code_challenge_methods_supported": ["S256"],
            }
        )

    async def authorize(r: Request) -> RedirectResponse:
        q = r.query_params
        assert q["client_id"] == CLIENT and q["code_challenge_method"] == "S256"
        code = uuid.uuid4().hex
        codes[code] = {"nonce": q["nonce"], "challenge": q["code_challenge"]}
        return RedirectResponse(
            f"{q['redirect_uri']}?{urlencode({'code': code, 'state': q['state']})}", 302
        )

    async def token(r: Request) -> JSONResponse:
        form = await r.form()
        if form.get("grant_type") == "refresh_token":
            old = str(form.get("refresh_token"))
            if refreshes is None or old not in refreshes.valid:
                return JSONResponse({"error": "invalid_grant"}, 400)
            refreshes.valid.discard(old)  # rotated: each refresh token works once
            refreshes.used += 1
            access = _buyer_access(audience)
            return JSONResponse(
                {
                    "access_token": access,
                    "token_type": "Bearer",
                    "expires_in": 600,
                    "refresh_token": refreshes.issue(),
                }
            )
        issued = codes.pop(str(form["code"]), None)
        verifier = str(form.get("code_verifier", ""))
        digest = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
        if issued is None or digest.rstrip(b"=").decode() != issued["challenge"]:
            return JSONResponse({"error": "invalid_grant"}, 400)
        now = int(time.time())
        id_token = jwt.encode(
            {
                "iss": ISSUER,
                "sub": BUYER.org_id,
                "aud": CLIENT,
                "nonce": issued["nonce"],
                "iat": now,
                "exp": now + 600,
            },
            dev_private_key(),
            algorithm="RS256",
            headers={"kid": DEV_KID},
        )
        access = _buyer_access(audience)
        answer = {
            "access_token": access,
            "token_type": "Bearer",
            "expires_in": 600,
            "id_token": id_token,
        }
        if refreshes is not None:
            answer["refresh_token"] = refreshes.issue()
        return JSONResponse(answer)

    async def jwks(_r: Request) -> JSONResponse:
        key = json.loads(RSAAlgorithm.to_jwk(load_pem_public_key(dev_public_key().encode())))
        return JSONResponse({"keys": [key | {"kid": DEV_KID, "alg": "RS256", "use": "sig"}]})

    return Starlette(
        routes=[
            Route("/.well-known/openid-configuration", discovery),
            Route("/authorize", authorize),
            Route("/token", token, methods=["POST"]),
            Route("/jwks", jwks),
        ]
    )


def portal(tmp_path: Path, provider: Starlette, **kw: Any):
    pem = tmp_path / "idp-public.pem"
    pem.write_text(dev_public_key())
    settings = PortalSettings(
        env="production",
        secret_key="a-long-random-production-secret",
        jwt_use_dev_key=False,
        jwt_public_keys=[pem],
        database_url="postgresql+asyncpg://rex:strong-password@127.0.0.1:1/rex",
        portal_oidc_discovery_url=f"{ISSUER}/.well-known/openid-configuration",
        portal_oidc_client_id=CLIENT,
        portal_oidc_client_secret="client-secret",
    )
    return create_portal_app(
        settings, apps=kw.pop("apps", {}), oidc_transport=httpx.ASGITransport(provider), **kw
    )


def _browser(app: Any) -> httpx.AsyncClient:
    """A browser of the portal, over https (outside development the cookie is Secure)."""
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(app),
        base_url="https://portal.test",
        headers={"Accept": "text/html"},
    )


async def _to_provider_and_back(b: httpx.AsyncClient, idp: httpx.AsyncClient) -> httpx.Response:
    start = await b.get("/sign-in", params={"next": "/board"})
    assert start.status_code == 302 and start.headers["location"].startswith(ISSUER)
    back = await idp.get(start.headers["location"])  # the person signs in at the provider
    assert back.status_code == 302
    callback = urlsplit(back.headers["location"])
    assert callback.path == "/auth/callback"
    return await b.get(f"/auth/callback?{callback.query}")


async def test_X3_county_provider_sign_in_keeps_the_verified_access_token(tmp_path) -> None:
    provider = fake_provider()
    app = portal(tmp_path, provider)
    async with (
        _browser(app) as b,
        httpx.AsyncClient(transport=httpx.ASGITransport(provider), base_url=ISSUER) as idp,
    ):
        done = await _to_provider_and_back(b, idp)
        assert done.status_code == 303 and done.headers["location"] == "/board", done.text
        cookie = done.headers["set-cookie"].lower()
        assert "secure" in cookie and "httponly" in cookie and "samesite=lax" in cookie
        home = await b.get("/")
        assert BUYER.name in home.text and "eyJ" not in home.text
        # a replayed or forged callback (wrong state) signs nobody in
        async with _browser(app) as other:
            forged = await other.get(
                "/auth/callback", params={"code": "x", "state": "not-the-sessions"}
            )
            assert forged.status_code == 400
            assert BUYER.name not in (await other.get("/")).text
    await app.state.upstream.aclose()


async def test_X3_an_access_token_the_services_would_refuse_never_signs_in(tmp_path) -> None:
    provider = fake_provider(audience="some-other-system")
    app = portal(tmp_path, provider)
    async with (
        _browser(app) as b,
        httpx.AsyncClient(transport=httpx.ASGITransport(provider), base_url=ISSUER) as idp,
    ):
        refused = await _to_provider_and_back(b, idp)
        assert refused.status_code == 403 and "无权登录" in refused.text
        assert BUYER.name not in (await b.get("/")).text
    await app.state.upstream.aclose()


def _bearer_recorder(seen: list[str]) -> Starlette:
    """A stand-in service answering the /me page's calls, noting the bearer it got."""

    async def mine(r: Request) -> JSONResponse:
        seen.append(r.headers.get("authorization", ""))
        return JSONResponse([])

    return Starlette(routes=[Route("/me/registrations", mine), Route("/me/deals", mine)])


async def test_X3_the_access_token_is_refreshed_before_it_expires_and_a_refused_refresh_signs_out(
    tmp_path,
) -> None:
    refreshes = Refreshes()
    provider = fake_provider(refreshes=refreshes)
    seen: list[str] = []
    service = _bearer_recorder(seen)
    clock = ManualClock()
    app = portal(tmp_path, provider, apps={"listing": service, "bidding": service}, clock=clock)
    async with (
        _browser(app) as b,
        httpx.AsyncClient(transport=httpx.ASGITransport(provider), base_url=ISSUER) as idp,
    ):
        assert (await _to_provider_and_back(b, idp)).status_code == 303
        assert (await b.get("/me")).status_code == 200
        first = seen[-1]
        assert refreshes.used == 0  # fresh: nothing to do
        clock.advance(timedelta(seconds=600 - 30))  # within the margin before expiry
        page = await b.get("/me")
        assert page.status_code == 200 and refreshes.used == 1
        assert seen[-1] != first and seen[-1].startswith("Bearer ey")  # the new token
        assert "eyJ" not in page.text  # never printed
        again = await b.get("/me")  # the renewed session needs no second refresh
        assert again.status_code == 200 and refreshes.used == 1
        refreshes.valid.clear()  # the provider revokes the person's refresh token
        clock.advance(timedelta(seconds=600))
        out = await b.get("/me")
        assert out.status_code == 303 and out.headers["location"].startswith("/sign-in")
        assert BUYER.name not in (await b.get("/")).text
    await app.state.upstream.aclose()
