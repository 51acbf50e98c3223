"""Z9 paid use (从长期无偿向分类有偿): a fee per m² per year set by the collective's X5 for a
class the county enabled (default off), a contract on the Z14 model, and yearly bills
issued by a persisted timer, exact to the fen."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from collective_helpers import (
    NEIGHBOUR_OFFICER,
    OFFICER,
    VILLAGE,
    collective,
    county_model_contract,
    county_parameter,
    effective_resolution,
    ok,
    parcel,
    person,
    pilot,
    resolution,
    today,
)

from common.scheduler import Scheduler


async def template(c: Any) -> dict:
    return await county_model_contract(c, "paid_use", "兰陵县宅基地有偿使用示范合同", ["term"])


def contract(c: Any, parcel_id: str, t: dict) -> dict:
    return {
        "parcel_id": parcel_id,
        "klass": "non_member_occupancy",
        "occupant_party_id": person(41),
        "occupant_name": "张继承",
        "area_m2": "133.33",
        "start_date": today(c).isoformat(),
        "contract": {"template_id": t["id"], "fields": {"term": "长期"}},
    }


async def test_Z9_yearly_bills_for_an_enabled_class_with_an_X5_fee(lite) -> None:
    await collective(lite)
    await pilot(lite)
    p = ok(await parcel(lite, "JC00007"), 201)
    t = await template(lite)
    refused = await lite.post(
        "/paid-use-contracts", json=contract(lite, p["id"], t), headers=OFFICER
    )
    assert refused.status_code == 422
    assert [(e["field"], e["rule"]) for e in refused.json()["errors"]] == [
        ("klass", "Z9"),  # the county has not enabled the class (default: off)
        ("klass", "Z9"),  # no fee set by X5
    ]
    pending = await resolution(lite, "homestead")
    fee = {"klass": "non_member_occupancy", "fee_per_m2": "2.35", "resolution_id": pending["id"]}
    url = f"/collectives/{VILLAGE}/paid-use-fees"
    early = await lite.post(url, json=fee, headers=OFFICER)
    assert [(e["field"], e["rule"]) for e in early.json()["errors"]] == [("resolution_id", "X5")]
    r = await effective_resolution(lite, "homestead")
    ok(await lite.post(url, json={**fee, "resolution_id": r["id"]}, headers=OFFICER), 201)
    await county_parameter(lite, "paid_use_classes", ["non_member_occupancy"], "分类有偿")
    k = ok(
        await lite.post("/paid-use-contracts", json=contract(lite, p["id"], t), headers=OFFICER),
        201,
    )
    assert k["fee_per_m2"] == "2.35" and k["bills"] == []
    await Scheduler(lite.runtime).run_once()
    k = ok(await lite.get(f"/paid-use-contracts/{k['id']}", headers=OFFICER))
    assert [(b["year_no"], b["amount"]) for b in k["bills"]] == [(1, "313.33")]  # 313.3255
    lite.clock.advance(timedelta(days=366))
    await Scheduler(lite.runtime).run_once()
    k = ok(await lite.get(f"/paid-use-contracts/{k['id']}", headers=OFFICER))
    assert [b["year_no"] for b in k["bills"]] == [1, 2]
    bill = k["bills"][0]
    paid = ok(
        await lite.post(
            f"/paid-use-bills/{bill['id']}/payment",
            json={"receipt_ref": "收据2026-1"},
            headers=OFFICER,
        )
    )
    assert paid["receipt_ref"] == "收据2026-1" and paid["paid_at"] is not None
    twice = await lite.post(
        f"/paid-use-bills/{bill['id']}/payment", json={"receipt_ref": "x"}, headers=OFFICER
    )
    assert twice.status_code == 409
    assert (
        await lite.get(f"/paid-use-contracts/{k['id']}", headers=NEIGHBOUR_OFFICER)
    ).status_code == 403
