"""X7 scheduled statistics and filings (common.filings) applied to G9: a filing frozen by
its persisted timer at the due moment, a late flag when it runs after it, filing early,
corrections as new versions with a reason (the old one kept, X2), and each version
downloaded as a typed spreadsheet and a PDF from its frozen contents."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

from guarantee_helpers import (
    COUNTY,
    FINANCE,
    GUARANTOR,
    LENDER,
    SUPERVISOR,
    bank_entry,
    issued,
    ok,
    person,
    run_timers,
)
from openpyxl import load_workbook

from common.audit import decisions_of
from testkit.pdfcheck import read_pdf

#: 2026-04-11 00:00 in Asia/Shanghai: Q1's due moment (filed by the end of 10 April)
Q1_DUE = datetime(2026, 4, 10, 16, 0, tzinfo=UTC)


async def _q1_with_a_loan(client, amount: str = "1000000") -> str:
    gid = await issued(client, person(1), amount)
    body = {"amount": amount, "bank_reference": "a"}
    ok(await bank_entry(client, gid, "drawdowns", body, "a"), 201)
    client.clock.set(datetime(2026, 3, 31, 16, 0, 1, tzinfo=UTC))  # Q1 closed
    assert await run_timers(client) == 1  # the quarter's close: the filing's wait begins
    return gid


async def test_X7_G9_a_timer_running_after_the_due_moment_files_late(client) -> None:
    await _q1_with_a_loan(client)
    client.clock.set(datetime(2026, 4, 12, 3, 0, tzinfo=UTC))  # the worker was down
    assert await run_timers(client) == 1
    (v1,) = ok(await client.get(f"/reports/{COUNTY}/filings", headers=SUPERVISOR))
    assert (v1["version"], v1["late"], v1["filed_by"]) == (1, True, "system")
    assert v1["filed_at"].startswith("2026-04-12T11:00:00+08:00")


async def test_X7_G9_filing_early_then_a_correction_keeps_both_versions(client) -> None:
    gid = await _q1_with_a_loan(client)
    # filing the running year is refused: the period has not ended (and X4: 409, reasons)
    r = await client.post(f"/reports/{COUNTY}/filings/2026", headers=FINANCE)
    assert r.status_code == 409 and r.json()["errors"][0]["field"] == "period"
    v1 = ok(await client.post(f"/reports/{COUNTY}/filings/2026-Q1", headers=FINANCE), 201)
    assert (v1["version"], v1["late"], v1["reason"]) == (1, False, None)
    again = await client.post(f"/reports/{COUNTY}/filings/2026-Q1", headers=FINANCE)
    assert again.status_code == 409 and "correction" in again.json()["errors"][0]["message"]
    # the due moment's timer finds it filed and files nothing more
    client.clock.set(Q1_DUE)
    assert await run_timers(client) == 1
    assert len(ok(await client.get(f"/reports/{COUNTY}/filings", headers=FINANCE))) == 1

    # a correction without a reason changes nothing
    r = await client.post(
        f"/reports/{COUNTY}/filings/2026-Q1/corrections", json={"reason": " "}, headers=GUARANTOR
    )
    assert r.status_code == 409 and r.json()["errors"][0]["field"] == "reason"
    bad = await client.post(
        f"/reports/{COUNTY}/filings/2026-Q3/corrections", json={"reason": "x"}, headers=FINANCE
    )
    assert bad.status_code == 409 and bad.json()["errors"][0]["field"] == "period"
    # a day after the due moment the guarantor corrects the filing (a late version)
    client.clock.advance(timedelta(days=1))
    repaid = {"principal": "100000", "interest": "0", "bank_reference": "r"}
    ok(await bank_entry(client, gid, "repayments", repaid, "r", LENDER), 201)
    v2 = ok(
        await client.post(
            f"/reports/{COUNTY}/filings/2026-Q1/corrections",
            json={"reason": "银行补报一季度还款"},
            headers=GUARANTOR,
        ),
        201,
    )
    assert (v2["version"], v2["reason"], v2["late"]) == (2, "银行补报一季度还款", True)
    listed = ok(await client.get(f"/reports/{COUNTY}/filings?period=2026-Q1", headers=FINANCE))
    assert [v["version"] for v in listed] == [1, 2]
    assert listed[0]["content_hash"] == v1["content_hash"] != v2["content_hash"]
    old = ok(await client.get(f"/reports/{COUNTY}/filings/2026-Q1/1", headers=FINANCE))
    assert old["content"]["data"]["indicators"]["in_guarantee_balance"] == "1000000.00"
    # the filed report reads the latest version
    filed = ok(await client.get(f"/reports/{COUNTY}/2026-Q1/filed", headers=FINANCE))
    assert filed["period"] == "2026-Q1"
    async with client.runtime.transaction() as s:
        log = await decisions_of(s, "filing", f"g9:{COUNTY}:2026-Q1")
    assert [(d.action, d.rule, d.reason) for d in log] == [
        ("filing.filed", "X7", None),
        ("filing.corrected", "X7", "银行补报一季度还款"),
    ]
    assert (
        await client.get(f"/reports/{COUNTY}/filings/2026-Q1/3", headers=FINANCE)
    ).status_code == 404


async def test_X7_G9_a_filed_version_downloads_as_a_typed_spreadsheet_and_a_pdf(client) -> None:
    await _q1_with_a_loan(client, "1234567.89")
    client.clock.set(Q1_DUE)
    assert await run_timers(client) == 1
    r = await client.get(f"/reports/{COUNTY}/filings/2026-Q1/1?format=xlsx", headers=FINANCE)
    assert r.status_code == 200, r.text
    wb = load_workbook(io.BytesIO(r.content))
    assert wb.sheetnames == ["汇总", "按乡镇", "按银行"]
    ws = wb["汇总"]
    assert "劝耕贷2026-Q1季报" in ws["A1"].value
    assert ws["B3"].value.date().isoformat() == "2026-04-10"  # a date, not text
    summary = {a: b for a, b in ws.iter_rows(min_row=5, values_only=True)}
    assert summary["在保余额（元）"] == 1234567.89 and isinstance(summary["担保笔数"], int)
    cell = next(c for c in ws["B"] if c.value == 1234567.89)
    assert cell.data_type == "n" and cell.number_format == "#,##0.00"
    rows = list(wb["按银行"].iter_rows(values_only=True))
    assert rows[-1][0] == "合计" and rows[-1][3] == 1234567.89

    r = await client.get(f"/reports/{COUNTY}/filings/2026-Q1/1?format=pdf", headers=FINANCE)
    assert r.status_code == 200 and r.headers["content-type"] == "application/pdf"
    pdf = read_pdf(r.content, "x7_g9_filing")
    assert pdf.fonts and all(embedded for _name, embedded in pdf.fonts), pdf.fonts
    assert "1,234,567.89" in pdf.flat and "第1版" in pdf.flat


async def test_X7_G9_filings_refuse_bad_periods_and_other_roles(client) -> None:
    r = await client.get(f"/reports/{COUNTY}/filings/2026-03/1", headers=FINANCE)
    assert r.status_code == 422  # G9 is filed per quarter and year, not per month
    r = await client.post(f"/reports/{COUNTY}/filings/2026-Q1", headers=LENDER)
    assert r.status_code == 403
    r = await client.post(f"/reports/{COUNTY}/filings/2026-Q1", headers=SUPERVISOR)
    assert r.status_code == 403
