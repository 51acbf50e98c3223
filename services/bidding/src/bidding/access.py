"""Who may do what in a trade — 交易主体与权限 (DOMAIN X3), on ``common.access``.

A buyer's token identifies the party by its organization claim: ``org.type`` is
``person`` and ``org.id`` is the party id the listing service qualified (a resident ID
for a natural person; a legal person acts under the same claim with its unified social
credit code, until the identity provider issues an enterprise organization type). The
token's ``sub`` is the login and is never used as the party id, so one party may log in
from several accounts. A seller is matched the same way against the listing's
``seller_party_id`` (a collective seller signs in with ``org.type`` ``collective``).
County staff work on their own county's trades only: the refusal is ``common.access``'s
one 403 ``other-organization`` (or ``token-without-county``).
"""

from __future__ import annotations

from common.access import require_county
from common.auth import OrgType, Principal, Role
from common.problems import Problem, forbidden

BUYER_ORGS = (OrgType.person,)
SELLER_ORGS = (OrgType.person, OrgType.collective)
#: Staff of the exchange centre and those who read everything of their county.
COUNTY_STAFF = (Role.exchange_staff, Role.auctioneer, Role.supervisor)


def party_of(principal: Principal) -> str:
    """The party id a buyer or seller token speaks for."""
    return principal.org.id


def require_trade_county(principal: Principal, county: str) -> None:
    """County staff work on their own county's trades only (X3)."""
    require_county(principal, county, "This trade", "该交易")


def is_county_staff(principal: Principal) -> bool:
    return principal.has(*COUNTY_STAFF) and principal.org.type == OrgType.county


def is_buyer(principal: Principal, party_id: str) -> bool:
    """The caller speaks for the buyer ``party_id``."""
    return (
        principal.has(Role.buyer)
        and principal.org.type in BUYER_ORGS
        and party_of(principal) == party_id
    )


def is_seller(principal: Principal, seller_party_id: str) -> bool:
    """The caller speaks for the seller ``seller_party_id``."""
    return (
        principal.has(Role.seller)
        and principal.org.type in SELLER_ORGS
        and party_of(principal) == seller_party_id
    )


def not_a_party() -> Problem:
    return forbidden("the caller is not a party of this trade", "调用方不是该交易的当事人")
