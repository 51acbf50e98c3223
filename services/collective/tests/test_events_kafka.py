"""X1 on the real PostgreSQL and Kafka: the qualification register's changes (Z1) leave
the collective service through the outbox relay, keyed by household, in order, for
listing (L11, L24) and registry to follow."""

from __future__ import annotations

import json

import pytest
from collective_helpers import collective, person, recognized

from testkit.testing import read_topic, relay_once

pytestmark = [pytest.mark.postgres, pytest.mark.kafka]


async def test_X1_Z1_qualification_changes_reach_kafka_keyed_by_household(
    pgclient, kafka: str
) -> None:
    await collective(pgclient)
    h, q = await recognized(pgclient, 1, 2)
    rt = pgclient.runtime
    # two qualification changes, the household's two members published three
    # times each (entered, proposed, recognized: collective.member_changed), and the
    # qualification list's X5 resolution taking effect (collective.resolution_passed)
    assert await relay_once(rt) == 9
    records = [r for r in await read_topic(kafka, "collective.events") if r.key == h["id"].encode()]
    events = [json.loads(r.value) for r in records]
    assert [e["event_type"] for e in events] == ["collective.qualification_changed"] * 2
    payloads = [e["payload"] for e in events]
    assert [(p["status"], p["qualified"], p["version"]) for p in payloads] == [
        ("proposed", False, 1),
        ("recognized", True, 2),
    ]
    assert payloads[-1]["qualification_id"] == q["id"]
    assert sorted(payloads[-1]["member_party_ids"]) == sorted([person(1), person(2)])
    assert len({r.partition for r in records}) == 1  # one household, one partition: in order
    roster = [
        json.loads(r.value)["payload"]
        for r in await read_topic(kafka, "collective.events")
        if r.key == h["collective_id"].encode()
    ]
    assert [(p["party_id"], p["homestead_qualified"]) for p in roster][-2:] == [
        (person(1), True),
        (person(2), True),
    ]
