"""Default — 代偿与追偿 (DOMAIN G6, G7, G8): the guarantor compensates the bank and the
county pays its share from the reward pool (G6); recoveries are distributed by the
cumulative waterfall (G7); post-loan monitoring of a live guarantee (G5).
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from common.audit import record_on
from common.auth import Principal
from common.context import now
from common.contracts.guarantee import CompensationPaid, RecoveryDistributed
from common.money import from_fen
from common.outbox import record_event
from common.problems import Problem, invalid_field
from guarantee.funds import service as funds
from guarantee.guarantees import repository
from guarantee.guarantees.models import CompensationRecord, Guarantee, MonitoringRecord, Recovery
from guarantee.guarantees.rules import Compensation, compensation_split, distribute_recovery
from guarantee.guarantees.service import expect, move
from guarantee.params import PARAMS


def split_of(c: CompensationRecord) -> Compensation:
    return Compensation(
        overdue=c.overdue_fen,
        guarantor_paid=c.guarantor_paid_fen,
        county_share=c.county_share_fen,
        bank_share=c.bank_share_fen,
        guarantor_net=c.guarantor_net_fen,
    )


async def compensate(
    session: AsyncSession, who: Principal, g: Guarantee, *, reason: str
) -> tuple[CompensationRecord, str]:
    """代偿: the guarantor pays the bank 80% of the overdue unpaid principal and interest;
    county finance pays the guarantor its 30% from the reward pool (queued when short)."""
    expect(g, "compensate")
    overdue = (await repository.balances(session, g.id))["overdue"]
    if overdue <= 0:
        raise Problem(
            409, "nothing-overdue", "No overdue amount is reported", "银行未报送逾期金额", rule="G6"
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
            who,
            g.county,
            funds.REWARD_POOL,
            split.county_share,
            kind="county_compensation",
            payee=g.guarantor_org_id,
            reference=g.id,
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
        paid_by=who.subject,
        paid_at=at,
    )
    session.add(record)
    move(session, g, "compensated", "compensate")
    status = payment.status if payment else "paid"
    await record_on(
        session,
        g,
        action="guarantee.compensated",
        by=who,
        rule="G6",
        reason=reason,
        data={
            "state": g.state,
            "overdue_fen": split.overdue,
            "guarantor_paid_fen": split.guarantor_paid,
            "county_share_fen": split.county_share,
            "bank_share_fen": split.bank_share,
            "guarantor_net_fen": split.guarantor_net,
            "basis": basis,
            "county_payment": status,
        },
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
    who: Principal,
    g: Guarantee,
    *,
    recovered_fen: int,
    costs_fen: int,
    note: str,
) -> Recovery:
    """G7: recovered money less costs first makes the bank whole, then county and guarantor
    pro rata; partial recoveries add up exactly (computed cumulatively)."""
    expect(g, "recover")
    if costs_fen > recovered_fen:
        raise invalid_field(
            "costs", "G7", "costs may not exceed the amount recovered", "追索费用不得超过追回金额"
        )
    record = await repository.compensation_of(session, g.id)
    assert record is not None
    already = await repository.net_recovered(session, g.id)
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
        recorded_by=who.subject,
        recorded_at=at,
    )
    session.add(r)
    move(session, g, "compensated", "recover")
    await session.flush()
    await record_on(
        session,
        g,
        action="guarantee.recovery_distributed",
        by=who,
        rule="G7",
        reason=note,
        data={
            "state": g.state,
            "recovered_fen": recovered_fen,
            "costs_fen": costs_fen,
            "to_bank_fen": part.to_bank,
            "to_county_fen": part.to_county,
            "to_guarantor_fen": part.to_guarantor,
            "surplus_fen": part.surplus,
        },
    )
    if part.to_county:
        # county finance's recovered share flows back into the pool it paid from
        await funds.receive(
            session,
            who,
            g.county,
            funds.REWARD_POOL,
            part.to_county,
            kind="recovery",
            reference=g.id,
            note=f"recovery {r.id}",
        )
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
    session: AsyncSession, who: Principal, g: Guarantee, *, kind: str, note: str
) -> MonitoringRecord:
    """贷后管理: any party of a live guarantee records a visit, warning or note, seen by all."""
    expect(g, "monitor")
    m = MonitoringRecord(
        guarantee_id=g.id,
        kind=kind,
        note=note,
        recorded_by=who.subject,
        recorded_org=f"{who.org.type}:{who.org.id}",
        recorded_at=now(session),
    )
    session.add(m)
    await session.flush()
    if kind == "warning":
        await record_on(
            session,
            g,
            action="guarantee.risk_warning",
            by=who,
            rule="G5",
            reason=note,
            data={"state": g.state},
        )
    return m
