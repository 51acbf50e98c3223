"""Issue 19 — long operations as jobs: the borrower import (G5) and the G9 report file
run by the worker in steps, their progress readable between steps, the result
downloadable, a job read only by its owner's organization (X3). The worker is driven
step by step (``JobRunner.step_one``), never by sleeping."""

from __future__ import annotations

import csv
import io

import pytest
from guarantee_helpers import (
    CLERK,
    COUNTY,
    FINANCE,
    GUARANTOR,
    OTHER_CLERK,
    OTHER_FINANCE,
    OTHER_GUARANTOR,
    issued,
    ok,
    person,
    row,
    sheet,
)
from openpyxl import load_workbook

from common.job_runner import JobRunner
from guarantee.jobs import service as jobs_service


async def start_import(c, *rows: list, headers: dict = CLERK) -> dict:
    r = await c.post(
        "/jobs/borrower-imports",
        files={"file": ("survey.csv", sheet(*rows), "text/csv")},
        headers=headers,
    )
    job = ok(r, 202)
    assert r.headers["location"].endswith(f"/jobs/{job['id']}")
    return job


async def progress(c, job_id: str, headers: dict = CLERK) -> dict:
    return ok(await c.get(f"/jobs/{job_id}", headers=headers))


async def test_G5_an_import_job_files_its_rows_in_steps_with_progress_and_a_report(
    client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(jobs_service, "IMPORT_STEP_ROWS", 2)
    job = await start_import(
        client,
        row(person(1)),
        row(person(2), haves="110111"),
        row("620821198005170000"),  # bad check digit: refused with field and rule
        row(person(3)),
        row(person(1)),  # the same borrower twice: refused
    )
    assert (job["state"], job["done"], job["total"]) == ("queued", 0, None)
    runner = JobRunner(client.runtime)
    seen = []
    while await runner.step_one():
        now = await progress(client, job["id"])
        seen.append((now["state"], now["done"], now["total"]))
    assert seen == [("running", 2, 5), ("running", 4, 5), ("done", 5, 5)]
    report = now["result"]
    assert (report["rows"], report["created"], report["updated"]) == (5, 3, 0)
    rejected = {
        r["row"]: {(e["field"], e["rule"]) for e in r["errors"]} for r in report["rejected"]
    }
    assert rejected == {4: {("party_id", "X4")}, 6: {("party_id", "G5")}}
    files = ok(await client.get("/borrowers", headers=CLERK))
    assert sorted(b["party_id"] for b in files) == sorted([person(1), person(2), person(3)])
    # the result: the refused rows, one line per reason, to correct and import again
    r = await client.get(f"/jobs/{job['id']}/result", headers=CLERK)
    assert r.status_code == 200, r.text
    lines = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert lines[0][:4] == ["行号", "证件号", "字段", "规则"]
    assert {(ln[0], ln[2], ln[3]) for ln in lines[1:]} == {
        ("4", "party_id", "X4"),
        ("6", "party_id", "G5"),
    }
    mine = ok(await client.get("/jobs", headers=CLERK))
    assert [j["id"] for j in mine] == [job["id"]]


async def test_G5_an_import_job_is_the_same_import_as_the_direct_one(lite) -> None:
    """The steps change when rows are filed, not what is filed: a re-import updates."""
    await start_import(lite, row(person(2), haves="110111"))
    await JobRunner(lite.runtime).run_once()
    job = await start_import(lite, row(person(2)))
    await JobRunner(lite.runtime).run_once()
    report = (await progress(lite, job["id"]))["result"]
    assert (report["created"], report["updated"]) == (0, 1)
    files = ok(await lite.get("/borrowers", headers=CLERK))
    assert [b["category"] for b in files] == ["credit_candidate"]


async def test_G5_an_unreadable_sheet_fails_the_job_naming_the_field_and_files_nothing(
    lite,
) -> None:
    r = await lite.post(
        "/jobs/borrower-imports",
        files={"file": ("survey.csv", sheet(row(person(1)), header=["party_id"]), "text/csv")},
        headers=CLERK,
    )
    job = ok(r, 202)
    await JobRunner(lite.runtime).run_once()
    failed = await progress(lite, job["id"])
    assert failed["state"] == "failed" and failed["finished_at"] is not None
    problem = failed["problem"]
    assert problem["status"] == 422 and problem["errors"][0]["field"] == "file"
    assert problem["errors"][0]["rule"] == "G5" and "缺少列" in problem["errors"][0]["message_zh"]
    assert ok(await lite.get("/borrowers", headers=CLERK)) == []
    r = await lite.get(f"/jobs/{job['id']}/result", headers=CLERK)
    assert r.status_code == 409 and r.json()["state"] == "failed"


async def test_X3_a_job_is_read_only_by_its_owners_organization(lite) -> None:
    job = await start_import(lite, row(person(1)))
    for path in (f"/jobs/{job['id']}", f"/jobs/{job['id']}/result"):
        r = await lite.get(path, headers=OTHER_CLERK)
        assert r.status_code == 403 and r.json()["type"].endswith("other-organization"), path
    assert ok(await lite.get("/jobs", headers=OTHER_CLERK)) == []
    assert ok(await lite.get("/jobs", headers=GUARANTOR)) == []
    # a guarantor cannot start an import (the township's clerk files, G5)
    r = await lite.post(
        "/jobs/borrower-imports",
        files={"file": ("survey.csv", sheet(row(person(1))), "text/csv")},
        headers=GUARANTOR,
    )
    assert r.status_code == 403
    r = await lite.get(f"/jobs/{job['id']}/result", headers=CLERK)
    assert r.status_code == 409 and r.json()["type"].endswith("job-without-result")


async def test_G9_a_report_job_reads_the_book_then_lays_out_the_file(lite) -> None:
    await issued(lite, person(1))
    r = await lite.post(
        "/jobs/g9-reports",
        json={"county": COUNTY, "period": "2026", "format": "xlsx"},
        headers=GUARANTOR,
    )
    job = ok(r, 202)
    runner = JobRunner(lite.runtime)
    assert await runner.step_one()
    half = await progress(lite, job["id"], GUARANTOR)
    assert (half["state"], half["done"], half["total"]) == ("running", 1, 2)
    assert await runner.step_one() and not await runner.step_one()
    done = await progress(lite, job["id"], GUARANTOR)
    assert (done["state"], done["done"], done["total"], done["has_file"]) == ("done", 2, 2, True)
    direct = ok(await lite.get(f"/reports/{COUNTY}/2026", headers=GUARANTOR))
    assert done["result"]["indicators"] == direct["indicators"]
    r = await lite.get(f"/jobs/{job['id']}/result", headers=GUARANTOR)
    assert (
        r.status_code == 200 and "quangengdai-620821-2026.xlsx" in r.headers["content-disposition"]
    )
    book = load_workbook(io.BytesIO(r.content))
    assert "按乡镇" in book.sheetnames
    r = await lite.get(f"/jobs/{job['id']}", headers=OTHER_GUARANTOR)
    assert r.status_code == 403


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"county": COUNTY, "period": "2026-Q5"}, "period"),
        ({"county": COUNTY, "period": "2026", "format": "doc"}, "format"),
        ({"county": "62082", "period": "2026"}, "county"),
    ],
)
async def test_G9_a_bad_report_job_is_refused_naming_the_field(lite, body, field) -> None:
    r = await lite.post("/jobs/g9-reports", json=body, headers=FINANCE)
    assert r.status_code == 422 and field in str(r.json()["errors"])
    assert ok(await lite.get("/jobs", headers=FINANCE)) == []


async def test_X3_a_report_job_of_another_county_is_refused(lite) -> None:
    r = await lite.post(
        "/jobs/g9-reports", json={"county": COUNTY, "period": "2026"}, headers=OTHER_FINANCE
    )
    assert r.status_code == 403
