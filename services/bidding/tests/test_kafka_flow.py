"""The agreed flow over the real Kafka on PostgreSQL (DOMAIN X1, L7, B5): the listing
service's relay publishes; bidding's consumer opens the trade; bidding's relay publishes
the deposit and the result; a redelivered announcement changes nothing."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import func, select

from bidding.sessions.models import TradeSession
from common.contracts.listing import QualifiedBuyer
from common.runtime import ServiceRuntime
from testkit.bidding import STAFF, announcement_closed, listing_published, person
from testkit.testing import (
    commit_events,
    consume_until,
    pg_settings,
    read_topic,
    redeliver,
    relay_once,
)

pytestmark = [pytest.mark.postgres, pytest.mark.kafka]


async def _sessions(rt: ServiceRuntime, listing_id: str) -> int:
    async with rt.transaction() as s:
        return await s.scalar(
            select(func.count())
            .select_from(TradeSession)
            .where(TradeSession.listing_id == listing_id)
        )


async def test_X1_listing_events_open_the_trade_over_kafka_once_even_when_redelivered(
    hpg, kafka: str, services: dict, runtimes: list
) -> None:
    h = hpg
    listing = ServiceRuntime(services["listing"], pg_settings(), clock=h.clock)
    runtimes.append(listing)
    lid = f"L-KAFKA-{uuid.uuid4().hex[:8]}"
    a, b = person(), person()
    now = h.clock.now()
    four_wastes = {
        "title": "四荒地使用权",
        "product": "four_wastes",
        "way": "lease",
        "right_certificate_no": None,
        "reserve_price": "80000.00",
        "deposit": "2000.00",
    }
    await commit_events(listing, listing_published(lid, now, **four_wastes))
    assert await relay_once(listing) == 1

    async def known() -> bool:
        return (await h.pay_deposit(lid, a, amount="2000.00")).status_code == 201

    await consume_until(h.rt, known, "bidding to know the published listing")
    assert (await h.pay_deposit(lid, b, amount="2000.00")).status_code == 201

    h.clock.advance(days=20)
    buyers = [
        QualifiedBuyer(registration_id="R1", party_id=a, name="甲", registered_at=now),
        QualifiedBuyer(
            registration_id="R2", party_id=b, name="乙", priority=True, registered_at=now
        ),
    ]
    closing = announcement_closed(
        lid, buyers, h.clock.now(), area_mu=None, increment="500.00", **four_wastes
    )
    await commit_events(listing, closing)
    assert await relay_once(listing) == 1
    await consume_until(h.rt, lambda: _sessions(h.rt, lid), "the session to open")
    assert await _sessions(h.rt, lid) == 1

    # bidding's relay publishes its deposits on its own topic, keyed by the listing
    assert await relay_once(h.rt) >= 2
    ours = await read_topic(kafka, "bidding.events", keys=[lid])
    assert [r.value.count(b"bidding.deposit_paid") for r in ours] == [1, 1]

    # the announcement is delivered again: nothing changes
    closed = [
        r
        for r in await read_topic(kafka, "listing.events", keys=[lid])
        if b"listing.announcement_closed" in r.value
    ]
    assert len(closed) == 1
    await redeliver(kafka, h.rt, closed[0])
    assert await _sessions(h.rt, lid) == 1
    assert h.rt.metrics.events_duplicate._value.get() >= 1
    sid = (await h.client.get(f"/listings/{lid}/session", headers=STAFF)).json()["session_id"]
    assert (await h.bid(sid, b, "80000.00")).status_code == 201
    assert await relay_once(h.rt) == 0  # a bid is not an event; the deposits went once
