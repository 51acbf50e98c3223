"""Scheduled statistics and filings — 定期统计报送 (DOMAIN X7), once for every service.

A service declares a report once (``ReportDefinition``: its period kinds, each with its
due rule, its recipients, and how its figures are computed) and keeps a small
``filings`` table of its own (``FilingMixin``, an Alembic revision per service, as the
documents register). For every county that has a reporting duty a persisted timer waits
for each period's due moment (the end of the due day, Asia/Shanghai); when it fires and
nothing was filed yet, the period's figures are frozen as version 1 — contents and their
SHA-256 stored, ``late`` when it ran after the due moment. Filing earlier is allowed
(``file_now``); a correction is a new version with a reason, the old one kept; each is a
decision (X2). A filed version downloads as a typed spreadsheet (``workbook_xlsx``:
numbers are numbers, rates percentages, Chinese headings) or a PDF (``workbook_pdf``),
both rendered from the frozen contents — never recomputed.

The contents are a *workbook spec* (plain JSON, so the hash is over what is printed):
``{"title", "meta": [[label, value, kind]], "summary": [[label, value, kind]],
"tables": [{"name", "columns": [[key, heading, kind]], "rows": [{key: value}],
"total": bool, "ratios": [[heading, numerator key, denominator key]]}]}`` and, beside it,
``data``: the report as its JSON endpoint gives it.
"""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import JSON, Boolean, Integer, String, Text, UniqueConstraint, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, declared_attr, mapped_column

from common.audit import record_decision
from common.auth import Principal
from common.clock import SHANGHAI, local_date
from common.context import now, session_context
from common.db import UTCDateTime
from common.documents import COUNTY_NAMES, Renderer, canonical
from common.keys import new_id
from common.money import from_fen
from common.problems import FieldProblem, Problem, invalid, invalid_field, not_found
from common.scheduler import schedule_timer
from common.service import Timer

#: The one timer kind of every filing: key ``report:county:period``.
FILING_TIMER = "filing.due"
AMOUNT_FORMAT = "#,##0.00"
RATE_FORMAT = "0.00%"
DATE_FORMAT = "yyyy-mm-dd"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
KIND_ZH = {"month": "月报", "quarter": "季报", "year": "年报"}

# --- periods and due rules (pure) --------------------------------------------------------

_PERIOD = re.compile(r"^(\d{4})(?:-Q([1-4])|-(0[1-9]|1[0-2]))?$")


@dataclass(frozen=True)
class Period:
    """A reporting period: "2026-03" (month), "2026-Q1" (quarter) or "2026" (year)."""

    name: str
    kind: str  # month | quarter | year
    start: date
    end: date  # its last day

    def next(self) -> Period:
        day = self.end + timedelta(days=1)
        return period_of(self.kind, day)


def parse_period(text: str, field: str = "period") -> Period:
    m = _PERIOD.match(text)
    if not m or not 2000 <= int(m.group(1)) <= 2100:
        raise invalid_field(
            field,
            "X7",
            'period must be "YYYY", "YYYY-Qn" or "YYYY-MM", years 2000 to 2100',
            "报告期格式应为YYYY、YYYY-Qn或YYYY-MM（2000至2100年）",
        )
    year = int(m.group(1))
    if m.group(2):
        q = int(m.group(2))
        start = date(year, 3 * q - 2, 1)
        nxt = date(year + 1, 1, 1) if q == 4 else date(year, 3 * q + 1, 1)
        return Period(text, "quarter", start, nxt - timedelta(days=1))
    if m.group(3):
        month = int(m.group(3))
        start = date(year, month, 1)
        nxt = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
        return Period(text, "month", start, nxt - timedelta(days=1))
    return Period(text, "year", date(year, 1, 1), date(year, 12, 31))


def period_of(kind: str, day: date) -> Period:
    """The period of ``kind`` that ``day`` lies in."""
    if kind == "month":
        return parse_period(f"{day.year}-{day.month:02d}")
    if kind == "quarter":
        return parse_period(f"{day.year}-Q{(day.month - 1) // 3 + 1}")
    return parse_period(f"{day.year}")


DueRule = Callable[[Period], date]


def day_of_next_month(day: int) -> DueRule:
    """Due on ``day`` of the month after the period (monthly: 次月10日前)."""

    def due(p: Period) -> date:
        return (p.end + timedelta(days=1)).replace(day=day)

    return due


def days_after(days: int) -> DueRule:
    """Due ``days`` after the period's last day (quarterly: 季后10日内)."""

    def due(p: Period) -> date:
        return p.end + timedelta(days=days)

    return due


def january(day: int) -> DueRule:
    """Due on ``day`` January of the next year (annual: 次年1月10日前)."""

    def due(p: Period) -> date:
        return date(p.end.year + 1, 1, day)

    return due


def due_moment(day: date) -> datetime:
    """A filing due "by" ``day`` is on time until that day ends in Asia/Shanghai."""
    return datetime.combine(day + timedelta(days=1), time(0), tzinfo=SHANGHAI)


def period_close(p: Period) -> datetime:
    """The instant the period closes (its last day ends, Asia/Shanghai)."""
    return due_moment(p.end)


# --- definitions ---------------------------------------------------------------------------

#: (session, county, period) → (data, workbook spec); ``data`` is the JSON report.
Compute = Callable[[AsyncSession, str, Period], Awaitable[tuple[dict[str, Any], dict[str, Any]]]]


@dataclass(frozen=True)
class ReportDefinition:
    """One periodic report: its key (in URLs and timer keys), its Chinese title, the
    rule it serves, its period kinds each with a due rule, and its recipients."""

    key: str
    title_zh: str
    rule: str
    due: Mapping[str, DueRule]  # period kind → due rule
    recipients: Sequence[str]
    compute: Compute

    def period(self, text: str, field: str = "period") -> Period:
        p = parse_period(text, field)
        if p.kind not in self.due:
            kinds = "/".join(self.due)
            raise invalid_field(
                field,
                self.rule,
                f"this report is filed per {kinds}, not per {p.kind}",
                f"本报告按{'、'.join(KIND_ZH[k] for k in self.due)}报送",
            )
        return p

    def due_date(self, p: Period) -> date:
        return self.due[p.kind](p)

    def workbook_title(self, county: str, p: Period) -> str:
        """A filing's workbook title: the county's name, the report's, the period and its
        kind (兰陵县宅基地制度改革试点统计2026-03月报; a county without a name, its code)."""
        return f"{COUNTY_NAMES.get(county, county)}{self.title_zh}{p.name}{KIND_ZH[p.kind]}"


class FilingMixin:
    """The columns of every service's ``filings`` table: one row per filed version."""

    @declared_attr.directive
    def __table_args__(cls) -> tuple[Any, ...]:
        return (UniqueConstraint("report", "county", "period", "version"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    report: Mapped[str] = mapped_column(String(40))
    county: Mapped[str] = mapped_column(String(6))
    period: Mapped[str] = mapped_column(String(8))
    version: Mapped[int] = mapped_column(Integer)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime())
    filed_at: Mapped[datetime] = mapped_column(UTCDateTime())
    filed_by: Mapped[str] = mapped_column(String(200))  # "system" for the timer
    late: Mapped[bool] = mapped_column(Boolean)
    reason: Mapped[str | None] = mapped_column(Text)  # a correction's reason
    content: Mapped[dict[str, Any]] = mapped_column(JSON)
    content_hash: Mapped[str] = mapped_column(String(64))


def content_hash(content: dict[str, Any]) -> str:
    return hashlib.sha256(canonical(content)).hexdigest()


#: Every declared report by its key, to the ``Filings`` that holds it: ``start_duty`` finds
#: a report's due rules here, so the area that starts a duty need not import the report's
#: area (a service's timers module imports every ``Filings`` of the service, so a running
#: service has declared them all). Report keys are unique on the platform (URLs, timers).
_DECLARED: dict[str, Filings] = {}


class Filings:
    """A service's reports and its ``filings`` model: the whole X7 mechanism."""

    def __init__(self, model: type[Any], *definitions: ReportDefinition) -> None:
        self.model = model
        self.definitions = {d.key: d for d in definitions}
        for d in definitions:
            held = _DECLARED.get(d.key)
            if held is not None and held.definitions[d.key] is not d:
                raise ValueError(f"report key {d.key!r} is declared twice")
            _DECLARED[d.key] = self

    def definition(self, key: str) -> ReportDefinition:
        return self.definitions[key]

    # --- the duty: timers ---

    async def schedule(self, session: AsyncSession, key: str, county: str) -> None:
        """Start ``county``'s duty for report ``key``: a timer at the due moment of each
        running period (kept when already there; each firing schedules the next)."""
        d = self.definitions[key]
        today = local_date(now(session))
        for kind in d.due:
            await self._schedule_period(session, d, county, period_of(kind, today))

    async def schedule_period(
        self, session: AsyncSession, key: str, county: str, period: str
    ) -> None:
        """Wait for one period's due moment (a period that closed: see guarantee's G9)."""
        d = self.definitions[key]
        await self._schedule_period(session, d, county, d.period(period))

    async def _schedule_period(
        self, session: AsyncSession, d: ReportDefinition, county: str, p: Period
    ) -> None:
        timers = _timers(session)
        tkey = f"{d.key}:{county}:{p.name}"
        exists = await session.scalar(
            select(timers.c.id).where(timers.c.kind == FILING_TIMER, timers.c.key == tkey)
        )
        if exists is None:
            payload = {"report": d.key, "county": county, "period": p.name}
            await schedule_timer(session, FILING_TIMER, tkey, due_moment(d.due_date(p)), payload)

    async def on_timer(self, session: AsyncSession, timer: Timer) -> None:
        """The due moment came: freeze the period's filing unless one exists, and wait
        for the next period of the same kind."""
        d = self.definitions[timer.payload["report"]]
        county = timer.payload["county"]
        # a duty's start timer (``report:county:duty``, due when it was set), as start_duty
        # persisted it before it scheduled the periods itself: a deployed county has some
        if "period" not in timer.payload:
            await self.schedule(session, d.key, county)
            return
        p = d.period(timer.payload["period"])
        if await self.latest(session, d.key, county, p.name) is None:
            await self._file(session, None, d, county, p, reason=None)
        await self._schedule_period(session, d, county, p.next())

    # --- filing and correcting ---

    async def file_now(
        self, session: AsyncSession, who: Principal, key: str, county: str, period: str
    ) -> Any:
        """File a closed period before the timer does; refused once filed (correct it)."""
        d = self.definitions[key]
        p = d.period(period)
        problems = []
        if now(session) < period_close(p):
            problems.append(
                FieldProblem(
                    "period",
                    "X7",
                    f"the period ends on {p.end}; it is filed after that",
                    f"报告期至{p.end}结束，结束后方可报送",
                )
            )
        if await self.latest(session, d.key, county, p.name, lock=True) is not None:
            problems.append(
                FieldProblem(
                    "period",
                    "X7",
                    "already filed: send a correction with a reason",
                    "已报送，如需更正请说明理由",
                )
            )
        if problems:
            raise invalid(problems, rule="X7", code="filing-refused", status=409)
        return await self._file(session, who, d, county, p, reason=None)

    async def correct(
        self,
        session: AsyncSession,
        who: Principal,
        key: str,
        county: str,
        period: str,
        reason: str,
    ) -> Any:
        """A correction (更正): the figures recomputed now, a new version with the
        reason; the versions before it are kept as filed."""
        d = self.definitions[key]
        p = d.period(period)
        problems = []
        if not reason.strip():
            problems.append(
                FieldProblem("reason", "X7", "a correction needs a reason", "更正须说明理由")
            )
        if await self.latest(session, d.key, county, p.name, lock=True) is None:
            problems.append(
                FieldProblem(
                    "period",
                    "X7",
                    "nothing filed yet for this period: there is nothing to correct",
                    "该报告期尚未报送，无可更正",
                )
            )
        if problems:
            raise invalid(problems, rule="X7", code="correction-refused", status=409)
        return await self._file(session, who, d, county, p, reason=reason.strip())

    async def _file(
        self,
        session: AsyncSession,
        who: Principal | None,
        d: ReportDefinition,
        county: str,
        p: Period,
        *,
        reason: str | None,
    ) -> Any:
        at = now(session)
        due = due_moment(d.due_date(p))
        data, book = await d.compute(session, county, p)
        content = {"data": _jsonable(data), "workbook": _jsonable(book)}
        last = await self.latest(session, d.key, county, p.name)
        row = self.model(
            report=d.key,
            county=county,
            period=p.name,
            version=(last.version + 1) if last else 1,
            due_at=due,
            filed_at=at,
            filed_by=who.subject if who else "system",
            late=at > due,
            reason=reason,
            content=content,
            content_hash=content_hash(content),
        )
        session.add(row)
        await session.flush()
        await record_decision(
            session,
            subject_type="filing",
            subject_id=f"{d.key}:{county}:{p.name}",
            action="filing.corrected" if reason else "filing.filed",
            by=who,
            reason=reason,
            rule="X7",
            data={
                "report": d.key,
                "rule": d.rule,
                "version": row.version,
                "late": row.late,
                "content_hash": row.content_hash,
            },
        )
        return row

    # --- reading ---

    async def latest(
        self, session: AsyncSession, key: str, county: str, period: str, *, lock: bool = False
    ) -> Any:
        m = self.model
        q = (
            select(m)
            .where(m.report == key, m.county == county, m.period == period)
            .order_by(m.version.desc())
            .limit(1)
        )
        if lock:  # two corrections at once get versions one after the other
            q = q.with_for_update()
        return await session.scalar(q)

    async def versions(
        self, session: AsyncSession, key: str, county: str, period: str | None = None
    ) -> list[Any]:
        m = self.model
        q = select(m).where(m.report == key, m.county == county)
        if period is not None:
            q = q.where(m.period == period)
        return list(await session.scalars(q.order_by(m.period, m.version)))

    async def version(
        self, session: AsyncSession, key: str, county: str, period: str, version: int
    ) -> Any:
        m = self.model
        row = await session.scalar(
            select(m).where(
                m.report == key, m.county == county, m.period == period, m.version == version
            )
        )
        if row is None:
            raise not_found("Filing", "报送记录")
        if content_hash(row.content) != row.content_hash:  # never serve altered figures
            raise Problem(
                500, "filing-integrity", "The filing's contents changed", "报送内容已被改动"
            )
        return row


class FilingOut(BaseModel):
    """A filed version (X7): when it was due and filed, late or not, its hash."""

    report: str
    title: str
    rule: str
    county: str
    period: str
    version: int
    due_at: datetime
    filed_at: datetime
    filed_by: str
    late: bool
    reason: str | None
    content_hash: str
    recipients: list[str]


class FilingCorrectionIn(BaseModel):
    """A correction (更正) of a filed report: why the figures are filed again."""

    model_config = ConfigDict(extra="forbid")

    reason: str = Field(min_length=1, max_length=2000)


def filing_view(row: Any, d: ReportDefinition) -> dict[str, Any]:
    """A filed version as the listing shows it (the contents are downloaded apart)."""
    return {
        "report": row.report,
        "title": d.title_zh,
        "rule": d.rule,
        "county": row.county,
        "period": row.period,
        "version": row.version,
        "due_at": row.due_at,
        "filed_at": row.filed_at,
        "filed_by": row.filed_by,
        "late": row.late,
        "reason": row.reason,
        "content_hash": row.content_hash,
        "recipients": list(d.recipients),
    }


async def start_duty(session: AsyncSession, key: str, county: str) -> None:
    """Start ``county``'s duty for report ``key`` from anywhere in its service, without
    importing the report's area (an earlier area: the pilot scope starts Z13): a timer
    at the due moment of each running period, as the report's ``Filings`` declared it —
    nothing is due now. Kept when already there, so calling it again costs one read."""
    filings = _DECLARED.get(key)
    if filings is None:  # a programming error: the report's module was never imported
        raise LookupError(f"report {key!r} is not declared (Filings in its service)")
    await filings.schedule(session, key, county)


def _timers(session: AsyncSession) -> Any:
    return session_context(session).infra.timers


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


# --- the spreadsheet and the PDF ---------------------------------------------------------


def typed(value: Any, kind: str) -> Any:
    """A cell's value by its kind: a count an int, an amount (元) or a rate a number,
    an amount in fen a number of 元, a date a date, a flag 是/否, text as is."""
    if value is None:
        return None
    if kind == "flag":
        return "是" if value else "否"
    if kind == "count":
        return int(value)
    if kind == "fen":
        return from_fen(int(value))
    if kind in ("amount", "rate", "number"):
        return Decimal(str(value))
    if kind == "date":
        return value if isinstance(value, date) else date.fromisoformat(str(value))
    return value


def _format(cell: Any, kind: str) -> None:
    if kind in ("amount", "fen"):
        cell.number_format = AMOUNT_FORMAT
    elif kind == "rate":
        cell.number_format = RATE_FORMAT
    elif kind == "date":
        cell.number_format = DATE_FORMAT


def workbook_xlsx(book: Mapping[str, Any]) -> bytes:
    """The spec as a workbook: 汇总 (the title, the meta lines, then every indicator
    typed under 指标/数值), and one sheet per table with a bold 合计 row when asked."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    bold = Font(bold=True)
    wb = Workbook()
    ws = wb.active
    ws.title = "汇总"
    ws.append([book["title"]])
    ws["A1"].font = bold
    for label, value, kind in book.get("meta", []):
        ws.append([label, typed(value, kind)])
        _format(ws.cell(row=ws.max_row, column=2), kind)
    ws.append(["指标", "数值"])
    for cell in ws[ws.max_row]:
        cell.font = bold
    for label, value, kind in book.get("summary", []):
        ws.append([label, typed(value, kind)])
        _format(ws.cell(row=ws.max_row, column=2), kind)
    ws.column_dimensions["A"].width = 28
    ws.column_dimensions["B"].width = 22
    for table in book.get("tables", []):
        gs = wb.create_sheet(table["name"])
        columns = table["columns"]
        ratios = table.get("ratios", [])
        gs.append([c[1] for c in columns] + [r[0] for r in ratios])
        for cell in gs[1]:
            cell.font = bold
        summed = [c[0] for c in columns[1:] if c[2] in ("count", "fen", "amount", "number")]
        totals: dict[str, Any] = {k: 0 for k in summed}
        rows = [(r, False) for r in table["rows"]]
        for data, is_total in [*rows, *([(None, True)] if table.get("total") else [])]:
            if data is None:
                data = {columns[0][0]: "合计", **totals}
            gs.append(
                [typed(data.get(c[0]), c[2]) for c in columns]
                + [_ratio(data.get(num), data.get(den)) for _h, num, den in ratios]
            )
            for col, c in enumerate(columns, start=1):
                _format(gs.cell(row=gs.max_row, column=col), c[2])
            for col in range(len(columns) + 1, len(columns) + len(ratios) + 1):
                gs.cell(row=gs.max_row, column=col).number_format = RATE_FORMAT
            if is_total:
                for cell in gs[gs.max_row]:
                    cell.font = bold
            else:
                for k in summed:
                    totals[k] += typed(data.get(k), "number") or 0
        gs.column_dimensions["A"].width = 20
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _ratio(numerator: Any, denominator: Any) -> Decimal:
    if not denominator:
        return Decimal("0.0000")
    return (Decimal(str(numerator or 0)) / Decimal(str(denominator))).quantize(Decimal("0.0001"))


def shown(value: Any, kind: str) -> str:
    """A value as printed: rates in %, amounts with thousands and two decimals."""
    if value is None:
        return ""
    if kind == "rate":
        return f"{Decimal(str(value)) * 100:.2f}%"
    if kind == "flag":
        return "是" if value else "否"
    if kind == "amount":
        return f"{Decimal(str(value)):,.2f}"
    if kind == "fen":
        return f"{from_fen(int(value)):,.2f}"
    return str(value)


RENDERER = Renderer(Path(__file__).parent / "document_templates")


async def workbook_pdf(book: Mapping[str, Any], *, heading: Sequence[tuple[str, str]]) -> bytes:
    """The filing as an A4 PDF (Chinese, fonts embedded): the title, ``heading`` (the
    filing's version, due and filed times, its content hash), the indicators and each
    table — the same contents as the spreadsheet."""
    summary = [(label, shown(value, kind)) for label, value, kind in book.get("summary", [])]
    meta = [(label, shown(value, kind)) for label, value, kind in book.get("meta", [])]
    tables = [
        {
            "name": t["name"],
            "head": [c[1] for c in t["columns"]],
            "rows": [[shown(r.get(c[0]), c[2]) for c in t["columns"]] for r in t["rows"]],
        }
        for t in book.get("tables", [])
    ]
    return await RENDERER.pdf(
        "filing.html",
        title=book["title"],
        meta=[*meta, *heading],
        summary=summary,
        tables=tables,
    )


def period_kind_zh(period: str) -> str:
    return KIND_ZH[parse_period(period).kind]


async def download(row: Any, d: ReportDefinition, fmt: str) -> dict[str, Any] | Response:
    """A filed version as its JSON record with contents, its spreadsheet or its PDF —
    each from the frozen contents (the hash checked on reading)."""
    if fmt == "json":
        return {**filing_view(row, d), "content": row.content}
    name = f"{d.key}-{row.county}-{row.period}-v{row.version}"
    book = row.content["workbook"]
    if fmt == "xlsx":
        body, media = workbook_xlsx(book), XLSX
    else:
        heading = [
            ("报送版本", f"第{row.version}版" + (f"（更正：{row.reason}）" if row.reason else "")),
            ("报送截止", f"{row.due_at.astimezone(SHANGHAI):%Y-%m-%d %H:%M}"),
            ("报送时间", f"{row.filed_at.astimezone(SHANGHAI):%Y-%m-%d %H:%M}"),
            ("是否逾期", "是" if row.late else "否"),
            ("内容摘要 SHA-256", row.content_hash),
        ]
        body, media = await workbook_pdf(book, heading=heading), "application/pdf"
    ext = "xlsx" if fmt == "xlsx" else "pdf"
    return Response(
        body,
        media_type=media,
        headers={"Content-Disposition": f'attachment; filename="{name}.{ext}"'},
    )
