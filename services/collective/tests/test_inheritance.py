"""Z8 inheritance (农房继承): an inherited parcel by a non-member heir needs the paid-use
contract (Z9); recovery needs every heir's waiver (for payment) and puts the parcel in
the reserve (Z10); a member heir's household inherits it (origin inherited)."""

from __future__ import annotations

from typing import Any

from collective_helpers import (
    OFFICER,
    VILLAGE,
    collective,
    county_model_contract,
    county_parameter,
    effective_resolution,
    household,
    ok,
    parcel,
    person,
    pilot,
    realized,
    recognized,
    today,
)

HEIR = person(50)  # a daughter married into another county: not a member


async def deceased_homestead(c: Any) -> tuple[dict, dict, dict]:
    await collective(c)
    await pilot(c)
    h, q = await recognized(c, 1)
    p = ok(await parcel(c, "JC00001"), 201)
    await realized(c, q, p["id"], "兰宅批1990-001")
    return h, q, p


def inheritance(p: dict, outcome: str, **kw: Any) -> dict:
    body = {
        "parcel_id": p["id"],
        "deceased_party_id": person(1),
        "death_ref": "死亡证明2026-07",
        "heirs": [{"party_id": HEIR, "name": "王小花"}, {"party_id": person(2), "name": "王二"}],
        "outcome": outcome,
    }
    body.update(kw)
    return body


async def test_Z8_a_non_member_heir_needs_the_paid_use_contract(lite) -> None:
    _h, q, p = await deceased_homestead(lite)
    await county_parameter(lite, "paid_use_classes", ["non_member_occupancy"], "有偿使用")
    body = inheritance(p, "non_member", heir_party_id=HEIR)
    refused = await lite.post("/inheritances", json=body, headers=OFFICER)
    assert refused.status_code == 422
    assert [(e["field"], e["rule"]) for e in refused.json()["errors"]] == [
        ("paid_use_contract_id", "Z8")
    ]
    r = await effective_resolution(lite, "homestead")
    fee = {"klass": "non_member_occupancy", "fee_per_m2": "1.50", "resolution_id": r["id"]}
    ok(await lite.post(f"/collectives/{VILLAGE}/paid-use-fees", json=fee, headers=OFFICER), 201)
    template = await county_model_contract(lite, "paid_use", "有偿使用示范合同", ["term"])
    k = {
        "parcel_id": p["id"],
        "klass": "non_member_occupancy",
        "occupant_party_id": HEIR,
        "occupant_name": "王小花",
        "area_m2": "180.00",
        "start_date": today(lite).isoformat(),
        "contract": {"template_id": template["id"], "fields": {"term": "房屋存续期间"}},
    }
    k = ok(await lite.post("/paid-use-contracts", json=k, headers=OFFICER), 201)
    done = ok(
        await lite.post(
            "/inheritances", json={**body, "paid_use_contract_id": k["id"]}, headers=OFFICER
        ),
        201,
    )
    assert done["outcome"] == "non_member" and done["paid_use_contract_id"] == k["id"]
    assert ok(await lite.get(f"/parcels/{p['id']}", headers=OFFICER))["household_id"] is None
    assert ok(await lite.get(f"/qualifications/{q['id']}", headers=OFFICER))["status"] == "retained"


async def test_Z8_recovery_needs_every_heirs_waiver_and_a_member_heir_inherits(lite) -> None:
    _h, _q, p = await deceased_homestead(lite)
    body = inheritance(
        p, "waive", waivers=[person(2)], compensation="20000.00", agreement_ref="放弃协议1"
    )
    refused = await lite.post("/inheritances", json=body, headers=OFFICER)
    assert [(e["field"], e["rule"]) for e in refused.json()["errors"]] == [("waivers", "Z8")]
    assert HEIR in refused.json()["errors"][0]["message"]
    heir_household = await household(lite, 2)
    member = inheritance(p, "member", heir_household_id=heir_household["id"])
    ok(await lite.post("/inheritances", json=member, headers=OFFICER), 201)
    got = ok(await lite.get(f"/parcels/{p['id']}", headers=OFFICER))
    assert (got["household_id"], got["origin"]) == (heir_household["id"], "inherited")


async def test_Z8_all_heirs_waive_and_the_collective_recovers_into_the_reserve(lite) -> None:
    _h, _q, p = await deceased_homestead(lite)
    body = inheritance(
        p, "waive", waivers=[HEIR, person(2)], compensation="20000.00", agreement_ref="放弃协议1"
    )
    done = ok(await lite.post("/inheritances", json=body, headers=OFFICER), 201)
    assert done["compensation"] == "20000.00"
    reserve = ok(await lite.get(f"/collectives/{VILLAGE}/reserve", headers=OFFICER))
    assert [(e["parcel_id"], e["source"]) for e in reserve] == [(p["id"], "recovered")]
    assert ok(await lite.get(f"/parcels/{p['id']}", headers=OFFICER))["use"] == "idle"
