"""Decision log — 决策记录 (DOMAIN X2).

Every decision (a review, a qualification, a suspension, a registration, a
compensation…) records who, when, what and why, in the same transaction as the
decision, in the service's append-only ``decisions`` table. Nothing updates or deletes
a row. ``by=None`` records the system itself (a timer or an event consumer).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar, Protocol

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from common.auth import Principal
from common.context import session_context

SYSTEM = "system"


class DecisionOut(BaseModel):
    """One recorded decision, as the API shows it."""

    id: int
    subject_type: str
    subject_id: str
    action: str
    rule: str | None
    actor_subject: str
    actor_name: str
    actor_roles: list[str]
    actor_org: str
    reason: str | None
    data: dict[str, Any]
    decided_at: datetime


def org_label(principal: Principal) -> str:
    """An organization as the audit trail names it, ``type:id`` (also a blacklist's lister)."""
    return f"{principal.org.type}:{principal.org.id}"


async def record_decision(
    session: AsyncSession,
    *,
    subject_type: str,
    subject_id: str,
    action: str,
    by: Principal | None,
    reason: str | None = None,
    rule: str | None = None,
    data: dict[str, Any] | None = None,
) -> int:
    """Append a decision in the caller's transaction; returns its id."""
    ctx = session_context(session)
    table = ctx.infra.decisions
    result = await session.execute(
        table.insert()
        .values(
            subject_type=subject_type,
            subject_id=str(subject_id),
            action=action,
            rule=rule,
            actor_subject=by.subject if by else SYSTEM,
            actor_name=by.name if by else SYSTEM,
            actor_roles=sorted(r.value for r in by.roles) if by else [SYSTEM],
            actor_org=org_label(by) if by else SYSTEM,
            reason=reason,
            data=data or {},
            decided_at=ctx.clock.now(),
        )
        .returning(table.c.id)
    )
    return int(result.scalar_one())


class Audited(Protocol):
    """An entity decisions are recorded on: its class names the subject type, and
    ``__audit_key__`` (optional, default ``"id"``) the attribute that identifies it in
    the trail — a right is followed by its certificate number, which outlives row ids
    across a transfer."""

    __audit_subject__: ClassVar[str]


async def record_on(
    session: AsyncSession,
    entity: Audited,
    *,
    action: str,
    by: Principal | None,
    rule: str | None = None,
    reason: str | None = None,
    data: dict[str, Any] | None = None,
) -> int:
    """Flush ``entity``'s change and record the decision taken on it (audit by entity).

    The subject is ``type(entity).__audit_subject__`` and the entity's
    ``__audit_key__`` attribute (``id`` unless the class says otherwise); flushing first
    makes a new entity's id and the change itself visible before the record."""
    await session.flush()
    key = getattr(type(entity), "__audit_key__", "id")
    return await record_decision(
        session,
        subject_type=type(entity).__audit_subject__,
        subject_id=str(getattr(entity, key)),
        action=action,
        by=by,
        reason=reason,
        rule=rule,
        data=data,
    )


async def decisions_of(
    session: AsyncSession, subject_type: str, subject_id: str
) -> list[DecisionOut]:
    """The decisions about one subject, oldest first."""
    table = session_context(session).infra.decisions
    rows = await session.execute(
        select(table)
        .where(table.c.subject_type == subject_type, table.c.subject_id == str(subject_id))
        .order_by(table.c.id)
    )
    return [DecisionOut.model_validate(dict(r._mapping)) for r in rows]
