"""Issue 17's later pages in a real browser: the sealed tender form in the room (B4:
a receipt only until the opening), a buyer's own deals on 我的交易 (B5) and picking an
own certified right in the loan calculator (R6, R7). Data is prepared through the APIs;
time moves only through the server's clock file; each page is checked by axe-core and
written as a screenshot under .artifacts/screenshots/."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta

import pytest
from browser_steps import POLL_S, main_text, sign_in
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.select import Select
from selenium.webdriver.support.ui import WebDriverWait

from common.ids import generate_resident_id
from portal.personas import BANK, PERSONAS
from testkit.platform_client import PlatformClient, staff

pytestmark = pytest.mark.browser

A, B = PERSONAS["buyer-a"], PERSONAS["buyer-b"]


def run(coro):  # the test drives browsers synchronously; API steps are async
    return asyncio.run(coro)


async def _listing(base: str, cert: str, seq: int, **over) -> dict:
    seller = generate_resident_id("620821", birth=date(1961, 4, 5), seq=seq)
    async with PlatformClient.embedded(base) as p:
        listing = await p.announced_right(
            cert,
            seller,
            "孙玉兰",
            title=f"赤城镇{cert}号地块经营权出租",
            reserve_price="50000.00",
            deposit="5000.00",
            increment="1000.00",
            **over,
        )
        await p.poll(  # bidding learns of the listing through its event
            lambda: p.raw("bidding", "GET", f"/listings/{listing['id']}/deposits", staff()),
            lambda r: r.status_code == 200,
            what="bidding to know the published listing",
        )
        for who in (A, B):  # two bidders (one alone would negotiate, B1)
            await p.qualified_buyer(
                listing["id"], who.org_id, who.name, deposit="5000.00", bank_org=BANK
            )
        return listing


async def _trading(base: str, listing_id: str) -> str:
    async with PlatformClient.embedded(base) as p:
        await p.wait_listing(listing_id, "trading")
        return (await p.session_of(listing_id))["session_id"]


async def _bid(base: str, session_id: str) -> None:
    async with PlatformClient.embedded(base) as p:
        await p.bid(session_id, A.org_id, "50000.00")


async def _deal(base: str, listing_id: str) -> dict:
    async with PlatformClient.embedded(base) as p:
        return await p.deal_of(listing_id)


def test_B4_a_sealed_tender_from_the_room_shows_only_its_receipt(
    server, open_browser, screenshot, assert_accessible
) -> None:
    base = server.base
    opening = server.now() + timedelta(days=25)
    listing = run(
        _listing(base, "QYTENDER01", 501, mode="tender", tender_opening_at=opening.isoformat())
    )
    lid = listing["id"]
    server.advance(timedelta(days=20, minutes=1))
    run(_trading(base, lid))
    a = open_browser((375, 812))
    sign_in(a, base, "buyer-a", then=f"/room/{lid}")
    assert "开标前任何人" in main_text(a)
    a.find_element(By.ID, "tender-amount").send_keys("56,789.00")
    a.find_element(By.CSS_SELECTOR, ".tender-form .bid-submit").click()
    assert "56,789.00" in a.find_element(By.CSS_SELECTOR, ".tender-form .confirm-amount").text
    a.find_element(By.CSS_SELECTOR, ".tender-form .confirm-yes").click()
    WebDriverWait(a, 10, poll_frequency=0.05).until(
        lambda d: "投标已密封提交" in d.find_element(By.CSS_SELECTOR, ".bid-message").text,
        "the tender was not received",
    )
    receipt = a.find_element(By.CSS_SELECTOR, ".bid-message").text
    assert "回执编号" in receipt and "56,789" not in receipt
    assert_accessible(a)
    screenshot(a, "tender-phone")
    a.get(f"{base}/room/{lid}")  # until the opening the room shows no price of it
    assert "56,789" not in main_text(a) and "开标结果" not in main_text(a)


def test_B5_the_winner_finds_the_deal_with_its_trade_id_on_me(
    server, open_browser, screenshot, assert_accessible
) -> None:
    base = server.base
    listing = run(_listing(base, "QYDEAL0001", 502, free_period_seconds=600))
    lid = listing["id"]
    server.advance(timedelta(days=20, minutes=1))
    sid = run(_trading(base, lid))
    run(_bid(base, sid))
    server.advance(timedelta(seconds=1000))  # the free period and any extension are over
    deal = run(_deal(base, lid))
    a = open_browser()
    sign_in(a, base, "buyer-a", then="/me")
    WebDriverWait(
        a, 15, poll_frequency=0.5, ignored_exceptions=(StaleElementReferenceException,)
    ).until(lambda d: d.refresh() or deal["trade_id"] in main_text(d))
    text = main_text(a)
    assert "我的成交" in text and deal["confirmation_no"] in text and "50,000.00 元" in text
    assert_accessible(a)
    screenshot(a, "me-deals-desktop")


def test_R6_R7_a_farmer_picks_an_own_certified_right_in_the_loan_calculator(
    server, open_browser, screenshot, assert_accessible
) -> None:
    base = server.base

    async def register() -> None:
        async with PlatformClient.embedded(base) as p:
            await p.register_right("QYLOANB001", A.org_id, A.name, area_mu="12")

    run(register())
    a = open_browser((375, 812))
    sign_in(a, base, "buyer-a", then="/loan")
    Select(a.find_element(By.ID, "l-right")).select_by_value("QYLOANB001")
    a.find_element(By.ID, "l-pick-price").send_keys("500")
    a.find_element(By.CSS_SELECTOR, ".pick-right button[type=submit]").click()
    WebDriverWait(
        a, 10, poll_frequency=POLL_S, ignored_exceptions=(StaleElementReferenceException,)
    ).until(lambda d: "测算结果" in main_text(d))
    text = main_text(a)
    assert "已选择：QYLOANB001" in text and "评估价值（R6）" in text and "最高可贷（R7）" in text
    assert a.find_element(By.ID, "l-area").get_attribute("value") == "12"
    assert_accessible(a)
    screenshot(a, "loan-right-phone")
