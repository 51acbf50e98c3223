"""X1 on the real PostgreSQL and Kafka: the guarantee service's events leave through the
outbox relay; another service applies a blacklisting once, even when redelivered (G11, L13)."""

from __future__ import annotations

import json

import httpx
import pytest
from guarantee_helpers import (
    GUARANTOR,
    bank_entry,
    blacklist,
    ok,
    overdue_guarantee,
)

from common.app import create_app
from common.ids import generate_resident_id
from common.migrations import upgrade
from common.runtime import ServiceRuntime
from testkit.testing import (
    applied,
    applying_handlers,
    consume_until,
    pg_settings,
    read_topic,
    redeliver,
    relay_once,
)

pytestmark = [pytest.mark.postgres, pytest.mark.kafka]


async def test_X1_G11_events_reach_kafka_and_a_redelivered_blacklisting_changes_nothing(
    pg: str, kafka: str, services: dict, runtimes: list, clock, tmp_path
) -> None:
    settings = pg_settings(data_dir=tmp_path)
    await upgrade(services["guarantee"], settings)
    rt = ServiceRuntime(services["guarantee"], settings, clock=clock)
    listing = ServiceRuntime(
        services["listing"].replace(event_handlers=applying_handlers()), settings
    )
    runtimes += [rt, listing]
    app = create_app(services["guarantee"], settings, runtime=rt)
    party = generate_resident_id("620821")  # fresh: the topic keeps earlier runs' events
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app, raise_app_exceptions=False), base_url="http://t"
    ) as c:
        c.runtime, c.clock = rt, clock  # type: ignore[attr-defined]
        gid = await overdue_guarantee(c, party, principal="1000000", interest="0.01")
        ok(
            await c.post(
                f"/guarantees/{gid}/compensation", json={"reason": "逾期"}, headers=GUARANTOR
            ),
            201,
        )
        ok(
            await c.post(
                f"/guarantees/{gid}/recoveries", json={"recovered": "250000"}, headers=GUARANTOR
            ),
            201,
        )
        ok(
            await blacklist(c, party, "张三", "恶意逃废债务"),
            201,
        )
        assert (
            await bank_entry(c, gid, "drawdowns", {"amount": "1", "bank_reference": "z"}, "z")
        ).status_code == 409
    assert await relay_once(rt) == 5  # with the overdue's arrears restriction (G12)

    records = await read_topic(kafka, "guarantee.events", keys=[gid, party])
    by_type = {json.loads(r.value)["event_type"]: json.loads(r.value) for r in records}
    assert set(by_type) == {
        "guarantee.guarantee_issued",
        "guarantee.compensation_paid",
        "guarantee.recovery_distributed",
        "guarantee.party_blacklisted",
        "guarantee.arrears_restricted",
    }
    paid = by_type["guarantee.compensation_paid"]["payload"]
    assert (paid["overdue_amount"], paid["guarantor_paid"], paid["county_paid"]) == (
        "1000000.01",
        "800000.01",
        "300000.00",
    )
    rec = by_type["guarantee.recovery_distributed"]["payload"]
    assert (rec["to_bank"], rec["to_county"], rec["to_guarantor"]) == (
        "200000.00",
        "18750.00",
        "31250.00",
    )

    await consume_until(
        listing, lambda: applied(listing, party), "listing to apply the blacklisting"
    )
    assert await applied(listing, party) == 1
    await redeliver(kafka, listing, next(r for r in records if r.key == party.encode()))
    assert await applied(listing, party) == 1
