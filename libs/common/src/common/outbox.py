"""Transactional outbox — 发件箱 (DOMAIN X1).

``record_event`` adds the event to the outbox of the session's service inside the
caller's transaction, so the state change and its event commit together or not at
all. The relay (``common.relay``) publishes committed rows.
"""

from __future__ import annotations

import uuid

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from common.context import session_context
from common.events import Envelope, Event


def outbox_channel(service: str) -> str:
    """The PostgreSQL NOTIFY channel that wakes ``service``'s relay."""
    return f"rex_outbox_{service}"


async def record_event(session: AsyncSession, event: Event) -> uuid.UUID:
    """Write ``event`` to the outbox in the current transaction; returns its id."""
    ctx = session_context(session)
    event_id = uuid.uuid4()
    aggregate_id = event.aggregate_id()
    if session.bind.dialect.name == "postgresql":
        if not session.info.get("outbox_notified"):
            # Delivered at commit, to the relay LISTENing in the worker process.
            await session.execute(
                text("SELECT pg_notify(:c, '')"), {"c": outbox_channel(ctx.service)}
            )
            session.info["outbox_notified"] = True
        # Ids come from a sequence at insert time, rows become visible at commit: two
        # transactions writing one aggregate could commit out of id order and the relay
        # would publish the later event first. This lock makes the second writer of an
        # aggregate wait for the first to commit (SQLite serialises writers anyway).
        await session.execute(
            text("SELECT pg_advisory_xact_lock(hashtextextended(:k, 0))"),
            {"k": f"outbox:{ctx.service}:{event.aggregate_type}:{aggregate_id}"},
        )
    await session.execute(
        ctx.infra.outbox.insert().values(
            event_id=event_id,
            event_type=event.event_type,
            event_version=event.event_version,
            topic=event.topic,
            aggregate_type=event.aggregate_type,
            aggregate_id=aggregate_id,
            payload=event.model_dump(mode="json"),
            occurred_at=ctx.clock.now(),
        )
    )
    session.info["outbox_written"] = True  # wakes the relay after commit
    return event_id


def envelope_of(row: object, producer: str) -> Envelope:
    """The wire envelope of an outbox row."""
    return Envelope(
        event_id=row.event_id,  # type: ignore[attr-defined]
        event_type=row.event_type,  # type: ignore[attr-defined]
        version=row.event_version,  # type: ignore[attr-defined]
        occurred_at=row.occurred_at,  # type: ignore[attr-defined]
        producer=producer,
        aggregate_type=row.aggregate_type,  # type: ignore[attr-defined]
        aggregate_id=row.aggregate_id,  # type: ignore[attr-defined]
        payload=row.payload,  # type: ignore[attr-defined]
    )
