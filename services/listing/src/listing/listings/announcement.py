"""The announcement — 公告 (L5, L7, L12): publish, extend, suspend, resume, terminate, and
close when the announcement ends.

The end is fixed when the announcement is published (whole 24-hour days) and only
``extend`` moves it, later only; a persisted timer (``ANNOUNCEMENT_END``) closes it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from common.audit import record_on
from common.auth import Principal
from common.context import now
from common.contracts.listing import (
    AnnouncementClosed,
    ListingPublished,
    ListingResumed,
    ListingSuspended,
    ListingTerminated,
    QualifiedBuyer,
)
from common.events import Event
from common.money import from_fen
from common.outbox import record_event
from common.problems import invalid, invalid_field
from common.scheduler import cancel_timer, schedule_timer
from common.settings import Settings
from listing.access import require_listing_county
from listing.listings import rules
from listing.listings.models import Listing
from listing.listings.review import collective_decision_problems
from listing.listings.schemas import SuspendIn
from listing.listings.states import LISTING, require_status
from listing.params import PARAMS

#: The persisted timer that ends an announcement; its key is the listing id.
ANNOUNCEMENT_END = "listing.announcement_end"

#: What later areas do when a published announcement changes (an extension, a
#: suspension, a resumption), in the same unit of work: the documents area re-issues the
#: printed 交易公告 (issue 20). They subscribe in ``listing.main``, so this area never
#: imports one declared after it (docs/service-shape.md).
ChangeHook = Callable[[AsyncSession, Principal, Listing, str, Settings], Awaitable[object]]
ON_CHANGE: list[ChangeHook] = []


async def changed(
    session: AsyncSession, who: Principal, listing: Listing, reason: str, settings: Settings
) -> None:
    """Run the subscribed follow-ups of a change to the announcement (``reason`` in
    Chinese, as printed)."""
    for hook in ON_CHANGE:
        await hook(session, who, listing, reason, settings)


def _move_tender_opening(listing: Listing, old_end: datetime, new_end: datetime) -> dict[str, Any]:
    """Apply ``rules.moved_tender_opening``; returns what moved, for the decision log (X2)."""
    opening = listing.tender_opening_at
    moved = rules.moved_tender_opening(listing, old_end, new_end)
    if moved is None or opening is None:
        return {}
    listing.tender_opening_at = moved
    return {"tender_opening_from": opening.isoformat(), "tender_opening_to": moved.isoformat()}


async def publish(
    session: AsyncSession,
    who: Principal,
    listing: Listing,
    days: int | None,
    tender_opening_at: datetime | None = None,
) -> Listing:
    """Publish the announcement: at least the county minimum (20 days), end fixed now.
    A tender's opening (B4) is set or confirmed here, when the end is known (L7)."""
    require_listing_county(who, listing)
    require_status(listing.status, "registered", rule="L5")
    if tender_opening_at is not None:
        if listing.mode != "tender":
            raise invalid_field(
                "tender_opening_at",
                "L7",
                "only a tender has an opening time",
                "仅招标方式须确定开标时间",
            )
        listing.tender_opening_at = tender_opening_at.astimezone(UTC)
    minimum = await PARAMS.get(session, listing.county, "announcement_min_days")
    days = minimum if days is None else days
    if days < minimum:
        raise invalid_field(
            "days",
            "L5",
            f"an announcement runs at least {minimum} days",
            f"公告期不得少于{minimum}日",
        )
    # a relisted lower price needs L8 again
    problems = await collective_decision_problems(session, listing)
    if problems:
        raise invalid(problems, rule="L8")
    at = now(session)
    LISTING.move(listing, "announced", "publish")
    listing.published_at = at
    listing.announcement_days = days
    listing.announcement_ends_at = at + timedelta(days=days)
    listing.updated_at = at
    if listing.mode == "tender" and (
        listing.tender_opening_at is None
        or listing.tender_opening_at < listing.announcement_ends_at
    ):
        raise invalid_field(
            "tender_opening_at",
            "L7",
            "a tender needs its opening time, at or after the announcement's end",
            "招标须确定开标时间，且不得早于公告期满",
        )
    await schedule_timer(session, ANNOUNCEMENT_END, listing.id, listing.announcement_ends_at)
    await record_on(
        session,
        listing,
        action="listing.published",
        by=who,
        rule="L5",
        data={
            "days": days,
            "ends_at": listing.announcement_ends_at.isoformat(),
            "tender_opening_at": listing.tender_opening_at.isoformat()
            if listing.mode == "tender" and listing.tender_opening_at
            else None,
        },
    )
    await record_event(
        session,
        ListingPublished(
            listing_id=listing.id,
            county=listing.county,
            township=listing.township,
            title=listing.title,
            product=listing.product,
            way=listing.way,  # type: ignore[arg-type]
            mode=listing.mode,  # type: ignore[arg-type]
            seller_party_id=listing.seller_party_id,
            seller_name=listing.seller_name,
            right_certificate_no=listing.right_certificate_no,
            reserve_price=from_fen(listing.reserve_price_fen),
            deposit=from_fen(listing.deposit_fen),
            announcement_ends_at=listing.announcement_ends_at,
            published_at=at,
            disposal_id=listing.disposal_id,
            entry_plan_id=listing.entry_plan_id,
            entry_deal_id=listing.entry_deal_id,
        ),
    )
    return listing


async def extend(
    session: AsyncSession, who: Principal, listing: Listing, ends_at: datetime, reason: str
) -> Listing:
    """L5: the end can be extended, never shortened."""
    require_listing_county(who, listing)
    require_status(listing.status, "announced", rule="L5")
    ends_at = ends_at.astimezone(UTC)
    if ends_at <= listing.announcement_ends_at:
        raise invalid_field(
            "ends_at",
            "L5",
            "an announcement can be extended, never shortened",
            "公告期只能延长，不得缩短",
        )
    old = listing.announcement_ends_at
    opening = _move_tender_opening(listing, old, ends_at)
    listing.announcement_ends_at = ends_at
    listing.updated_at = now(session)
    await schedule_timer(session, ANNOUNCEMENT_END, listing.id, ends_at)
    await record_on(
        session,
        listing,
        action="listing.extended",
        by=who,
        rule="L5",
        reason=reason,
        data={"from": old.isoformat(), "to": ends_at.isoformat()} | opening,
    )
    return listing


async def _made_public(
    session: AsyncSession,
    who: Principal,
    listing: Listing,
    at: datetime,
    *,
    action: str,
    notice: str,
    reason: str,
    data: dict[str, Any],
    event: Event,
) -> Listing:
    """An L12 decision (中止, 恢复, 终止) made public: the board's ``notice`` with its reason,
    the decision log (X2) and the event, in that order."""
    listing.public_notice = f"{notice}：{reason}"
    listing.updated_at = at
    await record_on(session, listing, action=action, by=who, rule="L12", reason=reason, data=data)
    await record_event(session, event)
    return listing


async def suspend(
    session: AsyncSession, who: Principal, listing: Listing, body: SuspendIn
) -> Listing:
    """Suspend (中止) with a recorded, published reason; the time left is kept (L12)."""
    require_listing_county(who, listing)
    require_status(listing.status, "announced", "trading", rule="L12")
    problems = rules.l12_problems(body)
    if problems:
        raise invalid(problems, rule="L12")
    at = now(session)
    phase = "announcement" if listing.status == "announced" else "trading"
    remaining = 0
    if phase == "announcement":
        remaining = max(0, int((listing.announcement_ends_at - at).total_seconds()))
        await cancel_timer(session, ANNOUNCEMENT_END, listing.id)
    listing.suspended_phase = phase
    listing.remaining_seconds = remaining
    LISTING.move(listing, "suspended", "suspend")
    return await _made_public(
        session,
        who,
        listing,
        at,
        action="listing.suspended",
        notice="中止",
        reason=body.reason,
        data=body.model_dump() | {"remaining_seconds": remaining},
        event=ListingSuspended(
            listing_id=listing.id,
            reason=body.reason,
            reason_code=body.reason_code,
            phase=phase,
            remaining_seconds=remaining,
            suspended_at=at,
            decided_by=who.subject,
        ),
    )


async def resume(session: AsyncSession, who: Principal, listing: Listing, reason: str) -> Listing:
    """A suspended announcement resumes with the time it had left (L12)."""
    require_listing_county(who, listing)
    require_status(listing.status, "suspended", rule="L12")
    at = now(session)
    phase = listing.suspended_phase or "announcement"
    remaining = listing.remaining_seconds or 0
    new_end = None
    opening: dict[str, Any] = {}
    if phase == "announcement":
        new_end = at + timedelta(seconds=remaining)
        opening = _move_tender_opening(listing, listing.announcement_ends_at, new_end)
        listing.announcement_ends_at = new_end
        LISTING.move(listing, "announced", "resume")
        await schedule_timer(session, ANNOUNCEMENT_END, listing.id, new_end)
    else:
        LISTING.move(listing, "trading", "resume")
    listing.suspended_phase = None
    listing.remaining_seconds = None
    return await _made_public(
        session,
        who,
        listing,
        at,
        action="listing.resumed",
        notice="恢复",
        reason=reason,
        data={"remaining_seconds": remaining} | opening,
        event=ListingResumed(
            listing_id=listing.id,
            phase=phase,
            remaining_seconds=remaining,
            new_end_at=new_end,
            resumed_at=at,
            decided_by=who.subject,
        ),
    )


async def terminate(
    session: AsyncSession, who: Principal, listing: Listing, body: SuspendIn
) -> Listing:
    """Terminate (终止) with a recorded, published reason (L12)."""
    require_listing_county(who, listing)
    require_status(listing.status, "registered", "announced", "suspended", "trading", rule="L12")
    problems = rules.l12_problems(body)
    if problems:
        raise invalid(problems, rule="L12")
    at = now(session)
    await cancel_timer(session, ANNOUNCEMENT_END, listing.id)
    LISTING.move(listing, "terminated", "terminate")
    return await _made_public(
        session,
        who,
        listing,
        at,
        action="listing.terminated",
        notice="终止",
        reason=body.reason,
        data=body.model_dump(),
        event=ListingTerminated(
            listing_id=listing.id,
            reason=body.reason,
            reason_code=body.reason_code,
            terminated_at=at,
            decided_by=who.subject,
        ),
    )


async def close_announcement(
    session: AsyncSession, who: Principal | None, listing: Listing, buyers: list[QualifiedBuyer]
) -> Listing | None:
    """The announcement ends: the qualified buyers with the deposit paid (L6) decide the
    trade (L7). ``buyers`` come from the registrations area (the timer gathers them)."""
    if listing.status != "announced":
        return None  # suspended or terminated meanwhile: the timer was cancelled or moved
    at = now(session)
    outcome, mode, to, action = rules.closing_outcome(listing, len(buyers))
    LISTING.move(listing, to, action)
    if outcome == "failed":
        listing.failed_reason = "公告期满无合格意向受让方（流标）"
    listing.outcome = outcome
    listing.qualified_count = len(buyers)
    listing.updated_at = at
    await record_on(
        session,
        listing,
        action="listing.announcement_closed",
        by=who,
        rule="L7",
        data={"outcome": outcome, "qualified": len(buyers)},
    )
    await record_event(
        session,
        AnnouncementClosed(
            listing_id=listing.id,
            county=listing.county,
            township=listing.township,
            outcome=outcome,  # type: ignore[arg-type]
            mode=mode,  # type: ignore[arg-type]
            product=listing.product,
            way=listing.way,  # type: ignore[arg-type]
            title=listing.title,
            seller_party_id=listing.seller_party_id,
            seller_name=listing.seller_name,
            right_certificate_no=listing.right_certificate_no,
            area_mu=format(Decimal(listing.area_mu).normalize(), "f"),
            term_start=listing.term_start,
            term_end=listing.term_end,
            reserve_price=from_fen(listing.reserve_price_fen),
            increment=from_fen(listing.increment_fen),
            extension_seconds=listing.extension_seconds,
            free_period_seconds=listing.free_period_seconds,
            deposit=from_fen(listing.deposit_fen),
            tender_opening_at=listing.tender_opening_at if mode == "tender" else None,
            qualified_buyers=buyers,
            closed_at=at,
            disposal_id=listing.disposal_id,
            lien_id=listing.lien_id,
        ),
    )
    return listing
