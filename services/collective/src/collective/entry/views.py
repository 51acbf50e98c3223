"""Views of 入市 before the trade — 入市方案视图."""

from __future__ import annotations

from decimal import Decimal

from collective.entry.models import EntryPlan, SupplyPlan
from collective.entry.schemas import EntryPlanOut, SupplyPlanOut
from common.money import from_fen
from common.views import view_of


def plan_out(p: EntryPlan) -> EntryPlanOut:
    return view_of(EntryPlanOut, p, reserve_price=from_fen(p.reserve_price_fen))


def supply_out(s: SupplyPlan, used: dict[str, Decimal]) -> SupplyPlanOut:
    return view_of(
        SupplyPlanOut, s, quotas_m2={k: Decimal(v) for k, v in s.quotas_m2.items()}, used_m2=used
    )
