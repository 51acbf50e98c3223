"""Issue 19's guarantor console in a real browser: the guarantee company finds a
guarantee waiting for its approval in its queue, opens it (its facts and history), is
refused without a fee rate (the field highlighted, nothing changed), then approves with
the fee rate after confirming — each screen checked by axe-core and captured under
.artifacts/screenshots/."""

from __future__ import annotations

import asyncio
from datetime import date

import pytest
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import WebDriverWait

from common.ids import generate_resident_id
from testkit.platform_client import PlatformClient, bank, guarantor
from testkit.testing import sample_file

pytestmark = pytest.mark.browser

BORROWER = generate_resident_id("620821", birth=date(1977, 8, 19), seq=83)


def sign_in(driver: WebDriver, base: str, persona: str) -> None:
    driver.get(f"{base}/sign-in")
    driver.find_element(By.ID, f"persona-{persona}").click()
    driver.find_element(By.CSS_SELECTOR, "form.card button[type=submit]").click()
    WebDriverWait(driver, 10).until(lambda d: "/sign-in" not in d.current_url)


def main_text(driver: WebDriver) -> str:
    try:
        return driver.find_element(By.TAG_NAME, "main").text
    except WebDriverException:  # a navigation is replacing the document
        return ""


def wait_for(driver: WebDriver, text: str) -> None:
    WebDriverWait(driver, 15, poll_frequency=0.1).until(
        lambda d: text in main_text(d), f"waited for {text!r}"
    )


def test_G5_the_guarantor_approves_a_guarantee_from_its_console(
    server, open_browser, screenshot, assert_accessible
) -> None:
    from portal.personas import BANK, GUARANTOR

    base = server.base

    async def waiting() -> str:
        async with PlatformClient.embedded(base) as p:
            bid = await p.file_borrower(BORROWER, "吴家庭农场")
            made = await p.request(
                "guarantee",
                "POST",
                "/guarantees/recommendations",
                guarantor(GUARANTOR),
                json={"lender_org_id": BANK, "borrower_ids": [bid]},
                expect=201,
            )
            gid = str(made[0]["id"])
            report = ("r.pdf", sample_file("application/pdf", "dd"), "application/pdf")
            await p.request(
                "guarantee",
                "POST",
                f"/guarantees/{gid}/due-diligence",
                bank(BANK),
                files={"report": report},
                data={
                    "amount": "400000",
                    "loan_rate": "0.05",
                    "term_months": "12",
                    "summary": "经营正常",
                    "truth_information": "一致",
                    "truth_identity": "一致",
                    "truth_purpose": "购买农资",
                    "truth_operation": "经营正常",
                },
            )
            await p.request(
                "guarantee",
                "POST",
                f"/guarantees/{gid}/approval",
                bank(BANK),
                json={"approve": True},
            )
            return gid

    gid = asyncio.run(waiting())
    c = open_browser()
    sign_in(c, base, "guarantor")
    c.get(f"{base}/console/guarantor")
    wait_for(c, "担保项目队列")
    assert "共 1 件" in main_text(c)
    assert_accessible(c)
    screenshot(c, "console-guarantor-queue")

    c.find_element(By.CSS_SELECTOR, f'a[href="/console/guarantor/guarantees/{gid}"]').click()
    wait_for(c, "办理记录")
    assert "银行提交尽调报告" in main_text(c)
    assert_accessible(c)
    screenshot(c, "console-guarantor-guarantee")

    # refused before anything is sent: the fee rate is missing, the field highlighted
    c.execute_script("document.getElementById('f-fee_rate').removeAttribute('required')")
    c.find_element(By.ID, "do-approve").click()
    wait_for(c, "未作任何更改")
    field = c.find_element(By.ID, "f-fee_rate")
    assert field.get_attribute("aria-invalid") == "true"
    screenshot(c, "console-guarantor-refused")

    field.send_keys("0.01")
    c.find_element(By.ID, "do-approve").click()
    wait_for(c, "请确认")
    c.find_element(By.ID, "confirm-yes").click()
    wait_for(c, "已审批同意")
    assert c.find_element(By.ID, "guarantee-state").text == "已审批"
    screenshot(c, "console-guarantor-approved")
