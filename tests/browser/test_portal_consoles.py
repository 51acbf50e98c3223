"""Issue 19's consoles in a real browser: a township clerk takes in a listing with six
documents through the intake wizard using only the keyboard (Tab, typing, Enter), the
township reviews it, the county department confirms it with the registry's title
search beside it; construction land with its own step (L15/L16) and the site inspection
(L21), by the keyboard too — each step clicked, each screen checked by axe-core and captured
under .artifacts/screenshots/."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta
from pathlib import Path

import pytest
from browser_steps import POLL_S, main_text, sign_in, wait_for
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import WebDriverWait

from common.ids import generate_credit_code, generate_resident_id
from testkit.platform_client import PlatformClient, clerk, staff
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


def focused_id(driver: WebDriver) -> str:
    return str(driver.switch_to.active_element.get_attribute("id") or "")


def keys(driver: WebDriver, *typed: str) -> None:
    """Typed into whatever has the focus — the keyboard, not a click."""
    driver.switch_to.active_element.send_keys(*typed)


def press(driver: WebDriver, key: str) -> None:
    """A key on the page (a file field would take a key sent to it as a file name)."""
    ActionChains(driver).send_keys(key).perform()


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
    sign_in(c, base, "clerk", then="/console/township")
    assert "乡镇服务窗口" in main_text(c)
    assert_accessible(c)
    screenshot(c, "console-township-queue")

    # --- the wizard, keyboard only -------------------------------------------------
    c.get(f"{base}/console/township/new")
    WebDriverWait(c, 10, poll_frequency=POLL_S).until(lambda d: focused_id(d) == "f-title")
    assert_accessible(c)
    keys(c, "木镇镇西村12亩承包地经营权出租", Keys.ENTER)  # Enter: the next step
    WebDriverWait(c, 5, poll_frequency=POLL_S).until(lambda d: focused_id(d) == "f-way")
    screenshot(c, "console-wizard-step2")
    keys(c, Keys.TAB)  # the way and method keep their defaults (出租, 网络竞价)
    keys(c, Keys.TAB, "2027-03-01", Keys.TAB, "2032-02-29", Keys.ENTER)
    WebDriverWait(c, 5, poll_frequency=POLL_S).until(lambda d: focused_id(d) == "f-area_mu")
    keys(c, "12", Keys.TAB, "青阳县木镇镇西村", Keys.TAB, CERT, Keys.ENTER)
    WebDriverWait(c, 5, poll_frequency=POLL_S).until(lambda d: focused_id(d) == "f-seller_kind")
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
    WebDriverWait(c, 5, poll_frequency=POLL_S).until(lambda d: focused_id(d) == "f-reserve_price")
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
    sign_in(d, base, "department", then="/console/department")
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
            # the one listing of this title (the other modules' listings share the server)
            (listing,) = await p.request(
                "listing", "GET", "/listings", clerk(), params={"q": "木镇镇西村12亩承包地"}
            )
            return str(listing["status"])

    assert asyncio.run(status()) == "pre_reviewed"


CENTRE_CERT = "QYCONSOLE2"
LIEN_CERT = "QYCONSOLE3"
CENTRE_SELLER = generate_resident_id("620821", birth=date(1970, 1, 9), seq=83)
BORROWER = generate_resident_id("620821", birth=date(1978, 5, 21), seq=95)
BUYERS = (
    (generate_resident_id("620821", birth=date(1982, 3, 12), seq=131), "李建国"),
    (generate_resident_id("620821", birth=date(1990, 7, 8), seq=242), "张秀英"),
)
TITLE = "木镇镇南村20亩承包地经营权出租"


def click_through(driver: WebDriver, button_id: str, done: str) -> None:
    """A step's button, then its confirmation page's button (irreversible: asked first)."""
    driver.find_element(By.ID, button_id).click()
    wait_for(driver, "请确认")
    driver.find_element(By.ID, "confirm-yes").click()
    wait_for(driver, done)


def test_L5_L6_B6_R9_centre_publishes_qualifies_and_contracts_bank_and_authority_register(
    server, open_browser, screenshot, assert_accessible, tmp_path: Path
) -> None:
    """Issue 19's working day, the centre's part and the lien: the centre registers and
    publishes, qualifies two buyers reading their materials, watches today's sessions and
    the bids live, records the contract; the bank's integration pays the balance and the
    registry gives the winner her certificate; a bank applies for a lien and the
    registration authority registers it; the bank's console shows the lien's visit due
    and the log of its callbacks."""
    from portal.personas import BANK
    from testkit.platform_client import LIEN_DOCS, bank

    base = server.base

    async def pre_reviewed() -> str:
        async with PlatformClient.embedded(base) as p:
            await p.register_right(CENTRE_CERT, CENTRE_SELLER, "孙立")
            await p.register_right(LIEN_CERT, BORROWER, "王建国", area_mu="8")
            listing = await p.take_in_listing(
                seller_party_id=CENTRE_SELLER,
                seller_name="孙立",
                title=TITLE,
                reserve_price="60000.00",
                deposit="6000.00",
                increment="1000.00",
                right_certificate_no=CENTRE_CERT,
                free_period_seconds=600,
                extension_seconds=300,
            )
            await p.township_review(listing["id"])
            await p.pre_review(listing["id"])
            return str(listing["id"])

    lid = asyncio.run(pre_reviewed())
    c = open_browser()
    sign_in(c, base, "staff", then="/console/centre")
    wait_for(c, "待登记")
    assert_accessible(c)
    screenshot(c, "console-centre-queue")
    c.find_element(By.LINK_TEXT, TITLE).click()
    wait_for(c, "办理记录")
    c.find_element(By.ID, "do-register").click()
    wait_for(c, "登记：")
    click_through(c, "action-submit", "已登记")
    c.find_element(By.ID, "do-publish").click()
    wait_for(c, "公告天数")
    assert_accessible(c)
    screenshot(c, "console-centre-publish")
    click_through(c, "action-submit", "已发布公告")
    wait_for(c, "公告截止")

    async def buyers_register() -> list[str]:
        async with PlatformClient.embedded(base) as p:
            await p.poll(
                lambda: p.raw("bidding", "GET", f"/listings/{lid}/deposits", staff()),
                lambda r: r.status_code == 200,
                what="bidding to know the published listing",
            )
            regs = []
            for party, name in BUYERS:
                reg = await p.register_buyer(lid, party, name)
                await p.buyer_document(reg, "identity")
                regs.append(reg["id"])
            return regs

    regs = asyncio.run(buyers_register())
    for reg_id, (_, name) in zip(regs, BUYERS, strict=True):
        c.get(f"{base}/console/centre/listings/{lid}/registrations/{reg_id}")
        wait_for(c, "报名材料")
        assert c.find_element(By.PARTIAL_LINK_TEXT, "identity").is_displayed()
        assert_accessible(c)
        screenshot(c, "console-centre-qualification")
        c.find_element(By.CSS_SELECTOR, "label[for=f-approve]").click()
        click_through(c, "review-submit", "资格审查通过")
        assert name in main_text(c)

    async def pay_and_bid() -> None:
        async with PlatformClient.embedded(base) as p:
            for (party, _), reg_id in zip(BUYERS, regs, strict=True):
                await p.bank_deposit(lid, party, reg_id, "6000.00", BANK)
                await p.poll(
                    lambda reg_id=reg_id, party=party: p.registration(reg_id, party),
                    lambda x: bool(x.get("deposit_paid")),
                    what="the deposit recorded",
                )
            server.advance(timedelta(days=20, minutes=1))
            await p.wait_listing(lid, "trading")
            sid = (await p.session_of(lid))["session_id"]
            await p.bid(sid, BUYERS[0][0], "60000.00")
            await p.bid(sid, BUYERS[1][0], "61000.00")

    asyncio.run(pay_and_bid())
    # the live sessions monitor: today's sessions, then this one live through the room's feed
    c.get(f"{base}/console/centre/sessions")
    wait_for(c, TITLE)
    assert "61,000.00 元" in main_text(c)
    assert_accessible(c)
    screenshot(c, "console-centre-sessions")
    c.find_element(By.LINK_TEXT, TITLE).click()
    wait_for(c, "出价记录（共 2 次）")
    WebDriverWait(c, 10, poll_frequency=POLL_S).until(
        lambda d: "竞价中" in d.find_element(By.CSS_SELECTOR, '[data-live="status_zh"]').text
    )  # the room's feed filled the live numbers
    screenshot(c, "console-centre-session-live")
    c.get(f"{base}/console/centre/listings/{lid}")
    wait_for(c, "出价记录（共 2 次）")
    WebDriverWait(c, 10, poll_frequency=POLL_S).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, ".chart-box canvas")
    )
    assert_accessible(c)
    screenshot(c, "console-centre-session-monitor")

    server.advance(timedelta(seconds=901))  # the free period and an extension pass

    async def deal() -> dict:
        async with PlatformClient.embedded(base) as p:
            return await p.deal_of(lid)

    trade = asyncio.run(deal())
    c.get(f"{base}/console/centre/listings/{lid}/deals/{trade['trade_id']}")
    wait_for(c, "录入成交合同")
    c.find_element(By.ID, "f-contract_no").send_keys("HT-2027-0001")
    screenshot(c, "console-centre-contract")
    click_through(c, "record-contract", "合同已录入")
    assert "HT-2027-0001" in main_text(c)

    # --- the bank's integration pays the balance; the registry records the transfer ----
    async def pay_balance() -> str:
        async with PlatformClient.embedded(base) as p:
            await p.pay_balance(trade["trade_id"], trade["balance_due"], BANK)
            await p.poll(
                lambda: p.deal(trade["trade_id"]),
                lambda d: d["released_at"] is not None,
                what="the funds released after the transfer",
            )
            return str((await p.right(f"{CENTRE_CERT}-L1"))["holder_party_id"])

    assert asyncio.run(pay_balance()) == BUYERS[1][0]
    c.refresh()
    wait_for(c, "已结清")
    screenshot(c, "console-centre-settled")
    w = open_browser()
    # the winner: the registry lists the new certificate as hers
    sign_in(w, base, "buyer-b", then="/loan")
    WebDriverWait(w, 15, poll_frequency=POLL_S).until(
        lambda d: f"{CENTRE_CERT}-L1" in d.page_source
    )
    screenshot(w, "console-registry-transfer")

    # --- a bank applies for a lien; the registration authority registers it ------------
    k = open_browser()
    sign_in(k, base, "bank", then="/console/bank/new")
    wait_for(k, "新的抵押登记申请")
    typed = {
        "certificate_no": LIEN_CERT,
        "borrower_party_id": BORROWER,
        "borrower_name": "王建国",
        "loan_amount": "40000.00",
        "loan_term_end": "2030-12-31",
        "lien_term_end": "2030-12-31",
        "loan_contract_no": "JK-2027-0009",
        "mortgage_contract_no": "DY-2027-0009",
    }
    for name, value in typed.items():
        k.find_element(By.ID, f"f-{name}").send_keys(value)
    for name in ("full_civil_capacity", "good_credit"):
        k.find_element(By.CSS_SELECTOR, f"label[for=f-{name}]").click()
    assert_accessible(k)
    screenshot(k, "console-bank-new")
    k.find_element(By.ID, "create-application").click()
    wait_for(k, "登记核对")
    application_url = k.current_url
    paper = tmp_path / "application_form.pdf"
    paper.write_bytes(sample_file("application/pdf", "application_form"))
    k.find_element(By.ID, "f-file").send_keys(str(paper))
    k.find_element(By.ID, "upload-document").click()
    wait_for(k, "✓ 抵押登记申请书")  # the XHR upload reloads the page: the list shows it
    assert "已上传：抵押登记申请书" in k.page_source  # and its one-time notice, not lost
    for name, value in (("area_mu", "8"), ("annual_price_per_mu", "500"), ("years", "20")):
        k.find_element(By.ID, f"f-{name}").send_keys(value)
    k.find_element(By.ID, "value-collateral").click()
    wait_for(k, "评估已记录")
    app_id = application_url.rstrip("/").rsplit("/", 1)[1]

    async def other_materials() -> None:
        async with PlatformClient.embedded(base) as p:
            for kind in (*LIEN_DOCS[1:], "consent_letter_A"):
                await p.request(
                    "registry",
                    "POST",
                    f"/lien-applications/{app_id}/documents",
                    bank(BANK),
                    data={"kind": kind},
                    files={
                        "file": (
                            f"{kind}.pdf",
                            sample_file("application/pdf", kind),
                            "application/pdf",
                        )
                    },
                    expect=201,
                )

    asyncio.run(other_materials())
    k.refresh()
    wait_for(k, "全部通过")
    assert_accessible(k)
    screenshot(k, "console-bank-application")

    r = open_browser()
    sign_in(r, base, "authority", then="/console/authority")
    wait_for(r, "抵押登记队列")
    r.find_element(By.LINK_TEXT, LIEN_CERT).click()
    wait_for(r, "登记簿记载预览")
    assert "第 1 顺位" in main_text(r)
    assert_accessible(r)
    screenshot(r, "console-authority-checks")
    click_through(r, "register-lien", "已登记，第 1 顺位")
    screenshot(r, "console-authority-registered")
    k.get(f"{base}/console/bank/liens")
    wait_for(k, LIEN_CERT)
    assert "有效" in main_text(k)
    k.find_element(By.LINK_TEXT, LIEN_CERT).click()
    wait_for(k, "贷后回访（R14）")
    assert "待回访" in main_text(k)
    assert_accessible(k)
    screenshot(k, "console-bank-lien")
    k.get(f"{base}/console/bank/visits")
    wait_for(k, "待回访：共 1 次")
    screenshot(k, "console-bank-visits")
    # what the bank's integration reported for this listing: the two deposits and the
    # balance (the bank's callbacks of the other modules' listings are listed beside them)
    k.get(f"{base}/console/bank/callbacks")
    wait_for(k, "成交价款到账")
    ours = f'//tr[td/span[@title="{lid}"]]/td[@class="callback-kind"]'
    kinds = [td.text for td in k.find_elements(By.XPATH, ours)]
    assert sorted(kinds) == ["保证金到账", "保证金到账", "成交价款到账"]
    assert_accessible(k)
    screenshot(k, "console-bank-callbacks")


CONSTRUCTION_TITLE = "村北集体经营性建设用地使用权出让"
COLLECTIVE_CODE = generate_credit_code("5", "4", "620821")


def test_L15_L16_L21_clerk_takes_in_construction_land_with_a_site_inspection_by_keyboard(
    server, open_browser, screenshot, assert_accessible, tmp_path: Path
) -> None:
    """Collective commercial construction land through the wizard's own step (L15's
    facts, L16's class and grade), L16's warning below the range beside the reserve, and
    the site inspection the county asks for (L21) — every field by the keyboard."""
    base = server.base
    today = server.today()

    async def county_inspects_construction_land() -> None:
        async with PlatformClient.embedded(base) as p:
            await p.request(
                "listing",
                "PUT",
                "/county-parameters/620821/site_inspection_products",
                staff(),
                json={
                    "value": ["collective_construction_land"],
                    "effective_from": str(today),
                    "reason": "县交易中心规定：建设用地入市前现场勘察",
                },
                expect=201,
            )

    asyncio.run(county_inspects_construction_land())
    files = {}
    for d in DOCS:
        files[d] = tmp_path / f"{d}.pdf"
        files[d].write_bytes(sample_file("application/pdf", d))
    photo = tmp_path / "north-boundary.jpg"
    photo.write_bytes(sample_file("image/jpeg", "north boundary"))

    c = open_browser()
    sign_in(c, base, "clerk", then="/console/township/new")
    WebDriverWait(c, 10, poll_frequency=POLL_S).until(lambda d: focused_id(d) == "f-title")
    keys(c, CONSTRUCTION_TITLE, Keys.TAB)
    assert focused_id(c) == "f-product"
    keys(c, *[Keys.ARROW_DOWN] * 8)  # 集体经营性建设用地使用权, the ninth product
    chosen = "return arguments[0].selectedOptions[0].text"
    assert "集体经营性建设用地" in c.execute_script(chosen, c.find_element(By.ID, "f-product"))
    keys(c, Keys.ENTER)
    WebDriverWait(c, 5, poll_frequency=POLL_S).until(lambda d: focused_id(d) == "f-way")
    assert "共 6 步" in c.find_element(By.CSS_SELECTOR, ".wizard-progress").text
    keys(c, Keys.ARROW_UP)  # 转让 (出让), the first way
    keys(c, Keys.TAB, Keys.TAB, "2027-01-01", Keys.TAB, "2066-12-31", Keys.ENTER)
    WebDriverWait(c, 5, poll_frequency=POLL_S).until(lambda d: focused_id(d) == "f-area_mu")
    keys(c, "1.5", Keys.TAB, "青阳县木镇镇村北", Keys.TAB, "QYJSCONSOLE", Keys.ENTER)
    WebDriverWait(c, 5, poll_frequency=POLL_S).until(lambda d: focused_id(d) == "f-seller_kind")
    keys(c, Keys.ARROW_DOWN)  # 农村集体经济组织
    keys(c, Keys.TAB, "村北村股份经济合作社", Keys.TAB, COLLECTIVE_CODE)
    assert "校验通过" in c.find_element(By.ID, "id-check").text
    keys(c, Keys.TAB, "C-620821101-002", Keys.ENTER)
    WebDriverWait(c, 5, poll_frequency=POLL_S).until(lambda d: focused_id(d) == "f-reserve_price")
    keys(c, "1800000.00", Keys.TAB, "180000.00", Keys.TAB, "10000.00", Keys.ENTER)
    # construction land: its own step comes next (L15/L16), not the save
    WebDriverWait(c, 5, poll_frequency=POLL_S).until(lambda d: focused_id(d) == "f-land_use")
    assert_accessible(c)
    keys(c, Keys.TAB, "容积率≤1.5，建筑密度≤40%，绿地率≥20%")
    keys(c, Keys.TAB, Keys.SPACE, Keys.TAB, Keys.SPACE)  # 规划已编制、权属已登记
    assert focused_id(c) == "f-ownership_registered"
    keys(c, Keys.TAB, Keys.TAB, Keys.TAB, Keys.TAB)  # the three negatives stay unticked
    assert focused_id(c) == "f-area_m2"
    keys(c, "1000", Keys.TAB, Keys.TAB, "1", Keys.TAB, "2500000.00")
    screenshot(c, "console-wizard-construction-land")
    keys(c, Keys.ENTER)  # the last step: Enter saves
    wait_for(c, "申请材料清单")
    listing_url = c.current_url.split("#")[0]
    text = main_text(c)
    assert "参考价提示（L16）" in text and "底价低于基准地价变幅下限" in text  # a warning only
    assert "现场勘察（L21）" in text and "尚未记录现场勘察" in text
    assert_accessible(c)
    screenshot(c, "console-construction-land-warning")

    # the six materials, as in the farmland intake
    c.execute_script("arguments[0].focus()", c.find_element(By.ID, "f-application_form"))
    for d in DOCS:
        keys(c, str(files[d]))
        press(c, Keys.TAB)
    press(c, Keys.TAB)
    assert focused_id(c) == "upload-materials"
    press(c, Keys.ENTER)
    wait_for(c, "必备材料已齐全")

    # --- the site inspection, keyboard only: who, the server's today, boundary, photo -----
    name = c.find_element(By.ID, "f-inspector_name")
    c.execute_script("arguments[0].focus()", name)  # where Tab from the inspections lands
    keys(c, "木镇镇窗口张强", Keys.TAB)
    assert focused_id(c) == "f-inspector_role"  # 乡镇服务窗口工作人员 by default
    keys(c, Keys.TAB)
    assert focused_id(c) == "f-inspected_on"
    assert c.find_element(By.ID, "f-inspected_on").get_attribute("value") == today.isoformat()
    keys(c, Keys.TAB, Keys.SPACE)  # 四至一致
    assert focused_id(c) == "f-boundary_matches"
    keys(c, Keys.TAB, "四至与权证一致", Keys.TAB)
    assert focused_id(c) == "f-photos"
    keys(c, str(photo))
    press(c, Keys.TAB)
    assert focused_id(c) == "record-inspection"
    screenshot(c, "console-site-inspection-typed")
    press(c, Keys.ENTER)
    wait_for(c, "✓ 与申请一致")  # the inspections recorded, listed
    assert "木镇镇窗口张强" in main_text(c) and "1 张" in main_text(c)
    assert_accessible(c)
    screenshot(c, "console-site-inspection-recorded")

    # submitted and approved at the initial review, still by the keyboard
    c.execute_script("arguments[0].focus()", c.find_element(By.ID, "submit-listing"))
    press(c, Keys.ENTER)
    wait_for(c, "请确认")
    press(c, Keys.ENTER)
    wait_for(c, "等待乡镇初审")
    c.get(listing_url)
    wait_for(c, "乡镇初审")
    c.execute_script("arguments[0].focus()", c.find_element(By.ID, "f-approve"))
    keys(c, Keys.SPACE, Keys.TAB, "规划条件齐全，现场勘察四至一致，同意上报")
    press(c, Keys.TAB)
    press(c, Keys.TAB)
    assert focused_id(c) == "review-submit"
    press(c, Keys.ENTER)
    wait_for(c, "请确认")
    press(c, Keys.ENTER)
    wait_for(c, "已上报县级主管部门")

    async def listing() -> dict:
        async with PlatformClient.embedded(base) as p:
            found = await p.request("listing", "GET", "/listings", clerk(), params={"q": "村北"})
            return next(x for x in found if x["title"] == CONSTRUCTION_TITLE)

    got = asyncio.run(listing())
    assert got["status"] == "pre_review" and got["land_use"] == "commercial"
    assert got["spatial_plan_done"] and got["land_grade"] == 1 and got["area_m2"] == "1000"
