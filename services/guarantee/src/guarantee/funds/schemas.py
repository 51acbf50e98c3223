"""County fund requests and views (G8, G10)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from common.money import Money, SignedMoney

FundName = Literal["reward_pool", "risk_fund", "housing_fund"]


class DepositIn(BaseModel):
    amount: Money
    note: str = Field(min_length=1, max_length=1000, description="Why (budget line, decision).")


class ForceMajeureIn(BaseModel):
    """A force-majeure loss on a land-right mortgage loan (G10: 地震、冰雹、严重旱涝)."""

    lender_org_id: str = Field(min_length=1, max_length=32)
    loan_reference: str = Field(min_length=1, max_length=64)
    certificate_no: str = Field(min_length=1, max_length=64, description="Mortgaged land right.")
    cause: Literal["earthquake", "hail", "drought", "flood", "other_natural_disaster"]
    loss: Money
    note: str = Field("", max_length=1000)


class HousingClaimIn(BaseModel):
    """A force-majeure loss on a farm-house (农房) or homestead lien (G17), shared by the
    housing sub-fund."""

    lender_org_id: str = Field(min_length=1, max_length=32)
    loan_reference: str = Field(min_length=1, max_length=64)
    certificate_no: str = Field(
        min_length=1, max_length=64, description="The mortgaged house or homestead right."
    )
    cause: Literal["earthquake", "hail", "drought", "flood", "other_natural_disaster"]
    loss: Money
    note: str = Field("", max_length=1000)


class ResidenceSupportIn(BaseModel):
    """Residence support (居住保障) for a household whose farm house is being disposed of
    after a default (G17): the county's monthly amount × ``months``, paid to the household."""

    household_id: str = Field(min_length=1, max_length=64, description="The household (户).")
    disposal_reference: str = Field(
        min_length=1, max_length=64, description="The disposal (处置) the support is for."
    )
    certificate_no: str = Field(min_length=1, max_length=64, description="The disposed house.")
    months: int = Field(ge=1, le=36)
    note: str = Field(min_length=1, max_length=1000, description="The county's decision.")


class InterestSubsidyIn(BaseModel):
    """An interest subsidy on a land-right mortgage loan (G10: 贴息), paid to the bank."""

    lender_org_id: str = Field(min_length=1, max_length=32)
    loan_reference: str = Field(min_length=1, max_length=64)
    certificate_no: str = Field(min_length=1, max_length=64)
    amount: Money
    note: str = Field(min_length=1, max_length=1000, description="The county's decision.")


class EntryOut(BaseModel):
    id: int
    delta: SignedMoney
    kind: str
    payee: str | None
    reference: str | None
    note: str | None
    recorded_by: str
    recorded_at: datetime


class PaymentOut(BaseModel):
    id: str
    fund: str
    amount: Money
    kind: str
    payee: str
    reference: str
    status: Literal["queued", "paid"]
    created_at: datetime
    paid_at: datetime | None


class QueuedOut(BaseModel):
    """A queued payment in the order it will be paid (待付队列), with what it waits for."""

    position: int = Field(description="1 is the head: paid first, and nothing passes it.")
    payment: PaymentOut
    needed: Money = Field(
        description="Money the fund still needs before this payment can be paid: every "
        "payment ahead of it and this one, less the balance."
    )


class FundOut(BaseModel):
    county: str
    fund: str
    balance: SignedMoney
    queued: Money = Field(description="Payments waiting for money (待付).")
    entries: list[EntryOut]
    payments: list[PaymentOut]
    queue_order: str = Field(
        "first in, first out: by the time the payment was queued, then its id; a payment "
        "is paid only when every payment ahead of it is",
        description="How the queue is paid (G8).",
    )
    queue: list[QueuedOut] = Field(default_factory=list, description="The queue, head first.")
    blocked_by: QueuedOut | None = Field(
        None,
        description="The head of the queue when the balance cannot pay it: every later "
        "payment waits behind it (its ``needed`` is the shortfall).",
    )


class DepositOut(BaseModel):
    balance: Money
    paid_from_queue: list[PaymentOut]
