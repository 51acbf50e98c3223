"""The Quangengdai pipeline, the loan ledger, compensation and recovery (G3–G7).

States (see the README's diagram): recommended → diligence_reported → approved →
in_notice → notice_passed → township_recommended → county_recommended → issued →
active → (repaid | overdue → compensated); any step before ``issued`` may end in
``rejected``. Each step is taken by its role only; every decision is logged (X2).
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from common.audit import record_decision
from common.auth import OrgType, Principal
from common.clock import as_utc, local_date
from common.contracts.guarantee import CompensationPaid, GuaranteeIssued, RecoveryDistributed
from common.money import from_fen, to_fen
from common.outbox import record_event
from common.problems import FieldProblem, forbidden, invalid, not_found
from common.scheduler import schedule_timer
from common.service import Timer
from guarantee.blacklist.service import refuse_if_blacklisted
from guarantee.borrowers.models import Borrower
from guarantee.funds import service as funds
from guarantee.guarantees.models import (
    CompensationRecord,
    Guarantee,
    LoanEntry,
    MonitoringRecord,
    Objection,
    Recovery,
)
from guarantee.parameters import PARAMS
from guarantee.rules import (
    Compensation,
    balance_cap,
    compensation_split,
    distribute_recovery,
    guarantee_fee,
    max_loan_rate,
    overdue_interest_cap,
    rate_problems,
)
from guarantee.support import conflict, county_of, now

NOTICE_TIMER = "notice.end"
PRE_ISSUE = (
    "recommended",
    "diligence_reported",
    "approved",
    "in_notice",
    "notice_passed",
    "township_recommended",
    "county_recommended",
)
#: States whose guaranteed amount counts towards the borrower's balance (G3).
COMMITTED = ("approved", "in_notice", "notice_passed", "township_recommended", "county_recommended")
LIVE = ("issued", "active", "overdue")


# --- access -----------------------------------------------------------------------------


def check_visible(g: Guarantee, who: Principal) -> None:
    """X3: a guarantor its own guarantees, a bank its own loans, a township its borrowers,
    county staff and supervisors their county's."""
    org = who.org
    allowed = {
        OrgType.guarantor: g.guarantor_org_id == org.id,
        OrgType.bank: g.lender_org_id == org.id,
        OrgType.township: g.township_id == org.id,
        OrgType.county: g.county == org.id,
    }.get(org.type, False)
    if not allowed:
        raise forbidden("the guarantee belongs to another organization", "该担保项目属于其他机构")


def visible_query(who: Principal):  # type: ignore[no-untyped-def]
    q = select(Guarantee).order_by(Guarantee.created_at, Guarantee.id)
    column = {
        OrgType.guarantor: Guarantee.guarantor_org_id,
        OrgType.bank: Guarantee.lender_org_id,
        OrgType.township: Guarantee.township_id,
        OrgType.county: Guarantee.county,
    }.get(who.org.type)
    if column is None:
        return q.where(Guarantee.id.is_(None))
    return q.where(column == who.org.id)


async def load(
    session: AsyncSession, guarantee_id: str, who: Principal, *, lock: bool = True
) -> Guarantee:
    q = select(Guarantee).where(Guarantee.id == guarantee_id)
    g = await session.scalar(q.with_for_update() if lock else q)
    if g is None:
        raise not_found("Guarantee", "担保项目")
    check_visible(g, who)
    return g


def expect(g: Guarantee, *states: str) -> None:
    if g.state not in states:
        raise conflict(
            "wrong-state",
            "G5",
            f"the guarantee is {g.state}; this step needs {' or '.join(states)}",
            f"担保项目当前状态为{g.state}，不能执行此步骤",
        )


def _touch(session: AsyncSession, g: Guarantee, state: str | None = None) -> None:
    if state:
        g.state = state
    g.updated_at = now(session)


async def _decide(
    session: AsyncSession,
    g: Guarantee,
    action: str,
    by: Principal | None,
    rule: str,
    reason: str | None = None,
    **data: object,
) -> None:
    await record_decision(
        session,
        subject_type="guarantee",
        subject_id=g.id,
        action=action,
        by=by,
        reason=reason,
        rule=rule,
        data={"state": g.state, **data},
    )


# --- G3, G4 -----------------------------------------------------------------------------


async def borrower_balance(session: AsyncSession, party_id: str, county: str, exclude: str) -> int:
    """The borrower's guaranteed balance across its other live guarantees (在保余额)."""
    total = 0
    rows = await session.scalars(
        select(Guarantee).where(
            Guarantee.party_id == party_id,
            Guarantee.county == county,
            Guarantee.id != exclude,
            Guarantee.state.in_(COMMITTED + LIVE),
        )
    )
    for other in rows:
        repaid = await _sum(session, other.id, "repayment") if other.state in LIVE else 0
        total += max((other.amount_fen or 0) - repaid, 0)
    return total


async def limit_problems(
    session: AsyncSession,
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
        others = await borrower_balance(session, g.party_id, county, g.id)
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


async def check_limits(session: AsyncSession, g: Guarantee) -> None:
    # one borrower's guarantees are decided one at a time, so two approvals cannot both
    # fit under the cap (G3)
    await session.scalar(select(Borrower).where(Borrower.id == g.borrower_id).with_for_update())
    problems = await limit_problems(
        session,
        g,
        amount_fen=g.amount_fen,
        loan_rate=None if g.loan_rate is None else Decimal(g.loan_rate),
        fee_rate=None if g.fee_rate is None else Decimal(g.fee_rate),
    )
    if problems:
        raise invalid(problems, rule=problems[0].rule)


# --- G5 pipeline --------------------------------------------------------------------------


async def recommend(
    session: AsyncSession, lender_org_id: str, borrower_ids: list[str], by: Principal
) -> list[Guarantee]:
    """The guarantor's recommendation list to a bank (尽调项目登记表): credit candidates only."""
    county = county_of(by)
    problems: list[FieldProblem] = []
    chosen: list[Borrower] = []
    for i, bid in enumerate(borrower_ids):
        b = await session.get(Borrower, bid)
        field = f"borrower_ids.{i}"
        if b is None or b.county != county:
            problems.append(
                FieldProblem(field, "G5", "no such borrower in this county", "本县无此借款主体")
            )
        elif b.category != "credit_candidate":
            problems.append(
                FieldProblem(
                    field, "G5", "only credit candidates are recommended", "只推荐信贷备选类主体"
                )
            )
        else:
            chosen.append(b)
    if problems:
        raise invalid(problems, rule="G5")
    at = now(session)
    out = []
    for b in chosen:
        await refuse_if_blacklisted(session, b.party_id)
        g = Guarantee(
            county=county,
            borrower_id=b.id,
            party_id=b.party_id,
            township_id=b.township_id,
            lender_org_id=lender_org_id,
            guarantor_org_id=by.org.id,
            leading_enterprise=b.kind == "leading_enterprise",
            state="recommended",
            created_at=at,
            updated_at=at,
        )
        session.add(g)
        await session.flush()
        await _decide(session, g, "guarantee.recommended", by, "G5", lender=lender_org_id)
        out.append(g)
    return out


async def report_diligence(
    session: AsyncSession,
    g: Guarantee,
    *,
    amount_fen: int,
    loan_rate: Decimal,
    term_months: int,
    summary: str,
    certificate_no: str | None,
    sha256: str,
    filename: str,
    by: Principal,
) -> Guarantee:
    expect(g, "recommended")
    problems = await limit_problems(
        session, g, amount_fen=amount_fen, loan_rate=loan_rate, fee_rate=None
    )
    if problems:
        raise invalid(problems, rule=problems[0].rule)
    g.amount_fen, g.loan_rate, g.term_months = amount_fen, str(loan_rate), term_months
    g.diligence_summary, g.certificate_no = summary, certificate_no
    g.diligence_sha256, g.diligence_filename = sha256, filename
    _touch(session, g, "diligence_reported")
    await session.flush()
    await _decide(session, g, "guarantee.diligence_reported", by, "G5", sha256=sha256)
    return g


async def approve(
    session: AsyncSession,
    g: Guarantee,
    *,
    approve: bool,
    fee_rate: Decimal | None,
    reason: str,
    by: Principal,
) -> Guarantee:
    """Bank and guarantor approval (审批); both are needed; either may reject."""
    expect(g, "diligence_reported")
    as_bank = by.org.type == OrgType.bank
    if not approve:
        _touch(session, g, "rejected")
        await session.flush()
        await _decide(session, g, "guarantee.rejected", by, "G5", reason)
        return g
    if as_bank:
        g.bank_approved_by = by.subject
    else:
        if fee_rate is None:
            raise invalid(
                [
                    FieldProblem(
                        "fee_rate",
                        "G4",
                        "the guarantor sets the fee rate",
                        "担保公司审批时须确定担保费率",
                    )
                ],
                rule="G4",
            )
        g.fee_rate = str(fee_rate)
        g.guarantor_approved_by = by.subject
    await refuse_if_blacklisted(session, g.party_id)
    await check_limits(session, g)
    if g.bank_approved_by and g.guarantor_approved_by:
        _touch(session, g, "approved")
    else:
        _touch(session, g)
    await session.flush()
    await _decide(
        session,
        g,
        "guarantee.approved",
        by,
        "G5",
        reason,
        approver="bank" if as_bank else "guarantor",
    )
    return g


async def start_notice(
    session: AsyncSession, g: Guarantee, *, complaint_phone: str, places: str, by: Principal
) -> Guarantee:
    """Public notice at the township and village with a complaint phone (公示, 举报电话)."""
    expect(g, "approved")
    at = now(session)
    days = await PARAMS.get(session, g.county, "notice_min_days")
    g.complaint_phone, g.notice_places = complaint_phone, places
    g.notice_starts_at, g.notice_ends_at = at, at + timedelta(days=days)
    g.notice_elapsed = False
    _touch(session, g, "in_notice")
    await session.flush()
    await schedule_timer(session, NOTICE_TIMER, g.id, g.notice_ends_at, {"guarantee_id": g.id})
    await _decide(
        session,
        g,
        "guarantee.notice_started",
        by,
        "G5",
        days=days,
        ends_at=g.notice_ends_at.isoformat(),
    )
    return g


async def _open_objections(session: AsyncSession, g: Guarantee) -> int:
    return int(
        await session.scalar(
            select(func.count()).where(
                Objection.guarantee_id == g.id, Objection.resolved_at.is_(None)
            )
        )
        or 0
    )


async def _maybe_pass_notice(session: AsyncSession, g: Guarantee, by: Principal | None) -> None:
    if g.state == "in_notice" and g.notice_elapsed and not await _open_objections(session, g):
        _touch(session, g, "notice_passed")
        await session.flush()
        await _decide(session, g, "guarantee.notice_passed", by, "G5")


async def on_notice_end(session: AsyncSession, timer: Timer) -> None:
    """Timer: the minimum notice period is over; it passes once no objection is open."""
    g = await session.scalar(select(Guarantee).where(Guarantee.id == timer.key).with_for_update())
    if g is None or g.state != "in_notice":
        return
    g.notice_elapsed = True
    await session.flush()
    await _maybe_pass_notice(session, g, None)


async def object_to(session: AsyncSession, g: Guarantee, text: str, by: Principal) -> Objection:
    expect(g, "in_notice")
    o = Objection(guarantee_id=g.id, text=text, received_at=now(session), recorded_by=by.subject)
    session.add(o)
    _touch(session, g)
    await session.flush()
    await _decide(session, g, "guarantee.objection_received", by, "G5", objection=o.id)
    return o


async def resolve_objection(
    session: AsyncSession,
    g: Guarantee,
    objection_id: str,
    *,
    upheld: bool,
    resolution: str,
    by: Principal,
) -> Objection:
    """An upheld objection rejects the application; a dismissed one lets the notice pass."""
    expect(g, "in_notice")
    o = await session.get(Objection, objection_id)
    if o is None or o.guarantee_id != g.id:
        raise not_found("Objection", "异议")
    if o.resolved_at is not None:
        raise conflict(
            "objection-resolved", "G5", "The objection is already resolved", "该异议已处理"
        )
    o.resolved_at, o.resolved_by = now(session), by.subject
    o.resolution, o.upheld = resolution, upheld
    await session.flush()
    await _decide(
        session,
        g,
        "guarantee.objection_resolved",
        by,
        "G5",
        resolution,
        objection=o.id,
        upheld=upheld,
    )
    if upheld:
        _touch(session, g, "rejected")
        await session.flush()
        await _decide(session, g, "guarantee.rejected", by, "G5", resolution)
    else:
        await _maybe_pass_notice(session, g, by)
    return o


async def recommend_step(
    session: AsyncSession, g: Guarantee, by: Principal, level: str, note: str
) -> Guarantee:
    """Township, then county agriculture committee recommendation (融资推荐表)."""
    if level == "township":
        expect(g, "notice_passed")
        _touch(session, g, "township_recommended")
    else:
        expect(g, "township_recommended")
        _touch(session, g, "county_recommended")
    await session.flush()
    await _decide(session, g, f"guarantee.{level}_recommended", by, "G5", note)
    return g


async def issue(session: AsyncSession, g: Guarantee, by: Principal) -> Guarantee:
    """The guarantee contract (担保合同): limits and blacklist checked again."""
    expect(g, "county_recommended")
    await refuse_if_blacklisted(session, g.party_id)
    await check_limits(session, g)
    at = now(session)
    g.fee_fen = guarantee_fee(g.amount_fen or 0, Decimal(g.fee_rate or "0"))
    g.issued_at = at
    _touch(session, g, "issued")
    await session.flush()
    await _decide(session, g, "guarantee.issued", by, "G5", fee_fen=g.fee_fen)
    from guarantee.reports.service import schedule_reports

    await schedule_reports(session, g.county)
    await record_event(
        session,
        GuaranteeIssued(
            guarantee_id=g.id,
            borrower_party_id=g.party_id,
            lender_org_id=g.lender_org_id,
            guarantor_org_id=g.guarantor_org_id,
            county=g.county,
            amount=from_fen(g.amount_fen or 0),
            loan_rate=g.loan_rate or "0",
            fee_rate=g.fee_rate or "0",
            certificate_no=g.certificate_no,
            issued_at=at,
        ),
    )
    return g


# --- loans: entries from banks ---------------------------------------------------------------


async def _sum(session: AsyncSession, guarantee_id: str, kind: str) -> int:
    return int(
        await session.scalar(
            select(func.coalesce(func.sum(LoanEntry.principal_fen), 0)).where(
                LoanEntry.guarantee_id == guarantee_id, LoanEntry.kind == kind
            )
        )
        or 0
    )


async def balances(session: AsyncSession, g: Guarantee) -> dict[str, int]:
    drawn = await _sum(session, g.id, "drawdown")
    repaid = await _sum(session, g.id, "repayment")
    last = await latest_overdue(session, g)
    return {
        "drawn": drawn,
        "repaid": repaid,
        "outstanding": drawn - repaid,
        "overdue": (last.principal_fen + last.interest_fen) if last else 0,
    }


async def latest_overdue(session: AsyncSession, g: Guarantee) -> LoanEntry | None:
    return await session.scalar(
        select(LoanEntry)
        .where(LoanEntry.guarantee_id == g.id, LoanEntry.kind == "overdue")
        .order_by(LoanEntry.id.desc())
        .limit(1)
    )


async def record_entry(
    session: AsyncSession,
    g: Guarantee,
    kind: str,
    *,
    principal_fen: int,
    interest_fen: int,
    bank_reference: str,
    by: Principal,
) -> LoanEntry:
    duplicate = await session.scalar(
        select(LoanEntry).where(
            LoanEntry.guarantee_id == g.id, LoanEntry.bank_reference == bank_reference
        )
    )
    if duplicate is not None:
        raise conflict(
            "duplicate-bank-reference",
            "X1",
            "This bank reference is already recorded",
            "该银行流水号已登记",
        )
    b = await balances(session, g)
    problems: list[FieldProblem] = []
    if kind == "drawdown":
        expect(g, "issued", "active")
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
        expect(g, "active", "overdue")
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
        recorded_by=by.subject,
        recorded_at=now(session),
    )
    session.add(entry)
    await session.flush()
    if kind == "drawdown":
        _touch(session, g, "active")
        await _pay_rewards(session, g, principal_fen, bank_reference)
    elif kind == "repayment" and b["outstanding"] - principal_fen == 0:
        _touch(session, g, "repaid")  # fully repaid, even after an overdue report
    elif kind == "overdue":
        _touch(session, g, "overdue")
        await _decide(
            session,
            g,
            "guarantee.overdue_reported",
            by,
            "G6",
            overdue_fen=principal_fen + interest_fen,
        )
    await session.flush()
    return entry


async def _overdue_interest_problems(
    session: AsyncSession, g: Guarantee, drawn_fen: int, interest_fen: int
) -> list[FieldProblem]:
    """G9: reported overdue interest is bounded by what the loan can owe, so one claim
    cannot queue an unpayable county share at the head of the fund's queue (G8)."""
    first = await session.scalar(
        select(func.min(LoanEntry.recorded_at)).where(
            LoanEntry.guarantee_id == g.id, LoanEntry.kind == "drawdown"
        )
    )
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
    from common.money import apply_rate

    for kind, payee, key in (
        ("bank_reward", g.lender_org_id, "bank_reward_rate"),
        ("township_reward", g.township_id, "township_reward_rate"),
    ):
        reward = apply_rate(amount_fen, await PARAMS.get(session, g.county, key))
        if reward:
            await funds.pay(
                session,
                g.county,
                funds.REWARD_POOL,
                reward,
                kind=kind,
                payee=payee,
                reference=f"{g.id}:{ref}",
                by="system",
                queue=True,
                rule="G8",
            )


# --- G6 compensation, G7 recovery -------------------------------------------------------------


def split_of(c: CompensationRecord) -> Compensation:
    return Compensation(
        overdue=c.overdue_fen,
        guarantor_paid=c.guarantor_paid_fen,
        county_share=c.county_share_fen,
        bank_share=c.bank_share_fen,
        guarantor_net=c.guarantor_net_fen,
    )


async def compensate(
    session: AsyncSession, g: Guarantee, by: Principal, reason: str
) -> tuple[CompensationRecord, str]:
    """代偿: the guarantor pays the bank 80% of the overdue unpaid principal and interest;
    county finance pays the guarantor its 30% from the reward pool (queued when short)."""
    expect(g, "overdue")
    overdue = (await balances(session, g))["overdue"]
    if overdue <= 0:
        raise conflict(
            "nothing-overdue", "G6", "No overdue amount is reported", "银行未报送逾期金额"
        )
    basis = await PARAMS.get(session, g.county, "county_share_basis")
    split = compensation_split(
        overdue,
        compensation_rate=await PARAMS.get(session, g.county, "compensation_rate"),
        county_rate=await PARAMS.get(session, g.county, "county_share_rate"),
        basis=basis,
    )
    at = now(session)
    payment = (
        await funds.pay(
            session,
            g.county,
            funds.REWARD_POOL,
            split.county_share,
            kind="county_compensation",
            payee=g.guarantor_org_id,
            reference=g.id,
            by=by.subject,
            queue=True,
            rule="G8",
        )
        if split.county_share
        else None
    )
    record = CompensationRecord(
        guarantee_id=g.id,
        overdue_fen=split.overdue,
        guarantor_paid_fen=split.guarantor_paid,
        county_share_fen=split.county_share,
        bank_share_fen=split.bank_share,
        guarantor_net_fen=split.guarantor_net,
        basis=basis,
        county_payment_id=payment.id if payment else None,
        paid_by=by.subject,
        paid_at=at,
    )
    session.add(record)
    _touch(session, g, "compensated")
    await session.flush()
    status = payment.status if payment else "paid"
    await _decide(
        session,
        g,
        "guarantee.compensated",
        by,
        "G6",
        reason,
        overdue_fen=split.overdue,
        guarantor_paid_fen=split.guarantor_paid,
        county_share_fen=split.county_share,
        bank_share_fen=split.bank_share,
        guarantor_net_fen=split.guarantor_net,
        basis=basis,
        county_payment=status,
    )
    await record_event(
        session,
        CompensationPaid(
            guarantee_id=g.id,
            borrower_party_id=g.party_id,
            lender_org_id=g.lender_org_id,
            overdue_amount=from_fen(split.overdue),
            guarantor_paid=from_fen(split.guarantor_paid),
            county_paid=from_fen(split.county_share),
            county_payment_status=status,
            paid_at=at,
        ),
    )
    return record, status


async def recover(
    session: AsyncSession,
    g: Guarantee,
    *,
    recovered_fen: int,
    costs_fen: int,
    note: str,
    by: Principal,
) -> Recovery:
    """G7: recovered money less costs first makes the bank whole, then county and guarantor
    pro rata; partial recoveries add up exactly (computed cumulatively)."""
    expect(g, "compensated")
    if costs_fen > recovered_fen:
        raise invalid(
            [
                FieldProblem(
                    "costs",
                    "G7",
                    "costs may not exceed the amount recovered",
                    "追索费用不得超过追回金额",
                )
            ],
            rule="G7",
        )
    record = await session.get(CompensationRecord, g.id)
    assert record is not None
    already = int(
        await session.scalar(
            select(func.coalesce(func.sum(Recovery.recovered_fen - Recovery.costs_fen), 0)).where(
                Recovery.guarantee_id == g.id
            )
        )
        or 0
    )
    part, _net = distribute_recovery(recovered_fen, costs_fen, already, split_of(record))
    at = now(session)
    r = Recovery(
        guarantee_id=g.id,
        recovered_fen=recovered_fen,
        costs_fen=costs_fen,
        to_bank_fen=part.to_bank,
        to_county_fen=part.to_county,
        to_guarantor_fen=part.to_guarantor,
        surplus_fen=part.surplus,
        note=note,
        recorded_by=by.subject,
        recorded_at=at,
    )
    session.add(r)
    _touch(session, g)
    await session.flush()
    await _decide(
        session,
        g,
        "guarantee.recovery_distributed",
        by,
        "G7",
        note,
        recovered_fen=recovered_fen,
        costs_fen=costs_fen,
        to_bank_fen=part.to_bank,
        to_county_fen=part.to_county,
        to_guarantor_fen=part.to_guarantor,
        surplus_fen=part.surplus,
    )
    if part.to_county:
        # county finance's recovered share flows back into the pool it paid from
        await funds.open_account(session, g.county, funds.REWARD_POOL)
        from guarantee.funds.models import FundEntry

        session.add(
            FundEntry(
                county=g.county,
                fund=funds.REWARD_POOL,
                delta_fen=part.to_county,
                kind="recovery",
                reference=g.id,
                note=f"recovery {r.id}",
                recorded_by=by.subject,
                recorded_at=at,
            )
        )
        await session.flush()
        await funds.drain_queue(session, g.county, funds.REWARD_POOL, by.subject)
    await record_event(
        session,
        RecoveryDistributed(
            guarantee_id=g.id,
            recovered=from_fen(recovered_fen),
            costs=from_fen(costs_fen),
            to_bank=from_fen(part.to_bank),
            to_county=from_fen(part.to_county),
            to_guarantor=from_fen(part.to_guarantor),
            surplus=from_fen(part.surplus),
            distributed_at=at,
        ),
    )
    return r


async def monitor(
    session: AsyncSession, g: Guarantee, kind: str, note: str, by: Principal
) -> MonitoringRecord:
    """贷后管理: any party of a live guarantee records a visit, warning or note, seen by all."""
    expect(g, "issued", "active", "overdue", "compensated")
    m = MonitoringRecord(
        guarantee_id=g.id,
        kind=kind,
        note=note,
        recorded_by=by.subject,
        recorded_org=f"{by.org.type}:{by.org.id}",
        recorded_at=now(session),
    )
    session.add(m)
    await session.flush()
    if kind == "warning":
        await _decide(session, g, "guarantee.risk_warning", by, "G5", note)
    return m
