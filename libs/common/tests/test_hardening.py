"""Hostile input and defence in depth (issue 16 items 5–8, 10–13), on a small service of
test routes behind the real ``create_app``: deeply nested JSON, control and bidi
characters, oversized headers and tokens, security headers, CORS, rate limits (time moved
by a ManualClock) and who may read /metrics."""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import httpx
import pytest
from fastapi import APIRouter, Depends, Form, Query
from pydantic import BaseModel, Field

from common.app import create_app
from common.auth import Principal, current_principal
from common.clock import ManualClock
from common.hardening import MAX_JSON_DEPTH, clean_text, json_depth_exceeds
from common.hot import HotAnswer, HotRequest, HotRoute
from common.migrations import upgrade
from common.quantities import AreaMu, Count
from common.routes import router
from common.runtime import ServiceRuntime
from common.settings import Settings
from testkit.testing import auth, make_settings

HOT = "/t/hot/{name}"


class NoteIn(BaseModel):
    title: str = Field(max_length=200)
    description: str = ""
    tags: list[str] = Field(default_factory=list)
    labels: dict[str, str] = Field(default_factory=dict)
    area_mu: AreaMu | None = None
    count: Count = 0


class Stored(BaseModel):
    title: str


async def stored() -> Stored:
    return Stored(title="已存\n数据")  # the service's own data, not the request's


def routes() -> list[APIRouter]:
    r = router()

    @r.get("/t/stored")
    async def read_stored(row: Stored = Depends(stored)) -> dict[str, str]:
        return {"title": row.title}

    @r.post("/t/notes", status_code=201)
    async def note(body: NoteIn, who: Principal = Depends(current_principal)) -> dict[str, Any]:
        return body.model_dump(mode="json")

    @r.post("/t/forms", status_code=201)
    async def form(name: str = Form(max_length=100), reason: str = Form("")) -> dict[str, str]:
        return {"name": name, "reason": reason}

    @r.get("/t/search")
    async def search(q: str = Query(max_length=100)) -> dict[str, str]:
        return {"q": q}

    plain = APIRouter()  # not a TransactionalRoute: guarded all the same

    @plain.post(HOT, status_code=201)
    async def ordinary_hot(
        name: str, body: dict[str, Any], who: Principal = Depends(current_principal)
    ) -> dict[str, Any]:
        return {"via": "ordinary", "name": name, "body": body}

    return [r, plain]


async def hot_handler(request: HotRequest) -> HotAnswer | None:
    body = json.loads(request.body or b"{}")
    if isinstance(body, dict) and body.get("hot"):
        return HotAnswer(201, json.dumps({"via": "hot"}).encode())
    return None


async def _client(
    tmp_path: Any, services: dict, clock: ManualClock, **settings: Any
) -> AsyncIterator[httpx.AsyncClient]:
    definition = services["listing"].replace(
        routers=routes(), hot_routes=[HotRoute("POST", HOT, hot_handler, max_body=1 << 20)]
    )
    s: Settings = make_settings(data_dir=tmp_path, **settings)
    await upgrade(definition, s)
    rt = ServiceRuntime(definition, s, clock=clock)
    app = create_app(definition, s, runtime=rt)
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as c:
            yield c
    finally:
        await rt.dispose()


@pytest.fixture
async def client(tmp_path, services: dict, clock: ManualClock) -> AsyncIterator[httpx.AsyncClient]:
    async for c in _client(tmp_path, services, clock):
        yield c


@pytest.fixture
async def limited(tmp_path, services: dict, clock: ManualClock) -> AsyncIterator[httpx.AsyncClient]:
    async for c in _client(
        tmp_path, services, clock, rate_limit_auth_failures=5, rate_limit_writes=10
    ):
        yield c


def nested(levels: int) -> str:
    return "[" * levels + "]" * levels


def fields(r: httpx.Response) -> dict[str, str]:
    assert r.headers["content-type"].startswith("application/problem+json"), r.text
    return {e["field"]: e["rule"] for e in r.json()["errors"]}


WRITER = auth("township_clerk", org_type="township", org_id="620821101")


# -- item 5: deeply nested JSON ------------------------------------------------------


def test_X4_the_depth_scan_counts_brackets_outside_strings_only() -> None:
    assert not json_depth_exceeds(nested(MAX_JSON_DEPTH).encode())
    assert json_depth_exceeds(nested(MAX_JSON_DEPTH + 1).encode())
    quoted = json.dumps({"text": "[" * 5000 + '\\"{' * 100}).encode()
    assert not json_depth_exceeds(quoted)
    assert json_depth_exceeds(b'{"a":"\\"",' + b'"b":' + nested(1000).encode() + b"}")


@pytest.mark.parametrize("path", ["/t/notes", HOT.replace("{name}", "x")])
@pytest.mark.parametrize("headers", [{}, WRITER], ids=["anonymous", "authenticated"])
async def test_X4_a_deeply_nested_body_is_a_400_on_hot_and_ordinary_routes_without_a_traceback(
    client: httpx.AsyncClient, path: str, headers: dict, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.ERROR)
    body = '{"title":' + nested(1000) + ',"hot":true}'
    r = await client.post(
        path, content=body, headers={**headers, "content-type": "application/json"}
    )
    assert r.status_code == 400, r.text
    assert r.json()["type"].endswith("/body-too-deep") and fields(r) == {"body": "X4"}
    assert r.json()["title_zh"]
    assert not [rec for rec in caplog.records if rec.levelno >= logging.ERROR]
    # just within the limit: the route's own validation answers
    shallow = '{"title":' + nested(MAX_JSON_DEPTH - 1) + "}"
    r = await client.post(
        "/t/notes", content=shallow, headers={**WRITER, "content-type": "application/json"}
    )
    assert r.status_code == 422 and "title" in fields(r)


async def test_X4_only_json_bodies_are_scanned_for_depth(client: httpx.AsyncClient) -> None:
    # a CSV or a text upload may hold brackets; it is not JSON and never parsed as such
    r = await client.post(
        HOT.replace("{name}", "x"),
        content=nested(100),
        headers={**WRITER, "content-type": "text/csv"},
    )
    assert r.status_code == 422  # the route's own refusal: the body is not a JSON object
    r = await client.post(
        HOT.replace("{name}", "x"),
        content=nested(100),
        headers={**WRITER, "content-type": "application/vnd.api+json; charset=utf-8"},
    )
    assert r.status_code == 400 and r.json()["type"].endswith("/body-too-deep")


# -- item 6: control and bidi characters ---------------------------------------------


@pytest.mark.parametrize(
    "bad",
    [
        "a\x00b",
        "王\u202e芳",
        "zero\u200bwidth",
        "bom\ufeff",
        "line\nbreak",
        "tab\t",
        "\u2028",
        "x\x85",
    ],
)
async def test_X4_control_and_bidi_characters_are_refused_in_single_line_text(
    client: httpx.AsyncClient, bad: str
) -> None:
    r = await client.post(
        "/t/notes",
        json={"title": bad, "tags": ["ok", bad], "labels": {bad: "v", "k": bad}},
        headers=WRITER,
    )
    assert r.status_code == 422, r.text
    assert set(fields(r)) == {"title", "tags.1", f"labels.{bad}", "labels.k"}
    error = r.json()["errors"][0]
    assert "U+" in error["message"] and "不允许" in error["message_zh"]


async def test_X4_multiline_fields_keep_tabs_and_newlines_but_not_bidi_overrides(
    client: httpx.AsyncClient,
) -> None:
    r = await client.post(
        "/t/notes", json={"title": "t", "description": "一行\n二行\r\n\t缩进"}, headers=WRITER
    )
    assert r.status_code == 201 and r.json()["description"] == "一行\n二行\r\n\t缩进"
    r = await client.post(
        "/t/notes", json={"title": "t", "description": "\u202eevil"}, headers=WRITER
    )
    assert r.status_code == 422 and fields(r) == {"description": "X4"}


async def test_X4_text_is_normalized_to_NFC(client: httpx.AsyncClient) -> None:
    decomposed = "Cafe\u0301 王芳"
    r = await client.post(
        "/t/notes", json={"title": decomposed, "tags": [decomposed]}, headers=WRITER
    )
    assert r.status_code == 201
    assert r.json()["title"] == "Caf\u00e9 王芳" and r.json()["tags"] == ["Caf\u00e9 王芳"]
    assert clean_text("plain ascii") == "plain ascii"


async def test_X4_form_fields_and_query_parameters_are_checked_too(
    client: httpx.AsyncClient,
) -> None:
    r = await client.post("/t/forms", data={"name": "a\u202eb", "reason": "ok\nok"}, headers=WRITER)
    assert r.status_code == 422 and fields(r) == {"name": "X4"}
    r = await client.post("/t/forms", data={"name": "ab", "reason": "ok\nok"}, headers=WRITER)
    assert r.status_code == 201
    r = await client.get("/t/search", params={"q": "a\x00"})
    assert r.status_code == 422 and fields(r) == {"q": "X4"}


async def test_X4_what_a_dependency_returns_is_not_request_text(
    client: httpx.AsyncClient,
) -> None:
    r = await client.get("/t/stored")
    assert r.status_code == 200 and r.json() == {"title": "已存\n数据"}


# -- item 7: numbers without bounds ---------------------------------------------------


@pytest.mark.parametrize("area", ["1e308", "1" + "0" * 400, '"1e999999"', '"NaN"', '"Infinity"'])
async def test_X4_a_quantity_out_of_its_domain_is_refused(
    client: httpx.AsyncClient, area: str
) -> None:
    body = '{"title": "t", "area_mu": ' + area + "}"
    r = await client.post(
        "/t/notes", content=body, headers={**WRITER, "content-type": "application/json"}
    )
    assert r.status_code == 422, r.text
    assert fields(r) == {"area_mu": "X4"}


async def test_X4_a_quantity_keeps_its_precision(client: httpx.AsyncClient) -> None:
    r = await client.post("/t/notes", json={"title": "t", "area_mu": "12.34567"}, headers=WRITER)
    assert r.status_code == 422 and fields(r) == {"area_mu": "X4"}
    r = await client.post("/t/notes", json={"title": "t", "count": 10**400}, headers=WRITER)
    assert r.status_code == 422 and fields(r) == {"count": "X4"}
    r = await client.post("/t/notes", json={"title": "t", "area_mu": "12.3456"}, headers=WRITER)
    assert r.status_code == 201


# -- item 8: header and token size ----------------------------------------------------


async def test_X3_an_oversized_header_is_a_431_and_an_overlong_token_a_401(
    client: httpx.AsyncClient,
) -> None:
    huge = {"Authorization": "Bearer " + "a" * (16 * 1024 * 1024)}
    r = await client.get("/whoami", headers=huge)
    assert r.status_code == 431 and fields(r) == {"headers": "X4"}
    r = await client.get("/whoami", headers={"Authorization": "Bearer " + "a" * 9000})
    assert r.status_code == 401 and "longer than" in r.json()["detail"]


# -- item 10: security headers ------------------------------------------------------


STRICT = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
}


def _secured(r: httpx.Response) -> None:
    for name, value in STRICT.items():
        assert r.headers.get(name) == value, (name, r.headers)
    csp = r.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp


async def test_X3_every_response_carries_the_security_headers(client: httpx.AsyncClient) -> None:
    for r in [
        await client.get("/healthz"),
        await client.post("/t/notes", json={"title": "t"}, headers=WRITER),
        await client.post("/t/notes", json={}, headers=WRITER),  # a refusal
        await client.post(HOT.replace("{name}", "a"), json={"hot": True}),  # a hot answer
        await client.get("/nowhere"),
    ]:
        _secured(r)
        assert "unsafe-inline" not in r.headers["content-security-policy"]
        assert "strict-transport-security" not in r.headers  # plain HTTP
    hot = await client.post(HOT.replace("{name}", "a"), json={"hot": True})
    assert hot.json() == {"via": "hot"}


async def test_X3_hsts_only_over_tls_and_the_docs_page_may_run_swagger(
    client: httpx.AsyncClient,
) -> None:
    r = await client.get("https://test/healthz")
    assert r.headers["strict-transport-security"].startswith("max-age=31536000")
    docs = await client.get("/docs")
    assert docs.status_code == 200
    _secured(docs)
    assert "'unsafe-inline'" in docs.headers["content-security-policy"]


# -- item 11: rate limits -------------------------------------------------------------


async def test_X3_rejected_tokens_are_limited_per_address_with_retry_after(
    limited: httpx.AsyncClient, clock: ManualClock
) -> None:
    good = auth("exchange_staff")
    assert (await limited.get("/whoami", headers=good)).status_code == 200  # verified once
    bad = {"Authorization": "Bearer not.a.token"}
    codes = [(await limited.get("/whoami", headers=bad)).status_code for _ in range(8)]
    assert codes == [401] * 5 + [429] * 3
    r = await limited.get("/whoami", headers=bad)
    assert r.status_code == 429 and fields(r) == {} and r.json()["rule"] == "X3"
    assert int(r.headers["Retry-After"]) >= 1
    # a token already verified still passes; a new one waits like a bad one
    assert (await limited.get("/whoami", headers=good)).status_code == 200
    assert (await limited.get("/whoami", headers=auth("supervisor"))).status_code == 429
    # another address has its own budget
    other = httpx.ASGITransport(app=limited._transport.app, client=("203.0.113.9", 1))  # type: ignore[attr-defined]
    async with httpx.AsyncClient(transport=other, base_url="http://test") as c:
        assert (await c.get("/whoami", headers=bad)).status_code == 401
    clock.advance(timedelta(seconds=int(r.headers["Retry-After"])))
    assert (await limited.get("/whoami", headers=bad)).status_code == 401


async def test_X3_writes_are_limited_per_subject_but_never_accepted_hot_answers(
    limited: httpx.AsyncClient, clock: ManualClock
) -> None:
    codes = [
        (await limited.post("/t/notes", json={"title": "t"}, headers=WRITER)).status_code
        for _ in range(12)
    ]
    assert codes == [201] * 10 + [429] * 2
    r = await limited.post("/t/notes", json={"title": "t"}, headers=WRITER)
    assert r.status_code == 429 and r.headers["Retry-After"] == "6"
    # reads go on; another account writes; the hot route and its ordinary route are free
    assert (await limited.get("/whoami", headers=WRITER)).status_code == 200
    other = auth("township_clerk", org_type="township", org_id="620821101", subject="clerk-2")
    assert (await limited.post("/t/notes", json={"title": "t"}, headers=other)).status_code == 201
    hot = HOT.replace("{name}", "a")
    for _ in range(15):
        assert (await limited.post(hot, json={"hot": True}, headers=WRITER)).status_code == 201
        assert (await limited.post(hot, json={"x": 1}, headers=WRITER)).status_code == 201
    clock.advance(timedelta(seconds=6))
    assert (await limited.post("/t/notes", json={"title": "t"}, headers=WRITER)).status_code == 201


async def test_X3_the_test_settings_switch_the_limits_off(client: httpx.AsyncClient) -> None:
    for _ in range(100):
        assert (
            await client.post("/t/notes", json={"title": "t"}, headers=WRITER)
        ).status_code == 201
    for _ in range(30):
        assert (
            await client.get("/whoami", headers={"Authorization": "Bearer x"})
        ).status_code == 401


# -- item 12: CORS ---------------------------------------------------------------------


PORTAL = "https://portal.county.example"


async def test_X3_cors_allows_the_configured_frontends_and_refuses_every_other_origin(
    tmp_path, services: dict, clock: ManualClock
) -> None:
    async for c in _client(tmp_path, services, clock, cors_origins=[PORTAL]):
        preflight = {
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization,content-type,idempotency-key",
        }
        ok = await c.options("/t/notes", headers={"Origin": PORTAL, **preflight})
        assert ok.status_code == 200
        assert ok.headers["access-control-allow-origin"] == PORTAL
        assert "authorization" in ok.headers["access-control-allow-headers"].lower()
        evil = await c.options("/t/notes", headers={"Origin": "https://evil.example", **preflight})
        assert evil.status_code == 403 and evil.json()["type"].endswith("/cors-refused")
        assert "access-control-allow-origin" not in evil.headers
        _secured(evil)
        got = await c.post("/t/notes", json={"title": "t"}, headers={"Origin": PORTAL, **WRITER})
        assert got.headers["access-control-allow-origin"] == PORTAL
        assert "X-Request-ID" in got.headers["access-control-expose-headers"]
        hot = await c.post(
            HOT.replace("{name}", "a"), json={"hot": True}, headers={"Origin": PORTAL}
        )
        assert hot.json() == {"via": "hot"} and hot.headers["access-control-allow-origin"] == PORTAL
        other = await c.get("/healthz", headers={"Origin": "https://evil.example"})
        assert "access-control-allow-origin" not in other.headers


async def test_X3_no_origin_is_allowed_by_default(client: httpx.AsyncClient) -> None:
    r = await client.options(
        "/t/notes", headers={"Origin": PORTAL, "Access-Control-Request-Method": "POST"}
    )
    assert r.status_code == 403


def test_X3_cors_origins_are_read_comma_separated_or_as_json_and_checked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("REX_CORS_ORIGINS", f"{PORTAL}, http://localhost:5173")
    assert Settings().cors_origins == [PORTAL, "http://localhost:5173"]
    monkeypatch.setenv("REX_CORS_ORIGINS", json.dumps([PORTAL]))
    assert Settings().cors_origins == [PORTAL]
    for wrong in ("*", "https://a.example/path", "portal.example"):
        monkeypatch.setenv("REX_CORS_ORIGINS", wrong)
        with pytest.raises(ValueError, match="not an origin"):
            Settings()


# -- item 13: /metrics -----------------------------------------------------------------


async def test_X3_metrics_answer_the_operator_network_or_the_metrics_token_only(
    tmp_path, services: dict, clock: ManualClock
) -> None:
    async for c in _client(
        tmp_path, services, clock, metrics_networks=["10.8.0.0/16"], metrics_token="s3cret-scrape"
    ):
        app = c._transport.app  # type: ignore[attr-defined]

        async def scrape(host: str, headers: dict[str, str] | None = None, app: Any = app) -> int:
            t = httpx.ASGITransport(app=app, client=(host, 1))
            async with httpx.AsyncClient(transport=t, base_url="http://test") as outside:
                return (await outside.get("/metrics", headers=headers)).status_code

        assert await scrape("10.8.3.4") == 200
        assert await scrape("127.0.0.1") == 403  # loopback is the default, replaced here
        assert await scrape("203.0.113.5") == 403
        assert await scrape("203.0.113.5", {"Authorization": "Bearer wrong"}) == 403
        assert await scrape("203.0.113.5", {"Authorization": "Bearer s3cret-scrape"}) == 200
        assert (await c.get("/metrics")).json()["rule"] == "X3"


async def test_X3_metrics_default_to_loopback(client: httpx.AsyncClient) -> None:
    assert (await client.get("/metrics")).status_code == 200  # httpx's client is 127.0.0.1
    app = client._transport.app  # type: ignore[attr-defined]
    t = httpx.ASGITransport(app=app, client=("198.51.100.7", 1))
    async with httpx.AsyncClient(transport=t, base_url="http://test") as outside:
        assert (await outside.get("/metrics")).status_code == 403
