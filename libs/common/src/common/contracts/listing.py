"""Events the listing service publishes (topic ``listing.events``).

Aggregate: the listing (key ``listing_id``), so one listing's events stay in order.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, Field

from common.contracts.fields import (
    CertificateNo,
    Code,
    County,
    DecimalText,
    EntityId,
    ListingRef,
    LongName,
    PartyRef,
    PersonName,
    Reason,
    Subject,
    Township,
)
from common.events import Event
from common.money import Money
from common.products import Product

#: How the listing trades once the announcement closes (DOMAIN L7, B1–B4).
TradeMode = Literal["negotiated", "ascending", "auction", "tender", "posted"]
#: The way the right is traded (DOMAIN L2).
TradeWay = Literal["transfer", "lease", "equity", "other"]


class QualifiedBuyer(BaseModel):
    """A buyer qualified for a listing with the deposit paid (DOMAIN L6)."""

    registration_id: EntityId = Field(description="The listing service's registration id.")
    party_id: PartyRef = Field(description="Resident ID or unified social credit code.")
    name: PersonName = Field(description="The buyer's name (not masked: bidding is internal).")
    priority: bool = Field(
        False, description="Holds a priority right on equal terms (L10, B3) — 优先受让权."
    )
    registered_at: datetime = Field(
        description="When the registration was made; priority ties go to the earliest (B3)."
    )


class _ListingEvent(Event, topic="listing.events", aggregate="listing", aggregate_key="listing_id"):
    """A listing event, keyed by the listing (one order per listing)."""


class ListingPublished(_ListingEvent, type="listing.published", version=1):
    """An announcement is published — 发布挂牌公告 (DOMAIN L5).

    Carries what the bidding service needs to take deposits for the listing (B5).
    """

    listing_id: ListingRef
    county: County = Field(description="County division code (6 digits).")
    township: Township = Field(description="Township code of the window that took the listing.")
    title: LongName
    product: Product = Field(description="DOMAIN L1 product code (common.products).")
    way: TradeWay
    mode: TradeMode = Field(description="The competitive method chosen for ≥ 2 buyers (L7).")
    seller_party_id: PartyRef
    seller_name: PersonName
    right_certificate_no: CertificateNo | None = Field(
        None, description="The registry's certificate number of the right, when it has one."
    )
    reserve_price: Money = Field(description="挂牌底价.")
    deposit: Money = Field(description="保证金 each buyer pays before qualification (B5).")
    announcement_ends_at: datetime = Field(description="Fixed when published (L5).")
    published_at: datetime
    disposal_id: EntityId | None = Field(None, description="Set for a disposal listing (R13).")
    entry_plan_id: EntityId | None = Field(
        None, description="The collective's 入市 plan, for an 入市 listing (L15, E3)."
    )
    entry_deal_id: EntityId | None = Field(
        None, description="The first 入市 deal, for a re-listing of entered land (E15)."
    )


class AnnouncementClosed(_ListingEvent, type="listing.announcement_closed", version=1):
    """The announcement period ended and the trade was chosen — 公告期满 (DOMAIN L7).

    outcome ``failed``: no qualified buyer (流标); ``negotiated``: exactly one (B1);
    ``competitive``: two or more, traded by ``mode`` (B2, B4). Everything the bidding
    service needs to open the session travels here.
    """

    listing_id: ListingRef
    county: County
    township: Township
    outcome: Literal["failed", "negotiated", "competitive"]
    mode: TradeMode | None = Field(
        None, description="negotiated for one buyer, the listing's method for ≥ 2, None if failed."
    )
    product: Product
    way: TradeWay
    title: LongName
    seller_party_id: PartyRef
    seller_name: PersonName
    right_certificate_no: CertificateNo | None = None
    area_mu: DecimalText | None = Field(None, description="Area in mu as a decimal string.")
    term_start: date | None = None
    term_end: date | None = None
    reserve_price: Money
    increment: Money = Field(description="加价幅度 (B2).")
    extension_seconds: int = Field(300, gt=0, description="延时周期 (B2), default 5 minutes.")
    free_period_seconds: int = Field(
        3600, ge=0, description="Free bidding period before the timed period (B2)."
    )
    deposit: Money
    tender_opening_at: datetime | None = Field(
        None, description="When sealed tenders are opened (B4); tender mode only."
    )
    qualified_buyers: list[QualifiedBuyer] = Field(default_factory=list)
    closed_at: datetime
    disposal_id: EntityId | None = Field(None, description="Set for a disposal listing (R13).")
    lien_id: EntityId | None = Field(None, description="The lien being enforced, for a disposal.")


class ListingSuspended(_ListingEvent, type="listing.suspended", version=1):
    """A listing or its trade is suspended — 中止 (DOMAIN L12). Bidding stops accepting bids."""

    listing_id: ListingRef
    reason: Reason
    reason_code: Code = Field(description="department_request | seller_request | dispute | ...")
    phase: Literal["announcement", "trading"]
    remaining_seconds: int = Field(ge=0, description="Time the announcement had left.")
    suspended_at: datetime
    decided_by: Subject


class ListingResumed(_ListingEvent, type="listing.resumed", version=1):
    """A suspended listing resumes with the time it had left — 恢复 (DOMAIN L12)."""

    listing_id: ListingRef
    phase: Literal["announcement", "trading"]
    remaining_seconds: int = Field(ge=0)
    new_end_at: datetime | None = Field(None, description="Announcement end after resuming.")
    resumed_at: datetime
    decided_by: Subject


class ListingTerminated(_ListingEvent, type="listing.terminated", version=1):
    """A listing or its trade is terminated — 终止 (DOMAIN L12). Deposits go back (B5)."""

    listing_id: ListingRef
    reason: Reason
    reason_code: Code
    terminated_at: datetime
    decided_by: Subject


class RegistrationQualified(_ListingEvent, type="listing.registration_qualified", version=1):
    """A buyer's registration passed the qualification review — 资格审查通过 (DOMAIN L6)."""

    listing_id: ListingRef
    registration_id: EntityId
    party_id: PartyRef
    name: PersonName
    priority: bool = False
    deposit: Money
    qualified_at: datetime
    decided_by: Subject


class RegistrationRejected(_ListingEvent, type="listing.registration_rejected", version=1):
    """A buyer's registration was refused, with every reason at once (DOMAIN L6, L4)."""

    listing_id: ListingRef
    registration_id: EntityId
    party_id: PartyRef
    reasons: list[Reason]
    rejected_at: datetime
    decided_by: Subject


class IntermediaryChanged(
    Event,
    type="listing.intermediary_changed",
    version=1,
    topic="listing.events",
    aggregate="intermediary",
    aggregate_key="intermediary_id",
):
    """An intermediary filed or changed in the county's register — 中介机构登记备案
    (DOMAIN L20): its kind, licence and validity, so the registry (R6 valuations) and the
    collective service (E5) check an appraiser against the same register."""

    intermediary_id: EntityId
    county: County
    kind: Literal["agent", "appraiser", "auctioneer", "bank", "insurer", "guarantor"]
    name: LongName
    party_id: PartyRef
    licence_no: Code
    valid_from: date
    valid_until: date
    active: bool
    changed_at: datetime
    decided_by: Subject
