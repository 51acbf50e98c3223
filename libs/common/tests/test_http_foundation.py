"""The HTTP foundation: auth (X3), problem details (X4), one transaction per request,
Idempotency-Key — on SQLite (embedded) and on the real PostgreSQL."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import Depends
from pydantic import BaseModel
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from common.auth import Principal, Role, mint_token, require
from common.context import session_context
from common.contracts.platform import ProbeRecorded
from common.ids import ResidentId, generate_resident_id
from common.money import Money
from common.outbox import record_event
from common.problems import Problem
from common.routes import get_session, router
from common.runtime import ServiceRuntime
from common.settings import Settings
from testkit.testing import auth, backend_settings, serving

PERSON = generate_resident_id("620821")


class Payment(BaseModel):
    party_id: ResidentId
    amount: Money


def test_router():
    r = router(prefix="/t", tags=["test"])

    @r.post("/payments", status_code=201)
    async def pay(
        body: Payment,
        session: AsyncSession = Depends(get_session),
        who: Principal = require(Role.lender, Role.exchange_staff),
    ) -> dict[str, str]:
        ctx = session_context(session)
        event_id = await record_event(
            session,
            ProbeRecorded(
                probe_id=body.party_id, sequence=0, sent_at=ctx.clock.now(), note=str(body.amount)
            ),
        )
        return {"event_id": str(event_id), "by": who.subject, "amount": str(body.amount)}

    @r.post("/once", status_code=201)
    async def once(
        body: Payment,
        session: AsyncSession = Depends(get_session),
        who: Principal = require(Role.lender),
    ) -> dict[str, str]:
        """Like a bid: a second effect for the same party is refused (409)."""
        ctx = session_context(session)
        o = ctx.infra.outbox
        if await session.scalar(select(func.count()).where(o.c.aggregate_id == body.party_id)):
            raise Problem(409, "already-done", "Already done", "已经处理", rule="B2")
        event_id = await record_event(
            session, ProbeRecorded(probe_id=body.party_id, sequence=0, sent_at=ctx.clock.now())
        )
        return {"event_id": str(event_id)}

    @r.post("/boom")
    async def boom(session: AsyncSession = Depends(get_session)) -> dict[str, str]:
        ctx = session_context(session)
        await record_event(
            session, ProbeRecorded(probe_id="boom", sequence=0, sent_at=ctx.clock.now())
        )
        raise RuntimeError("a bug")

    @r.post("/refused")
    async def refused(session: AsyncSession = Depends(get_session)) -> dict[str, str]:
        ctx = session_context(session)
        await record_event(
            session, ProbeRecorded(probe_id="refused", sequence=0, sent_at=ctx.clock.now())
        )
        raise Problem(409, "test-refusal", "Refused after writing", "写入后被拒绝", rule="L5")

    return r


test_router.__test__ = False  # type: ignore[attr-defined]


@pytest.fixture(
    params=["sqlite", pytest.param("postgres", marks=[pytest.mark.postgres, pytest.mark.kafka])]
)
def backend(request: pytest.FixtureRequest, tmp_path) -> Settings:
    if request.param == "postgres":
        request.getfixturevalue("kafka")  # readiness checks the real broker
    return backend_settings(request, tmp_path)


@pytest.fixture
async def client(backend: Settings, services: dict) -> AsyncIterator:
    async with serving(services["listing"].replace(routers=[test_router()]), backend) as c:
        yield c


async def outbox_count(runtime: ServiceRuntime) -> int:
    async with runtime.transaction() as s:
        return await s.scalar(select(func.count()).select_from(runtime.definition.infra.outbox))


def body(amount: str = "1234.50") -> dict[str, str]:
    return {"party_id": PERSON, "amount": amount}


async def test_health_ready_and_openapi(client: httpx.AsyncClient) -> None:
    assert (await client.get("/healthz")).json()["status"] == "ok"
    ready = await client.get("/readyz")
    assert ready.status_code == 200, ready.text
    spec = (await client.get("/openapi.json")).json()
    assert "/t/payments" in spec["paths"] and "/readyz" in spec["paths"]


async def test_X3_valid_token_with_the_right_role_is_served(client: httpx.AsyncClient) -> None:
    r = await client.post(
        "/t/payments", json=body(), headers=auth("lender", org_type="bank", org_id="bank-001")
    )
    assert r.status_code == 201, r.text
    assert r.json()["amount"] == "1234.50"
    assert await outbox_count(client.runtime) == 1  # type: ignore[attr-defined]


async def test_X3_missing_token_is_401_problem(client: httpx.AsyncClient) -> None:
    r = await client.post("/t/payments", json=body())
    assert r.status_code == 401
    assert r.headers["content-type"] == "application/problem+json"
    assert r.json()["rule"] == "X3" and r.json()["title_zh"]


async def test_X3_token_signed_with_a_wrong_key_is_refused(client: httpx.AsyncClient) -> None:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    other = (
        rsa.generate_private_key(public_exponent=65537, key_size=2048)
        .private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        .decode()
    )
    forged = mint_token(
        subject="x", roles=["exchange_staff"], org_type="county", org_id="620821", private_key=other
    )
    r = await client.post("/t/payments", json=body(), headers={"Authorization": f"Bearer {forged}"})
    assert r.status_code == 401
    assert r.headers["content-type"] == "application/problem+json"
    assert "signature" in r.json()["detail"]
    assert await outbox_count(client.runtime) == 0  # type: ignore[attr-defined]


async def test_X3_expired_token_is_refused(client: httpx.AsyncClient) -> None:
    old = mint_token(
        subject="x",
        roles=["exchange_staff"],
        org_type="county",
        org_id="620821",
        ttl_s=60,
        now=time.time() - 3600,
    )
    r = await client.post("/t/payments", json=body(), headers={"Authorization": f"Bearer {old}"})
    assert r.status_code == 401
    assert r.json()["detail"] == "token has expired"
    assert r.json()["detail_zh"] == "令牌已过期"


async def test_X3_wrong_role_is_403_problem(client: httpx.AsyncClient) -> None:
    r = await client.post(
        "/t/payments", json=body(), headers=auth("buyer", org_type="person", org_id=PERSON)
    )
    assert r.status_code == 403
    assert r.headers["content-type"] == "application/problem+json"
    assert r.json()["rule"] == "X3"
    assert await outbox_count(client.runtime) == 0  # type: ignore[attr-defined]


async def test_X4_bad_input_names_every_field_and_changes_nothing(
    client: httpx.AsyncClient,
) -> None:
    bad_id = PERSON[:-1] + ("0" if PERSON[-1] != "0" else "1")
    r = await client.post(
        "/t/payments", json={"party_id": bad_id, "amount": "1.005"}, headers=auth("exchange_staff")
    )
    assert r.status_code == 422
    problem = r.json()
    assert r.headers["content-type"] == "application/problem+json"
    fields = {e["field"]: e for e in problem["errors"]}
    assert set(fields) == {"party_id", "amount"}
    assert all(e["rule"] == "X4" for e in problem["errors"])
    assert "check" in fields["party_id"]["message"] and fields["party_id"]["message_zh"]
    assert "two decimal places" in fields["amount"]["message"]
    assert await outbox_count(client.runtime) == 0  # type: ignore[attr-defined]


async def test_X1_a_refused_request_rolls_back_its_event(client: httpx.AsyncClient) -> None:
    r = await client.post("/t/refused", headers=auth("exchange_staff"))
    assert r.status_code == 409 and r.json()["rule"] == "L5"
    assert await outbox_count(client.runtime) == 0  # type: ignore[attr-defined]


async def test_unknown_path_is_a_problem_too(client: httpx.AsyncClient) -> None:
    r = await client.get("/nowhere")
    assert r.status_code == 404 and r.headers["content-type"] == "application/problem+json"


async def test_idempotency_key_replays_the_first_response(client: httpx.AsyncClient) -> None:
    headers = {**auth("lender", org_type="bank", org_id="bank-001"), "Idempotency-Key": "cb-1"}
    first = await client.post("/t/payments", json=body(), headers=headers)
    second = await client.post("/t/payments", json=body(), headers=headers)
    assert first.status_code == second.status_code == 201
    assert second.content == first.content
    assert second.headers["Idempotent-Replayed"] == "true"
    assert await outbox_count(client.runtime) == 1  # type: ignore[attr-defined]


async def test_idempotency_key_with_a_different_body_is_refused(
    client: httpx.AsyncClient,
) -> None:
    headers = {**auth("lender", org_type="bank", org_id="bank-001"), "Idempotency-Key": "cb-2"}
    assert (
        await client.post("/t/payments", json=body("10.00"), headers=headers)
    ).status_code == 201
    r = await client.post("/t/payments", json=body("20.00"), headers=headers)
    assert r.status_code == 422
    assert r.json()["type"].endswith("idempotency-key-reused")
    assert await outbox_count(client.runtime) == 1  # type: ignore[attr-defined]


async def test_idempotency_keys_are_per_caller(client: httpx.AsyncClient) -> None:
    a = {**auth("lender", org_type="bank", org_id="b1", subject="bank-a"), "Idempotency-Key": "k"}
    b = {**auth("lender", org_type="bank", org_id="b2", subject="bank-b"), "Idempotency-Key": "k"}
    assert (await client.post("/t/payments", json=body(), headers=a)).status_code == 201
    assert (await client.post("/t/payments", json=body(), headers=b)).status_code == 201
    assert await outbox_count(client.runtime) == 2  # type: ignore[attr-defined]


async def test_a_refused_request_does_not_burn_its_idempotency_key(
    client: httpx.AsyncClient,
) -> None:
    headers = {**auth("lender", org_type="bank", org_id="bank-001"), "Idempotency-Key": "cb-3"}
    r = await client.post("/t/payments", json=body("1.001"), headers=headers)
    assert r.status_code == 422
    r = await client.post("/t/payments", json=body("1.00"), headers=headers)
    assert r.status_code == 201
    assert await outbox_count(client.runtime) == 1  # type: ignore[attr-defined]


async def test_racing_retries_with_one_key_apply_once(client: httpx.AsyncClient) -> None:
    headers = {**auth("lender", org_type="bank", org_id="bank-001"), "Idempotency-Key": "race"}
    responses = await asyncio.gather(
        *[client.post("/t/payments", json=body(), headers=headers) for _ in range(8)]
    )
    assert {r.status_code for r in responses} == {201}
    assert len({r.content for r in responses}) == 1
    assert await outbox_count(client.runtime) == 1  # type: ignore[attr-defined]


async def test_racing_retries_of_a_once_only_request_all_get_the_first_response(
    client: httpx.AsyncClient,
) -> None:
    headers = {**auth("lender", org_type="bank", org_id="bank-001"), "Idempotency-Key": "bid-1"}
    responses = await asyncio.gather(
        *[client.post("/t/once", json=body(), headers=headers) for _ in range(8)]
    )
    assert [r.status_code for r in responses] == [201] * 8, [r.text for r in responses]
    assert len({r.content for r in responses}) == 1
    assert await outbox_count(client.runtime) == 1  # type: ignore[attr-defined]


async def test_idempotency_key_without_a_caller_is_not_a_shared_scope(
    client: httpx.AsyncClient,
) -> None:
    r = await client.post("/t/payments", json=body(), headers={"Idempotency-Key": "anon"})
    assert r.status_code == 401  # the endpoint's own refusal, not someone's stored reply


async def test_an_unexpected_error_is_a_500_problem_that_changed_nothing(
    client: httpx.AsyncClient,
) -> None:
    r = await client.post("/t/boom", headers=auth("exchange_staff"))
    assert r.status_code == 500
    assert r.headers["content-type"] == "application/problem+json"
    assert r.json()["detail_zh"] == "内部错误，未做任何更改"
    assert await outbox_count(client.runtime) == 0  # type: ignore[attr-defined]
    metrics = (await client.get("/metrics")).text
    assert 'rex_http_requests_total{method="POST",route="/t/boom",status="500"} 1.0' in metrics


async def test_every_answer_carries_its_request_id_and_is_counted_per_route(
    client: httpx.AsyncClient,
) -> None:
    given = await client.get("/healthz", headers={"X-Request-ID": "terminal-7-0042"})
    assert given.headers["X-Request-ID"] == "terminal-7-0042"  # a caller's id is kept
    made = await client.get("/healthz")
    other = await client.get("/healthz")
    assert len(made.headers["X-Request-ID"]) == 32
    assert made.headers["X-Request-ID"] != other.headers["X-Request-ID"]
    refused = await client.post("/t/payments", json={})
    assert refused.status_code == 401 and "X-Request-ID" in refused.headers
    metrics = (await client.get("/metrics")).text
    assert 'rex_http_requests_total{method="GET",route="/healthz",status="200"} 3.0' in metrics
    assert 'rex_http_requests_total{method="POST",route="/t/payments",status="401"} 1.0' in metrics


async def test_an_http_middleware_passes_other_scopes_through_untouched() -> None:
    """The lifespan reaches the app as it came; only HTTP goes through ``http``."""
    from common.asgi import HttpMiddleware

    seen: list[str] = []

    async def inner(scope: dict, receive: object, send: object) -> None:
        seen.append(f"app:{scope['type']}")

    class Marks(HttpMiddleware):
        async def http(self, scope, receive, send) -> None:  # type: ignore[no-untyped-def]
            seen.append("http")
            await self.app(scope, receive, send)

    for kind in ("lifespan", "http"):
        await Marks(inner)({"type": kind}, None, None)  # type: ignore[arg-type]
    assert seen == ["app:lifespan", "http", "app:http"]
