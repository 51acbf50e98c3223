"""Deposits — 保证金 (DOMAIN B5): paid, applied to the price, refunded, forfeited.

Every movement is one balanced ledger transaction (``ledger.rules``) and one event,
in the caller's transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bidding.access import is_county_staff, require_trade_county
from bidding.deposits import repository
from bidding.deposits.models import Deposit
from bidding.deposits.repository import deposit_of, held_deposits
from bidding.deposits.states import DEPOSIT
from bidding.ledger import rules as postings
from bidding.ledger.rules import Postings
from bidding.ledger.service import post
from bidding.listings.models import ListingView
from bidding.params import working_days_deadline
from common.auth import OrgType, Principal, Role
from common.context import now as clock_now
from common.contracts.bidding import DepositForfeited, DepositPaid, DepositRefunded
from common.money import format_yuan, from_fen
from common.outbox import record_event
from common.problems import FieldProblem, Problem, invalid, not_found

#: Seconds a bank waits before retrying a callback for a listing not yet known here.
RETRY_AFTER_S = 5


def listing_not_yet_known() -> Problem:
    """The listing's announcement has not reached bidding yet (``listing.published`` is
    delivered by Kafka, usually within a second): a retryable refusal, not a 404 — the
    bank sends the same callback again after ``Retry-After`` seconds (README, banks)."""
    return Problem(
        409,
        "listing-not-yet-known",
        "The listing's announcement has not reached the trading service yet; retry later",
        "挂牌公告尚未同步至交易系统，请稍后重试",
        rule="B5",
        extra={"retryable": True, "retry_after_seconds": RETRY_AFTER_S},
        headers={"Retry-After": str(RETRY_AFTER_S)},
    )


async def record_payment(
    session: AsyncSession,
    who: Principal,
    listing_id: str,
    *,
    party_id: str,
    registration_id: str | None,
    amount_fen: int,
    bank_reference: str,
) -> Deposit:
    """A bank (``who``) reports a buyer's deposit (B5, L6); refuses (changing nothing)
    what is wrong."""
    now = clock_now(session)
    listing = await session.get(ListingView, listing_id)
    if listing is None:
        raise listing_not_yet_known()
    problems = []
    if amount_fen != listing.deposit_fen:
        problems.append(
            FieldProblem(
                "amount",
                "B5",
                f"the listing's deposit is {format_yuan(listing.deposit_fen)}",
                f"该项目保证金为{format_yuan(listing.deposit_fen)}元",
            )
        )
    if now >= listing.announcement_ends_at:
        problems.append(
            FieldProblem(
                "listing_id",
                "B5",
                "the announcement has ended; deposits are paid before qualification",
                "公告期已结束，保证金须在资格审查前缴纳",
            )
        )
    if problems:
        raise invalid(problems, rule="B5")
    if await deposit_of(session, listing_id, party_id) is not None:
        raise Problem(
            409,
            "deposit-already-paid",
            "This buyer's deposit is already recorded",
            "该意向受让方的保证金已登记",
            rule="B5",
        )
    deposit = Deposit(
        listing_id=listing_id,
        party_id=party_id,
        registration_id=registration_id,
        amount_fen=amount_fen,
        bank_org_id=who.org.id,
        bank_reference=bank_reference,
        state="held",
        paid_at=now,
    )
    session.add(deposit)
    try:
        async with session.begin_nested():
            await session.flush()
    except IntegrityError:
        raise Problem(
            409,
            "bank-reference-reused",
            "This bank reference was already reported",
            "该银行流水号已登记",
            rule="B5",
        ) from None
    if amount_fen:
        await post(
            session,
            who,
            listing_id,
            kind="deposit_paid",
            postings=postings.deposit_paid(listing_id, party_id, amount_fen),
            party_id=party_id,
            reference=bank_reference,
        )
    await record_event(
        session,
        DepositPaid(
            listing_id=listing_id,
            party_id=party_id,
            registration_id=registration_id,
            amount=from_fen(amount_fen),
            bank_reference=bank_reference,
            paid_at=now,
        ),
    )
    return deposit


async def deposits_of_listing(
    session: AsyncSession, who: Principal, listing_id: str
) -> Sequence[Deposit]:
    """A published listing's deposits as the caller may see them (X3): county staff and the
    supervisor of its county all, a bank only those it reported."""
    listing = await session.get(ListingView, listing_id)
    if listing is None:
        raise not_found("Published listing", "已发布的挂牌项目")
    bank: str | None = None
    if is_county_staff(who):
        require_trade_county(who, listing.county)
    elif who.has(Role.lender) and who.org.type == OrgType.bank:
        bank = who.org.id
    else:
        require_trade_county(who, listing.county)
    return await repository.deposits_of_listing(session, listing_id, bank_org_id=bank)


async def deposits_of_bank(session: AsyncSession, bank_org_id: str, limit: int) -> list[Deposit]:
    """The deposits one bank reported, newest first (its callback log)."""
    return await repository.deposits_of_bank(session, bank_org_id, limit)


async def _move(
    session: AsyncSession,
    who: Principal | None,
    deposit: Deposit,
    *,
    to: str,
    transition: str,
    kind: str,
    entries: Callable[[int], Postings],
    reference: str | None = None,
) -> None:
    """One movement of a deposit (B5): its balanced ledger transaction of ``kind`` — none
    for a deposit of nothing, which moves no money — then its next state."""
    if deposit.amount_fen:
        await post(
            session,
            who,
            deposit.listing_id,
            kind=kind,
            postings=entries(deposit.amount_fen),
            party_id=deposit.party_id,
            reference=reference,
        )
    DEPOSIT.move(deposit, to, transition)


async def _move_party(
    session: AsyncSession,
    who: Principal | None,
    listing_id: str,
    party_id: str,
    *,
    to: str,
    transition: str,
    kind: str,
    entries: Callable[[int], Postings],
) -> Deposit | None:
    """The party's deposit for the listing moved as ``_move`` does, if it stands where
    ``transition`` starts (B5); None, and nothing moved, if it has none or stands elsewhere."""
    deposit = await deposit_of(session, listing_id, party_id)
    if deposit is None or not DEPOSIT.can(deposit, to, transition):
        return None
    await _move(session, who, deposit, to=to, transition=transition, kind=kind, entries=entries)
    return deposit


async def refund(
    session: AsyncSession, who: Principal | None, deposit: Deposit, county: str
) -> None:
    """Return a held deposit to its payer (B5)."""
    now = clock_now(session)
    await _move(
        session,
        who,
        deposit,
        to="refunded",
        transition="refund",
        kind="deposit_refunded",
        entries=partial(postings.deposit_refunded, deposit.listing_id, deposit.party_id),
        reference=deposit.bank_reference,
    )
    deposit.refund_due_by = await working_days_deadline(
        session, county, "deposit_refund_working_days"
    )
    deposit.settled_at = now
    await record_event(
        session,
        DepositRefunded(
            listing_id=deposit.listing_id,
            party_id=deposit.party_id,
            amount=from_fen(deposit.amount_fen),
            refunded_at=now,
        ),
    )


async def refund_all(
    session: AsyncSession,
    who: Principal | None,
    listing_id: str,
    county: str,
    *,
    keep: set[str] | None = None,
) -> int:
    """Refund every held deposit of the listing except those of ``keep``; how many."""
    n = 0
    for deposit in await held_deposits(session, listing_id):
        if keep and deposit.party_id in keep:
            continue
        await refund(session, who, deposit, county)
        n += 1
    return n


async def apply_to_price(
    session: AsyncSession, who: Principal | None, listing_id: str, party_id: str
) -> int:
    """The winner's held deposit becomes part of the price (B5); the fen applied."""
    deposit = await _move_party(
        session,
        who,
        listing_id,
        party_id,
        to="applied",
        transition="apply_to_price",
        kind="deposit_applied",
        entries=partial(postings.deposit_applied, listing_id, party_id),
    )
    return deposit.amount_fen if deposit is not None else 0


async def forfeit(
    session: AsyncSession, who: Principal | None, listing_id: str, party_id: str, reason: str
) -> int:
    """A winner who does not sign in time forfeits the applied deposit (B5)."""
    now = clock_now(session)
    deposit = await _move_party(
        session,
        who,
        listing_id,
        party_id,
        to="forfeited",
        transition="forfeit",
        kind="deposit_forfeited",
        entries=partial(postings.deposit_forfeited, listing_id),
    )
    if deposit is None:
        return 0
    deposit.settled_at = now
    await record_event(
        session,
        DepositForfeited(
            listing_id=listing_id,
            party_id=party_id,
            amount=from_fen(deposit.amount_fen),
            reason=reason,
            forfeited_at=now,
        ),
    )
    return deposit.amount_fen


async def unapply_and_refund(
    session: AsyncSession, who: Principal | None, listing_id: str, party_id: str, county: str
) -> None:
    """A terminated trade returns even the winner's applied deposit (L12, B5)."""
    deposit = await _move_party(
        session,
        who,
        listing_id,
        party_id,
        to="held",
        transition="unapply",
        kind="deposit_unapplied",
        entries=partial(postings.deposit_unapplied, listing_id, party_id),
    )
    if deposit is not None:
        await refund(session, who, deposit, county)
