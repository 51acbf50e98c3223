"""Valuation bodies: the reference tables — 抵押物价值评估参考标准 (001 Appendix E, DOMAIN R6)
and the public loan estimate (贷款测算, R6/R7).

The tables are county data (``valuation_tables`` county parameter, seeded in
``registry.params``), versioned by their effective date. Prices are yuan (``Money``).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, Field

from common.money import Money, Rate

BuildingKind = Literal[
    "brick_concrete", "brick_steel", "steel_shed", "brick_wood", "steel_frame_factory"
]
GreenhouseKind = Literal["single_span", "multi_span", "glass_solar"]
CropGroup = Literal["pear_peach_citrus", "grape"]


class BuildingRow(BaseModel):
    """Farm production and management buildings — 农业生产、管理用房 (per m²)."""

    kind: BuildingKind
    min_price: Money
    max_price: Money
    life_years_max: int
    high_ceiling_uplift: Rate | None = Field(None, description="Up to +x above 7 m height.")
    simple_discount: Rate | None = Field(None, description="A simple shed up to x lower.")


class GreenhouseRow(BaseModel):
    """Greenhouses — 大棚 (per m²)."""

    kind: GreenhouseKind
    min_price: Money
    max_price: Money
    life_years_max: int


class ColdStoreRow(BaseModel):
    """Fresh-keeping cold stores — 高温保鲜冷库 (per m³), by room volume."""

    max_room_m3: int | None = Field(description="Rooms up to this volume (None: larger).")
    min_price: Money
    max_price: Money
    life_years_max: int


class CropRow(BaseModel):
    """Perennial crops — 多年生经济作物 (per mu), by age band (after, up to] in years."""

    group: CropGroup
    stage: str
    age_after: Decimal
    age_up_to: Decimal
    min_price: Money
    max_price: Money


class MachineryRule(BaseModel):
    """Agricultural machinery — 农业机械设备: cost ≥ min, bought within max_age_years."""

    min_cost: Money = Decimal("50000")
    max_age_years: int = 2
    rate_within_first_year: Rate = Decimal("0.9")
    rate_after_first_year: Rate = Decimal("0.7")


class TrellisRule(BaseModel):
    """Pear trellis — 梨棚架 (per mu), depreciated over its life."""

    min_price: Money = Decimal("3000")
    max_price: Money = Decimal("4000")
    life_years: int = Field(10, description="Not in the seed; the county sets it.")


class ValuationTables(BaseModel):
    """Appendix E as one versioned document."""

    high_ceiling_m: Decimal = Decimal("7")
    buildings: list[BuildingRow]
    greenhouses: list[GreenhouseRow]
    cold_stores: list[ColdStoreRow]
    low_temperature_max_factor: Decimal = Decimal("2")
    machinery: MachineryRule = MachineryRule()
    crops: list[CropRow]
    trellis: TrellisRule = TrellisRule()
    facility_min_cost: Money = Decimal("50000")


class EstimateIn(BaseModel):
    county: str = Field("620821", pattern=r"^[1-9][0-9]{5}$", description="County code")
    origin: Literal["family_contract", "transfer"] = Field(
        description="family_contract: 家庭承包; transfer: 流转取得"
    )
    area_mu: Decimal = Field(gt=0, le=100_000, max_digits=12, decimal_places=4)
    annual_price_per_mu: Money = Field(
        description="family_contract: annual transfer price of similar land per mu; "
        "transfer: the annual fee actually paid per mu (元/亩/年)"
    )
    years: Decimal = Field(
        gt=0, le=70, max_digits=6, decimal_places=2, description="Remaining (paid) years"
    )


class Figure(BaseModel):
    amount: Money
    rule: str
    basis: str


class EstimateOut(BaseModel):
    value: Figure
    capped: bool = Field(description="The family-contract cap per mu lowered the value (R6)")
    normal_loan: Figure
    max_loan: Figure
    enhanced_loan: Figure
