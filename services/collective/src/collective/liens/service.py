"""Following registry's liens — 抵押权投影 — and its dispute and seizure flags — 争议/查封
(Z5, Z7)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from collective.liens import repository
from collective.liens.models import RightFlag, RightLien
from common.problems import FieldProblem


async def follow_lien(
    session: AsyncSession, lien_id: str, certificate_no: str, active: bool, at: datetime
) -> None:
    """Registry registered or discharged a lien (the projection this service reads)."""
    row = await repository.lien(session, lien_id)
    if row is None:
        session.add(
            RightLien(lien_id=lien_id, certificate_no=certificate_no, active=active, updated_at=at)
        )
    elif row.updated_at <= at:  # an older event redelivered late changes nothing
        row.active, row.updated_at = active, at
    await session.flush()


#: the registry flags that stop a homestead changing hands; ``expropriation`` (征地范围)
#: is listing's L12 matter, not a Z5/Z7 refusal
BLOCKING_FLAGS = {"disputed": "权属争议", "seized": "查封、扣押或监管"}


async def follow_flag(
    session: AsyncSession, certificate_no: str, flag: str, value: bool, reason: str, at: datetime
) -> None:
    """Registry set or cleared a flag of a right (the projection Z5 and Z7 read)."""
    if flag not in BLOCKING_FLAGS:
        return
    row = await repository.flag(session, certificate_no, flag)
    if row is None:
        session.add(
            RightFlag(
                certificate_no=certificate_no, flag=flag, set=value, reason=reason, updated_at=at
            )
        )
    elif row.updated_at <= at:  # an older event redelivered late changes nothing
        row.set, row.reason, row.updated_at = value, reason, at
    await session.flush()


async def flag_problems(
    session: AsyncSession, certificate_no: str | None, *, field: str, rule: str
) -> list[FieldProblem]:
    """Every registry flag that refuses the right changing hands now: a dispute (权属争议)
    or a seizure (查封) — Z7: "refuse … a dispute or seizure"."""
    if not certificate_no:
        return []
    return [
        FieldProblem(
            field,
            rule,
            f"registry shows the right {f.flag} ({f.reason})",
            f"不动产登记簿显示该权利存在{BLOCKING_FLAGS[f.flag]}",
        )
        for f in await repository.flags_set(session, certificate_no)
    ]
