"""Who may see and do what (DOMAIN X3), shared by the registry's areas."""

from __future__ import annotations

from common.auth import OrgType, Principal, Role
from common.money import from_fen
from common.problems import Problem

STAFF_READERS = (
    Role.registration_authority,
    Role.county_department,
    Role.exchange_staff,
    Role.supervisor,
    Role.service,
)


def other_org(what_en: str, what_zh: str) -> Problem:
    return Problem(
        403,
        "other-organization",
        f"{what_en} belongs to another organization",
        f"{what_zh}属于其他机构",
        rule="X3",
    )


def in_county(principal: Principal, county: str) -> bool:
    """A county-level organization of ``county`` or any organization located in it."""
    if principal.has(Role.service):
        return True
    if principal.org.type == OrgType.county:
        return principal.org.id == county
    return principal.org.county == county


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


def county_or_forbidden(principal: Principal, county: str, what_en: str, what_zh: str) -> None:
    if not in_county(principal, county):
        raise outside_county(principal, what_en, what_zh)


def bank_id(principal: Principal) -> str | None:
    """The lender's bank id (``bank:<id>``), or None for a non-bank caller."""
    return principal.org.id if principal.org.type == OrgType.bank else None


def is_staff(principal: Principal) -> bool:
    return principal.has(*STAFF_READERS)


def yuan(fen: int) -> str:
    """Fen as a plain yuan string with two places ("80000.00"), as on the wire."""
    return str(from_fen(fen))
