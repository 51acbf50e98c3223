"""Z5 transfer, gift and swap inside the collective (转让、赠与、互换) with Z14 model
contracts: a surplus homestead to a qualified member; a household's only homestead needs
another residence, every adult's consent and X5 (or is forbidden); a transferee may not
exceed one homestead; a swap that fails on one side changes neither."""

from __future__ import annotations

from typing import Any

from collective_helpers import (
    CERT,
    NEIGHBOUR_OFFICER,
    OFFICER,
    collective,
    county_model_contract,
    county_parameter,
    deliver,
    effective_resolution,
    lien_registered,
    ok,
    parcel,
    person,
    pilot,
    recognized,
)

from collective.liens.handlers import on_lien_discharged, on_lien_registered, on_right_flagged
from common.contracts.registry import LienDischarged, RightFlagged

REQUIRED = ["handover_date", "price_terms"]


async def model_contract(c: Any, kind: str, required: list[str] | None = None) -> dict:
    title = f"兰陵县农村宅基地使用权{kind}示范合同"
    return await county_model_contract(c, kind, title, required or REQUIRED)


def contract(template: dict, **fields: str) -> dict:
    base = {"handover_date": "2027-01-01", "price_terms": "一次性支付"}
    base.update(fields)
    return {"template_id": template["id"], "fields": {k: v for k, v in base.items() if v}}


async def world(c: Any) -> tuple[dict, dict, dict]:
    """Households A (two adults) and B, both qualified, and an effective X5 decision."""
    await collective(c)
    await pilot(c)
    a, _ = await recognized(c, 1, 2)
    b, _ = await recognized(c, 3)
    r = await effective_resolution(c, "homestead")
    return a, b, r


def transfer(parcel_id: str, to: str, r: dict, template: dict, **kw: Any) -> dict:
    body = {
        "kind": "transfer",
        "parcel_id": parcel_id,
        "to_household_id": to,
        "price": "30000.00",
        "declaration_ref": "自愿转让声明2026-01",
        "resolution_id": r["id"],
        "contract": contract(template),
    }
    body.update(kw)
    return body


async def status(c: Any, household_id: str) -> dict:
    return ok(await c.get(f"/households/{household_id}/homestead", headers=OFFICER))


async def test_Z5_Z14_a_surplus_homestead_goes_to_a_qualified_member(lite) -> None:
    a, b, r = await world(lite)
    spare = ok(await parcel(lite, "JC00001", household_id=a["id"]), 201)
    ok(await parcel(lite, "JC00002", household_id=a["id"], origin="inherited"), 201)
    assert (await status(lite, a["id"]))["status"] == "multiple_lawful"
    template = await model_contract(lite, "transfer")
    incomplete = transfer(
        spare["id"], b["id"], r, template, contract=contract(template, handover_date="")
    )
    refused = await lite.post("/homestead-transfers", json=incomplete, headers=OFFICER)
    assert refused.status_code == 409
    assert [(e["field"], e["rule"]) for e in refused.json()["errors"]] == [
        ("contract.fields.handover_date", "Z14")
    ]
    assert (await status(lite, b["id"]))["status"] == "none"  # nothing changed
    t = ok(
        await lite.post(
            "/homestead-transfers",
            json=transfer(spare["id"], b["id"], r, template),
            headers=OFFICER,
        ),
        201,
    )
    assert t["surplus"] is True and t["price"] == "30000.00" and t["template_id"] == template["id"]
    assert (await status(lite, a["id"]))["status"] == "one"
    assert [p["id"] for p in (await status(lite, b["id"]))["parcels"]] == [spare["id"]]
    assert ok(await lite.get(f"/homestead-transfers/{t['id']}", headers=OFFICER))["id"] == t["id"]
    # a gift carries no price (Z5), and the neighbour's officer records nothing here (X3)
    gift = transfer(spare["id"], a["id"], r, await model_contract(lite, "gift"), kind="gift")
    refused = await lite.post("/homestead-transfers", json=gift, headers=OFFICER)
    assert ("price", "Z5") in [(e["field"], e["rule"]) for e in refused.json()["errors"]]
    other = await lite.post(
        "/homestead-transfers",
        json=transfer(spare["id"], a["id"], r, template),
        headers=NEIGHBOUR_OFFICER,
    )
    assert other.status_code == 403


async def test_Z5_an_only_homestead_needs_residence_consent_and_a_transferee_without_one(
    lite,
) -> None:
    a, b, r = await world(lite)
    only = ok(await parcel(lite, "JC00001", household_id=a["id"]), 201)
    ok(await parcel(lite, "JC00002", household_id=b["id"]), 201)
    template = await model_contract(lite, "transfer")
    body = transfer(only["id"], b["id"], r, template, consents=[person(1)])
    refused = await lite.post("/homestead-transfers", json=body, headers=OFFICER)
    assert refused.status_code == 409
    errors = refused.json()["errors"]
    assert [(e["field"], e["rule"]) for e in errors] == [
        ("to_household_id", "Z5"),  # B would hold two homesteads
        ("residence_proof", "Z5"),
        ("consents", "Z5"),  # the second adult did not consent
    ]
    assert person(2) in errors[2]["message"]
    await county_parameter(lite, "only_homestead_transfer", "forbidden", "从严")
    refused = await lite.post("/homestead-transfers", json=body, headers=OFFICER)
    assert ("parcel_id", "Z5") in [(e["field"], e["rule"]) for e in refused.json()["errors"]]
    assert [p["id"] for p in (await status(lite, a["id"]))["parcels"]] == [only["id"]]


async def test_Z5_a_swap_that_fails_on_one_side_changes_neither(lite) -> None:
    a, b, r = await world(lite)
    pa = ok(await parcel(lite, "JC00001", household_id=a["id"]), 201)
    flagged = {
        "number": "JC00002",
        "collective_id": a["collective_id"],
        "household_id": b["id"],
        "location": "西街",
        "area_m2": "160.00",
        "origin": "historical",
        "use": "self",
        "violation_note": "超占面积未处理",
    }
    pb = ok(await lite.post("/parcels", json=flagged, headers=OFFICER), 201)
    template = await model_contract(lite, "swap")

    def side(p: dict, to: dict) -> dict:
        return {
            "parcel_id": p["id"],
            "to_household_id": to["id"],
            "declaration_ref": f"互换声明{p['number']}",
        }

    body = {
        "first": side(pa, b),
        "second": side(pb, a),
        "resolution_id": r["id"],
        "contract": contract(template),
    }
    refused = await lite.post("/homestead-swaps", json=body, headers=OFFICER)
    assert refused.status_code == 409
    assert [(e["field"], e["rule"]) for e in refused.json()["errors"]] == [
        ("second.parcel_id", "Z5")
    ]
    assert [p["id"] for p in (await status(lite, a["id"]))["parcels"]] == [pa["id"]]
    assert [p["id"] for p in (await status(lite, b["id"]))["parcels"]] == [pb["id"]]
    # a clean parcel: both sides move in one transaction; each keeps one homestead
    pc = ok(await parcel(lite, "JC00003"), 201)
    ok(
        await lite.post(
            "/parcels",
            json={**flagged, "number": "JC00004", "violation_note": None},
            headers=OFFICER,
        ),
        201,
    )
    b_clean = (await status(lite, b["id"]))["parcels"]
    assert pc["household_id"] is None and len(b_clean) == 2
    # B now holds two (one flagged): swapping the clean one leaves B over one homestead
    clean = next(p for p in b_clean if p["number"] == "JC00004")
    body["second"] = side(clean, a)
    refused = await lite.post("/homestead-swaps", json=body, headers=OFFICER)
    assert refused.status_code == 409
    assert ("first.to_household_id", "Z5") in [
        (e["field"], e["rule"]) for e in refused.json()["errors"]
    ]
    c, _ = await recognized(lite, 5)
    pd = ok(await parcel(lite, "JC00005", household_id=c["id"]), 201)
    body = {
        "first": side(pa, c),
        "second": side(pd, a),
        "resolution_id": r["id"],
        "contract": contract(template),
    }
    done = ok(await lite.post("/homestead-swaps", json=body, headers=OFFICER), 201)
    assert len({t["swap_id"] for t in done}) == 1 and [t["kind"] for t in done] == ["swap", "swap"]
    assert [p["id"] for p in (await status(lite, a["id"]))["parcels"]] == [pd["id"]]
    assert [p["id"] for p in (await status(lite, c["id"]))["parcels"]] == [pa["id"]]


async def test_Z5_X6_a_parcel_with_an_open_dispute_is_not_transferred_until_it_closes(lite) -> None:
    a, b, r = await world(lite)
    spare = ok(await parcel(lite, "JC00001", household_id=a["id"]), 201)
    ok(await parcel(lite, "JC00002", household_id=a["id"], origin="inherited"), 201)
    template = await model_contract(lite, "transfer")
    dispute = {
        "collective_id": a["collective_id"],
        "object_type": "parcel",
        "object_ref": spare["id"],
        "parcel_id": spare["id"],
        "claimant": "王某（相邻户）",
        "description": "宅基地东侧界址争议",
    }
    d = ok(await lite.post("/disputes", json=dispute, headers=OFFICER), 201)
    body = transfer(spare["id"], b["id"], r, template)
    refused = await lite.post("/homestead-transfers", json=body, headers=OFFICER)
    assert refused.status_code == 409, refused.text
    assert ("parcel_id", "X6") in [(e["field"], e["rule"]) for e in refused.json()["errors"]]
    assert (await status(lite, b["id"]))["status"] == "none"  # nothing changed
    closed = {"outcome": "双方协商一致，界址维持原状"}
    ok(await lite.post(f"/disputes/{d['id']}/close", json=closed, headers=OFFICER))
    ok(await lite.post("/homestead-transfers", json=body, headers=OFFICER), 201)


async def test_Z5_a_homestead_under_an_active_lien_is_not_transferred_until_discharged(
    lite,
) -> None:
    a, b, r = await world(lite)
    spare = ok(await parcel(lite, "JC00001", household_id=a["id"], certificate_no=CERT), 201)
    ok(await parcel(lite, "JC00002", household_id=a["id"], origin="inherited"), 201)
    template = await model_contract(lite, "transfer")
    await deliver(lite, on_lien_registered, lien_registered("L-7"), "L-7")
    body = transfer(spare["id"], b["id"], r, template)
    refused = await lite.post("/homestead-transfers", json=body, headers=OFFICER)
    assert refused.status_code == 409, refused.text
    errors = refused.json()["errors"]
    assert [(e["field"], e["rule"]) for e in errors] == [("parcel_id", "Z5")]
    assert "L-7" in errors[0]["message"]
    assert (await status(lite, b["id"]))["status"] == "none"  # nothing changed
    discharged = LienDischarged(
        lien_id="L-7",
        certificate_no=CERT,
        reason="repaid",
        discharged_at=lite.clock.now(),
    )
    await deliver(lite, on_lien_discharged, discharged, "L-7")
    ok(await lite.post("/homestead-transfers", json=body, headers=OFFICER), 201)


async def test_Z5_Z7_a_homestead_seized_in_registry_is_not_transferred_until_lifted(lite) -> None:
    a, b, r = await world(lite)
    spare = ok(await parcel(lite, "JC00001", household_id=a["id"], certificate_no=CERT), 201)
    ok(await parcel(lite, "JC00002", household_id=a["id"], origin="inherited"), 201)
    template = await model_contract(lite, "transfer")

    def seizure(value: bool) -> RightFlagged:
        return RightFlagged(
            certificate_no=CERT,
            flag="seized",
            set=value,
            reason="（2026）鲁1324执45号查封裁定",
            decided_by="registry-clerk",
            at=lite.clock.now(),
        )

    await deliver(lite, on_right_flagged, seizure(True), CERT)
    body = transfer(spare["id"], b["id"], r, template)
    refused = await lite.post("/homestead-transfers", json=body, headers=OFFICER)
    assert refused.status_code == 409, refused.text
    assert [(e["field"], e["rule"]) for e in refused.json()["errors"]] == [("parcel_id", "Z5")]
    assert (await status(lite, b["id"]))["status"] == "none"  # nothing changed
    await deliver(lite, on_right_flagged, seizure(False), CERT)
    ok(await lite.post("/homestead-transfers", json=body, headers=OFFICER), 201)
