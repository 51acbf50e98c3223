"""Issue 19's guarantor console in a real browser: the guarantee company finds a
guarantee waiting for its approval in its queue, opens it (its facts and history), is
refused without a fee rate (the field highlighted, nothing changed), then approves with
the fee rate after confirming; the guarantee goes on through its public notice and the
recommendations to the contract the guarantor signs, the loan defaults, the guarantor
compensates and records a partial recovery, and county finance sees its fund pay its
share — each screen checked by axe-core and captured under .artifacts/screenshots/."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta

import pytest
from browser_steps import POLL_S, main_text, sign_in, wait_for
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from common.ids import generate_resident_id
from testkit.platform_client import PlatformClient, bank, clerk, department, guarantor
from testkit.testing import sample_file

pytestmark = pytest.mark.browser

BORROWER = generate_resident_id("620821", birth=date(1977, 8, 19), seq=83)


def test_G5_G6_G7_a_guarantee_through_its_pipeline_defaults_compensated_and_recovered(
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
    sign_in(c, base, "guarantor", then="/console/guarantor")
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

    # --- the public notice and the recommendations (the township and county's APIs) ---
    async def to_recommended() -> None:
        async with PlatformClient.embedded(base) as p:
            notice = {"complaint_phone": "0934-5021234", "places": "木镇镇政府"}
            await p.request("guarantee", "POST", f"/guarantees/{gid}/notice", clerk(), json=notice)
            server.advance(timedelta(days=7, minutes=1))  # the notice period passes (G5)
            await p.poll(
                lambda: p.guarantee(gid, guarantor(GUARANTOR)),
                lambda g: g["state"] == "notice_passed",
                what="the notice period over",
            )
            for path, who in (("township", clerk()), ("county", department())):
                await p.request(
                    "guarantee", "POST", f"/guarantees/{gid}/{path}-recommendation", who, json={}
                )

    asyncio.run(to_recommended())
    c.refresh()
    wait_for(c, "签订担保合同")
    screenshot(c, "console-guarantor-recommended")
    c.find_element(By.ID, "do-contract").click()
    wait_for(c, "请确认")
    c.find_element(By.ID, "confirm-yes").click()
    wait_for(c, "已签订担保合同")
    assert c.find_element(By.ID, "guarantee-state").text == "已出具保函"

    # --- the bank lends, the loan defaults (the bank's integration reports both) ---------
    async def default() -> None:
        async with PlatformClient.embedded(base) as p:
            await p.bank_entry(gid, "drawdowns", BANK, {"amount": "400000"})
            server.advance(timedelta(days=100))
            await p.bank_entry(gid, "overdue", BANK, {"principal": "400000", "interest": "5000"})

    asyncio.run(default())
    c.refresh()
    wait_for(c, "代偿")
    c.find_element(By.ID, "f-reason").send_keys("逾期九十天，按约代偿")
    assert_accessible(c)
    screenshot(c, "console-guarantor-overdue")
    c.find_element(By.ID, "do-compensate").click()
    wait_for(c, "请确认")
    c.find_element(By.ID, "confirm-yes").click()
    wait_for(c, "已代偿")
    assert c.find_element(By.ID, "guarantee-state").text == "已代偿"
    screenshot(c, "console-guarantor-compensated")

    # --- part of the money comes back: the waterfall distributes it (G7) ----------------
    c.find_element(By.ID, "f-recovered").send_keys("120000.00")
    c.find_element(By.ID, "f-costs").send_keys("2000.00")
    c.find_element(By.ID, "f-note").send_keys("抵押物处置回收一部分")
    c.find_element(By.ID, "do-recover").click()
    wait_for(c, "请确认")
    screenshot(c, "console-guarantor-recovery-confirm")
    c.find_element(By.ID, "confirm-yes").click()
    wait_for(c, "已登记追偿回收")
    assert "追偿分配" in main_text(c)
    assert_accessible(c)
    screenshot(c, "console-guarantor-recovered")

    f = open_browser()
    sign_in(f, base, "finance", then="/console/finance")
    wait_for(f, "风险补偿基金")
    assert_accessible(f)
    screenshot(f, "console-finance-funds-after-default")


def test_issue19_the_guarantor_starts_a_report_leaves_comes_back_and_downloads(
    server, open_browser, screenshot, assert_accessible
) -> None:
    """A long operation (任务): the G9 report file is made by the guarantee worker while
    the guarantor is elsewhere; back on 任务 the job is done and its file downloads."""
    base = server.base
    c = open_browser()
    sign_in(c, base, "guarantor", then="/console/guarantor/jobs")
    wait_for(c, "我的任务")
    c.find_element(By.ID, "f-period").clear()
    c.find_element(By.ID, "f-period").send_keys("2026")
    c.find_element(By.ID, "start-g9").click()
    WebDriverWait(c, 15, poll_frequency=POLL_S).until(
        lambda d: "/console/guarantor/jobs/" in d.current_url
    )
    job_url = c.current_url
    wait_for(c, "劝耕贷季报、年报（G9）生成")
    screenshot(c, "console-guarantor-job-started")

    c.get(f"{base}/console/guarantor")  # leaves for other work
    wait_for(c, "担保项目队列")
    c.get(f"{base}/console/guarantor/jobs")  # comes back: the page refreshes until done
    wait_for(c, "已完成")
    assert_accessible(c)
    screenshot(c, "console-guarantor-jobs")
    c.find_element(By.CSS_SELECTOR, f'a[href="{job_url.removeprefix(base)}"]').click()
    wait_for(c, "下载结果")
    assert c.current_url == job_url
    screenshot(c, "console-guarantor-job-done")
    href = c.find_element(By.ID, "job-result").get_attribute("href")
    got = c.execute_async_script(
        "var done = arguments[arguments.length - 1];"
        "fetch(arguments[0], {credentials: 'same-origin'}).then(function (r) {"
        "  return r.arrayBuffer().then(function (b) {"
        "    done([r.status, r.headers.get('content-disposition'), b.byteLength]); }); });",
        href,
    )
    assert got[0] == 200 and "quangengdai-620821-2026.xlsx" in got[1] and got[2] > 1000
