"""Rights ledger rules (DOMAIN R1): append-only history, versioned writes, flags, import,
title search, search certificates and the transfer of a traded right."""

from __future__ import annotations

import calendar
import csv
import io
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from typing import Any

from pydantic import ValidationError
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from common.audit import record_decision
from common.auth import Principal
from common.clock import SHANGHAI
from common.context import session_context
from common.contracts.bidding import SettlementCompleted
from common.contracts.registry import RightFlagged, RightTransferred
from common.contracts.registry_api import TitleFlag, TitleHolder, TitleLien, TitleSearchResult
from common.db import load_or_404
from common.money import from_fen, to_fen
from common.outbox import record_event
from common.problems import FieldProblem, Problem, invalid
from registry.access import county_or_forbidden
from registry.liens.models import Lien
from registry.rights.models import (
    RecordedInterest,
    Right,
    RightFlagChange,
    RightHistory,
    RightTransfer,
    SearchCertificate,
)
from registry.rights.schemas import RightIn, RightUpdate
from registry.valuation.rules import round_fen

FLAGS = ("disputed", "seized", "expropriation")
FLAG_ZH = {"disputed": "权属争议", "seized": "查封/扣押/监管", "expropriation": "征地拆迁范围"}


def actor(by: Principal | None) -> str:
    return f"{by.subject} ({by.org.type}:{by.org.id})" if by else "system"


def snapshot(r: Right) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for col in Right.__table__.columns:
        v = getattr(r, col.key)
        out[col.key] = v.isoformat() if hasattr(v, "isoformat") else v
    return out


async def get_right(session: AsyncSession, certificate_no: str, *, lock: bool = False) -> Right:
    return await load_or_404(
        session,
        Right,
        Right.certificate_no,
        certificate_no,
        f"right {certificate_no}",
        f"权利{certificate_no}",
        lock=lock,
    )


async def get_right_in_county(
    session: AsyncSession, certificate_no: str, who: Principal, *, lock: bool = False
) -> Right:
    """The right, if the caller's county holds it (X3)."""
    right = await get_right(session, certificate_no, lock=lock)
    county_or_forbidden(who, right.county, "the right", "该权利")
    return right


async def _history(
    session: AsyncSession, r: Right, action: str, by: Principal | None, reason: str | None
) -> None:
    session.add(
        RightHistory(
            certificate_no=r.certificate_no,
            version=r.version,
            action=action,
            snapshot=snapshot(r),
            recorded_by=actor(by),
            recorded_at=session_context(session).clock.now(),
            reason=reason,
        )
    )
    await session.flush()


def cross_field_problems(d: dict[str, Any]) -> list[FieldProblem]:
    """R1: the origin's data is complete and the term is coherent."""
    out = []
    if d.get("term_start") and d.get("term_end") and d["term_end"] <= d["term_start"]:
        out.append(
            FieldProblem(
                "term_end", "R1", "the term must end after it starts", "期限止日须晚于起日"
            )
        )
    if d.get("origin") == "transfer":
        for name, zh in (
            ("transfer_contract_no", "流转合同编号"),
            ("contractor_party_id", "承包方（流出方）"),
            ("annual_rent_per_mu", "每亩年流转费"),
            ("rent_paid_until", "流转费已付至日期"),
            ("term_end", "流转期限"),
        ):
            if d.get(name) in (None, ""):
                out.append(
                    FieldProblem(
                        name,
                        "R1",
                        f"a transferred right needs {name}",
                        f"流转取得的权利须登记{zh}",
                    )
                )
    holders = [d.get("holder_party_id")] + [c["party_id"] for c in d.get("co_owners") or []]
    if len(holders) != len(set(holders)):
        out.append(
            FieldProblem("co_owners", "R1", "a party is listed twice", "共有人重复或与权利人相同")
        )
    return out


def _columns(data: RightIn) -> dict[str, Any]:
    d = data.model_dump()
    rent = d.pop("annual_rent_per_mu")
    d["annual_rent_per_mu_fen"] = to_fen(rent) if rent is not None else None
    d["area_mu"] = str(data.area_mu)
    d["co_owners"] = [c.model_dump() for c in data.co_owners]
    return d


async def create_right(
    session: AsyncSession,
    data: RightIn,
    by: Principal | None,
    *,
    action: str = "registered",
    parent: str | None = None,
) -> Right:
    problems = cross_field_problems(data.model_dump())
    exists = await session.scalar(
        select(func.count()).select_from(Right).where(Right.certificate_no == data.certificate_no)
    )
    if exists:
        problems.append(
            FieldProblem(
                "certificate_no", "R1", "a right with this certificate exists", "该权证号已登记"
            )
        )
    if problems:
        raise invalid(problems, rule="R1")
    now = session_context(session).clock.now()
    right = Right(
        **_columns(data),
        parent_certificate_no=parent,
        disputed=False,
        seized=False,
        expropriation=False,
        version=1,
        created_at=now,
        updated_at=now,
    )
    try:
        async with session.begin_nested():  # a concurrent registration of the same number
            session.add(right)
            await session.flush()
    except IntegrityError:
        raise Problem(
            409,
            "certificate-exists",
            f"right {data.certificate_no} was registered meanwhile",
            f"权证号{data.certificate_no}已被同时登记",
            rule="R1",
        ) from None
    await _history(session, right, action, by, None)
    if by is not None and action == "registered":
        await record_decision(
            session,
            subject_type="right",
            subject_id=right.certificate_no,
            action="right.registered",
            by=by,
            rule="R1",
            data={"holder_party_id": right.holder_party_id, "origin": right.origin},
        )
    return right


def stale(current: int, sent: int) -> Problem:
    return Problem(
        409,
        "stale-version",
        f"the right changed meanwhile: version {current}, the request read {sent}",
        f"权利已被修改（当前版本{current}，请求基于版本{sent}），请重新读取后再提交",
        rule="R1",
    )


async def update_right(
    session: AsyncSession, right: Right, upd: RightUpdate, by: Principal
) -> Right:
    if upd.version != right.version:
        raise stale(right.version, upd.version)
    changes = upd.model_dump(exclude_unset=True, exclude={"version", "reason"})
    merged = snapshot(right)
    merged.update({k: v for k, v in changes.items()})
    if "annual_rent_per_mu" not in changes:
        merged["annual_rent_per_mu"] = right.annual_rent_per_mu_fen
    for k in ("term_start", "term_end"):
        if k not in changes and merged.get(k):
            merged[k] = getattr(right, k)
    problems = cross_field_problems(merged)
    if problems:
        raise invalid(problems, rule="R1")
    for k, v in changes.items():
        if k == "annual_rent_per_mu":
            right.annual_rent_per_mu_fen = to_fen(v) if v is not None else None
        elif k == "area_mu":
            right.area_mu = str(v)
        elif k == "co_owners":
            right.co_owners = [c for c in v]
        else:
            setattr(right, k, v)
    right.version += 1
    right.updated_at = session_context(session).clock.now()
    await session.flush()
    await _history(session, right, "corrected", by, upd.reason)
    await record_decision(
        session,
        subject_type="right",
        subject_id=right.certificate_no,
        action="right.corrected",
        by=by,
        reason=upd.reason,
        rule="R1",
        data={"version": right.version, "fields": sorted(changes)},
    )
    return right


async def set_flag(
    session: AsyncSession,
    right: Right,
    flag: str,
    value: bool,
    reason: str,
    by: Principal,
    authority_ref: str | None = None,
) -> RightFlagChange:
    if getattr(right, flag) == value:
        raise invalid(
            [
                FieldProblem(
                    "set",
                    "R1",
                    f"the {flag} flag is already {'set' if value else 'clear'}",
                    f"{FLAG_ZH[flag]}标记已是{'设定' if value else '解除'}状态",
                )
            ],
            rule="R1",
        )
    now = session_context(session).clock.now()
    setattr(right, flag, value)
    right.version += 1
    right.updated_at = now
    change = RightFlagChange(
        certificate_no=right.certificate_no,
        flag=flag,
        set=value,
        reason=reason,
        authority_ref=authority_ref,
        decided_by=actor(by),
        decided_at=now,
    )
    session.add(change)
    await session.flush()
    await _history(session, right, f"{flag}.{'set' if value else 'cleared'}", by, reason)
    await record_decision(
        session,
        subject_type="right",
        subject_id=right.certificate_no,
        action=f"right.flag.{flag}.{'set' if value else 'cleared'}",
        by=by,
        reason=reason,
        rule="R1",
        data={"authority_ref": authority_ref},
    )
    await record_event(
        session,
        RightFlagged(
            certificate_no=right.certificate_no,
            flag=flag,  # type: ignore[arg-type]
            set=value,
            reason=reason,
            decided_by=actor(by),
            at=now,
        ),
    )
    return change


# --- CSV import -----------------------------------------------------------------------

IMPORT_COLUMNS = [
    "certificate_no",
    "county",
    "township",
    "collective_id",
    "right_type",
    "origin",
    "holder_party_id",
    "holder_name",
    "co_owners",
    "location",
    "area_mu",
    "term_start",
    "term_end",
    "transfer_contract_no",
    "contractor_party_id",
    "contractor_name",
    "via_collective",
    "annual_rent_per_mu",
    "rent_paid_until",
]
REQUIRED_COLUMNS = {
    "certificate_no",
    "county",
    "township",
    "right_type",
    "origin",
    "holder_party_id",
    "holder_name",
    "location",
    "area_mu",
}


def _row_dict(row: dict[str, str | None]) -> dict[str, Any]:
    d: dict[str, Any] = {}
    for k in IMPORT_COLUMNS:
        v = (row.get(k) or "").strip()
        if not v:
            continue
        if k == "co_owners":
            owners = []
            for part in v.split(";"):
                pid, _, name = part.strip().partition(":")
                owners.append({"party_id": pid.strip(), "name": name.strip()})
            d[k] = owners
        elif k == "via_collective":
            d[k] = v.lower() in ("1", "true", "yes", "y", "是")
        else:
            d[k] = v
    return d


def _errors(exc: ValidationError) -> list[dict[str, str]]:
    out = []
    for e in exc.errors():
        field = ".".join(str(p) for p in e["loc"]) or "row"
        msg = str(e.get("ctx", {}).get("error") or e["msg"])
        out.append({"field": field, "rule": "R1", "message": msg})
    return out


async def import_csv(session: AsyncSession, raw: bytes, by: Principal, county: str) -> dict:
    """Import existing certification data; every bad row is reported with its reasons."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise invalid(
            [FieldProblem("file", "R1", "the file is not UTF-8 text", "文件须为UTF-8编码的CSV")],
            rule="R1",
        ) from None
    reader = csv.DictReader(io.StringIO(text))
    missing = REQUIRED_COLUMNS - set(reader.fieldnames or [])
    if missing:
        raise invalid(
            [
                FieldProblem(
                    "file",
                    "R1",
                    f"missing columns: {', '.join(sorted(missing))}",
                    f"缺少列：{'、'.join(sorted(missing))}",
                )
            ],
            rule="R1",
        )
    seen: set[str] = set()
    imported: list[str] = []
    rejected: list[dict[str, Any]] = []
    for n, row in enumerate(reader, start=1):
        d = _row_dict(row)
        cert = d.get("certificate_no")
        errors: list[dict[str, str]] = []
        data = None
        try:
            data = RightIn.model_validate(d)
        except ValidationError as exc:
            errors += _errors(exc)
        if data is not None:
            errors += [
                {"field": p.field, "rule": p.rule, "message": p.message_en}
                for p in cross_field_problems(data.model_dump())
            ]
            if data.county != county:
                errors.append(
                    {"field": "county", "rule": "X3", "message": "another county's right"}
                )
        if cert and (
            cert in seen
            or await session.scalar(
                select(func.count()).select_from(Right).where(Right.certificate_no == cert)
            )
        ):
            errors.append(
                {"field": "certificate_no", "rule": "R1", "message": "certificate already exists"}
            )
        if cert:
            seen.add(cert)
        if errors or data is None:
            rejected.append({"row": n, "certificate_no": cert, "errors": errors})
            continue
        await create_right(session, data, by, action="imported")
        imported.append(data.certificate_no)
    await record_decision(
        session,
        subject_type="right_import",
        subject_id=county,
        action="rights.imported",
        by=by,
        reason="bulk import of existing certification data",
        rule="R1",
        data={"imported": len(imported), "rejected": [r["row"] for r in rejected]},
    )
    return {"imported": len(imported), "certificate_nos": imported, "rejected": rejected}


# --- reading ------------------------------------------------------------------------------


async def active_liens(session: AsyncSession, certificate_no: str) -> list[Lien]:
    rows = await session.execute(
        select(Lien)
        .where(Lien.certificate_no == certificate_no, Lien.status == "active")
        .order_by(Lien.rank)
    )
    return list(rows.scalars())


async def flag_states(session: AsyncSession, right: Right) -> list[TitleFlag]:
    out = []
    for flag in FLAGS:
        last = (
            await session.execute(
                select(RightFlagChange)
                .where(
                    RightFlagChange.certificate_no == right.certificate_no,
                    RightFlagChange.flag == flag,
                )
                .order_by(RightFlagChange.id.desc())
                .limit(1)
            )
        ).scalar_one_or_none()
        out.append(
            TitleFlag(
                flag=flag,  # type: ignore[arg-type]
                set=bool(getattr(right, flag)),
                reason=last.reason if last else None,
                since=last.decided_at if last else None,
            )
        )
    return out


async def rights_held_by(session: AsyncSession, party_id: str, *, limit: int = 100) -> list[Right]:
    """The rights a party holds as the registered holder, by certificate number — 我的权利
    (co-owned rights are left out: co-owners are kept in a JSON column, not indexed)."""
    rows = await session.execute(
        select(Right)
        .where(Right.holder_party_id == party_id)
        .order_by(Right.certificate_no)
        .limit(limit)
    )
    return list(rows.scalars())


def holders_of(right: Right) -> list[TitleHolder]:
    return [TitleHolder(party_id=right.holder_party_id, name=right.holder_name)] + [
        TitleHolder(party_id=c["party_id"], name=c["name"], role="co_owner")
        for c in right.co_owners or []
    ]


async def title_search(session: AsyncSession, certificate_no: str) -> TitleSearchResult:
    right = await get_right(session, certificate_no)
    liens = await active_liens(session, certificate_no)
    return TitleSearchResult(
        certificate_no=right.certificate_no,
        right_type=right.right_type,
        origin=right.origin,  # type: ignore[arg-type]
        holders=holders_of(right),
        location=right.location,
        area_mu=right.area_mu,
        term_start=right.term_start,
        term_end=right.term_end,
        flags=await flag_states(session, right),
        liens=[
            TitleLien(
                lien_id=lien.id,
                lender_org_id=lien.lender_org_id,
                secured_amount=from_fen(lien.secured_amount_fen),
                rank=lien.rank,
                registered_at=lien.registered_at,
                term_end=lien.term_end,
            )
            for lien in liens
        ],
        version=right.version,
        searched_at=session_context(session).clock.now(),
    )


async def may_obtain_certificate(session: AsyncSession, right: Right, who: Principal) -> bool:
    """查询证明 only for the holder, a lienholder, or a party with a recorded interest."""
    me = who.org.id
    if me in {h.party_id for h in holders_of(right)} or who.subject == right.holder_party_id:
        return True
    if (
        await session.scalar(
            select(func.count())
            .select_from(Lien)
            .where(Lien.certificate_no == right.certificate_no, Lien.lender_org_id == me)
        )
        and who.org.type == "bank"
    ):
        return True
    return bool(
        await session.scalar(
            select(func.count())
            .select_from(RecordedInterest)
            .where(
                RecordedInterest.certificate_no == right.certificate_no,
                RecordedInterest.party_id.in_([me, who.subject]),
            )
        )
    )


async def issue_search_certificate(
    session: AsyncSession, right: Right, who: Principal
) -> dict[str, Any]:
    now = session_context(session).clock.now()
    flags = [f.model_dump(mode="json") for f in await flag_states(session, right)]
    all_liens = (
        await session.execute(
            select(Lien)
            .where(Lien.certificate_no == right.certificate_no)
            .order_by(Lien.registered_at)
        )
    ).scalars()
    liens = [
        {
            "lien_id": lien.id,
            "lender": lien.lender_name,
            "lender_org_id": lien.lender_org_id,
            "secured_amount": str(from_fen(lien.secured_amount_fen)),
            "rank": lien.rank,
            "registered_at": lien.registered_at.isoformat(),
            "term_end": lien.term_end.isoformat(),
            "status": lien.status,
            "discharge_reason": lien.discharge_reason,
            "discharged_at": lien.discharged_at.isoformat() if lien.discharged_at else None,
        }
        for lien in all_liens
    ]
    body = {
        "certificate_no": right.certificate_no,
        "right_type": right.right_type,
        "holder": right.holder_name,
        "location": right.location,
        "area_mu": right.area_mu,
        "term": f"{right.term_start or ''}—{right.term_end or ''}",
        "version": right.version,
    }
    lines = [
        "查询证明 / Search certificate",
        f"权证号 Certificate: {right.certificate_no}",
        f"权利人 Holder: {right.holder_name}",
        f"坐落 Location: {right.location}    面积 Area: {right.area_mu} 亩",
        f"期限 Term: {body['term']}",
        "标记 Flags: " + ("、".join(FLAG_ZH[f["flag"]] for f in flags if f["set"]) or "无 none"),
        "抵押 Liens:",
    ]
    for lien in liens:
        lines.append(
            f"  #{lien['rank']} {lien['lender']} {lien['secured_amount']} 元 "
            f"登记 {lien['registered_at'][:10]} 至 {lien['term_end']} [{lien['status']}]"
        )
    if not liens:
        lines.append("  无 none")
    cert = SearchCertificate(
        certificate_no=right.certificate_no,
        issued_to=f"{who.org.type}:{who.org.id}",
        issued_at=now,
        content={"right": body, "flags": flags, "liens": liens},
    )
    session.add(cert)
    await session.flush()
    number = f"CX{right.county}{cert.id:08d}"
    issued = now.astimezone(SHANGHAI).isoformat(timespec="seconds")  # a person reads it
    lines.insert(1, f"编号 No.: {number}    出具 Issued: {issued}")
    lines.append(f"出具对象 Issued to: {cert.issued_to}")
    await record_decision(
        session,
        subject_type="right",
        subject_id=right.certificate_no,
        action="search_certificate.issued",
        by=who,
        rule="R1",
        data={"number": number},
    )
    return {
        "number": number,
        "certificate_no": right.certificate_no,
        "issued_to": cert.issued_to,
        "issued_at": now,
        "right": body,
        "flags": flags,
        "liens": liens,
        "text": "\n".join(lines),
    }


# --- a completed trade (R1, B6) -------------------------------------------------------


def _add_months(day: date, months: int) -> date:
    """``day`` moved by calendar months, clipped to the month's last day (31 Jan → 28 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def term_years(start: date | None, end: date | None) -> Fraction | None:
    """A term's length in years, exactly, over its calendar years and months (issue 15
    item 10): the end day is included, so 2027-03-01..2032-02-29 is 5 years whatever the
    leap days. Whole years, then whole months (1/12 each), then the days left as a share
    of the month they fall in (days ÷ that month's days ÷ 12)."""
    if start is None or end is None or end < start:
        return None
    stop = end + timedelta(days=1)  # the first day after the term
    months = (stop.year - start.year) * 12 + stop.month - start.month
    while months > 0 and _add_months(start, months) > stop:
        months -= 1
    anchor = _add_months(start, months)
    days = (stop - anchor).days
    month_days = (_add_months(anchor, 1) - anchor).days
    return Fraction(months, 12) + Fraction(days, 12 * month_days)


async def record_trade(session: AsyncSession, ev: SettlementCompleted) -> RightTransfer | None:
    """The right passes to the buyer for the traded term; publish right_transferred.

    A transfer (转让) moves the right itself to the buyer on the same certificate. A
    lease, equity contribution or other way transfers the management right for the
    traded term only: the holder keeps the original, and the buyer gets a new
    transferred-right certificate (农村流转土地经营权证, 001 Appendix B) numbered
    ``<certificate>-L<n>``. A redelivered settlement changes nothing (one per trade).
    """
    done = await session.scalar(select(RightTransfer).where(RightTransfer.trade_id == ev.trade_id))
    if done is not None:
        return None
    now = session_context(session).clock.now()
    price_fen = to_fen(ev.price)
    if ev.disposal_id:
        from registry.disposals.service import settle_disposal

        await settle_disposal(session, ev.disposal_id, price_fen, now)
    cert_key = ev.right_certificate_no or f"listing-{ev.listing_id}"
    right = None
    if ev.right_certificate_no:
        right = (
            await session.execute(
                select(Right)
                .where(Right.certificate_no == ev.right_certificate_no)
                .with_for_update()
            )
        ).scalar_one_or_none()
    new_cert: str | None = None
    from_party = ev.seller_party_id
    term_start, term_end = ev.term_start, ev.term_end
    if right is not None:
        from_party = right.holder_party_id
        if ev.way == "transfer":
            right.holder_party_id = ev.buyer_party_id
            right.holder_name = ev.buyer_name
            right.co_owners = []
            right.transfer_contract_no = ev.trade_id
            if term_start:
                right.term_start = term_start
            if term_end and (right.term_end is None or term_end < right.term_end):
                right.term_end = term_end
            term_start, term_end = right.term_start, right.term_end
            right.version += 1
            right.updated_at = now
            await session.flush()
            await _history(session, right, "transferred", None, f"trade {ev.trade_id}")
        else:
            children = await session.scalar(
                select(func.count())
                .select_from(Right)
                .where(Right.parent_certificate_no == right.certificate_no)
            )
            new_cert = f"{right.certificate_no}-L{children + 1}"
            term_start = term_start or right.term_start
            term_end = term_end or right.term_end
            if right.term_end and term_end and term_end > right.term_end:
                term_end = right.term_end
            area = Decimal(ev.area_mu or right.area_mu)
            years = term_years(term_start, term_end)
            rent = (
                round_fen(Fraction(price_fen) / (Fraction(area) * years))
                if years and area > 0
                else None
            )
            child = RightIn(
                certificate_no=new_cert,
                county=right.county,
                township=right.township,
                collective_id=right.collective_id,
                right_type=right.right_type,  # type: ignore[arg-type]
                origin="transfer",
                holder_party_id=ev.buyer_party_id,
                holder_name=ev.buyer_name,
                location=right.location,
                area_mu=area,
                term_start=term_start,
                term_end=term_end,
                transfer_contract_no=ev.trade_id,
                contractor_party_id=right.holder_party_id,
                contractor_name=right.holder_name,
                annual_rent_per_mu=from_fen(rent) if rent is not None else None,
                rent_paid_until=term_end,  # the whole price is settled through the exchange
            )
            await create_right(
                session, child, None, action="issued_on_trade", parent=right.certificate_no
            )
            right.version += 1
            right.updated_at = now
            await session.flush()
            await _history(
                session, right, f"{ev.way}_out", None, f"trade {ev.trade_id} → {new_cert}"
            )
    transfer = RightTransfer(
        trade_id=ev.trade_id,
        listing_id=ev.listing_id,
        certificate_no=cert_key,
        new_certificate_no=new_cert,
        way=ev.way,
        from_party_id=from_party,
        to_party_id=ev.buyer_party_id,
        to_name=ev.buyer_name,
        price_fen=price_fen,
        term_start=term_start,
        term_end=term_end,
        transferred_at=now,
    )
    session.add(transfer)
    await session.flush()
    await record_decision(
        session,
        subject_type="right",
        subject_id=cert_key,
        action="right.transferred",
        by=None,
        reason=f"trade {ev.trade_id} settled (listing {ev.listing_id})",
        rule="R1",
        data={"way": ev.way, "new_certificate_no": new_cert, "in_ledger": right is not None},
    )
    await record_event(
        session,
        RightTransferred(
            certificate_no=cert_key,
            new_certificate_no=new_cert,
            listing_id=ev.listing_id,
            from_party_id=from_party,
            to_party_id=ev.buyer_party_id,
            to_name=ev.buyer_name,
            way=ev.way,
            term_start=term_start,
            term_end=term_end,
            transferred_at=now,
        ),
    )
    return transfer
