"""Request and response shapes of listings — 挂牌."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, AwareDatetime, BaseModel, ConfigDict, Field, WithJsonSchema

from common.ids import PartyId
from common.money import Money
from common.products import LAND_RIGHT_TYPES, PRODUCT_NAMES_ZH, Product
from common.quantities import AreaM2, AreaMu, Count, Days
from listing.parties.schemas import AgentIn

#: DOMAIN L1 products and their Chinese names: the one enumeration in common.products.
PRODUCTS = {p.value: PRODUCT_NAMES_ZH[p] for p in Product}
#: L11: the buyer must be a member of the same collective holding homestead qualification.
RESTRICTED_PRODUCTS = {"homestead", "farmer_housing", "collective_equity"}
#: L24: a lease or equity use of an idle homestead or farm house is open to any party.
OPEN_BY_WAY_PRODUCTS = {"homestead", "farmer_housing"}
OPEN_WAYS = {"lease", "equity"}
#: Rights with a registry certificate: the county's title search needs its number (L4).
REGISTERED_PRODUCTS = {
    "contracted_land",
    "grassland",
    "four_wastes",
    "forest",
    "collective_construction_land",
    "homestead",
    "farmer_housing",
}
#: L18: land products — use and management rights in farmland, grassland (L23), waste land,
#: water and forest; their listing states an agricultural intended use (用途不变).
LAND_PRODUCTS = LAND_RIGHT_TYPES
#: L2 ways of trading.
WAYS = {"transfer": "转让", "lease": "出租", "equity": "入股", "other": "其他"}
#: L7 competitive methods chosen for two or more buyers.
METHODS = {"ascending": "网络竞价", "auction": "拍卖", "tender": "招标", "posted": "挂牌"}
SELLER_KINDS = {"farmer", "collective", "cooperative", "enterprise"}
#: L3 required materials (第十条); "other" is what the centre asks for besides.
REQUIRED_DOCUMENTS = {
    "application_form": "交易申请书",
    "seller_qualification": "出让方资格证明",
    "title_certificate": "产权权属证明",
    "trade_permission": "准予交易证明",
    "object_description": "交易标的基本情况",
    "reserve_price_basis": "底价或底价依据",
}
#: L21: the site inspection's photos (现场勘察照片) are materials of the listing.
DOCUMENT_TYPES = {*REQUIRED_DOCUMENTS, "site_photo", "other"}
#: L15: permitted uses of collective commercial construction land → statutory term class.
L15_USES = {
    "industrial": "industrial",
    "commercial": "commercial",
    "affordable_rental_housing": "residential",
}


class RuleValueError(ValueError):
    """A refused value; ``str()`` is "English / 中文" and ``rule`` the rule it breaks."""

    def __init__(self, message: str, rule: str) -> None:
        super().__init__(message)
        self.rule = rule


def one_of(values: Iterable[str], *, rule: str, what_zh: str) -> Any:
    """A string type limited to ``values``: an unknown one is a 422 naming the field and
    ``rule`` (a query filter with a typo must not quietly match nothing), listed as an
    enum in the OpenAPI document."""
    allowed = tuple(sorted(values))

    def check(value: str) -> str:
        if value not in allowed:
            raise RuleValueError(
                f"unknown value; one of {', '.join(allowed)} / {what_zh}不是有效取值", rule
            )
        return value

    return Annotated[
        str, AfterValidator(check), WithJsonSchema({"type": "string", "enum": list(allowed)})
    ]


class EntrustmentIn(BaseModel):
    """One household's right entrusted to the trustee seller — 委托流转 (L17): the right,
    its holder, the area and term entrusted, and the signed entrustment (委托书)."""

    model_config = ConfigDict(extra="forbid")

    certificate_no: str = Field(min_length=1, max_length=64)
    holder_party_id: PartyId
    holder_name: str = Field(min_length=1, max_length=100)
    area_mu: AreaMu = Field(description="Area entrusted, 亩.")
    term_end: date = Field(description="The entrusted term's last day.")
    share: Decimal | None = Field(
        None, gt=0, le=1_000_000, description="A stated share of the proceeds; by area if none."
    )
    entrustment_sha256: str | None = Field(
        None,
        pattern=r"^[0-9a-f]{64}$",
        description="SHA-256 of the signed entrustment document (委托书); required.",
    )
    signed_by_party_id: PartyId | None = Field(
        None, description="Who signed the entrustment: the holder, nobody else."
    )


class ListingIn(BaseModel):
    """What the township window records for a seller (L1, L2, L8, L15, L16)."""

    model_config = ConfigDict(extra="forbid")

    title: str = Field(min_length=1, max_length=200)
    description: str = Field("", max_length=5000)
    product: str = Field(description=f"L1 product: {', '.join(PRODUCTS)}")
    way: str = Field(description="L2: transfer | lease | equity | other")
    mode: str = Field("ascending", description="L7 method for ≥ 2 buyers: ascending|auction|tender")
    term_start: date | None = None
    term_end: date | None = None
    area_mu: AreaMu = Field(description="Area in mu (亩)")
    location: str = Field(max_length=300)
    right_certificate_no: str | None = Field(None, max_length=64)
    seller_party_id: PartyId
    seller_name: str | None = Field(
        None,
        min_length=1,
        max_length=100,
        description="L20: omitted, the name is taken from the party register (filed party).",
    )
    agent: AgentIn | None = Field(
        None, description="L20: an agent (委托代理) submits with the power of attorney."
    )
    seller_kind: str = Field(description="farmer | collective | cooperative | enterprise")
    collective_id: str | None = Field(None, max_length=64)
    reserve_price: Money
    deposit: Money
    increment: Money
    extension_seconds: int = Field(300, gt=0, le=3600)
    free_period_seconds: int = Field(3600, ge=0, le=7 * 86400)
    tender_opening_at: AwareDatetime | None = Field(
        None, description="A tender's opening (B4), if known; the centre sets it at publication."
    )
    appraisal_value: Money | None = None
    asset_value: Money | None = Field(None, description="Value of a collective asset (L9).")
    land_use: str | None = Field(
        None, description="L15: industrial|commercial|affordable_rental_housing"
    )
    price_class: str | None = Field(None, description="L16 base land price use class")
    land_grade: int | None = Field(None, ge=1, le=9)
    area_m2: AreaM2 | None = None
    planning_conditions: str | None = Field(None, max_length=5000)
    spatial_plan_done: bool = False
    ownership_registered: bool = False
    converted_farmland: bool = False
    is_homestead: bool = False
    for_commercial_housing: bool = False
    annual_transfer_price_per_mu: Money | None = Field(
        None, description="L16 farmland: average annual transfer price of similar land, 元/亩"
    )
    entrustments: list[EntrustmentIn] | None = Field(
        None,
        max_length=500,
        description="L17: the households' rights a trustee lists (委托流转); the listed area is "
        "their sum and the term ends by the earliest entrusted term",
    )
    intended_use: str | None = Field(
        None,
        max_length=40,
        description="L18: a land product's intended use, one of the county's agricultural "
        "uses (county parameter agricultural_uses); the county default when not stated",
    )

    entry_plan_id: str | None = Field(
        None, max_length=64, description="E3/E4: the collective's cleared 入市 plan."
    )
    entry_deal_id: str | None = Field(
        None,
        max_length=64,
        description="E15: the signed 入市 contract whose land the user re-lists (二级市场).",
    )


class SiteInspectionIn(BaseModel):
    """A site inspection — 现场勘察 (L21): who went, when, the photos taken and whether the
    boundary on the ground matches the application."""

    model_config = ConfigDict(extra="forbid")

    inspector_name: str = Field(min_length=1, max_length=100)
    inspector_role: Literal["village_liaison", "township_window"]
    inspected_on: date
    photo_document_ids: list[int] = Field(
        min_length=1, max_length=50, description="The listing's `site_photo` materials."
    )
    boundary_matches: bool = Field(description="四至 on the ground as in the application.")
    boundary_note: str = Field("", max_length=2000)


class SiteInspectionOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    listing_id: str
    inspector_name: str
    inspector_role: str
    inspected_on: date
    photo_document_ids: list[int]
    boundary_matches: bool
    boundary_note: str
    recorded_by: str
    recorded_at: datetime


class ReviewIn(BaseModel):
    """A township initial review (初审) opinion."""

    model_config = ConfigDict(extra="forbid")

    approve: bool
    opinion: str = Field(min_length=1, max_length=2000)
    reasons: list[str] = Field(default_factory=list)


class PreReviewIn(BaseModel):
    """County department pre-review (前置审核): title search + ownership confirmation."""

    model_config = ConfigDict(extra="forbid")

    ownership_confirmed: bool
    opinion: str = Field(min_length=1, max_length=2000)
    lienholder_consents: list[str] = Field(
        default_factory=list, description="Lien ids whose lienholder consented to the sale."
    )


class ReturnIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reasons: list[str] = Field(min_length=1)


class CollectiveDecisionIn(BaseModel):
    """L8: the democratic decision and the township government's approval."""

    model_config = ConfigDict(extra="forbid")

    body: Literal["members_meeting", "members_representative_meeting", "village_representatives"]
    votes_for: Count
    votes_total: Count = Field(gt=0)
    reserve_price: Money
    appraisal_value: Money | None = None
    appraiser_id: str | None = Field(
        None, max_length=32, description="L20: the registered appraiser of the appraisal."
    )
    appraised_on: date | None = Field(None, description="L20: the appraisal's date.")
    township_approval_ref: str = Field(min_length=1, max_length=100)
    decided_on: date


class PublishIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    days: Days | None = Field(None, description="Announcement days; at least the county minimum.")
    tender_opening_at: AwareDatetime | None = Field(
        None,
        description="A tender's opening (B4): set or confirmed when publishing, at or after "
        "the announcement's end; required if the window did not give one.",
    )


class ExtendIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    ends_at: AwareDatetime
    reason: str = Field(min_length=1, max_length=2000)


REASON_CODES = {
    "department_request": "主管部门要求",
    "seller_request": "出让方申请并经主管部门批准",
    "third_party_request": "直接利害关系人申请并经主管部门批准",
    "ownership_dispute": "权属争议",
    "centre_necessary": "交易中心认为必要并经监督委员会同意",
    "other_lawful": "其他依法情形",
}


class SuspendIn(BaseModel):
    """L12: why the trade stops (中止/终止), with the approval the reason needs."""

    model_config = ConfigDict(extra="forbid")

    reason_code: str
    reason: str = Field(min_length=1, max_length=2000)
    department_approval_ref: str | None = Field(None, max_length=100)
    supervisor_consent_ref: str | None = Field(None, max_length=100)


class ResumeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: str = Field(min_length=1, max_length=2000)


class RelistIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reserve_price: Money | None = None


class OffExchangeIn(BaseModel):
    """L9: a collective asset found traded outside the exchange."""

    model_config = ConfigDict(extra="forbid")

    collective_id: str = Field(min_length=1, max_length=64)
    asset: str = Field(min_length=1, max_length=300)
    asset_kind: Literal["land", "non_land"]
    value: Money
    note: str = Field("", max_length=2000)


class ProceedsShare(BaseModel):
    """One holder's part of an entrusted listing's price (L17)."""

    certificate_no: str
    holder_party_id: str
    holder_name: str
    area_mu: str
    share: str | None
    amount: Money


class ProceedsOut(BaseModel):
    """An entrusted listing's price split among the households, exact to the fen (L17)."""

    listing_id: str
    basis: Literal["result_price", "reserve_price"]
    total: Money
    by: Literal["area", "stated_shares"]
    shares: list[ProceedsShare]


class DocumentOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    doc_type: str
    filename: str
    content_type: str
    size: int
    sha256: str
    uploaded_by: str
    uploaded_at: datetime


class ListingOut(BaseModel):
    """A listing as staff, the window and the department see it (not masked)."""

    id: str
    county: str
    township: str
    collective_id: str | None
    title: str
    product: str
    way: str
    mode: str
    term_start: date | None
    term_end: date | None
    area_mu: str
    location: str
    right_certificate_no: str | None
    seller_party_id: str
    seller_name: str
    seller_kind: str
    reserve_price: Money
    deposit: Money
    increment: Money
    status: str
    township_opinion: str | None
    return_reasons: list[dict[str, Any]]
    mandatory_in_exchange: bool
    intended_use: str | None = Field(None, description="L18: the land's agricultural use.")
    entrustments: list[dict[str, Any]] | None = Field(
        None, description="L17: the entrusted rights of a trustee's listing."
    )
    agent: dict[str, Any] | None = Field(
        None, description="L20: the agent and the power of attorney (hash, validity)."
    )
    announcement_days: int | None
    published_at: datetime | None
    announcement_ends_at: datetime | None
    server_now: datetime
    seconds_left: int | None = Field(
        description="L5 countdown: seconds to the end while announced, kept while suspended."
    )
    tender_opening_at: datetime | None
    public_notice: str | None
    outcome: str | None
    disposal_id: str | None
    relisted_from: str | None
    # what the window recorded besides (ListingIn): returned so that a correction, the
    # whole-listing PUT, can send every field back as it was
    description: str = ""
    extension_seconds: int = 300
    free_period_seconds: int = 3600
    appraisal_value: Money | None = None
    asset_value: Money | None = None
    land_use: str | None = Field(None, description="L15: the construction land's use.")
    price_class: str | None = Field(None, description="L16: the base land price use class.")
    land_grade: int | None = None
    area_m2: str | None = None
    planning_conditions: str | None = None
    spatial_plan_done: bool = False
    ownership_registered: bool = False
    converted_farmland: bool = False
    is_homestead: bool = False
    for_commercial_housing: bool = False
    annual_transfer_price_per_mu: Money | None = None
    entry_plan_id: str | None = None
    entry_deal_id: str | None = None
    site_inspection_required: bool = Field(
        False,
        description="L21: the township approves only after a site inspection (the county's "
        "site_inspection_products).",
    )
    created_at: datetime = Field(description="When the window took it in.")
    updated_at: datetime = Field(
        description="Its last step (a work queue's oldest-first order: how long it has waited)."
    )
