"""County funds — 奖补资金池 (G8) and 风险补偿基金 (G10).

Every movement is a ledger entry; a balance is the sum of its entries and never goes
negative: a payment the balance cannot cover is queued (reward pool: rewards and the
county's compensation share, paid first-in first-out when money comes in) or refused
(risk fund claims), and the caller is told which.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from common.audit import record_decision
from common.auth import Principal
from common.context import now
from common.money import apply_rate, from_fen, to_fen
from common.problems import Problem
from guarantee.funds import repository
from guarantee.funds.models import FundAccount, FundEntry, FundPayment
from guarantee.funds.states import PAYMENT
from guarantee.params import PARAMS

REWARD_POOL = "reward_pool"
RISK_FUND = "risk_fund"
#: G17: the housing and homestead risk sub-fund of G10 — 农房（宅基地）风险补偿金
HOUSING_FUND = "housing_fund"
#: each fund's share of a force-majeure loss (G10, G17), a county parameter
SHARE_RATE = {RISK_FUND: "risk_fund_share_rate", HOUSING_FUND: "housing_fund_share_rate"}
FUNDS = (REWARD_POOL, RISK_FUND, HOUSING_FUND)
_INITIAL = {
    REWARD_POOL: "reward_pool_initial",
    RISK_FUND: "risk_fund_initial",
    HOUSING_FUND: "housing_fund_initial",
}
_RULE = {REWARD_POOL: "G8", RISK_FUND: "G10", HOUSING_FUND: "G17"}


def _by(who: Principal | None) -> str:
    return who.subject if who else "system"


async def open_account(
    session: AsyncSession, who: Principal | None, county: str, fund: str
) -> FundAccount:
    """The fund's row, locked; opened with the county's opening balance on first use."""
    account = await repository.account(session, county, fund)
    if account is not None:
        return account
    at = now(session)
    try:
        async with session.begin_nested():  # two first uses at once: one opens it
            session.add(FundAccount(county=county, fund=fund, opened_at=at))
    except IntegrityError:
        return await open_account(session, who, county, fund)
    account = await repository.account(session, county, fund)
    assert account is not None
    opening = to_fen(await PARAMS.get(session, county, _INITIAL[fund]))
    if opening:
        session.add(
            FundEntry(
                county=county,
                fund=fund,
                delta_fen=opening,
                kind="opening",
                note="opening balance (county parameter)",
                recorded_by="system",
                recorded_at=at,
            )
        )
        await session.flush()
    return account


async def ensure_open(session: AsyncSession, who: Principal | None, county: str, fund: str) -> None:
    """Open the fund on its first read; a fund already open is read without a row lock."""
    exists = await session.scalar(
        select(FundAccount.county).where(FundAccount.county == county, FundAccount.fund == fund)
    )
    if exists is None:
        await open_account(session, who, county, fund)


def _mark_paid(session: AsyncSession, payment: FundPayment, by: str, at: datetime) -> None:
    """A payment made: paid at ``at``, its ledger entry drawing the amount from the fund."""
    PAYMENT.move(payment, "paid", "pay")
    payment.paid_at = at
    entry = FundEntry(
        county=payment.county,
        fund=payment.fund,
        delta_fen=-payment.amount_fen,
        kind=payment.kind,
        payee=payment.payee,
        reference=payment.reference,
        note=f"payment {payment.id}",
        recorded_by=by,
        recorded_at=at,
    )
    session.add(entry)


async def pay(
    session: AsyncSession,
    who: Principal | None,
    county: str,
    fund: str,
    amount_fen: int,
    *,
    kind: str,
    payee: str,
    reference: str,
    queue: bool,
    rule: str,
) -> FundPayment:
    """Pay from a fund, or queue the payment (``queue``) / refuse it when it cannot be covered.

    Earlier queued payments go first, so a later small payment never jumps the queue.
    """
    await open_account(session, who, county, fund)
    by = _by(who)
    at = now(session)
    payment = FundPayment(
        county=county,
        fund=fund,
        amount_fen=amount_fen,
        kind=kind,
        payee=payee,
        reference=reference,
        status="queued",
        created_at=at,
    )
    covered = await repository.balance(session, county, fund) >= amount_fen
    if covered and not await repository.queued(session, county, fund):
        session.add(payment)
        await session.flush()  # the ledger entry names the payment by its id
        _mark_paid(session, payment, by, at)
    elif queue:
        session.add(payment)
        await session.flush()
        # Payments made at the same instant have no order of their own (created_at ties,
        # then a random id): this one may sort ahead of an older one, so the queue is
        # drained as far as the balance goes, as after a deposit (G8).
        await drain_queue(session, who, county, fund)
    else:
        raise Problem(
            409,
            "insufficient-fund",
            "The fund's balance cannot cover this payment; nothing was paid",
            "基金余额不足，未支付",
            rule=rule,
            extra={"balance": str(from_fen(await repository.balance(session, county, fund)))},
        )
    await session.flush()
    return payment


async def deposit(
    session: AsyncSession, who: Principal, county: str, fund: str, amount_fen: int, *, note: str
) -> list[FundPayment]:
    """Money into a fund (拨付/补充); queued payments it now covers are paid, oldest first."""
    paid = await receive(
        session, who, county, fund, amount_fen, kind="deposit", reference=None, note=note
    )
    await record_decision(
        session,
        subject_type="fund",
        subject_id=f"{county}:{fund}",
        action="fund.deposit",
        by=who,
        reason=note,
        rule=_RULE[fund],
        data={"amount_fen": amount_fen},
    )
    return paid


async def receive(
    session: AsyncSession,
    who: Principal | None,
    county: str,
    fund: str,
    amount_fen: int,
    *,
    kind: str,
    reference: str | None,
    note: str,
) -> list[FundPayment]:
    """Money into a fund (a deposit, a recovered county share); the queued payments it
    now covers are paid, oldest first."""
    await open_account(session, who, county, fund)
    session.add(
        FundEntry(
            county=county,
            fund=fund,
            delta_fen=amount_fen,
            kind=kind,
            reference=reference,
            note=note,
            recorded_by=_by(who),
            recorded_at=now(session),
        )
    )
    await session.flush()
    return await drain_queue(session, who, county, fund)


async def drain_queue(
    session: AsyncSession, who: Principal | None, county: str, fund: str
) -> list[FundPayment]:
    paid: list[FundPayment] = []
    available = await repository.balance(session, county, fund)
    at = now(session)
    for payment in await repository.queued(session, county, fund):
        if payment.amount_fen > available:
            break  # first in, first out: the head waits for more money
        _mark_paid(session, payment, _by(who), at)
        available -= payment.amount_fen
        paid.append(payment)
    await session.flush()
    return paid


async def force_majeure_claim(
    session: AsyncSession,
    who: Principal,
    county: str,
    *,
    lender_org_id: str,
    loan_reference: str,
    certificate_no: str,
    cause: str,
    loss_fen: int,
    fund: str = RISK_FUND,
) -> FundPayment:
    """G10: the risk fund bears its share (``risk_fund_share_rate``) of a force-majeure
    loss on a land-right mortgage loan; G17: the housing sub-fund (``fund``) its share
    (``housing_fund_share_rate``) of one on a farm-house or homestead lien. Refused (409,
    nothing paid) when the balance cannot cover it."""
    rate = await PARAMS.get(session, county, SHARE_RATE[fund])
    share = apply_rate(loss_fen, rate)
    return await _risk_fund_payment(
        session,
        who,
        county,
        share,
        fund=fund,
        kind="force_majeure",
        lender_org_id=lender_org_id,
        loan_reference=loan_reference,
        certificate_no=certificate_no,
        reason=cause,
        data={"loss_fen": loss_fen, "share_rate": str(rate)},
    )


async def interest_subsidy(
    session: AsyncSession,
    who: Principal,
    county: str,
    *,
    lender_org_id: str,
    loan_reference: str,
    certificate_no: str,
    amount_fen: int,
    note: str,
    fund: str = RISK_FUND,
) -> FundPayment:
    """G10: the risk fund may pay interest subsidies (G17: the housing sub-fund, on a
    housing loan); refused when the balance is short."""
    return await _risk_fund_payment(
        session,
        who,
        county,
        amount_fen,
        fund=fund,
        kind="interest_subsidy",
        lender_org_id=lender_org_id,
        loan_reference=loan_reference,
        certificate_no=certificate_no,
        reason=note,
        data={},
    )


async def _risk_fund_payment(
    session: AsyncSession,
    who: Principal,
    county: str,
    amount_fen: int,
    *,
    fund: str = RISK_FUND,
    kind: str,
    lender_org_id: str,
    loan_reference: str,
    certificate_no: str,
    reason: str,
    data: dict[str, Any],
) -> FundPayment:
    """G10 (and its G17 housing sub-fund, ``fund``): a payment from the fund, at once or
    refused (never queued: the balance never goes negative, exact to the fen), and its
    decision ``fund.<kind>_paid`` recorded with the loan (or disposal) it is for."""
    payment = await pay(
        session,
        who,
        county,
        fund,
        amount_fen,
        kind=kind,
        payee=lender_org_id,
        reference=loan_reference,
        queue=False,
        rule=_RULE[fund],
    )
    await record_decision(
        session,
        subject_type="fund",
        subject_id=f"{county}:{fund}",
        action=f"fund.{kind}_paid",
        by=who,
        reason=reason,
        rule=_RULE[fund],
        data={
            **data,
            "paid_fen": amount_fen,
            "certificate_no": certificate_no,
            "lender_org_id": lender_org_id,
            "loan_reference": loan_reference,
        },
    )
    return payment


# --- G17: the housing and homestead risk sub-fund ---------------------------------------


async def residence_support(
    session: AsyncSession,
    who: Principal,
    county: str,
    *,
    household_id: str,
    disposal_reference: str,
    certificate_no: str,
    months: int,
    note: str,
) -> FundPayment:
    """G17: residence support while a household's farm house is disposed of — the
    county's amount per household per month (``residence_support_monthly``, read on the
    day) × months, paid to the household; refused when the sub-fund is short."""
    monthly_fen = to_fen(await PARAMS.get(session, county, "residence_support_monthly"))
    return await _risk_fund_payment(
        session,
        who,
        county,
        monthly_fen * months,
        fund=HOUSING_FUND,
        kind="residence_support",
        lender_org_id=household_id,
        loan_reference=disposal_reference,
        certificate_no=certificate_no,
        reason=note,
        data={"monthly_fen": monthly_fen, "months": months, "household_id": household_id},
    )
