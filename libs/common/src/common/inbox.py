"""Inbox and consumers — 收件箱 (DOMAIN X1).

A consumer applies an event and records its id in the inbox in ONE transaction, so a
redelivered event changes nothing. On Kafka the offset is committed explicitly, only
after that transaction (aiokafka#933/#1084: always with explicit offsets).

Errors are of two kinds:
- infrastructure (database unreachable, connection dropped): the message is NOT
  dead-lettered; the runner stops, backs off and resumes from the last committed
  offset, so a PostgreSQL restart loses and doubles nothing;
- everything else (a bad payload, a handler bug): retried ``consumer_max_retries``
  times, then sent to the dead-letter queue with the error — the ``dlq.<service>``
  topic on Kafka, the ``dead_letters`` table in-process — and the stream moves on.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import Counter
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

from aiokafka.errors import CommitFailedError, IllegalStateError
from pydantic import ValidationError
from sqlalchemy import bindparam, insert, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from common.events import Envelope
from common.problems import is_infrastructure_error
from common.relay import backoff_s
from common.runtime import ServiceRuntime
from common.transport import (
    IncomingMessage,
    KafkaPublisher,
    OutgoingMessage,
    make_consumer,
)

log = logging.getLogger("common.inbox")
DeadLetter = Callable[[IncomingMessage, str], Awaitable[None]]
PROBE_TOPIC = "platform.probe"


def dlq_topic(service: str) -> str:
    return f"dlq.{service}"


class InfrastructureError(Exception):
    """The effect could not be applied for a reason outside the message."""


def _inbox_row(
    runtime: ServiceRuntime, envelope: Envelope, msg: IncomingMessage, at: datetime
) -> dict[str, Any]:
    """The inbox row of one delivered event: who consumed what, from where, when."""
    return {
        "consumer": runtime.name,
        "event_id": envelope.event_id,
        "event_type": envelope.event_type,
        "topic": msg.topic,
        "partition": msg.partition,
        "offset": msg.offset,
        "processed_at": at,
    }


def _insert(session: AsyncSession, table: Any) -> Any:
    """An INSERT that can skip a conflicting row, in the session's dialect."""
    dialect = session.bind.dialect.name
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(table)


async def _record_in_inbox(
    session: AsyncSession, runtime: ServiceRuntime, envelope: Envelope, msg: IncomingMessage
) -> bool:
    """Insert the event id; False when it was already there (a redelivery)."""
    values = _inbox_row(runtime, envelope, msg, runtime.clock.now())
    stmt = _insert(session, runtime.definition.infra.inbox)
    result = await session.execute(stmt.values(**values).on_conflict_do_nothing())
    return result.rowcount == 1


async def _record_many_in_inbox(
    session: AsyncSession,
    runtime: ServiceRuntime,
    events: list[tuple[Envelope, IncomingMessage]],
) -> set[str]:
    """Insert a batch's event ids in one executemany (SQLAlchemy's "insertmanyvalues":
    a few multi-row statements, compiled once and cached); the ids that were new, as
    text. A multi-row ``.values([...])`` was compiled anew for every batch: with 100 rows
    of seven columns that cost more than the whole delivery (issue 15, embedded lag)."""
    if not events:
        return set()
    inbox = runtime.definition.infra.inbox
    now = runtime.clock.now()
    rows = [_inbox_row(runtime, envelope, msg, now) for envelope, msg in events]
    stmt = _insert(session, inbox)
    result = await session.execute(stmt.on_conflict_do_nothing().returning(inbox.c.event_id), rows)
    return {str(event_id) for event_id in result.scalars()}


class InboxProcessor:
    """Applies one incoming message exactly once in effect."""

    def __init__(self, runtime: ServiceRuntime, dead_letter: DeadLetter) -> None:
        self.runtime = runtime
        self.handlers = runtime.definition.event_handlers
        self.dead_letter = dead_letter
        self.max_retries = runtime.settings.consumer_max_retries
        inbox = runtime.definition.infra.inbox
        # Built once: an ``in_()`` over a batch's ids coerced every id anew per batch.
        self._stamp_processed = (
            update(inbox)
            .where(
                inbox.c.consumer == bindparam("this_consumer"),
                inbox.c.event_id.in_(bindparam("applied_ids", expanding=True)),
            )
            .values(processed_at=bindparam("stamp"))
        )

    def topics(self) -> set[str]:
        return self.handlers.topics() | {PROBE_TOPIC}

    async def process(self, msg: IncomingMessage) -> None:
        try:
            envelope = Envelope.from_bytes(msg.value)
        except (ValidationError, ValueError) as exc:
            await self._dead(msg, f"undecodable envelope: {exc}")
            return
        entry = self.handlers.get(envelope.event_type)
        if entry is None and msg.topic != PROBE_TOPIC:
            return  # another service's event on a shared topic: not ours
        last_error = ""
        for attempt in range(self.max_retries + 1):
            try:
                async with self.runtime.transaction() as session:
                    if not await _record_in_inbox(session, self.runtime, envelope, msg):
                        self.runtime.metrics.events_duplicate.inc()
                        return
                    if entry is not None:
                        model, handler = entry
                        await handler(session, model.model_validate(envelope.payload), envelope)
                self._observe(envelope)
                return
            except ValidationError as exc:
                last_error = f"payload does not match {envelope.event_type}: {exc}"
                break  # no retry makes a bad payload good
            except Exception as exc:
                if is_infrastructure_error(exc):
                    raise InfrastructureError(str(exc)) from exc
                last_error = f"{type(exc).__name__}: {exc}"
                log.warning(
                    "%s: handling %s failed (attempt %d): %s",
                    self.runtime.name,
                    envelope.event_id,
                    attempt + 1,
                    last_error,
                )
                if attempt < self.max_retries:
                    await asyncio.sleep(backoff_s(attempt + 1, base=0.05, cap=1.0))
        await self._dead(msg, last_error)

    async def process_batch(self, msgs: list[IncomingMessage]) -> None:
        """Apply a fetched batch (one partition, in order) in ONE transaction.

        Each event is still recorded in the inbox (a redelivery changes nothing) and its
        ``processed_at`` is stamped at the batch's commit. If anything in the batch
        fails for a reason other than infrastructure, the transaction rolls back and
        the batch is applied one event at a time, with the usual retries and dead
        letters — so one bad event never blocks or spoils the others.
        """
        if len(msgs) == 1:
            await self.process(msgs[0])
            return
        applied: list[Envelope] = []
        duplicates = 0
        try:
            async with self.runtime.transaction() as session:
                ours = []
                for msg in msgs:
                    envelope = Envelope.from_bytes(msg.value)
                    entry = self.handlers.get(envelope.event_type)
                    if entry is None and msg.topic != PROBE_TOPIC:
                        continue
                    ours.append((msg, envelope, entry))
                fresh = await _record_many_in_inbox(
                    session, self.runtime, [(e, m) for m, e, _ in ours]
                )
                for _msg, envelope, entry in ours:
                    if str(envelope.event_id) not in fresh:
                        duplicates += 1
                        continue
                    fresh.discard(str(envelope.event_id))  # twice in one batch: applied once
                    if entry is not None:
                        model, handler = entry
                        await handler(session, model.model_validate(envelope.payload), envelope)
                    applied.append(envelope)
                if applied:
                    await session.execute(
                        self._stamp_processed,
                        {
                            "this_consumer": self.runtime.name,
                            "applied_ids": [e.event_id for e in applied],
                            "stamp": self.runtime.clock.now(),
                        },
                    )
        except Exception as exc:
            if is_infrastructure_error(exc):
                raise InfrastructureError(str(exc)) from exc
            for msg in msgs:
                await self.process(msg)
            return
        self.runtime.metrics.events_duplicate.inc(duplicates)
        self._observe(*applied)

    def _observe(self, *envelopes: Envelope) -> None:
        """Count and time applied events: one labelled counter per event type and one
        clock read per batch (a label lookup per event was ~10% of an embedded burst)."""
        m = self.runtime.metrics
        for event_type, n in Counter(e.event_type for e in envelopes).items():
            m.events_consumed.labels(event_type).inc(n)
        now = self.runtime.clock.now()
        for envelope in envelopes:
            m.consume_lag.observe(max(0.0, (now - envelope.occurred_at).total_seconds()))

    async def _dead(self, msg: IncomingMessage, error: str) -> None:
        log.error(
            "%s: dead-lettering %s@%s/%s: %s",
            self.runtime.name,
            msg.topic,
            msg.partition,
            msg.offset,
            error,
        )
        await self.dead_letter(msg, error)
        self.runtime.metrics.events_dead.inc()


def dead_letter_headers(msg: IncomingMessage, consumer: str, error: str, at: datetime) -> tuple:
    return (
        *msg.headers,
        ("dlq_error", error[:4000].encode()),
        ("dlq_consumer", consumer.encode()),
        ("dlq_topic", msg.topic.encode()),
        ("dlq_partition", str(msg.partition).encode()),
        ("dlq_offset", str(msg.offset).encode()),
        ("dlq_failed_at", at.isoformat().encode()),
    )


def table_dead_letter(runtime: ServiceRuntime) -> DeadLetter:
    """In-process dead letters: a row in the service's own ``dead_letters`` table."""

    async def dead_letter(msg: IncomingMessage, error: str) -> None:
        envelope_id = event_type = None
        with contextlib.suppress(Exception):
            env = Envelope.from_bytes(msg.value)
            envelope_id, event_type = str(env.event_id), env.event_type
        async with runtime.transaction() as session:
            await session.execute(
                insert(runtime.definition.infra.dead_letters).values(
                    consumer=runtime.name,
                    event_id=envelope_id,
                    event_type=event_type,
                    topic=msg.topic,
                    message=msg.value,
                    error=error,
                    failed_at=runtime.clock.now(),
                )
            )

    return dead_letter


class KafkaConsumerRunner:
    """Consumes the service's topics; commits each partition's offset after applying."""

    def __init__(self, runtime: ServiceRuntime) -> None:
        self.runtime = runtime
        s = runtime.settings
        self._dlq = KafkaPublisher(s.kafka_bootstrap, timeout_s=s.kafka_client_timeout_s)
        self.processor = InboxProcessor(runtime, self._dead_letter)
        self.started = asyncio.Event()  # set once partitions are assigned (tests wait on it)
        # "topic/partition" → records behind the partition's end, after each poll (health)
        self.lag: dict[str, int] = {}

    async def _dead_letter(self, msg: IncomingMessage, error: str) -> None:
        headers = dead_letter_headers(msg, self.runtime.name, error, self.runtime.clock.now())
        await self._dlq.publish(
            [OutgoingMessage(dlq_topic(self.runtime.name), msg.key or b"", msg.value, headers)]
        )

    async def _commit(self, consumer: Any, tp: Any, offset: int) -> None:
        """Commit explicitly and bounded. If the group rebalanced meanwhile the commit is
        refused: the new owner re-reads from the last commit and the inbox drops what
        this one already applied, so keep going rather than restart the consumer."""
        try:
            await asyncio.wait_for(
                consumer.commit({tp: offset}), self.runtime.settings.kafka_client_timeout_s
            )
        except (CommitFailedError, IllegalStateError) as exc:
            log.info("%s: offset commit skipped after a rebalance: %s", self.runtime.name, exc)
        except TimeoutError as exc:
            raise InfrastructureError(f"offset commit timed out for {tp}") from exc

    async def _measure_lag(self, consumer: Any) -> None:
        lag = {}
        for tp in consumer.assignment():
            end = consumer.highwater(tp)
            if end is not None:
                lag[f"{tp.topic}/{tp.partition}"] = max(0, end - await consumer.position(tp))
        self.lag = lag

    async def run(self, stop: asyncio.Event) -> None:
        s = self.runtime.settings
        failures = 0
        topics = sorted(self.processor.topics())
        try:
            while not stop.is_set():
                consumer = make_consumer(
                    s.kafka_bootstrap, s.consumer_group(self.runtime.name), topics
                )
                try:
                    await asyncio.wait_for(consumer.start(), s.kafka_client_timeout_s)
                    while not stop.is_set():
                        batches = await consumer.getmany(timeout_ms=200, max_records=500)
                        if consumer.assignment():
                            self.started.set()
                        for tp, records in batches.items():
                            if records:
                                await self.processor.process_batch([_incoming(r) for r in records])
                                await self._commit(consumer, tp, records[-1].offset + 1)
                        await self._measure_lag(consumer)
                        failures = 0
                except asyncio.CancelledError:
                    if _cancelled_from_outside():
                        raise
                    failures += 1  # aiokafka's own, after a broker loss: not a shutdown
                    log.warning(
                        "consumer %s restarting after an internal cancellation", self.runtime.name
                    )
                except Exception as exc:
                    failures += 1
                    log.warning("consumer %s restarting after: %s", self.runtime.name, exc)
                finally:
                    await _stop_consumer(consumer, s.kafka_client_timeout_s)
                if failures and not stop.is_set():
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(stop.wait(), backoff_s(failures))
        finally:
            await self._dlq.close()


def _cancelled_from_outside() -> bool:
    """True when someone cancelled the running task (a shutdown), not merely a
    CancelledError escaping a library: aiokafka's ``stop()`` and ``commit()`` await
    tasks they cancelled themselves, so after a broker loss they can raise one."""
    task = asyncio.current_task()
    return task is None or task.cancelling() > 0


async def _stop_consumer(consumer: Any, timeout_s: float) -> None:
    """Stop a consumer, bounded, whatever state a broker loss left it in. Without this
    a CancelledError from aiokafka's cleanup ended the runner for good: the worker
    process lived on and consumed nothing after the broker came back."""
    try:
        await asyncio.wait_for(consumer.stop(), timeout_s)
    except asyncio.CancelledError:
        if _cancelled_from_outside():
            raise
        log.info("consumer stop cancelled internally; continuing")
    except Exception as exc:
        log.info("consumer stop failed: %s", exc)


def _incoming(record: object) -> IncomingMessage:
    return IncomingMessage(
        topic=record.topic,  # type: ignore[attr-defined]
        partition=record.partition,  # type: ignore[attr-defined]
        offset=record.offset,  # type: ignore[attr-defined]
        key=record.key,  # type: ignore[attr-defined]
        value=record.value,  # type: ignore[attr-defined]
        headers=tuple(record.headers or ()),  # type: ignore[attr-defined]
    )
