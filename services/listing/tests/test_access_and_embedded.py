"""Each role does exactly its part (X3), and the service runs embedded with the others."""

from __future__ import annotations

import httpx

from testkit.platform_client import LISTING_DOCS
from testkit.testing import auth, embedded_app, make_settings, sample_file

SUSPEND = {"reason_code": "department_request", "reason": "x"}


async def test_X3_roles_per_action(lite) -> None:
    listing = await lite.to_registered()
    lid = listing["id"]
    supervisor = auth("supervisor", org_type="county", org_id=lite.COUNTY)
    lender = auth("lender", org_type="bank", org_id="BANK-1")
    for headers in (lite.clerk(), lite.department(), supervisor, lender):
        r = await lite.c.post(f"/listings/{lid}/publish", json={}, headers=headers)
        assert r.status_code == 403, headers
    # the supervisor reads everything of its county, including the decision log (X2)
    assert (await lite.c.get(f"/listings/{lid}", headers=supervisor)).status_code == 200
    assert (await lite.c.get(f"/listings/{lid}/decisions", headers=supervisor)).status_code == 200
    assert (await lite.c.get(f"/listings/{lid}", headers=lender)).status_code == 403
    other_sup = auth("supervisor", org_type="county", org_id=lite.OTHER_COUNTY)
    assert (await lite.c.get(f"/listings/{lid}", headers=other_sup)).status_code == 403
    await lite.post(f"/listings/{lid}/publish", {}, lite.staff())
    reg = await lite.register_buyer(lid, lite.person())
    for headers in (lite.clerk(), lite.department(), supervisor):
        r = await lite.c.post(
            f"/registrations/{reg['id']}/review", json={"approve": True}, headers=headers
        )
        assert r.status_code == 403, headers
    # a clerk cannot register as a buyer; a buyer cannot suspend
    r = await lite.c.post(
        f"/listings/{lid}/registrations",
        json={
            "party_id": lite.person(),
            "name": "甲",
            "buyer_kind": "natural_person",
            "phone": "13800000000",
        },
        headers=lite.clerk(),
    )
    assert r.status_code == 403
    r = await lite.c.post(
        f"/listings/{lid}/suspend", json=SUSPEND, headers=lite.buyer(reg["party_id"])
    )
    assert r.status_code == 403


async def test_X4_unknown_listing_is_a_problem(lite) -> None:
    r = await lite.c.get("/listings/nope", headers=lite.staff())
    assert r.status_code == 404 and r.json()["rule"] == "X4"
    r = await lite.c.post("/listings/nope/publish", json={"days": "many"}, headers=lite.staff())
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "days"


async def test_X1_the_listing_service_runs_embedded_beside_the_others(tmp_path, services) -> None:
    # a registry URL nobody listens on: only the in-process peer can answer
    settings = make_settings(data_dir=tmp_path, registry_url="http://127.0.0.1:1/registry")
    root = await embedded_app(settings, services)
    async with root.router.lifespan_context(root):
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=root), base_url="http://t"
        ) as c:
            clerk = auth("township_clerk", org_type="township", org_id="620821101")
            body = {
                "title": "承包地出租",
                "product": "contracted_land",
                "way": "lease",
                "term_start": "2027-01-01",
                "term_end": "2030-12-31",
                "area_mu": "5",
                "location": "木镇镇",
                "right_certificate_no": "CERT-E1",
                "seller_party_id": "110101199003074514",
                "seller_name": "李四",
                "seller_kind": "farmer",
                "reserve_price": "5000.00",
                "deposit": "500.00",
                "increment": "100.00",
            }
            r = await c.post("/listing/listings", json=body, headers=clerk)
            assert r.status_code == 201, r.text
            board = await c.get("/listing/board/listings")
            assert board.status_code == 200 and board.json() == []
            lid = r.json()["id"]
            for t in LISTING_DOCS:
                up = await c.post(
                    f"/listing/listings/{lid}/documents",
                    data={"doc_type": t},
                    files={"file": ("a.pdf", sample_file(text=t), "application/pdf")},
                    headers=clerk,
                )
                assert up.status_code == 201, up.text
            await c.post(f"/listing/listings/{lid}/submit", headers=clerk)
            await c.post(
                f"/listing/listings/{lid}/township-review",
                json={"approve": True, "opinion": "ok"},
                headers=clerk,
            )
            dept = auth("county_department", org_type="county", org_id="620821")
            pre = await c.post(
                f"/listing/listings/{lid}/pre-review",
                json={"ownership_confirmed": True, "opinion": "ok"},
                headers=dept,
            )
            # the embedded registry answered in-process (it knows no such right), no 503
            assert pre.status_code == 200, pre.text
            assert pre.json()["status"] == "returned"
