"""The bidding service's county parameters — 县级参数 (DOMAIN B5, B6).

The seeds give no numbers for refund delays, signing deadlines or fees (004 第二十条 only
says fees follow the state's rules, and the Qingyang centre is 公益性、非盈利性), so the
defaults are the choices written in services/bidding/README.md; a county changes them
through ``/county-parameters`` (audited, X2).
"""

from __future__ import annotations

from decimal import Decimal

from common.county_config import CountyParameters, Parameter, at_most, between
from common.money import Rate

PARAMS = CountyParameters(
    Parameter(
        "deposit_refund_working_days",
        5,
        int,
        "Working days within which the other bidders' deposits are refunded (B5)",
        rule="B5",
        check=between(1, 30),
    ),
    Parameter(
        "contract_signing_working_days",
        5,
        int,
        "Working days after the deal confirmation within which the winner signs (B5, B6)",
        rule="B6",
        check=between(1, 30),
    ),
    Parameter(
        "service_fee_rate",
        Decimal("0"),
        Rate,
        "Service fee as a fraction of the price, deducted from the seller's proceeds (B6)",
        rule="B6",
        check=at_most(Decimal("0.05")),
    ),
    Parameter(
        "service_fee_min",
        Decimal("0"),
        Rate,
        "Minimum service fee in yuan per deal (B6); 0 means none",
        rule="B6",
        check=at_most(Decimal("100000")),
    ),
)
