"""Issue 22's natural resources bureau console in a real browser (DOMAIN E9): an 入市
contract waits in the bureau's queue with its 30-day filing deadline; the bureau clicks
备案 with no number — refused in Chinese, the field highlighted, nothing changed — then
types the number and files it; each screen checked by axe-core and captured under
.artifacts/screenshots/."""

from __future__ import annotations

import asyncio

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import WebDriverWait

from common.clock import SHANGHAI, SystemClock
from portal.personas import PILOT_COLLECTIVE, PILOT_TOWNSHIP
from testkit.platform_client import PlatformClient

pytestmark = pytest.mark.browser


def _main(driver: WebDriver) -> str:
    return driver.find_element(By.TAG_NAME, "main").text


def test_E9_the_bureau_files_an_entry_contract_from_its_queue(
    server, open_browser, screenshot, assert_accessible
) -> None:
    base = server.base

    async def contracted() -> dict:
        async with PlatformClient.embedded(base) as p:
            await p.create_collective(PILOT_COLLECTIVE, "新集村股份经济合作社", PILOT_TOWNSHIP)
            today = SystemClock().now().astimezone(SHANGHAI).date()
            return await p.entry_deal_contracted(
                PILOT_COLLECTIVE, PILOT_TOWNSHIP, today, server.advance
            )

    deal = asyncio.run(contracted())
    c = open_browser()
    c.get(f"{base}/sign-in")
    c.find_element(By.ID, "persona-bureau").click()
    c.find_element(By.CSS_SELECTOR, "form.card button[type=submit]").click()
    WebDriverWait(c, 10).until(lambda d: "/sign-in" not in d.current_url)
    c.get(f"{base}/console/entry/bureau")
    assert "待备案的入市合同（1）" in _main(c) and "期限内" in _main(c)
    assert_accessible(c)
    screenshot(c, "console-entry-bureau-queue")

    c.find_element(By.ID, f"file-{deal['id']}").click()  # no number: refused
    WebDriverWait(c, 10).until(lambda d: "请填写备案编号" in _main(d))
    field = c.find_element(By.ID, "f-filing_no")
    assert field.get_attribute("aria-invalid") == "true"
    assert "未作任何更改" in _main(c)
    assert_accessible(c)
    screenshot(c, "console-entry-bureau-refused")

    field.send_keys("青自然资备2026-1")
    c.find_element(By.ID, f"file-{deal['id']}").click()
    WebDriverWait(c, 10).until(lambda d: "已备案" in _main(d))
    assert "待备案的入市合同（0）" in _main(c)
    screenshot(c, "console-entry-bureau-filed")
