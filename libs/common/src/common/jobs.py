"""Long operations — 后台任务: a persisted job the service's worker runs in steps.

A request that would take too long (a bulk import, a report over the whole county)
starts a job instead (202 with its id): a row of the service's ``jobs`` table, run by
the worker (``common.job_runner``), never in the request. Each step runs in its own
transaction and commits its work together with the job's progress (done/total) and
cursor (``data``), so another request reads the progress, and a worker that dies loses
only the step in flight: the job stays queued/running with its last committed step and
the next worker to look resumes it (docs/foundation.md, "Long operations").

A service declares its job model (``class Job(JobMixin, Base)``) and its kinds
(``JobKind``) in one ``Jobs`` and names it in its ``ServiceDefinition``; the routes that
read jobs are ``common.job_routes``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Index, Integer, String, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, declared_attr, mapped_column

from common.access import county_of, other_org
from common.auth import Organization, OrgType, Principal, Role
from common.context import now
from common.db import UTCDateTime
from common.keys import new_id
from common.problems import Problem, is_infrastructure_error, not_found
from common.storage import DocumentStore
from common.transitions import START, StateMachine

QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"
#: queued → running (its first step) → done | failed; a running job steps on in place
JOB_STATES = StateMachine.of(
    [
        (START, QUEUED, "start"),
        (QUEUED, RUNNING, "step"),
        (QUEUED, DONE, "finish"),
        (RUNNING, DONE, "finish"),
        (QUEUED, FAILED, "fail"),
        (RUNNING, FAILED, "fail"),
    ],
    "X4",
    "job",
    "后台任务",
    attribute="state",
)
#: the most jobs "list my jobs" answers (newest first)
MY_JOBS_LIMIT = 50


class JobMixin:
    """The columns of a service's ``jobs`` table (后台任务)."""

    __tablename__ = "jobs"

    @declared_attr.directive
    def __table_args__(cls) -> tuple[Any, ...]:
        return (
            Index("ix_jobs_pending", "state", "updated_at"),
            Index("ix_jobs_owner", "owner_subject", "created_at"),
        )

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    kind: Mapped[str] = mapped_column(String(60))
    county: Mapped[str | None] = mapped_column(String(6))
    owner_subject: Mapped[str] = mapped_column(String(200))
    owner_org_type: Mapped[str] = mapped_column(String(40))
    owner_org_id: Mapped[str] = mapped_column(String(200))
    #: who started it, whole: the steps act with the starter's authority
    owner: Mapped[dict[str, Any]] = mapped_column(JSON)
    params: Mapped[dict[str, Any]] = mapped_column(JSON)
    state: Mapped[str] = mapped_column(String(12))
    done: Mapped[int] = mapped_column(Integer, default=0)
    total: Mapped[int | None] = mapped_column(Integer)
    steps: Mapped[int] = mapped_column(Integer, default=0)
    #: the kind's cursor between steps (what the next step starts from)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    #: the outcome's summary (an import's report, a report's figures)
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    result_sha256: Mapped[str | None] = mapped_column(String(64))
    result_filename: Mapped[str | None] = mapped_column(String(200))
    result_type: Mapped[str | None] = mapped_column(String(120))
    #: a failed job's problem (problem+json body, English and Chinese)
    problem: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


@dataclass
class JobStep:
    """What one step of a job sees: its transaction, the job, the starter and the store.
    A step moves ``job.done``/``job.total`` with :meth:`progress`, keeps its cursor in
    ``job.data`` and ends the job with :meth:`finish`."""

    session: AsyncSession
    job: Any
    who: Principal
    store: DocumentStore
    finished: bool = False
    #: the last work, to be done after this step commits (see :meth:`finish_outside`)
    outside: Callable[[], Awaitable[tuple[bytes, str, str]]] | None = None
    outside_result: dict[str, Any] | None = None

    def progress(self, done: int, total: int | None = None) -> None:
        self.job.done = done
        if total is not None:
            self.job.total = total

    def remember(self, **data: Any) -> None:
        """Keep ``data`` for the next step (a new dict, so the JSON column sees the change)."""
        self.job.data = {**(self.job.data or {}), **data}

    async def finish(
        self,
        result: dict[str, Any] | None = None,
        file: tuple[bytes, str, str] | None = None,
    ) -> None:
        """The job is done: its summary, and its file (bytes, file name, type) if any."""
        self.job.result = result
        if file is not None:
            content, filename, content_type = file
            self.job.result_sha256 = await self.store.put(content)
            self.job.result_filename, self.job.result_type = filename, content_type
        self.finished = True

    def finish_outside(
        self,
        result: dict[str, Any] | None,
        make_file: Callable[[], Awaitable[tuple[bytes, str, str]]],
    ) -> None:
        """The job ends with a file made by ``make_file`` — work that needs no database
        (laying out a PDF) and so runs after this step commits, holding no transaction
        (on SQLite a transaction holds the one write lock: every request would wait).
        If the worker dies meanwhile the job is still at this step and is taken again."""
        self.outside, self.outside_result = make_file, result


StepFn = Callable[[JobStep], Awaitable[None]]


@dataclass(frozen=True)
class JobKind:
    """One kind of job: its name (``"borrowers.import"``), its Chinese title, and its step."""

    name: str
    title_zh: str
    step: StepFn


def principal_json(who: Principal) -> dict[str, Any]:
    org = who.org
    return {
        "subject": who.subject,
        "name": who.name,
        "roles": sorted(r.value for r in who.roles),
        "org": {"type": org.type.value, "id": org.id, "county": org.county},
    }


def principal_of(owner: dict[str, Any]) -> Principal:
    org = owner["org"]
    return Principal(
        owner["subject"],
        owner["name"],
        frozenset(Role(r) for r in owner["roles"]),
        Organization(OrgType(org["type"]), org["id"], org.get("county")),
    )


def failure_body(exc: Exception) -> dict[str, Any]:
    """The problem a failed job shows (a refusal as the API words it; anything else as
    an internal error, its text kept for the operator in the log, not shown)."""
    if isinstance(exc, Problem):
        return exc.body()
    return Problem(
        500,
        "job-failed",
        "The job failed; staff have been told",
        "任务执行失败，已通知运维人员",
        rule="X4",
    ).body()


@dataclass
class Jobs:
    """A service's job model and kinds: start, read and step its jobs."""

    model: type[Any]
    kinds: dict[str, JobKind] = field(default_factory=dict)

    @classmethod
    def of(cls, model: type[Any], *kinds: JobKind) -> Jobs:
        return cls(model, {k.name: k for k in kinds})

    def with_kinds(self, *kinds: JobKind) -> Jobs:
        return Jobs(self.model, {**self.kinds, **{k.name: k for k in kinds}})

    async def start(
        self, session: AsyncSession, who: Principal, kind: str, params: dict[str, Any]
    ) -> Any:
        """A queued job of ``kind`` owned by ``who`` (flushed; the worker runs it after
        the request commits)."""
        if kind not in self.kinds:
            raise LookupError(f"no job kind {kind!r}")
        at = now(session)
        job = self.model(
            id=new_id(),
            kind=kind,
            county=county_of(who),
            owner_subject=who.subject,
            owner_org_type=who.org.type.value,
            owner_org_id=who.org.id,
            owner=principal_json(who),
            params=params,
            state=QUEUED,
            done=0,
            steps=0,
            data={},
            created_at=at,
            updated_at=at,
        )
        session.add(job)
        await session.flush()
        session.info["jobs_written"] = True  # wakes this process's job runner on commit
        return job

    async def readable(self, session: AsyncSession, who: Principal, job_id: str) -> Any:
        """The job, for its owner's organization only (X3: 403 other-organization)."""
        job = await session.get(self.model, job_id)
        if job is None:
            raise not_found("Job", "后台任务")
        if (job.owner_org_type, job.owner_org_id) != (who.org.type.value, who.org.id):
            raise other_org("The job", "该任务")
        return job

    async def mine(self, session: AsyncSession, who: Principal) -> list[Any]:
        """The caller's own jobs, newest first."""
        m = self.model
        q = (
            select(m)
            .where(m.owner_subject == who.subject, m.owner_org_id == who.org.id)
            .order_by(m.created_at.desc(), m.id.desc())
            .limit(MY_JOBS_LIMIT)
        )
        return list(await session.scalars(q))

    async def claim(self, session: AsyncSession) -> Any | None:
        """Lock the unfinished job that waited longest (``SKIP LOCKED``: two workers never
        step the same job at once); None when there is none."""
        m = self.model
        q = (
            select(m)
            .where(m.state.in_((QUEUED, RUNNING)))
            .order_by(m.updated_at, m.id)
            .limit(1)
            .with_for_update(skip_locked=True)
        )
        return await session.scalar(q)

    async def run_step(
        self, session: AsyncSession, job: Any, store: DocumentStore
    ) -> JobStep | None:
        """One step of the locked ``job``, in the caller's transaction. A refusal or a bug
        in the step fails the job with its problem (the step's own writes are rolled back
        with its savepoint); an infrastructure error propagates, so the whole step is
        rolled back and the job is tried again later from the same point."""
        kind = self.kinds.get(job.kind)
        ctx = JobStep(session, job, principal_of(job.owner), store)
        at = now(session)
        try:
            async with session.begin_nested():
                if kind is None:
                    raise LookupError(f"no job kind {job.kind!r}")
                await kind.step(ctx)
        except Exception as exc:
            if is_infrastructure_error(exc):
                raise
            await session.refresh(job)
            self.fail(job, exc, at)
            return None
        job.steps += 1
        job.updated_at = at
        if ctx.finished:
            if job.total is None:
                job.total = job.done
            JOB_STATES.move(job, DONE, "finish")
            job.finished_at = at
        elif job.state == QUEUED:
            JOB_STATES.move(job, RUNNING, "step")
        await session.flush()
        return ctx

    def fail(self, job: Any, exc: Exception, at: datetime) -> None:
        job.problem = failure_body(exc)
        JOB_STATES.move(job, FAILED, "fail")
        job.updated_at = job.finished_at = at

    async def finish_outside(
        self,
        session: AsyncSession,
        job_id: str,
        steps: int,
        done: JobStep,
        file: tuple[bytes, str, str] | Exception,
    ) -> None:
        """Record the file made outside the transaction (``JobStep.finish_outside``) —
        unless the job moved on meanwhile (another worker finished it first)."""
        job = await session.get(self.model, job_id, with_for_update=True)
        if job is None or job.steps != steps or job.state not in (QUEUED, RUNNING):
            return
        at = now(session)
        if isinstance(file, Exception):
            self.fail(job, file, at)
            return
        content, filename, content_type = file
        job.result = done.outside_result
        job.result_sha256 = await done.store.put(content)
        job.result_filename, job.result_type = filename, content_type
        if job.total is None:
            job.total = job.done
        JOB_STATES.move(job, DONE, "finish")
        job.updated_at = job.finished_at = at
        await session.flush()


def job_view(job: Any, title_zh: str) -> dict[str, Any]:
    """The job as the API shows it (``common.job_routes.JobOut``)."""
    return {
        "id": job.id,
        "kind": job.kind,
        "title_zh": title_zh,
        "county": job.county,
        "owner": job.owner_subject,
        "state": job.state,
        "done": job.done,
        "total": job.total,
        "params": job.params,
        "result": job.result,
        "has_file": job.result_sha256 is not None,
        "result_filename": job.result_filename,
        "problem": job.problem,
        "created_at": job.created_at,
        "finished_at": job.finished_at,
    }
