"""Dead-letter replay — 死信重放: once the cause is fixed, apply the dead letters again.

Kafka: reads ``dlq.<service>`` from where the replay group left off up to the end and
runs each message through the service's inbox processor (an event already applied is
skipped by the inbox; one that fails again is dead-lettered again, with its new error).
In-process: the ``dead_letters`` rows not yet replayed.
"""

from __future__ import annotations

import asyncio

from aiokafka import TopicPartition
from sqlalchemy import select, update

from common.inbox import InboxProcessor, KafkaConsumerRunner, dlq_topic, table_dead_letter
from common.runtime import ServiceRuntime
from common.service import ServiceDefinition
from common.settings import Settings, Transport
from common.transport import IncomingMessage, make_consumer


async def replay(definition: ServiceDefinition, settings: Settings) -> int:
    runtime = ServiceRuntime(definition, settings)
    try:
        if settings.event_transport is Transport.kafka:
            return await _replay_kafka(runtime)
        return await _replay_table(runtime)
    finally:
        await runtime.dispose()


async def _replay_table(runtime: ServiceRuntime) -> int:
    processor = InboxProcessor(runtime, table_dead_letter(runtime))
    dl = runtime.definition.infra.dead_letters
    async with runtime.transaction() as session:
        rows = (
            await session.execute(select(dl).where(dl.c.replayed_at.is_(None)).order_by(dl.c.id))
        ).all()
    for row in rows:
        await processor.process(IncomingMessage(row.topic, 0, -1, None, row.message))
        async with runtime.transaction() as session:
            await session.execute(
                update(dl).where(dl.c.id == row.id).values(replayed_at=runtime.clock.now())
            )
    return len(rows)


async def _replay_kafka(runtime: ServiceRuntime) -> int:
    runner = KafkaConsumerRunner(runtime)  # its processor dead-letters a second failure
    s = runtime.settings
    topic = dlq_topic(runtime.name)
    consumer = make_consumer(
        s.kafka_bootstrap, s.consumer_group(f"{runtime.name}-dlq-replay"), [topic]
    )
    await asyncio.wait_for(consumer.start(), s.kafka_client_timeout_s)
    replayed = 0
    try:
        while not consumer.assignment():
            await consumer.getmany(timeout_ms=200)
        parts = list(consumer.assignment())
        end = await consumer.end_offsets(parts)
        # Stop at the end as it is now: re-dead-lettered messages are not replayed twice.
        while [tp for tp in parts if await consumer.position(tp) < end[tp]]:
            batches = await consumer.getmany(timeout_ms=500, max_records=200)
            for tp, records in batches.items():
                for r in records:
                    if r.offset >= end[TopicPartition(tp.topic, tp.partition)]:
                        continue
                    original = dict(r.headers or ()).get("dlq_topic", b"").decode() or topic
                    await runner.processor.process(
                        IncomingMessage(
                            original, r.partition, r.offset, r.key, r.value, tuple(r.headers or ())
                        )
                    )
                    replayed += 1
                if records:
                    await consumer.commit({tp: records[-1].offset + 1})
    finally:
        await asyncio.wait_for(consumer.stop(), s.kafka_client_timeout_s)
        await runner._dlq.close()
    return replayed
