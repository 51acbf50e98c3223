"""Embedded event delivery is fast (issue 15): a commit wakes the relay at once, and a
relay batch reaches each consumer whole, applied in one transaction (DOMAIN X1)."""

from __future__ import annotations

from sqlalchemy import func, select

from common.ids import generate_resident_id
from common.transport import InProcessBus, OutgoingMessage
from testkit.testing import (
    applied,
    blacklisting,
    blacklisting_services,
    commit_events,
    embedded_app,
    make_settings,
    wait_until,
)


async def _embedded(tmp_path, services: dict, **settings_overrides):
    settings = make_settings(data_dir=tmp_path, **settings_overrides)
    return await embedded_app(settings, blacklisting_services(services))


async def test_X1_a_commit_is_delivered_without_waiting_for_the_poll_interval(
    tmp_path, services: dict
) -> None:
    # An hour between polls: only the wake-up at commit can deliver within the timeout.
    app = await _embedded(tmp_path, services, relay_idle_s=3600.0)
    async with app.router.lifespan_context(app):
        guarantee, listing = app.state.runtimes["guarantee"], app.state.runtimes["listing"]
        for _ in range(3):  # the relays are idle (waiting out their hour) after the first
            party = generate_resident_id("620821")
            await commit_events(guarantee, blacklisting(party))
            await wait_until(lambda party=party: applied(listing, party), 5, "a woken delivery")


async def test_X1_a_relay_batch_is_applied_by_each_embedded_consumer_in_one_transaction(
    tmp_path, services: dict
) -> None:
    app = await _embedded(tmp_path, services)
    parties = [generate_resident_id("620821") for _ in range(30)]
    async with app.router.lifespan_context(app):
        guarantee, listing = app.state.runtimes["guarantee"], app.state.runtimes["listing"]
        await commit_events(guarantee, *(blacklisting(p) for p in parties))
        for p in parties:
            await wait_until(lambda p=p: applied(listing, p), 10, "the batch's delivery")
        inbox = listing.definition.infra.inbox
        async with listing.transaction() as s:
            stamps = await s.scalar(
                select(func.count(func.distinct(inbox.c.processed_at))).where(
                    inbox.c.event_type == "guarantee.party_blacklisted"
                )
            )
        assert stamps == 1  # one transaction stamped all 30 (one per event before)


async def test_X1_the_in_process_bus_hands_a_batch_subscriber_its_messages_whole() -> None:
    bus = InProcessBus()
    batches: list[list[tuple[str, int]]] = []
    single: list[str] = []

    async def take(msgs) -> None:
        batches.append([(m.topic, m.offset) for m in msgs])

    async def one(msg) -> None:
        single.append(msg.topic)

    bus.subscribe_batch(["a", "b"], "x", take)
    bus.subscribe("c", "y", one)
    await bus.publish([OutgoingMessage(t, b"k", b"{}") for t in ("a", "c", "b", "a", "z")])
    assert batches == [[("a", 0), ("b", 0), ("a", 1)]]  # its topics only, in order
    assert single == ["c"]
