"""Long operations in the consoles — 后台任务 (issue 19): the person's jobs on a service
(``common.jobs``) with their progress bars, refreshed in place while one runs; each
job's own page, which can be left and opened again (it is a URL); its result to
download when done; a failure shown in Chinese. The guarantor starts a G9 report file
here, the township window a bulk import of a village survey sheet (建档立卡, G5): the
guarantee service runs either in its worker, never in the request.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from portal.console import Refused, fetch, form_page, kept_fields, staff_of
from portal.personas import COUNTY
from portal.quangengdai import current_quarter
from portal.session import check_csrf, file_part, uploaded
from portal.views import refusal

#: how often a page with an unfinished job is fetched again (seconds; console.js)
REFRESH_S = 5
STATES = {"queued": "排队中", "running": "进行中", "done": "已完成", "failed": "失败"}
FORMATS = {"xlsx": "Excel 表格", "pdf": "PDF"}
#: the start form's fields, as a console's ``labels`` names them in a refusal
LABELS = {"period": "报告期", "format": "格式", "county": "县", "file": "摸底表"}
#: what a console starts here: the G9 report file, or the survey sheet's import
Start = Literal["g9", "borrower_import"]


def unfinished(jobs: list[dict[str, Any]]) -> bool:
    return any(j["state"] in ("queued", "running") for j in jobs)


def add_job_pages(
    router: APIRouter,
    base: str,
    *,
    role: str,
    render: Callable[..., Response],
    service: str = "guarantee",
    start: Start = "g9",
) -> None:
    """``{base}/jobs`` (my jobs, and the form that starts one), ``{base}/jobs/{id}``
    (one job), ``{base}/jobs/{id}/result`` (its file), and the start: ``POST
    {base}/jobs/g9`` (a G9 report) or ``POST {base}/jobs/borrower-import`` (a sheet,
    uploaded with the upload forms' progress bar)."""

    def jobs_page(
        request: Request,
        jobs: list[dict[str, Any]],
        refused: Refused | None = None,
        form: dict[str, Any] | None = None,
    ) -> Response:
        return form_page(
            request,
            "console/jobs.html",
            refused,
            form or {"period": current_quarter(request), "format": "xlsx"},
            frame=render,
            base=f"{base}/jobs",
            jobs=jobs,
            job_states=STATES,
            formats=FORMATS,
            refresh_s=REFRESH_S if unfinished(jobs) else 0,
            start=start,
        )

    @router.get(f"{base}/jobs")
    async def my_jobs(request: Request) -> Response:
        """任务: the person's long operations, newest first, each with its progress."""
        me = staff_of(request, role)
        return jobs_page(request, await fetch(request, me, service, "/jobs"))

    if start == "g9":

        @router.post(f"{base}/jobs/g9")
        async def start_g9(request: Request, form: dict = Depends(check_csrf)) -> Response:
            """Start the G9 report file of a period; the job's page follows its progress."""
            me = staff_of(request, role)
            kept = kept_fields(form)
            body = {
                "county": COUNTY,
                "period": kept.get("period", "").strip(),
                "format": kept.get("format", "xlsx"),
            }
            r = await request.app.state.upstream.call(
                service, "POST", "/jobs/g9-reports", token=me.token, json=body
            )
            if r.status_code != 202:
                jobs = await fetch(request, me, service, "/jobs")
                return jobs_page(request, jobs, Refused.of(r), kept)
            return RedirectResponse(f"{base}/jobs/{r.json()['id']}", status_code=303)

    else:

        @router.post(f"{base}/jobs/borrower-import")
        async def start_import(request: Request, form: dict = Depends(check_csrf)) -> Response:
            """Start the import of a village survey sheet (CSV or XLSX); the job's page
            follows its progress and offers the refused rows, each with field and rule."""
            me = staff_of(request, role)
            upload = uploaded(form, "file")
            if upload is None:
                jobs = await fetch(request, me, service, "/jobs")
                missing = Refused.local("G5", {"file": "请选择要导入的摸底表（CSV 或 XLSX）。"})
                return jobs_page(request, jobs, missing, {})
            r = await request.app.state.upstream.call(
                service,
                "POST",
                "/jobs/borrower-imports",
                token=me.token,
                files={"file": await file_part(upload)},
            )
            if r.status_code != 202:
                jobs = await fetch(request, me, service, "/jobs")
                return jobs_page(request, jobs, Refused.of(r), {})
            return RedirectResponse(f"{base}/jobs/{r.json()['id']}", status_code=303)

    @router.get(f"{base}/jobs/{{job_id}}")
    async def job_page(request: Request, job_id: str) -> Response:
        """One job: its progress (refreshed while it runs), its result or why it failed."""
        me = staff_of(request, role)
        job = await fetch(request, me, service, f"/jobs/{job_id}")
        return render(
            request,
            "console/job.html",
            base=f"{base}/jobs",
            job=job,
            job_states=STATES,
            refresh_s=REFRESH_S if unfinished([job]) else 0,
        )

    @router.get(f"{base}/jobs/{{job_id}}/result")
    async def job_result(request: Request, job_id: str) -> Response:
        """The finished job's file, as the service keeps it."""
        me = staff_of(request, role)
        r = await request.app.state.upstream.get(service, f"/jobs/{job_id}/result", token=me.token)
        if r.status_code != 200:
            return refusal(request, r)
        headers = {
            "Content-Disposition": r.headers.get("content-disposition", "attachment"),
            "X-Content-Type-Options": "nosniff",
            "Cache-Control": "private, no-store",
        }
        media = r.headers.get("content-type", "application/octet-stream")
        return Response(r.content, media_type=media, headers=headers)
