"""Deposit endpoints — 保证金 (DOMAIN B5, X3).

``POST /deposits`` is the bank callback: role lender, organization type bank, and an
``Idempotency-Key`` (a retried callback returns the first answer and changes nothing).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Header

from bidding.deposits import service as svc
from bidding.deposits.schemas import DepositIn, DepositOut
from bidding.deposits.views import out
from common.auth import OrgType, Principal, Role, require
from common.money import to_fen
from common.problems import FieldProblem, invalid
from common.routes import SessionDep
from common.routes import router as make_router

router = make_router(tags=["deposits — 保证金"])
BANK = Annotated[Principal, require(Role.lender, org_types=(OrgType.bank,))]


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
    body: DepositIn, session: SessionDep, who: BANK, _key: str = Depends(require_idempotency_key)
) -> DepositOut:
    """A bank reports a buyer's deposit (B5); publishes ``bidding.deposit_paid``."""
    deposit = await svc.record_payment(
        session,
        who,
        body.listing_id,
        party_id=body.party_id,
        registration_id=body.registration_id,
        amount_fen=to_fen(body.amount),
        bank_reference=body.bank_reference,
    )
    await session.flush()
    return out(deposit)


@router.get("/listings/{listing_id}/deposits", response_model=list[DepositOut])
async def deposits_of_listing(
    listing_id: str,
    session: SessionDep,
    who: Principal = require(Role.exchange_staff, Role.supervisor, Role.lender),
) -> list[DepositOut]:
    """County staff and the supervisor see all; a bank sees only what it reported (X3)."""
    return [out(d) for d in await svc.deposits_of_listing(session, who, listing_id)]
