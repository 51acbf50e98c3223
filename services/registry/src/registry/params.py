"""The registry's county parameters — 县级参数, seeded with the documents' numbers."""

from __future__ import annotations

from decimal import Decimal

from common.county_config import CountyParameters, Parameter, at_most, between
from common.money import Money, Rate
from registry.valuation.tables import DEFAULT_TABLES, ValuationTables

PARAMS = CountyParameters(
    Parameter(
        "valuation_tables",
        DEFAULT_TABLES,
        ValuationTables,
        "Valuation reference tables (001 Appendix E) — 抵押物价值评估参考标准",
        rule="R6",
    ),
    Parameter(
        "family_land_cap_per_mu",
        Decimal("10000"),
        Money,
        "Family-contract land value cap per mu (001 Appendix E 一(一)), 元/亩",
        rule="R6",
        check=at_most(Decimal("10000")),
    ),
    Parameter(
        "ltv_normal",
        Decimal("0.5"),
        Rate,
        "Normal loan-to-value (001 5.4.4)",
        rule="R7",
        check=at_most(Decimal("0.5")),
    ),
    Parameter(
        "ltv_max",
        Decimal("0.6"),
        Rate,
        "Maximum loan-to-value without credit enhancement (001 5.4.4)",
        rule="R7",
        check=at_most(Decimal("0.6")),
    ),
    Parameter(
        "ltv_enhanced_cap",
        Decimal("0.7"),
        Rate,
        "Loan-to-value cap with a recorded credit enhancement (001 5.4.5)",
        rule="R7",
        check=between(Decimal("0.6"), Decimal("1")),
    ),
    Parameter(
        "change_registration_days",
        30,
        int,
        "Days to register a change of the mortgage contract (001 5.5.3)",
        rule="R10",
        check=between(1, 30),
    ),
    Parameter(
        "visit_interval_days",
        90,
        int,
        "Days between post-loan visits (001 6.1 says periodic; the county sets it)",
        rule="R14",
        check=between(7, 366),
    ),
    Parameter(
        "visit_grace_days",
        15,
        int,
        "Days after a visit's due date before it is raised as overdue",
        rule="R14",
        check=between(0, 60),
    ),
)
