"""The homestead consoles (issue 21): the village homestead officer's and the township
homestead office's queues over the collective service — proposals waiting for the
township (Z1), open disputes (X6) and violation cases (Z12) — each seeing only its own
organization's (X3); against the embedded run in this process."""

from __future__ import annotations

from datetime import date, timedelta

from common.clock import local_date
from common.ids import generate_resident_id
from portal.personas import PILOT_COLLECTIVE, PILOT_TOWNSHIP
from testkit.platform_client import Actor, homestead_office, village_officer

HEAD = generate_resident_id("620821", birth=date(1966, 9, 9), seq=81)


async def test_Z1_X6_Z12_the_village_officer_and_township_office_see_their_queues(
    embedded,
) -> None:
    async with embedded.platform() as p, embedded.browser() as b:
        cid = PILOT_COLLECTIVE
        await p.create_collective(cid, "新集村股份经济合作社", PILOT_TOWNSHIP)
        household = await p.add_member(cid, HEAD, "孟庆山", township=PILOT_TOWNSHIP)
        resolution = await p.homestead_resolution(
            cid, local_date(embedded.clock.now()), township=PILOT_TOWNSHIP
        )
        await p.propose_qualification(cid, household["id"], resolution["id"])
        parcel = await p.homestead_parcel(
            cid, "620821104PILOTJC00001", household_id=household["id"], township=PILOT_TOWNSHIP
        )
        await p.open_violation(parcel["id"], "联检2026-104", "未批先建")
        dispute = {
            "collective_id": cid,
            "object_type": "parcel",
            "object_ref": parcel["id"],
            "claimant": "相邻户孟某",
            "description": "宅基地西侧界址争议",
        }
        await p.request(
            "collective", "POST", "/disputes", village_officer(cid), json=dispute, expect=201
        )

        await embedded.sign_in(b, "village-officer")
        page = await b.get("/console/homestead/village")
        assert page.status_code == 200, page.text
        for shown in (household["id"], "联检2026-104", "相邻户孟某", "待乡镇确认", "协商"):
            assert shown in page.text, shown
        assert 'href="/console/homestead/village"' in page.text  # the navigation
        # another role's console is not this person's (X3)
        assert (await b.get("/console/homestead/township")).status_code == 403

        await embedded.sign_in(b, "township-homestead")
        page = await b.get("/console/homestead/township")
        assert page.status_code == 200, page.text
        assert "新集村股份经济合作社" in page.text and household["id"] in page.text
        assert "辖区内未结的违法用地案件" in page.text

        await embedded.sign_in(b, "clerk")  # a township clerk of another township
        assert (await b.get("/console/homestead/village")).status_code == 403


async def _recognized_and_applied(embedded, p) -> tuple[dict, dict, dict]:
    """A pilot household proposed for Z1 (its X5 decision effective after the publicity),
    the collective's homestead decision, and a site of the collective's inventory."""
    cid, township = PILOT_COLLECTIVE, PILOT_TOWNSHIP
    await p.create_collective(cid, "新集村股份经济合作社", township)
    household = await p.add_member(cid, HEAD, "孟庆山", township=township)
    today = local_date(embedded.clock.now())
    recognition = await p.homestead_resolution(cid, today, township=township)
    decision = await p.homestead_resolution(
        cid, today, township=township, matter="homestead", title="同意孟庆山建房申请"
    )
    proposed = await p.propose_qualification(cid, household["id"], recognition["id"])
    embedded.clock.advance(timedelta(days=7, minutes=1))
    for r in (recognition, decision):
        await p.poll(
            lambda r=r: p.resolution(r["id"], cid),
            lambda x: x["status"] == "effective",
            what="the X5 publicity to end",
        )
    site = await p.homestead_parcel(
        cid, "620821104PILOTJC00009", household_id=None, township=township
    )
    return household, proposed, decision | {"site": site}


async def test_Z1_Z3_the_consoles_confirm_review_and_approve_with_refusals_in_chinese(
    embedded,
) -> None:
    async with embedded.platform() as p, embedded.browser() as b:
        household, proposed, decision = await _recognized_and_applied(embedded, p)

        # the township office confirms the qualification from its queue (Z1)
        await embedded.sign_in(b, "township-homestead")
        page = await b.get("/console/homestead/township")
        assert f'id="confirm-{proposed["id"]}"' in page.text
        url = f"/console/homestead/qualifications/{proposed['id']}/confirm"
        forged = await b.post(url, data={"csrf_token": "forged"})
        assert forged.status_code == 403  # CSRF: nothing done
        r = await b.post(url, data={"csrf_token": embedded.csrf_of(page.text)})
        assert r.status_code == 303, r.text
        page = await b.get("/console/homestead/township")
        assert "已确认" in page.text and f'id="confirm-{proposed["id"]}"' not in page.text
        again = await b.post(url, data={"csrf_token": embedded.csrf_of(page.text)})
        assert again.status_code == 409 and "未作任何更改" in again.text  # the service's words

        # the window takes the application in (the API), the village reviews it (Z3)
        application = {
            "household_id": household["id"],
            "parcel_id": decision["site"]["id"],
            "area_m2": "150.00",
            "floors": 2,
            "height_m": "7.50",
            "in_plan_zone": True,
            "in_year_plan": True,
            "house_disposed": False,
        }
        a = await p.request(
            "collective",
            "POST",
            "/homestead-applications",
            homestead_office(PILOT_TOWNSHIP),
            json=application,
            expect=201,
        )
        detail = f"/console/homestead/applications/{a['id']}"
        await embedded.sign_in(b, "village-officer")
        queue = await b.get("/console/homestead/village")
        assert f'href="{detail}"' in queue.text
        page = await b.get(detail)
        csrf = embedded.csrf_of(page.text)
        empty = await b.post(f"{detail}/village-review", data={"csrf_token": csrf})
        assert empty.status_code == 422
        assert 'id="f-resolution_id"' in empty.text and 'aria-invalid="true"' in empty.text
        wrong = await b.post(
            f"{detail}/village-review", data={"csrf_token": csrf, "resolution_id": "no-such"}
        )
        assert wrong.status_code in (404, 409, 422) and "未作任何更改" in wrong.text
        ok = await b.post(
            f"{detail}/village-review", data={"csrf_token": csrf, "resolution_id": decision["id"]}
        )
        assert ok.status_code == 303, ok.text
        # the village officer may not take the township's step
        assert (await b.post(f"{detail}/approve", data={"csrf_token": csrf})).status_code == 403

        # the township records the three opinions and approves; early, it is refused
        await embedded.sign_in(b, "township-homestead")
        page = await b.get(detail)
        assert 'id="do-approve"' in page.text
        csrf = embedded.csrf_of(page.text)
        numbers = {"approval_no": "新宅批(2026)001", "permit_no": "乡字第2026-001号"}
        early = await b.post(f"{detail}/approve", data={"csrf_token": csrf} | numbers)
        assert early.status_code == 409 and "未作任何更改" in early.text
        assert "（Z3）" in early.text  # each reason with its rule, in Chinese
        for department in ("agriculture", "natural_resources", "housing"):
            opinion = {"department": department, "approve": "yes", "opinion": "符合规划，同意"}
            r = await b.post(f"{detail}/opinions", data={"csrf_token": csrf} | opinion)
            assert r.status_code == 303, r.text
        r = await b.post(f"{detail}/approve", data={"csrf_token": csrf} | numbers)
        assert r.status_code == 303, r.text
        page = await b.get(detail)
        assert "已批准，待县级备案" in page.text and "新宅批(2026)001" in page.text

        await embedded.sign_in(b, "clerk")  # not a homestead office
        assert (await b.get(detail)).status_code == 403


async def test_Z7_the_township_reviews_a_withdrawal_from_its_console(embedded) -> None:
    async with embedded.platform() as p, embedded.browser() as b:
        _household, proposed, decision = await _recognized_and_applied(embedded, p)
        cid, office = PILOT_COLLECTIVE, homestead_office(PILOT_TOWNSHIP)
        await p.confirm_qualification(proposed["id"], PILOT_TOWNSHIP)
        parcel = await p.homestead_parcel(
            cid,
            "620821104PILOTJC00010",
            household_id=None,
            certificate_no="QYFD-PILOT-010",
            township=PILOT_TOWNSHIP,
        )
        realize = {"parcel_id": parcel["id"], "approval_ref": "宅批2001-010"}
        await p.request(
            "collective", "POST", f"/qualifications/{proposed['id']}/realize", office, json=realize
        )
        county_office = Actor("county_homestead_office", "county", "620821", "620821")
        pilot = {"enabled": True, "reference": "青阳县宅基地制度改革试点实施方案"}
        await p.request("collective", "PUT", f"/collectives/{cid}/pilot", county_office, json=pilot)
        application = {
            "parcel_id": parcel["id"],
            "reason": "work",
            "urban_residence_proof": "青阳县城关镇商品房不动产权证",
            "consents": [HEAD],
        }
        officer = village_officer(cid)
        w = await p.request(
            "collective", "POST", "/homestead-withdrawals", officer, json=application, expect=201
        )
        compensation = {
            "resolution_id": decision["id"],
            "land_rate_per_m2": "100.00",
            "building_area_m2": "0",
            "building_rate_per_m2": "0",
        }
        await p.request(
            "collective",
            "POST",
            f"/homestead-withdrawals/{w['id']}/compensation",
            officer,
            json=compensation,
        )

        await embedded.sign_in(b, "township-homestead")
        detail = f"/console/homestead/withdrawals/{w['id']}"
        queue = await b.get("/console/homestead/township")
        assert f'href="{detail}"' in queue.text and "补偿已决定，待乡镇审核" in queue.text
        page = await b.get(detail)
        assert 'id="do-review"' in page.text
        csrf = embedded.csrf_of(page.text)
        r = await b.post(f"{detail}/review", data={"csrf_token": csrf})
        assert r.status_code == 303, r.text
        page = await b.get(detail)
        assert "乡镇已审核，待签订协议" in page.text and 'id="do-review"' not in page.text
        again = await b.post(f"{detail}/review", data={"csrf_token": csrf})
        assert again.status_code == 409 and "未作任何更改" in again.text

        await embedded.sign_in(b, "village-officer")  # the review is the township's (X3)
        page = await b.get(detail)
        assert page.status_code == 200 and 'id="do-review"' not in page.text
        csrf = embedded.csrf_of(page.text)
        assert (await b.post(f"{detail}/review", data={"csrf_token": csrf})).status_code == 403
