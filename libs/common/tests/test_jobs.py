"""Long operations (common.jobs, issue 19): a job's progress committed step by step and
readable between steps, a crashed worker's job resumed from its last committed step on
restart, a failing step's job failed with its problem (its writes rolled back), a job
read only by its owner's organization (X3), and the worker's jobs part running them.
The runner is driven step by step; time moves by the ManualClock."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from common.audit import record_decision
from common.auth import Organization, OrgType, Principal, Role
from common.clock import ManualClock
from common.job_runner import JobRunner
from common.jobs import JobKind, JobStep
from common.migrations import upgrade
from common.problems import FieldProblem, Problem, invalid
from common.runtime import ServiceRuntime
from common.worker import Worker
from testkit.testing import make_settings

UNITS = 3
CLERK = Principal(
    "clerk-1",
    "王",
    frozenset({Role.township_clerk}),
    Organization(OrgType.township, "620821101", "620821"),
)
NEIGHBOUR = Principal(
    "clerk-2",
    "李",
    frozenset({Role.township_clerk}),
    Organization(OrgType.township, "620821102", "620821"),
)
#: what the test kinds do between steps: "crash" once, "refuse", or nothing
MODE: dict[str, Any] = {}


async def count_step(step: JobStep) -> None:
    """One unit a step, each a decision row (so a unit done twice or lost shows)."""
    unit = step.job.done + 1
    await record_decision(
        step.session, subject_type="unit", subject_id=str(unit), action="done", by=step.who
    )
    if MODE.pop("crash_at", None) == unit:
        # the worker process dies mid-step: nothing of this step may be kept
        raise KeyboardInterrupt
    if MODE.get("refuse_at") == unit:
        raise invalid([FieldProblem("unit", "G5", "unit refused", "该单元被拒绝")])
    step.progress(unit, UNITS)
    if unit == UNITS:
        await step.finish({"units": unit}, (b"a,b\n1,2\n", "units.csv", "text/csv"))
    if (done := MODE.get("done_event")) is not None and unit == UNITS:
        done.set()


KIND = JobKind("test.count", "测试计数", count_step)


def with_test_kind(services: dict) -> Any:
    guarantee = services["guarantee"]
    return guarantee.replace(jobs=guarantee.jobs.with_kinds(KIND))


@pytest.fixture
async def runtime(tmp_path, services: dict, clock: ManualClock, runtimes: list) -> ServiceRuntime:
    MODE.clear()
    definition = with_test_kind(services)
    settings = make_settings(data_dir=tmp_path)
    await upgrade(definition, settings)
    rt = ServiceRuntime(definition, settings, clock=clock)
    runtimes.append(rt)
    return rt


async def start(rt: ServiceRuntime, who: Principal = CLERK) -> str:
    async with rt.transaction() as s:
        job = await rt.definition.jobs.start(s, who, KIND.name, {"n": UNITS})
        return job.id


async def read(rt: ServiceRuntime, job_id: str, who: Principal = CLERK) -> Any:
    async with rt.transaction() as s:
        return await rt.definition.jobs.readable(s, who, job_id)


async def units(rt: ServiceRuntime) -> int:
    decisions = rt.definition.infra.decisions
    async with rt.transaction() as s:
        q = select(func.count()).select_from(decisions).where(decisions.c.subject_type == "unit")
        return await s.scalar(q)


async def test_a_jobs_progress_is_committed_step_by_step(
    runtime: ServiceRuntime, clock: ManualClock
) -> None:
    job_id = await start(runtime)
    job = await read(runtime, job_id)
    assert (job.state, job.done, job.total, job.county) == ("queued", 0, None, "620821")
    runner = JobRunner(runtime)
    seen = []
    while await runner.step_one():
        clock.advance(seconds=1)
        job = await read(runtime, job_id)  # another transaction sees each step
        seen.append((job.state, job.done, job.total, await units(runtime)))
    assert seen == [("running", 1, 3, 1), ("running", 2, 3, 2), ("done", 3, 3, 3)]
    assert job.result == {"units": 3} and job.result_filename == "units.csv"
    assert job.finished_at == clock.now() - timedelta(seconds=1)
    assert await runner.store.get(job.result_sha256) == b"a,b\n1,2\n"
    assert job.steps == 3


async def test_a_crashed_worker_leaves_the_job_to_resume_from_its_last_step(
    runtime: ServiceRuntime, services: dict, clock: ManualClock, runtimes: list
) -> None:
    job_id = await start(runtime)
    runner = JobRunner(runtime)
    assert await runner.step_one()
    MODE["crash_at"] = 2
    with pytest.raises(KeyboardInterrupt):
        await runner.step_one()
    await runtime.dispose()  # the process is gone
    # the step in flight was rolled back with its transaction: the job waits at unit 1
    restarted = ServiceRuntime(runtime.definition, runtime.settings, clock=clock)
    runtimes.append(restarted)
    job = await read(restarted, job_id)
    assert (job.state, job.done, await units(restarted)) == ("running", 1, 1)
    assert await JobRunner(restarted).run_once() == 2
    job = await read(restarted, job_id)
    assert (job.state, job.done, job.result) == ("done", 3, {"units": 3})
    assert await units(restarted) == 3  # each unit exactly once


async def test_a_refused_step_fails_the_job_with_its_problem_and_keeps_none_of_its_writes(
    runtime: ServiceRuntime,
) -> None:
    job_id = await start(runtime)
    MODE["refuse_at"] = 2
    assert await JobRunner(runtime).run_once() == 2
    job = await read(runtime, job_id)
    assert (job.state, job.done, await units(runtime)) == ("failed", 1, 1)
    assert job.problem["status"] == 422 and job.problem["errors"][0]["rule"] == "G5"
    assert job.problem["errors"][0]["message_zh"] == "该单元被拒绝"
    assert job.finished_at is not None
    assert not await JobRunner(runtime).step_one()  # a failed job is not taken again


async def test_a_bug_in_a_step_fails_the_job_with_a_chinese_message_not_its_text(
    runtime: ServiceRuntime, services: dict
) -> None:
    async def broken(step: JobStep) -> None:
        raise RuntimeError("secret internals")

    runtime.definition.jobs.kinds[KIND.name] = JobKind(KIND.name, KIND.title_zh, broken)
    try:
        job_id = await start(runtime)
        await JobRunner(runtime).run_once()
    finally:
        runtime.definition.jobs.kinds[KIND.name] = KIND
    job = await read(runtime, job_id)
    assert job.state == "failed" and "secret" not in str(job.problem)
    assert job.problem["title_zh"] == "任务执行失败，已通知运维人员"


async def test_X3_a_job_is_read_by_its_owners_organization_only(runtime: ServiceRuntime) -> None:
    job_id = await start(runtime)
    with pytest.raises(Problem) as refused:
        await read(runtime, job_id, NEIGHBOUR)
    assert (refused.value.status, refused.value.code, refused.value.rule) == (
        403,
        "other-organization",
        "X3",
    )
    colleague = Principal("clerk-3", "张", CLERK.roles, CLERK.org)
    assert (await read(runtime, job_id, colleague)).id == job_id  # same township
    async with runtime.transaction() as s:
        jobs = runtime.definition.jobs
        assert [j.id for j in await jobs.mine(s, CLERK)] == [job_id]
        assert await jobs.mine(s, colleague) == []  # "my jobs": the person's own
    with pytest.raises(Problem) as missing:
        await read(runtime, "0" * 32)
    assert missing.value.status == 404


async def test_the_workers_jobs_part_runs_a_job_started_after_it_started(
    runtime: ServiceRuntime,
) -> None:
    """The split worker and the embedded run (the same Worker) run jobs; a commit that
    starts a job wakes the part, no poll."""
    done = MODE["done_event"] = asyncio.Event()
    worker = Worker(runtime)
    worker.start()
    try:
        assert "jobs" in worker.parts
        job_id = await start(runtime)
        await asyncio.wait_for(done.wait(), 30)
    finally:
        await worker.stop()
    assert (await read(runtime, job_id)).state == "done"


async def test_a_file_made_outside_the_transaction_is_recorded_after_the_step_commits(
    runtime: ServiceRuntime, clock: ManualClock, runtimes: list
) -> None:
    """``finish_outside``: the layout runs with the step already committed (on SQLite
    no request waits for the write lock meanwhile); a crash during it leaves the job at
    its step, taken again."""
    seen: list[tuple[str, int]] = []

    async def last(step: JobStep) -> None:
        step.progress(1, 1)

        async def make() -> tuple[bytes, str, str]:
            async with runtime.transaction() as s:  # another transaction, not blocked
                job = await s.get(runtime.definition.jobs.model, step.job.id)
                seen.append((job.state, job.done))
            if MODE.pop("crash_outside", False):
                raise KeyboardInterrupt
            return b"%PDF-1.7 report", "r.pdf", "application/pdf"

        step.finish_outside({"ok": True}, make)

    kinds = runtime.definition.jobs.kinds
    kinds[KIND.name] = JobKind(KIND.name, KIND.title_zh, last)
    try:
        job_id = await start(runtime)
        MODE["crash_outside"] = True
        with pytest.raises(KeyboardInterrupt):
            await JobRunner(runtime).step_one()
        assert (await read(runtime, job_id)).state == "running"
        assert await JobRunner(runtime).run_once() == 1
    finally:
        kinds[KIND.name] = KIND
    job = await read(runtime, job_id)
    assert seen == [("running", 1), ("running", 1)]
    assert (job.state, job.result, job.result_filename) == ("done", {"ok": True}, "r.pdf")
    assert await JobRunner(runtime).store.get(job.result_sha256) == b"%PDF-1.7 report"
