"""X6 dispute cases (negotiation → mediation → arbitration → court, closing needs an
outcome) and Z12 violation cases (a finding flags the parcel; closing needs a decision
document): while open the object is flagged in every service (collective.case_changed),
and here a withdrawal payout on the parcel is refused."""

from __future__ import annotations

from collective_helpers import (
    COUNTY_OFFICE,
    INSPECTION,
    NEIGHBOUR_OFFICER,
    OFFICER,
    OTHER_COUNTY_INSPECTION,
    TOWNSHIP_OFFICE,
    collective,
    ok,
    outbox_events,
    parcel,
    realized,
    recognized,
)


def dispute_body(object_type: str = "right", object_ref: str = "LL-HS-0001", **kw) -> dict:
    return {
        "collective_id": "371324100201",
        "object_type": object_type,
        "object_ref": object_ref,
        "claimant": "王某（相邻户）",
        "description": "宅基地东侧界址争议",
    } | kw


async def test_X6_a_dispute_moves_negotiation_mediation_arbitration_court_and_needs_an_outcome(
    lite,
) -> None:
    await collective(lite)
    d = ok(await lite.post("/disputes", json=dispute_body(), headers=OFFICER), 201)
    assert (d["stage"], d["certificate_no"], d["version"]) == ("negotiation", "LL-HS-0001", 1)
    # the neighbouring collective's officer may not touch it (X3)
    other = await lite.post(
        f"/disputes/{d['id']}/escalate", json={"mediator": "township"}, headers=NEIGHBOUR_OFFICER
    )
    assert other.status_code == 403
    # mediation names its mediator; arbitration and court their case number
    bad = await lite.post(f"/disputes/{d['id']}/escalate", json={}, headers=OFFICER)
    assert bad.status_code == 422 and [e["rule"] for e in bad.json()["errors"]] == ["X6"]
    url = f"/disputes/{d['id']}/escalate"
    d = ok(await lite.post(url, json={"mediator": "township"}, headers=TOWNSHIP_OFFICE))
    assert d["stage"] == "mediation" and d["mediator"] == "township"
    bad = await lite.post(url, json={}, headers=TOWNSHIP_OFFICE)
    assert [(e["field"], e["rule"]) for e in bad.json()["errors"]] == [("case_number", "X6")]
    d = ok(await lite.post(url, json={"case_number": "兰仲字〔2026〕1号"}, headers=OFFICER))
    assert d["stage"] == "arbitration"
    d = ok(await lite.post(url, json={"case_number": "(2026)鲁1324民初1号"}, headers=OFFICER))
    assert d["stage"] == "court" and d["case_number"] == "(2026)鲁1324民初1号"
    beyond = await lite.post(url, json={"case_number": "x"}, headers=OFFICER)
    assert beyond.status_code == 409
    # closing needs an outcome
    no_outcome = await lite.post(f"/disputes/{d['id']}/close", json={}, headers=OFFICER)
    assert no_outcome.status_code == 422
    body = {"outcome": "判决界址以东墙为准", "outcome_ref": "(2026)鲁1324民初1号判决书"}
    d = ok(await lite.post(f"/disputes/{d['id']}/close", json=body, headers=OFFICER))
    assert d["stage"] == "closed" and d["version"] == 5
    events = [e["payload"] for e in await outbox_events(lite, "collective.case_changed")]
    assert [(e["stage"], e["flags"], e["flag"], e["rule"]) for e in events] == [
        ("negotiation", True, "disputed", "X6"),
        ("mediation", True, "disputed", "X6"),
        ("arbitration", True, "disputed", "X6"),
        ("court", True, "disputed", "X6"),
        ("closed", False, "disputed", "X6"),
    ]
    assert {e["certificate_no"] for e in events} == {"LL-HS-0001"}
    listed = ok(await lite.get("/collectives/371324100201/disputes", headers=INSPECTION))
    assert [x["id"] for x in listed] == [d["id"]]


async def test_X6_a_case_that_is_not_about_ownership_flags_nothing(lite) -> None:
    await collective(lite)
    ok(await lite.post("/disputes", json=dispute_body(ownership=False), headers=OFFICER), 201)
    (event,) = await outbox_events(lite, "collective.case_changed")
    assert event["payload"]["flags"] is False


async def test_Z12_an_open_violation_case_blocks_the_withdrawal_payout_until_decided(
    lite,
) -> None:
    await collective(lite)
    _, q = await recognized(lite, 1, 2)
    p = ok(await parcel(lite, "371324100201JC00009"), 201)
    await realized(lite, q, p["id"], "兰宅批2026-009")
    finding = {"parcel_id": p["id"], "inspection_ref": "联检2026-07", "finding": "超占面积"}
    # the inspection of another county may not open it (X3)
    far = await lite.post("/violations", json=finding, headers=OTHER_COUNTY_INSPECTION)
    assert far.status_code == 403
    v = ok(await lite.post("/violations", json=finding, headers=INSPECTION), 201)
    assert v["status"] == "open"
    dispute = dispute_body("parcel", p["id"])
    d = ok(await lite.post("/disputes", json=dispute, headers=TOWNSHIP_OFFICE), 201)
    withdrawal = {"reference": "退出协议2026-09", "retain": True}
    url = f"/qualifications/{q['id']}/withdrawal"
    refused = await lite.post(url, json=withdrawal, headers=TOWNSHIP_OFFICE)
    assert refused.status_code == 409
    assert [e["rule"] for e in refused.json()["errors"]] == ["Z12", "X6"]  # every reason (X4)
    # closing needs a decision document
    assert (
        await lite.post(f"/violations/{v['id']}/close", json={}, headers=COUNTY_OFFICE)
    ).status_code == 422
    closed = {"decision_ref": "兰农执决〔2026〕9号", "decision": "限期拆除超占部分，已整改"}
    ok(await lite.post(f"/violations/{v['id']}/close", json=closed, headers=COUNTY_OFFICE))
    outcome = {"outcome": "村委会调解达成协议"}
    ok(await lite.post(f"/disputes/{d['id']}/close", json=outcome, headers=TOWNSHIP_OFFICE))
    q = ok(await lite.post(url, json=withdrawal, headers=TOWNSHIP_OFFICE))
    assert q["status"] == "retained"
    events = [e["payload"] for e in await outbox_events(lite, "collective.case_changed")]
    assert [(e["kind"], e["flags"], e["parcel_id"]) for e in events] == [
        ("violation", True, p["id"]),
        ("dispute", True, p["id"]),
        ("violation", False, p["id"]),
        ("dispute", False, p["id"]),
    ]
    trail = ok(await lite.get(f"/violations/{v['id']}", headers=OFFICER))
    assert trail["decision_ref"] == "兰农执决〔2026〕9号"
