"""Events the collective service publishes (topic ``collective.events``)."""

from __future__ import annotations

from datetime import datetime
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
