"""Issue 22's natural resources bureau console in a real browser (DOMAIN E9): an 入市
contract waits in the bureau's queue with its 30-day filing deadline; the bureau clicks
备案 with no number — refused in Chinese, the field highlighted, nothing changed — then
types the number and files it; each screen checked by axe-core and captured under
.artifacts/screenshots/."""

from __future__ import annotations

import asyncio

import pytest
from browser_steps import main_text, sign_in, wait_for
from selenium.webdriver.common.by import By

from portal.personas import PILOT_TOWNSHIP
from testkit.platform_client import PlatformClient, staff

pytestmark = pytest.mark.browser

# The pilot township's village for 入市; the homestead console's module has the pilot
# village itself (the browser tests share one server: a collective is created once).
COLLECTIVE = "C-620821104-ENTRY"


def test_E9_the_bureau_files_an_entry_contract_from_its_queue(
    server, open_browser, screenshot, assert_accessible
) -> None:
    base = server.base

    async def contracted() -> dict:
        async with PlatformClient.embedded(base) as p:
            today = server.today()
            # the county's default: no site inspection before the township's review (L21)
            # — the consoles' construction-land test asks for one on the shared server
            await p.request(
                "listing",
                "PUT",
                f"/county-parameters/{PILOT_TOWNSHIP[:6]}/site_inspection_products",
                staff(),
                json={"value": [], "effective_from": str(today), "reason": "县里不要求现场勘察"},
                expect=201,
            )
            await p.create_collective(COLLECTIVE, "新集村股份经济合作社", PILOT_TOWNSHIP)
            return await p.entry_deal_contracted(COLLECTIVE, PILOT_TOWNSHIP, today, server.advance)

    deal = asyncio.run(contracted())
    c = open_browser()
    sign_in(c, base, "bureau", then="/console/entry/bureau")
    assert "待备案的入市合同（1）" in main_text(c) and "期限内" in main_text(c)
    assert_accessible(c)
    screenshot(c, "console-entry-bureau-queue")

    c.find_element(By.ID, f"file-{deal['id']}").click()  # no number: refused
    wait_for(c, "请填写备案编号")
    field = c.find_element(By.ID, "f-filing_no")
    assert field.get_attribute("aria-invalid") == "true"
    assert "未作任何更改" in main_text(c)
    assert_accessible(c)
    screenshot(c, "console-entry-bureau-refused")

    field.send_keys("青自然资备2026-1")
    c.find_element(By.ID, f"file-{deal['id']}").click()
    wait_for(c, "已备案")
    assert "待备案的入市合同（0）" in main_text(c)
    screenshot(c, "console-entry-bureau-filed")
