"""Z7 voluntary paid withdrawal (自愿有偿退出): application with the reason, an urban
residence and every adult's consent → X5 compensation exact to the fen → township review
→ agreement (Z14) → payment, never before the agreement and blocked by an active lien
until registry discharges it at payout → the parcel back to the collective, the
qualification retained (Z1), and ``collective.homestead_withdrawn`` for registry."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from collective_helpers import (
    CERT,
    NEIGHBOUR_OFFICER,
    OFFICER,
    TOWNSHIP_OFFICE,
    VILLAGE,
    collective,
    county_model_contract,
    deliver,
    effective_resolution,
    lien_registered,
    ok,
    outbox_events,
    person,
    pilot,
    realized,
    recognized,
    today,
)

from collective.liens.handlers import on_lien_discharged, on_lien_registered, on_right_flagged
from collective.parcels.handlers import on_right_transferred
from collective.parcels.rules import lease_end
from collective.withdrawals.rules import compensation_fen
from common.contracts.registry import LienDischarged, RightFlagged, RightTransferred
from common.scheduler import Scheduler


async def homestead(c: Any) -> tuple[dict, dict, dict]:
    """Household of two adults realized on a 180 m² homestead with its certificate."""
    await collective(c)
    await pilot(c)
    h, q = await recognized(c, 1, 2)
    body = {
        "number": "JC00001",
        "collective_id": VILLAGE,
        "location": "兰陵镇某村东街",
        "area_m2": "180.00",
        "origin": "historical",
        "use": "self",
        "certificate_no": CERT,
    }
    p = ok(await c.post("/parcels", json=body, headers=OFFICER), 201)
    await realized(c, q, p["id"], "兰宅批1998-001")
    return h, q, p


def application(parcel_id: str, **kw: Any) -> dict:
    body = {
        "parcel_id": parcel_id,
        "reason": "work",
        "urban_residence_proof": "临沂市兰山区商品房不动产权证",
        "consents": [person(1), person(2)],
    }
    body.update(kw)
    return body


def test_Z7_compensation_is_exact_to_the_fen() -> None:
    # 180 m² at 120.55 元 + 95.50 m² at 600.33 元 = 21,699.00 + 57,331.515 → 57,331.52
    fen = compensation_fen(
        Decimal("180.00"), Decimal("120.55"), Decimal("95.50"), Decimal("600.33")
    )
    assert fen == 2_169_900 + 5_733_152


async def test_Z7_blocked_by_an_active_lien_until_it_is_discharged_at_payout(client) -> None:
    _h, q, p = await homestead(client)
    await deliver(client, on_lien_registered, lien_registered("L-1"), "L-1")
    refused = await client.post(
        "/homestead-withdrawals", json=application(p["id"]), headers=OFFICER
    )
    assert refused.status_code == 422
    assert [(e["field"], e["rule"]) for e in refused.json()["errors"]] == [("certificate_no", "Z7")]
    w = ok(
        await client.post(
            "/homestead-withdrawals",
            json=application(p["id"], lienholder_consent="农商行同意清偿后注销函"),
            headers=OFFICER,
        ),
        201,
    )
    url = f"/homestead-withdrawals/{w['id']}"
    pay = {"payer": "collective", "payment_ref": "付款凭证001"}
    early = await client.post(f"{url}/payment", json=pay, headers=OFFICER)
    assert early.status_code == 409  # no payment before the agreement
    assert ("withdrawal_id", "Z7") in [(e["field"], e["rule"]) for e in early.json()["errors"]]
    rates = {
        "land_rate_per_m2": "120.55",
        "building_area_m2": "95.50",
        "building_rate_per_m2": "600.33",
    }
    w = await to_agreement(client, url, rates, "79030.52", "退出协议2026-001")
    assert w["compensation"] == "79030.52"
    blocked = await client.post(f"{url}/payment", json=pay, headers=OFFICER)
    assert blocked.status_code == 409
    assert [(e["field"], e["rule"]) for e in blocked.json()["errors"]] == [("certificate_no", "Z7")]
    assert ok(await client.get(url, headers=OFFICER))["status"] == "agreed"
    discharged = LienDischarged(
        lien_id="L-1",
        certificate_no=CERT,
        reason="repaid",
        discharged_at=datetime(2026, 12, 2, tzinfo=UTC),
    )
    await deliver(client, on_lien_discharged, discharged, "L-1")
    paid = ok(await client.post(f"{url}/payment", json=pay, headers=OFFICER))
    assert paid["status"] == "paid" and paid["payer"] == "collective"
    parcel = ok(await client.get(f"/parcels/{p['id']}", headers=OFFICER))
    assert parcel["household_id"] is None and parcel["use"] == "idle"
    assert ok(await client.get(f"/qualifications/{q['id']}", headers=OFFICER))["status"] == (
        "retained"
    )
    events = await outbox_events(client, "collective.homestead_withdrawn")
    assert [(e["payload"]["certificate_no"], e["payload"]["compensation"]) for e in events] == [
        (CERT, "79030.52")
    ]
    assert (await client.get(url, headers=NEIGHBOUR_OFFICER)).status_code == 403
    # Z10: the recovered parcel is in the collective's reserve
    reserve = ok(await client.get(f"/collectives/{VILLAGE}/reserve", headers=OFFICER))
    assert [(x["parcel_id"], x["source"]) for x in reserve] == [(p["id"], "recovered")]


async def test_Z7_an_application_lists_every_missing_proof_and_consent(lite) -> None:
    _h, _q, p = await homestead(lite)
    body = application(p["id"], urban_residence_proof=None, consents=[person(1)])
    refused = await lite.post("/homestead-withdrawals", json=body, headers=OFFICER)
    assert refused.status_code == 422
    errors = refused.json()["errors"]
    assert [(e["field"], e["rule"]) for e in errors] == [
        ("urban_residence_proof", "Z7"),
        ("consents", "Z7"),
    ]
    assert person(2) in errors[1]["message"]


def flagged(flag: str, value: bool, day: int) -> RightFlagged:
    """Registry's ``registry.right_flagged`` for the homestead's certificate."""
    return RightFlagged(
        certificate_no=CERT,
        flag=flag,  # type: ignore[arg-type]
        set=value,
        reason="兰陵县人民法院（2026）鲁1324执123号" if flag == "seized" else "权属争议",
        decided_by="registry-clerk",
        at=datetime(2026, 12, day, tzinfo=UTC),
    )


async def to_agreement(
    c: Any, url: str, rates: dict[str, str], compensation: str, agreement_no: str
) -> dict:
    """The withdrawal at ``url`` from its compensation at ``rates`` (Z7, under an effective
    resolution, X5) through the township's review to the signed agreement on the county's
    model (Z14) for ``compensation``: the withdrawal as its compensation left it."""
    r = await effective_resolution(c, "homestead")
    body = {"resolution_id": r["id"], **rates}
    w = ok(await c.post(f"{url}/compensation", json=body, headers=OFFICER))
    ok(await c.post(f"{url}/review", headers=TOWNSHIP_OFFICE))
    t = await county_model_contract(
        c, "withdrawal", "兰陵县宅基地自愿有偿退出示范协议", ["compensation"]
    )
    agreement = {
        "agreement_no": agreement_no,
        "contract": {"template_id": t["id"], "fields": {"compensation": compensation}},
    }
    ok(await c.post(f"{url}/agreement", json=agreement, headers=OFFICER))
    return w


async def agreed_withdrawal(c: Any, parcel_id: str) -> str:
    """A withdrawal taken to its signed agreement; returns its URL."""
    w = ok(
        await c.post("/homestead-withdrawals", json=application(parcel_id), headers=OFFICER), 201
    )
    url = f"/homestead-withdrawals/{w['id']}"
    rates = {"land_rate_per_m2": "100.00", "building_area_m2": "0", "building_rate_per_m2": "0"}
    await to_agreement(c, url, rates, "18000.00", "退出协议2026-002")
    return url


async def test_Z7_a_seized_right_is_refused_until_registry_lifts_the_seizure(lite) -> None:
    _h, _q, p = await homestead(lite)
    await deliver(lite, on_right_flagged, flagged("seized", True, 2), CERT)
    refused = await lite.post("/homestead-withdrawals", json=application(p["id"]), headers=OFFICER)
    assert refused.status_code == 422
    errors = refused.json()["errors"]
    assert [(e["field"], e["rule"]) for e in errors] == [("certificate_no", "Z7")]
    assert "seized" in errors[0]["message"] and "查封" in errors[0]["message_zh"]
    # a lienholder's consent does not lift a seizure
    consent = application(p["id"], lienholder_consent="农商行同意函")
    again = await lite.post("/homestead-withdrawals", json=consent, headers=OFFICER)
    assert again.status_code == 422
    # an older event redelivered late changes nothing; the lifting does
    await deliver(lite, on_right_flagged, flagged("seized", False, 1), CERT)
    assert (
        await lite.post("/homestead-withdrawals", json=application(p["id"]), headers=OFFICER)
    ).status_code == 422
    await deliver(lite, on_right_flagged, flagged("seized", False, 3), CERT)
    ok(await lite.post("/homestead-withdrawals", json=application(p["id"]), headers=OFFICER), 201)


async def test_Z7_a_dispute_or_seizure_in_registry_blocks_the_payout(lite) -> None:
    _h, q, p = await homestead(lite)
    url = await agreed_withdrawal(lite, p["id"])
    await deliver(lite, on_right_flagged, flagged("disputed", True, 2), CERT)
    await deliver(lite, on_right_flagged, flagged("seized", True, 2), CERT)
    pay = {"payer": "collective", "payment_ref": "付款凭证002"}
    blocked = await lite.post(f"{url}/payment", json=pay, headers=OFFICER)
    assert blocked.status_code == 409
    assert [e["message"].split(" (")[0] for e in blocked.json()["errors"]] == [
        "registry shows the right disputed",
        "registry shows the right seized",
    ]
    seen = ok(await lite.get(url, headers=OFFICER))
    assert seen["status"] == "agreed"
    assert [b["rule"] for b in seen["payout_blocks"]] == ["Z7", "Z7"]  # what the console shows
    await deliver(lite, on_right_flagged, flagged("disputed", False, 3), CERT)
    await deliver(lite, on_right_flagged, flagged("seized", False, 3), CERT)
    assert ok(await lite.post(f"{url}/payment", json=pay, headers=OFFICER))["status"] == "paid"
    assert ok(await lite.get(f"/qualifications/{q['id']}", headers=OFFICER))["status"] == (
        "retained"
    )


async def test_Z7_X6_an_open_dispute_case_blocks_the_payout_until_closed(lite) -> None:
    _h, _q, p = await homestead(lite)
    url = await agreed_withdrawal(lite, p["id"])
    case = {
        "collective_id": VILLAGE,
        "object_type": "parcel",
        "object_ref": p["id"],
        "claimant": "邻户成员3",
        "description": "相邻权属争议",
    }
    d = ok(await lite.post("/disputes", json=case, headers=OFFICER), 201)
    listed = ok(await lite.get(f"/collectives/{VILLAGE}/homestead-withdrawals", headers=OFFICER))
    assert [(w["status"], w["payout_blocks"]) for w in listed] == [
        ("agreed", [])
    ]  # list: no checks
    other = await lite.get(
        f"/collectives/{VILLAGE}/homestead-withdrawals", headers=NEIGHBOUR_OFFICER
    )
    assert other.status_code == 403  # X3: a village officer sees only its village
    pay = {"payer": "collective", "payment_ref": "付款凭证003"}
    blocked = await lite.post(f"{url}/payment", json=pay, headers=OFFICER)
    assert blocked.status_code == 409
    assert [(e["field"], e["rule"]) for e in blocked.json()["errors"]] == [("parcel_id", "X6")]
    close = {"outcome": "协商一致，维持原权属"}
    ok(await lite.post(f"/disputes/{d['id']}/close", json=close, headers=OFFICER))
    assert ok(await lite.post(f"{url}/payment", json=pay, headers=OFFICER))["status"] == "paid"


def test_Z6_a_lease_counts_at_most_the_countys_years() -> None:
    assert lease_end(date(2026, 3, 1), date(2050, 2, 28), 20) == date(2046, 2, 28)
    assert lease_end(date(2026, 3, 1), date(2031, 2, 28), 20) == date(2031, 2, 28)
    assert lease_end(None, None, 20) is None


def leased(c: Any, start: date, end: date) -> RightTransferred:
    """Registry's record of a lease of the homestead traded through listing (L24)."""
    return RightTransferred(
        certificate_no=CERT,
        new_certificate_no=f"{CERT}-L1",
        listing_id="L-Z6-1",
        from_party_id=person(1),
        to_party_id=person(9),
        to_name="民宿经营者",
        way="lease",
        term_start=start,
        term_end=end,
        transferred_at=c.clock.now(),
    )


async def test_Z6_Z7_a_leased_homestead_is_not_withdrawn_until_the_lease_ends(lite) -> None:
    h, q, p = await homestead(lite)
    start = today(lite)
    event = leased(lite, start, start + timedelta(days=364))
    await deliver(lite, on_right_transferred, event, CERT)
    await deliver(lite, on_right_transferred, event, CERT)  # redelivered: one lease
    parcel = ok(await lite.get(f"/parcels/{p['id']}", headers=OFFICER))
    assert parcel["use"] == "leased" and parcel["household_id"] == h["id"]
    # the qualification stays with the household (Z6: only the use is leased)
    assert ok(await lite.get(f"/qualifications/{q['id']}", headers=OFFICER))["status"] == (
        "realized"
    )
    refused = await lite.post("/homestead-withdrawals", json=application(p["id"]), headers=OFFICER)
    assert refused.status_code == 422
    assert [(e["field"], e["rule"]) for e in refused.json()["errors"]] == [("parcel_id", "Z7")]
    assert "lease" in refused.json()["errors"][0]["message"]
    lite.clock.advance(timedelta(days=364))
    await Scheduler(lite.runtime).run_once()
    assert ok(await lite.get(f"/parcels/{p['id']}", headers=OFFICER))["use"] == "leased"
    lite.clock.advance(timedelta(days=1))  # the local midnight after the last day
    await Scheduler(lite.runtime).run_once()
    assert ok(await lite.get(f"/parcels/{p['id']}", headers=OFFICER))["use"] == "self"
    ok(await lite.post("/homestead-withdrawals", json=application(p["id"]), headers=OFFICER), 201)


async def test_Z6_a_transfer_or_another_right_leaves_the_parcel_use_alone(lite) -> None:
    _h, _q, p = await homestead(lite)
    start = today(lite)
    sale = leased(lite, start, start + timedelta(days=30)).model_copy(update={"way": "transfer"})
    await deliver(lite, on_right_transferred, sale, CERT)
    other = leased(lite, start, start + timedelta(days=30)).model_copy(
        update={"certificate_no": "OTHER-001", "new_certificate_no": "OTHER-001-L1"}
    )
    await deliver(lite, on_right_transferred, other, "OTHER-001")
    assert ok(await lite.get(f"/parcels/{p['id']}", headers=OFFICER))["use"] == "self"
