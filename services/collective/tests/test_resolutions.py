"""X5 decision records (四议两公开): the four deliberations in order, thresholds exact in
integers, the publicity (default 7 days) as a persisted timer, objections, and the result
publicity."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from collective_helpers import (
    OFFICER,
    TOWNSHIP_OFFICE,
    VILLAGE,
    after_publicity,
    collective,
    ok,
    outbox_events,
    resolution,
    step,
)

from collective.resolutions.rules import passes, threshold_for
from common.audit import decisions_of


def test_X5_two_thirds_is_exact_in_integers() -> None:
    # 入市 (E3): 3 × for ≥ 2 × entitled; of 45 representatives 30 pass, 29 do not
    assert passes("two_thirds", 30, 45) and not passes("two_thirds", 29, 45)
    # 2/3 of 31 is 20.67: 21 pass, 20 do not (no rounding anywhere)
    assert passes("two_thirds", 21, 31) and not passes("two_thirds", 20, 31)


def test_X5_a_majority_is_more_than_half_of_those_entitled() -> None:
    assert passes("majority", 23, 45) and not passes("majority", 22, 45)
    assert not passes("majority", 20, 40) and passes("majority", 21, 40)  # half is not enough


def test_X5_land_entry_needs_two_thirds_and_homestead_matters_the_county_threshold() -> None:
    assert threshold_for("land_entry", "majority") == "two_thirds"
    assert threshold_for("homestead_qualification", "majority") == "majority"
    assert threshold_for("homestead", "two_thirds") == "two_thirds"


async def test_X5_four_deliberations_in_order_then_seven_days_publicity(lite) -> None:
    await collective(lite)
    r = await resolution(lite, vote_for=23, eligible=45)  # a majority of 45
    assert r["status"] == "in_publicity" and r["threshold"] == "majority"
    assert [s["step"] for s in r["steps"]] == ["proposal", "consultation", "party_review", "vote"]
    assert all(len(s["minutes_sha256"]) == 64 for s in r["steps"])
    assert r["actionable"] is False
    # the publicity is a persisted timer: a day short, nothing fires
    assert await after_publicity(lite, days=6) == 0
    assert ok(await lite.get(f"/resolutions/{r['id']}", headers=OFFICER))["status"] == (
        "in_publicity"
    )
    assert await after_publicity(lite, days=1) == 1
    r = ok(await lite.get(f"/resolutions/{r['id']}", headers=OFFICER))
    assert r["status"] == "effective" and r["actionable"] is True
    # 实施结果公开 closes the record
    body = {"summary": "资格权名单已公示确认", "published_on": "2026-01-20"}
    r = ok(await lite.post(f"/resolutions/{r['id']}/result", json=body, headers=OFFICER))
    assert r["status"] == "closed"
    async with lite.runtime.transaction() as s:
        actions = [d.action for d in await decisions_of(s, "resolution", r["id"])]
    assert actions == [
        "resolution.proposed",
        "resolution.deliberate",
        "resolution.review",
        "resolution.resolve",
        "resolution.effective",
        "resolution.result_published",
    ]


async def test_X5_a_final_vote_short_of_the_threshold_rejects(lite) -> None:
    await collective(lite)
    r = await resolution(lite, vote_for=22, eligible=45)
    assert r["status"] == "rejected"
    r = await resolution(lite, "land_entry", vote_for=29, eligible=45)
    assert r["status"] == "rejected" and r["threshold"] == "two_thirds"
    r = await resolution(lite, "land_entry", vote_for=30, eligible=45)
    assert r["status"] == "in_publicity"


async def test_X5_a_missing_or_out_of_order_step_is_refused_with_every_reason(lite) -> None:
    await collective(lite)
    r = await resolution(lite, upto="consultation")
    assert r["status"] == "deliberated"
    bad = step(lite, "vote", votes_for=40, eligible=45, attendance=46)
    bad["abstained"] = 10  # 40 + 6 + 10 votes from 46 present
    bad["held_on"] = (lite.clock.now().date() + timedelta(days=3)).isoformat()
    refused = await lite.post(f"/resolutions/{r['id']}/steps", json=bad, headers=OFFICER)
    assert refused.status_code == 422
    body = refused.json()
    assert body["rule"] == "X5"
    assert {(e["field"], e["rule"]) for e in body["errors"]} == {
        ("step", "X5"),
        ("held_on", "X5"),
        ("attendance", "X5"),
        ("votes_for", "X5"),
    }
    after = ok(await lite.get(f"/resolutions/{r['id']}", headers=OFFICER))
    assert after["status"] == "deliberated" and len(after["steps"]) == 2  # nothing changed


async def objected(c: Any, raised_by: str, text: str, headers: dict) -> tuple[dict, dict]:
    """A resolution in publicity and an objection (异议) raised against it (X5)."""
    await collective(c)
    r = await resolution(c)
    url = f"/resolutions/{r['id']}/objections"
    body = {"raised_by": raised_by, "text": text}
    return r, ok(await c.post(url, json=body, headers=headers), 201)


async def test_X5_an_open_objection_holds_the_resolution_until_answered(lite) -> None:
    r, objection = await objected(lite, "村民李四", "名单漏报我户", OFFICER)
    assert await after_publicity(lite) == 1  # the timer fires, the objection holds it
    held = ok(await lite.get(f"/resolutions/{r['id']}", headers=OFFICER))
    assert held["status"] == "in_publicity" and held["actionable"] is False
    # the collective cannot answer its own objection; the township office does
    answer = {"uphold": False, "answer": "经核实已列入"}
    url = f"/resolutions/{r['id']}/objections/{objection['id']}/answer"
    assert (await lite.post(url, json=answer, headers=OFFICER)).status_code == 403
    done = ok(await lite.post(url, json=answer, headers=TOWNSHIP_OFFICE))
    assert done["status"] == "effective"
    assert done["objections"][0]["status"] == "dismissed"


async def test_X5_an_upheld_objection_overturns_the_resolution(lite) -> None:
    r, o = await objected(lite, "村民王五", "表决人数不实", TOWNSHIP_OFFICE)
    url = f"/resolutions/{r['id']}/objections/{o['id']}/answer"
    done = ok(
        await lite.post(url, json={"uphold": True, "answer": "属实"}, headers=TOWNSHIP_OFFICE)
    )
    assert done["status"] == "overturned"
    assert await after_publicity(lite) == 1
    assert ok(await lite.get(f"/resolutions/{r['id']}", headers=OFFICER))["status"] == "overturned"


async def test_X5_no_result_publicity_before_the_resolution_takes_effect(lite) -> None:
    await collective(lite)
    r = await resolution(lite)
    body = {"summary": "提前公开", "published_on": "2026-01-06"}
    refused = await lite.post(f"/resolutions/{r['id']}/result", json=body, headers=OFFICER)
    assert refused.status_code == 409 and refused.json()["rule"] == "X5"


async def test_R15_X5_a_land_mortgage_decision_is_published_once_it_takes_effect(lite) -> None:
    """R15 (000 三(十)): mortgaging uncontracted collective land needs two thirds and names
    the right; once effective the decision is published (``collective.resolution_passed``)
    with its final vote, for the registry to verify what a lender cites."""
    await collective(lite)
    body = {
        "matter": "land_mortgage",
        "title": "以集体草牧场经营权抵押",
        "proposal": step(lite, "proposal", votes_for=5, eligible=7),
    }
    r = await lite.post("/resolutions", json={**body, "collective_id": VILLAGE}, headers=OFFICER)
    assert r.status_code == 422
    assert {(p["field"], p["rule"]) for p in r.json()["errors"]} == {("subject_ref", "R15")}
    assert threshold_for("land_mortgage", "majority") == "two_thirds"
    short = await resolution(lite, "land_mortgage", vote_for=29, eligible=45, subject_ref="GS1")
    assert short["status"] == "rejected"
    r = await resolution(lite, "land_mortgage", vote_for=30, eligible=45, subject_ref="GS1")
    assert r["status"] == "in_publicity" and r["subject_ref"] == "GS1"
    assert await outbox_events(lite, "collective.resolution_passed") == []  # not yet effective
    await after_publicity(lite, days=7)
    [event] = await outbox_events(lite, "collective.resolution_passed")
    p = event["payload"]
    assert (p["resolution_id"], p["matter"], p["subject_ref"]) == (r["id"], "land_mortgage", "GS1")
    assert (p["collective_id"], p["entitled"], p["votes_for"], p["threshold"]) == (
        VILLAGE,
        45,
        30,
        "two_thirds",
    )
