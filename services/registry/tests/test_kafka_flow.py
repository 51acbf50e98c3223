"""The settlement → transfer flow over the real Kafka on PostgreSQL (R1, X1): bidding's
outbox → relay → Kafka → registry inbox → ledger + registry.right_transferred → Kafka;
a redelivered settlement changes nothing."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from registry_testkit import ledger_right, settlement
from sqlalchemy import func, select

from common.events import Envelope
from common.ids import generate_resident_id
from common.runtime import ServiceRuntime
from registry.rights.models import Right, RightTransfer
from testkit.testing import (
    commit_events,
    consume_until,
    pg_settings,
    read_topic,
    redeliver,
    relay_once,
)

pytestmark = [pytest.mark.postgres, pytest.mark.kafka]


async def test_R1_settlement_over_kafka_transfers_once_and_answers_right_transferred(
    pg: str, kafka: str, services: dict, runtimes: list, tmp_path
) -> None:
    settings = pg_settings(data_dir=tmp_path)
    bidding = ServiceRuntime(services["bidding"], settings)
    registry = ServiceRuntime(services["registry"], settings)
    runtimes += [bidding, registry]
    cert = "KF" + uuid.uuid4().hex[:10]
    seller, buyer = generate_resident_id("620821"), generate_resident_id("620821")
    await ledger_right(registry, cert, seller, Decimal(12))
    listing_id = "L-" + uuid.uuid4().hex[:8]
    settled = settlement(
        cert,
        listing_id=listing_id,
        seller_party_id=seller,
        buyer_party_id=buyer,
        price=Decimal("240000.00"),
        settled_at=datetime.now(UTC),
    )
    await commit_events(bidding, settled)
    assert await relay_once(bidding) >= 1

    async def transfers() -> int:
        async with registry.transaction() as s:
            return await s.scalar(
                select(func.count())
                .select_from(RightTransfer)
                .where(RightTransfer.certificate_no == cert)
            )

    await consume_until(registry, transfers, "the registry to record the transfer")
    async with registry.transaction() as s:
        right = (await s.execute(select(Right).where(Right.certificate_no == cert))).scalar_one()
        assert (right.holder_party_id, right.version) == (buyer, 2)
    assert await relay_once(registry) >= 1
    out = [
        Envelope.from_bytes(r.value)
        for r in await read_topic(kafka, "registry.events", keys=[cert])
    ]
    assert [(e.event_type, e.payload["listing_id"], e.payload["to_party_id"]) for e in out] == [
        ("registry.right_transferred", listing_id, buyer)
    ]

    # Redeliver the settlement: the inbox drops it, the ledger and the outbox stay as they are.
    ours = await read_topic(kafka, "bidding.events", keys=[listing_id])
    await redeliver(kafka, registry, ours[0])
    assert await transfers() == 1
    o = registry.definition.infra.outbox
    async with registry.transaction() as s:
        n = await s.scalar(
            select(func.count())
            .select_from(o)
            .where(o.c.event_type == "registry.right_transferred", o.c.aggregate_id == cert)
        )
    assert n == 1
