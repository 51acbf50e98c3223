"""What every step of a guarantee shares — 担保项目公用: loading it for the caller (X3),
the state precondition and move (G5), and the G3/G4 limits checked at several steps.

The steps themselves live beside this module along their seams: ``pipeline`` (G5, from
recommendation to the contract), ``notices`` (the public notice and its objections),
``loans`` (the banks' entries, G3/G6/G8) and ``compensation`` (G6, G7, monitoring).
"""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from common.audit import record_on
from common.auth import Principal
from common.context import now
from common.money import from_fen, to_fen
from common.problems import FieldProblem, Problem, invalid, not_found
from guarantee.access import check_guarantee_visible
from guarantee.borrowers import service as borrowers
from guarantee.guarantees import repository
from guarantee.guarantees.models import Guarantee
from guarantee.guarantees.rules import balance_cap, max_loan_rate, rate_problems
from guarantee.guarantees.states import COMMITTED, GUARANTEE, LIVE
from guarantee.params import PARAMS


async def load(
    session: AsyncSession, who: Principal, guarantee_id: str, *, lock: bool
) -> Guarantee:
    """The guarantee if the caller may see it (X3); ``lock`` (FOR UPDATE) only when the
    request writes to it next, so reads never wait behind a step in progress."""
    g = await repository.get(session, guarantee_id, lock=lock)
    if g is None:
        raise not_found("Guarantee", "担保项目")
    check_guarantee_visible(g, who)
    return g


def expect(g: Guarantee, action: str) -> None:
    """Refuse a step the guarantee's state does not allow (G5), before any other check."""
    allowed = GUARANTEE.allowed_from(action)
    if g.state not in allowed:
        raise Problem(
            409,
            "wrong-state",
            f"the guarantee is {g.state}; this step needs {' or '.join(sorted(allowed))}",
            f"担保项目当前状态为{g.state}，不能执行此步骤",
            rule="G5",
        )


def move(session: AsyncSession, g: Guarantee, to: str, action: str) -> None:
    """Take ``action`` along the state machine (a self-loop keeps the state) and stamp it."""
    GUARANTEE.move(g, to, action)
    g.updated_at = now(session)


async def reject(
    session: AsyncSession, who: Principal, g: Guarantee, action: str, reason: str
) -> None:
    """The application ends rejected (G5) by ``action`` — either approver's refusal or an
    upheld objection — and the rejection is recorded with its reason."""
    move(session, g, "rejected", action)
    await record_on(
        session,
        g,
        action="guarantee.rejected",
        by=who,
        rule="G5",
        reason=reason,
        data={"state": g.state},
    )


# --- G3, G4 -----------------------------------------------------------------------------


async def borrower_balance(session: AsyncSession, who: Principal | None, g: Guarantee) -> int:
    """The borrower's guaranteed balance across its other live guarantees (在保余额)."""
    total = 0
    for other in await repository.others_of_borrower(
        session, g.party_id, g.county, g.id, COMMITTED + LIVE
    ):
        repaid = (
            await repository.principal_sum(session, other.id, "repayment")
            if other.state in LIVE
            else 0
        )
        total += max((other.amount_fen or 0) - repaid, 0)
    return total


async def limit_problems(
    session: AsyncSession,
    who: Principal | None,
    g: Guarantee,
    *,
    amount_fen: int | None,
    loan_rate: Decimal | None,
    fee_rate: Decimal | None,
) -> list[FieldProblem]:
    """Every G3/G4 breach of these terms, at once."""
    county = g.county
    problems: list[FieldProblem] = []
    if amount_fen is not None:
        minimum = to_fen(await PARAMS.get(session, county, "balance_min"))
        cap = balance_cap(
            leading=g.leading_enterprise,
            balance_max=to_fen(await PARAMS.get(session, county, "balance_max")),
            balance_max_leading=to_fen(await PARAMS.get(session, county, "balance_max_leading")),
        )
        others = await borrower_balance(session, who, g)
        if amount_fen < minimum:
            problems.append(
                FieldProblem(
                    "amount",
                    "G3",
                    f"the guaranteed amount must be at least {from_fen(minimum)} yuan",
                    f"担保金额不得低于{from_fen(minimum)}元",
                )
            )
        if others + amount_fen > cap:
            problems.append(
                FieldProblem(
                    "amount",
                    "G3",
                    f"the borrower's guaranteed balance would be {from_fen(others + amount_fen)} "
                    f"yuan, above the cap of {from_fen(cap)} yuan",
                    f"单户在保余额将达{from_fen(others + amount_fen)}元，超过上限{from_fen(cap)}元",
                )
            )
    if loan_rate is not None:
        base = await PARAMS.get(session, county, "base_loan_rate")
        ceiling = max_loan_rate(base, await PARAMS.get(session, county, "loan_rate_max_markup"))
        problems += [
            FieldProblem(*p)
            for p in rate_problems(
                "loan_rate",
                loan_rate,
                ceiling,
                name_en=f"loan rate (base {base:f} × 1.2)",
                name_zh=f"贷款利率（基准利率{base:f}上浮不超过20%）",
            )
        ]
    if fee_rate is not None:
        cap_rate = await PARAMS.get(session, county, "fee_rate_max")
        problems += [
            FieldProblem(*p)
            for p in rate_problems(
                "fee_rate", fee_rate, cap_rate, name_en="guarantee fee rate", name_zh="担保费率"
            )
        ]
    return problems


async def check_limits(session: AsyncSession, who: Principal | None, g: Guarantee) -> None:
    # one borrower's guarantees are decided one at a time, so two approvals cannot both
    # fit under the cap (G3)
    await borrowers.lock(session, who, g.borrower_id)
    problems = await limit_problems(
        session,
        who,
        g,
        amount_fen=g.amount_fen,
        loan_rate=None if g.loan_rate is None else Decimal(g.loan_rate),
        fee_rate=None if g.fee_rate is None else Decimal(g.fee_rate),
    )
    if problems:
        raise invalid(problems, rule=problems[0].rule)
