"""Issue 17's proof in a real browser: from the public board to a live auction to its
published result. Two buyers sign in (persona picker), register with a file, are
qualified, the bank's deposit callback arrives; both bid from their own browser and
each sees the other's bid within a second; an anti-sniping extension appears in both;
the winner sees the result; the public page shows it masked. Time moves only through
the server's clock file; screenshots of each page go to .artifacts/screenshots/."""

from __future__ import annotations

import asyncio
import time
from datetime import date, timedelta
from pathlib import Path

import pytest
from browser_steps import POLL_S, sign_in
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import WebDriverWait

from common.ids import generate_resident_id
from portal.personas import BANK, PERSONAS
from testkit.platform_client import PlatformClient, staff

pytestmark = pytest.mark.browser

A, B = PERSONAS["buyer-a"], PERSONAS["buyer-b"]
SEEN_WITHIN_S = 1.0


def run(coro):  # the test drives browsers synchronously; API steps are async
    return asyncio.run(coro)


def live(driver: WebDriver, name: str) -> str:
    return driver.find_element(By.CSS_SELECTOR, f'[data-live="{name}"]').text


def wait_live(driver: WebDriver, name: str, text: str, timeout: float = 10) -> float:
    """Seconds until the live field shows ``text``."""
    started = time.monotonic()
    WebDriverWait(driver, timeout, poll_frequency=0.05).until(
        lambda d: text in live(d, name), f"{name} never showed {text!r}: {live(driver, name)!r}"
    )
    return time.monotonic() - started


def registration(driver: WebDriver, listing_id: str) -> str:
    """The buyer's registration for this listing on 我的交易 (/me), among the buyer's
    registrations of the other modules' listings ("" while the page is replaced)."""
    try:
        card = f'//li[contains(@class, "registration")][h2/a[@href="/board/{listing_id}"]]'
        return driver.find_element(By.XPATH, card).text
    except WebDriverException:
        return ""


def register(driver: WebDriver, base: str, listing_id: str, name: str, file: Path) -> None:
    driver.get(f"{base}/board/{listing_id}")
    driver.find_element(By.LINK_TEXT, "我要报名").click()
    WebDriverWait(driver, 10, poll_frequency=POLL_S).until(
        lambda d: d.current_url.endswith("/register")
    )
    driver.find_element(By.ID, "r-name").send_keys(name)
    driver.find_element(By.ID, "r-phone").send_keys("13800001111")
    driver.find_element(By.ID, "r-identity").send_keys(str(file))
    driver.find_element(By.CSS_SELECTOR, ".upload-form button[type=submit]").click()
    WebDriverWait(driver, 15, poll_frequency=POLL_S).until(lambda d: d.current_url.endswith("/me"))
    assert "待审核" in registration(driver, listing_id)


def bid_minimum(driver: WebDriver) -> None:
    """The prefilled next acceptable price, confirmed in the page's own dialog."""
    driver.find_element(By.CSS_SELECTOR, ".bid-submit").click()
    driver.find_element(By.CSS_SELECTOR, ".confirm-yes").click()
    WebDriverWait(driver, 10, poll_frequency=0.05).until(
        lambda d: "出价成功" in d.find_element(By.CSS_SELECTOR, ".bid-message").text,
        "the bid was not accepted",
    )


async def _publish(base: str) -> dict:
    seller = generate_resident_id("620821", birth=date(1966, 2, 3), seq=402)
    async with PlatformClient.embedded(base) as p:
        return await p.announced_right(
            "QYBROWSER02",
            seller,
            "赵振华",
            title="王湾镇张家湾村15亩承包地经营权出租",
            reserve_price="60000.00",
            deposit="6000.00",
            increment="1000.00",
            free_period_seconds=600,
            extension_seconds=300,
        )


async def _qualify_and_pay(base: str, listing_id: str) -> None:
    async with PlatformClient.embedded(base) as p:
        regs = await p.request("listing", "GET", f"/listings/{listing_id}/registrations", staff())
        assert {r["party_id"] for r in regs} == {A.org_id, B.org_id}
        for reg in regs:
            assert (await p.qualify(reg["id"]))["status"] == "qualified"
            await p.bank_deposit(listing_id, reg["party_id"], reg["id"], "6000.00", BANK)


async def _wait_status(base: str, listing_id: str, *statuses: str) -> dict:
    async with PlatformClient.embedded(base) as p:
        return await p.wait_listing(listing_id, *statuses)


async def _wait_bidding(base: str, listing_id: str) -> dict:
    """The trading session open in bidding: it follows the listing by event, so a room
    opened before it exists has nothing to show yet."""
    async with PlatformClient.embedded(base) as p:
        return await p.poll(
            lambda: p.request("bidding", "GET", f"/listings/{listing_id}/session", staff()),
            lambda x: x.get("status") == "bidding",
            what=f"the trading session of {listing_id} open for bids",
        )


async def _wait_result(base: str, listing_id: str) -> dict:
    async with PlatformClient.embedded(base) as p:
        return await p.poll(
            lambda: p.request("listing", "GET", f"/board/listings/{listing_id}"),
            lambda x: x.get("result_price") is not None,
            what="the result on the public board",
        )


def test_L5_L6_B2_B5_L14_from_the_board_to_a_live_auction_to_its_published_result(
    server, open_browser, screenshot, assert_accessible, tmp_path: Path
) -> None:
    base = server.base
    listing = run(_publish(base))
    lid = listing["id"]
    identity = tmp_path / "identity.jpg"
    identity.write_bytes(b"\xff\xd8\xff\xe0" + b"\x00" * 2048)

    # the public sees it on the board, with a countdown
    public = open_browser()
    public.get(f"{base}/board")
    assert public.find_element(By.LINK_TEXT, listing["title"]).is_displayed()
    row = public.find_element(By.XPATH, f'//li[h2/a[@href="/board/{lid}"]]')
    assert row.find_element(By.CSS_SELECTOR, ".countdown").text.startswith(("19天", "20天"))

    # two buyers sign in and register with a file: one on a phone, one on a desktop
    a, b = open_browser((375, 812)), open_browser()
    sign_in(a, base, "buyer-a")
    screenshot(a, "sign-in-phone")
    register(a, base, lid, A.name, identity)
    sign_in(b, base, "buyer-b", then=f"/board/{lid}/register")
    assert_accessible(b)
    screenshot(b, "register-desktop")
    register(b, base, lid, B.name, identity)

    # the centre qualifies them; the bank's deposit callback arrives
    run(_qualify_and_pay(base, lid))
    a.get(f"{base}/me")
    WebDriverWait(a, 15, poll_frequency=0.5).until(
        lambda d: d.refresh() or "已到账" in registration(d, lid)
    )
    assert "资格审核通过" in registration(a, lid)
    assert_accessible(a)
    screenshot(a, "me-phone")

    # the announcement ends (20 days on the server's clock): the auction opens
    server.advance(timedelta(days=20, minutes=1))
    run(_wait_status(base, lid, "trading"))
    run(_wait_bidding(base, lid))
    a.get(f"{base}/room/{lid}")
    b.get(f"{base}/room/{lid}")
    public.get(f"{base}/watch/{lid}")
    for d in (a, b, public):
        wait_live(d, "status_zh", "竞价中")
    wait_live(public, "watchers", "3")  # both bidders and the public

    # each sees the other's bid within a second
    bid_minimum(a)
    assert wait_live(b, "best_price", "60,000.00 元", SEEN_WITHIN_S * 5) <= SEEN_WITHIN_S
    wait_live(a, "standing", "您当前出价最高")
    bid_minimum(b)
    assert wait_live(a, "best_price", "61,000.00 元", SEEN_WITHIN_S * 5) <= SEEN_WITHIN_S
    wait_live(a, "standing", "已被超过")
    wait_live(public, "bid_count", "2")
    assert A.name not in public.page_source and A.org_id not in public.page_source

    # into the timed period: a bid extends the end (anti-sniping), shown in both rooms
    server.advance(timedelta(seconds=650))
    bid_minimum(a)
    for d in (a, b):
        wait_live(d, "extensions", "1")
        wait_live(d, "extension_notice", "竞价时间已延长")
    wait_live(public, "extensions", "1")
    assert_accessible(a)
    screenshot(a, "room-phone")
    assert_accessible(b)
    screenshot(b, "room-desktop")
    assert_accessible(public)
    screenshot(public, "watch-desktop")

    # a full extension without a bid ends it: the winner sees the result
    server.advance(timedelta(seconds=301))
    wait_live(a, "result", "恭喜，您已竞得本项目，成交价 62,000.00 元", 20)
    wait_live(b, "result", "竞价结束，成交价 62,000.00 元", 20)

    # the public page shows the result, the buyer masked (L14)
    run(_wait_result(base, lid))
    public.get(f"{base}/board/{lid}")
    text = public.find_element(By.TAG_NAME, "main").text
    assert "成交公示" in text and "62,000.00 元" in text
    assert "李**" in text and A.name not in text and A.org_id not in text
    assert_accessible(public)
    screenshot(public, "result-desktop")
