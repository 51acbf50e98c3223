"""Views of the homestead income — 宅基地收益视图 (Z11)."""

from __future__ import annotations

from collective.income.models import Dividend, HomesteadIncome
from collective.income.schemas import DividendOut, IncomeOut
from common.money import from_fen
from common.views import view_of


def income_out(i: HomesteadIncome, dividends: list[Dividend]) -> IncomeOut:
    return view_of(
        IncomeOut,
        i,
        amount=from_fen(i.amount_fen),
        farmer_part=from_fen(i.farmer_fen),
        collective_part=from_fen(i.collective_fen),
        year_income=from_fen(i.year_income_fen),
        dividends=[
            DividendOut(party_id=d.party_id, shares=d.shares, amount=from_fen(d.amount_fen))
            for d in dividends
        ],
    )
