"""Hot routes (common.hot): a request served before FastAPI's machinery keeps what the
machinery gives every answer — the request id, the metrics per route template, problems
for refusals and errors — and a request its handler declines reaches the ordinary route
with its body intact. Plus ``common.db.driver_connection``: statements on the driver stay
in the unit of work's one transaction (real PostgreSQL)."""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import APIRouter, Request
from sqlalchemy import text
from sqlalchemy.exc import OperationalError
from starlette.applications import Starlette
from starlette.routing import Mount

from common.app import create_app
from common.db import driver_connection
from common.hot import HotAnswer, HotRequest, HotRoute
from common.migrations import upgrade
from common.problems import Problem
from common.runtime import ServiceRuntime
from testkit.testing import make_settings, pg_settings

TEMPLATE = "/t/echo/{name}"


async def hot_echo(request: HotRequest) -> HotAnswer | None:
    body = json.loads(request.body or b"{}")
    if body.get("hot"):
        name = request.path_params["name"]
        return HotAnswer(201, json.dumps({"via": "hot", "name": name}).encode())
    if body.get("refuse"):
        raise Problem(409, "test-refusal", "Refused", "拒绝", rule="B2")
    if body.get("boom"):
        raise RuntimeError("a bug in a hot handler")
    if body.get("db_down"):
        raise TimeoutError  # asyncpg's connect timeout under load
    return None  # anything else: the ordinary route


def ordinary_router() -> APIRouter:
    r = APIRouter()

    @r.post(TEMPLATE)
    async def echo(name: str, request: Request) -> dict[str, object]:
        return {"via": "ordinary", "name": name, "body": (await request.body()).decode()}

    @r.get(TEMPLATE)
    async def read(name: str) -> dict[str, str]:
        return {"via": "ordinary-get", "name": name}

    @r.put(TEMPLATE)
    async def db_down(name: str) -> dict[str, str]:
        raise OperationalError("SELECT 1", {}, ConnectionRefusedError("connection refused"))

    return r


@pytest.fixture
async def runtime(tmp_path, services: dict) -> AsyncIterator[ServiceRuntime]:
    definition = services["listing"].replace(
        routers=[ordinary_router()],
        hot_routes=[HotRoute("POST", TEMPLATE, hot_echo, max_body=64)],
    )
    settings = make_settings(data_dir=tmp_path)
    await upgrade(definition, settings)
    rt = ServiceRuntime(definition, settings)
    yield rt
    await rt.dispose()


@pytest.fixture
async def client(runtime: ServiceRuntime) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(runtime.definition, runtime.settings, runtime=runtime)
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as c:
        yield c


def _count(metrics: str, status: int) -> str:
    return f'rex_http_requests_total{{method="POST",route="{TEMPLATE}",status="{status}"}}'


async def test_a_hot_answer_carries_its_request_id_and_is_counted_per_route(
    client: httpx.AsyncClient,
) -> None:
    given = await client.post("/t/echo/ann", json={"hot": True}, headers={"X-Request-ID": "w-7"})
    assert given.status_code == 201
    assert given.json() == {"via": "hot", "name": "ann"}
    assert given.headers["content-type"] == "application/json"
    assert given.headers["X-Request-ID"] == "w-7"
    made = await client.post("/t/echo/bo", json={"hot": True})
    assert len(made.headers["X-Request-ID"]) == 32
    metrics = (await client.get("/metrics")).text
    assert _count(metrics, 201) + " 2.0" in metrics


async def test_a_declined_request_reaches_the_ordinary_route_with_its_body(
    client: httpx.AsyncClient,
) -> None:
    r = await client.post("/t/echo/cy", content=b'{"hot": false, "x": 1}')
    assert r.status_code == 200
    assert r.json() == {"via": "ordinary", "name": "cy", "body": '{"hot": false, "x": 1}'}
    assert len(r.headers["X-Request-ID"]) == 32
    # another method, another path: never the hot handler
    assert (await client.get("/t/echo/cy")).json() == {"via": "ordinary-get", "name": "cy"}
    assert (await client.post("/t/echo/cy/more", json={"hot": True})).status_code == 404
    slash = await client.post("/t/echo/cy/", json={"hot": True}, follow_redirects=False)
    assert slash.status_code == 307  # the ordinary router's redirect, not the hot handler


async def test_a_body_over_the_limit_goes_unread_to_the_ordinary_route(
    client: httpx.AsyncClient,
) -> None:
    big = json.dumps({"hot": True, "pad": "x" * 100})
    r = await client.post("/t/echo/dee", content=big)
    assert r.json() == {"via": "ordinary", "name": "dee", "body": big}


async def test_a_refusal_is_a_problem_with_the_request_id(client: httpx.AsyncClient) -> None:
    r = await client.post("/t/echo/eve", json={"refuse": True}, headers={"X-Request-ID": "w-8"})
    assert r.status_code == 409
    assert r.headers["content-type"] == "application/problem+json"
    assert r.headers["X-Request-ID"] == "w-8"
    body = r.json()
    assert (body["rule"], body["instance"]) == ("B2", "/t/echo/eve")
    metrics = (await client.get("/metrics")).text
    assert _count(metrics, 409) + " 1.0" in metrics


async def test_an_unexpected_error_is_logged_and_answered_500(
    client: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR, logger="common.hot"):
        r = await client.post("/t/echo/fay", json={"boom": True})
    assert r.status_code == 500
    assert r.json()["type"].endswith("internal-error")
    assert "a bug in a hot handler" in caplog.text
    assert "X-Request-ID" in r.headers


async def test_X4_a_database_or_network_failure_is_503_with_retry_after_never_500(
    client: httpx.AsyncClient,
) -> None:
    # a connection timeout under load (seen in the B2 race test on a loaded box) and a
    # refused connection are not bugs of the request: the caller may retry
    for r in (
        await client.post("/t/echo/gus", json={"db_down": True}),
        await client.put("/t/echo/gus"),
    ):
        assert r.status_code == 503, r.text
        assert r.headers["Retry-After"] == "1"
        body = r.json()
        assert body["type"].endswith("unavailable") and body["rule"] == "X4"
        assert "请稍后重试" in body["title_zh"]


async def test_a_hot_route_matches_under_a_mount(runtime: ServiceRuntime) -> None:
    """The embedded mode mounts each service at /<name>."""
    app = create_app(runtime.definition, runtime.settings, runtime=runtime)
    root = Starlette(routes=[Mount("/listing", app=app)])
    transport = httpx.ASGITransport(app=root)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as c:
        r = await c.post("/listing/t/echo/gus", json={"hot": True})
        assert (r.status_code, r.json()) == (201, {"via": "hot", "name": "gus"})
        r = await c.post("/listing/t/echo/gus", json={"hot": False})
        assert r.json()["via"] == "ordinary"


async def test_driver_statements_commit_and_roll_back_with_the_unit_of_work(
    pg: str, services: dict
) -> None:
    rt = ServiceRuntime(services["listing"], pg_settings())
    try:
        async with rt.transaction() as s:
            await s.execute(text("CREATE TABLE hot_probe (id text PRIMARY KEY)"))

        async def count() -> int:
            async with rt.transaction() as s:
                return (await s.execute(text("SELECT count(*) FROM hot_probe"))).scalar_one()

        with pytest.raises(RuntimeError):
            async with rt.transaction() as s:
                pg_conn = await driver_connection(s)  # before any SQLAlchemy statement
                await pg_conn.execute("INSERT INTO hot_probe VALUES ($1)", "a")
                raise RuntimeError("the unit of work fails after the driver's statement")
        assert await count() == 0  # rolled back with the session

        async with rt.transaction() as s:
            await s.execute(text("INSERT INTO hot_probe VALUES ('b')"))  # SQLAlchemy began
            pg_conn = await driver_connection(s)
            await pg_conn.execute("INSERT INTO hot_probe VALUES ($1)", "c")
            assert (await s.execute(text("SELECT count(*) FROM hot_probe"))).scalar_one() == 2
        assert await count() == 2  # both committed with the session
    finally:
        async with rt.transaction() as s:
            await s.execute(text("DROP TABLE IF EXISTS hot_probe"))
        await rt.dispose()


async def test_driver_connection_is_none_on_sqlite(runtime: ServiceRuntime) -> None:
    async with runtime.transaction() as s:
        assert await driver_connection(s) is None
