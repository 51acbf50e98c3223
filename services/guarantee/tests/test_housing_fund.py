"""G17 the housing and homestead risk sub-fund (a G10 sub-ledger): force-majeure losses on
farm-house and homestead liens, residence support during a farm-house disposal (the
county's amount per household per month), interest subsidies — never negative: a payment
larger than the balance is refused to the fen and changes nothing; each payment is a
ledger entry and a decision (X2)."""

from __future__ import annotations

from guarantee_helpers import (
    BANK,
    COUNTY,
    FINANCE,
    LENDER,
    OTHER_FINANCE,
    SUPERVISOR,
    deposit,
    ok,
    set_param,
)

from common.audit import decisions_of

HOUSING = f"/funds/{COUNTY}/housing_fund"


async def _deposit(client, amount: str) -> None:
    await deposit(client, HOUSING, amount, "县财政安排农房风险补偿金")


async def test_G17_residence_support_per_household_per_month_exact_to_the_fen(client) -> None:
    await set_param(client, "residence_support_monthly", "650.50", "县政府常务会议")
    await _deposit(client, "1951.49")  # three months need 1,951.50: one fen short
    body = {
        "household_id": "HH-620821-0001",
        "disposal_reference": "CZ-2026-01",
        "certificate_no": "皖(2026)房3号",
        "months": 3,
        "note": "处置期间居住保障",
    }
    r = await client.post(f"{HOUSING}/residence-support", json=body, headers=FINANCE)
    assert r.status_code == 409 and r.json()["rule"] == "G17"
    assert r.json()["balance"] == "1951.49"
    fund = ok(await client.get(HOUSING, headers=SUPERVISOR))
    assert (fund["balance"], fund["payments"]) == ("1951.49", [])  # nothing changed
    await _deposit(client, "0.01")
    p = ok(await client.post(f"{HOUSING}/residence-support", json=body, headers=FINANCE), 201)
    assert (p["kind"], p["amount"], p["payee"], p["fund"]) == (
        "residence_support",
        "1951.50",
        "HH-620821-0001",
        "housing_fund",
    )
    assert ok(await client.get(HOUSING, headers=FINANCE))["balance"] == "0.00"
    async with client.runtime.transaction() as s:
        log = await decisions_of(s, "fund", f"{COUNTY}:housing_fund")
    paid = [d for d in log if d.action == "fund.residence_support_paid"]
    assert paid[0].rule == "G17" and paid[0].data["months"] == 3
    assert paid[0].data["monthly_fen"] == 65050


async def test_G17_force_majeure_on_a_housing_lien_and_interest_subsidy(client) -> None:
    await _deposit(client, "10000")
    claim = {
        "lender_org_id": BANK,
        "loan_reference": "L-H-1",
        "certificate_no": "皖(2026)房1号",
        "cause": "flood",
        "loss": "12000.02",
    }
    p = ok(await client.post(f"{HOUSING}/claims", json=claim, headers=FINANCE), 201)
    assert (p["kind"], p["amount"]) == ("force_majeure", "6000.01")  # half, to the fen
    subsidy = {
        "lender_org_id": BANK,
        "loan_reference": "L-H-1",
        "certificate_no": "皖(2026)房1号",
        "amount": "3999.99",
        "note": "贴息",
    }
    ok(await client.post(f"{HOUSING}/interest-subsidies", json=subsidy, headers=FINANCE), 201)
    assert ok(await client.get(HOUSING, headers=FINANCE))["balance"] == "0.00"
    r = await client.post(
        f"{HOUSING}/interest-subsidies", json={**subsidy, "amount": "0.01"}, headers=FINANCE
    )
    assert r.status_code == 409 and r.json()["rule"] == "G17"
    # the sub-ledger is its own: the G10 risk fund was not touched
    assert ok(await client.get(f"/funds/{COUNTY}/risk_fund", headers=FINANCE))["balance"] == "0.00"


async def test_G17_housing_fund_access_and_bad_input(client) -> None:
    body = {
        "household_id": "HH-1",
        "disposal_reference": "CZ-1",
        "certificate_no": "x",
        "months": 0,
        "note": "n",
    }
    r = await client.post(f"{HOUSING}/residence-support", json=body, headers=FINANCE)
    assert r.status_code == 422 and r.json()["errors"][0]["field"].endswith("months")
    ok_body = {**body, "months": 1}
    assert (
        await client.post(f"{HOUSING}/residence-support", json=ok_body, headers=LENDER)
    ).status_code == 403
    assert (
        await client.post(
            f"/funds/{COUNTY}/housing_fund/residence-support", json=ok_body, headers=OTHER_FINANCE
        )
    ).status_code == 403
