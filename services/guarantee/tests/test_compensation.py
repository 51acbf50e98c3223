"""G6 compensation, G7 recovery, G8 reward pool, G10 risk compensation fund — over HTTP,
exact to the fen, every movement a ledger entry, balances never negative."""

from __future__ import annotations

from datetime import timedelta

from guarantee_helpers import (
    BANK,
    COUNTY,
    FINANCE,
    GUARANTOR,
    GUARANTOR_ORG,
    LENDER,
    OTHER_FINANCE,
    OTHER_GUARANTOR,
    OTHER_LENDER,
    SUPERVISOR,
    TOWNSHIP,
    bank_entry,
    deposit,
    issued,
    ok,
    overdue_guarantee,
    person,
    repay,
    report_overdue,
    set_param,
)

from common.audit import decisions_of
from common.clock import local_date

POOL = f"/funds/{COUNTY}/reward_pool"
RISK = f"/funds/{COUNTY}/risk_fund"


async def compensate(c, gid: str, headers: dict = GUARANTOR):
    return await c.post(
        f"/guarantees/{gid}/compensation", json={"reason": "逾期90天"}, headers=headers
    )


async def recover(c, gid: str, body: dict, headers: dict = GUARANTOR):
    return await c.post(f"/guarantees/{gid}/recoveries", json=body, headers=headers)


async def test_G6_guarantor_pays_80_county_pays_30_of_the_overdue_amount(client) -> None:
    gid = await overdue_guarantee(client, person(1), principal="900000", interest="100000.01")
    g = ok(await compensate(client, gid), 201)
    c = g["compensation"]
    assert g["state"] == "compensated"
    assert c["overdue"] == "1000000.01"
    # 50 : 20 : 30 of 100,000,001 fen → 50,000,001 : 20,000,000 : 30,000,000
    assert (c["guarantor_net"], c["bank_share"], c["county_share"]) == (
        "500000.01",
        "200000.00",
        "300000.00",
    )
    assert c["guarantor_paid"] == "800000.01"  # 80% of 1,000,000.01 = 800,000.008
    assert c["county_payment_status"] == "paid" and c["basis"] == "overdue"
    pool = ok(await client.get(POOL, headers=FINANCE))
    # opening 10,000,000 − rewards on the 1,000,000 drawdown (0.5% bank, 0.2% township)
    # − the county's 300,000 share
    assert pool["balance"] == "9693000.00"
    assert [(e["kind"], e["delta"], e["payee"]) for e in pool["entries"]] == [
        ("opening", "10000000.00", None),
        ("bank_reward", "-5000.00", BANK),
        ("township_reward", "-2000.00", TOWNSHIP),
        ("county_compensation", "-300000.00", GUARANTOR_ORG),
    ]
    async with client.runtime.transaction() as s:
        log = await decisions_of(s, "guarantee", gid)
    d = next(x for x in log if x.action == "guarantee.compensated")
    assert d.rule == "G6" and d.reason == "逾期90天" and d.data["county_share_fen"] == 30_000_000


async def test_G6_basis_of_the_actual_compensation_is_a_county_parameter(client) -> None:
    await set_param(client, "county_share_basis", "compensation", "按三(三)实际代偿额30%补助")
    gid = await overdue_guarantee(client, person(2), principal="1000000")
    c = ok(await compensate(client, gid), 201)["compensation"]
    assert (c["guarantor_paid"], c["county_share"], c["guarantor_net"], c["bank_share"]) == (
        "800000.00",
        "240000.00",
        "560000.00",
        "200000.00",
    )


async def test_G6_only_the_own_guarantor_compensates_and_only_when_overdue(client) -> None:
    gid = await issued(client, person(3))
    ok(
        await bank_entry(
            client, gid, "drawdowns", {"amount": "1000000", "bank_reference": "D"}, "d"
        ),
        201,
    )
    r = await compensate(client, gid)
    assert r.status_code == 409 and r.json()["rule"] == "G5"
    ok(
        await report_overdue(client, gid, "1000000", "0", "O"),
        201,
    )
    assert (await compensate(client, gid, OTHER_GUARANTOR)).status_code == 403
    assert (await compensate(client, gid, LENDER)).status_code == 403
    ok(await compensate(client, gid), 201)
    assert (await compensate(client, gid)).status_code == 409  # once


async def test_G8_county_share_is_queued_when_the_pool_is_short_and_paid_on_deposit(
    client,
) -> None:
    await set_param(client, "reward_pool_initial", "100000", "试点")
    gid = await overdue_guarantee(client, person(4), principal="1000000")
    g = ok(await compensate(client, gid), 201)
    assert g["compensation"]["county_payment_status"] == "queued"
    pool = ok(await client.get(POOL, headers=FINANCE))
    assert pool["balance"] == "93000.00"  # 100,000 − 5,000 − 2,000: never negative
    assert pool["queued"] == "300000.00"
    r = await deposit(client, POOL, "206999.99")
    assert r["paid_from_queue"] == [] and r["balance"] == "299999.99"
    r = await deposit(client, POOL, "0.01")
    assert [p["amount"] for p in r["paid_from_queue"]] == ["300000.00"]
    assert r["balance"] == "0.00"
    g = ok(await client.get(f"/guarantees/{gid}", headers=GUARANTOR))
    assert g["compensation"]["county_payment_status"] == "paid"


async def test_G7_partial_recoveries_make_the_bank_whole_first_then_pro_rata(client) -> None:
    gid = await overdue_guarantee(client, person(5), principal="1000000")
    ok(await compensate(client, gid), 201)
    r1 = ok(await recover(client, gid, {"recovered": "150000.01", "costs": "1.00"}), 201)
    # net 149,999.01 all to the bank (its share is 200,000)
    assert (r1["to_bank"], r1["to_county"], r1["to_guarantor"]) == ("149999.01", "0.00", "0.00")
    r2 = ok(await recover(client, gid, {"recovered": "100000.00"}, LENDER), 201)
    # 50,000.99 more makes the bank whole; 49,999.01 in 50:30 = 31,249.38125 : 18,749.62875
    assert (r2["to_bank"], r2["to_county"], r2["to_guarantor"]) == (
        "50000.99",
        "18749.63",
        "31249.38",
    )
    r3 = ok(await recover(client, gid, {"recovered": "0.38", "costs": "0.05"}), 201)
    # cumulative rest 49,999.34 in 50:30 = 31,249.5875 : 18,749.7525 → 31,249.59 : 18,749.75
    assert (r3["to_bank"], r3["to_county"], r3["to_guarantor"]) == ("0.00", "0.12", "0.21")
    g = ok(await client.get(f"/guarantees/{gid}", headers=GUARANTOR))
    sums = [
        sum(int(x[k].replace(".", "")) for x in g["recoveries"])
        for k in ("to_bank", "to_county", "to_guarantor")
    ]
    assert sums == [20_000_000, 1_874_975, 3_124_959]
    assert sum(sums) == 15_000_001 - 100 + 10_000_000 + 38 - 5
    pool = ok(await client.get(POOL, headers=FINANCE))
    assert [e["delta"] for e in pool["entries"] if e["kind"] == "recovery"] == ["18749.63", "0.12"]
    assert (await recover(client, gid, {"recovered": "1"}, OTHER_LENDER)).status_code == 403
    bad = await recover(client, gid, {"recovered": "1.00", "costs": "1.01"})
    assert bad.status_code == 422 and bad.json()["errors"][0]["rule"] == "G7"
    assert len(ok(await client.get(f"/guarantees/{gid}", headers=GUARANTOR))["recoveries"]) == 3


async def test_G10_risk_fund_shares_force_majeure_losses_and_never_goes_negative(client) -> None:
    claim = {
        "lender_org_id": BANK,
        "loan_reference": "L-2026-7",
        "certificate_no": "皖(2026)1号",
        "cause": "hail",
        "loss": "100000.01",
    }
    r = await client.post(f"{RISK}/claims", json=claim, headers=FINANCE)
    assert r.status_code == 409 and r.json()["rule"] == "G10"  # the fund is empty
    assert r.json()["balance"] == "0.00"
    await deposit(client, RISK, "50000", "县财政注资")
    # 50% of 100,000.01 = 50,000.005 → 50,000.01: one fen more than the fund holds
    r = await client.post(f"{RISK}/claims", json=claim, headers=FINANCE)
    assert r.status_code == 409 and r.json()["balance"] == "50000.00"
    await deposit(client, RISK, "0.01", "补足")
    p = ok(await client.post(f"{RISK}/claims", json=claim, headers=FINANCE), 201)
    assert (p["amount"], p["status"], p["kind"]) == ("50000.01", "paid", "force_majeure")
    fund = ok(await client.get(RISK, headers=SUPERVISOR))
    assert fund["balance"] == "0.00"
    assert [e["delta"] for e in fund["entries"]] == ["50000.00", "0.01", "-50000.01"]
    bad = await client.post(
        f"{RISK}/claims", json={**claim, "cause": "market_fall"}, headers=FINANCE
    )
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "cause"


async def test_X3_county_funds_only_for_the_county_own_finance(client) -> None:
    assert (await client.get(POOL, headers=OTHER_FINANCE)).status_code == 403
    assert (await client.get(POOL, headers=GUARANTOR)).status_code == 403
    r = await client.post(f"{POOL}/deposits", json={"amount": "1", "note": "x"}, headers=SUPERVISOR)
    assert r.status_code == 403
    r = await client.post(
        f"{POOL}/deposits", json={"amount": "1.001", "note": "x"}, headers=FINANCE
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "amount"
    assert ok(await client.get(POOL, headers=FINANCE))["balance"] == "10000000.00"


async def test_G8_rewards_on_new_loans_follow_the_county_rates(client) -> None:
    gid = await issued(client, person(6))
    await set_param(client, "bank_reward_rate", "0.003", "奖补办法", from_day=1)
    ok(
        await bank_entry(
            client, gid, "drawdowns", {"amount": "333333.33", "bank_reference": "D1"}, "d1"
        ),
        201,
    )
    client.clock.advance(timedelta(days=1))
    ok(
        await bank_entry(
            client, gid, "drawdowns", {"amount": "100000", "bank_reference": "D2"}, "d2"
        ),
        201,
    )
    pool = ok(await client.get(POOL, headers=FINANCE))
    rewards = [(e["kind"], e["delta"]) for e in pool["entries"] if e["kind"] != "opening"]
    assert rewards == [
        ("bank_reward", "-1666.67"),  # 333,333.33 × 0.5% = 1,666.66665 → 1,666.67
        ("township_reward", "-666.67"),  # × 0.2% = 666.66666
        ("bank_reward", "-300.00"),  # the new rate from its effective date: 0.3%
        ("township_reward", "-200.00"),
    ]


async def test_G6_a_loan_repaid_after_an_overdue_report_needs_no_compensation(client) -> None:
    gid = await overdue_guarantee(client, person(7), principal="300000", interest="5000")
    g = ok(
        await repay(client, gid, "1000000", "5000", "R"),
        201,
    )
    assert (g["state"], g["outstanding"]) == ("repaid", "0.00")
    assert (await compensate(client, gid)).status_code == 409


async def test_G4_G6_county_parameters_only_by_the_county_own_staff_and_within_caps(
    client,
) -> None:
    today = str(local_date(client.clock.now()))
    body = {"value": "0.013", "effective_from": today, "reason": "上调"}
    path = f"/county-parameters/{COUNTY}/fee_rate_max"
    r = await client.put(path, json=body, headers=FINANCE)
    assert r.status_code == 422 and r.json()["errors"][0]["rule"] == "G4"
    r = await client.put(path, json={**body, "value": "0.01"}, headers=GUARANTOR)
    assert r.status_code == 403
    r = await client.put(path, json={**body, "value": "0.01"}, headers=OTHER_FINANCE)
    assert r.status_code == 403
    r = await client.put(
        f"/county-parameters/{COUNTY}/county_share_basis",
        json={**body, "value": "half"},
        headers=FINANCE,
    )
    assert r.status_code == 422 and r.json()["errors"][0]["rule"] == "G6"
    ok(await client.put(path, json={**body, "value": "0.01"}, headers=FINANCE), 201)
    values = {
        p["key"]: p["value"]
        for p in ok(await client.get(f"/county-parameters/{COUNTY}", headers=FINANCE))
    }
    assert values["fee_rate_max"] == "0.01" and values["balance_max"] == "2000000.00"
    assert values["compensation_rate"] == "0.8" and values["county_share_rate"] == "0.3"
    assert values["reward_pool_initial"] == "10000000.00"


async def test_G10_interest_subsidies_from_the_risk_fund_are_ledger_entries(client) -> None:
    body = {
        "lender_org_id": BANK,
        "loan_reference": "L-1",
        "certificate_no": "皖(2026)2号",
        "amount": "1234.56",
        "note": "县政府贴息决定",
    }
    r = await client.post(f"{RISK}/interest-subsidies", json=body, headers=FINANCE)
    assert r.status_code == 409 and r.json()["rule"] == "G10"
    await deposit(client, RISK, "2000", "注资")
    p = ok(await client.post(f"{RISK}/interest-subsidies", json=body, headers=FINANCE), 201)
    assert (p["kind"], p["amount"], p["payee"]) == ("interest_subsidy", "1234.56", BANK)
    assert ok(await client.get(RISK, headers=FINANCE))["balance"] == "765.44"
    r = await client.post(f"{RISK}/interest-subsidies", json=body, headers=LENDER)
    assert r.status_code == 403
