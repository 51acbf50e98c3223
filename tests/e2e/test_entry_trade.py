"""入市 end to end over real Kafka (issue 22): a collective's commercial construction land
from its plan to a bank's mortgage, every step through the services' public HTTP APIs,
the facts crossing the broker, time moved only through the shared clock.

plan (E3, 2/3) → the county's supply plan and joint review (E4) → the 入市 listing
(listing follows ``collective.entry_cleared``) → 挂牌 bids (B7) → the trade (bidding's
``trade_concluded`` becomes the collective's deal, E9) → result publicity → contract →
filing → settlement into the dedicated account with 调节金 withheld and the members paid
(E11–E13, ``collective.entry_settled``) → registry records the use right (E12: bidding's
settlement waited for it) → bidding releases the price → a bank mortgages the right
(R23: above R7's 60 %, within the county's 入市 limit).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from common.ids import generate_credit_code, generate_resident_id
from testkit.platform_client import (
    Actor,
    PlatformClient,
    village_officer,
)
from testkit.processes import PlatformProcesses

pytestmark = [pytest.mark.postgres, pytest.mark.kafka]

COUNTY = "620821"
TOWNSHIP = "620821101"
BANK = "BANK-QY-ABC"
COLLECTIVE = "C-620821101-801"
SELLER = generate_credit_code("N", "2", COUNTY, "MF000801")
CERT = "QY-JS-0801"
#: E4: every department but housing (rental housing only)
DEPARTMENTS = (
    "natural_resources",
    "development_reform",
    "ecology_environment",
    "agriculture_rural",
    "finance",
)


def party(seq: int) -> str:
    return generate_resident_id(COUNTY, birth=date(1979, 3, 8), seq=seq % 1000)


def bureau() -> Actor:
    return Actor("natural_resources_bureau", "county", COUNTY)


def county_office() -> Actor:
    return Actor("county_homestead_office", "county", COUNTY)


async def _cleared_plan(platform: PlatformProcesses, flow: PlatformClient) -> dict[str, Any]:
    """E3–E5, E14: the members' 2/3 decision, the plan, the supply plan, every opinion."""
    officer = village_officer(COLLECTIVE)
    today = platform.today()
    await flow.request(
        "collective",
        "PUT",
        f"/county-parameters/{COUNTY}/expropriation_standard_per_m2",
        county_office(),
        json={"value": "150", "effective_from": today.isoformat(), "reason": "区片综合地价"},
        expect=201,
    )
    resolution = await flow.homestead_resolution(
        COLLECTIVE, today, matter="land_entry", title="集体经营性建设用地入市方案"
    )
    platform.advance(timedelta(days=7, minutes=1))
    await flow.poll(
        lambda: flow.resolution(resolution["id"], COLLECTIVE),
        lambda r: r["status"] == "effective",
        what="the 入市 decision's publicity to end (X5 timer)",
    )
    today = platform.today()
    body = {
        "collective_id": COLLECTIVE,
        "owner_level": "village",
        "seller": {
            "kind": "economic_organization",
            "name": "村东村股份经济合作社",
            "economic_organization_exists": True,
            "legal_person": True,
            "credit_code": SELLER,
        },
        "parcel_number": "620821101801JA00001",
        "location": "青阳县木镇镇村东",
        "boundaries": "东至道路，西至沟渠，南至村道，北至农田",
        "area_m2": "1000.00",
        "registered_area_m2": "1000.00",
        "land_class": "construction",
        "ownership_certificate_no": "甘(2020)庆城县集体土地所有权第801号",
        "certificate_no": CERT,
        "planning_zone": "村庄建设边界内",
        "spatial_plan_done": True,
        "way": "transfer",
        "trading_method": "posted",
        "land_use": "commercial",
        "term_years": 40,
        "planning_conditions": "容积率≤1.5，建筑密度≤40%，绿地率≥20%",
        # E7: outside the urban development boundary, from the village plan
        "inside_urban_development_boundary": False,
        "planning_source": "village_plan",
        "planning_reference": "村东村村庄规划",
        "resolution_id": resolution["id"],
        "members_choice": "entry",
        "retention_percent": "30.00",
        "reserve_price": "2000000.00",
        "appraisal": {
            "value": "2000000.00",
            "appraiser_name": "庆阳某土地评估有限公司",
            "licence_no": "甘估2024-0801",
            "licence_valid_from": (today - timedelta(days=365)).isoformat(),
            "licence_valid_to": (today + timedelta(days=365)).isoformat(),
            "appraised_on": (today - timedelta(days=10)).isoformat(),
        },
        "users": [
            {"name": "张某", "area_m2": "100.00", "compensation": "15000.00", "agreed": True}
        ],
    }
    plan = await flow.request("collective", "POST", "/entry-plans", officer, json=body, expect=201)
    supply = await flow.request(
        "collective",
        "POST",
        "/entry-supply-plans",
        bureau(),
        json={
            "county": COUNTY,
            "year": today.year,
            "quotas_m2": {"commercial": "5000"},
            "reference": f"庆城县{today.year}年度集体经营性建设用地供应计划",
        },
        expect=201,
    )
    await flow.request(
        "collective",
        "POST",
        f"/entry-plans/{plan['id']}/supply",
        bureau(),
        json={"supply_plan_id": supply["id"]},
    )
    for department in DEPARTMENTS:
        plan = await flow.request(
            "collective",
            "POST",
            f"/entry-plans/{plan['id']}/opinions",
            bureau(),
            json={"department": department, "passed": True, "opinion": "同意"},
        )
    assert plan["status"] == "cleared", plan
    plan["resolution_id"] = resolution["id"]
    return plan


async def test_E_entry_from_plan_to_a_bank_mortgage_over_kafka_B7_E9_E12_R23(
    platform: PlatformProcesses, flow: PlatformClient
) -> None:
    officer = village_officer(COLLECTIVE)
    a, b = party(801), party(802)
    members = [party(811), party(812), party(813)]
    await flow.create_collective(COLLECTIVE, "村东村股份经济合作社")
    for seq, member in enumerate(members):
        await flow.add_member(COLLECTIVE, member, f"成员{seq}")
        await flow.request(
            "collective",
            "PUT",
            f"/collectives/{COLLECTIVE}/shares/{member}",
            officer,
            json={"shares": 1},
        )
    # the collective's construction-land use right, registered to it
    await flow.register_right(
        CERT,
        SELLER,
        "村东村股份经济合作社",
        right_type="collective_construction_land",
        origin="other",
        area_mu="1.5",
        term_start=None,
        term_end=None,
        collective_id=COLLECTIVE,
    )
    plan = await _cleared_plan(platform, flow)

    # the 入市 listing: registered once listing has followed collective.entry_cleared
    start = (platform.today() + timedelta(days=60)).replace(day=1)
    listing = await flow.take_in_listing(
        title="村东村集体经营性建设用地使用权挂牌出让",
        product="collective_construction_land",
        way="transfer",
        mode="posted",
        seller_kind="collective",
        collective_id=COLLECTIVE,
        seller_party_id=SELLER,
        seller_name="村东村股份经济合作社",
        right_certificate_no=CERT,
        entry_plan_id=plan["id"],
        land_use="commercial",
        planning_conditions=plan["planning_conditions"],
        spatial_plan_done=True,
        ownership_registered=True,
        term_start=start.isoformat(),
        term_end=start.replace(year=start.year + 40).isoformat(),
        area_m2="1000",
        area_mu="1.5",
        reserve_price="2000000.00",
        deposit="200000.00",
        increment="10000.00",
    )
    lid = listing["id"]
    await flow.township_review(lid)
    await flow.pre_review(lid)
    await flow.collective_decision(lid, votes_for=30, votes_total=45, reserve_price="2000000.00")
    registered = await flow.poll(
        lambda: flow.raw("listing", "POST", f"/listings/{lid}/register", staff_actor()),
        lambda r: r.status_code == 200,
        what="listing to follow the cleared plan (E4)",
    )
    assert registered.json()["status"] == "registered"
    await flow.publish(lid, 20)

    # two qualified buyers with deposits; the announcement, then the 10-day posted period
    ra = await flow.qualified_buyer(lid, a, "甲", deposit="200000.00", bank_org=BANK)
    await flow.qualified_buyer(lid, b, "乙", deposit="200000.00", bank_org=BANK)
    platform.advance(timedelta(days=20, minutes=1))
    session = await flow.session_of(lid)
    await flow.bid(session["session_id"], a, "2100000.00")
    platform.advance(timedelta(days=10, minutes=1))  # B7: the highest bid at the reserve wins
    deal = await flow.deal_of(lid)
    assert deal["buyer_party_id"] == a and deal["price"] == "2100000.00"
    assert ra["party_id"] == a

    # E9: the trade became the collective's deal over Kafka; its publicity runs
    entry = await flow.poll(
        lambda: flow.request("collective", "GET", f"/entry-plans/{plan['id']}/deal", officer),
        lambda d: d["status"] == "in_publicity",
        what="bidding's trade reaching the collective (E9)",
    )
    assert entry["price"] == "2100000.00"

    # the exchange's contract and the buyer's balance: registry waits for the fund (E12)
    tid = deal["trade_id"]
    await flow.sign_contract(tid, "HT-RS-801")
    await flow.pay_balance(tid, deal["balance_due"], BANK)
    assert (await flow.right(CERT))["holder_party_id"] == SELLER

    # after the publicity: the contract on the model text, the filing, the settlement
    template = await flow.request(
        "collective",
        "POST",
        "/model-contracts",
        county_office(),
        json={
            "county": COUNTY,
            "kind": "entry",
            "title": "集体经营性建设用地使用权出让合同示范文本",
            "required_fields": ["payment"],
            "effective_from": platform.today().isoformat(),
        },
        expect=201,
    )
    platform.advance(timedelta(days=10))
    url = f"/entry-deals/{entry['id']}"
    fields = {
        "land_use": "commercial",
        "term_years": "40",
        "area_m2": "1000.00",
        "price": "2100000.00",
        "planning_conditions": plan["planning_conditions"],
        "payment": "成交后30日内一次付清",
    }
    await flow.request(
        "collective",
        "POST",
        f"{url}/contract",
        officer,
        json={
            "contract_no": "庆入市合2026-801",
            "contract": {"template_id": template["id"], "fields": fields},
            "mortgage_allowed": True,
            "transfer_allowed": True,
        },
    )
    await flow.request(
        "collective", "POST", f"{url}/filing", bureau(), json={"filing_no": "庆自然资备-801"}
    )
    account = "6228480000000000801"
    await flow.request(
        "collective",
        "PUT",
        f"/collectives/{COLLECTIVE}/entry-account",
        officer,
        json={
            "account_no": account,
            "bank": "庆城农商银行",
            "resolution_id": plan["resolution_id"],
        },
    )
    settled = await flow.request(
        "collective",
        "POST",
        f"{url}/settlement",
        officer,
        json={"account_no": account, "resolution_id": plan["resolution_id"]},
    )
    # E12 default 20 % of 2,100,000.00 withheld; 30 % retained; the members paid by shares
    assert settled["adjustment_fund"] == "420000.00"
    assert settled["retention"] == "504000.00" and settled["members"] == "1176000.00"
    assert sorted(p["amount_fen"] for p in settled["payouts"]) == [39_200_000] * 3

    # collective.entry_settled → registry records the use right → bidding releases
    right = await flow.poll(
        lambda: flow.right(CERT),
        lambda r: r["holder_party_id"] == a,
        what="registry to record the 入市 transfer after the fund (E12)",
    )
    await flow.poll(
        lambda: flow.deal(tid), lambda d: d["released_at"] is not None, what="price released"
    )

    # R23: a bank mortgages the entered right — 66.67 % of the value, above R7's 60 %,
    # within the county's 入市 limit (70 %)
    lien = await flow.lien(
        right,
        bank_org=BANK,
        lender_name="农业银行庆城支行",
        loan_amount="10000.00",
        loan_term_end=(platform.today() + timedelta(days=3 * 365)).isoformat(),
        valuation={
            "method": "lender",
            "land": {"area_mu": "1.5", "annual_price_per_mu": "500", "years": "20"},
        },
    )
    assert (lien["certificate_no"], lien["secured_amount"]) == (CERT, "10000.00")


def staff_actor() -> Actor:
    return Actor("exchange_staff", "county", COUNTY)
