"""The re-transfer adjustment fund's quote (E15, E12)."""

from __future__ import annotations

from decimal import Decimal

from pydantic import BaseModel

from common.money import Money


class ResaleFundOut(BaseModel):
    """调节金 on a re-transfer of entered land: the county's re-transfer rate on the
    increment over the first entry's price and the stated costs."""

    deal_id: str
    land_use: str
    way: str
    first_entry: bool
    rate: Decimal
    resale_price: Money
    acquired_price: Money
    costs: Money
    increment: Money
    adjustment_fund: Money
