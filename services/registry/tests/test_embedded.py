"""The registry embedded (SQLite, in-process bus): the listing's pre-review calls the
title search in-process through peer_client, and a settlement published by bidding is
applied by the registry's worker (R1, L4, X1)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from decimal import Decimal

from registry_testkit import ledger_right, settlement
from sqlalchemy import func, select

from common.contracts.registry_api import TITLE_SEARCH_PATH, TitleSearchResult
from common.ids import generate_resident_id
from common.service_client import peer_client
from registry.rights.models import Right
from testkit.testing import commit_events, embedded_app, make_settings, wait_until


async def test_R1_embedded_title_search_and_settlement(tmp_path, services: dict) -> None:
    settings = make_settings(data_dir=tmp_path, registry_url="http://127.0.0.1:1/registry")
    chosen = {n: services[n] for n in ("listing", "bidding", "registry")}
    app = await embedded_app(settings, chosen)
    seller, buyer = generate_resident_id("620821"), generate_resident_id("620821")
    async with app.router.lifespan_context(app):
        registry, bidding = app.state.runtimes["registry"], app.state.runtimes["bidding"]
        await ledger_right(registry, "EMB0001", seller, Decimal("8.5"))
        async with peer_client(app.state.runtimes["listing"], "registry") as c:
            r = await c.get(TITLE_SEARCH_PATH.format(certificate_no="EMB0001"))
            assert r.status_code == 200, r.text
            title = TitleSearchResult.model_validate(r.json())
            assert title.holders[0].party_id == seller and title.liens == []
            assert (
                await c.get(TITLE_SEARCH_PATH.format(certificate_no="NONE0"))
            ).status_code == 404
        settled = settlement(
            "EMB0001",
            listing_id="L-emb",
            trade_id="T-" + uuid.uuid4().hex[:6],
            seller_party_id=seller,
            buyer_party_id=buyer,
            price=Decimal("90000.00"),
            settled_at=datetime.now(UTC),
        )
        await commit_events(bidding, settled)

        async def holder() -> str:
            async with registry.transaction() as s:
                return await s.scalar(
                    select(Right.holder_party_id).where(Right.certificate_no == "EMB0001")
                )

        await wait_until(lambda: _eq(holder, buyer), 20, "the in-process settlement")
        o = registry.definition.infra.outbox
        async with registry.transaction() as s:
            n = await s.scalar(
                select(func.count())
                .select_from(o)
                .where(o.c.event_type == "registry.right_transferred")
            )
        assert n == 1


async def _eq(fn, value) -> bool:
    return await fn() == value
