"""Events the collective service publishes (topic ``collective.events``)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from common.contracts.fields import (
    CertificateNo,
    Code,
    County,
    DecimalText,
    EntityId,
    LongName,
    OrgRef,
    PartyRef,
    PersonName,
    Reference,
    Township,
)
from common.events import Event
from common.money import Money


class QualificationChanged(
    Event,
    type="collective.qualification_changed",
    version=1,
    topic="collective.events",
    aggregate="household",
    aggregate_key="household_id",
):
    """A household's homestead qualification changed — 宅基地资格权变更 (DOMAIN Z1).

    The collective service is the source of truth; listing (L11, L24) and registry follow
    ``qualified`` per member. Every change of the register is published, in order per
    household (``version`` counts them).
    """

    qualification_id: EntityId
    household_id: EntityId
    collective_id: OrgRef = Field(description="The collective economic organization.")
    county: County
    township: Township
    status: Code = Field(
        description="proposed, refused, recognized, realized, realized_other, retained, "
        "regained or extinguished."
    )
    qualified: bool = Field(
        description="The household holds the qualification now (recognized, realized, "
        "realized otherwise, retained after withdrawal, or regained)."
    )
    head_party_id: PartyRef
    member_party_ids: list[PartyRef] = Field(
        max_length=30, description="The household's members whose membership is confirmed."
    )
    parcel_id: EntityId | None = Field(None, description="The homestead it is realized on.")
    resolution_id: EntityId = Field(description="The X5 resolution that recognized it.")
    version: int = Field(ge=1, description="1 for the proposal, +1 per change.")
    changed_at: datetime


class CoOwnerRef(BaseModel):
    """A confirmed member of the household, a co-owner of its homestead (共有人)."""

    model_config = ConfigDict(frozen=True)

    party_id: PartyRef
    name: PersonName


class HomesteadAccepted(
    Event,
    type="collective.homestead_accepted",
    version=1,
    topic="collective.events",
    aggregate="homestead_application",
    aggregate_key="application_id",
):
    """A new homestead house passed its acceptance — 宅基地和建房验收通过 (DOMAIN Z3, Z4).

    Carries what registry needs for the first registration (房地一体首次登记) from the three
    documents: the approval (农村宅基地批准书), the planning permit (乡村建设规划许可证) and
    the acceptance form (验收意见表); registry records the homestead use right.
    """

    application_id: EntityId
    household_id: EntityId
    collective_id: OrgRef
    county: County
    township: Township
    parcel_id: EntityId
    parcel_number: Code = Field(description="宗地代码 of the inventory.")
    location: LongName
    approved_area_m2: DecimalText = Field(description="The area approved, m² (2 places).")
    built_area_m2: DecimalText = Field(description="The land the house occupies, m².")
    holder_party_id: PartyRef = Field(description="The household head.")
    holder_name: PersonName
    co_owners: list[CoOwnerRef] = Field(default_factory=list, max_length=30)
    approval_no: Reference = Field(min_length=1)
    permit_no: Reference = Field(min_length=1)
    acceptance_no: Reference = Field(min_length=1)
    accepted_at: datetime


class HomesteadWithdrawn(
    Event,
    type="collective.homestead_withdrawn",
    version=1,
    topic="collective.events",
    aggregate="homestead_withdrawal",
    aggregate_key="withdrawal_id",
):
    """A voluntary paid withdrawal is paid out — 宅基地自愿有偿退出 (DOMAIN Z7): the
    homestead goes back to the collective; registry transfers the right to the collective
    (收回), which ends the household's right."""

    withdrawal_id: EntityId
    household_id: EntityId
    collective_id: PartyRef = Field(
        description="The collective economic organization (its 18-character code at most)."
    )
    collective_name: LongName
    county: County
    township: Township
    parcel_id: EntityId
    certificate_no: CertificateNo
    agreement_no: Reference
    compensation: Money
    paid_at: datetime


class MemberChanged(
    Event,
    type="collective.member_changed",
    version=1,
    topic="collective.events",
    aggregate="collective",
    aggregate_key="collective_id",
):
    """A member of a collective economic organization joined, changed or left —
    集体经济组织成员变更 (DOMAIN L10, L11, Z1).

    The collective service owns the roster; listing (L10 priority, L11/L24 restricted
    buyers) and registry follow it per member. ``member`` is the confirmed membership;
    ``homestead_qualified`` is the member's household holding the homestead qualification
    (宅基地资格权, Z1) now. Ordered per collective; a consumer keeps the latest
    ``changed_at``.
    """

    collective_id: OrgRef = Field(description="The collective economic organization.")
    collective_name: LongName
    county: County
    township: Township
    household_id: EntityId
    party_id: PartyRef
    name: PersonName
    member: bool
    homestead_qualified: bool
    changed_at: datetime


class CaseChanged(
    Event,
    type="collective.case_changed",
    version=1,
    topic="collective.events",
    aggregate="case",
    aggregate_key="case_id",
):
    """A dispute case (X6) or a violation case (Z12) opened, moved or closed —
    纠纷/违法用地案件.

    While ``flags`` is true the object is ``disputed`` (an open ownership dispute, X6) or
    its parcel ``violation`` (an open violation case, Z12) in every service: registry
    refuses a lien on ``certificate_no``, listing refuses to list it. An object is flagged
    while any of its cases flags it; ``version`` orders one case's changes.
    """

    case_id: EntityId
    kind: Literal["dispute", "violation"]
    flag: Literal["disputed", "violation"]
    rule: Literal["X6", "Z12"]
    flags: bool = Field(description="True while the case keeps the object flagged.")
    object_type: Code = Field(description="right, lien, listing, parcel or homestead_transfer.")
    object_ref: EntityId
    certificate_no: EntityId | None = Field(None, description="The registry right concerned.")
    parcel_id: EntityId | None = None
    collective_id: OrgRef
    county: County
    township: Township
    stage: Code = Field(
        description="negotiation, mediation, arbitration, court, closed (X6); open, closed (Z12)."
    )
    version: int = Field(ge=1)
    changed_at: datetime


class _EntryDealEvent(
    Event, topic="collective.events", aggregate="entry_deal", aggregate_key="deal_id"
):
    """A collective event about an 入市 deal, keyed by the deal."""


class EntryContracted(_EntryDealEvent, type="collective.entry_contracted", version=1):
    """An 入市 deal's contract is signed — 入市合同签订 (DOMAIN E9, E15; E8).

    Listing keeps these as a projection and registers a re-listing of the entered land
    (the secondary market, E15) only on the contract's terms: the remaining term to the
    contract's end, the same use, a contract that allows transfer, and never land that
    is ``no_sale`` (rental housing, E8).
    """

    deal_id: EntityId
    plan_id: EntityId
    collective_id: OrgRef
    county: County
    certificate_no: CertificateNo = Field(description="The construction-land use right.")
    contract_no: Reference
    buyer_name: LongName
    buyer_credit_code: PartyRef
    way: Code
    land_use: Code
    area_m2: DecimalText
    term_start: date = Field(description="The first day of the contract's term.")
    term_end: date = Field(description="The day the contract's term ends.")
    mortgage_allowed: bool = Field(description="The contract allows a mortgage (R23).")
    transfer_allowed: bool = Field(description="The contract allows a re-transfer (E15).")
    no_sale: bool = Field(description="Rental-housing land, never sold (E8).")
    contracted_at: datetime


class EntryPublicityStarted(_EntryDealEvent, type="collective.entry_publicity_started", version=1):
    """An 入市 trade became the plan's deal and its result publicity runs — 成交结果公示
    (DOMAIN E9; B6).

    Published when the collective follows bidding's ``trade_concluded`` of an 入市 listing.
    No contract may be signed before ``publicity_ends_at``, so bidding starts the trade's
    B6 contract deadline from it instead of from the trade (a winner is never in default,
    B5, before it may sign).
    """

    deal_id: EntityId
    plan_id: EntityId
    listing_id: EntityId
    trade_id: EntityId = Field(description="bidding's trade (its deal id).")
    county: County
    concluded_at: datetime
    publicity_ends_at: datetime = Field(description="The contract may be signed from then (E9).")


class EntryCleared(
    Event,
    type="collective.entry_cleared",
    version=1,
    topic="collective.events",
    aggregate="entry_plan",
    aggregate_key="plan_id",
):
    """An 入市 plan is cleared for listing — 入市方案获准 (DOMAIN E3, E4, E5, E6).

    Published once the collective's plan (passed by ≥ 2/3, X5) is in the county's annual
    supply plan with every joint-review opinion passed. Listing keeps these as a
    projection and registers an 入市 listing only for a cleared plan, with the plan's
    way, use, area, term and reserve.
    """

    plan_id: EntityId
    collective_id: OrgRef
    county: County
    township: Township
    certificate_no: CertificateNo = Field(description="The construction-land use right.")
    parcel_number: Code
    way: Code = Field(
        description="transfer, lease, equity, joint_venture, lease_then_transfer, "
        "lease_and_transfer or flexible_term (E6)."
    )
    trading_method: Code = Field(description="tender, auction, posted or agreement (B7).")
    land_use: Code
    area_m2: DecimalText
    term_years: int = Field(ge=1, le=100)
    reserve_price: Money
    supply_year: int = Field(ge=2000, le=2100)
    cleared_at: datetime


class ResolutionPassed(
    Event,
    type="collective.resolution_passed",
    version=1,
    topic="collective.events",
    aggregate="resolution",
    aggregate_key="resolution_id",
):
    """A collective's decision has passed and taken effect — 集体决议生效 (DOMAIN X5).

    Published once the villagers' (representatives') vote passed by the matter's threshold
    and the publicity ended with no objection open: the decision may be acted on. The
    registry follows it so that R15 (uncontracted collective land mortgaged) cites a
    resolution it can verify — the collective, the matter and its subject (the right's
    certificate), the votes counted against everyone entitled — instead of typed numbers.
    """

    resolution_id: EntityId
    collective_id: OrgRef
    county: County
    township: Township
    matter: Code = Field(
        description="homestead_qualification, homestead_inventory, homestead, land_entry "
        "or land_mortgage (R15)."
    )
    subject_ref: CertificateNo | None = Field(
        None, description="What the decision is about: for land_mortgage the certificate no."
    )
    title: LongName
    threshold: Code = Field(description="majority or two_thirds, fixed when proposed.")
    entitled: int = Field(ge=1, description="Entitled to vote in the final vote (应到).")
    votes_for: int = Field(ge=0)
    voted_on: date
    effective_at: datetime


class EntrySettled(_EntryDealEvent, type="collective.entry_settled", version=1):
    """An 入市 deal's proceeds are settled into the dedicated account with the adjustment
    fund withheld — 入市收益结算、调节金代扣 (DOMAIN E11, E12; E8, R23).

    Registry records the transfer of the entered construction-land use right only once it
    has followed this event (E12: withheld at release or proven paid before the transfer);
    it carries what registry keeps on the right: ``no_sale`` for rental-housing land (E8)
    and the contract's mortgage and transfer permission (R23, E15).
    """

    deal_id: EntityId
    plan_id: EntityId
    listing_id: EntityId
    collective_id: OrgRef
    county: County
    township: Township
    certificate_no: CertificateNo = Field(description="The construction-land use right.")
    land_use: Code
    way: Code
    term_years: int = Field(ge=1, le=100)
    buyer_party_id: PartyRef
    buyer_name: LongName
    price: Money
    adjustment_fund: Money = Field(description="调节金 (E12), exact and rounded once.")
    fund: Literal["withheld", "proven_paid"] = Field(
        description="withheld at the settlement, or proven paid by the buyer (E12)."
    )
    trade_id: EntityId | None = Field(
        None,
        description="For a re-transfer of entered land (E15): bidding's trade, whose "
        "release withholds a ``withheld`` fund from the seller's proceeds; None for the "
        "first entry.",
    )
    contract_no: Reference
    mortgage_allowed: bool = Field(description="The contract allows a mortgage (R23).")
    transfer_allowed: bool = Field(description="The contract allows a re-transfer (E15).")
    no_sale: bool = Field(description="Rental-housing land, never sold (E8).")
    settled_at: datetime
