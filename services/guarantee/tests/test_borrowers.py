"""G1, G2, G5 — survey sheets (CSV and XLSX) into one file per borrower, the rejected-rows
report, six-haves classification and the staff override with its reason."""

from __future__ import annotations

import io
from datetime import date

from guarantee_helpers import (
    CLERK,
    GUARANTOR,
    HEADER,
    LENDER,
    OTHER_CLERK,
    SUPERVISOR,
    borrower_id,
    import_rows,
    ok,
    person,
    row,
    sheet,
)
from openpyxl import Workbook

from common.audit import decisions_of
from common.ids import generate_resident_id


async def test_G5_csv_sheet_files_each_borrower_once_and_reports_rejected_rows(client) -> None:
    minor = generate_resident_id("620821", birth=date(2015, 1, 1), seq=3)
    report = await import_rows(
        client,
        row(person(1)),
        row(person(2), haves="110111"),  # no profit: nurture
        row(person(3), haves="011111"),  # no credit: other
        row("620821198005170000"),  # bad check digit
        row(person(4), kind="bank"),  # not a G1 borrower class
        row(person(5), purpose="real_estate"),  # not in the purpose catalogue (G16)
        row(minor),  # no full civil capacity (G2)
        row(person(1)),  # the same borrower twice
    )
    assert (report["rows"], report["created"], report["updated"]) == (8, 3, 0)
    rejected = {
        r["row"]: {(e["field"], e["rule"]) for e in r["errors"]} for r in report["rejected"]
    }
    assert rejected == {
        5: {("party_id", "X4")},
        6: {("kind", "G1")},
        7: {("purpose", "G16")},
        8: {("party_id", "G2")},
        9: {("party_id", "G5")},
    }
    files = {b["party_id"]: b for b in ok(await client.get("/borrowers", headers=CLERK))}
    assert {p: files[p]["category"] for p in (person(1), person(2), person(3))} == {
        person(1): "credit_candidate",
        person(2): "nurture",
        person(3): "other",
    }
    assert len(report["sha256"]) == 64
    # a re-import updates the one file per borrower
    again = await import_rows(client, row(person(2)))
    assert (again["created"], again["updated"]) == (0, 1)
    files = {b["party_id"]: b for b in ok(await client.get("/borrowers", headers=CLERK))}
    assert len(files) == 3 and files[person(2)]["category"] == "credit_candidate"


async def test_G5_xlsx_sheet_with_chinese_headers(client) -> None:
    from guarantee.borrowers.sheets import COLUMNS

    wb = Workbook()
    ws = wb.active
    ws.append([COLUMNS[h] for h in HEADER])
    ws.append(["", "", "", "", "", "", "", "", "", "", "", "", ""])  # blank rows are skipped
    ws.append(
        [
            person(7),
            "李四合作社",
            "农民专业合作社",
            "青峰村",
            "13900000000",
            "粮食生产",
            "水稻",
            "是",
            "是",
            "是",
            "是",
            "是",
            "是",
        ]
    )
    ws.append(
        [
            person(8),
            "王五",
            "种养大户",
            "青峰村",
            "1390000",
            "粮食生产",
            "水稻",
            "是",
            "是",
            "是",
            "maybe",
            "是",
            "是",
        ]
    )
    buf = io.BytesIO()
    wb.save(buf)
    r = await client.post(
        "/borrowers/imports",
        files={
            "file": (
                "摸底表.xlsx",
                buf.getvalue(),
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
        },
        headers=CLERK,
    )
    report = ok(r, 201)
    assert report["created"] == 1
    assert [(x["row"], x["errors"][0]["field"]) for x in report["rejected"]] == [(4, "has_profit")]
    b = ok(await client.get("/borrowers", headers=CLERK))[0]
    assert (b["kind"], b["purpose"], b["category"]) == ("cooperative", "grain", "credit_candidate")


async def test_X4_an_unreadable_sheet_or_missing_columns_changes_nothing(client) -> None:
    r = await client.post(
        "/borrowers/imports",
        files={"file": ("x.xlsx", b"PK not a zip", "application/zip")},
        headers=CLERK,
    )
    assert r.status_code == 422 and r.json()["errors"][0]["rule"] == "G5"
    r = await client.post(
        "/borrowers/imports",
        files={"file": ("x.csv", sheet(header=HEADER[:5]), "text/csv")},
        headers=CLERK,
    )
    assert r.status_code == 422 and "has_need" in r.json()["errors"][0]["message"]
    assert ok(await client.get("/borrowers", headers=CLERK)) == []


async def test_G5_staff_override_records_its_reason(client) -> None:
    await import_rows(client, row(person(1), haves="111110"))
    bid = await borrower_id(client, person(1))
    r = await client.post(
        f"/borrowers/{bid}/classification",
        json={"category": "credit_candidate", "reason": ""},
        headers=CLERK,
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "reason"
    b = ok(
        await client.post(
            f"/borrowers/{bid}/classification",
            json={"category": "credit_candidate", "reason": "融资需求已于宣讲会登记"},
            headers=CLERK,
        )
    )
    assert (b["category"], b["category_by_rule"]) == ("credit_candidate", "nurture")
    assert b["override_reason"] == "融资需求已于宣讲会登记"
    async with client.runtime.transaction() as s:
        log = await decisions_of(s, "borrower", bid)
    assert log[0].action == "borrower.classified" and log[0].actor_subject == "clerk-1"
    assert log[0].data == {"from": "nurture", "to": "credit_candidate", "by_rule": "nurture"}
    # a re-import keeps the override; the rule's class is refreshed beside it
    await import_rows(client, row(person(1), haves="011110"))
    b = ok(await client.get(f"/borrowers/{bid}", headers=CLERK))
    assert (b["category"], b["category_by_rule"]) == ("credit_candidate", "other")


async def test_X3_a_township_sees_and_files_only_its_own_borrowers(client) -> None:
    await import_rows(client, row(person(1)))
    bid = await borrower_id(client, person(1))
    assert ok(await client.get("/borrowers", headers=OTHER_CLERK)) == []
    assert (await client.get(f"/borrowers/{bid}", headers=OTHER_CLERK)).status_code == 403
    r = await client.post(
        f"/borrowers/{bid}/classification",
        json={"category": "other", "reason": "x"},
        headers=OTHER_CLERK,
    )
    assert r.status_code == 403
    # another township cannot take over the file by importing it
    report = await import_rows(client, row(person(1)), headers=OTHER_CLERK)
    assert report["rejected"][0]["errors"][0]["rule"] == "X3"
    assert len(ok(await client.get("/borrowers", headers=SUPERVISOR))) == 1
    assert (await client.get("/borrowers", headers=LENDER)).status_code == 403
    r = await client.post(
        "/borrowers/imports",
        files={"file": ("s.csv", sheet(row(person(2))), "text/csv")},
        headers=GUARANTOR,
    )
    assert r.status_code == 403


async def test_G16_the_county_lends_only_for_the_purposes_on_its_list(client) -> None:
    from guarantee_helpers import COUNTY, FINANCE

    from common.clock import local_date

    url = f"/county-parameters/{COUNTY}/loan_purposes"
    in_force = ok(await client.get(f"/county-parameters/{COUNTY}", headers=FINANCE))
    default = next(p for p in in_force if p["key"] == "loan_purposes")
    assert default["value"] == [
        "grain",
        "livestock_aquaculture",
        "specialty",
        "agri_service",
        "infrastructure",
        "integrated",
        "leisure",
    ]  # seed 004 二(一)2: the plan's seven purposes
    today = str(local_date(client.clock.now()))
    for refused in ([], ["grain", "grain"], ["grain", "real_estate"]):
        change = {"value": refused, "effective_from": today, "reason": "收窄用途"}
        r = await client.put(url, json=change, headers=FINANCE)
        assert r.status_code == 422, (refused, r.text)
    narrowed = {"value": ["grain", "agri_service"], "effective_from": today, "reason": "收窄用途"}
    ok(await client.put(url, json=narrowed, headers=FINANCE), 201)
    report = await import_rows(
        client,
        row(person(1), purpose="grain"),
        row(person(2), purpose="农业社会化服务"),  # by its Chinese label
        row(person(3), purpose="leisure"),  # in the plan's catalogue, not on this county's list
    )
    assert (report["created"], len(report["rejected"])) == (2, 1)
    (problem,) = report["rejected"][0]["errors"]
    assert (problem["field"], problem["rule"]) == ("purpose", "G16")
    assert "粮食生产、农业社会化服务" in problem["message_zh"]
