"""The homestead consoles (issue 21): the village homestead officer's and the township
homestead office's queues over the collective service — proposals waiting for the
township (Z1), open disputes (X6) and violation cases (Z12) — each seeing only its own
organization's (X3); against the embedded run in this process."""

from __future__ import annotations

from datetime import date

from common.clock import local_date
from common.ids import generate_resident_id
from portal.personas import PILOT_COLLECTIVE, PILOT_TOWNSHIP
from testkit.platform_client import village_officer

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
