"""Valuation reference tables — 抵押物价值评估参考标准 (001 Appendix E, DOMAIN R6).

The tables are county data (``valuation_tables`` county parameter), versioned by their
effective date; the defaults below are the seed's numbers. Prices are yuan (``Money``).
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


D = Decimal
DEFAULT_TABLES = ValuationTables(
    buildings=[
        BuildingRow(
            kind="brick_concrete",
            min_price=D(700),
            max_price=D(900),
            life_years_max=20,
            high_ceiling_uplift=D("0.5"),
        ),
        BuildingRow(
            kind="brick_steel",
            min_price=D(800),
            max_price=D(1000),
            life_years_max=20,
            high_ceiling_uplift=D("0.5"),
        ),
        BuildingRow(
            kind="steel_shed",
            min_price=D(300),
            max_price=D(500),
            life_years_max=10,
            simple_discount=D("0.5"),
        ),
        BuildingRow(kind="brick_wood", min_price=D(500), max_price=D(700), life_years_max=20),
        BuildingRow(
            kind="steel_frame_factory", min_price=D(700), max_price=D(900), life_years_max=20
        ),
    ],
    greenhouses=[
        GreenhouseRow(kind="single_span", min_price=D(18), max_price=D(25), life_years_max=8),
        GreenhouseRow(kind="multi_span", min_price=D(70), max_price=D(150), life_years_max=10),
        GreenhouseRow(kind="glass_solar", min_price=D(500), max_price=D(800), life_years_max=15),
    ],
    cold_stores=[
        ColdStoreRow(max_room_m3=200, min_price=D(250), max_price=D(300), life_years_max=10),
        ColdStoreRow(max_room_m3=None, min_price=D(220), max_price=D(270), life_years_max=10),
    ],
    crops=[
        CropRow(
            group="pear_peach_citrus",
            stage="pre_production",
            age_after=D(0),
            age_up_to=D(3),
            min_price=D(2000),
            max_price=D(3000),
        ),
        CropRow(
            group="pear_peach_citrus",
            stage="early_production",
            age_after=D(3),
            age_up_to=D(5),
            min_price=D(3000),
            max_price=D(5000),
        ),
        CropRow(
            group="pear_peach_citrus",
            stage="full_production",
            age_after=D(5),
            age_up_to=D(10),
            min_price=D(5000),
            max_price=D(8000),
        ),
        CropRow(
            group="grape",
            stage="pre_production",
            age_after=D(0),
            age_up_to=D(2),
            min_price=D(2000),
            max_price=D(3000),
        ),
        CropRow(
            group="grape",
            stage="early_production",
            age_after=D(2),
            age_up_to=D(3),
            min_price=D(3500),
            max_price=D(5500),
        ),
        CropRow(
            group="grape",
            stage="full_production",
            age_after=D(3),
            age_up_to=D(10),
            min_price=D(6000),
            max_price=D(9000),
        ),
    ],
)
