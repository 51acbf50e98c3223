"""The routes that read a service's jobs — 后台任务 (``common.jobs``): list my jobs, read
one (its owner's organization only, X3), download its result. Starting a job is the
service's own route (each kind takes its own input) answering :func:`accepted`."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy.ext.asyncio import AsyncSession

from common.auth import Principal, dependency_of
from common.jobs import DONE, Jobs, job_view
from common.problems import Problem
from common.routes import get_session
from common.storage import DOWNLOAD_ROUTE, DocumentStore, get_document_store, stream_file

JOB_ID = Path(pattern=r"^[0-9a-f]{32}$", description="The job's id")


class JobOut(BaseModel):
    """A job and its progress — 后台任务进度."""

    id: str
    kind: str
    title_zh: str
    county: str | None
    owner: str
    state: Literal["queued", "running", "done", "failed"]
    done: int = Field(description="Units done so far (rows, stages)")
    total: int | None = Field(description="Units in all, once known")
    params: dict[str, Any]
    result: dict[str, Any] | None = Field(description="The outcome's summary, when done")
    has_file: bool = Field(description="A result file is downloadable (GET …/result)")
    result_filename: str | None
    problem: dict[str, Any] | None = Field(description="Why it failed (problem+json body)")
    created_at: datetime
    finished_at: datetime | None


def job_out(jobs: Jobs, job: Any) -> JobOut:
    kind = jobs.kinds.get(job.kind)
    return JobOut.model_validate(job_view(job, kind.title_zh if kind else job.kind))


def accepted(request: Request, jobs: Jobs, job: Any, base: str = "/jobs") -> JSONResponse:
    """202 Accepted with the job and its ``Location`` (where to read its progress)."""
    location = f"{request.scope.get('root_path', '')}{base}/{job.id}"
    body = job_out(jobs, job).model_dump(mode="json")
    return JSONResponse(body, status_code=202, headers={"Location": location})


def add_job_routes(router: APIRouter, jobs: Jobs, *, readers: Any) -> None:
    """``GET ""``, ``GET /{job_id}`` and ``GET /{job_id}/result`` on ``router`` (whose
    prefix is the jobs' base, ``/jobs``); ``readers`` is the service's role
    (``common.auth.dependency_of``)."""
    readers = dependency_of(readers)

    @router.get("", response_model=list[JobOut], summary="My jobs — 我的后台任务")
    async def my_jobs(
        session: AsyncSession = Depends(get_session), who: Principal = readers
    ) -> list[JobOut]:
        """The caller's own jobs, newest first (at most 50), with their progress."""
        return [job_out(jobs, j) for j in await jobs.mine(session, who)]

    @router.get("/{job_id}", response_model=JobOut, summary="One job — 后台任务进度")
    async def read_job(
        job_id: str = JOB_ID,
        session: AsyncSession = Depends(get_session),
        who: Principal = readers,
    ) -> JobOut:
        """A job's state and progress; only its owner's organization reads it (X3)."""
        return job_out(jobs, await jobs.readable(session, who, job_id))

    @router.get("/{job_id}/result", summary="A job's result file — 下载任务结果", **DOWNLOAD_ROUTE)
    async def job_result(
        job_id: str = JOB_ID,
        session: AsyncSession = Depends(get_session),
        store: DocumentStore = Depends(get_document_store),
        who: Principal = readers,
    ) -> Any:
        """The finished job's file (a report, an import's rejected rows); 409 before."""
        job = await jobs.readable(session, who, job_id)
        if job.state != DONE or job.result_sha256 is None:
            raise Problem(
                409,
                "job-without-result",
                "The job has no result to download (not done, or it makes no file)",
                "该任务尚无可下载的结果（未完成或不生成文件）",
                rule="X4",
                extra={"state": job.state},
            )
        return await stream_file(
            store, job.result_sha256, filename=job.result_filename, media_type=job.result_type
        )
