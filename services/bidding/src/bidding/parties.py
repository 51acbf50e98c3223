"""Who a caller is, as a party of a trade — 交易主体.

A buyer's token identifies the party by its organization claim: ``org.type`` is
``person`` and ``org.id`` is the party id the listing service qualified (a resident ID
for a natural person; a legal person acts under the same claim with its unified social
credit code, until the identity provider issues an enterprise organization type). The
token's ``sub`` is the login and is never used as the party id, so one party may log in
from several accounts. A seller is matched the same way against the listing's
``seller_party_id`` (a collective seller signs in with ``org.type`` ``collective``).
"""

from __future__ import annotations

from common.auth import OrgType, Principal, Role
from common.problems import Problem, forbidden

BUYER_ORGS = (OrgType.person,)
SELLER_ORGS = (OrgType.person, OrgType.collective)
#: Staff of the exchange centre and those who read everything of their county.
COUNTY_STAFF = (Role.exchange_staff, Role.auctioneer, Role.supervisor)


def party_of(principal: Principal) -> str:
    """The party id a buyer or seller token speaks for."""
    return principal.org.id


def county_of(principal: Principal) -> str | None:
    if principal.org.type == OrgType.county:
        return principal.org.id
    return principal.org.county


def same_county_or_forbidden(principal: Principal, county: str) -> None:
    """County staff work on their own county's trades only (X3)."""
    if county_of(principal) != county:
        raise Problem(
            403,
            "other-county",
            "This trade belongs to another county",
            "该交易属于其他县",
            rule="X3",
        )


def is_county_staff(principal: Principal) -> bool:
    return principal.has(*COUNTY_STAFF) and principal.org.type == OrgType.county


def not_a_party() -> Problem:
    return forbidden("the caller is not a party of this trade", "调用方不是该交易的当事人")
