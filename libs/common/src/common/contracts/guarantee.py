"""Events the guarantee service publishes (topic ``guarantee.events``)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from pydantic import Field

from common.contracts.fields import (
    CertificateNo,
    Code,
    County,
    DecimalText,
    EntityId,
    OrgRef,
    PartyRef,
    PersonName,
    Reason,
    Subject,
)
from common.events import Event
from common.money import Money


class _PartyEvent(Event, topic="guarantee.events", aggregate="party", aggregate_key="party_id"):
    """A guarantee event about a party's standing, keyed by the party."""


class PartyBlacklisted(_PartyEvent, type="guarantee.party_blacklisted", version=1):
    """A party is blacklisted — 列入黑名单 (DOMAIN G11, L13).

    "Restricted everywhere": the listing service refuses the party as a buyer and the
    guarantee service refuses new guarantees while it stands.
    """

    party_id: PartyRef = Field(
        description="Resident ID (natural person) or unified social credit code."
    )
    party_name: PersonName = Field(description="Name as recorded by the guarantee service.")
    reason: Reason = Field(description="Why: the fraud or evasion found (恶意骗贷/逃废债务).")
    decided_by: Subject = Field(description="Subject of the staff member who decided.")
    decided_at: datetime = Field(description="Server time of the decision.")


class PartyCleared(_PartyEvent, type="guarantee.party_cleared", version=1):
    """A party is taken off the blacklist — 移出黑名单 (DOMAIN G11)."""

    party_id: PartyRef = Field(description="Same identifier as in party_blacklisted.")
    reason: Reason = Field(description="Why the restriction ends.")
    decided_by: Subject = Field(description="Subject of the staff member who decided.")
    decided_at: datetime = Field(description="Server time of the decision.")


class ArrearsRestricted(_PartyEvent, type="guarantee.arrears_restricted", version=1):
    """A borrower in arrears is restricted for a calendar year — 欠款限制 (DOMAIN G12; seed
    004 劝耕贷 三(六)): no recommendation, approval or guarantee contract that year, and
    none of the county's preferential policies, subsidies or honours. Distinct from the
    blacklist (G11): no malice is needed, and it ends with the year."""

    party_id: PartyRef = Field(description="The borrower (resident ID or credit code).")
    county: County = Field(description="County whose 劝耕贷 records the arrears.")
    year: int = Field(ge=2000, le=2100, description="The calendar year restricted (county time).")
    guarantee_id: EntityId = Field(description="The guarantee whose arrears restrict.")
    since: datetime = Field(description="Server time the restriction took effect.")


class _GuaranteeEvent(
    Event, topic="guarantee.events", aggregate="guarantee", aggregate_key="guarantee_id"
):
    """A guarantee event about one guarantee, keyed by it."""


class GuaranteeIssued(_GuaranteeEvent, type="guarantee.guarantee_issued", version=1):
    """A Quangengdai guarantee contract is signed — 担保合同 (DOMAIN G3–G5)."""

    guarantee_id: EntityId
    borrower_party_id: PartyRef
    lender_org_id: OrgRef
    guarantor_org_id: OrgRef
    county: County
    amount: Money
    loan_rate: DecimalText = Field(description="Annual loan rate as a fraction, e.g. 0.0414.")
    fee_rate: DecimalText = Field(
        description="Guarantee fee rate as a fraction, at most 0.012 (G4)."
    )
    certificate_no: CertificateNo | None = Field(None, description="Mortgaged right, if any.")
    issued_at: datetime


class CompensationPaid(_GuaranteeEvent, type="guarantee.compensation_paid", version=1):
    """The guarantor compensated the bank and county finance paid its share (DOMAIN G6)."""

    guarantee_id: EntityId
    borrower_party_id: PartyRef
    lender_org_id: OrgRef
    overdue_amount: Money = Field(description="Overdue unpaid principal and interest.")
    guarantor_paid: Money = Field(description="80% of the overdue amount, paid to the bank.")
    county_paid: Money = Field(description="County finance's share paid to the guarantor.")
    paid_at: datetime
    county_payment_status: Code = Field(
        "paid",
        description="'paid', or 'queued' while the county reward pool cannot cover its share "
        "(G8: paid first-in first-out when money comes in).",
    )


class RecoveryDistributed(_GuaranteeEvent, type="guarantee.recovery_distributed", version=1):
    """Recovered money split by the waterfall — 追偿分配 (DOMAIN G7)."""

    guarantee_id: EntityId
    recovered: Money
    costs: Money
    to_bank: Money
    to_county: Money
    to_guarantor: Money
    distributed_at: datetime
    surplus: Money = Field(
        default=Decimal("0.00"),
        description="Recovered beyond the whole loss (bank, county and guarantor all whole): "
        "returned to the borrower.",
    )
