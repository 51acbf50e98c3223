"""Deal confirmation, contract, payment and default decision shapes (DOMAIN B5, B6)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, Field

from common.money import Money


class DealOut(BaseModel):
    """The deal confirmation — 成交确认书 — and where the deal stands."""

    trade_id: str
    confirmation_no: str
    listing_id: str
    session_id: str
    round: int
    status: str
    mode: str
    title: str
    product: str
    way: str
    seller_party_id: str
    seller_name: str
    buyer_party_id: str
    buyer_name: str
    price: Money
    via_priority: bool
    deposit_applied: Money
    paid: Money
    balance_due: Money
    term_start: date | None
    term_end: date | None
    concluded_at: datetime
    contract_deadline: datetime
    entry_publicity_ends_at: datetime | None = Field(
        None, description="An 入市 trade's result publicity end (E9): the deadline runs from it"
    )
    contract_no: str | None
    signed_at: datetime | None
    settled_at: datetime | None
    fees: Money | None
    to_lender: Money | None
    to_seller: Money | None
    adjustment_fund: Money | None = Field(
        None,
        description="A re-transfer's adjustment fund withheld at the release (E12, E15); "
        "0 when proven paid",
    )
    released_at: datetime | None


class ContractIn(BaseModel):
    contract_no: str = Field(min_length=1, max_length=64, description="合同编号")


class PaymentIn(BaseModel):
    """A bank's report that the buyer paid into the settlement account (B6)."""

    trade_id: str = Field(min_length=1, max_length=36)
    amount: Money
    bank_reference: str = Field(min_length=1, max_length=100)


class DefaultDecisionIn(BaseModel):
    """What the centre decides after a winner defaulted (B5): never automatic."""

    action: Literal["relist", "offer_next"]
    reason: str = Field(min_length=1, max_length=1000)


class LedgerOut(BaseModel):
    listing_id: str
    balances: dict[str, Money | str]
    trial_balance: str


class CallbackOut(BaseModel):
    """One callback of the bank's integration as it arrived — 银行回调记录."""

    kind: Literal["deposit", "balance_payment"]
    received_at: datetime
    listing_id: str
    trade_id: str | None
    party_id: str
    amount: Money
    bank_reference: str
    state: str = Field(description="The deposit's or the deal's state now.")
