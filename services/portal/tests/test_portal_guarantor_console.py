"""Issue 19: the guarantee company's console — its guarantees as a work queue by state
(counts, oldest first, sorted and paged by the guarantee service), one guarantee's page
with its history (X2) and the actions its role may take: the approval with the fee rate
after the bank's due diligence, refused in Chinese with the field highlighted and
nothing changed, then confirmed and done — against the embedded run in this process."""

from __future__ import annotations

import re
from datetime import date

from common.ids import generate_resident_id
from portal.personas import BANK, GUARANTOR
from testkit.platform_client import bank, guarantor
from testkit.testing import sample_file

BORROWER = generate_resident_id("620821", birth=date(1979, 2, 3), seq=91)


async def _diligence_reported(embedded, p) -> str:
    """A guarantee the bank reported on and approved: it waits for the guarantor."""
    gid = await embedded.recommended_guarantee(p, BORROWER, "周家庭农场")
    await p.request(
        "guarantee",
        "POST",
        f"/guarantees/{gid}/due-diligence",
        bank(BANK),
        files={"report": ("r.pdf", sample_file("application/pdf", "dd"), "application/pdf")},
        data=embedded.DILIGENCE,
    )
    await p.request(
        "guarantee", "POST", f"/guarantees/{gid}/approval", bank(BANK), json={"approve": True}
    )
    return gid


async def test_G5_the_guarantor_approves_from_its_console_after_a_refusal(embedded) -> None:
    async with embedded.platform() as p, embedded.browser() as b:
        gid = await _diligence_reported(embedded, p)
        await embedded.sign_in(b, "guarantor")
        home = await b.get("/console")
        assert 'href="/console/guarantor"' in home.text and "待审批" in home.text
        queue = await b.get("/console/guarantor")
        assert queue.status_code == 200, queue.text
        assert re.search(r'待审批 <span class="count">1</span>', queue.text)
        assert gid in queue.text and "共 1 件" in queue.text
        assert gid not in (await b.get("/console/guarantor?queue=overdue")).text
        sorted_page = await b.get("/console/guarantor?queue=diligence&sort=-amount&q=nobody")
        assert sorted_page.status_code == 200 and "共 0 件" in sorted_page.text

        url = f"/console/guarantor/guarantees/{gid}"
        page = await b.get(url)
        assert page.status_code == 200 and "审批同意" in page.text
        assert "银行提交尽调报告" in page.text and "办理记录" in page.text
        csrf = embedded.csrf_of(page.text)
        # the portal's own check: no fee rate
        r = await b.post(f"{url}/approve", data={"csrf_token": csrf, "fee_rate": ""})
        assert r.status_code == 422 and 'aria-invalid="true"' in r.text
        # the service's refusal: a fee above the county's cap (G4), nothing changed
        bad = {"csrf_token": csrf, "fee_rate": "0.5", "confirmed": "yes"}
        r = await b.post(f"{url}/approve", data=bad)
        assert r.status_code == 422 and "未作任何更改" in r.text and "G4" in r.text
        g = await p.request("guarantee", "GET", f"/guarantees/{gid}", guarantor(GUARANTOR))
        assert g["state"] == "diligence_reported" and g["guarantor_approved"] is False
        # confirmed first, then done
        ask = await b.post(f"{url}/approve", data={"csrf_token": csrf, "fee_rate": "0.01"})
        assert ask.status_code == 200 and "请确认" in ask.text and "confirm-yes" in ask.text
        # the confirmation is a page of the console: its whole navigation, not part of it
        assert "失信黑名单" in ask.text and "任务" in ask.text
        done = await b.post(
            f"{url}/approve", data={"csrf_token": csrf, "fee_rate": "0.01", "confirmed": "yes"}
        )
        assert done.status_code == 303 and done.headers["location"] == url
        after = await b.get(url)
        assert "已审批同意" in after.text and "审批同意" in after.text
        # the console's frame shows the one-time notice, once (the page printed it again)
        assert after.text.count('role="status">已审批同意') == 1
        g = await p.request("guarantee", "GET", f"/guarantees/{gid}", guarantor(GUARANTOR))
        assert g["state"] == "approved" and g["fee_rate"] == "0.01"


async def test_X3_the_guarantor_console_is_the_guarantors_only(embedded) -> None:
    async with embedded.platform() as p, embedded.browser() as b:
        gid = await _diligence_reported(embedded, p)
        anon = await b.get("/console/guarantor")
        assert anon.status_code == 303
        await embedded.sign_in(b, "bank")
        assert (await b.get("/console/guarantor")).status_code == 403
        assert (await b.get(f"/console/guarantor/guarantees/{gid}")).status_code == 403
        await embedded.sign_in(b, "guarantor")
        assert (await b.get("/console/guarantor/guarantees/nosuch")).status_code == 404


async def test_G6_G7_the_guarantor_compensates_then_records_a_partial_recovery(embedded) -> None:
    from datetime import timedelta

    party = generate_resident_id("620821", birth=date(1980, 4, 4), seq=93)
    async with embedded.platform() as p, embedded.browser() as b:
        bid = await p.file_borrower(party, "郑家庭农场")
        gid = await p.guarantee_to_notice(
            bid, bank_org=BANK, guarantor_org=GUARANTOR, amount="100000"
        )
        embedded.clock.advance(timedelta(days=7, minutes=1))  # the public notice (G5)
        assert (await p.guarantee_issue(gid, guarantor_org=GUARANTOR))["state"] == "issued"
        await p.bank_entry(gid, "drawdowns", BANK, {"amount": "100000"})
        embedded.clock.advance(timedelta(days=100))
        await p.bank_entry(gid, "overdue", BANK, {"principal": "100000", "interest": "2000"})
        await embedded.sign_in(b, "guarantor")
        url = f"/console/guarantor/guarantees/{gid}"
        page = await b.get(url)
        csrf = embedded.csrf_of(page.text)
        done = await b.post(
            f"{url}/compensate", data={"csrf_token": csrf, "reason": "逾期90天", "confirmed": "yes"}
        )
        assert done.status_code == 303, done.text
        page = await b.get(url)
        assert 'id="do-recover"' in page.text and 'id="f-recovered"' in page.text

        # no amount: the page's own refusal; a negative one: the service's — nothing recorded
        r = await b.post(f"{url}/recover", data={"csrf_token": csrf, "confirmed": "yes"})
        assert r.status_code == 422 and re.search(r'id="f-recovered"[^>]*aria-invalid', r.text)
        r = await b.post(
            f"{url}/recover", data={"csrf_token": csrf, "recovered": "-1", "confirmed": "yes"}
        )
        assert r.status_code == 422 and re.search(r'id="f-recovered"[^>]*aria-invalid', r.text)
        typed = {
            "csrf_token": csrf,
            "recovered": "30000.00",
            "costs": "1000.00",
            "note": "处置回收",
        }
        ask = await b.post(f"{url}/recover", data=typed)
        assert ask.status_code == 200 and "请确认" in ask.text and "30000.00" in ask.text
        history = await p.request(
            "guarantee", "GET", f"/guarantees/{gid}/decisions", guarantor(GUARANTOR)
        )
        assert "guarantee.recovery_distributed" not in [d["action"] for d in history]
        done = await b.post(f"{url}/recover", data=typed | {"confirmed": "yes"})
        assert done.status_code == 303, done.text
        page = await b.get(url)
        assert "追偿分配" in page.text
