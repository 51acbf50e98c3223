"""Event transports: Apache Kafka (production) and in-process (embedded).

Kafka client defaults are set here once (aiokafka is unsafe by default): producers are
idempotent with acks=all and, for the relay, transactional — a batch becomes visible
to ``read_committed`` consumers all at once or not at all, so a relay killed mid-batch
exposes nothing and its successor fences the open transaction. Consumers never
auto-commit and start from the earliest offset. Every start, stop and send is bounded
by a timeout (aiokafka#1101, #512, #659), and a producer that failed is thrown away and
recreated (aiokafka#1017).
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
from collections import defaultdict
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.client import AIOKafkaClient

log = logging.getLogger("common.transport")


@dataclass(frozen=True, slots=True)
class OutgoingMessage:
    topic: str
    key: bytes
    value: bytes
    headers: tuple[tuple[str, bytes], ...] = ()


@dataclass(frozen=True, slots=True)
class IncomingMessage:
    topic: str
    partition: int
    offset: int
    key: bytes | None
    value: bytes
    headers: tuple[tuple[str, bytes], ...] = field(default_factory=tuple)


class TransportError(Exception):
    """The transport could not take the batch; nothing of it counts as published."""


class Publisher(Protocol):
    async def publish(self, messages: Sequence[OutgoingMessage]) -> None: ...
    async def ping(self) -> bool: ...
    async def close(self) -> None: ...


# ---------------------------------------------------------------- Kafka


def producer_defaults(bootstrap: str, timeout_s: float) -> dict[str, Any]:
    return {
        "bootstrap_servers": bootstrap,
        "enable_idempotence": True,
        "acks": "all",
        "linger_ms": 2,
        "request_timeout_ms": int(timeout_s * 1000),
        "retry_backoff_ms": 100,
        "client_id": "rex",
    }


def consumer_defaults(bootstrap: str, group_id: str) -> dict[str, Any]:
    return {
        "bootstrap_servers": bootstrap,
        "group_id": group_id,
        "enable_auto_commit": False,
        "auto_offset_reset": "earliest",
        "isolation_level": "read_committed",
        "max_poll_interval_ms": 300_000,
        "session_timeout_ms": 10_000,
        "heartbeat_interval_ms": 3_000,
        "fetch_max_wait_ms": 100,
        "client_id": f"rex-{group_id}",
    }


async def _bounded(aw: Awaitable[Any], timeout_s: float, what: str) -> Any:
    try:
        return await asyncio.wait_for(aw, timeout_s)
    except TimeoutError as exc:
        raise TransportError(f"{what} timed out after {timeout_s:.0f}s") from exc


async def kafka_ping(bootstrap: str, timeout_s: float = 3.0) -> bool:
    """True when a broker answers a metadata request."""
    client = AIOKafkaClient(bootstrap_servers=bootstrap, request_timeout_ms=int(timeout_s * 1000))
    try:
        await asyncio.wait_for(client.bootstrap(), timeout_s)
        return True
    except Exception:
        return False
    finally:
        with contextlib.suppress(Exception):
            await asyncio.wait_for(client.close(), timeout_s)


class KafkaPublisher:
    """Publishes batches to Kafka; transactional when given a ``transactional_id``."""

    def __init__(
        self, bootstrap: str, *, timeout_s: float = 15.0, transactional_id: str | None = None
    ) -> None:
        self._bootstrap = bootstrap
        self._timeout_s = timeout_s
        self._transactional_id = transactional_id
        self._producer: AIOKafkaProducer | None = None
        self._lock = asyncio.Lock()

    async def _ensure(self) -> AIOKafkaProducer:
        if self._producer is None:
            kwargs = producer_defaults(self._bootstrap, self._timeout_s)
            if self._transactional_id:
                kwargs["transactional_id"] = self._transactional_id
                kwargs["transaction_timeout_ms"] = 60_000
            producer = AIOKafkaProducer(**kwargs)
            try:
                await _bounded(producer.start(), self._timeout_s, "producer start")
            except BaseException:
                await self._discard(producer)
                raise
            self._producer = producer
        return self._producer

    async def _discard(self, producer: AIOKafkaProducer | None) -> None:
        if producer is None:
            return
        with contextlib.suppress(BaseException):
            await asyncio.wait_for(producer.stop(), self._timeout_s)

    async def publish(self, messages: Sequence[OutgoingMessage]) -> None:
        if not messages:
            return
        async with self._lock:
            try:
                producer = await self._ensure()
                if self._transactional_id:
                    await _bounded(producer.begin_transaction(), self._timeout_s, "begin txn")
                futures = [
                    await producer.send(m.topic, m.value, key=m.key, headers=list(m.headers))
                    for m in messages
                ]
                await _bounded(asyncio.gather(*futures), self._timeout_s, "delivery")
                if self._transactional_id:
                    await _bounded(producer.commit_transaction(), self._timeout_s, "commit txn")
            except BaseException as exc:
                # Throw the producer away: an aborted or broken transaction, or an
                # idempotent producer stuck on a sequence error, is not reused.
                producer, self._producer = self._producer, None
                await self._discard(producer)
                if isinstance(exc, asyncio.CancelledError | KeyboardInterrupt):
                    raise
                raise TransportError(f"{type(exc).__name__}: {exc}") from exc

    async def ping(self) -> bool:
        return await kafka_ping(self._bootstrap)

    async def close(self) -> None:
        producer, self._producer = self._producer, None
        await self._discard(producer)


def make_consumer(bootstrap: str, group_id: str, topics: Sequence[str]) -> AIOKafkaConsumer:
    return AIOKafkaConsumer(*topics, **consumer_defaults(bootstrap, group_id))


# ---------------------------------------------------------------- in-process

Deliver = Callable[[IncomingMessage], Awaitable[None]]
DeliverBatch = Callable[[list[IncomingMessage]], Awaitable[None]]


class InProcessBus:
    """Embedded transport: one process, every service's consumers subscribed here.

    ``publish`` returns only after every subscriber has applied the message (its inbox
    committed), so the relay marks a row published only once it is delivered: nothing
    is lost if the process dies, and a redelivery is dropped by the inbox.

    A consumer subscribed with ``subscribe_batch`` (the worker's ``InboxProcessor``)
    receives all its messages of a relay batch at once, in order, and applies them in one
    transaction; the consumers run side by side (each has its own database). One
    transaction per event and per consumer, one consumer after another, made a demo's
    events arrive seconds late (bench/README.md, embedded run).
    """

    def __init__(self) -> None:
        self._subscribers: dict[str, list[tuple[str, Deliver]]] = defaultdict(list)
        self._batch_subscribers: list[tuple[frozenset[str], str, DeliverBatch]] = []
        self._offsets: dict[str, itertools.count[int]] = defaultdict(itertools.count)

    def subscribe(self, topic: str, consumer: str, deliver: Deliver) -> None:
        self._subscribers[topic].append((consumer, deliver))

    def subscribe_batch(self, topics: Iterable[str], consumer: str, deliver: DeliverBatch) -> None:
        self._batch_subscribers.append((frozenset(topics), consumer, deliver))

    async def publish(self, messages: Sequence[OutgoingMessage]) -> None:
        incoming = [
            IncomingMessage(m.topic, 0, next(self._offsets[m.topic]), m.key, m.value, m.headers)
            for m in messages
        ]

        async def one_by_one() -> None:
            for msg in incoming:
                for _consumer, deliver in self._subscribers.get(msg.topic, ()):
                    await deliver(msg)

        deliveries = [one_by_one()]
        for topics, _consumer, deliver_batch in self._batch_subscribers:
            mine = [msg for msg in incoming if msg.topic in topics]
            if mine:
                deliveries.append(deliver_batch(mine))
        results = await asyncio.gather(*deliveries, return_exceptions=True)
        for result in results:
            if isinstance(result, BaseException):
                raise result  # the relay retries the batch; the inboxes drop what they have

    async def ping(self) -> bool:
        return True

    async def close(self) -> None:
        return None
