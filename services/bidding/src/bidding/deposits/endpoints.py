"""Deposit endpoints — 保证金 (DOMAIN B5, X3).

``POST /deposits`` is the bank callback: role lender, organization type bank, and an
``Idempotency-Key`` (a retried callback returns the first answer and changes nothing).
"""

from __future__ import annotations

from fastapi import Depends, Header
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bidding.deposits import service as svc
from bidding.deposits.models import Deposit
from bidding.deposits.schemas import DepositIn, DepositOut
from bidding.listings.models import ListingView
from bidding.parties import is_county_staff, same_county_or_forbidden
from common.auth import OrgType, Principal, Role, require
from common.money import from_fen, to_fen
from common.problems import FieldProblem, invalid, not_found
from common.routes import get_session
from common.routes import router as make_router

router = make_router(tags=["deposits — 保证金"])
BANK = require(Role.lender, org_types=(OrgType.bank,))


def out(d: Deposit) -> DepositOut:
    return DepositOut(
        id=d.id,
        listing_id=d.listing_id,
        party_id=d.party_id,
        registration_id=d.registration_id,
        amount=from_fen(d.amount_fen),
        bank_org_id=d.bank_org_id,
        bank_reference=d.bank_reference,
        state=d.state,
        paid_at=d.paid_at,
        refund_due_by=d.refund_due_by,
        settled_at=d.settled_at,
    )


def require_idempotency_key(
    key: str | None = Header(None, alias="Idempotency-Key"),
) -> str:
    if not key:
        raise invalid(
            [
                FieldProblem(
                    "Idempotency-Key",
                    "X4",
                    "a bank callback must carry an Idempotency-Key",
                    "银行回调须携带幂等键",
                )
            ],
            status=400,
        )
    return key


@router.post("/deposits", response_model=DepositOut, status_code=201)
async def deposit_paid(
    body: DepositIn,
    session: AsyncSession = Depends(get_session),
    who: Principal = BANK,
    _key: str = Depends(require_idempotency_key),
) -> DepositOut:
    """A bank reports a buyer's deposit (B5); publishes ``bidding.deposit_paid``."""
    deposit = await svc.record_payment(
        session,
        listing_id=body.listing_id,
        party_id=body.party_id,
        registration_id=body.registration_id,
        amount_fen=to_fen(body.amount),
        bank_org_id=who.org.id,
        bank_reference=body.bank_reference,
    )
    await session.flush()
    return out(deposit)


@router.get("/listings/{listing_id}/deposits", response_model=list[DepositOut])
async def deposits_of_listing(
    listing_id: str,
    session: AsyncSession = Depends(get_session),
    who: Principal = require(Role.exchange_staff, Role.supervisor, Role.lender),
) -> list[DepositOut]:
    """County staff and the supervisor see all; a bank sees only what it reported (X3)."""
    listing = await session.get(ListingView, listing_id)
    if listing is None:
        raise not_found("Published listing", "已发布的挂牌项目")
    q = select(Deposit).where(Deposit.listing_id == listing_id).order_by(Deposit.id)
    if is_county_staff(who):
        same_county_or_forbidden(who, listing.county)
    elif who.has(Role.lender) and who.org.type == OrgType.bank:
        q = q.where(Deposit.bank_org_id == who.org.id)
    else:
        same_county_or_forbidden(who, listing.county)
    return [out(d) for d in (await session.execute(q)).scalars()]
