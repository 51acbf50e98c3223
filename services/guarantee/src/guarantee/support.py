"""Small helpers shared by the areas: the clock, the caller's county, refusals."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from common.auth import OrgType, Principal
from common.context import session_context
from common.problems import FieldProblem, Problem, forbidden, invalid


def now(session: AsyncSession) -> datetime:
    return session_context(session).clock.now()


def county_of(principal: Principal) -> str:
    """The county the caller works for (a county organization is its own county)."""
    if principal.org.type == OrgType.county:
        return principal.org.id
    return principal.org.county or ""


def same_county_or_forbidden(principal: Principal, county: str) -> None:
    if county_of(principal) != county:
        raise forbidden(
            f"county {county} belongs to another organization", f"县{county}的数据不属于本机构"
        )


def refuse(field: str, rule: str, en: str, zh: str, *, status: int = 422) -> Problem:
    """One-field refusal naming its rule (X4)."""
    return invalid([FieldProblem(field, rule, en, zh)], rule=rule, status=status)


def conflict(code: str, rule: str, en: str, zh: str) -> Problem:
    """A request that does not fit the current state (409)."""
    return Problem(409, code, en, zh, rule=rule)
