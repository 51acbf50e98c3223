"""County configuration — 县级参数 (ARCHITECTURE "County configuration").

A deployment serves several counties. Each county's numbers (announcement minimum,
LTV caps, fee and reward rates, base land price tables, valuation tables) are versioned
data with an effective date and an audit trail, not constants in code; the defaults
are the seeds' numbers.

A service declares its parameters once::

    PARAMS = CountyParameters(
        Parameter("announcement_min_days", 20, int, "Minimum announcement days",
                  rule="L5", check=at_least(20)),
    )
    days = await PARAMS.get(session, county, "announcement_min_days")

Every change is a new row in the service's append-only ``county_parameters`` table
(version, value, effective date, who, why) and an X2 decision; a version takes effect on
its ``effective_from`` date (Asia/Shanghai calendar) and never retroactively. A county
that never set a parameter gets the default.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Generic, TypeVar

from fastapi import APIRouter, Depends, Path
from pydantic import BaseModel, Field, TypeAdapter, ValidationError
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from common.audit import record_decision
from common.auth import OrgType, Principal, Role, require
from common.clock import local_date
from common.context import session_context
from common.problems import FieldProblem, Problem, forbidden, invalid
from common.routes import get_session

T = TypeVar("T")
#: ``check(new, current) -> message | None``; the message is "English / 中文".
Check = Callable[[Any, Any], str | None]
COUNTY_CODE = r"^[0-9]{6}$"


@dataclass(frozen=True)
class Parameter(Generic[T]):
    """One county parameter: its key, the seed's default, its type and its rule."""

    key: str
    default: T
    annotation: Any
    description: str
    rule: str = "X4"
    check: Check | None = None
    _adapter: TypeAdapter[Any] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_adapter", TypeAdapter(self.annotation))

    def parse(self, raw: Any) -> T:
        return self._adapter.validate_python(raw)

    def dump(self, value: Any) -> Any:
        return self._adapter.dump_python(value, mode="json")


def _split(message: str) -> tuple[str, str]:
    en, _, zh = message.partition(" / ")
    return en, zh or en


def at_least(minimum: Any) -> Check:
    """The value may not go below ``minimum`` (e.g. the 20-day announcement, L5)."""

    def check(new: Any, _current: Any) -> str | None:
        if new < minimum:
            return f"must be at least {minimum} / 不得低于{minimum}"
        return None

    return check


def at_most(maximum: Any) -> Check:
    """The value may not exceed ``maximum`` (e.g. the 1.2% guarantee fee cap, G4)."""

    def check(new: Any, _current: Any) -> str | None:
        if new > maximum:
            return f"must be at most {maximum} / 不得高于{maximum}"
        return None

    return check


def between(minimum: Any, maximum: Any) -> Check:
    def check(new: Any, _current: Any) -> str | None:
        if not minimum <= new <= maximum:
            return f"must be between {minimum} and {maximum} / 须在{minimum}至{maximum}之间"
        return None

    return check


def upward_only(new: Any, current: Any) -> str | None:
    """The value can be raised, never lowered (the L5 minimum is configurable upward only)."""
    if current is not None and new < current:
        return f"can only go up from {current} / 只能上调，不得低于{current}"
    return None


def all_of(*checks: Check) -> Check:
    def check(new: Any, current: Any) -> str | None:
        for c in checks:
            message = c(new, current)
            if message:
                return message
        return None

    return check


class ParameterVersion(BaseModel):
    """One recorded version of a county parameter."""

    county: str
    key: str
    version: int
    value: Any
    effective_from: date
    recorded_by: str
    recorded_at: datetime
    reason: str


class ParameterValue(BaseModel):
    """A parameter as in force for a county on a date (the default where never set)."""

    key: str
    description: str
    rule: str
    value: Any
    default: Any
    version: int | None = Field(description="None: the seed's default is in force.")
    effective_from: date | None


class ParameterChange(BaseModel):
    value: Any = Field(description="The new value, in the parameter's JSON form.")
    effective_from: date = Field(description="First day it applies (today or later).")
    reason: str = Field(max_length=1000, description="Why it changes (X2); required.")


_MEMO = "county_parameters_remembered"


@contextmanager
def remembered(session: AsyncSession) -> Iterator[None]:
    """Within the block each parameter of a county and day is read from the database once
    — for a read-only report that asks the same ones for each of its rows (L25's L16
    reserves: one query per listing was most of the report's time, bench/README.md). A
    write inside the block would not be seen: use it only where nothing changes them."""
    session.info[_MEMO] = {}
    try:
        yield
    finally:
        session.info.pop(_MEMO, None)


class CountyParameters:
    """A service's catalogue of county parameters."""

    def __init__(self, *params: Parameter[Any]) -> None:
        self.params: dict[str, Parameter[Any]] = {}
        for p in params:
            if p.key in self.params:
                raise ValueError(f"county parameter {p.key} is declared twice")
            self.params[p.key] = p

    def __getitem__(self, key: str) -> Parameter[Any]:
        try:
            return self.params[key]
        except KeyError:
            raise Problem(
                404,
                "unknown-county-parameter",
                f"No county parameter {key!r}",
                f"不存在县级参数{key!r}",
                rule="X4",
            ) from None

    async def _row(self, session: AsyncSession, county: str, key: str, on: date) -> Any:
        t = session_context(session).infra.county_parameters
        return (
            await session.execute(
                select(t)
                .where(t.c.county == county, t.c.key == key, t.c.effective_from <= on)
                .order_by(t.c.effective_from.desc(), t.c.version.desc())
                .limit(1)
            )
        ).first()

    async def get(
        self, session: AsyncSession, county: str, key: str, on: date | None = None
    ) -> Any:
        """The value in force for ``county`` on ``on`` (default: today, server clock);
        read once per block of ``remembered`` (a report asking it for every row)."""
        param = self[key]
        on = on or local_date(session_context(session).clock.now())
        memo = session.info.get(_MEMO)
        if memo is not None and (county, key, on) in memo:
            return memo[county, key, on]
        row = await self._row(session, county, key, on)
        value = param.default if row is None else param.parse(row.value)
        if memo is not None:
            memo[county, key, on] = value
        return value

    async def in_force(
        self, session: AsyncSession, county: str, on: date | None = None
    ) -> list[ParameterValue]:
        on = on or local_date(session_context(session).clock.now())
        out = []
        for key, p in self.params.items():
            row = await self._row(session, county, key, on)
            out.append(
                ParameterValue(
                    key=key,
                    description=p.description,
                    rule=p.rule,
                    value=p.dump(p.default) if row is None else row.value,
                    default=p.dump(p.default),
                    version=None if row is None else row.version,
                    effective_from=None if row is None else row.effective_from,
                )
            )
        return out

    async def history(self, session: AsyncSession, county: str, key: str) -> list[ParameterVersion]:
        self[key]
        t = session_context(session).infra.county_parameters
        rows = await session.execute(
            select(t).where(t.c.county == county, t.c.key == key).order_by(t.c.version)
        )
        return [ParameterVersion.model_validate(dict(r._mapping)) for r in rows]

    async def set(
        self,
        session: AsyncSession,
        county: str,
        key: str,
        raw: Any,
        *,
        effective_from: date,
        by: Principal,
        reason: str,
    ) -> ParameterVersion:
        """Record a new version; refuses (422, changing nothing) a value that breaks its rule."""
        param = self[key]
        ctx = session_context(session)
        problems: list[FieldProblem] = []
        try:
            value = param.parse(raw)
        except ValidationError as exc:
            first = exc.errors()[0]
            problems.append(
                FieldProblem(
                    "value", param.rule, f"not a valid {key}: {first['msg']}", "参数值格式不正确"
                )
            )
            value = None
        today = local_date(ctx.clock.now())
        if effective_from < today:
            problems.append(
                FieldProblem(
                    "effective_from",
                    "X2",
                    f"{effective_from} is in the past; a change never applies retroactively",
                    "生效日期不得早于今日，参数变更不溯及既往",
                )
            )
        if not reason.strip():
            problems.append(FieldProblem("reason", "X2", "a reason is required", "须说明变更理由"))
        if value is not None and param.check is not None:
            current = await self.get(session, county, key, on=effective_from)
            message = param.check(value, current)
            if message:
                problems.append(FieldProblem("value", param.rule, *_split(message)))
        if problems:
            raise invalid(problems, rule=problems[0].rule)
        dumped = param.dump(value)
        t = ctx.infra.county_parameters
        latest = await self._row(session, county, key, effective_from)
        if (
            latest is not None
            and latest.effective_from == effective_from
            and latest.value == dumped
        ):
            return ParameterVersion.model_validate(dict(latest._mapping))  # a repeated PUT
        version = (
            await session.scalar(
                select(func.coalesce(func.max(t.c.version), 0)).where(
                    t.c.county == county, t.c.key == key
                )
            )
        ) + 1
        row = {
            "county": county,
            "key": key,
            "version": version,
            "value": dumped,
            "effective_from": effective_from,
            "recorded_by": by.subject,
            "recorded_at": ctx.clock.now(),
            "reason": reason,
        }
        try:
            async with session.begin_nested():
                await session.execute(t.insert().values(**row))
        except IntegrityError:
            raise Problem(
                409,
                "concurrent-parameter-change",
                "Another change of this parameter was recorded at the same time; retry",
                "该参数正被同时修改，请重试",
                rule="X2",
            ) from None
        await record_decision(
            session,
            subject_type="county_parameter",
            subject_id=f"{county}:{key}",
            action="county_parameter.set",
            by=by,
            reason=reason,
            rule=param.rule,
            data={"version": version, "value": dumped, "effective_from": str(effective_from)},
        )
        return ParameterVersion.model_validate(row)

    def router(
        self,
        *,
        write_roles: tuple[Role, ...],
        read_roles: tuple[Role, ...] | None = None,
        prefix: str = "/county-parameters",
    ) -> APIRouter:
        """GET in force / history for any authenticated caller (or ``read_roles``); PUT a
        new version for ``write_roles`` of that county only."""
        from common.routes import router as make_router

        r = make_router(prefix=prefix, tags=["county parameters — 县级参数"])
        reader = require(*(read_roles or ()))
        writer = require(*write_roles)
        County = Path(pattern=COUNTY_CODE, description="County division code (6 digits).")

        @r.get("/{county}", response_model=list[ParameterValue])
        async def in_force(
            county: str = County,
            on: date | None = None,
            session: AsyncSession = Depends(get_session),
            _: Principal = reader,
        ) -> list[ParameterValue]:
            """The county's parameters in force today (or on ``on``)."""
            return await self.in_force(session, county, on)

        @r.get("/{county}/{key}", response_model=list[ParameterVersion])
        async def history(
            key: str,
            county: str = County,
            session: AsyncSession = Depends(get_session),
            _: Principal = reader,
        ) -> list[ParameterVersion]:
            """Every recorded version of one parameter, oldest first."""
            return await self.history(session, county, key)

        @r.put("/{county}/{key}", response_model=ParameterVersion, status_code=201)
        async def change(
            key: str,
            body: ParameterChange,
            county: str = County,
            session: AsyncSession = Depends(get_session),
            who: Principal = writer,
        ) -> ParameterVersion:
            """Record a new version of a parameter, effective from a date (audited, X2)."""
            if not _of_county(who, county):
                raise forbidden(
                    f"only the county's own staff may change county {county}'s parameters",
                    "只能修改本县的参数",
                )
            return await self.set(
                session,
                county,
                key,
                body.value,
                effective_from=body.effective_from,
                by=who,
                reason=body.reason,
            )

        return r


def _of_county(principal: Principal, county: str) -> bool:
    if principal.org.type == OrgType.county and principal.org.id == county:
        return True
    return principal.org.county == county
