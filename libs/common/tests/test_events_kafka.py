"""Outbox → relay → Kafka → inbox on the real PostgreSQL and the real Kafka (DOMAIN X1)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import uuid
from collections import defaultdict
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from common.contracts.platform import ProbeRecorded
from common.dlq import replay
from common.events import Envelope
from common.ids import generate_resident_id
from common.inbox import dlq_topic
from common.outbox import record_event
from common.relay import Relay
from common.runtime import ServiceRuntime
from testkit.testing import (
    KAFKA,
    TEST_GROUP_PREFIX,
    applied,
    applying_handlers,
    blacklisting,
    commit_events,
    consume_until,
    consuming,
    pg_settings,
    read_topic,
    redeliver,
    relay_once,
    wait_until,
)

pytestmark = [pytest.mark.postgres, pytest.mark.kafka]


async def publish_blacklistings(rt: ServiceRuntime, *parties: str) -> None:
    """Commit one blacklisting per party in the guarantee service and relay them."""
    await commit_events(rt, *(blacklisting(party) for party in parties))
    assert await relay_once(rt) == len(parties)


async def test_X1_event_in_a_rolled_back_transaction_is_never_published(
    pg: str, kafka: str, services: dict, runtimes: list
) -> None:
    rt = ServiceRuntime(services["guarantee"], pg_settings())
    runtimes.append(rt)
    rolled_back, committed = generate_resident_id("620821"), generate_resident_id("620821")
    with pytest.raises(RuntimeError):
        async with rt.transaction() as s:
            await record_event(s, blacklisting(rolled_back))
            raise RuntimeError("the domain change failed after writing its event")
    await commit_events(rt, blacklisting(committed))
    relay = Relay(rt, rt.relay_publisher())
    try:
        assert await relay.run_once() == 1
        assert await relay.run_once() == 0
    finally:
        await relay.publisher.close()
    keys = {r.key.decode() for r in await read_topic(kafka, "guarantee.events")}
    assert committed in keys
    assert rolled_back not in keys


async def test_X1_committed_event_reaches_another_service_once_even_when_redelivered(
    pg: str, kafka: str, services: dict, runtimes: list
) -> None:
    settings = pg_settings()
    guarantee = ServiceRuntime(services["guarantee"], settings)
    listing = ServiceRuntime(
        services["listing"].replace(event_handlers=applying_handlers()), settings
    )
    runtimes += [guarantee, listing]
    party = generate_resident_id("620821")
    await publish_blacklistings(guarantee, party)

    await consume_until(listing, lambda: applied(listing, party), "listing to apply the event")
    assert await applied(listing, party) == 1

    # Deliver it again: the group's offset goes back to our event.
    ours = await read_topic(kafka, "guarantee.events", keys=[party])
    assert len(ours) == 1
    await redeliver(kafka, listing, ours[0])
    assert await applied(listing, party) == 1
    assert listing.metrics.events_duplicate._value.get() >= 1


async def test_X1_poison_event_goes_to_the_dead_letter_topic_and_replays_once_fixed(
    pg: str, kafka: str, services: dict, runtimes: list
) -> None:
    settings = pg_settings(consumer_max_retries=1)
    guarantee = ServiceRuntime(services["guarantee"], settings)
    poison, healthy = generate_resident_id("620821"), generate_resident_id("620822")
    broken = services["listing"].replace(event_handlers=applying_handlers(fail_for={poison}))
    listing = ServiceRuntime(broken, settings)
    runtimes += [guarantee, listing]
    await publish_blacklistings(guarantee, poison, healthy)

    async with consuming(listing):
        await wait_until(lambda: applied(listing, healthy), 60, "the healthy event")
        await wait_until(lambda: listing.metrics.events_dead._value.get() >= 1, 60, "dead letter")
    assert await applied(listing, poison) == 0  # the stream moved on past the poison

    dead = await read_topic(kafka, dlq_topic("listing"), keys=[poison])
    assert dead, "the poison event is on dlq.listing"
    headers = dict(dead[-1].headers)
    assert b"projection rejects it" in headers["dlq_error"]
    assert headers["dlq_topic"] == b"guarantee.events"

    fixed = services["listing"].replace(event_handlers=applying_handlers())
    assert await replay(fixed, settings) >= 1
    assert await applied(listing, poison) == 1
    assert await replay(fixed, settings) == 0  # nothing left to replay


def _worker(env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "common.cli", "worker", "guarantee"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


async def test_X1_relay_killed_mid_batch_loses_nothing_and_keeps_each_aggregate_in_order(
    pg: str, kafka: str, services: dict, runtimes: list
) -> None:
    rt = ServiceRuntime(services["guarantee"], pg_settings())
    runtimes.append(rt)
    probes = [f"crash-{uuid.uuid4().hex[:8]}-{i}" for i in range(16)]
    per_probe = 250
    async with rt.transaction() as s:
        for seq in range(per_probe):
            for p in probes:  # interleaved, as real aggregates are
                await record_event(
                    s, ProbeRecorded(probe_id=p, sequence=seq, sent_at=datetime.now(UTC))
                )
    total = per_probe * len(probes)
    o = rt.definition.infra.outbox

    async def published() -> int:
        async with rt.transaction() as s:
            return await s.scalar(select(func.count()).where(o.c.published_at.is_not(None)))

    env = {
        **os.environ,
        "REX_DATABASE_URL": pg,  # this process's database (testkit.testing.migrated_pg)
        "REX_EVENT_TRANSPORT": "kafka",
        "REX_KAFKA_BOOTSTRAP": KAFKA,
        "REX_RELAY_BATCH_SIZE": "100",
        "REX_LOG_JSON": "false",
        "REX_KAFKA_GROUP_PREFIX": TEST_GROUP_PREFIX,
    }
    first = _worker(env)
    try:
        await wait_until(lambda: _positive(published()), 60, "the relay to publish")
        first.send_signal(signal.SIGKILL)  # mid-stream: no cleanup, an open Kafka transaction
    finally:
        first.kill()
        first.wait(10)
    at_kill = await published()
    assert 0 < at_kill < total, f"killed after {at_kill} of {total}: not mid-stream"

    second = _worker(env)
    try:
        await wait_until(lambda: _equals(published(), total), 120, "every row published")
    finally:
        second.send_signal(signal.SIGTERM)
        second.wait(30)

    firsts: dict[str, list[int]] = defaultdict(list)
    seen: set[tuple[str, int]] = set()
    duplicates = 0
    for record in await read_topic(kafka, "platform.probe", timeout_s=60):
        key = record.key.decode()
        if key not in probes:
            continue
        seq = Envelope.from_bytes(record.value).payload["sequence"]
        if (key, seq) in seen:
            duplicates += 1
            continue
        seen.add((key, seq))
        firsts[key].append(seq)
    assert len(seen) == total, "nothing lost"
    for p in probes:
        assert firsts[p] == list(range(per_probe)), f"{p} out of order"
    print(f"killed at {at_kill}/{total} published; {duplicates} duplicate deliveries")


async def _positive(aw) -> bool:
    return (await aw) > 0


async def _equals(aw, expected: int) -> bool:
    return (await aw) == expected
