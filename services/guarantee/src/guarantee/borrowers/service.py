"""Borrower files — 建档立卡 (G1, G2, G5): bulk import and classification."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from common.access import county_of
from common.audit import record_decision, record_on
from common.auth import OrgType, Principal
from common.clock import local_date
from common.context import now
from common.keys import new_id
from common.problems import FieldProblem, invalid, not_found
from guarantee.borrowers.models import Borrower
from guarantee.borrowers.rules import classify
from guarantee.borrowers.sheets import COLUMNS, SheetRow, parse_rows, read_table
from guarantee.params import PARAMS


async def import_sheet(
    session: AsyncSession, who: Principal, filename: str, *, data: bytes, sha256: str
) -> dict[str, object]:
    """One file per borrower from a township's survey sheet; bad rows are reported, good
    rows are filed (a re-imported borrower's file is updated, a staff override kept)."""
    at = now(session)
    rows = await read_sheet(session, who, filename, data, local_date(at))
    batch = new_id()
    created, updated, rejected = await file_rows(session, who, rows, 0, len(rows), batch)
    report = {
        "batch_id": batch,
        "sha256": sha256,
        "rows": len(rows),
        "created": created,
        "updated": updated,
        "rejected": rejected,
    }
    await record_import(session, who, report)
    return report


async def read_sheet(
    session: AsyncSession, who: Principal, filename: str, data: bytes, today: date
) -> list[SheetRow]:
    """The sheet's rows, each checked alone (422 when the file cannot be read or lacks
    columns: nothing is filed)."""
    try:
        table = read_table(filename, data)
    except ValueError as exc:
        raise invalid(
            [FieldProblem("file", "G5", str(exc), "无法读取摸底表（须为CSV或XLSX）")]
        ) from None
    purposes = await PARAMS.get(session, county_of(who), "loan_purposes")
    rows, missing = parse_rows(table, today, purposes)
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
    return rows


async def file_rows(
    session: AsyncSession,
    who: Principal,
    rows: list[SheetRow],
    start: int,
    stop: int,
    batch: str,
) -> tuple[int, int, list[dict[str, object]]]:
    """File ``rows[start:stop]`` (a bulk import's step: the rows before ``start`` count only
    to find a borrower named twice); returns (created, updated, rejected rows)."""
    at = now(session)
    county = county_of(who)
    township = who.org.id
    created = updated = 0
    rejected: list[dict[str, object]] = []
    # a borrower is filed from its first well-formed row; a later one is a duplicate
    seen: set[str] = {r.values.get("party_id") for r in rows[:start] if not r.problems}
    for row in rows[start:stop]:
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
                    created_by=who.subject,
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
            existing.renewal_due_at = None  # the file is renewed (G18)
            updated += 1
    await session.flush()
    return created, updated, rejected


async def record_import(session: AsyncSession, who: Principal, report: dict[str, Any]) -> None:
    """The import's decision (X2): what it filed and how many rows it refused."""
    await record_decision(
        session,
        subject_type="borrower_import",
        subject_id=report["batch_id"],
        action="borrowers.imported",
        by=who,
        rule="G5",
        data={k: v for k, v in report.items() if k != "rejected"}
        | {"rejected": len(report["rejected"])},
    )


def _rejection(row: SheetRow) -> dict[str, object]:
    return {
        "row": row.row,
        "party_id": row.values.get("party_id"),
        "errors": [p.as_dict() for p in row.problems],
    }


async def get(session: AsyncSession, who: Principal, borrower_id: str) -> Borrower:
    """The borrower file (the caller's access is checked by ``guarantee.access``)."""
    b = await session.get(Borrower, borrower_id)
    if b is None:
        raise not_found("Borrower", "借款主体")
    return b


async def lock(session: AsyncSession, who: Principal | None, borrower_id: str) -> None:
    """Lock the borrower's row: one borrower's guarantees are decided one at a time, so two
    approvals cannot both fit under the G3 cap."""
    await session.scalar(select(Borrower).where(Borrower.id == borrower_id).with_for_update())


async def visible(session: AsyncSession, who: Principal, category: str | None) -> list[Borrower]:
    """A township its own files, guarantor and county staff their county's (X3)."""
    q = select(Borrower).order_by(Borrower.created_at, Borrower.id)
    if who.org.type == OrgType.township:
        q = q.where(Borrower.township_id == who.org.id)
    else:
        q = q.where(Borrower.county == county_of(who))
    if category:
        q = q.where(Borrower.category == category)
    return list(await session.scalars(q))


async def override_category(
    session: AsyncSession, who: Principal, b: Borrower, *, category: str, reason: str
) -> Borrower:
    """Staff override of the six-haves class, with its reason (X2)."""
    before = b.category
    b.category, b.override_reason, b.updated_at = category, reason, now(session)
    await record_on(
        session,
        b,
        action="borrower.classified",
        by=who,
        reason=reason,
        rule="G5",
        data={"from": before, "to": category, "by_rule": b.category_by_rule},
    )
    return b
