"""Events the registry service publishes (topic ``registry.events``).

Aggregates: a right (key ``certificate_no``), a lien (``lien_id``) and a disposal
(``disposal_id``). Collective membership is the collective service's
(``collective.member_changed``).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import Field

from common.contracts.fields import (
    CertificateNo,
    Code,
    County,
    DecimalText,
    EntityId,
    ListingRef,
    OrgRef,
    PartyRef,
    PersonName,
    Reason,
    Subject,
    Text300,
    Township,
)
from common.events import Event
from common.money import Money
from common.products import Product

#: R23: who holds a lien — a bank, or on 入市 land an enterprise or a person.
MortgageeKind = Literal["bank", "enterprise", "person"]


class _RightEvent(
    Event, topic="registry.events", aggregate="right", aggregate_key="certificate_no"
):
    """A registry event about a right, keyed by its certificate number."""


class RightTransferred(_RightEvent, type="registry.right_transferred", version=1):
    """A traded right is recorded for the buyer — 权利变更登记 (DOMAIN R1, B6)."""

    certificate_no: CertificateNo
    new_certificate_no: CertificateNo | None = Field(
        None, description="The certificate issued to the buyer, when a new one is issued."
    )
    listing_id: ListingRef | None = None
    from_party_id: PartyRef
    to_party_id: PartyRef
    to_name: PersonName
    way: Code
    term_start: date | None = None
    term_end: date | None = None
    transferred_at: datetime


class RightFlagged(_RightEvent, type="registry.right_flagged", version=1):
    """A flag of a right was set or cleared — 争议/查封/征收范围 (DOMAIN R1, R3, L12)."""

    certificate_no: CertificateNo
    flag: Literal["disputed", "seized", "expropriation"]
    set: bool = Field(description="True when set, False when cleared.")
    reason: Reason
    decided_by: Subject
    at: datetime


class _LienEvent(Event, topic="registry.events", aggregate="lien", aggregate_key="lien_id"):
    """A registry event about a lien, keyed by the lien."""


class LienRegistered(_LienEvent, type="registry.lien_registered", version=1):
    """A mortgage lien is registered and annotated — 抵押登记 (DOMAIN R9). The mortgagee
    is a bank (``lender_org_id``) or, on 入市 land (R23), an enterprise or a person
    (``mortgagee_party_id``, no ``lender_org_id``)."""

    lien_id: EntityId
    certificate_no: CertificateNo
    lender_org_id: OrgRef | None = Field(
        None, description="The bank; absent for an enterprise or person mortgagee (R23)."
    )
    mortgagee_kind: MortgageeKind = "bank"
    mortgagee_party_id: PartyRef | None = Field(
        None, description="R23: the enterprise's credit code or the person's resident ID."
    )
    borrower_party_id: PartyRef
    secured_amount: Money
    appraised_value: Money
    rank: int = Field(ge=1, description="1 = senior; later registrations rank lower.")
    term_end: date
    registered_at: datetime


class LienChanged(_LienEvent, type="registry.lien_changed", version=1):
    """A change of the mortgage contract is registered — 变更登记 (DOMAIN R10)."""

    lien_id: EntityId
    certificate_no: CertificateNo
    secured_amount: Money
    term_end: date
    overdue: bool = Field(description="Registered more than 30 days after the change (R10).")
    changed_at: datetime


class LienDischarged(_LienEvent, type="registry.lien_discharged", version=1):
    """A lien is discharged and the annotation removed — 注销登记 (DOMAIN R11)."""

    lien_id: EntityId
    certificate_no: CertificateNo
    reason: Literal["repaid", "enforced", "waived"]
    discharged_at: datetime
    # added with R23's non-bank mortgagees; absent in earlier events (a bank's lien)
    lender_org_id: OrgRef | None = Field(None, description="The bank, when a bank held it.")
    mortgagee_kind: MortgageeKind = "bank"
    mortgagee_party_id: PartyRef | None = Field(
        None, description="R23: the enterprise's credit code or the person's resident ID."
    )


class DisposalRequested(
    Event,
    type="registry.disposal_requested",
    version=1,
    topic="registry.events",
    aggregate="disposal",
    aggregate_key="disposal_id",
):
    """A lender asks the exchange to sell a mortgaged right — 抵押物处置 (DOMAIN R13).

    The listing service opens a disposal listing in which the members of ``collective_id``
    hold the priority right on equal terms (L10).
    """

    disposal_id: EntityId
    lien_id: EntityId
    certificate_no: CertificateNo
    lender_org_id: OrgRef
    county: County
    township: Township
    collective_id: EntityId | None = None
    holder_party_id: PartyRef
    holder_name: PersonName
    product: Product
    way: Literal["transfer", "lease", "equity", "other"] = "transfer"
    method: Literal["ascending", "auction", "tender"] = "ascending"
    location: Text300
    area_mu: DecimalText
    term_start: date | None = None
    term_end: date | None = None
    reserve_price: Money
    outstanding_debt: Money
    requested_at: datetime
