"""Embedded event lag (issue 15): a commit by another process wakes the SQLite relay at
once, a burst is one outbox statement, and a consumer's batch insert into its inbox is
compiled once (DOMAIN X1)."""

from __future__ import annotations

import itertools
import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import event, select

from common.embedded import create_embedded_app
from common.events import Envelope
from common.ids import generate_resident_id
from common.inbox import InboxProcessor
from common.migrations import upgrade
from common.outbox import record_event, record_events
from common.runtime import ServiceRuntime
from common.transport import IncomingMessage
from testkit.testing import (
    applied,
    blacklisting,
    blacklisting_services,
    embedded_app,
    make_settings,
    wait_until,
)


def _statements(rt: ServiceRuntime, into: list[tuple[str, Any]]) -> None:
    """Record every statement ``rt`` sends (its SQL, and its execution context)."""

    @event.listens_for(rt.engine.sync_engine, "before_cursor_execute")
    def _seen(_conn, _cursor, statement, _params, context, _many) -> None:
        into.append((statement, context))


async def test_X1_a_commit_by_another_process_wakes_the_embedded_relay(
    tmp_path, services: dict
) -> None:
    # An hour between polls, and the writer is a runtime of its own (its own engine, as
    # `rex events probe` in another process): only the SQLite commit watch can deliver.
    settings = make_settings(data_dir=tmp_path, relay_idle_s=3600.0)
    defs = blacklisting_services(services)
    app = await embedded_app(settings, defs)
    writer = ServiceRuntime(defs["guarantee"], settings)
    try:
        async with app.router.lifespan_context(app):
            listing = app.state.runtimes["listing"]
            for _ in range(3):  # the relay is idle again after each delivery
                party = generate_resident_id("620821")
                async with writer.transaction() as s:
                    await record_event(s, blacklisting(party))
                await wait_until(lambda party=party: applied(listing, party), 5, "a delivery")
    finally:
        await writer.dispose()


async def test_X1_a_burst_of_events_is_one_outbox_statement_in_order(
    tmp_path, services: dict
) -> None:
    settings = make_settings(data_dir=tmp_path)
    await upgrade(services["guarantee"], settings)
    rt = ServiceRuntime(services["guarantee"], settings)
    seen: list[tuple[str, Any]] = []
    _statements(rt, seen)
    try:
        parties = [generate_resident_id("620821") for _ in range(50)]
        async with rt.transaction() as s:
            ids = await record_events(s, [blacklisting(p) for p in parties])
        inserts = [sql for sql, _ in seen if sql.startswith("INSERT INTO outbox")]
        assert len(inserts) == 1  # one per event before: 200 of them took ~140 ms
        outbox = rt.definition.infra.outbox
        async with rt.transaction() as s:
            rows = (await s.execute(select(outbox.c.event_id).order_by(outbox.c.id))).all()
        assert [r.event_id for r in rows] == ids  # the relay publishes in the events' order
    finally:
        await rt.dispose()


async def test_X1_a_consumer_batch_inbox_insert_is_compiled_once(tmp_path, services: dict) -> None:
    settings = make_settings(data_dir=tmp_path)
    listing = blacklisting_services(services)["listing"]
    await upgrade(listing, settings)
    consumer = ServiceRuntime(listing, settings)
    seen: list[tuple[str, Any]] = []
    _statements(consumer, seen)

    async def dead(_msg: IncomingMessage, error: str) -> None:
        raise AssertionError(error)

    processor = InboxProcessor(consumer, dead)
    offsets = itertools.count()
    try:
        parties = []
        for size in (30, 45):  # two batches of different sizes
            batch = [blacklisting(generate_resident_id("620821")) for _ in range(size)]
            parties += [e.party_id for e in batch]
            await processor.process_batch([_incoming(e, next(offsets)) for e in batch])
        assert [await applied(consumer, p) for p in parties] == [1] * len(parties)
        inbox_inserts = [ctx for sql, ctx in seen if sql.startswith("INSERT INTO inbox")]
        assert len(inbox_inserts) == 2
        # A multi-row VALUES list was compiled anew for every batch (issue 15: that cost
        # more than the delivery itself); the executemany form is compiled once.
        assert inbox_inserts[1].cache_hit == inbox_inserts[1].dialect.CACHE_HIT
    finally:
        await consumer.dispose()


def _incoming(event: Any, offset: int) -> IncomingMessage:
    envelope = Envelope(
        event_id=uuid.uuid4(),
        event_type=event.event_type,
        version=event.event_version,
        occurred_at=datetime.now(UTC),
        producer="guarantee",
        aggregate_type=event.aggregate_type,
        aggregate_id=event.aggregate_id(),
        payload=event.model_dump(mode="json"),
    )
    return IncomingMessage(event.topic, 0, offset, b"k", envelope.to_bytes())


async def test_X1_each_event_of_a_bus_batch_is_decoded_once_for_all_consumers(
    monkeypatch,
) -> None:
    # In the embedded run four consumers receive the same bytes of one relay batch;
    # decoding every event four times was the largest share of a burst's CPU (issue 15).
    from common import events
    from common.transport import InProcessBus, OutgoingMessage

    parsed: list[bytes] = []
    real = Envelope.model_validate_json

    def counting(raw: bytes, *args: Any, **kwargs: Any) -> Envelope:
        parsed.append(raw)
        return real(raw, *args, **kwargs)

    monkeypatch.setattr(Envelope, "model_validate_json", counting)
    events._decode_envelope.cache_clear()
    bus = InProcessBus()
    decoded: dict[str, list[Envelope]] = {}
    for consumer in ("listing", "bidding", "registry", "guarantee"):

        async def deliver(msgs: list[IncomingMessage], consumer: str = consumer) -> None:
            decoded[consumer] = [Envelope.from_bytes(m.value) for m in msgs]

        bus.subscribe_batch({"t"}, consumer, deliver)
    batch = [_incoming(blacklisting(generate_resident_id("620821")), i) for i in range(20)]
    await bus.publish([OutgoingMessage("t", b"k", m.value) for m in batch])
    assert len(parsed) == 20
    assert all(len(v) == 20 for v in decoded.values())
    assert decoded["listing"][0] is decoded["guarantee"][0]


async def test_X1_the_embedded_process_freezes_its_heap_once_its_workers_run(
    tmp_path, services: dict
) -> None:
    # A full collection of the startup heap (90–150 ms) falling inside a burst was most of
    # an embedded delivery's worst case (issue 15); `rex embedded` freezes it after
    # startup. Tests build apps without it: frozen objects are never freed.
    import gc

    settings = make_settings(data_dir=tmp_path)
    defs = {"guarantee": services["guarantee"]}
    for d in defs.values():
        await upgrade(d, settings)
    gc.unfreeze()
    try:
        plain = create_embedded_app(settings, services=defs)
        async with plain.router.lifespan_context(plain):
            assert gc.get_freeze_count() == 0
        app = create_embedded_app(settings, services=defs, freeze_after_startup=True)
        async with app.router.lifespan_context(app):
            assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
