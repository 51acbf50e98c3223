"""Issue 19's consoles in a real browser: a township clerk takes in a listing with six
documents through the intake wizard using only the keyboard (Tab, typing, Enter), the
township reviews it, the county department confirms it with the registry's title
search beside it — each step clicked, each screen checked by axe-core and captured
under .artifacts/screenshots/."""

from __future__ import annotations

import asyncio
from datetime import date
from pathlib import Path

import pytest
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import WebDriverWait

from common.ids import generate_resident_id
from testkit.platform_client import PlatformClient, clerk
from testkit.testing import sample_file

pytestmark = pytest.mark.browser

SELLER = generate_resident_id("620821", birth=date(1966, 9, 18), seq=73)
CERT = "QYCONSOLE1"
DOCS = (
    "application_form",
    "seller_qualification",
    "title_certificate",
    "trade_permission",
    "object_description",
    "reserve_price_basis",
)


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


def focused_id(driver: WebDriver) -> str:
    return str(driver.switch_to.active_element.get_attribute("id") or "")


def keys(driver: WebDriver, *typed: str) -> None:
    """Typed into whatever has the focus — the keyboard, not a click."""
    driver.switch_to.active_element.send_keys(*typed)


def press(driver: WebDriver, key: str) -> None:
    """A key on the page (a file field would take a key sent to it as a file name)."""
    ActionChains(driver).send_keys(key).perform()


def wait_for(driver: WebDriver, text: str) -> None:
    WebDriverWait(driver, 15, poll_frequency=0.1).until(
        lambda d: text in main_text(d), f"waited for {text!r}"
    )


def test_L3_L4_clerk_takes_in_by_keyboard_township_reviews_department_confirms(
    server, open_browser, screenshot, assert_accessible, tmp_path: Path
) -> None:
    base = server.base

    async def register_right() -> None:
        async with PlatformClient.embedded(base) as p:
            await p.register_right(CERT, SELLER, "钱秀兰", area_mu="12")

    asyncio.run(register_right())
    files = {}
    for d in DOCS:
        files[d] = tmp_path / f"{d}.pdf"
        files[d].write_bytes(sample_file("application/pdf", d))

    c = open_browser()
    sign_in(c, base, "clerk")
    c.get(f"{base}/console/township")
    assert "乡镇服务窗口" in main_text(c)
    assert_accessible(c)
    screenshot(c, "console-township-queue")

    # --- the wizard, keyboard only -------------------------------------------------
    c.get(f"{base}/console/township/new")
    WebDriverWait(c, 10).until(lambda d: focused_id(d) == "f-title")
    assert_accessible(c)
    keys(c, "木镇镇西村12亩承包地经营权出租", Keys.ENTER)  # Enter: the next step
    WebDriverWait(c, 5).until(lambda d: focused_id(d) == "f-way")
    screenshot(c, "console-wizard-step2")
    keys(c, Keys.TAB)  # the way and method keep their defaults (出租, 网络竞价)
    keys(c, Keys.TAB, "2027-03-01", Keys.TAB, "2032-02-29", Keys.ENTER)
    WebDriverWait(c, 5).until(lambda d: focused_id(d) == "f-area_mu")
    keys(c, "12", Keys.TAB, "青阳县木镇镇西村", Keys.TAB, CERT, Keys.ENTER)
    WebDriverWait(c, 5).until(lambda d: focused_id(d) == "f-seller_kind")
    wrong = SELLER[:17] + ("1" if SELLER[17] != "1" else "2")
    keys(c, Keys.TAB, "钱秀兰", Keys.TAB, wrong)
    check = c.find_element(By.ID, "id-check")
    assert "校验码错误" in check.text  # as typed, before anything is sent
    keys(c, Keys.ENTER)  # refused by the page: the step stays
    assert focused_id(c) == "f-seller_party_id"
    screenshot(c, "console-wizard-id-check")
    keys(c, Keys.CONTROL, "a")
    keys(c, Keys.BACKSPACE, SELLER)
    assert "校验通过" in check.text
    keys(c, Keys.ENTER)
    WebDriverWait(c, 5).until(lambda d: focused_id(d) == "f-reserve_price")
    keys(c, "48000.00", Keys.TAB, "4800.00", Keys.TAB, "500.00")
    screenshot(c, "console-wizard-step5")
    keys(c, Keys.ENTER)  # the last step: Enter saves
    wait_for(c, "申请材料清单")
    listing_url = c.current_url.split("#")[0]
    assert "请上传申请材料" in main_text(c)

    # --- six materials, keyboard only: Tab to each file field, the file, Enter --------
    first = c.find_element(By.ID, "f-application_form")
    c.execute_script("arguments[0].focus()", first)  # where Tab from the checklist lands
    for d in DOCS:
        assert focused_id(c) == f"f-{d}", focused_id(c)
        keys(c, str(files[d]))  # a file field takes its path from the keyboard
        press(c, Keys.TAB)
    assert focused_id(c) == "f-other"
    press(c, Keys.TAB)
    assert focused_id(c) == "upload-materials"
    screenshot(c, "console-materials-chosen")
    press(c, Keys.ENTER)
    wait_for(c, "必备材料已齐全")
    assert main_text(c).count("✓") == 6
    assert_accessible(c)
    screenshot(c, "console-materials-done")

    c.execute_script("arguments[0].focus()", c.find_element(By.ID, "f-other"))
    press(c, Keys.TAB)  # past the upload button to the submit button
    press(c, Keys.TAB)
    assert focused_id(c) == "submit-listing"
    press(c, Keys.ENTER)
    wait_for(c, "请确认")
    assert focused_id(c) == "confirm-yes"  # Enter confirms
    assert_accessible(c)
    screenshot(c, "console-submit-confirm")
    press(c, Keys.ENTER)
    wait_for(c, "等待乡镇初审")

    c.get(f"{listing_url}/receipt")
    assert "受理回执" in c.find_element(By.TAG_NAME, "body").text
    assert_accessible(c)
    screenshot(c, "console-receipt")

    # --- the township's initial review, clicked ------------------------------------------
    c.get(f"{base}/console/township")
    wait_for(c, "待初审")
    assert "木镇镇西村12亩承包地经营权出租" in main_text(c)
    screenshot(c, "console-township-review-queue")
    c.find_element(By.LINK_TEXT, "木镇镇西村12亩承包地经营权出租").click()
    wait_for(c, "乡镇初审")
    c.find_element(By.CSS_SELECTOR, "label[for=f-approve]").click()
    c.find_element(By.ID, "f-opinion").send_keys("材料齐全，权属清楚，同意上报")
    screenshot(c, "console-township-review")
    c.find_element(By.ID, "review-submit").click()
    wait_for(c, "请确认")
    c.find_element(By.ID, "confirm-yes").click()
    wait_for(c, "已上报县级主管部门")

    # --- the county department confirms, with the title search beside -----------------
    d = open_browser()
    sign_in(d, base, "department")
    d.get(f"{base}/console/department")
    wait_for(d, "待前置审核")
    assert_accessible(d)
    screenshot(d, "console-department-queue")
    d.find_element(By.LINK_TEXT, "木镇镇西村12亩承包地经营权出租").click()
    wait_for(d, "登记机构产权查档结果")
    text = main_text(d)
    assert "与出让方一致" in text and "无争议、查封或征收" in text and CERT in text
    assert_accessible(d)
    screenshot(d, "console-department-title-search")
    d.find_element(By.CSS_SELECTOR, "label[for=f-ownership_confirmed]").click()
    d.find_element(By.ID, "f-opinion").send_keys("查档无争议，权属清晰，确认")
    d.find_element(By.ID, "pre-review-submit").click()
    wait_for(d, "请确认")
    screenshot(d, "console-department-confirm")
    d.find_element(By.ID, "confirm-yes").click()
    wait_for(d, "前置审核通过")
    screenshot(d, "console-department-done")

    async def status() -> str:
        async with PlatformClient.embedded(base) as p:
            (listing,) = await p.request("listing", "GET", "/listings", clerk())
            return str(listing["status"])

    assert asyncio.run(status()) == "pre_reviewed"
