"""入市 after the contract (DOMAIN E7, E10): the planning conditions come from the
detailed plan inside the urban development boundary and from the village plan or the
general rules outside it; the permits are tracked on the deal and construction cannot
start before them; the tripartite checklist is signed by government, collective and
user, declarations and patrols are recorded; idle-land handling is off by default and,
when on, the 20 % fee falls due one year after the agreed start and recovery after two
(persisted timers, ManualClock); an early recovery records its compensation."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from collective_helpers import (
    BUREAU,
    NEIGHBOUR_OFFICER,
    OFFICER,
    contracted_entry_deal,
    county_parameter,
    entry_deal,
    entry_plan_body,
    entry_ready,
    ok,
    reasons,
    today,
)

from common.scheduler import Scheduler

RURAL = {
    "kind": "rural_construction_planning",
    "number": "乡字第371324202600001号",
    "issuer": "兰陵县自然资源局",
}


def _checklist(c: Any, **over: Any) -> dict:
    start = today(c) + timedelta(days=30)
    return {
        "start_by": start.isoformat(),
        "complete_by": (start + timedelta(days=540)).isoformat(),
        "land_use": "commercial",
        "environment_terms": "废水经处理达标后排放",
        "industry_terms": "亩均税收不低于15万元",
    } | over


async def _signed(c: Any) -> tuple[dict, str]:
    """A contracted deal outside the boundary with its checklist signed by all three."""
    _plan, deal = await contracted_entry_deal(c)
    url = f"/entry-deals/{deal['id']}"
    ok(await c.post(f"{url}/supervision", json=_checklist(c), headers=BUREAU), 201)
    signed = ok(
        await c.post(
            f"{url}/supervision/signatures",
            json={"user_signer": "兰陵某商贸有限公司", "user_signed_on": today(c).isoformat()},
            headers=OFFICER,
        )
    )
    assert signed["status"] == "signed"
    assert set(signed["signatures"]) == {"government", "collective", "user"}
    return deal, url


async def test_E7_the_planning_source_must_match_the_boundary_flag(lite) -> None:
    r = await entry_ready(lite)
    inside_village = entry_plan_body(
        r["id"], lite, inside_urban_development_boundary=True, planning_source="village_plan"
    )
    refused = await lite.post("/entry-plans", json=inside_village, headers=OFFICER)
    assert refused.status_code == 422 and reasons(refused) == {("planning_source", "E7")}
    assert "控制性详细规划" in refused.text
    outside_detailed = entry_plan_body(r["id"], lite, planning_source="detailed_plan")
    refused = await lite.post("/entry-plans", json=outside_detailed, headers=OFFICER)
    assert reasons(refused) == {("planning_source", "E7")}
    general = entry_plan_body(r["id"], lite, planning_source="general_rules")
    plan = ok(await lite.post("/entry-plans", json=general, headers=OFFICER), 201)
    assert (plan["inside_urban_development_boundary"], plan["planning_source"]) == (
        False,
        "general_rules",
    )


async def test_E7_permits_follow_the_contract_and_match_the_boundary(lite) -> None:
    _plan, deal = await entry_deal(lite)
    url = f"/entry-deals/{deal['id']}"
    early = await lite.post(
        f"{url}/permits", json=RURAL | {"issued_on": today(lite).isoformat()}, headers=BUREAU
    )
    assert early.status_code == 409 and reasons(early) == {("deal_id", "E7")}


async def test_E7_E10_construction_cannot_start_before_the_permits(lite) -> None:
    _deal, url = await _signed(lite)
    on = today(lite).isoformat()
    start = {"kind": "start", "declared_on": on}
    refused = await lite.post(f"{url}/declarations", json=start, headers=OFFICER)
    assert refused.status_code == 409 and reasons(refused) == {("kind", "E7")}
    assert "乡村建设规划许可证" in refused.text
    # outside the boundary: the inside permits are not this land's
    wrong = await lite.post(
        f"{url}/permits",
        json=RURAL | {"kind": "land_use_planning", "issued_on": on},
        headers=BUREAU,
    )
    assert reasons(wrong) == {("kind", "E7")}
    got = ok(await lite.post(f"{url}/permits", json=RURAL | {"issued_on": on}, headers=BUREAU), 201)
    assert got["permits_missing"] == [] and got["permits_required"] == [RURAL["kind"]]
    again = await lite.post(f"{url}/permits", json=RURAL | {"issued_on": on}, headers=BUREAU)
    assert again.status_code == 409 and reasons(again) == {("kind", "E7")}
    started = ok(await lite.post(f"{url}/declarations", json=start, headers=OFFICER))
    assert (started["status"], started["started_on"]) == ("started", on)


async def test_E7_inside_the_boundary_two_permits_are_needed(lite) -> None:
    _plan, deal = await contracted_entry_deal(
        lite,
        inside_urban_development_boundary=True,
        planning_source="detailed_plan",
        planning_reference="兰陵县城控制性详细规划",
    )
    url = f"/entry-deals/{deal['id']}"
    body = RURAL | {"kind": "land_use_planning", "issued_on": today(lite).isoformat()}
    got = ok(await lite.post(f"{url}/permits", json=body, headers=BUREAU), 201)
    assert got["permits_required"] == ["land_use_planning", "works_planning"]
    assert got["permits_missing"] == ["works_planning"]


async def test_E10_the_checklist_signed_by_three_declarations_and_patrols(lite) -> None:
    _plan, deal = await contracted_entry_deal(lite)
    url = f"/entry-deals/{deal['id']}"
    bad = _checklist(lite, land_use="industrial")
    bad["complete_by"] = bad["start_by"]
    refused = await lite.post(f"{url}/supervision", json=bad, headers=BUREAU)
    assert reasons(refused) == {("complete_by", "E10"), ("land_use", "E10")}
    assert (
        await lite.post(f"{url}/supervision", json=_checklist(lite), headers=OFFICER)
    ).status_code == 403
    drafted = ok(await lite.post(f"{url}/supervision", json=_checklist(lite), headers=BUREAU), 201)
    assert drafted["status"] == "drafted" and set(drafted["signatures"]) == {"government"}
    sign = {"user_signer": "兰陵某商贸有限公司", "user_signed_on": today(lite).isoformat()}
    other = await lite.post(f"{url}/supervision/signatures", json=sign, headers=NEIGHBOUR_OFFICER)
    assert other.status_code == 403
    future = sign | {"user_signed_on": (today(lite) + timedelta(days=1)).isoformat()}
    ahead = await lite.post(f"{url}/supervision/signatures", json=future, headers=OFFICER)
    assert ahead.status_code == 422 and reasons(ahead) == {("user_signed_on", "E10")}
    on = today(lite).isoformat()
    early = await lite.post(
        f"{url}/declarations", json={"kind": "start", "declared_on": on}, headers=OFFICER
    )
    assert ("kind", "E10") in reasons(early)
    ok(await lite.post(f"{url}/supervision/signatures", json=sign, headers=OFFICER))
    done = await lite.post(
        f"{url}/declarations", json={"kind": "completion", "declared_on": on}, headers=OFFICER
    )
    assert done.status_code == 409 and reasons(done) == {("kind", "E10")}
    patrol = {"patrolled_on": on, "compliant": False, "findings": "未按期动工"}
    seen = ok(await lite.post(f"{url}/patrols", json=patrol, headers=BUREAU))
    assert [(r["kind"], r["compliant"]) for r in seen["records"]] == [("patrol", False)]
    ok(await lite.post(f"{url}/permits", json=RURAL | {"issued_on": on}, headers=BUREAU), 201)
    ok(
        await lite.post(
            f"{url}/declarations", json={"kind": "start", "declared_on": on}, headers=OFFICER
        )
    )
    completed = ok(
        await lite.post(
            f"{url}/declarations", json={"kind": "completion", "declared_on": on}, headers=OFFICER
        )
    )
    assert completed["status"] == "completed"
    assert [r["kind"] for r in completed["records"]] == ["patrol", "start", "completion"]
    assert ok(await lite.get(f"{url}/supervision", headers=OFFICER))["completed_on"] == on


def _start_by(sup: dict) -> datetime:
    """Local midnight (Asia/Shanghai) beginning the agreed start date, in UTC."""
    d = date.fromisoformat(sup["checklist"]["start_by"])
    return datetime(d.year, d.month, d.day, tzinfo=UTC) - timedelta(hours=8)


async def test_E10_idle_land_handling_is_off_by_default(lite) -> None:
    _deal, url = await _signed(lite)
    sup = ok(await lite.get(f"{url}/supervision", headers=BUREAU))
    lite.clock.set(_start_by(sup).replace(year=_start_by(sup).year + 2) + timedelta(days=1))
    assert await Scheduler(lite.runtime).run_once() >= 2  # both timers fired, off: nothing
    sup = ok(await lite.get(f"{url}/supervision", headers=BUREAU))
    assert (sup["idle_fee"], sup["recovery_due_at"]) == (None, None)
    idle = await lite.post(
        f"{url}/recovery",
        json={"reason": "idle", "decision_ref": "兰自然资收2028-1"},
        headers=BUREAU,
    )
    assert idle.status_code == 409 and reasons(idle) == {("reason", "E10")}


async def test_E10_when_on_the_20_percent_fee_after_one_year_recovery_after_two(lite) -> None:
    await county_parameter(lite, "entry_idle_handling", {"enabled": True}, "参照闲置土地处置办法")
    _deal, url = await _signed(lite)
    sup = ok(await lite.get(f"{url}/supervision", headers=BUREAU))
    start = _start_by(sup)
    one, two = start.replace(year=start.year + 1), start.replace(year=start.year + 2)
    lite.clock.set(one - timedelta(seconds=1))
    await Scheduler(lite.runtime).run_once()
    assert ok(await lite.get(f"{url}/supervision", headers=BUREAU))["idle_fee"] is None
    lite.clock.set(one)
    assert await Scheduler(lite.runtime).run_once() >= 1
    sup = ok(await lite.get(f"{url}/supervision", headers=BUREAU))
    assert sup["idle_fee"] == "420000.00"  # 20 % of 2,100,000.00
    assert sup["recovery_due_at"] is None
    lite.clock.set(two)
    assert await Scheduler(lite.runtime).run_once() >= 1
    assert ok(await lite.get(f"{url}/supervision", headers=BUREAU))["recovery_due_at"]
    paid = await lite.post(
        f"{url}/recovery",
        json={"reason": "idle", "decision_ref": "兰自然资收2028-1", "compensation": "1.00"},
        headers=BUREAU,
    )
    assert reasons(paid) == {("compensation", "E10")}
    done = ok(
        await lite.post(
            f"{url}/recovery",
            json={"reason": "idle", "decision_ref": "兰自然资收2028-1"},
            headers=BUREAU,
        )
    )
    assert done["status"] == "recovered" and done["recovered"]["compensation_fen"] == 0


async def test_E10_an_early_recovery_records_its_compensation(lite) -> None:
    _deal, url = await _signed(lite)
    body = {"reason": "public_interest", "decision_ref": "兰政收2026-3"}
    refused = await lite.post(f"{url}/recovery", json=body, headers=BUREAU)
    assert refused.status_code == 409 and reasons(refused) == {("compensation", "E10")}
    assert (await lite.post(f"{url}/recovery", json=body, headers=OFFICER)).status_code == 403
    done = ok(
        await lite.post(
            f"{url}/recovery", json=body | {"compensation": "500000.00"}, headers=BUREAU
        )
    )
    assert done["status"] == "recovered"
    assert done["recovered"]["compensation_fen"] == 50_000_000
    assert done["recovered"]["reason"] == "public_interest"
