"""Who may act on what — 机构权限 (DOMAIN X3) for the listing service, on ``common.access``.

Roles are checked on the routes (``require``); these decide the organization half: the
township window works on its own township's listings, the county department and the
exchange centre on their own county's, a buyer on its own registrations. Every refusal
is the one of ``common.access``: 403 ``other-organization`` naming X3.
"""

from __future__ import annotations

from typing import Annotated, Protocol

from common.access import other_org, require_org
from common.auth import OrgType, Principal, Role, require

#: the county's exchange centre (交易中心)
STAFF = Annotated[Principal, require(Role.exchange_staff, org_types=(OrgType.county,))]
#: the listing's insiders: the township window, the county department, the centre and the
#: supervisor — each then limited to its own township or county (``require_readable``)
INTERNAL = Annotated[
    Principal,
    require(
        Role.township_clerk,
        Role.county_department,
        Role.exchange_staff,
        Role.supervisor,
        org_types=(OrgType.township, OrgType.county),
    ),
]


class Placed(Protocol):
    """Anything that lies in a township of a county (a listing)."""

    county: str
    township: str


def require_township(who: Principal, listing: Placed) -> None:
    """A township clerk works only on its own township's listings."""
    require_org(who, OrgType.township, listing.township, "The listing", "该挂牌项目")


def require_listing_county(who: Principal, listing: Placed) -> None:
    """County departments and the centre work only on their own county's listings (a
    county organization, not merely one located in the county: a township reads its own)."""
    require_org(who, OrgType.county, listing.county, "The listing", "该挂牌项目")


def require_readable(who: Principal, listing: Placed) -> None:
    """Internal readers: the window its township's listings, county bodies their county's."""
    if who.org.type == OrgType.township:
        require_township(who, listing)
    else:
        require_listing_county(who, listing)


def require_party(who: Principal, party_id: str) -> None:
    """A buyer (organization ``person`` whose id is its party id) acts only for itself."""
    require_org(who, OrgType.person, party_id, "The registration", "该意向受让登记")


def require_own_bar(who: Principal, counties: set[str]) -> None:
    """Only the centre of the county that barred a party lifts the bar (L13)."""
    if who.org.id not in counties:
        raise other_org(
            "The bar (made by another county's centre; only that centre may lift it)",
            "该禁入决定（由其他县交易中心作出，只能由该中心解除）",
        )
