"""The same event path in embedded mode: SQLite files, in-process delivery (DOMAIN X1)."""

from __future__ import annotations

import uuid

from sqlalchemy import func, insert, select

from common.contracts.platform import ProbeRecorded
from common.dlq import replay
from common.events import Envelope
from common.ids import generate_resident_id
from common.migrations import upgrade
from common.outbox import record_event
from common.relay import Relay
from common.runtime import ServiceRuntime
from common.transport import OutgoingMessage
from testkit.testing import (
    applied,
    applying_handlers,
    blacklisting,
    blacklisting_services,
    embedded_app,
    make_settings,
    wait_until,
)


async def test_X1_embedded_round_trip_applies_once_and_dead_letters_poison(
    tmp_path, services: dict
) -> None:
    settings = make_settings(data_dir=tmp_path, consumer_max_retries=0)
    fail: set[str] = set()
    defs = blacklisting_services(services, fail)
    app = await embedded_app(settings, defs)
    party, poison = generate_resident_id("620821"), generate_resident_id("620823")
    fail.add(poison)
    async with app.router.lifespan_context(app):
        guarantee, listing = app.state.runtimes["guarantee"], app.state.runtimes["listing"]
        async with guarantee.transaction() as s:
            await record_event(s, blacklisting(party))
            await record_event(s, blacklisting(poison))
        await wait_until(lambda: applied(listing, party), 10, "in-process delivery")
        dl = listing.definition.infra.dead_letters
        async with listing.transaction() as s:
            await wait_until(lambda: listing.metrics.events_dead._value.get() == 1, 10)
            dead = (await s.execute(select(dl.c.event_type, dl.c.error))).all()
        assert [d.event_type for d in dead] == ["guarantee.party_blacklisted"]
        assert "projection rejects it" in dead[0].error

        # The same message delivered a second time changes nothing.
        o = guarantee.definition.infra.outbox
        async with guarantee.transaction() as s:
            row = (await s.execute(select(o).where(o.c.aggregate_id == party))).one()
        from common.outbox import envelope_of

        again = OutgoingMessage(row.topic, party.encode(), envelope_of(row, "guarantee").to_bytes())
        await guarantee.bus.publish([again])
        assert await applied(listing, party) == 1
        assert listing.metrics.events_duplicate._value.get() == 1

    fail.clear()  # the cause is fixed: replay the dead letter
    assert await replay(defs["listing"], settings) == 1
    rt = ServiceRuntime(defs["listing"], settings)
    assert await applied(rt, poison) == 1
    await rt.dispose()


async def test_X1_poison_outbox_row_is_parked_and_holds_back_only_its_aggregate(
    tmp_path, services: dict, runtimes: list
) -> None:
    settings = make_settings(data_dir=tmp_path)
    definition = services["guarantee"]
    await upgrade(definition, settings)
    rt = ServiceRuntime(definition, settings)
    runtimes.append(rt)
    received: list[tuple[str, int]] = []

    async def deliver(msg) -> None:
        env = Envelope.from_bytes(msg.value)
        received.append((env.aggregate_id, env.payload["sequence"]))

    rt.bus.subscribe("platform.probe", "test", deliver)
    o = definition.infra.outbox
    async with rt.transaction() as s:
        await record_event(s, ProbeRecorded(probe_id="A", sequence=0, sent_at=rt.clock.now()))
        huge = {
            "probe_id": "A",
            "sequence": 1,
            "sent_at": rt.clock.now().isoformat(),
            "note": "x" * 1_000_000,
        }
        import uuid

        await s.execute(
            insert(o).values(
                event_id=uuid.uuid4(),
                event_type="platform.probe_recorded",
                event_version=1,
                topic="platform.probe",
                aggregate_type="probe",
                aggregate_id="A",
                payload=huge,
                occurred_at=rt.clock.now(),
            )
        )
        await record_event(s, ProbeRecorded(probe_id="A", sequence=2, sent_at=rt.clock.now()))
        await record_event(s, ProbeRecorded(probe_id="B", sequence=0, sent_at=rt.clock.now()))
    relay = Relay(rt, rt.relay_publisher())
    for _ in range(5):
        await relay.run_once()
    assert received == [("A", 0), ("B", 0)]  # A's later event waits behind the parked one
    async with rt.transaction() as s:
        parked = (
            await s.execute(
                select(o.c.aggregate_id, o.c.last_error).where(o.c.parked_at.is_not(None))
            )
        ).all()
        waiting = await s.scalar(select(func.count()).where(o.c.published_at.is_(None)))
    assert [p.aggregate_id for p in parked] == ["A"] and "bytes" in parked[0].last_error
    assert waiting == 2


async def test_X1_a_batch_is_applied_in_one_go_and_one_bad_event_spoils_nothing(
    tmp_path, services: dict, runtimes: list
) -> None:
    from common.inbox import InboxProcessor, table_dead_letter
    from common.transport import IncomingMessage

    settings = make_settings(data_dir=tmp_path, consumer_max_retries=0)
    poison = generate_resident_id("620824")
    definition = services["listing"].replace(event_handlers=applying_handlers({poison}))
    await upgrade(definition, settings)
    rt = ServiceRuntime(definition, settings)
    runtimes.append(rt)
    good = [generate_resident_id("620825") for _ in range(3)]

    def message(party: str, offset: int) -> IncomingMessage:
        env = Envelope(
            event_id=uuid.uuid5(uuid.NAMESPACE_OID, party),
            event_type="guarantee.party_blacklisted",
            version=1,
            occurred_at=rt.clock.now(),
            producer="guarantee",
            aggregate_type="party",
            aggregate_id=party,
            payload=blacklisting(party).model_dump(mode="json"),
        )
        return IncomingMessage("guarantee.events", 0, offset, party.encode(), env.to_bytes())

    processor = InboxProcessor(rt, table_dead_letter(rt))
    await processor.process_batch([message(good[0], 0), message(good[1], 1)])
    assert [await applied(rt, p) for p in good[:2]] == [1, 1]
    batch = [message(good[2], 2), message(poison, 3), message(good[0], 4)]  # good[0] again
    await processor.process_batch(batch)
    assert [await applied(rt, p) for p in good] == [1, 1, 1]
    assert await applied(rt, poison) == 0
    assert rt.metrics.events_dead._value.get() == 1
    assert rt.metrics.events_duplicate._value.get() == 1
