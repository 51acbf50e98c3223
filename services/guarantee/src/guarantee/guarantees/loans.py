"""The loan under guarantee — 贷款台账 (DOMAIN X1, G3, G6, G8, G9): drawdowns, repayments
and overdue reports entered by the bank, each once (its bank reference), and the G8
rewards a drawdown earns from the county's reward pool.
"""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from common.audit import record_on
from common.auth import Principal
from common.clock import as_utc, local_date
from common.context import now
from common.money import apply_rate, from_fen
from common.problems import FieldProblem, Problem, invalid
from guarantee.borrowers.models import Borrower
from guarantee.funds import service as funds
from guarantee.guarantees import arrears, repository
from guarantee.guarantees.models import Guarantee, LoanEntry
from guarantee.guarantees.rules import overdue_interest_cap
from guarantee.guarantees.service import expect, move
from guarantee.params import PARAMS

#: The state machine's action of each kind of entry.
ACTION = {"drawdown": "draw", "repayment": "repay", "overdue": "report_overdue"}


async def record_entry(
    session: AsyncSession,
    who: Principal,
    g: Guarantee,
    kind: str,
    *,
    principal_fen: int,
    interest_fen: int,
    bank_reference: str,
) -> LoanEntry:
    duplicate = await repository.entry_by_reference(session, g.id, bank_reference)
    if duplicate is not None:
        raise Problem(
            409,
            "duplicate-bank-reference",
            "This bank reference is already recorded",
            "该银行流水号已登记",
            rule="X1",
        )
    b = await repository.balances(session, g.id)
    problems: list[FieldProblem] = []
    expect(g, ACTION[kind])
    if kind == "drawdown":
        if b["drawn"] + principal_fen > (g.amount_fen or 0):
            problems.append(
                FieldProblem(
                    "amount",
                    "G3",
                    f"drawdowns would exceed the guaranteed {from_fen(g.amount_fen or 0)} yuan",
                    "提款总额不得超过担保金额",
                )
            )
    else:
        if principal_fen > b["outstanding"]:
            problems.append(
                FieldProblem(
                    "principal",
                    "G6",
                    f"principal exceeds the outstanding {from_fen(b['outstanding'])} yuan",
                    "本金超过贷款余额",
                )
            )
        if kind == "overdue":
            problems += await _overdue_interest_problems(session, g, b["drawn"], interest_fen)
    if problems:
        raise invalid(problems, rule=problems[0].rule)
    entry = LoanEntry(
        guarantee_id=g.id,
        kind=kind,
        principal_fen=principal_fen,
        interest_fen=interest_fen,
        bank_reference=bank_reference,
        recorded_by=who.subject,
        recorded_at=now(session),
    )
    session.add(entry)
    await session.flush()
    if kind == "drawdown":
        move(session, g, "active", "draw")
        await _pay_rewards(session, g, principal_fen, bank_reference)
    elif kind == "repayment":
        # fully repaid closes the loan, even after an overdue report
        paid_off = b["outstanding"] - principal_fen == 0
        move(session, g, "repaid" if paid_off else g.state, "repay")
        if paid_off:  # G18: the borrower's file is due for renewal before the next round
            borrower = await session.get(Borrower, g.borrower_id)
            if borrower is not None:
                borrower.renewal_due_at = entry.recorded_at
    else:
        move(session, g, "overdue", "report_overdue")
        # G12: unpaid overdue amounts restrict the borrower for the year, automatically
        await arrears.restrict(session, county=g.county, party_id=g.party_id, guarantee_id=g.id)
        await record_on(
            session,
            g,
            action="guarantee.overdue_reported",
            by=who,
            rule="G6",
            data={"state": g.state, "overdue_fen": principal_fen + interest_fen},
        )
    await session.flush()
    return entry


async def _overdue_interest_problems(
    session: AsyncSession, g: Guarantee, drawn_fen: int, interest_fen: int
) -> list[FieldProblem]:
    """G9: reported overdue interest is bounded by what the loan can owe, so one claim
    cannot queue an unpayable county share at the head of the fund's queue (G8)."""
    first = await repository.first_drawdown_at(session, g.id)
    days = (local_date(now(session)) - local_date(as_utc(first))).days if first else 0
    rate = Decimal(g.loan_rate or "0")
    markup = await PARAMS.get(session, g.county, "overdue_penalty_markup")
    cap = overdue_interest_cap(drawn_fen, rate, markup, days)
    if interest_fen <= cap:
        return []
    return [
        FieldProblem(
            "interest",
            "G9",
            f"overdue interest may be at most {from_fen(cap)} yuan: drawn "
            f"{from_fen(drawn_fen)} yuan × loan rate {rate:f} × (1 + penalty markup "
            f"{markup:f}) × {days} days ÷ 365",
            f"逾期利息不得超过{from_fen(cap)}元（已提款{from_fen(drawn_fen)}元 × "
            f"贷款利率{rate:f} ×（1 + 罚息上浮{markup:f}）× {days}天 ÷ 365）",
        )
    ]


async def _pay_rewards(session: AsyncSession, g: Guarantee, amount_fen: int, ref: str) -> None:
    """G8: the reward pool rewards the bank and the township on new loans."""
    for kind, payee, key in (
        ("bank_reward", g.lender_org_id, "bank_reward_rate"),
        ("township_reward", g.township_id, "township_reward_rate"),
    ):
        reward = apply_rate(amount_fen, await PARAMS.get(session, g.county, key))
        if reward:
            await funds.pay(
                session,
                None,
                g.county,
                funds.REWARD_POOL,
                reward,
                kind=kind,
                payee=payee,
                reference=f"{g.id}:{ref}",
                queue=True,
                rule="G8",
            )
