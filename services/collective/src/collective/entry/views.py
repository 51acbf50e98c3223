"""Views of 入市 before the trade — 入市方案视图."""

from __future__ import annotations

from decimal import Decimal

from collective.entry.models import EntryPlan, SupplyPlan
from collective.entry.schemas import EntryPlanOut, SupplyPlanOut
from common.money import from_fen


def plan_out(p: EntryPlan) -> EntryPlanOut:
    return EntryPlanOut(
        id=p.id,
        collective_id=p.collective_id,
        county=p.county,
        township=p.township,
        status=p.status,
        owner_level=p.owner_level,
        seller=p.seller,
        parcel_number=p.parcel_number,
        area_m2=p.area_m2,
        certificate_no=p.certificate_no,
        way=p.way,
        trading_method=p.trading_method,
        land_use=p.land_use,
        term_years=p.term_years,
        lease_years=p.lease_years,
        planning_conditions=p.planning_conditions,
        inside_urban_development_boundary=p.inside_urban_development_boundary,
        planning_source=p.planning_source,
        planning_reference=p.planning_reference,
        resolution_id=p.resolution_id,
        members_choice=p.members_choice,
        retention_percent=p.retention_percent,
        reserve_price=from_fen(p.reserve_price_fen),
        appraisal=p.appraisal,
        reserve_below_appraisal=p.reserve_below_appraisal,
        users=p.users,
        supply_plan_id=p.supply_plan_id,
        opinions=p.opinions,
        recorded_at=p.recorded_at,
        cleared_at=p.cleared_at,
    )


def supply_out(s: SupplyPlan, used: dict[str, Decimal]) -> SupplyPlanOut:
    return SupplyPlanOut(
        id=s.id,
        county=s.county,
        year=s.year,
        quotas_m2={k: Decimal(v) for k, v in s.quotas_m2.items()},
        used_m2=used,
        reference=s.reference,
    )
