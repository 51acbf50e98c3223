"""County fund requests and views (G8, G10)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, Field

from common.money import Money, SignedMoney, from_fen

FundName = Literal["reward_pool", "risk_fund"]


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

    @classmethod
    def of(cls, e: object) -> EntryOut:
        return cls(
            id=e.id,  # type: ignore[attr-defined]
            delta=from_fen(e.delta_fen),  # type: ignore[attr-defined]
            **{
                k: getattr(e, k)
                for k in ("kind", "payee", "reference", "note", "recorded_by", "recorded_at")
            },
        )


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

    @classmethod
    def of(cls, p: object) -> PaymentOut:
        return cls(
            amount=from_fen(p.amount_fen),  # type: ignore[attr-defined]
            **{
                k: getattr(p, k)
                for k in (
                    "id",
                    "fund",
                    "kind",
                    "payee",
                    "reference",
                    "status",
                    "created_at",
                    "paid_at",
                )
            },
        )


class FundOut(BaseModel):
    county: str
    fund: str
    balance: SignedMoney
    queued: Money = Field(description="Payments waiting for money (待付).")
    entries: list[EntryOut]
    payments: list[PaymentOut]


class DepositOut(BaseModel):
    balance: Money
    paid_from_queue: list[PaymentOut]


def queued_total(payments: list[PaymentOut]) -> Decimal:
    return sum((p.amount for p in payments if p.status == "queued"), Decimal("0.00"))
