"""入市 pages (issue 22; DOMAIN E4, E9, E16): the natural resources bureau's queue with
the contract awaiting its filing (the 30-day deadline), the filing as a form — an empty
number and the service's refusal shown in Chinese with the field highlighted, then
filed; the village officer's 入市 queue; the public disclosure page — against the
embedded run in this process."""

from __future__ import annotations

from common.clock import local_date
from portal.personas import PILOT_COLLECTIVE, PILOT_TOWNSHIP


async def _contracted_deal(embedded, p) -> dict:
    """新集村's 入市 deal with its contract signed: it waits for the bureau's filing."""
    await p.create_collective(PILOT_COLLECTIVE, "新集村股份经济合作社", PILOT_TOWNSHIP)
    return await p.entry_deal_contracted(
        PILOT_COLLECTIVE, PILOT_TOWNSHIP, local_date(embedded.clock.now()), embedded.clock.advance
    )


async def test_E9_the_bureau_files_a_contract_from_its_queue(embedded) -> None:
    async with embedded.platform() as p, embedded.browser() as b:
        deal = await _contracted_deal(embedded, p)
        assert deal["status"] == "contracted"

        await embedded.sign_in(b, "bureau")
        page = await b.get("/console/entry/bureau")
        assert page.status_code == 200, page.text
        assert "青入市合2026-001" in page.text and "期限内" in page.text
        assert 'href="/console/entry/bureau"' in page.text  # the navigation
        home = await b.get("/console")  # 工作台: the bureau's console listed
        assert home.status_code == 200 and "/console/entry/bureau" in home.text
        url = f"/console/entry/bureau/deals/{deal['id']}/filing"
        empty = await b.post(
            url, data={"filing_no": " ", "csrf_token": embedded.csrf_of(page.text)}
        )
        assert empty.status_code == 422
        assert "请填写备案编号" in empty.text and 'aria-invalid="true"' in empty.text
        # the service's own refusal, in its Chinese words, the field highlighted
        long_no = "备" * 101
        refused = await b.post(
            url, data={"filing_no": long_no, "csrf_token": embedded.csrf_of(page.text)}
        )
        assert refused.status_code == 422 and "未作任何更改" in refused.text
        assert 'id="e-filing_no"' in refused.text
        no_token = await b.post(url, data={"filing_no": "青自然资备2026-1"})
        assert no_token.status_code in (400, 403)
        done = await b.post(
            url, data={"filing_no": "青自然资备2026-1", "csrf_token": embedded.csrf_of(page.text)}
        )
        assert done.status_code == 303
        after = await b.get("/console/entry/bureau")
        assert (
            "已备案" in after.text
            and "青入市合2026-001" not in after.text.split("待备案的入市合同")[1]
        )
        assert (await b.get("/console/entry/village")).status_code == 403

        await embedded.sign_in(b, "village-officer")
        village = await b.get("/console/entry/village")
        assert village.status_code == 200, village.text
        assert "已备案待结算" in village.text and "青阳某商贸有限公司" in village.text
        assert (await b.get("/console/entry/bureau")).status_code == 403
        assert (await b.get("/console")).status_code == 200  # both village consoles


async def test_E16_the_public_disclosure_page(embedded) -> None:
    async with embedded.platform() as p, embedded.browser() as b:
        await _contracted_deal(embedded, p)
        from testkit.platform_client import Actor

        bureau = Actor("natural_resources_bureau", "county", "620821", "620821")
        await p.request(
            "collective",
            "POST",
            "/counties/620821/entry-policies",
            bureau,
            json={
                "title": "农村集体经营性建设用地入市管理办法",
                "document_no": "青政发〔2026〕3号",
                "issued_on": "2026-01-15",
                "url": "https://www.example.gov.cn/2026-3.pdf",
            },
            expect=201,
        )
        page = await b.get("/entry-disclosure")
        assert page.status_code == 200, page.text
        for shown in (
            "青政发〔2026〕3号",  # E16: the policy documents
            "https://www.example.gov.cn/2026-3.pdf",
            "参考地价",  # and the base land prices in force (L22) as reference prices
            "零售商业",
            "2580",
            "1810–3350",
            "年度集体经营性建设用地供应计划",
            "4000.00",
            "青阳某商贸有限公司",
            "已签合同待备案",
        ):
            assert shown in page.text, shown
        assert "暂无结算公开" in page.text


async def test_E10_the_village_officer_signs_the_tripartite_agreement(embedded) -> None:
    from datetime import timedelta

    from testkit.platform_client import Actor

    async with embedded.platform() as p, embedded.browser() as b:
        deal = await _contracted_deal(embedded, p)
        start = local_date(embedded.clock.now()) + timedelta(days=30)
        checklist = {
            "start_by": start.isoformat(),
            "complete_by": (start + timedelta(days=365)).isoformat(),
            "land_use": "commercial",
            "environment_terms": "废水达标排放",
            "industry_terms": "亩均税收不低于15万元",
        }
        bureau = Actor("natural_resources_bureau", "county", "620821", "620821")
        await p.request(
            "collective",
            "POST",
            f"/entry-deals/{deal['id']}/supervision",
            bureau,
            json=checklist,
            expect=201,
        )
        await embedded.sign_in(b, "village-officer")
        page = await b.get("/console/entry/village")
        assert page.status_code == 200, page.text
        assert "待签署的三方监管协议（1）" in page.text and "废水达标排放" in page.text
        url = f"/console/entry/village/deals/{deal['id']}/signatures"
        csrf = embedded.csrf_of(page.text)
        empty = await b.post(
            url, data={"user_signer": "", "user_signed_on": "", "csrf_token": csrf}
        )
        assert empty.status_code == 422 and "请填写签字日期" in empty.text
        assert 'id="e-user_signer"' in empty.text
        future = (local_date(embedded.clock.now()) + timedelta(days=400)).isoformat()
        refused = await b.post(
            url,
            data={
                "user_signer": "青阳某商贸有限公司",
                "user_signed_on": future,
                "csrf_token": csrf,
            },
        )
        assert refused.status_code == 422 and "签字日期不能晚于今日" in refused.text
        assert 'aria-invalid="true"' in refused.text
        today = local_date(embedded.clock.now()).isoformat()
        signed = await b.post(
            url,
            data={"user_signer": "青阳某商贸有限公司", "user_signed_on": today, "csrf_token": csrf},
        )
        assert signed.status_code == 303
        after = await b.get("/console/entry/village")
        assert "待签署的三方监管协议（0）" in after.text and "监管开始" in after.text
