"""Who may see and do what (DOMAIN X3) in the registry, built on ``common.access``.

The county and organization checks and their one refusal (403 ``other-organization`` /
``token-without-county``) are ``common.access``; this module adds only what is the
registry's own: who reads as staff, a bank's id, and a bank-or-county check.
"""

from __future__ import annotations

from common.access import in_county, other_org, outside_county, require_county, require_org
from common.auth import OrgType, Principal, Role

__all__ = [
    "STAFF_READERS",
    "bank_id",
    "county_scope",
    "in_county",
    "is_staff",
    "other_org",
    "require_bank_or_county",
    "require_county",
    "require_lender_or_county",
    "require_org",
]

STAFF_READERS = (
    Role.registration_authority,
    Role.county_department,
    Role.exchange_staff,
    Role.supervisor,
    Role.service,
)


def bank_id(principal: Principal) -> str | None:
    """The lender's bank id (``bank:<id>``), or None for a non-bank caller."""
    return principal.org.id if principal.org.type == OrgType.bank else None


def is_staff(principal: Principal) -> bool:
    return principal.has(*STAFF_READERS)


def county_scope(principal: Principal) -> str | None:
    """The county a list is narrowed to for a non-bank reader (None: a service sees all)."""
    if principal.has(Role.service):
        return None
    return principal.org.county or principal.org.id


def require_lender_or_county(
    who: Principal, lender_org_id: str | None, county: str, what_en: str, what_zh: str
) -> None:
    """A bank sees only its own (X3); everyone else only their county's. A non-bank
    mortgagee's (R23, no ``lender_org_id``) is no bank's."""
    bank = bank_id(who)
    if bank is not None:
        if lender_org_id != bank:
            raise other_org(what_en, what_zh)
    elif not in_county(who, county):
        raise outside_county(who, what_en, what_zh)


def require_bank_or_county(who: Principal, what_en: str, what_zh: str) -> None:
    """Refuse (403, X3) a caller that is neither a bank nor a county organization (the
    token's organization decides, not a field of the request)."""
    if bank_id(who) is None and who.org.type != OrgType.county:
        raise other_org(what_en, what_zh)
