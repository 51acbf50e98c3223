"""Who may see and act on what — 机构权限 (DOMAIN X3) in the guarantee service.

Built on ``common.access``: one refusal, 403 ``other-organization`` (or
``token-without-county`` for a bank's or guarantor's token that names no county). Roles
are checked on the routes; these decide the organization half of X3 for one object.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from common.access import county_of, other_org, require_county
from common.auth import OrgType, Principal
from guarantee.borrowers.models import Borrower
from guarantee.guarantees.models import Guarantee


def require_own_county(who: Principal, county: str) -> None:
    """County staff read and move their own county's funds and reports only."""
    require_county(who, county, f"county {county}'s data", f"县{county}的数据")


def check_borrower_visible(b: Borrower, who: Principal) -> None:
    """A township sees its own borrowers; guarantor and county staff their county's."""
    if who.org.type == OrgType.township:
        if b.township_id != who.org.id:
            raise other_org("the borrower (filed by another township)", "该主体（其他乡镇建档）")
    elif county_of(who) != b.county:
        raise other_org("the borrower (of another county)", "该主体（其他县）")


async def own_guarantee_borrowers(
    session: AsyncSession, who: Principal, ids: list[str]
) -> set[str]:
    """Of ``ids``, the borrowers on a guarantee of the caller's guarantor organization."""
    if not ids:
        return set()
    rows = await session.scalars(
        select(Guarantee.borrower_id).where(
            Guarantee.guarantor_org_id == who.org.id, Guarantee.borrower_id.in_(ids)
        )
    )
    return set(rows)


async def check_borrower_readable(session: AsyncSession, who: Principal, b: Borrower) -> None:
    """X3 for one borrower file; a bank works from the file of a borrower recommended to
    it (银行尽调用建档立卡数据)."""
    if who.org.type != OrgType.bank:
        check_borrower_visible(b, who)
        return
    mine = await session.scalar(
        select(Guarantee.id)
        .where(Guarantee.borrower_id == b.id, Guarantee.lender_org_id == who.org.id)
        .limit(1)
    )
    if mine is None:
        raise other_org("the borrower (not recommended to this bank)", "该主体（未推荐给本行）")


async def check_may_classify(session: AsyncSession, who: Principal, b: Borrower) -> None:
    """The township keeps the file and classifies it; a guarantor overrides the class only
    of a borrower on one of its own guarantees (X3), not of every file in the county."""
    if who.org.type == OrgType.guarantor and not await own_guarantee_borrowers(
        session, who, [b.id]
    ):
        raise other_org(
            "the borrower (not on this guarantor's guarantees; ask the township)",
            "该主体（非本机构担保项目的借款主体，请由乡镇调整）",
        )


def _guarantee_column(who: Principal) -> Any:
    return {
        OrgType.guarantor: Guarantee.guarantor_org_id,
        OrgType.bank: Guarantee.lender_org_id,
        OrgType.township: Guarantee.township_id,
        OrgType.county: Guarantee.county,
    }.get(who.org.type)


def check_guarantee_visible(g: Guarantee, who: Principal) -> None:
    """A guarantor its own guarantees, a bank its own loans, a township its borrowers',
    county staff and supervisors their county's."""
    column = _guarantee_column(who)
    if column is None or getattr(g, column.key) != who.org.id:
        raise other_org("the guarantee", "该担保项目")


def visible_guarantees(query: Any, who: Principal) -> Any:
    """``query`` over guarantees narrowed to those the caller may see (X3)."""
    column = _guarantee_column(who)
    if column is None:
        return query.where(Guarantee.id.is_(None))
    return query.where(column == who.org.id)
