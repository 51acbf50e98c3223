"""Views of the homestead income — 宅基地收益视图 (Z11)."""

from __future__ import annotations

from collective.income.models import Dividend, HomesteadIncome
from collective.income.schemas import DividendOut, IncomeOut
from common.money import from_fen


def income_out(i: HomesteadIncome, dividends: list[Dividend]) -> IncomeOut:
    return IncomeOut(
        id=i.id,
        collective_id=i.collective_id,
        source=i.source,
        reference=i.reference,
        received_on=i.received_on,
        amount=from_fen(i.amount_fen),
        farmer_percent=i.farmer_percent,
        farmer_part=from_fen(i.farmer_fen),
        collective_part=from_fen(i.collective_fen),
        disposition=i.disposition,  # type: ignore[arg-type]
        resolution_id=i.resolution_id,
        year_income=from_fen(i.year_income_fen),
        dividends=[
            DividendOut(party_id=d.party_id, shares=d.shares, amount=from_fen(d.amount_fen))
            for d in dividends
        ],
        recorded_at=i.recorded_at,
    )
