"""Borrower files — 建档立卡 (G1, G2, G5): bulk import and classification."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from common.audit import record_decision
from common.auth import OrgType, Principal, Role
from common.clock import local_date
from common.ids import mask_party_id, mask_phone
from common.problems import FieldProblem, forbidden, invalid, not_found
from guarantee.borrowers.models import Borrower
from guarantee.borrowers.schemas import BorrowerOut
from guarantee.borrowers.sheets import COLUMNS, SheetRow, parse_rows, read_table
from guarantee.db import new_id
from guarantee.rules import classify
from guarantee.support import county_of, now


async def import_sheet(
    session: AsyncSession, filename: str, data: bytes, sha256: str, by: Principal
) -> dict[str, object]:
    """One file per borrower from a township's survey sheet; bad rows are reported, good
    rows are filed (a re-imported borrower's file is updated, a staff override kept)."""
    try:
        table = read_table(filename, data)
    except ValueError as exc:
        raise invalid(
            [FieldProblem("file", "G5", str(exc), "无法读取摸底表（须为CSV或XLSX）")]
        ) from None
    at = now(session)
    rows, missing = parse_rows(table, local_date(at))
    if missing:
        raise invalid(
            [
                FieldProblem(
                    "file",
                    "G5",
                    f"missing columns: {missing}",
                    "缺少列：" + "、".join(COLUMNS[m] for m in missing),
                )
            ]
        )
    county, township = county_of(by), by.org.id
    batch = new_id()
    created = updated = 0
    rejected: list[dict[str, object]] = []
    seen: set[str] = set()
    for row in rows:
        pid = row.values.get("party_id")
        if pid in seen:
            row.problems.append(
                FieldProblem("party_id", "G5", "the borrower appears twice", "同一主体重复出现")
            )
        if row.problems:
            rejected.append(_rejection(row))
            continue
        seen.add(pid)
        existing = await session.scalar(
            select(Borrower).where(Borrower.county == county, Borrower.party_id == pid)
        )
        if existing is not None and existing.township_id != township:
            row.problems.append(
                FieldProblem("party_id", "X3", "filed by another township", "已由其他乡镇建档")
            )
            rejected.append(_rejection(row))
            continue
        by_rule = classify(row.values["haves"])
        if existing is None:
            session.add(
                Borrower(
                    county=county,
                    township_id=township,
                    category=by_rule,
                    category_by_rule=by_rule,
                    import_batch=batch,
                    created_by=by.subject,
                    created_at=at,
                    updated_at=at,
                    **row.values,
                )
            )
            created += 1
        else:
            for key, value in row.values.items():
                setattr(existing, key, value)
            existing.category_by_rule = by_rule
            if existing.override_reason is None:
                existing.category = by_rule
            existing.import_batch, existing.updated_at = batch, at
            updated += 1
    await session.flush()
    report = {
        "batch_id": batch,
        "sha256": sha256,
        "rows": len(rows),
        "created": created,
        "updated": updated,
        "rejected": rejected,
    }
    await record_decision(
        session,
        subject_type="borrower_import",
        subject_id=batch,
        action="borrowers.imported",
        by=by,
        rule="G5",
        data={k: v for k, v in report.items() if k != "rejected"} | {"rejected": len(rejected)},
    )
    return report


def _rejection(row: SheetRow) -> dict[str, object]:
    return {
        "row": row.row,
        "party_id": row.values.get("party_id"),
        "errors": [p.as_dict() for p in row.problems],
    }


async def get_visible(session: AsyncSession, borrower_id: str, who: Principal) -> Borrower:
    b = await session.get(Borrower, borrower_id)
    if b is None:
        raise not_found("Borrower", "借款主体")
    if who.org.type == OrgType.bank:
        # a bank works from the file of a borrower recommended to it (银行尽调用建档立卡数据)
        from guarantee.guarantees.models import Guarantee

        mine = await session.scalar(
            select(Guarantee.id)
            .where(Guarantee.borrower_id == b.id, Guarantee.lender_org_id == who.org.id)
            .limit(1)
        )
        if mine is None:
            raise forbidden("the borrower was not recommended to this bank", "该主体未推荐给本行")
        return b
    check_visible(b, who)
    return b


def check_visible(b: Borrower, who: Principal) -> None:
    """A township sees its own borrowers; guarantor and county staff their county's."""
    if who.org.type == OrgType.township:
        if b.township_id != who.org.id:
            raise forbidden("the borrower belongs to another township", "该主体属于其他乡镇")
    elif county_of(who) != b.county:
        raise forbidden("the borrower belongs to another county", "该主体属于其他县")


async def visible(session: AsyncSession, who: Principal, category: str | None) -> list[Borrower]:
    q = select(Borrower).order_by(Borrower.created_at, Borrower.id)
    if who.org.type == OrgType.township:
        q = q.where(Borrower.township_id == who.org.id)
    else:
        q = q.where(Borrower.county == county_of(who))
    if category:
        q = q.where(Borrower.category == category)
    return list(await session.scalars(q))


async def own_guarantees_of(session: AsyncSession, who: Principal, ids: list[str]) -> set[str]:
    """Of ``ids``, the borrowers on a guarantee of the caller's guarantor organization."""
    from guarantee.guarantees.models import Guarantee

    if not ids:
        return set()
    rows = await session.scalars(
        select(Guarantee.borrower_id).where(
            Guarantee.guarantor_org_id == who.org.id, Guarantee.borrower_id.in_(ids)
        )
    )
    return set(rows)


async def views(session: AsyncSession, who: Principal, files: list[Borrower]) -> list[BorrowerOut]:
    """Borrower files as the caller may see them (X3, README "what a guarantor sees").

    A guarantor reads its county's files to pick candidates for a recommendation list,
    but the ID number and phone in full only of borrowers on its own guarantees; the
    township that keeps the file, the county and the supervisor see them in full.
    """
    out = [BorrowerOut.model_validate(b) for b in files]
    if who.org.type != OrgType.guarantor:
        return out
    own = await own_guarantees_of(session, who, [b.id for b in files])
    for v in out:
        if v.id not in own:
            v.party_id, v.phone = mask_party_id(v.party_id), mask_phone(v.phone)
    return out


async def check_may_classify(session: AsyncSession, b: Borrower, who: Principal) -> None:
    """The township keeps the file and classifies it; a guarantor overrides the class only
    of a borrower on one of its own guarantees (X3), not of every file in the county."""
    if who.org.type == OrgType.guarantor and not await own_guarantees_of(session, who, [b.id]):
        raise forbidden(
            "a guarantor reclassifies only borrowers on its own guarantees; ask the township",
            "担保机构只能调整本机构担保项目借款主体的分类，请由乡镇调整",
        )


async def override_category(
    session: AsyncSession, b: Borrower, category: str, reason: str, by: Principal
) -> Borrower:
    """Staff override of the six-haves class, with its reason (X2)."""
    before = b.category
    b.category, b.override_reason, b.updated_at = category, reason, now(session)
    await session.flush()
    await record_decision(
        session,
        subject_type="borrower",
        subject_id=b.id,
        action="borrower.classified",
        by=by,
        reason=reason,
        rule="G5",
        data={"from": before, "to": category, "by_rule": b.category_by_rule},
    )
    return b


STAFF_ROLES = (Role.township_clerk, Role.guarantor, Role.county_department)
