"""The worker's job runner — 后台任务执行: steps the service's jobs (``common.jobs``).

Each step claims one unfinished job with ``FOR UPDATE SKIP LOCKED``, runs one step of
it and commits, so a job's progress is readable between steps and several workers can
share the jobs. Jobs take turns: the one that waited longest goes next. A crash loses
the step in flight only (its transaction is rolled back); the job is resumed from its
last committed step by the next worker that looks.
"""

from __future__ import annotations

import asyncio
import logging

from common.jobs import Jobs
from common.problems import is_infrastructure_error
from common.relay import backoff_s, wait_any
from common.runtime import ServiceRuntime
from common.storage import document_store

log = logging.getLogger("common.job_runner")
#: SQLite has one writer and every transaction takes its lock (BEGIN IMMEDIATE): after
#: a step the runner stands back this long, so a request waiting for the lock gets it
#: before the next step (its busy handler polls; back-to-back steps would starve it)
SQLITE_STEP_PAUSE_S = 0.2


class JobRunner:
    def __init__(self, runtime: ServiceRuntime) -> None:
        jobs = runtime.definition.jobs
        assert isinstance(jobs, Jobs), f"{runtime.name} declares no jobs"
        self.runtime = runtime
        self.jobs = jobs
        self.store = document_store(runtime.settings)
        sqlite = runtime.settings.service_database_url(runtime.name).startswith("sqlite")
        self.pause_s = SQLITE_STEP_PAUSE_S if sqlite else 0.0

    async def step_one(self) -> bool:
        """One step of the job that waited longest; False when no job is waiting."""
        async with self.runtime.transaction() as session:
            job = await self.jobs.claim(session)
            if job is None:
                return False
            step = await self.jobs.run_step(session, job, self.store)
            job_id, steps = job.id, job.steps
        if step is None or step.outside is None:
            return True
        # the step's last work, holding no transaction (a PDF's layout takes seconds)
        made: tuple[bytes, str, str] | Exception
        try:
            made = await step.outside()
        except Exception as exc:
            if is_infrastructure_error(exc):
                raise
            made = exc
        async with self.runtime.transaction() as session:
            await self.jobs.finish_outside(session, job_id, steps, step, made)
        return True

    async def run_once(self, limit: int = 10_000) -> int:
        """Step the jobs until none is waiting (or ``limit`` steps); returns the steps."""
        steps = 0
        while steps < limit and await self.step_one():
            steps += 1
        return steps

    async def run(self, stop: asyncio.Event) -> None:
        """Step jobs until ``stop``; idle, wait until a commit in this process starts a
        job, or ``scheduler_idle_s`` (another process may have started one)."""
        failures = 0
        wakeup = self.runtime.jobs_wakeup()
        while not stop.is_set():
            wakeup.clear()
            try:
                stepped = await self.step_one()
                failures = 0
            except Exception as exc:
                failures += 1
                stepped = False
                log.warning("jobs %s: %s", self.runtime.name, exc)
            if failures:
                await wait_any(stop, None, backoff_s(failures))
            elif stepped:
                await wait_any(stop, None, self.pause_s)
            else:
                await wait_any(stop, wakeup, self.runtime.settings.scheduler_idle_s)
