"""Issue 21's homestead consoles in a real browser: the township homestead office finds a
homestead application the village has reviewed and the three departments have given
their opinions on (Z3) in its queue, opens it, is refused without the approval's numbers
(the fields highlighted, nothing changed), then approves it — each screen checked by
axe-core and captured under .artifacts/screenshots/."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta

import pytest
from browser_steps import main_text, sign_in, wait_for
from selenium.webdriver.common.by import By

from common.ids import generate_resident_id
from testkit.platform_client import PlatformClient, homestead_office, village_officer

pytestmark = pytest.mark.browser

HEAD = generate_resident_id("620821", birth=date(1969, 4, 4), seq=91)


def test_Z3_the_township_office_approves_an_application_from_its_console(
    server, open_browser, screenshot, assert_accessible
) -> None:
    from portal.personas import PILOT_COLLECTIVE, PILOT_TOWNSHIP

    base, cid, township = server.base, PILOT_COLLECTIVE, PILOT_TOWNSHIP

    async def reviewed() -> str:
        async with PlatformClient.embedded(base) as p:
            await p.create_collective(cid, "新集村股份经济合作社", township)
            household = await p.add_member(cid, HEAD, "孟庆林", township=township)
            today = server.today()
            recognition = await p.homestead_resolution(cid, today, township=township)
            decision = await p.homestead_resolution(
                cid, today, township=township, matter="homestead", title="同意孟庆林建房"
            )
            q = await p.propose_qualification(cid, household["id"], recognition["id"])
            server.advance(timedelta(days=7, minutes=1))  # the X5 publicity (a timer)
            for r in (recognition, decision):
                await p.poll(
                    lambda r=r: p.resolution(r["id"], cid),
                    lambda x: x["status"] == "effective",
                    what="the X5 publicity to end",
                )
            await p.confirm_qualification(q["id"], township)
            site = await p.homestead_parcel(
                cid, "620821104PILOTJC00091", household_id=None, township=township
            )
            office = homestead_office(township)
            application = {
                "household_id": household["id"],
                "parcel_id": site["id"],
                "area_m2": "140.00",
                "floors": 2,
                "height_m": "7.20",
                "in_plan_zone": True,
                "in_year_plan": True,
                "house_disposed": False,
            }
            a = await p.request(
                "collective",
                "POST",
                "/homestead-applications",
                office,
                json=application,
                expect=201,
            )
            url = f"/homestead-applications/{a['id']}"
            body = {"resolution_id": decision["id"]}
            await p.request(
                "collective", "POST", f"{url}/village-review", village_officer(cid), json=body
            )
            for department in ("agriculture", "natural_resources", "housing"):
                opinion = {"department": department, "approve": True, "opinion": "同意"}
                await p.request("collective", "POST", f"{url}/opinions", office, json=opinion)
            return str(a["id"])

    aid = asyncio.run(reviewed())
    c = open_browser()
    sign_in(c, base, "township-homestead", then="/console/homestead/township")
    wait_for(c, "建房申请（1）")
    assert_accessible(c)
    screenshot(c, "console-homestead-township-queue")

    c.find_element(By.CSS_SELECTOR, f'a[href="/console/homestead/applications/{aid}"]').click()
    wait_for(c, "乡级审批")
    assert "农业农村：同意" in main_text(c)
    assert_accessible(c)
    screenshot(c, "console-homestead-application")

    # refused before anything is sent: the approval's numbers are missing
    c.find_element(By.ID, "do-approve").click()
    wait_for(c, "未作任何更改")
    field = c.find_element(By.ID, "f-approval_no")
    assert field.get_attribute("aria-invalid") == "true"
    assert_accessible(c)
    screenshot(c, "console-homestead-refused")

    field.send_keys("新宅批(2026)091")
    c.find_element(By.ID, "f-permit_no").send_keys("乡字第2026-091号")
    c.find_element(By.ID, "do-approve").click()
    wait_for(c, "已批准")
    assert c.find_element(By.ID, "application-status").text == "已批准，待县级备案"
    screenshot(c, "console-homestead-approved")
