"""The listing's event flow over the real Kafka on PostgreSQL (X1): what listing publishes
reaches the topic through the relay; what it consumes is applied once, even redelivered."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from common.contracts.guarantee import PartyBlacklisted
from common.events import Envelope
from common.runtime import ServiceRuntime
from listing.parties.models import Restriction
from testkit.testing import commit_events, consume_until, read_topic, redeliver, relay_all

pytestmark = [pytest.mark.postgres, pytest.mark.kafka]


async def test_X1_listing_events_reach_kafka_in_order(pg_api, kafka: str) -> None:
    api = pg_api
    listing = await api.to_announced()
    await api.qualified_buyer(listing["id"])
    api.clock.advance(days=20)
    await api.fire_timers()
    assert await relay_all(api.rt) >= 3
    records = [
        Envelope.from_bytes(r.value)
        for r in await read_topic(kafka, "listing.events", keys=[listing["id"]])
    ]
    assert [e.event_type for e in records] == [
        "listing.published",
        "listing.registration_qualified",
        "listing.announcement_closed",
    ]
    closed = records[-1].payload
    assert closed["outcome"] == "negotiated" and closed["reserve_price"] == "100000.00"


async def test_L13_G11_blacklisting_over_kafka_blocks_registration_once_even_redelivered(
    pg_api, kafka: str, services: dict, runtimes: list
) -> None:
    api = pg_api
    guarantee = ServiceRuntime(services["guarantee"], api.rt.settings)
    runtimes.append(guarantee)
    listing = await api.to_announced()
    party = api.person()
    blacklisted = PartyBlacklisted(
        party_id=party,
        party_name="王五",
        reason="恶意骗贷",
        decided_by="guarantor-1",
        decided_at=datetime.now(UTC),
    )
    await commit_events(guarantee, blacklisted)
    assert await relay_all(guarantee) == 1

    async def restricted() -> int:
        async with api.rt.transaction() as s:
            return await s.scalar(
                select(func.count())
                .select_from(Restriction)
                .where(Restriction.party_id == party, Restriction.active.is_(True))
            )

    await consume_until(api.rt, restricted, "listing to apply the blacklisting")
    refused = await api.register_buyer(listing["id"], party, expect=422)
    assert refused["errors"][0]["rule"] == "G11"

    ours = await read_topic(kafka, "guarantee.events", keys=[party])
    assert len(ours) == 1
    await redeliver(kafka, api.rt, ours[0])
    assert await restricted() == 1
    assert api.rt.metrics.events_duplicate._value.get() >= 1
