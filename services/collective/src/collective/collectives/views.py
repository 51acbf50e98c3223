"""Views of households — 农户视图."""

from __future__ import annotations

from collective.collectives.models import Household, HouseholdMember
from collective.collectives.schemas import HouseholdOut, MemberOut


def household_out(h: Household, members: list[HouseholdMember]) -> HouseholdOut:
    return HouseholdOut(
        id=h.id,
        collective_id=h.collective_id,
        county=h.county,
        township=h.township,
        head_party_id=h.head_party_id,
        address=h.address,
        members=[MemberOut.model_validate(m) for m in members],
        created_at=h.created_at,
    )
