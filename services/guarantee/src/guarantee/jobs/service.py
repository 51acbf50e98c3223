"""The guarantee service's long operations — 后台任务: the township's borrower import
(建档立卡, G5) and the G9 report file (劝耕贷季报、年报), each run by the worker in steps
(``common.jobs``)."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from typing import Any

from fastapi.encoders import jsonable_encoder

from common.clock import local_date
from common.jobs import JobKind, Jobs, JobStep
from guarantee.borrowers import service as borrowers
from guarantee.guarantees.repository import loan_books
from guarantee.jobs.models import Job
from guarantee.reports import service as reports
from guarantee.reports.views import MEDIA_TYPES, laid_out

#: rows filed per step of an import: each step commits them with the progress
IMPORT_STEP_ROWS = 200
BORROWER_IMPORT = "borrowers.import"
G9_REPORT = "reports.g9"


async def import_step(step: JobStep) -> None:
    """File the next rows of the sheet. The sheet is read again each step (it is not
    kept parsed), so a resumed job needs nothing but its committed cursor: the rows
    done, the batch and the counts so far."""
    job, session, who = step.job, step.session, step.who
    data = await step.store.get(job.params["sha256"])
    # the job's own day, not each step's: the G2 age check is the same for every row
    rows = await borrowers.read_sheet(
        session, who, job.params["filename"], data, local_date(job.created_at)
    )
    cursor = job.data or {}
    batch = cursor.get("batch_id") or job.id
    start, stop = job.done, min(job.done + IMPORT_STEP_ROWS, len(rows))
    created, updated, rejected = await borrowers.file_rows(session, who, rows, start, stop, batch)
    created += cursor.get("created", 0)
    updated += cursor.get("updated", 0)
    rejected = [*cursor.get("rejected", []), *rejected]
    step.remember(batch_id=batch, created=created, updated=updated, rejected=rejected)
    step.progress(stop, len(rows))
    if stop < len(rows):
        return
    report = {
        "batch_id": batch,
        "sha256": job.params["sha256"],
        "rows": len(rows),
        "created": created,
        "updated": updated,
        "rejected": rejected,
    }
    await borrowers.record_import(session, who, report)
    name = f"import-report-{batch}.csv"
    await step.finish(report, (rejections_csv(rejected), name, MEDIA_TYPES["csv"]))


def rejections_csv(rejected: list[dict[str, Any]]) -> bytes:
    """The import's refused rows, one line per reason (UTF-8 with BOM, for Excel)."""
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["行号", "证件号", "字段", "规则", "说明", "detail"])
    for r in rejected:
        for e in r["errors"]:
            pid = r["party_id"] or ""
            w.writerow([r["row"], pid, e["field"], e["rule"], e["message_zh"], e["message"]])
    return buf.getvalue().encode("utf-8-sig")


async def g9_step(step: JobStep) -> None:
    """Two steps: read the county's loan book into the report and its breakdown (the
    long part, ~4 s at 100,000 guarantees), then lay out the file."""
    job, session, who = step.job, step.session, step.who
    county, period, fmt = job.params["county"], job.params["period"], job.params["format"]
    if "report" not in (job.data or {}):
        books = await loan_books(session, county, reports.report_until(session, period))
        rep = await reports.report(session, who, county, period, books=books)
        parts = await reports.breakdown(session, who, county, period, books=books)
        step.remember(report=jsonable_encoder(rep), parts=parts)
        step.progress(1, 2)
        return
    rep, parts = dict(job.data["report"]), job.data["parts"]
    rep["generated_at"] = datetime.fromisoformat(rep["generated_at"])
    name = f"quangengdai-{county}-{period}.{fmt}"

    async def lay_out() -> tuple[bytes, str, str]:
        return await laid_out(rep, parts, fmt), name, MEDIA_TYPES[fmt]

    step.progress(2, 2)
    summary = {"county": county, "period": period, "indicators": job.data["report"]["indicators"]}
    # laid out after the step commits: no transaction held for the seconds a PDF takes
    step.finish_outside(summary, lay_out)


JOBS = Jobs.of(
    Job,
    JobKind(BORROWER_IMPORT, "摸底表导入（建档立卡）", import_step),
    JobKind(G9_REPORT, "劝耕贷季报、年报（G9）生成", g9_step),
)
