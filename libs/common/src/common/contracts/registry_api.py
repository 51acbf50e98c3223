"""The registry's HTTP query contract used by other services (not an event).

Title search — 产权查档: the listing service's county pre-review (DOMAIN L4) asks the
registry, in one call, for a right's holders, flags and liens:

``GET {REX_REGISTRY_URL}/rights/{certificate_no}/title-search`` with a bearer token of
role ``service`` (or a county department / exchange staff token) →
200 ``TitleSearchResult``; 404 problem when no right has that certificate number.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from common.money import Money
from common.products import Product

TITLE_SEARCH_PATH = "/rights/{certificate_no}/title-search"


class TitleHolder(BaseModel):
    model_config = ConfigDict(extra="ignore")

    party_id: str
    name: str
    role: Literal["holder", "co_owner"] = "holder"


class TitleFlag(BaseModel):
    """A flag of the right and whether it is set now (R1, R3)."""

    model_config = ConfigDict(extra="ignore")

    flag: Literal["disputed", "seized", "expropriation"]
    set: bool
    reason: str | None = None
    since: datetime | None = None


class TitleLien(BaseModel):
    """A lien on the right that is not discharged (R9, R11)."""

    model_config = ConfigDict(extra="ignore")

    lien_id: str
    lender_org_id: str | None = None  # absent: an enterprise or person mortgagee (R23)
    mortgagee_kind: str = "bank"
    secured_amount: Money
    rank: int
    registered_at: datetime
    term_end: date | None = None


class TitleSearchResult(BaseModel):
    """One right's title as the registry knows it now — 产权查档结果."""

    model_config = ConfigDict(extra="ignore")

    certificate_no: str
    right_type: Product = Field(description="DOMAIN L1 product code of the right.")
    origin: Literal["family_contract", "transfer", "other"] = "family_contract"
    holders: list[TitleHolder]
    location: str
    area_mu: str | None = None
    term_start: date | None = None
    term_end: date | None = None
    flags: list[TitleFlag] = Field(default_factory=list)
    liens: list[TitleLien] = Field(default_factory=list)
    version: int = 1
    searched_at: datetime

    def flag_set(self, flag: str) -> bool:
        return any(f.flag == flag and f.set for f in self.flags)
