"""Infrastructure tables every service has in its own schema/file.

outbox — 发件箱, inbox — 收件箱 (processed event ids), timers — 定时器,
idempotency_keys — 幂等键, dead_letters — 死信 (in-process transport only; on Kafka
the dead letters go to the ``dlq.<service>`` topic).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    Uuid,
)

from common.db import UTCDateTime

BigId = BigInteger().with_variant(Integer(), "sqlite")  # SQLite autoincrements INTEGER only


@dataclass(frozen=True)
class InfraTables:
    outbox: Table
    inbox: Table
    timers: Table
    idempotency: Table
    dead_letters: Table


def define_infra_tables(metadata: MetaData) -> InfraTables:
    outbox = Table(
        "outbox",
        metadata,
        Column("id", BigId, primary_key=True, autoincrement=True),
        Column("event_id", Uuid, nullable=False, unique=True),
        Column("event_type", String(120), nullable=False),
        Column("event_version", Integer, nullable=False),
        Column("topic", String(120), nullable=False),
        Column("aggregate_type", String(60), nullable=False),
        Column("aggregate_id", String(120), nullable=False),
        Column("payload", JSON, nullable=False),
        Column("occurred_at", UTCDateTime, nullable=False),
        Column("published_at", UTCDateTime),
        Column("attempts", Integer, nullable=False, server_default="0"),
        Column("last_error", Text),
        Column("next_attempt_at", UTCDateTime),
        Column("parked_at", UTCDateTime),
        Index(
            "ix_outbox_pending",
            "id",
            postgresql_where="published_at IS NULL",
            sqlite_where="published_at IS NULL",
        ),
        Index("ix_outbox_aggregate", "aggregate_id", "id"),
    )
    inbox = Table(
        "inbox",
        metadata,
        Column("consumer", String(60), primary_key=True),
        Column("event_id", Uuid, primary_key=True),
        Column("event_type", String(120), nullable=False),
        Column("topic", String(120), nullable=False),
        Column("partition", Integer),
        Column("offset", BigInteger),
        Column("processed_at", UTCDateTime, nullable=False),
    )
    timers = Table(
        "timers",
        metadata,
        Column("id", BigId, primary_key=True, autoincrement=True),
        Column("kind", String(80), nullable=False),
        Column("key", String(200), nullable=False),
        Column("due_at", UTCDateTime, nullable=False),
        Column("payload", JSON, nullable=False),
        Column("state", String(12), nullable=False, server_default="pending"),
        Column("attempts", Integer, nullable=False, server_default="0"),
        Column("last_error", Text),
        Column("created_at", UTCDateTime, nullable=False),
        Column("fired_at", UTCDateTime),
        UniqueConstraint("kind", "key"),
        Index("ix_timers_due", "state", "due_at"),
    )
    idempotency = Table(
        "idempotency_keys",
        metadata,
        Column("id", BigId, primary_key=True, autoincrement=True),
        Column("subject", String(200), nullable=False),
        Column("key", String(200), nullable=False),
        Column("method", String(10), nullable=False),
        Column("path", String(500), nullable=False),
        Column("fingerprint", String(64), nullable=False),
        Column("status_code", Integer, nullable=False),
        Column("response_headers", JSON, nullable=False),
        Column("response_body", LargeBinary, nullable=False),
        Column("created_at", UTCDateTime, nullable=False),
        UniqueConstraint("subject", "key"),
    )
    dead_letters = Table(
        "dead_letters",
        metadata,
        Column("id", BigId, primary_key=True, autoincrement=True),
        Column("consumer", String(60), nullable=False),
        Column("event_id", String(64)),
        Column("event_type", String(120)),
        Column("topic", String(120), nullable=False),
        Column("message", LargeBinary, nullable=False),
        Column("error", Text, nullable=False),
        Column("failed_at", UTCDateTime, nullable=False),
        Column("replayed_at", UTCDateTime),
    )
    return InfraTables(outbox, inbox, timers, idempotency, dead_letters)
