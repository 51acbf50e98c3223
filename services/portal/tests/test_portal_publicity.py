"""Publicity pages through the portal: 成交公示 after a concluded auction (L14) and the
registry's 抵押公示 (R9), both read without signing in, personal data masked."""

from __future__ import annotations

from datetime import date, timedelta

from common.ids import generate_resident_id
from portal.personas import PERSONAS

A, B = PERSONAS["buyer-a"].org_id, PERSONAS["buyer-b"].org_id


async def test_L14_results_page_shows_the_concluded_deal_masked(embedded) -> None:
    async with embedded.platform() as p:
        listing, sid = await embedded.trading_listing(
            p, free_period_seconds=600, extension_seconds=300
        )
        lid = listing["id"]
        await p.bid(sid, A, "1234567.00")
        embedded.clock.advance(timedelta(hours=1))
        await p.wait_listing(lid, "concluded")
    async with embedded.browser() as b:
        page = await b.get("/results")
        assert page.status_code == 200
        assert listing["title"] in page.text and "1,234,567.00 元" in page.text
        assert "李**" in page.text and "李建国" not in page.text and A not in page.text
        contracts = await b.get("/results", params={"kind": "contracts"})
        assert contracts.status_code == 200 and "暂无合同公示" in contracts.text
        assert (await b.get("/results", params={"kind": "other"})).status_code == 422


async def test_R9_mortgage_publicity_page_is_public_and_masked(embedded) -> None:
    holder = generate_resident_id("620821", birth=date(1975, 1, 2), seq=77)
    async with embedded.platform() as p:
        await embedded.registered_lien(p, "QYLIEN0001", holder)
    async with embedded.browser() as b:
        page = await b.get("/mortgages")
        assert page.status_code == 200
        assert "QYLIEN0001" in page.text and "40,000.00 元" in page.text
        assert "王**" in page.text and "王建国" not in page.text and holder not in page.text
        # a bad county falls back to the demo county, never a 500
        assert (await b.get("/mortgages", params={"county": "<x>"})).status_code == 200


async def test_R6_R7_G3_G4_loan_calculator_cites_each_rule_and_stores_nothing(embedded) -> None:
    async with embedded.browser() as b:
        empty = await b.get("/loan")
        assert empty.status_code == 200 and "贷款测算" in empty.text
        r = await b.get(
            "/loan",
            params={
                "origin": "family_contract",
                "area_mu": "20",
                "annual_price_per_mu": "500",
                "years": "20",
            },
        )
        assert r.status_code == 200, r.text
        # 20 亩 × 500 × 20 = 200,000 (R6); 50% / 60% / 70% (R7)
        assert "200,000.00 元" in r.text and "100,000.00 元" in r.text
        assert "120,000.00 元" in r.text and "140,000.00 元" in r.text
        for rule in ("R6", "R7", "G3", "G4"):
            assert rule in r.text
        assert "5.22%" in r.text and "1,440.00 元" in r.text  # 120,000 × 1.2%
        small = await b.get(
            "/loan",
            params={
                "origin": "transfer",
                "area_mu": "2",
                "annual_price_per_mu": "300",
                "years": "5",
            },
        )
        assert small.status_code == 200 and "暂不符合劝耕贷条件" in small.text
        bad = await b.get(
            "/loan", params={"area_mu": "-3", "annual_price_per_mu": "1", "years": "1"}
        )
        assert bad.status_code == 422 and "area_mu" in bad.text


async def test_R6_R7_a_signed_in_farmer_picks_an_own_certified_right_in_the_loan_calculator(
    embedded,
) -> None:
    async with embedded.platform() as p:
        # buyer-a holds two rights in the ledger; buyer-b holds one
        await p.register_right("QYLOAN0001", A, "李建国", area_mu="20", term_end="2046-01-04")
        await p.register_right(
            "QYLOAN0002",
            A,
            "李建国",
            area_mu="10",
            term_end="2031-12-31",
            origin="transfer",
            transfer_contract_no="LZ-2021-001",
            contractor_party_id=B,
            contractor_name="张秀英",
            annual_rent_per_mu="600.00",
            rent_paid_until="2031-01-04",
        )
        await p.register_right("QYLOAN0003", B, "张秀英")
    async with embedded.browser() as b:
        await embedded.sign_in(b, "buyer-a")
        page = await b.get("/loan")
        assert "从我的已登记权利中选择" in page.text
        assert "QYLOAN0001" in page.text and "QYLOAN0002" in page.text
        assert "QYLOAN0003" not in page.text  # another person's right is not offered
        # a family-contract right: the farmer still gives the local price per mu
        picked = await b.get("/loan", params={"certificate_no": "QYLOAN0001"})
        assert picked.status_code == 200 and "请填写同类土地每亩年流转价格" in picked.text
        assert 'value="20"' in picked.text and 'value="19.99"' in picked.text  # years left
        valued = await b.get(
            "/loan", params={"certificate_no": "QYLOAN0001", "annual_price_per_mu": "500"}
        )
        # 20 亩 × 500 × 19.99 = 199,900 (R6), maximum loan 60% (R7)
        assert valued.status_code == 200 and "199,900.00 元" in valued.text, valued.text
        assert "119,940.00 元" in valued.text and "G3" in valued.text
        # a transferred right carries its rent and its paid years: nothing to type
        rented = await b.get("/loan", params={"certificate_no": "QYLOAN0002"})
        # 10 亩 × 4.99 paid years × 600 = 29,940 (R6)
        assert rented.status_code == 200 and "29,940.00 元" in rented.text, rented.text
        # another person's right is refused by the registry (X3) and not shown
        theirs = await b.get("/loan", params={"certificate_no": "QYLOAN0003"})
        assert theirs.status_code == 403 and "张秀英" not in theirs.text
    async with embedded.browser() as anon:
        assert "从我的已登记权利中选择" not in (await anon.get("/loan")).text
        assert (await anon.get("/loan", params={"certificate_no": "QYLOAN0001"})).status_code == 401
