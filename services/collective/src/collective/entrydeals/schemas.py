"""Requests and views of 入市 after the trade — 成交、合同、备案、结算 (E9, E11–E13)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field

from collective.contracts.schemas import ContractCitation
from common.money import Money


class AccountIn(BaseModel):
    """The collective's dedicated 入市 account (E11), opened by its X5 decision."""

    model_config = ConfigDict(extra="forbid")

    account_no: str = Field(min_length=6, max_length=40, pattern=r"^[0-9]+$")
    bank: str = Field(min_length=1, max_length=200)
    resolution_id: str = Field(min_length=1, max_length=32)


class AccountOut(BaseModel):
    collective_id: str
    account_no: str
    bank: str
    resolution_id: str
    registered_at: datetime


class ContractIn(BaseModel):
    """The contract on the county's 入市 model text (Z14) with L15's fields (E9)."""

    model_config = ConfigDict(extra="forbid")

    contract_no: str = Field(min_length=1, max_length=100)
    contract: ContractCitation
    mortgage_allowed: bool
    transfer_allowed: bool


class FilingIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    filing_no: str = Field(min_length=1, max_length=100)


class JointPart(BaseModel):
    model_config = ConfigDict(extra="forbid")

    collective_id: str = Field(min_length=1, max_length=64)
    amount: Money


class SettlementIn(BaseModel):
    """The proceeds into the dedicated account and their split (E11–E13)."""

    model_config = ConfigDict(extra="forbid")

    account_no: str = Field(min_length=1, max_length=40)
    costs: Money = Field(
        Decimal("0"), description="Acquisition and development costs (the increment's base)."
    )
    taxes_fees: Money = Field(Decimal("0"))
    resolution_id: str = Field(
        min_length=1, max_length=32, description="The X5 decision every outflow cites."
    )
    joint_split: list[JointPart] | None = Field(
        None, max_length=20, description="Joint entry: each collective's part of the net."
    )


class DealOut(BaseModel):
    id: str
    plan_id: str
    collective_id: str
    status: str
    listing_id: str
    buyer_name: str
    price: Money
    concluded_at: datetime
    publicity_ends_at: datetime
    contract_no: str | None
    mortgage_allowed: bool | None
    transfer_allowed: bool | None
    signed_at: datetime | None
    filing_due_at: datetime | None
    filing_no: str | None
    filed_at: datetime | None
    filing_late: bool
    account_no: str | None
    fund_rate: Decimal | None
    adjustment_fund: Money | None
    taxes_fees: Money | None
    retention: Money | None
    members: Money | None
    split: list[dict[str, object]] | None
    payouts: list[dict[str, object]] | None
    settled_at: datetime | None
