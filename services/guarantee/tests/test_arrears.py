"""G12 arrears restriction (seed 004 劝耕贷 三(六) 「对拖欠贷款尚未归还的借款企业或借款人，取消项目
申报以及当年享受县各类优惠政策、财政补助和荣誉评选的资格」): unpaid overdue amounts restrict a
borrower automatically for the calendar year, published as an event; the restriction is
carried into the next year while the arrears stay unpaid."""

from __future__ import annotations

from guarantee_helpers import (
    BANK,
    GUARANTOR,
    bank_entry,
    borrower_id,
    import_rows,
    ok,
    overdue_guarantee,
    person,
    row,
    run_timers,
)
from test_blacklist_and_access import outbox_events

from common.clock import local_date


async def _recommend(client, party_id: str):
    await import_rows(client, row(party_id))  # the file renewed (G18)
    bid = await borrower_id(client, party_id)
    body = {"lender_org_id": BANK, "borrower_ids": [bid]}
    return await client.post("/guarantees/recommendations", json=body, headers=GUARANTOR)


async def _to_next_year(client) -> None:
    today = local_date(client.clock.now())
    days = (today.replace(year=today.year + 1, month=1, day=1) - today).days
    await run_timers(client, days)


async def test_G12_an_overdue_restricts_the_borrower_for_the_year_and_is_published(
    client,
) -> None:
    await overdue_guarantee(client, person(1), principal="200000")
    year = local_date(client.clock.now()).year
    (event,) = await outbox_events(client, "guarantee.arrears_restricted")
    assert (event["payload"]["party_id"], event["payload"]["year"]) == (person(1), year)
    r = await _recommend(client, person(1))
    assert r.status_code == 409, r.text
    assert r.json()["type"].endswith("/party-in-arrears") and r.json()["rule"] == "G12"
    assert str(year) in r.json()["detail_zh"]
    assert ok(await _recommend(client, person(2)), 201)  # another borrower is not touched


async def test_G12_repaying_does_not_lift_this_year_but_the_next_year_is_free(client) -> None:
    gid = await overdue_guarantee(client, person(1), principal="200000")
    repaid = {"principal": "1000000", "interest": "0", "bank_reference": "R"}
    assert ok(await bank_entry(client, gid, "repayments", repaid, "r"), 201)["state"] == "repaid"
    assert (await _recommend(client, person(1))).status_code == 409  # the year's restriction
    await _to_next_year(client)
    assert len(await outbox_events(client, "guarantee.arrears_restricted")) == 1  # not carried
    assert ok(await _recommend(client, person(1)), 201)[0]["state"] == "recommended"


async def test_G12_unpaid_arrears_carry_the_restriction_into_the_next_year(client) -> None:
    await overdue_guarantee(client, person(1), principal="200000")
    await _to_next_year(client)
    events = await outbox_events(client, "guarantee.arrears_restricted")
    this_year = local_date(client.clock.now()).year
    assert [e["payload"]["year"] for e in events] == [this_year - 1, this_year]
    r = await _recommend(client, person(1))
    assert r.status_code == 409 and str(this_year) in r.json()["detail_zh"], r.text


async def test_G12_the_monthly_credit_bureau_export_lists_the_loans_in_arrears(client) -> None:
    import csv
    import io

    from guarantee_helpers import COUNTY, FINANCE, LENDER, SUPERVISOR

    gid = await overdue_guarantee(client, person(1), principal="200000")
    month = local_date(client.clock.now()).strftime("%Y-%m")
    rep = ok(await client.get(f"/reports/{COUNTY}/credit-bureau/{month}", headers=FINANCE))
    (loan,) = rep["loans"]
    assert (loan["party_id"], loan["guarantee_id"], loan["state"]) == (person(1), gid, "overdue")
    assert (loan["balance"], loan["overdue_principal"]) == ("1000000.00", "200000.00")
    assert loan["overdue_since"] == str(local_date(client.clock.now()))
    r = await client.get(f"/reports/{COUNTY}/credit-bureau/{month}?format=csv", headers=SUPERVISOR)
    head, first = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert head[:2] == ["证件号码", "借款人"] and first[0] == person(1)
    assert first[5] == "200000.00"
    # a month before the drawdown: nothing in arrears; a bad month names the field
    assert (
        ok(await client.get(f"/reports/{COUNTY}/credit-bureau/2025-01", headers=FINANCE))["loans"]
        == []
    )
    bad = await client.get(f"/reports/{COUNTY}/credit-bureau/2026-13", headers=FINANCE)
    assert [(e["field"], e["rule"]) for e in bad.json()["errors"]] == [("month", "G12")]
    assert (
        await client.get(f"/reports/{COUNTY}/credit-bureau/{month}", headers=LENDER)
    ).status_code == 403
