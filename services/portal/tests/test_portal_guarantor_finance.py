"""Issue 19: the guarantor's and county finance's last gaps — the Quangengdai pipeline as
a chart beside the queue, a compensated guarantee's recovery waterfall read from the
guarantee service (G7, exact to the fen), the blacklist (G11, read) and county finance's
deposit into a fund (G8), refused on its field with nothing changed, then confirmed."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal

from common.ids import generate_resident_id
from portal.fmt import yuan
from portal.personas import BANK, COUNTY, GUARANTOR
from testkit.platform_client import finance, guarantor


async def _compensated(embedded, p, seq: int) -> str:
    party = generate_resident_id("620821", birth=date(1981, 5, 5), seq=seq)
    bid = await p.file_borrower(party, "吴家庭农场")
    gid = await p.guarantee_to_notice(bid, bank_org=BANK, guarantor_org=GUARANTOR, amount="100000")
    embedded.clock.advance(timedelta(days=7, minutes=1))  # the public notice (G5)
    await p.guarantee_issue(gid, guarantor_org=GUARANTOR)
    await p.bank_entry(gid, "drawdowns", BANK, {"amount": "100000"})
    embedded.clock.advance(timedelta(days=100))
    await p.bank_entry(gid, "overdue", BANK, {"principal": "100000", "interest": "2000"})
    await p.compensate(gid, GUARANTOR)
    return gid


async def test_G7_the_guarantee_page_shows_the_recovery_waterfall_to_the_fen(embedded) -> None:
    async with embedded.platform() as p, embedded.browser() as b:
        gid = await _compensated(embedded, p, 95)
        split = await p.request(
            "guarantee",
            "POST",
            f"/guarantees/{gid}/recoveries",
            guarantor(GUARANTOR),
            json={"recovered": "33333.33", "costs": "1000.01", "note": "处置回收"},
            expect=201,
        )
        await embedded.sign_in(b, "guarantor")
        page = await b.get(f"/console/guarantor/guarantees/{gid}")
        assert page.status_code == 200, page.text
        table = page.text[page.text.index('id="waterfall"') :]
        table = table[: table.index("</table>")]
        cells = re.findall(r'<td class="money">([^<]*)</td>', table)
        # recovered, costs, then the G7 order: the bank, the county fund, the guarantor
        order = ("recovered", "costs", "to_bank", "to_county", "to_guarantor", "surplus")
        assert cells == [yuan(split[k]) for k in order]
        shares = sum(Decimal(split[k]) for k in order[1:])
        assert shares == Decimal(split["recovered"])  # the page shows the service's fen
        assert "代偿（G6）" in page.text
        # the confirmation of a recovery says the G7 order: the bank first
        csrf = embedded.csrf_of(page.text)
        ask = await b.post(
            f"/console/guarantor/guarantees/{gid}/recover",
            data={"csrf_token": csrf, "recovered": "100.00"},
        )
        assert ask.status_code == 200 and "先补足银行自担部分" in ask.text


async def test_G5_the_guarantor_sees_the_pipeline_by_stage_as_a_chart(embedded) -> None:
    async with embedded.platform() as p, embedded.browser() as b:
        await _compensated(embedded, p, 96)
        await embedded.sign_in(b, "guarantor")
        page = await b.get("/console/guarantor")
        chart = page.text[page.text.index('id="pipeline"') :]
        chart = chart[: chart.index("</table>")]
        assert 'data-chart="bar"' in chart
        assert re.search(r"已代偿（追偿）</th><td>1</td>", chart)
        assert re.search(r"在保</th><td>0</td>", chart)
        assert "/static/vendor/chart.umd.min.js" in page.text


async def test_G11_the_guarantor_reads_the_blacklist(embedded) -> None:
    party = generate_resident_id("620821", birth=date(1975, 7, 7), seq=97)
    async with embedded.platform() as p, embedded.browser() as b:
        await p.request(
            "guarantee",
            "POST",
            "/blacklist",
            guarantor(GUARANTOR),
            json={"party_id": party, "party_name": "冯某", "reason": "恶意逃废债务"},
            expect=201,
        )
        await embedded.sign_in(b, "guarantor")
        page = await b.get("/console/guarantor/blacklist")
        assert page.status_code == 200, page.text
        assert "冯某" in page.text and "恶意逃废债务" in page.text and "在册" in page.text
        await embedded.sign_in(b, "bank")
        assert (await b.get("/console/guarantor/blacklist")).status_code == 403


async def test_G8_county_finance_deposits_into_a_fund_after_a_refusal(embedded) -> None:
    async with embedded.platform() as p, embedded.browser() as b:
        await embedded.sign_in(b, "finance")
        page = await b.get("/console/finance")
        assert page.status_code == 200 and 'id="form-deposit"' in page.text
        csrf = embedded.csrf_of(page.text)

        async def balance() -> Decimal:
            fund = await p.request("guarantee", "GET", f"/funds/{COUNTY}/risk_fund", finance())
            return Decimal(fund["balance"])

        before = await balance()
        url = "/console/finance/deposits"
        # the page's own check: no amount, no note
        r = await b.post(url, data={"csrf_token": csrf, "fund": "risk_fund", "confirmed": "yes"})
        assert r.status_code == 422 and re.search(r'id="f-amount"[^>]*aria-invalid', r.text)
        assert re.search(r'id="f-note"[^>]*aria-invalid', r.text)
        # the service's refusal: a negative amount, nothing paid in
        bad = {"csrf_token": csrf, "fund": "risk_fund", "amount": "-5", "note": "预算"}
        r = await b.post(url, data=bad | {"confirmed": "yes"})
        assert r.status_code == 422 and "未作任何更改" in r.text
        assert re.search(r'id="f-amount"[^>]*aria-invalid', r.text)
        assert await balance() == before
        # confirmed first, then done
        typed = {
            "csrf_token": csrf,
            "fund": "risk_fund",
            "amount": "50000.05",
            "note": "2027年预算",
        }
        ask = await b.post(url, data=typed)
        assert ask.status_code == 200 and "请确认" in ask.text and "50000.05" in ask.text
        assert await balance() == before
        done = await b.post(url, data=typed | {"confirmed": "yes"})
        assert done.status_code == 303 and done.headers["location"] == "/console/finance"
        assert await balance() == before + Decimal("50000.05")
        after = await b.get("/console/finance")
        assert "已存入风险补偿基金" in after.text
        await embedded.sign_in(b, "guarantor")
        r = await b.post(url, data=typed | {"confirmed": "yes"})
        assert r.status_code in (403, 303) and await balance() == before + Decimal("50000.05")


async def test_G9_the_report_as_tables_and_charts_for_the_guarantor_and_county_finance(
    embedded,
) -> None:
    async with embedded.platform() as p, embedded.browser() as b:
        party = generate_resident_id("620821", birth=date(1982, 6, 6), seq=98)
        bid = await p.file_borrower(party, "陈家庭农场")
        gid = await p.guarantee_to_notice(
            bid, bank_org=BANK, guarantor_org=GUARANTOR, amount="180000.50"
        )
        embedded.clock.advance(timedelta(days=7, minutes=1))
        await p.guarantee_issue(gid, guarantor_org=GUARANTOR)
        await p.bank_entry(gid, "drawdowns", BANK, {"amount": "180000.50"})
        for persona, base in (("guarantor", "/console/guarantor"), ("finance", "/console/finance")):
            await embedded.sign_in(b, persona)
            page = await b.get(f"{base}/report")
            assert page.status_code == 200, page.text
            period = re.search(r'id="period" name="period" value="([^"]+)"', page.text)[1]
            rep = await p.request(
                "guarantee", "GET", f"/reports/{COUNTY}/{period}?breakdown=true", finance()
            )
            assert rep["indicators"]["guarantees_issued"] >= 1
            balance = yuan(rep["indicators"]["in_guarantee_balance"])
            assert re.search(
                rf"在保余额</th><td class=\"money\">{re.escape(balance)}</td>", page.text
            )
            banks = page.text[page.text.index('id="by_bank"') :]
            banks = banks[: banks.index("</table>")]
            assert 'data-chart="bar"' in banks and BANK in banks
            mine = next(r for r in rep["by_bank"] if r["name"] == BANK)
            assert yuan(mine["balance"]) in banks
            bad = await b.get(f"{base}/report?period=2026-Q5")
            assert bad.status_code == 422
        await embedded.sign_in(b, "bank")
        assert (await b.get("/console/guarantor/report")).status_code == 403
        assert (await b.get("/console/finance/report")).status_code == 403
