"""The review chain (L4): township initial review → county pre-review against the
registry's title search → the centre registers; every rejection lists all its reasons."""

from __future__ import annotations

from datetime import UTC, datetime

from common.service_client import peer_client


def _first_lien(lien_id: str) -> dict[str, object]:
    """A first-rank lien of BANK-1 as the registry's title search shows it."""
    return {
        "lien_id": lien_id,
        "lender_org_id": "BANK-1",
        "secured_amount": "50000.00",
        "rank": 1,
        "registered_at": datetime(2025, 1, 1, tzinfo=UTC).isoformat(),
    }


async def test_L4_township_rejection_returns_with_reasons_and_the_window_resubmits(api) -> None:
    listing = await api.create()
    lid = listing["id"]
    await api.upload_all(lid)
    await api.post(f"/listings/{lid}/submit", headers=api.clerk())
    out = await api.post(
        f"/listings/{lid}/township-review",
        {"approve": False, "opinion": "需补正", "reasons": ["面积与权证不符", "缺村委会意见"]},
        api.clerk(),
    )
    assert out["status"] == "returned"
    assert [r["message"] for r in out["return_reasons"]] == ["面积与权证不符", "缺村委会意见"]
    assert out["township_opinion"] == "需补正"
    fixed = await api.c.put(f"/listings/{lid}", json=api.body(area_mu="19.5"), headers=api.clerk())
    assert fixed.status_code == 200, fixed.text
    again = await api.post(f"/listings/{lid}/submit", headers=api.clerk())
    assert again["status"] == "submitted" and again["return_reasons"] == []


async def test_L4_pre_review_names_every_title_defect_at_once(api) -> None:
    listing = await api.create()
    cert = listing["right_certificate_no"]
    api.registry.add_right(
        cert,
        api.seller,
        flags={"disputed": True, "seized": True, "expropriation": True},
        liens=[_first_lien("LIEN-1")],
    )
    listing = await api.to_pre_review(right_certificate_no=cert)
    out = await api.pre_review(listing["id"], "不予通过", confirmed=False)
    assert out["status"] == "returned"
    messages = " | ".join(r["message"] for r in out["return_reasons"])
    for word in ("disputed", "seized", "expropriation", "LIEN-1", "ownership not confirmed"):
        assert word in messages
    assert all(r["rule"] == "L4" and r["stage"] == "county" for r in out["return_reasons"])
    # the client sent the service's bearer token to the registry
    assert api.registry.calls[-1][0] == cert and api.registry.calls[-1][1].startswith("Bearer ")


async def test_L4_a_department_return_carries_its_own_reason_to_the_window(lite) -> None:
    listing = await lite.to_pre_review()
    out = await lite.pre_review(listing["id"], "承包合同与权证面积不符", confirmed=False)
    assert out["status"] == "returned"
    assert [r["message_zh"] for r in out["return_reasons"]] == [
        "权属未经确认：承包合同与权证面积不符"
    ]


async def test_L4_a_lien_with_the_lienholders_consent_does_not_block(api) -> None:
    listing = await api.create()
    cert = listing["right_certificate_no"]
    api.registry.add_right(
        cert,
        api.seller,
        liens=[_first_lien("LIEN-9")],
    )
    listing = await api.to_pre_review(right_certificate_no=cert)
    out = await api.pre_review(listing["id"], "同意", lienholder_consents=["LIEN-9"])
    assert out["status"] == "pre_reviewed"


async def test_L4_a_seller_who_is_not_the_holder_is_refused(lite) -> None:
    listing = await lite.create()
    lite.registry.add_right(listing["right_certificate_no"], lite.person(), "赵六")
    listing = await lite.to_pre_review(right_certificate_no=listing["right_certificate_no"])
    out = await lite.pre_review(listing["id"], "?")
    assert out["status"] == "returned"
    assert "not a holder" in out["return_reasons"][0]["message"]


async def test_L4_unknown_certificate_is_a_reason(lite) -> None:
    listing = await lite.create()
    lid = listing["id"]
    await lite.upload_all(lid)
    await lite.post(f"/listings/{lid}/submit", headers=lite.clerk())
    await lite.post(
        f"/listings/{lid}/township-review", {"approve": True, "opinion": "ok"}, lite.clerk()
    )
    out = await lite.pre_review(lid, "?")
    assert out["status"] == "returned"
    assert "no right" in out["return_reasons"][0]["message"]


async def test_L4_registry_unreachable_fails_the_review_clearly_and_changes_nothing(api) -> None:
    listing = await api.to_pre_review()
    api.rt.peer_apps.clear()  # no in-process registry: the configured URL answers nobody
    api.rt.settings.registry_url = "http://127.0.0.1:1/registry"
    r = await api.c.post(
        f"/listings/{listing['id']}/pre-review",
        json={"ownership_confirmed": True, "opinion": "同意"},
        headers=api.department(),
    )
    assert r.status_code == 503
    body = r.json()
    assert body["rule"] == "L4" and "title search" in body["title"]
    assert (await api.get(listing["id"]))["status"] == "pre_review"


async def test_L4_registry_error_answer_is_not_a_pass(lite) -> None:
    listing = await lite.to_pre_review()
    lite.registry.fail_with = 500
    r = await lite.c.post(
        f"/listings/{listing['id']}/pre-review",
        json={"ownership_confirmed": True, "opinion": "同意"},
        headers=lite.department(),
    )
    assert r.status_code == 503 and r.json()["rule"] == "L4"
    assert (await lite.get(listing["id"]))["status"] == "pre_review"


async def test_L4_each_stage_is_done_only_by_its_role(api) -> None:
    listing = await api.to_pre_review()
    lid = listing["id"]
    for headers in (api.clerk(), api.staff()):
        r = await api.c.post(
            f"/listings/{lid}/pre-review",
            json={"ownership_confirmed": True, "opinion": "x"},
            headers=headers,
        )
        assert r.status_code == 403
    r = await api.c.post(
        f"/listings/{lid}/pre-review",
        json={"ownership_confirmed": True, "opinion": "x"},
        headers=api.department(api.OTHER_COUNTY),
    )
    assert r.status_code == 403 and r.json()["rule"] == "X3"
    r = await api.c.post(f"/listings/{lid}/register", headers=api.staff())
    assert r.status_code == 409  # not yet pre-reviewed: the chain has an order
    out = await api.pre_review(lid, "x")
    r = await api.c.post(f"/listings/{lid}/register", headers=api.department())
    assert r.status_code == 403
    out = await api.post(f"/listings/{lid}/register", headers=api.staff())
    assert out["status"] == "registered"


async def test_L4_the_centre_can_return_an_application_with_all_reasons(lite) -> None:
    listing = await lite.to_registered()
    out = await lite.post(
        f"/listings/{listing['id']}/return", {"reasons": ["底价依据不足", "材料模糊"]}, lite.staff()
    )
    assert out["status"] == "returned" and len(out["return_reasons"]) == 2


async def test_X2_every_review_decision_is_recorded_with_who_and_why(api) -> None:
    listing = await api.to_registered()
    r = await api.c.get(f"/listings/{listing['id']}/decisions", headers=api.staff())
    actions = [(d["action"], d["actor_roles"]) for d in r.json()]
    assert [a for a, _ in actions] == [
        "listing.created",
        "listing.submitted",
        "listing.township_approved",
        "listing.pre_review_passed",
        "listing.registered",
    ]
    assert actions[3][1] == ["county_department"]


async def test_L4_peer_client_is_the_one_route_to_the_registry(lite) -> None:
    async with peer_client(lite.rt, "registry") as c:
        assert str(c.base_url).startswith("http://registry.embedded")
