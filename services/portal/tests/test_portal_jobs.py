"""Issue 19: long operations in the guarantor's console — 任务: the guarantor starts the
G9 report file, leaves, comes back to the job's page (a URL), sees its progress bar
(refreshed in place while it runs), and downloads the result; a refused start is shown
in Chinese on its field with nothing started; a failed job says why in Chinese. The
guarantee worker's jobs part is held, and the test steps the job itself."""

from __future__ import annotations

import asyncio
import contextlib
import io
import re
from datetime import date

from openpyxl import load_workbook

from common.ids import generate_resident_id
from common.job_runner import JobRunner
from common.jobs import JobKind, JobStep
from common.worker import Worker

BASE = "/console/guarantor/jobs"


async def held_runner(embedded) -> JobRunner:
    """The guarantee worker's jobs part stopped: the test takes each step."""
    worker: Worker = next(w for w in embedded.root.state.workers if w.runtime.name == "guarantee")
    part = worker.parts["jobs"]
    part.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await part
    return JobRunner(worker.runtime)


async def _start_g9(embedded, b, period: str, fmt: str) -> tuple:
    """The guarantor signed in on its jobs page, then that page's G9 form posted with
    ``period`` and ``fmt``: the page and the answer."""
    await embedded.sign_in(b, "guarantor")
    page = await b.get(BASE)
    r = await b.post(
        f"{BASE}/g9",
        data={"csrf_token": embedded.csrf_of(page.text), "period": period, "format": fmt},
    )
    return page, r


async def test_issue19_the_guarantor_starts_a_report_leaves_comes_back_and_downloads(
    embedded,
) -> None:
    runner = await held_runner(embedded)
    async with embedded.browser() as b:
        page, r = await _start_g9(embedded, b, "2026", "xlsx")
        assert page.status_code == 200 and "还没有任务" in page.text
        assert 'href="/console/guarantor/jobs"' in page.text  # in the console's links
        assert r.status_code == 303
        job_url = r.headers["location"]
        assert re.fullmatch(BASE + r"/[0-9a-f]{32}", job_url)
        page = await b.get(job_url)
        assert "排队中" in page.text and 'data-refresh="5"' in page.text
    # the guarantor left; the worker takes the first step
    assert await runner.step_one()
    async with embedded.browser() as b:
        await embedded.sign_in(b, "guarantor")
        listing = await b.get(BASE)
        assert "进行中" in listing.text and 'data-refresh="5"' in listing.text
        assert '<progress max="2" value="1"' in listing.text and job_url in listing.text
        assert await runner.step_one() and not await runner.step_one()
        page = await b.get(job_url)  # back on the job's own page
        assert "已完成" in page.text and 'max="2" value="2"' in page.text
        assert "data-refresh" not in page.text  # nothing more to wait for
        assert f'href="{job_url}/result"' in page.text
        file = await b.get(f"{job_url}/result")
        assert file.status_code == 200
        assert "quangengdai-620821-2026.xlsx" in file.headers["content-disposition"]
        assert "按乡镇" in load_workbook(io.BytesIO(file.content)).sheetnames


async def test_issue19_a_refused_start_is_shown_on_its_field_and_starts_nothing(
    embedded,
) -> None:
    await held_runner(embedded)
    async with embedded.browser() as b:
        _, r = await _start_g9(embedded, b, "2026-Q9", "xlsx")
        assert r.status_code == 422
        assert "未作任何更改" in r.text and 'id="f-period"' in r.text
        assert 'aria-invalid="true"' in r.text and "还没有任务" in r.text


async def test_issue19_a_failed_job_says_why_in_chinese(embedded) -> None:
    runner = await held_runner(embedded)

    async def broken(step: JobStep) -> None:
        raise RuntimeError("internals")

    kinds = runner.jobs.kinds
    g9 = kinds["reports.g9"]
    async with embedded.browser() as b:
        _, r = await _start_g9(embedded, b, "2026", "pdf")
        kinds["reports.g9"] = JobKind(g9.name, g9.title_zh, broken)
        try:
            await runner.run_once()
        finally:
            kinds["reports.g9"] = g9
        page = await b.get(r.headers["location"])
        assert "失败" in page.text and "任务执行失败，已通知运维人员" in page.text
        assert "internals" not in page.text and "下载结果" not in page.text


SURVEY_HEADER = (
    "party_id,name,kind,village,phone,purpose,main_business,has_credit,has_scale,"
    "has_experience,has_profit,has_main_business,has_need"
)


def survey(*party_ids: str) -> bytes:
    """A village survey sheet (摸底表, G5) of family farms, every condition met."""
    rows = [
        f"{p},张三家庭农场,family_farm,青峰村,13800000000,grain,水稻种植,是,是,是,是,是,是"
        for p in party_ids
    ]
    return "\n".join([SURVEY_HEADER, *rows]).encode("utf-8")


async def test_issue19_G5_the_window_imports_a_survey_sheet_leaves_and_finds_it_done(
    embedded,
) -> None:
    """The township window's bulk import (建档立卡) is a job too: uploaded with the
    progress bar, filed by the worker in steps, its refused rows downloadable."""
    runner = await held_runner(embedded)
    base = "/console/township/jobs"
    good = generate_resident_id("620821", birth=date(1980, 5, 17), seq=1)
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")  # a wrong check character
    async with embedded.browser() as b:
        await embedded.sign_in(b, "clerk")
        page = await b.get(base)
        assert page.status_code == 200 and 'enctype="multipart/form-data"' in page.text
        assert 'class="upload-form"' in page.text and 'href="/console/township/jobs"' in page.text
        csrf = embedded.csrf_of(page.text)
        # no file: the portal's own refusal, on its field, and nothing started
        r = await b.post(f"{base}/borrower-import", data={"csrf_token": csrf})
        assert r.status_code == 422 and 'aria-invalid="true"' in r.text and "还没有任务" in r.text
        r = await b.post(
            f"{base}/borrower-import",
            data={"csrf_token": csrf},
            files={"file": ("survey.csv", survey(good, bad), "text/csv")},
        )
        assert r.status_code == 303
        job_url = r.headers["location"]
        assert re.fullmatch(base + r"/[0-9a-f]{32}", job_url)
        assert "排队中" in (await b.get(job_url)).text
    while await runner.step_one():  # the clerk has left; the worker files the sheet
        pass
    async with embedded.browser() as b:
        await embedded.sign_in(b, "clerk")
        page = await b.get(job_url)
        assert "已完成" in page.text and "data-refresh" not in page.text
        refused = await b.get(f"{job_url}/result")
        assert refused.status_code == 200
        lines = refused.content.decode("utf-8-sig").splitlines()
        # one refused row: the sheet's row 3 (the second person), its field and rule
        assert len(lines) == 2 and lines[1].startswith("3,") and ",party_id,X4," in lines[1]
    # another township's clerk does not see the job (X3, the service's 403 page)
    async with embedded.browser() as b:
        await embedded.sign_in(b, "clerk-b")
        assert (await b.get(job_url)).status_code == 403
