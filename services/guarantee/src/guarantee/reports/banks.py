"""Bank performance and fiscal deposits — 银行绩效与财政性存款分配 (DOMAIN G13; seed 004
劝耕贷 三(三)): per lending bank and calendar year, its new loans, in-guarantee balance,
borrowers and overdue rate; the county finance bureau's fiscal deposits split between the
banks by that performance (default: each bank's share of the year's new loans), exact to
the fen, and recorded as advice with the decision (X2)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from common.audit import record_decision
from common.auth import Principal
from common.context import now
from common.money import allocate, fen_text
from common.problems import invalid_field
from guarantee.guarantees.repository import loan_books
from guarantee.guarantees.rules import period_end
from guarantee.params import PARAMS
from guarantee.reports.rules import ratio


@dataclass
class _Bank:
    new_loans: set[str] = field(default_factory=set)
    new_loans_fen: int = 0
    borrowers: set[str] = field(default_factory=set)
    balance_fen: int = 0
    overdue_fen: int = 0


def year_bounds(year: int) -> tuple[Any, Any]:
    """The instants a calendar year opens and closes in the county (Asia/Shanghai)."""
    return period_end(date(year, 1, 1) - timedelta(days=1)), period_end(date(year, 12, 31))


async def figures(session: AsyncSession, county: str, year: int) -> dict[str, _Bank]:
    """Each bank's figures for ``year`` (as of now while the year runs), by bank id.

    New loans are the drawdowns recorded in the year; the balance, the overdue principal
    and the rate are those of G9 at the year's end (a compensated guarantee has left the
    bank's book)."""
    opens, closes = year_bounds(year)
    until = min(closes, now(session) + timedelta(microseconds=1))
    banks: dict[str, _Bank] = defaultdict(_Bank)
    for book in (await loan_books(session, county, until, opens)).values():
        g = book.guarantee
        if book.drawn_since_fen:
            bank = banks[g.lender_org_id]
            bank.new_loans.add(g.id)
            bank.new_loans_fen += book.drawn_since_fen
            bank.borrowers.add(g.party_id)
        if book.drawn_fen and not book.compensated:
            bank = banks[g.lender_org_id]
            bank.balance_fen += book.balance_fen
            bank.overdue_fen += book.overdue_fen
    return dict(sorted(banks.items()))


def _row(lender: str, b: _Bank) -> dict[str, Any]:
    return {
        "bank_org_id": lender,
        "new_loans": len(b.new_loans),
        "new_loans_amount": fen_text(b.new_loans_fen),
        "borrowers": len(b.borrowers),
        "in_guarantee_balance": fen_text(b.balance_fen),
        "overdue_principal": fen_text(b.overdue_fen),
        "overdue_rate": str(ratio(b.overdue_fen, b.balance_fen)),
    }


async def report(session: AsyncSession, who: Principal, county: str, year: int) -> dict[str, Any]:
    return {
        "county": county,
        "year": year,
        "generated_at": now(session),
        "banks": [_row(k, b) for k, b in (await figures(session, county, year)).items()],
    }


async def allocate_deposits(
    session: AsyncSession, who: Principal, county: str, year: int, amount_fen: int
) -> dict[str, Any]:
    """Split ``amount_fen`` of fiscal deposits between the year's banks by the county's
    basis (largest remainder: the shares add up to the amount exactly) and record the
    split as the finance bureau's advice (X2). Refused when no bank has any of the basis
    to split by — an equal split would reward no performance."""
    basis = await PARAMS.get(session, county, "fiscal_deposit_basis")
    banks = await figures(session, county, year)
    weights = [b.new_loans_fen if basis == "new_loans" else b.balance_fen for b in banks.values()]
    if sum(weights) == 0:
        raise invalid_field(
            "year",
            "G13",
            f"no bank has any {basis.replace('_', ' ')} in {year} to split by",
            f"{year}年没有银行发生可作分配依据的劝耕贷业务",
        )
    shares = allocate(amount_fen, weights)
    split = [
        {"bank_org_id": lender, "basis_amount": fen_text(w), "deposit": fen_text(share)}
        for lender, w, share in zip(banks, weights, shares, strict=True)
    ]
    advice = {"year": year, "basis": basis, "amount": fen_text(amount_fen), "split": split}
    decision = await record_decision(
        session,
        subject_type="fiscal_deposits",
        subject_id=f"{county}:{year}",
        action="fiscal_deposits.advised",
        by=who,
        rule="G13",
        data=advice,
    )
    return {"county": county, "decision_id": decision, **advice}
