"""Events the guarantee service publishes (topic ``guarantee.events``)."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from common.events import Event


class PartyBlacklisted(
    Event,
    type="guarantee.party_blacklisted",
    version=1,
    topic="guarantee.events",
    aggregate="party",
    aggregate_key="party_id",
):
    """A party is blacklisted — 列入黑名单 (DOMAIN G11, L13).

    "Restricted everywhere": the listing service refuses the party as a buyer and the
    guarantee service refuses new guarantees while it stands.
    """

    party_id: str = Field(description="Resident ID (natural person) or unified social credit code.")
    party_name: str = Field(description="Name as recorded by the guarantee service.")
    reason: str = Field(description="Why: the fraud or evasion found (恶意骗贷/逃废债务).")
    decided_by: str = Field(description="Subject of the staff member who decided.")
    decided_at: datetime = Field(description="Server time of the decision.")


class PartyCleared(
    Event,
    type="guarantee.party_cleared",
    version=1,
    topic="guarantee.events",
    aggregate="party",
    aggregate_key="party_id",
):
    """A party is taken off the blacklist — 移出黑名单 (DOMAIN G11)."""

    party_id: str = Field(description="Same identifier as in party_blacklisted.")
    reason: str = Field(description="Why the restriction ends.")
    decided_by: str = Field(description="Subject of the staff member who decided.")
    decided_at: datetime = Field(description="Server time of the decision.")
