"""R24 (000-地/000-房 六, 七(四)): the two-rights pilot statistics per county, lender and
right class, with the filing deadlines as data (monthly by day 10, quarterly within 10 days
after the quarter, annual by 10 January)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from registry_testkit import (
    AUTHORITY,
    BANK_A,
    COUNTY,
    DEPT,
    HOUSING_TERMS,
    OTHER_AUTHORITY,
    SERVICE,
)
from sqlalchemy import select

from common.filings import FILING_TIMER, parse_period
from common.scheduler import Scheduler, schedule_timer
from registry.statistics.service import R24_REPORT


def due(label: str) -> date:
    return R24_REPORT.due_date(parse_period(label))


def test_R24_000_7_4_periods_and_their_deadlines() -> None:
    assert due("2026-11") == date(2026, 12, 10)  # monthly: day 10 (CHOICE)
    assert due("2026-12") == date(2027, 1, 10)
    q3 = parse_period("2026-Q3")
    assert (q3.start, q3.end, due("2026-Q3")) == (
        date(2026, 7, 1),
        date(2026, 9, 30),
        date(2026, 10, 10),  # 于每季度后10日内
    )
    assert due("2026") == date(2027, 1, 10)  # 于次年1月10日前


async def stats(reg, label: str, headers=AUTHORITY):
    return await reg.c.get(
        f"/counties/{COUNTY}/pilot-statistics", params={"period": label}, headers=headers
    )


async def test_R24_000_6_liens_discharges_disposals_and_overdue_visits_by_lender_and_class(
    reg,
) -> None:
    kept = await reg.lien(loan_amount="50000.00")
    repaid = await reg.lien(loan_amount="30000.00")
    r = await reg.discharge(repaid["id"], note="结清")
    assert r.status_code == 200, r.text
    r = await reg.c.post(
        f"/liens/{kept['id']}/disposals",
        json={
            "method": "restructuring",
            "default_on": str(reg.today),
            "outstanding_debt": "50000.00",
            "note": "展期",
            "details": {"new_term_end": "2031-12-31"},
        },
        headers=BANK_A,
    )
    assert r.status_code == 201, r.text
    app = await reg.housing_application(loan_terms=HOUSING_TERMS)
    assert (await reg.register(app["id"])).status_code == 201

    r = await stats(reg, f"{reg.today:%Y-%m}")
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["kind"] == "monthly"
    assert body["due"] == str(due(f"{reg.today:%Y-%m}"))  # day 10 of the next month
    rows = {(x["lender_org_id"], x["right_class"]): x for x in body["rows"]}
    land = rows[("abc-qingyang", "land")]
    assert (land["registered"], land["registered_amount"]) == (2, "80000.00")
    assert (land["outstanding"], land["outstanding_amount"]) == (1, "50000.00")
    assert (land["discharged_repaid"], land["discharged_waived"], land["disposals"]) == (1, 0, 1)
    housing = rows[("abc-qingyang", "housing")]
    assert (housing["registered"], housing["outstanding_amount"]) == (1, "30000.00")
    assert housing["overdue_visits"] == 0

    # both open liens' first visits (due after 90 days) run overdue in the second quarter
    scheduler = Scheduler(reg.c.runtime)
    reg.clock.advance(days=90 + 15 + 1)
    await scheduler.run_once()
    q2 = (await stats(reg, f"{reg.today:%Y}-Q2")).json()
    assert q2["due"] == f"{reg.today:%Y}-07-10"
    by = {(x["lender_org_id"], x["right_class"]): x for x in q2["rows"]}
    assert by[("abc-qingyang", "land")]["overdue_visits"] == 1
    assert by[("abc-qingyang", "housing")]["overdue_visits"] == 1
    assert by[("abc-qingyang", "land")]["registered"] == 0
    assert by[("abc-qingyang", "land")]["outstanding"] == 1
    # a period before any lien has no rows
    assert (await stats(reg, "2020")).json()["rows"] == []


async def test_R24_only_the_countys_own_staff_read_it_and_a_bad_period_is_422(reg) -> None:
    assert (await stats(reg, "2026-01", OTHER_AUTHORITY)).status_code == 403
    assert (await stats(reg, "2026-01", BANK_A)).status_code == 403
    assert (await stats(reg, "2026-01", SERVICE)).status_code == 403
    for bad in ("2026-13", "0000", "2026-Q5"):
        r = await stats(reg, bad)
        assert r.status_code == 422 and r.headers["content-type"] == "application/problem+json"


async def test_R24_000_6_compensation_paid_to_the_lenders_liens(reg) -> None:
    right = await reg.right()
    cert = right["certificate_no"]
    await reg.lien(right, loan_amount="60000.00", above_normal_reason=None)
    await reg.c.post(
        f"/rights/{cert}/flags",
        json={"flag": "expropriation", "set": True, "reason": "announced 2026-1"},
        headers=DEPT,
    )
    body = {"amount": "80000.00", "reference": "征收补偿决定 2026-9"}
    r = await reg.c.post(f"/rights/{cert}/expropriation-compensation", json=body, headers=DEPT)
    assert r.status_code == 201, r.text
    [row] = (await stats(reg, f"{reg.today:%Y}", headers=DEPT)).json()["rows"]
    assert row["compensation_to_lender"] == "60000.00"


async def test_R24_X7_the_first_lien_starts_the_duty_and_the_month_is_frozen_at_its_due_moment(
    reg,
) -> None:
    """X7 applied to R24: the county's first registered lien starts its filing duty; the
    month's figures are frozen at the end of the 10th of the next month (Asia/Shanghai);
    filing it again is refused; a correction is version 2 with its reason; the workbook
    is typed (counts are numbers, amounts are numbers with two decimals)."""
    import io
    from datetime import UTC, datetime, timedelta

    from openpyxl import load_workbook

    base = f"/counties/{COUNTY}/pilot-statistics/filings"
    await reg.lien(loan_amount="50000.00")
    scheduler = Scheduler(reg.c.runtime)
    await scheduler.run_once()  # nothing filing is due yet: the duty waits for the month
    month = f"{reg.today:%Y-%m}"
    nxt = (reg.today.replace(day=1) + timedelta(days=32)).replace(day=10)
    due_at = datetime(nxt.year, nxt.month, 10, 16, tzinfo=UTC)  # the 10th ends in Shanghai
    reg.clock.set(due_at - timedelta(seconds=1))
    await scheduler.run_once()
    listed = await reg.c.get(base, params={"period": month}, headers=DEPT)
    assert listed.status_code == 200 and listed.json() == []
    reg.clock.set(due_at)
    await scheduler.run_once()
    (v1,) = (await reg.c.get(base, params={"period": month}, headers=DEPT)).json()
    assert (v1["period"], v1["version"], v1["late"], v1["rule"]) == (month, 1, False, "R24")
    again = await reg.c.post(f"{base}/{month}", headers=DEPT)
    assert again.status_code == 409 and again.json()["errors"][0]["rule"] == "X7"
    assert (await reg.c.post(f"{base}/{month}", headers=AUTHORITY)).status_code == 403
    reg.clock.advance(days=1)
    r = await reg.c.post(
        f"{base}/{month}/corrections", json={"reason": "补录一笔抵押"}, headers=DEPT
    )
    assert r.status_code == 201, r.text
    assert (r.json()["version"], r.json()["late"]) == (2, True)  # filed after the due moment
    frozen = (await reg.c.get(f"{base}/{month}/1", headers=AUTHORITY)).json()
    [row] = frozen["content"]["data"]["rows"]
    assert (row["registered"], row["registered_amount"]) == (1, "50000.00")
    r = await reg.c.get(f"{base}/{month}/1", params={"format": "xlsx"}, headers=AUTHORITY)
    assert r.status_code == 200, r.text
    sheet = load_workbook(io.BytesIO(r.content))["按贷款机构"]
    values = [c for row in sheet.iter_rows(values_only=True) for c in row]
    assert 50000 in values and "农村承包土地经营权" in values


async def filing_timers(reg) -> dict[str, tuple[datetime, str]]:
    """The registry's X7 filing timers: key → (due moment, state)."""
    t = reg.c.runtime.definition.infra.timers
    async with reg.c.runtime.transaction() as s:
        rows = await s.execute(
            select(t.c.key, t.c.due_at, t.c.state).where(t.c.kind == FILING_TIMER)
        )
        return {r.key: (r.due_at, r.state) for r in rows}


def end_of(day: date) -> datetime:
    """A filing due "by" ``day`` is on time until that day ends in Asia/Shanghai (UTC+8)."""
    return datetime(day.year, day.month, day.day, 16, tzinfo=UTC)


#: R24's timers for a duty started in January 2026, each at its period's due moment (X7).
JANUARY_DUTY = {
    f"r24:{COUNTY}:2026-01": (end_of(date(2026, 2, 10)), "pending"),  # monthly: by day 10
    f"r24:{COUNTY}:2026-Q1": (end_of(date(2026, 4, 10)), "pending"),  # within 10 days
    f"r24:{COUNTY}:2026": (end_of(date(2027, 1, 10)), "pending"),  # annual: by 10 January
}


async def test_R24_X7_starting_the_duty_schedules_each_period_s_due_moment_and_nothing_now(
    reg,
) -> None:
    """The first lien starts the duty: the running month's, quarter's and year's timers at
    their due moments, none due at that moment (no start timer that fires now); a second
    lien keeps them."""
    await reg.lien(loan_amount="50000.00")
    assert f"{reg.today:%Y-%m}" == "2026-01"
    assert await filing_timers(reg) == JANUARY_DUTY
    await Scheduler(reg.c.runtime).run_once()
    assert await filing_timers(reg) == JANUARY_DUTY  # nothing of the duty fired
    await reg.lien(loan_amount="30000.00")
    assert await filing_timers(reg) == JANUARY_DUTY


async def test_R24_X7_a_duty_start_timer_persisted_before_still_starts_the_duty(reg) -> None:
    """A deployed county may hold a start timer of the old kind (``r24:county:duty``, due
    when it was set, payload without a period): firing it schedules the running periods."""
    runtime = reg.c.runtime
    at = reg.clock.now()
    async with runtime.transaction() as s:
        payload = {"report": "r24", "county": COUNTY}
        await schedule_timer(s, FILING_TIMER, f"r24:{COUNTY}:duty", at, payload)
    assert await Scheduler(runtime).run_once() == 1
    assert await filing_timers(reg) == {f"r24:{COUNTY}:duty": (at, "fired"), **JANUARY_DUTY}
