"""Events the bidding service publishes (topic ``bidding.events``).

Aggregate: the listing being traded (key ``listing_id``), so deposits, the trade and
its settlement stay in one order per listing.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import Field

from common.contracts.fields import (
    CertificateNo,
    DecimalText,
    EntityId,
    ListingRef,
    OrgRef,
    PartyRef,
    PersonName,
    Reason,
    Reference,
)
from common.contracts.listing import TradeMode, TradeWay
from common.events import Event
from common.money import Money
from common.products import Product


class _BiddingEvent(Event, topic="bidding.events", aggregate="listing", aggregate_key="listing_id"):
    """A bidding event, keyed by the listing being traded (one order per listing)."""


class DepositPaid(_BiddingEvent, type="bidding.deposit_paid", version=1):
    """A buyer's deposit arrived in the exchange's account — 保证金到账 (DOMAIN B5, L6)."""

    listing_id: ListingRef
    party_id: PartyRef
    registration_id: EntityId | None = None
    amount: Money
    bank_reference: Reference
    paid_at: datetime


class DepositRefunded(_BiddingEvent, type="bidding.deposit_refunded", version=1):
    """A deposit was returned — 保证金退还 (DOMAIN B5)."""

    listing_id: ListingRef
    party_id: PartyRef
    amount: Money
    refunded_at: datetime


class DepositForfeited(_BiddingEvent, type="bidding.deposit_forfeited", version=1):
    """A winner who did not sign forfeits the deposit — 保证金没收 (DOMAIN B5)."""

    listing_id: ListingRef
    party_id: PartyRef
    amount: Money
    reason: Reason
    forfeited_at: datetime


class TradeConcluded(_BiddingEvent, type="bidding.trade_concluded", version=1):
    """A deal — 成交 (DOMAIN B1–B4, B6): the deal confirmation (成交确认书) is issued."""

    listing_id: ListingRef
    trade_id: EntityId
    mode: TradeMode
    buyer_party_id: PartyRef
    buyer_name: PersonName
    price: Money
    via_priority: bool = Field(False, description="Won by a priority holder (B3).")
    bids_count: int = 0
    concluded_at: datetime
    contract_deadline: datetime = Field(description="Sign by then or forfeit the deposit (B5).")
    entry_plan_id: EntityId | None = Field(
        None,
        description="The collective's 入市 plan, for an 入市 listing (E9): the "
        "collective follows the trade as its entry deal.",
    )
    entry_deal_id: EntityId | None = Field(
        None,
        description="The first 入市 deal of re-listed entered land (E15): the collective "
        "follows the trade as the re-transfer it settles the fund of (E12).",
    )


class TradeFailed(_BiddingEvent, type="bidding.trade_failed", version=1):
    """The trade failed — 流拍 / 违约 (DOMAIN B2, B5). The centre decides what next."""

    listing_id: ListingRef
    trade_id: EntityId
    mode: TradeMode
    reason_code: Literal["no_bids", "no_valid_tender", "buyer_defaulted", "terminated", "other"]
    reason: Reason
    failed_at: datetime


class ContractSigned(_BiddingEvent, type="bidding.contract_signed", version=1):
    """The transfer contract is signed — 合同签订 (DOMAIN B6); listing publishes it (L14)."""

    listing_id: ListingRef
    trade_id: EntityId
    contract_id: EntityId
    contract_no: CertificateNo
    seller_party_id: PartyRef
    seller_name: PersonName
    buyer_party_id: PartyRef
    buyer_name: PersonName
    price: Money
    way: TradeWay | None = None
    term_start: date | None = None
    term_end: date | None = None
    signed_at: datetime


class SettlementCompleted(_BiddingEvent, type="bidding.settlement_completed", version=1):
    """The buyer has paid the full price into the settlement account — 资金结算 (DOMAIN B6).

    The registry records the transfer (R1) and answers with ``registry.right_transferred``;
    the money is released to the seller only then (``bidding.funds_released``).
    """

    listing_id: ListingRef
    trade_id: EntityId
    right_certificate_no: CertificateNo | None = None
    product: Product
    way: TradeWay
    seller_party_id: PartyRef
    buyer_party_id: PartyRef
    buyer_name: PersonName
    price: Money
    term_start: date | None = None
    term_end: date | None = None
    area_mu: DecimalText | None = None
    disposal_id: EntityId | None = Field(
        None, description="Set when the trade was a disposal (R13)."
    )
    lien_id: EntityId | None = None
    settled_at: datetime
    entry_plan_id: EntityId | None = Field(
        None,
        description="The collective's 入市 plan, for an 入市 listing: registry records "
        "the transfer only once the collective's settlement withheld the fund (E12).",
    )
    entry_deal_id: EntityId | None = Field(
        None,
        description="The first 入市 deal of re-listed entered land (E15): registry records "
        "the transfer only once the collective settled the re-transfer's fund (E12).",
    )


class FundsReleased(_BiddingEvent, type="bidding.funds_released", version=1):
    """The price, less fees, is paid out to the seller — 价款划转 (DOMAIN B6)."""

    listing_id: ListingRef
    trade_id: EntityId
    seller_party_id: PartyRef
    amount: Money = Field(description="Paid to the seller (or, for a disposal, the lender).")
    fees: Money
    released_at: datetime
    lender_org_id: OrgRef | None = Field(
        None, description="For a disposal (R13): the lender paid first from the proceeds."
    )
    lender_amount: Money | None = Field(
        None,
        description=(
            "For a disposal (R13): the part paid to the lender, up to the outstanding debt; "
            "``amount`` is then what is left for the seller."
        ),
    )
    adjustment_fund: Money | None = Field(
        None,
        description="For a re-transfer of entered land (E15): the adjustment fund "
        "withheld from the price (E12); ``amount`` is what is left for the seller.",
    )


class TransactionCertificateChanged(
    _BiddingEvent, type="bidding.transaction_certificate_changed", version=1
):
    """A 交易鉴证书 (DOMAIN L19) issued, superseded or revoked: its number and verification
    code, the parties and the object it certifies. The registry follows it so that an R18
    filing citing a certificate is checked — known, valid, and the same parties and right
    — instead of trusting a typed code."""

    listing_id: ListingRef
    trade_id: EntityId
    number: CertificateNo = Field(description="The certificate's number (JZ…).")
    code: Reference = Field(description="Its verification code (the QR's /verify/<code>).")
    status: Literal["valid", "superseded", "revoked"]
    right_certificate_no: CertificateNo | None = Field(
        None, description="The object: the right's certificate no., when the listing has one."
    )
    seller_party_id: PartyRef
    buyer_party_id: PartyRef
    price: Money
    contract_no: CertificateNo | None = None
    changed_at: datetime
