"""G13 bank performance and fiscal deposits (seed 004 劝耕贷 三(三) 「县财政部门可按照各银行
开展“劝耕贷”业务情况分配财政性存款资金」): per bank per year new loans, balance, borrowers and
overdue rate; fiscal deposits split by the year's new loans, exact to the fen, recorded
as advice (X2)."""

from __future__ import annotations

from guarantee_helpers import (
    BANK,
    COUNTY,
    FINANCE,
    GUARANTOR,
    LENDER,
    OTHER_BANK,
    OTHER_FINANCE,
    OTHER_LENDER,
    SUPERVISOR,
    bank_entry,
    issued,
    ok,
    person,
    set_param,
)


async def _two_banks(client) -> None:
    g1 = await issued(client, person(1), "1000000")
    g2 = await issued(client, person(2), "500000", bank=(OTHER_BANK, OTHER_LENDER))
    g3 = await issued(client, person(3), "300000", bank=(OTHER_BANK, OTHER_LENDER))
    drawdowns = (
        (g1, "1000000", LENDER),
        (g2, "500000", OTHER_LENDER),
        (g3, "300000", OTHER_LENDER),
    )
    for gid, amount, lender in drawdowns:
        body = {"amount": amount, "bank_reference": f"D-{gid[:6]}"}
        ok(await bank_entry(client, gid, "drawdowns", body, f"d-{gid}", lender), 201)
    overdue = {"principal": "100000", "interest": "0", "bank_reference": "O-1"}
    ok(await bank_entry(client, g2, "overdue", overdue, "o-1", OTHER_LENDER), 201)
    repaid = {"principal": "200000", "interest": "0", "bank_reference": "R-1"}
    ok(await bank_entry(client, g1, "repayments", repaid, "r-1"), 201)


async def test_G13_bank_performance_per_bank_and_year(client) -> None:
    await _two_banks(client)
    rep = ok(await client.get(f"/reports/{COUNTY}/bank-performance/2026", headers=SUPERVISOR))
    year = rep["year"]
    assert year == 2026
    by_bank = {b["bank_org_id"]: b for b in rep["banks"]}
    assert by_bank[BANK] == {
        "bank_org_id": BANK,
        "new_loans": 1,
        "new_loans_amount": "1000000.00",
        "borrowers": 1,
        "in_guarantee_balance": "800000.00",
        "overdue_principal": "0.00",
        "overdue_rate": "0.0000",
    }
    assert by_bank[OTHER_BANK] == {
        "bank_org_id": OTHER_BANK,
        "new_loans": 2,
        "new_loans_amount": "800000.00",
        "borrowers": 2,
        "in_guarantee_balance": "800000.00",
        "overdue_principal": "100000.00",
        "overdue_rate": "0.1250",  # 100,000 ÷ 800,000
    }
    # the year before had no loans: nothing to report, and nothing to split by
    assert (
        ok(await client.get(f"/reports/{COUNTY}/bank-performance/2025", headers=FINANCE))["banks"]
        == []
    )


async def test_G13_fiscal_deposits_split_by_new_loans_exact_to_the_fen(client) -> None:
    await _two_banks(client)
    r = await client.post(
        f"/reports/{COUNTY}/fiscal-deposits/2026", json={"amount": "1000000.01"}, headers=FINANCE
    )
    advice = ok(r, 201)
    # 100,000,001 fen by 1,000,000 : 800,000 → 55,555,556.1 and 44,444,444.9: the one fen
    # left after the floors goes to the larger remainder, and the shares add up exactly
    assert advice["basis"] == "new_loans"
    assert advice["split"] == [
        {"bank_org_id": BANK, "basis_amount": "1000000.00", "deposit": "555555.56"},
        {"bank_org_id": OTHER_BANK, "basis_amount": "800000.00", "deposit": "444444.45"},
    ]
    assert isinstance(advice["decision_id"], int)


async def test_G13_fiscal_deposits_refused_without_loans_to_split_by(client) -> None:
    r = await client.post(
        f"/reports/{COUNTY}/fiscal-deposits/2025", json={"amount": "1000000"}, headers=FINANCE
    )
    assert r.status_code == 422, r.text
    problem = r.json()
    assert problem["rule"] == "G13"
    assert problem["errors"][0]["field"] == "year"


async def test_G13_only_the_county_finance_bureau_advises_deposits(client) -> None:
    await _two_banks(client)
    body = {"amount": "1000"}
    for who in (LENDER, GUARANTOR, SUPERVISOR):
        r = await client.post(f"/reports/{COUNTY}/fiscal-deposits/2026", json=body, headers=who)
        assert r.status_code == 403, r.text
    r = await client.post(
        f"/reports/{COUNTY}/fiscal-deposits/2026", json=body, headers=OTHER_FINANCE
    )
    assert r.status_code == 403, r.text
    r = await client.get(f"/reports/{COUNTY}/bank-performance/2026", headers=LENDER)
    assert r.status_code == 403, r.text


async def test_G13_the_county_may_split_deposits_by_balance_instead(client) -> None:
    await _two_banks(client)
    await set_param(client, "fiscal_deposit_basis", "balance", "按在保余额分配")
    r = await client.post(
        f"/reports/{COUNTY}/fiscal-deposits/2026", json={"amount": "1000.01"}, headers=FINANCE
    )
    advice = ok(r, 201)
    # balances 800,000 : 800,000 → 50,000.5 fen each; the odd fen goes to the first bank
    assert advice["basis"] == "balance"
    assert [s["deposit"] for s in advice["split"]] == ["500.01", "500.00"]
