"""G14 township scorecards and rectification (seed 004 劝耕贷 三(五) 「检查考核、跟踪问效…对工作
进展缓慢、成效不明显的要进行通报、限期整改」; 一 「乡镇覆盖率达到100%」): a scorecard per township,
the no-guarantee flag after the county's day, and a 通报 with a 30-day deadline that
closes only with a result."""

from __future__ import annotations

from datetime import timedelta

from guarantee_helpers import (
    AGRI,
    COUNTY,
    FINANCE,
    LENDER,
    OTHER_CLERK,
    OTHER_FINANCE,
    OTHER_TOWNSHIP,
    SUPERVISOR,
    TOWNSHIP,
    import_rows,
    issued,
    ok,
    person,
    row,
    run_timers,
    set_param,
)

from common.clock import local_date


async def _cards(client, period: str = "2026") -> dict:
    rep = ok(await client.get(f"/reports/{COUNTY}/townships/{period}", headers=SUPERVISOR))
    return rep | {"by": {c["township_id"]: c for c in rep["scorecards"]}}


async def test_G14_scorecards_per_township_and_the_no_guarantee_flag(client) -> None:
    await issued(client, person(1), "500000")  # filed and issued in TOWNSHIP
    await import_rows(client, row(person(2)), headers=OTHER_CLERK)
    first_by = local_date(client.clock.now()) + timedelta(days=10)
    await set_param(client, "first_guarantee_by", str(first_by), "首笔担保期限")
    rep = await _cards(client)
    assert (rep["townships"], rep["townships_covered"], rep["coverage_met"]) == (2, 1, False)
    mine, other = rep["by"][TOWNSHIP], rep["by"][OTHER_TOWNSHIP]
    assert (mine["borrower_files"], mine["guarantees_issued"], mine["covered"]) == (1, 1, True)
    assert mine["guaranteed_amount"] == "500000.00"
    assert (other["borrower_files"], other["guarantees_issued"], other["covered"]) == (1, 0, False)
    assert not other["flagged_no_guarantee"]  # the day has not passed yet

    await run_timers(client, 10)  # the day itself is still in time
    assert not (await _cards(client))["by"][OTHER_TOWNSHIP]["flagged_no_guarantee"]
    await run_timers(client, 1)  # the day after
    rep = await _cards(client)
    assert rep["by"][OTHER_TOWNSHIP]["flagged_no_guarantee"]
    assert not rep["by"][TOWNSHIP]["flagged_no_guarantee"]


async def test_G14_a_rectification_has_a_30_day_deadline_and_closes_only_with_a_result(
    client,
) -> None:
    await import_rows(client, row(person(2)), headers=OTHER_CLERK)
    body = {"township_id": OTHER_TOWNSHIP, "reason": "一季度未发放劝耕贷", "period": "2026-Q1"}
    notice = ok(
        await client.post(f"/reports/{COUNTY}/rectifications", json=body, headers=AGRI), 201
    )
    today = local_date(client.clock.now())
    assert (notice["deadline"], notice["late"]) == (str(today + timedelta(days=30)), False)
    assert (await _cards(client))["by"][OTHER_TOWNSHIP]["open_rectifications"] == 1
    url = f"/reports/{COUNTY}/rectifications/{notice['id']}/close"

    r = await client.post(url, json={"result": "  "}, headers=FINANCE)
    assert r.status_code == 422, r.text
    assert [(e["field"], e["rule"]) for e in r.json()["errors"]] == [("result", "G14")]

    await run_timers(client, 30)  # the last day, still in time
    listed = ok(await client.get(f"/reports/{COUNTY}/rectifications", headers=FINANCE))
    assert [n["late"] for n in listed] == [False]
    await run_timers(client, 1)  # the day after: late
    listed = ok(
        await client.get(f"/reports/{COUNTY}/rectifications?open_only=true", headers=FINANCE)
    )
    assert [n["late"] for n in listed] == [True]

    closed = ok(await client.post(url, json={"result": "已召开推进会，发放2笔"}, headers=FINANCE))
    assert (closed["result"], closed["late"]) == ("已召开推进会，发放2笔", True)
    assert closed["closed_at"] is not None
    again = await client.post(url, json={"result": "再次"}, headers=FINANCE)
    assert again.status_code == 422, again.text
    assert (
        ok(await client.get(f"/reports/{COUNTY}/rectifications?open_only=true", headers=FINANCE))
        == []
    )


async def test_G14_a_notice_names_a_township_of_the_county_and_only_county_staff_issue_it(
    client,
) -> None:
    await import_rows(client, row(person(2)), headers=OTHER_CLERK)
    bad = {"township_id": "999999999", "reason": "x"}
    r = await client.post(f"/reports/{COUNTY}/rectifications", json=bad, headers=FINANCE)
    assert r.status_code == 422, r.text
    assert [(e["field"], e["rule"]) for e in r.json()["errors"]] == [("township_id", "G14")]
    body = {"township_id": OTHER_TOWNSHIP, "reason": "进展缓慢"}
    for who in (LENDER, SUPERVISOR, OTHER_FINANCE):
        r = await client.post(f"/reports/{COUNTY}/rectifications", json=body, headers=who)
        assert r.status_code == 403, (who, r.text)
