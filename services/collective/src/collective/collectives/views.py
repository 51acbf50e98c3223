"""Views of households — 农户视图."""

from __future__ import annotations

from collective.collectives.models import Household, HouseholdMember
from collective.collectives.schemas import HouseholdOut, MemberOut
from common.views import view_of


def household_out(h: Household, members: list[HouseholdMember]) -> HouseholdOut:
    return view_of(HouseholdOut, h, members=[MemberOut.model_validate(m) for m in members])
