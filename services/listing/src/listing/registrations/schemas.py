"""Buyer registration shapes — 意向受让登记 (L6, L10, L11)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from common.ids import PartyId
from common.money import Money
from listing.parties.schemas import AgentIn

#: L11: foreign-invested buyers and business enterprises go to an extra review.
EXTRA_REVIEW_KINDS = {"foreign_invested", "business_enterprise"}
BuyerKind = Literal[
    "natural_person",
    "cooperative",
    "family_farm",
    "business_enterprise",
    "foreign_invested",
    "collective",
    "other_organization",
]
REGISTRATION_DOCUMENTS = {
    "identity": "身份证明",
    "qualification": "资格证明材料",
    "priority_proof": "优先权证明",
    "other": "其他材料",
}


class RegistrationIn(BaseModel):
    """An intended buyer registers for a listing during its announcement (L6)."""

    model_config = ConfigDict(extra="forbid")

    party_id: PartyId
    name: str | None = Field(
        None, min_length=1, max_length=100, description="L20: omitted, the party register's."
    )
    buyer_kind: BuyerKind
    phone: str | None = Field(
        None, min_length=5, max_length=30, description="L20: omitted, the party register's."
    )
    agent: AgentIn | None = Field(
        None,
        description="L20: an agent (委托代理) registers for the party with the power of "
        "attorney; the agent is then the caller.",
    )
    priority_claimed: bool = Field(False, description="Declares a priority right (L10).")
    priority_basis: str | None = Field(None, max_length=1000)


class QualificationIn(BaseModel):
    """The centre's qualification review (资格审查, L6)."""

    model_config = ConfigDict(extra="forbid")

    approve: bool
    reasons: list[str] = Field(default_factory=list)
    extra_review_opinion: str | None = Field(
        None, max_length=2000, description="L11 extra review of foreign-invested/business buyers."
    )


class RegistrationOut(BaseModel):
    id: str
    listing_id: str
    party_id: str
    name: str
    buyer_kind: str
    priority_claimed: bool
    priority: bool
    extra_review_required: bool
    status: str
    reasons: list[dict[str, Any]]
    deposit_required: Money
    deposit_paid: bool
    deposit_paid_amount: Money
    registered_at: datetime
    decided_at: datetime | None
    agent: dict[str, Any] | None = Field(None, description="L20: the agent, if one registered.")
