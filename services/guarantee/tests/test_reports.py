"""G9 targets and reports: township coverage (target 100%), beneficiary rate (target 60%),
in-guarantee balance, compensation rate (代偿率), overdue rate (逾期率); quarterly report due
10 days after the quarter, annual by 10 January; CSV and XLSX export."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, timedelta

from guarantee_helpers import (
    COUNTY,
    FINANCE,
    GUARANTOR,
    LENDER,
    OTHER_BANK,
    OTHER_CLERK,
    OTHER_FINANCE,
    OTHER_LENDER,
    SUPERVISOR,
    bank_entry,
    import_rows,
    issued,
    ok,
    person,
    repay,
    report_overdue,
    row,
)
from openpyxl import load_workbook


async def test_G9_indicators_quarterly_and_annual_reports(client) -> None:
    await import_rows(client, row(person(3)), row(person(4)))
    await import_rows(client, row(person(5)), headers=OTHER_CLERK)
    g1 = await issued(client, person(1), "1000000")
    g2 = await issued(client, person(2), "500000")
    ok(
        await bank_entry(
            client, g1, "drawdowns", {"amount": "1000000", "bank_reference": "a"}, "a"
        ),
        201,
    )
    ok(
        await bank_entry(client, g2, "drawdowns", {"amount": "500000", "bank_reference": "b"}, "b"),
        201,
    )
    ok(
        await report_overdue(client, g2, "200000", "0", "c"),
        201,
    )
    rep = ok(await client.get(f"/reports/{COUNTY}/2026-Q1", headers=FINANCE))
    assert (rep["kind"], rep["start"], rep["end"], rep["due"]) == (
        "quarterly",
        "2026-01-01",
        "2026-03-31",
        "2026-04-10",
    )
    assert rep["overdue_for_submission"] is False
    i = rep["indicators"]
    assert (i["townships"], i["townships_covered"], i["township_coverage"]) == (2, 1, "0.5000")
    assert i["coverage_target"] == "1" and i["coverage_met"] is False
    # 2 borrowers with a loan ÷ 5 new agricultural business entities on file
    assert (i["beneficiaries"], i["new_entities"], i["beneficiary_rate"]) == (2, 5, "0.4000")
    assert i["beneficiary_target"] == "0.6" and i["beneficiary_met"] is False
    assert i["in_guarantee_balance"] == "1500000.00"
    assert (i["overdue_principal"], i["overdue_rate"]) == ("200000.00", "0.1333")
    assert (i["compensated_amount"], i["compensation_rate"]) == ("0.00", "0.0000")

    ok(
        await client.post(
            f"/guarantees/{g2}/compensation", json={"reason": "逾期"}, headers=GUARANTOR
        ),
        201,
    )
    i = ok(await client.get(f"/reports/{COUNTY}/2026", headers=SUPERVISOR))["indicators"]
    # guarantor paid 80% of 200,000 = 160,000 over 1,500,000 guaranteed
    assert (i["compensated_amount"], i["compensation_rate"]) == ("160000.00", "0.1067")
    assert (i["in_guarantee_balance"], i["overdue_rate"]) == ("1000000.00", "0.0000")
    annual = ok(await client.get(f"/reports/{COUNTY}/2026", headers=FINANCE))
    assert (annual["kind"], annual["due"]) == ("annual", "2027-01-10")

    client.clock.advance(timedelta(days=100))  # 2026-04-22: after the 10 April deadline
    assert (
        ok(await client.get(f"/reports/{COUNTY}/2026-Q1", headers=FINANCE))[
            "overdue_for_submission"
        ]
        is True
    )

    r = await client.get(f"/reports/{COUNTY}/2026-Q1?format=csv", headers=FINANCE)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    rows = dict(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert rows["township_coverage"] == "0.5000" and rows["due"] == "2026-04-10"
    r = await client.get(f"/reports/{COUNTY}/2026?format=xlsx", headers=FINANCE)
    assert r.status_code == 200
    ws = load_workbook(io.BytesIO(r.content))["汇总"]
    cells = {a: b for a, b in ws.iter_rows(values_only=True)}
    # typed: the rate a number shown as a percentage, the due date a date (issue 20)
    assert cells["代偿率"] == 0.1067 and ws["B3"].value.date() == date(2027, 1, 10)


async def test_G9_bad_period_and_access(client) -> None:
    r = await client.get(f"/reports/{COUNTY}/2026-Q5", headers=FINANCE)
    assert r.status_code == 422 and r.json()["errors"][0]["rule"] == "G9"
    assert (await client.get(f"/reports/{COUNTY}/2026", headers=OTHER_FINANCE)).status_code == 403
    assert (await client.get(f"/reports/{COUNTY}/2026", headers=LENDER)).status_code == 403


async def test_G9_X7_reports_are_filed_by_persisted_timers_at_the_due_moment(client) -> None:
    """X7 applied to G9: the quarter's close starts the wait, the due moment (the end of
    10 April, Asia/Shanghai) freezes the filing as of the quarter's end."""
    from guarantee_helpers import run_timers

    gid = await issued(client, person(1), "1000000")  # 2026-01-12, Q1
    ok(
        await bank_entry(
            client, gid, "drawdowns", {"amount": "1000000", "bank_reference": "a"}, "a"
        ),
        201,
    )
    r = await client.get(f"/reports/{COUNTY}/2026-Q1/filed", headers=FINANCE)
    assert r.status_code == 404
    assert await run_timers(client, 78) == 0  # 2026-03-31 01:00 UTC: the quarter still runs
    assert await run_timers(client, 1) == 1  # 2026-04-01 (Asia/Shanghai): Q1 closed
    assert (
        await client.get(f"/reports/{COUNTY}/2026-Q1/filed", headers=FINANCE)
    ).status_code == 404
    # a drawdown after the quarter is not in Q1's figures
    ok(
        await repay(client, gid, "400000", "0", "r"),
        201,
    )
    client.clock.set(datetime(2026, 4, 10, 16, 0, tzinfo=UTC))  # 11 April 00:00 in Shanghai
    assert await run_timers(client) == 1
    rep = ok(await client.get(f"/reports/{COUNTY}/2026-Q1/filed", headers=SUPERVISOR))
    assert (rep["period"], rep["due"], rep["end"]) == ("2026-Q1", "2026-04-10", "2026-03-31")
    assert rep["indicators"]["in_guarantee_balance"] == "1000000.00"
    versions = ok(await client.get(f"/reports/{COUNTY}/filings", headers=FINANCE))
    assert [(v["period"], v["version"], v["late"], v["filed_by"]) for v in versions] == [
        ("2026-Q1", 1, False, "system")
    ]
    assert versions[0]["due_at"] == "2026-04-11T00:00:00+08:00"
    assert (await client.get(f"/reports/{COUNTY}/2026/filed", headers=FINANCE)).status_code == 404
    assert (
        await client.get(f"/reports/{COUNTY}/2026-Q1/filed", headers=OTHER_FINANCE)
    ).status_code == 403
    assert (
        await client.get(f"/reports/{COUNTY}/filings", headers=OTHER_FINANCE)
    ).status_code == 403


async def _drawn_at_two_banks(client) -> tuple[str, str]:
    """Two guarantees drawn in full: 1,000,000 at BANK, 500,000.50 at OTHER_BANK."""
    g1 = await issued(client, person(1), "1000000")
    g2 = await issued(client, person(2), "500000.50", bank=(OTHER_BANK, OTHER_LENDER))
    for gid, amount, lender, key in (
        (g1, "1000000", LENDER, "a"),
        (g2, "500000.50", OTHER_LENDER, "b"),
    ):
        body = {"amount": amount, "bank_reference": key}
        ok(await bank_entry(client, gid, "drawdowns", body, key, lender), 201)
    return g1, g2


async def test_G9_the_spreadsheet_is_typed_by_township_and_bank_and_its_totals_add_up(
    client,
) -> None:
    """Issue 20: Chinese headings, numbers stored as numbers (not text), a 合计 row per
    sheet that equals the county's indicators, read back with openpyxl; and the PDF
    summary with the same numbers, its fonts embedded."""
    from testkit.pdfcheck import read_pdf

    _, g2 = await _drawn_at_two_banks(client)
    overdue = {"principal": "200000", "interest": "0", "bank_reference": "c"}
    ok(await bank_entry(client, g2, "overdue", overdue, "c", OTHER_LENDER), 201)
    i = ok(await client.get(f"/reports/{COUNTY}/2026", headers=FINANCE))["indicators"]

    r = await client.get(f"/reports/{COUNTY}/2026?format=xlsx", headers=FINANCE)
    assert r.status_code == 200, r.text
    wb = load_workbook(io.BytesIO(r.content))
    assert wb.sheetnames == ["汇总", "按乡镇", "按银行"]
    summary = {a: b for a, b in wb["汇总"].iter_rows(min_row=5, values_only=True)}
    assert summary["在保余额（元）"] == float(i["in_guarantee_balance"]) == 1500000.5
    assert summary["担保笔数"] == 2 and isinstance(summary["担保笔数"], int)
    assert summary["逾期率"] == float(i["overdue_rate"])
    assert summary["覆盖率是否达标"] in ("是", "否")
    for sheet in ("按乡镇", "按银行"):
        ws = wb[sheet]
        rows = list(ws.iter_rows(values_only=True))
        assert rows[0][:3] in (
            ("乡镇（街道）", "担保笔数", "担保金额（元）"),
            ("合作银行", "担保笔数", "担保金额（元）"),
        )
        body, total = rows[1:-1], rows[-1]
        assert total[0] == "合计"
        for col in range(1, 6):
            assert all(isinstance(x[col], int | float) for x in rows[1:])  # numbers, not text
            assert round(sum(x[col] for x in body), 2) == total[col]
        assert total[1] == 2 and total[2] == float(i["guaranteed_amount"]) == 1500000.5
        assert total[3] == float(i["in_guarantee_balance"])
        assert total[4] == float(i["overdue_principal"]) == 200000
        assert ws.cell(row=2, column=3).number_format == "#,##0.00"
        assert ws.cell(row=2, column=7).number_format == "0.00%"
    banks = {x[0]: x for x in list(wb["按银行"].iter_rows(values_only=True))[1:-1]}
    assert banks[OTHER_BANK][4] == 200000 and banks[OTHER_BANK][6] == 0.4  # 200,000 of 500,000.50

    r = await client.get(f"/reports/{COUNTY}/2026?format=pdf", headers=FINANCE)
    assert r.status_code == 200 and r.headers["content-type"] == "application/pdf"
    pdf = read_pdf(r.content, "g9_summary")
    assert pdf.fonts and all(embedded for _name, embedded in pdf.fonts), pdf.fonts
    flat = pdf.flat
    assert "劝耕贷2026年报" in flat and "在保余额（元）1,500,000.50" in flat
    assert "分合作银行" in flat and OTHER_BANK in flat and "200,000.00" in flat


async def test_G9_the_json_report_carries_its_breakdown_by_township_and_bank(client) -> None:
    """Issue 19: ``breakdown=true`` gives the console the spreadsheet's rows, money in yuan
    to the fen, each group adding up to the county's indicators."""
    from decimal import Decimal

    await _drawn_at_two_banks(client)
    plain = ok(await client.get(f"/reports/{COUNTY}/2026", headers=FINANCE))
    assert "by_bank" not in plain
    rep = ok(await client.get(f"/reports/{COUNTY}/2026?breakdown=true", headers=FINANCE))
    i = rep["indicators"]
    for key in ("by_township", "by_bank"):
        rows = rep[key]
        assert sum(r["issued"] for r in rows) == i["guarantees_issued"] == 2
        assert sum(Decimal(r["guaranteed"]) for r in rows) == Decimal(i["guaranteed_amount"])
        assert sum(Decimal(r["balance"]) for r in rows) == Decimal(i["in_guarantee_balance"])
    banks = {r["name"]: r for r in rep["by_bank"]}
    assert banks[OTHER_BANK]["guaranteed"] == "500000.50"
