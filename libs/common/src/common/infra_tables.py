"""Infrastructure tables every service has in its own schema/file.

outbox — 发件箱, inbox — 收件箱 (processed event ids), timers — 定时器,
idempotency_keys — 幂等键, dead_letters — 死信 (in-process transport only; on Kafka
the dead letters go to the ``dlq.<service>`` topic); since revision 0002:
decisions — 决策记录 (the X2 audit log, ``common.audit``) and county_parameters —
县级参数 (versioned county configuration, ``common.county_config``).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    Date,
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
from common.keys import BigId


@dataclass(frozen=True)
class InfraTables:
    outbox: Table
    inbox: Table
    timers: Table
    idempotency: Table
    dead_letters: Table
    decisions: Table
    county_parameters: Table


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
    decisions = Table(
        "decisions",
        metadata,
        Column("id", BigId, primary_key=True, autoincrement=True),
        Column("subject_type", String(60), nullable=False),
        Column("subject_id", String(120), nullable=False),
        Column("action", String(120), nullable=False),
        Column("rule", String(20)),
        Column("actor_subject", String(200), nullable=False),
        Column("actor_name", String(200), nullable=False),
        Column("actor_roles", JSON, nullable=False),
        Column("actor_org", String(200), nullable=False),
        Column("reason", Text),
        Column("data", JSON, nullable=False),
        Column("decided_at", UTCDateTime, nullable=False),
        Index("ix_decisions_subject", "subject_type", "subject_id", "id"),
    )
    county_parameters = Table(
        "county_parameters",
        metadata,
        Column("id", BigId, primary_key=True, autoincrement=True),
        Column("county", String(20), nullable=False),
        Column("key", String(80), nullable=False),
        Column("version", Integer, nullable=False),
        Column("value", JSON, nullable=False),
        Column("effective_from", Date, nullable=False),
        Column("recorded_by", String(200), nullable=False),
        Column("recorded_at", UTCDateTime, nullable=False),
        Column("reason", Text, nullable=False),
        UniqueConstraint("county", "key", "version"),
    )
    return InfraTables(
        outbox, inbox, timers, idempotency, dead_letters, decisions, county_parameters
    )
