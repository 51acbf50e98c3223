"""Z3 the homestead application and approval chain (一窗受理、村级初审、乡级审批、县级监管)
and the first registration's event (Z4): the seed's three joint-review opinions, the
county filing's deadline (30 days, CHOICE) as a persisted timer with its late flag, the
refusals listing every reason at once, and who sees what (X3)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

from collective_helpers import (
    COUNTY_OFFICE,
    FAR_OFFICER,
    INSPECTION,
    NEIGHBOUR,
    NEIGHBOUR_OFFICER,
    OFFICER,
    OTHER_COUNTY_INSPECTION,
    OTHER_TOWNSHIP_OFFICE,
    TOWNSHIP,
    TOWNSHIP_OFFICE,
    collective,
    county_parameter,
    effective_resolution,
    household,
    ok,
    outbox_events,
    parcel,
    person,
    realized,
    recognized,
    today,
)

from collective.applications.rules import draw_sample, opinion_problems, sample_size
from common.scheduler import Scheduler

FILING_DAYS = 30  # Z3: the county filing's default deadline (CHOICE; the seed says 及时)
OPINIONS = ("agriculture", "natural_resources", "housing")  # 农业农村、自然资源和规划、住建


def application(household_id: str, parcel_id: str, **kw: Any) -> dict:
    body = {
        "household_id": household_id,
        "parcel_id": parcel_id,
        "area_m2": "150.00",
        "floors": 2,
        "height_m": "7.50",
        "in_plan_zone": True,
        "in_year_plan": True,
        "house_disposed": False,
    }
    body.update(kw)
    return body


async def ready(c: Any) -> tuple[dict, dict, dict, dict]:
    """A recognized household, a collective site and the collective's effective decision."""
    await collective(c)
    h, q = await recognized(c, 1, 2)
    site = ok(await parcel(c, "JC00100"), 201)
    r = await effective_resolution(c, "homestead")
    return h, q, site, r


async def reviewed(c: Any, h: dict, site: dict, r: dict, **kw: Any) -> dict:
    a = ok(
        await c.post(
            "/homestead-applications",
            json=application(h["id"], site["id"], **kw),
            headers=TOWNSHIP_OFFICE,
        ),
        201,
    )
    assert a["status"] == "applied"
    return ok(
        await c.post(
            f"/homestead-applications/{a['id']}/village-review",
            json={"resolution_id": r["id"]},
            headers=OFFICER,
        )
    )


async def opinion(c: Any, a: dict, department: str, approve: bool = True) -> dict:
    body = {"department": department, "approve": approve, "opinion": f"{department} 同意"}
    return await c.post(
        f"/homestead-applications/{a['id']}/opinions", json=body, headers=TOWNSHIP_OFFICE
    )


async def approved(c: Any, a: dict) -> dict:
    for d in OPINIONS:
        ok(await opinion(c, a, d))
    body = {"approval_no": "兰宅批(2026)001", "permit_no": "乡字第2026-001号"}
    return ok(
        await c.post(
            f"/homestead-applications/{a['id']}/approve", json=body, headers=TOWNSHIP_OFFICE
        )
    )


def test_Z3_approval_needs_all_three_opinions_none_against() -> None:
    assert opinion_problems({"agriculture": True, "natural_resources": True, "housing": True}) == []
    problems = opinion_problems({"agriculture": True, "natural_resources": False})
    assert [(p.field, p.rule) for p in problems] == [("department", "Z3"), ("department", "Z3")]
    assert "natural resources" in problems[0].message_en and "housing" in problems[1].message_en


async def test_Z3_Z4_the_chain_from_the_window_to_acceptance(client) -> None:
    h, q, site, r = await ready(client)
    a = await reviewed(client, h, site, r)
    assert a["status"] == "village_reviewed" and a["resolution_id"] == r["id"]
    ok(await opinion(client, a, "agriculture"))
    ok(await opinion(client, a, "natural_resources"))
    twice = await opinion(client, a, "agriculture")
    assert twice.status_code == 409 and twice.json()["errors"][0]["rule"] == "Z3"
    body = {"approval_no": "兰宅批(2026)001", "permit_no": "乡字第2026-001号"}
    url = f"/homestead-applications/{a['id']}"
    early = await client.post(f"{url}/approve", json=body, headers=TOWNSHIP_OFFICE)
    assert early.status_code == 409
    assert [(e["field"], e["rule"]) for e in early.json()["errors"]] == [("department", "Z3")]
    ok(await opinion(client, a, "housing"))
    a = ok(await client.post(f"{url}/approve", json=body, headers=TOWNSHIP_OFFICE))
    assert a["status"] == "approved" and a["approval_no"] == "兰宅批(2026)001"
    assert sorted(o["department"] for o in a["opinions"]) == sorted(OPINIONS)
    q = ok(await client.get(f"/qualifications/{q['id']}", headers=OFFICER))
    assert q["status"] == "realized" and q["parcel_id"] == site["id"]
    assert (
        ok(await client.get(f"/parcels/{site['id']}", headers=OFFICER))["household_id"] == h["id"]
    )
    ledger = ok(
        await client.get(f"/townships/{TOWNSHIP}/homestead-ledger", headers=TOWNSHIP_OFFICE)
    )
    assert [x["id"] for x in ledger] == [a["id"]]
    # the acceptance waits for the county filing (县级监管)
    waits = await client.post(
        f"{url}/acceptance",
        json={"acceptance_no": "验收2026-001", "built_area_m2": "150.00"},
        headers=TOWNSHIP_OFFICE,
    )
    assert waits.status_code == 409
    # 30 days pass without the filing: the timer flags it late
    client.clock.advance(timedelta(days=FILING_DAYS, seconds=1))
    assert await Scheduler(client.runtime).run_once() >= 1
    late = ok(await client.get(url, headers=COUNTY_OFFICE))
    assert late["status"] == "approved" and late["filing_late"] is True
    filed = ok(
        await client.post(f"{url}/filing", json={"reference": "县备2026-9"}, headers=COUNTY_OFFICE)
    )
    assert filed["status"] == "filed" and filed["filing_late"] is True
    # Z4: a house on more land than approved is refused, the qualification stays realized
    over = await client.post(
        f"{url}/acceptance",
        json={"acceptance_no": "验收2026-001", "built_area_m2": "150.01"},
        headers=TOWNSHIP_OFFICE,
    )
    assert over.status_code == 409
    assert [(e["field"], e["rule"]) for e in over.json()["errors"]] == [("built_area_m2", "Z4")]
    done = ok(
        await client.post(
            f"{url}/acceptance",
            json={"acceptance_no": "验收2026-001", "built_area_m2": "148.50"},
            headers=TOWNSHIP_OFFICE,
        )
    )
    assert done["status"] == "accepted"
    events = await outbox_events(client, "collective.homestead_accepted")
    assert len(events) == 1
    payload = events[0]["payload"]
    assert (payload["approval_no"], payload["permit_no"], payload["acceptance_no"]) == (
        "兰宅批(2026)001",
        "乡字第2026-001号",
        "验收2026-001",
    )
    assert payload["approved_area_m2"] == "150.00" and payload["parcel_number"] == "JC00100"
    assert payload["holder_party_id"] == person(1)
    assert [o["party_id"] for o in payload["co_owners"]] == [person(2)]
    trail = ok(await client.get(f"{url}/decisions", headers=INSPECTION))
    assert [d["action"] for d in trail] == [
        "homestead_application.apply",
        "homestead_application.village_review",
        "homestead_application.opinion",
        "homestead_application.opinion",
        "homestead_application.opinion",
        "homestead_application.approve",
        "homestead_application.filing_overdue",
        "homestead_application.file",
        "homestead_application.accept",
    ]
    assert {d["rule"] for d in trail} == {"Z3"}


async def test_Z3_a_filing_in_time_is_not_late_and_its_timer_is_cancelled(lite) -> None:
    h, _q, site, r = await ready(lite)
    a = await approved(lite, await reviewed(lite, h, site, r))
    url = f"/homestead-applications/{a['id']}"
    lite.clock.advance(timedelta(days=FILING_DAYS - 1))
    filed = ok(
        await lite.post(f"{url}/filing", json={"reference": "县备2026-1"}, headers=COUNTY_OFFICE)
    )
    assert filed["filing_late"] is False
    lite.clock.advance(timedelta(days=2))
    await Scheduler(lite.runtime).run_once()
    assert ok(await lite.get(url, headers=OFFICER))["filing_late"] is False


async def housed_with_a_site(c: Any) -> tuple[dict, dict, dict, dict]:
    """A household already living on its realized homestead (JC00001) and a free site
    of the collective (JC00100): (household, qualification, home, site)."""
    await collective(c)
    h, q = await recognized(c, 1)
    home = ok(await parcel(c, "JC00001"), 201)
    await realized(c, q, home["id"], "兰宅批2020-001")
    return h, q, home, ok(await parcel(c, "JC00100"), 201)


async def test_Z3_the_window_lists_every_reason_and_changes_nothing(lite) -> None:
    h, _q, _home, site = await housed_with_a_site(lite)
    await county_parameter(lite, "homestead_area_limit_m2", "200", "省定标准")
    refused = await lite.post(
        "/homestead-applications",
        json=application(
            h["id"],
            site["id"],
            area_m2="200.01",
            floors=4,
            in_plan_zone=False,
            in_year_plan=False,
            house_disposed=True,
        ),
        headers=TOWNSHIP_OFFICE,
    )
    assert refused.status_code == 422
    assert [(e["field"], e["rule"]) for e in refused.json()["errors"]] == [
        ("household_id", "Z1"),  # realized already: not an applicable qualification
        ("household_id", "Z3"),  # a household that holds a homestead (一户一宅)
        ("area_m2", "Z3"),
        ("in_plan_zone", "Z3"),
        ("in_year_plan", "Z3"),
        ("floors", "Z3"),
        ("house_disposed", "Z3"),  # EXTERNAL 土地管理法 第六十二条
    ]
    assert (
        ok(
            await lite.get(
                f"/collectives/{h['collective_id']}/homestead-applications", headers=OFFICER
            )
        )
        == []
    )
    # an unqualified household (non-member heirs included) is refused too
    stranger = await household(lite, 9, confirmed=False)
    refused = await lite.post(
        "/homestead-applications",
        json=application(stranger["id"], site["id"]),
        headers=TOWNSHIP_OFFICE,
    )
    assert [(e["field"], e["rule"]) for e in refused.json()["errors"]] == [("household_id", "Z1")]


async def test_Z3_a_household_returning_its_homestead_may_build_a_new_one(lite) -> None:
    h, q, home, site = await housed_with_a_site(lite)
    r = await effective_resolution(lite, "homestead")
    a = await approved(lite, await reviewed(lite, h, site, r, return_parcel_id=home["id"]))
    assert a["status"] == "approved"
    old = ok(await lite.get(f"/parcels/{home['id']}", headers=OFFICER))
    assert old["household_id"] is None and old["use"] == "idle"
    status = ok(await lite.get(f"/households/{h['id']}/homestead", headers=OFFICER))
    assert status["status"] == "one" and [p["id"] for p in status["parcels"]] == [site["id"]]
    q = ok(await lite.get(f"/qualifications/{q['id']}", headers=OFFICER))
    assert q["status"] == "realized" and q["parcel_id"] == site["id"]


async def test_Z3_X3_a_village_officer_sees_only_its_village(lite) -> None:
    h, _q, site, r = await ready(lite)
    await collective(lite, NEIGHBOUR)
    a = await reviewed(lite, h, site, r)
    url = f"/homestead-applications/{a['id']}"
    assert (await lite.get(url, headers=NEIGHBOUR_OFFICER)).status_code == 403
    assert (await lite.get(url, headers=FAR_OFFICER)).status_code == 403
    listing = await lite.get(
        f"/collectives/{h['collective_id']}/homestead-applications", headers=NEIGHBOUR_OFFICER
    )
    assert listing.status_code == 403
    assert (
        await lite.get(f"/townships/{TOWNSHIP}/homestead-ledger", headers=OFFICER)
    ).status_code == 403
    assert (
        await lite.get(f"/townships/{TOWNSHIP}/homestead-ledger", headers=OTHER_TOWNSHIP_OFFICE)
    ).status_code == 403
    other = await lite.post(
        "/homestead-applications",
        json=application(h["id"], site["id"]),
        headers=OTHER_TOWNSHIP_OFFICE,
    )
    assert other.status_code == 403
    review = await lite.post(
        f"{url}/refuse", json={"reason": "不在本村"}, headers=NEIGHBOUR_OFFICER
    )
    assert review.status_code == 403
    assert ok(await lite.get(url, headers=OFFICER))["status"] == "village_reviewed"


async def test_Z3_the_village_review_needs_an_effective_X5_decision(lite) -> None:
    await collective(lite)
    h, _q = await recognized(lite, 1)
    site = ok(await parcel(lite, "JC00100"), 201)
    a = ok(
        await lite.post(
            "/homestead-applications",
            json=application(h["id"], site["id"]),
            headers=TOWNSHIP_OFFICE,
        ),
        201,
    )
    wrong = await effective_resolution(lite, "homestead_inventory")
    refused = await lite.post(
        f"/homestead-applications/{a['id']}/village-review",
        json={"resolution_id": wrong["id"]},
        headers=OFFICER,
    )
    assert refused.status_code == 409
    assert [(e["field"], e["rule"]) for e in refused.json()["errors"]] == [("resolution_id", "X5")]
    again = await lite.post(
        "/homestead-applications", json=application(h["id"], site["id"]), headers=TOWNSHIP_OFFICE
    )
    assert [(e["field"], e["rule"]) for e in again.json()["errors"]] == [("household_id", "Z3")]
    refused = ok(
        await lite.post(
            f"/homestead-applications/{a['id']}/refuse",
            json={"reason": "村民代表会议未通过"},
            headers=OFFICER,
        )
    )
    assert refused["status"] == "refused" and refused["refusal"] == "村民代表会议未通过"


def test_Z12_the_sample_is_the_rate_rounded_up_at_least_one_and_reproducible() -> None:
    ten = Decimal(10)
    assert [sample_size(n, ten) for n in (0, 1, 9, 10, 11, 25, 100)] == [0, 1, 1, 1, 2, 3, 10]
    ids = [f"A{i:03d}" for i in range(40)]
    first = draw_sample(ids, ten, TOWNSHIP, 2026, "联检2026-01")
    assert len(first) == 4 and set(first) <= set(ids) and first == sorted(first)
    # the recorded seed draws the same sample again, whatever order the ledger is read in
    assert draw_sample(list(reversed(ids)), ten, TOWNSHIP, 2026, "联检2026-01") == first
    assert any(draw_sample(ids, ten, TOWNSHIP, 2026, f"seed-{i}") != first for i in range(5))


async def test_Z12_the_joint_inspection_samples_the_townships_approvals_of_a_year(lite) -> None:
    h, _q, site, r = await ready(lite)
    a = await approved(lite, await reviewed(lite, h, site, r))
    year = today(lite).year
    url = f"/townships/{TOWNSHIP}/inspection-samples"
    body = {"year": year, "seed": "兰陵联检通知2026-01"}
    assert (await lite.post(url, json=body, headers=OFFICER)).status_code == 403
    assert (await lite.post(url, json=body, headers=OTHER_COUNTY_INSPECTION)).status_code == 403
    empty = await lite.post(url, json={"year": year - 1}, headers=INSPECTION)
    assert empty.status_code == 422
    assert [(e["field"], e["rule"]) for e in empty.json()["errors"]] == [("year", "Z12")]
    sample = ok(await lite.post(url, json=body, headers=INSPECTION), 201)
    assert sample["population"] == 1 and Decimal(sample["sample_percent"]) == 10
    assert sample["seed"] == "兰陵联检通知2026-01"
    assert [x["application_id"] for x in sample["approvals"]] == [a["id"]]  # at least one
    again = await lite.post(url, json={"year": year}, headers=INSPECTION)
    assert again.status_code == 409  # drawn once: never redrawn until it suits
    seen = ok(await lite.get(f"/inspection-samples/{sample['id']}", headers=TOWNSHIP_OFFICE))
    assert seen["approvals"] == sample["approvals"]
    far = await lite.get(f"/inspection-samples/{sample['id']}", headers=OTHER_TOWNSHIP_OFFICE)
    assert far.status_code == 403
    # a finding on a sampled approval opens a violation case citing the sample
    finding = {
        "parcel_id": sample["approvals"][0]["parcel_id"],
        "inspection_ref": sample["id"],
        "finding": "超出批准面积建房",
    }
    case = ok(await lite.post("/violations", json=finding, headers=INSPECTION), 201)
    assert case["status"] == "open"
