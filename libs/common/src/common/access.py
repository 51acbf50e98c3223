"""Organization access — 机构权限 (DOMAIN X3): whose county and organization a caller works for.

One home for the checks every service makes, with one refusal: 403 problem code
``other-organization`` naming rule X3 (a token that names no county at all is told
so, as ``token-without-county``). Role checks stay on the routes (``require_roles``);
these helpers decide the organization half of X3 for one object.
"""

from __future__ import annotations

from common.auth import OrgType, Principal, Role
from common.problems import Problem


def county_of(principal: Principal) -> str | None:
    """The county the caller works for: a county organization is its own county, any
    other organization (township, village, bank branch, person) names its county."""
    if principal.org.type == OrgType.county:
        return principal.org.id
    return principal.org.county


def other_org(what_en: str, what_zh: str) -> Problem:
    """The one refusal for an object of another organization (X3)."""
    return Problem(
        403,
        "other-organization",
        f"{what_en} belongs to another organization",
        f"{what_zh}属于其他机构",
        rule="X3",
    )


def in_county(principal: Principal, county: str) -> bool:
    """A county-level organization of ``county``, any organization located in it, or a
    platform service (services act for every county)."""
    if principal.has(Role.service):
        return True
    return county_of(principal) == county


def outside_county(principal: Principal, what_en: str, what_zh: str) -> Problem:
    """The refusal for a caller outside the county: a token that names no county at all
    (a bank's or guarantor's token minted without ``--county``) is told so, not that the
    thing belongs to someone else."""
    if principal.org.type != OrgType.county and not principal.org.county:
        return Problem(
            403,
            "token-without-county",
            "the token names no county: a bank, guarantor or person works within a county, "
            "so its token must carry one (rex token … --county 620821)",
            "令牌未载明所属县（区）：银行、担保机构或个人须在县内办理，令牌须包含县代码"
            "（rex token … --county 620821）",
            rule="X3",
        )
    return other_org(what_en, what_zh)


def require_county(principal: Principal, county: str, what_en: str, what_zh: str) -> None:
    """Refuse (403, X3) unless the caller works in ``county``."""
    if not in_county(principal, county):
        raise outside_county(principal, what_en, what_zh)


def require_org(
    principal: Principal, org_type: OrgType, org_id: str, what_en: str, what_zh: str
) -> None:
    """Refuse (403, X3) unless the caller is the organization ``org_type:org_id``
    (a township clerk on its own township's listing, a bank on its own loan)."""
    if principal.org.type != org_type or principal.org.id != org_id:
        raise other_org(what_en, what_zh)
