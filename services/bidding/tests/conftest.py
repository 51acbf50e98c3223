"""Fixtures of the bidding tests; the harness itself is ``testkit.bidding``, with the
steps only bidding's tests take (:class:`Trading`)."""

from __future__ import annotations

import asyncio
import contextlib
import socket
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import httpx
import pytest
import uvicorn

from common.clock import ManualClock
from common.contracts.registry import RightTransferred
from common.runtime import ServiceRuntime
from common.settings import Settings
from testkit.bidding import BANK_AUTH, SELLER, Harness
from testkit.testing import (
    BACKENDS,
    backend_settings,
    migrated,
    pg_settings,
    wait_until,
)


class Trading(Harness):
    """The bidding harness plus the steps several of bidding's test modules take."""

    async def open_trade(
        self, listing: str, buyers: list[tuple[str, bool]], *, deposit: str = "5000.00", **close
    ) -> str | None:
        """Publish ``listing``; every buyer pays the deposit (none is due at 0.00); the
        20-day announcement closes with them qualified (L7). The session's id, if one opens."""
        await self.publish_listing(listing, deposit=deposit)
        if deposit != "0.00":
            for party, _priority in buyers:
                assert (await self.pay_deposit(listing, party)).status_code == 201
        self.clock.advance(days=20)
        return await self.close(listing, buyers, deposit=deposit, **close)

    @staticmethod
    def transferred(
        listing_id: str, to_party_id: str, to_name: str = "买家1", at: datetime | None = None
    ) -> RightTransferred:
        """The registry recorded the transfer of the listing's right (CERT-001) from the
        seller to the buyer (R13), by default on 2026-02-01: the deal's money is released."""
        return RightTransferred(
            certificate_no="CERT-001",
            listing_id=listing_id,
            from_party_id=SELLER,
            to_party_id=to_party_id,
            to_name=to_name,
            way="transfer",
            transferred_at=at or datetime(2026, 2, 1, tzinfo=UTC),
        )

    async def pay_balance(self, trade_id: str, amount: str) -> httpx.Response:
        """The bank reports a payment towards the deal's price (B6)."""
        return await self.client.post(
            "/settlement/payments",
            json={"trade_id": trade_id, "amount": amount, "bank_reference": uuid.uuid4().hex[:10]},
            headers={**BANK_AUTH, "Idempotency-Key": uuid.uuid4().hex},
        )

    @contextlib.asynccontextmanager
    async def served(self) -> AsyncIterator[httpx.AsyncClient]:
        """The app on a real uvicorn server (for the SSE feeds), and a client of it."""
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
        server = uvicorn.Server(uvicorn.Config(self.app, log_level="warning", lifespan="off"))
        task = asyncio.create_task(server.serve(sockets=[sock]))
        try:
            await wait_until(lambda: server.started, timeout_s=5, what="uvicorn to start")
            async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=10) as c:
                yield c
        finally:
            server.should_exit = True
            await asyncio.wait_for(task, 10)


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest, tmp_path) -> Settings:
    return backend_settings(request, tmp_path)


@pytest.fixture
def pg_backend(pg: str) -> Settings:
    return pg_settings()


async def _harness(
    settings: Settings, services: dict, clock: ManualClock
) -> AsyncIterator[Trading]:
    from common.app import create_app

    definition = services["bidding"]
    await migrated(definition, settings)
    rt = ServiceRuntime(definition, settings, clock=clock)
    app = create_app(definition, settings, runtime=rt)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app, raise_app_exceptions=False), base_url="http://t"
    ) as c:
        h = Trading(c, rt, clock)
        h.app = app  # type: ignore[attr-defined]
        yield h
    await rt.dispose()


@pytest.fixture
async def h(backend: Settings, services: dict, clock: ManualClock) -> AsyncIterator[Trading]:
    async for x in _harness(backend, services, clock):
        yield x


@pytest.fixture
async def hpg(pg_backend: Settings, services: dict, clock: ManualClock) -> AsyncIterator[Trading]:
    async for x in _harness(pg_backend, services, clock):
        yield x
