"""Guarantee views — 担保项目视图: a guarantee with its loan, notice, compensation and
recoveries as the API shows it (amounts in 元, the fee as the contract fixes it)."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from common.money import from_fen
from common.views import view_of, yuan
from guarantee.funds.models import FundPayment
from guarantee.guarantees import repository
from guarantee.guarantees.models import Guarantee, LoanEntry, MonitoringRecord, Objection, Recovery
from guarantee.guarantees.rules import guarantee_fee
from guarantee.guarantees.schemas import (
    CompensationOut,
    EntryOut,
    GuaranteeOut,
    MonitoringOut,
    ObjectionOut,
    RecoveryOut,
)

_FIELDS = (
    "id",
    "county",
    "borrower_id",
    "party_id",
    "township_id",
    "lender_org_id",
    "guarantor_org_id",
    "leading_enterprise",
    "state",
    "loan_rate",
    "fee_rate",
    "term_months",
    "certificate_no",
    "diligence_sha256",
    "diligence_truths",
    "complaint_phone",
    "notice_places",
    "notice_starts_at",
    "notice_ends_at",
    "issued_at",
)


def objection_out(o: Objection) -> ObjectionOut:
    return view_of(ObjectionOut, o)


def recovery_out(r: Recovery) -> RecoveryOut:
    return view_of(
        RecoveryOut,
        r,
        recovered=from_fen(r.recovered_fen),
        costs=from_fen(r.costs_fen),
        to_bank=from_fen(r.to_bank_fen),
        to_county=from_fen(r.to_county_fen),
        to_guarantor=from_fen(r.to_guarantor_fen),
        surplus=from_fen(r.surplus_fen),
    )


def monitoring_out(m: MonitoringRecord) -> MonitoringOut:
    return view_of(MonitoringOut, m)


def entry_out(e: LoanEntry) -> EntryOut:
    return view_of(
        EntryOut, e, principal=from_fen(e.principal_fen), interest=from_fen(e.interest_fen)
    )


def fee_of(g: Guarantee) -> Decimal | None:
    """The fee as the contract will fix it, once the amount and the fee rate are known."""
    if g.fee_fen is not None:
        return from_fen(g.fee_fen)
    if g.amount_fen is None or g.fee_rate is None:
        return None
    return from_fen(guarantee_fee(g.amount_fen, Decimal(g.fee_rate)))


async def compensation_out(session: AsyncSession, g: Guarantee) -> CompensationOut | None:
    c = await repository.compensation_of(session, g.id)
    if c is None:
        return None
    # no county payment (a zero share) counts as paid when the guarantor paid
    status, county_paid_at = "paid", c.paid_at
    if c.county_payment_id:
        p = await session.get(FundPayment, c.county_payment_id)
        if p is not None:
            status, county_paid_at = p.status, p.paid_at
    return CompensationOut(
        overdue=from_fen(c.overdue_fen),
        guarantor_paid=from_fen(c.guarantor_paid_fen),
        county_share=from_fen(c.county_share_fen),
        bank_share=from_fen(c.bank_share_fen),
        guarantor_net=from_fen(c.guarantor_net_fen),
        basis=c.basis,
        county_payment_status=status,  # type: ignore[arg-type]
        compensated_at=c.paid_at,
        county_paid_at=county_paid_at,
    )


async def guarantee_out(session: AsyncSession, g: Guarantee, *, full: bool = True) -> GuaranteeOut:
    """The guarantee; ``full`` adds its objections, loan entries, recoveries and monitoring."""
    b = await repository.balances(session, g.id)
    out = GuaranteeOut(
        **{k: getattr(g, k) for k in _FIELDS},
        amount=yuan(g.amount_fen),
        fee=fee_of(g),
        bank_approved=g.bank_approved_by is not None,
        guarantor_approved=g.guarantor_approved_by is not None,
        drawn=from_fen(b["drawn"]),
        repaid=from_fen(b["repaid"]),
        outstanding=from_fen(b["outstanding"]),
        overdue=from_fen(b["overdue"]),
    )
    # the compensation is one row: the list shows it too, so the views agree
    out.compensation = await compensation_out(session, g)
    if not full:
        return out
    out.objections = [objection_out(o) for o in await repository.objections(session, g.id)]
    out.entries = [entry_out(e) for e in await repository.entries(session, g.id)]
    out.recoveries = [recovery_out(r) for r in await repository.recoveries(session, g.id)]
    out.monitoring = [monitoring_out(m) for m in await repository.monitoring(session, g.id)]
    return out
