"""Public bodies — 公开信息: the masked notice list and the loan calculator's quote."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from common.money import Money, Rate


class NoticeOut(BaseModel):
    guarantee_id: str
    borrower: str
    party_id: str
    township_id: str
    village: str
    amount: Money | None
    places: str | None
    complaint_phone: str | None
    starts_at: datetime | None
    ends_at: datetime | None


class QuoteIn(BaseModel):
    county: str = Field("620821", pattern=r"^[1-9][0-9]{5}$", description="County code")
    amount: Money = Field(description="The loan the farmer hopes for (元)")


class QuoteOut(BaseModel):
    eligible: bool = Field(description="The amount lies in the G3 range")
    minimum: Money = Field(description="G3: the least guaranteed amount")
    maximum: Money = Field(description="G3: one borrower's cap (not a leading enterprise)")
    guaranteed_amount: Money = Field(description="The amount within the range (0 if below)")
    loan_rate_cap: Rate = Field(description="G4: base rate × (1 + markup)")
    fee_rate_cap: Rate = Field(description="G4: the highest guarantee fee rate")
    fee_at_cap: Money = Field(description="G4: the guarantee fee at that rate")
