"""The re-transfer adjustment fund's quote (E15, E12)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field

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


class FundProofIn(BaseModel):
    """E12 ``proven_paid``: the seller's receipt for the re-transfer fund paid directly to
    the tax or finance office (完税/缴款凭证)."""

    model_config = ConfigDict(extra="forbid")

    costs: Money = Field(
        Decimal("0"), description="The costs the fund was computed on (the increment's base)."
    )
    receipt_no: str = Field(min_length=1, max_length=100, description="凭证号")
    amount: Money = Field(description="Must equal the computed fund to the fen.")
    paid_on: date
    document_id: str = Field(min_length=1, max_length=64, description="The stored receipt.")


class ResaleSettlementIn(BaseModel):
    """The re-transfer's fund settled (E12): withheld at bidding's release unless proven."""

    model_config = ConfigDict(extra="forbid")

    costs: Money = Field(
        Decimal("0"), description="Acquisition and development costs (the increment's base)."
    )


class ResaleOut(BaseModel):
    """A re-transfer of entered land (E15) and its adjustment fund (E12)."""

    id: str
    deal_id: str
    trade_id: str
    listing_id: str
    status: str
    seller_party_id: str
    buyer_party_id: str
    buyer_name: str
    price: Money
    concluded_at: datetime
    costs: Money | None
    fund_rate: Decimal | None
    increment: Money | None
    adjustment_fund: Money | None
    fund: str | None = Field(description="withheld or proven_paid (E12)")
    seller_net: Money | None = Field(
        description="The price less a withheld fund (bidding's service fee comes off too)"
    )
    receipt_no: str | None
    receipt_paid_on: date | None
    receipt_document_id: str | None
    settled_at: datetime | None
