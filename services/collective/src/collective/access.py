"""Who may see and act on what — 机构权限 (DOMAIN X3) in the collective service.

Built on ``common.access``: one refusal, 403 ``other-organization``. Roles are checked
on the routes; these decide the organization half of X3 for one collective's data
(县级主导、乡级主责、村级主体): a village homestead officer works for its own collective
(token organization ``collective:<id>``) and sees only it, a township homestead office its
township's collectives, the county homestead office, the joint inspection (read-all),
supervisors and services their county.
"""

from __future__ import annotations

from typing import Annotated, Protocol, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from common.access import other_org, require_county, require_org
from common.auth import OrgType, Principal, Role, require
from common.db import ById

VILLAGE = Role.village_homestead_officer
TOWNSHIP = Role.township_homestead_office
COUNTY = Role.county_homestead_office
COUNTY_READERS = (COUNTY, Role.joint_inspection, Role.supervisor, Role.service)
READERS = Annotated[Principal, require(VILLAGE, TOWNSHIP, *COUNTY_READERS)]
VILLAGE_OFFICER = Annotated[Principal, require(VILLAGE)]
TOWNSHIP_OFFICE = Annotated[Principal, require(TOWNSHIP)]
FOUNDERS = Annotated[Principal, require(TOWNSHIP, COUNTY)]
COUNTY_OFFICE = Annotated[Principal, require(COUNTY)]
VILLAGE_OR_TOWNSHIP = Annotated[Principal, require(VILLAGE, TOWNSHIP)]
LEDGER_READERS = Annotated[Principal, require(TOWNSHIP, *COUNTY_READERS)]
#: X6: a dispute is handled by the collective or its township (调解: 乡镇或集体)
DISPUTE_OFFICES = Annotated[Principal, require(VILLAGE, TOWNSHIP)]
#: Z12: the joint inspection's findings open a case; the county homestead office too
CASE_OFFICES = Annotated[Principal, require(COUNTY, Role.joint_inspection)]
#: E4, E9: the county's natural resources bureau leads the joint review (政府牵头、部门联审)
NATURAL_RESOURCES = Role.natural_resources_bureau
BUREAU = Annotated[Principal, require(NATURAL_RESOURCES)]
ENTRY_READERS = Annotated[Principal, require(VILLAGE, TOWNSHIP, *COUNTY_READERS, NATURAL_RESOURCES)]


class Located(Protocol):
    """Anything of one collective: its county, township and collective id."""

    county: str
    township: str


def check_readable(who: Principal, collective_id: str, where: Located) -> None:
    """A village officer reads its own collective, a township office its township, the
    county readers their county (X3)."""
    what = ("the collective's records", "该集体经济组织的数据")
    if who.org.type == OrgType.collective and who.has(VILLAGE):
        require_org(who, OrgType.collective, collective_id, *what)
        return
    if who.org.type == OrgType.township and who.has(TOWNSHIP):
        require_org(who, OrgType.township, where.township, *what)
        return
    if who.has(*COUNTY_READERS):
        require_county(who, where.county, *what)
        return
    raise other_org(*what)


class OfACollective(Located, Protocol):
    collective_id: str


_R = TypeVar("_R", bound=OfACollective)


class _CollectiveRows(ById[_R]):
    """Rows of one collective by id, the homestead's and the 入市 registers alike."""

    async def for_village(self, session: AsyncSession, who: Principal, key: str) -> _R:
        """The row locked for a step of its collective's village officer (村级主体)."""
        row = await self.get(session, key, lock=True)
        check_village(who, row.collective_id)
        return row


class Readable(_CollectiveRows[_R]):
    """A register of one collective's rows (申请, 资格权, 决议, …) by id: ``get`` for the
    steps that change one, ``read`` for those who may see it (X3, ``check_readable``),
    ``for_village`` / ``for_township`` locked for the step of the office that takes it."""

    async def read(self, session: AsyncSession, who: Principal, key: str) -> _R:
        row = await self.get(session, key)
        check_readable(who, row.collective_id, row)
        return row

    async def for_township(self, session: AsyncSession, who: Principal, key: str) -> _R:
        """The row locked for a decision of its township's homestead office (乡级主责)."""
        row = await self.get(session, key, lock=True)
        check_township(who, row)
        return row


class EntryReadable(_CollectiveRows[_R]):
    """A register of 入市 rows (方案, 成交, …) by id: ``get`` for the steps that change
    one, ``read`` for its readers (X3, :func:`check_entry_readable`: the collective's
    and the county's natural resources bureau), ``for_village`` / ``for_bureau`` locked
    for the step of the office that takes it."""

    async def read(self, session: AsyncSession, who: Principal, key: str) -> _R:
        row = await self.get(session, key)
        check_entry_readable(who, row.collective_id, row)
        return row

    async def for_bureau(self, session: AsyncSession, who: Principal, key: str) -> _R:
        """The row locked for a step of its county's natural resources bureau (E4, E9)."""
        row = await self.get(session, key, lock=True)
        check_bureau(who, row.county)
        return row


def check_village(who: Principal, collective_id: str) -> None:
    """Only the collective's own village homestead officer records for it (村级主体)."""
    require_org(
        who, OrgType.collective, collective_id, "the collective's records", "该集体经济组织的数据"
    )


def check_township(who: Principal, where: Located) -> None:
    """Only the township homestead office of the collective's township decides (乡级主责)."""
    require_org(
        who, OrgType.township, where.township, "the collective's records", "该集体经济组织的数据"
    )


def check_founder(who: Principal, where: Located) -> None:
    """A collective is entered by its township's office or the county homestead office."""
    if who.org.type == OrgType.township and who.has(TOWNSHIP):
        check_township(who, where)
        return
    if who.org.type == OrgType.county and who.has(COUNTY):
        require_county(who, where.county, "the collective", "该集体经济组织")
        return
    raise other_org("the collective", "该集体经济组织")


def check_county_office(who: Principal, where: Located) -> None:
    """The county homestead office of the collective's county (县级监管: the filing)."""
    require_county(who, where.county, "the collective's records", "该集体经济组织的数据")


def check_township_readable(who: Principal, township: str) -> None:
    """A township's approval ledger: its own township office and the county readers of its
    county; a village officer reads its applications, not the township's ledger (X3)."""
    what = ("the township's approval ledger", "乡镇宅基地审批台账")
    if who.org.type == OrgType.township and who.has(TOWNSHIP):
        require_org(who, OrgType.township, township, *what)
        return
    if who.has(*COUNTY_READERS):
        require_county(who, township[:6], *what)
        return
    raise other_org(*what)


def check_village_or_township(who: Principal, collective_id: str, where: Located) -> None:
    """The collective's own village officer, or its township's office (X6 mediation)."""
    if who.org.type == OrgType.township and who.has(TOWNSHIP):
        check_township(who, where)
        return
    check_village(who, collective_id)


def check_entry_readable(who: Principal, collective_id: str, where: Located) -> None:
    """An 入市 record: the collective's readers (above) and the county's natural
    resources bureau."""
    if who.has(NATURAL_RESOURCES) and who.org.type == OrgType.county:
        require_county(who, where.county, "the 入市 records", "入市数据")
        return
    check_readable(who, collective_id, where)


def check_bureau(who: Principal, county: str) -> None:
    """The natural resources bureau of the county (县自然资源局)."""
    require_county(who, county, "the county's 入市 records", "本县入市数据")
