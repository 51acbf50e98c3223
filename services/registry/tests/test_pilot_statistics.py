"""R24 (000-地/000-房 六, 七(四)): the two-rights pilot statistics per county, lender and
right class, with the filing deadlines as data (monthly by day 10, quarterly within 10 days
after the quarter, annual by 10 January)."""

from __future__ import annotations

from datetime import date

from registry_testkit import (
    AUTHORITY,
    BANK_A,
    BASE_DOCS,
    COUNTY,
    DEPT,
    HOUSING_TERMS,
    OTHER_AUTHORITY,
    SERVICE,
)

from common.scheduler import Scheduler
from registry.statistics.rules import period

HOUSE = {
    "category": "building",
    "kind": "brick_concrete",
    "quantity": "150",
    "approved_area": "150",
    "unit_price": "800",
    "used_years": "4",
}


def test_R24_000_7_4_periods_and_their_deadlines() -> None:
    assert period("2026-11").due == date(2026, 12, 10)  # monthly: day 10 (CHOICE)
    assert period("2026-12").due == date(2027, 1, 10)
    q3 = period("2026-Q3")
    assert (q3.start, q3.end, q3.due) == (date(2026, 7, 1), date(2026, 10, 1), date(2026, 10, 10))
    assert period("2026").due == date(2027, 1, 10)  # 于次年1月10日前


async def stats(reg, label: str, headers=AUTHORITY):
    return await reg.c.get(
        f"/counties/{COUNTY}/pilot-statistics", params={"period": label}, headers=headers
    )


async def test_R24_000_6_liens_discharges_disposals_and_overdue_visits_by_lender_and_class(
    reg,
) -> None:
    kept = await reg.lien(loan_amount="50000.00")
    repaid = await reg.lien(loan_amount="30000.00")
    r = await reg.c.post(
        f"/liens/{repaid['id']}/discharge",
        json={"reason": "repaid", "note": "结清"},
        headers=BANK_A,
    )
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
    house = await reg.right(right_type="farmer_housing", area_mu="0.3")
    app = await reg.apply(house, loan_amount="30000.00", loan_terms=HOUSING_TERMS)
    await reg.upload_all(app["id"], [*BASE_DOCS, "other_residence_proof", "collective_consent"])
    assert (await reg.value(app["id"], land=None, attachments=[HOUSE])).status_code == 200
    assert (await reg.register(app["id"])).status_code == 201

    r = await stats(reg, f"{reg.today:%Y-%m}")
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["kind"] == "monthly"
    assert body["due"] == str(period(f"{reg.today:%Y-%m}").due)  # day 10 of the next month
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
