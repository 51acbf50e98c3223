"""Issue 15 (what the first real users hit): rates (G4), bounded overdue claims and the
fund queue county finance sees (G6, G8, G9), views that agree with each other."""

from __future__ import annotations

from datetime import datetime, timedelta

from guarantee_helpers import (
    COUNTY,
    FINANCE,
    GUARANTOR,
    LENDER,
    approve,
    bank_entry,
    deposit,
    diligence,
    issued,
    ok,
    overdue_guarantee,
    person,
    recommended,
    report_overdue,
    set_param,
)

POOL = f"/funds/{COUNTY}/reward_pool"


async def compensate(c, gid: str):
    return await c.post(
        f"/guarantees/{gid}/compensation", json={"reason": "逾期90天"}, headers=GUARANTOR
    )


def fields(r) -> set[tuple[str, str]]:
    assert r.headers["content-type"] == "application/problem+json", r.text
    return {(e["field"], e["rule"]) for e in r.json()["errors"]}


async def test_G4_a_loan_rate_must_be_positive_with_at_most_six_places(client) -> None:
    gid = await recommended(client, person(41))
    for bad in ("0", "0.000000", "-0.01", "0.0500001", "0.05000000001"):
        r = await diligence(client, gid, loan_rate=bad)
        assert r.status_code == 422, (bad, r.text)
        assert {f for f, _ in fields(r)} == {"loan_rate"}, bad
    r = await diligence(client, gid, loan_rate="0")
    assert fields(r) == {("loan_rate", "G4")}
    g = ok(await client.get(f"/guarantees/{gid}", headers=GUARANTOR))
    assert g["state"] == "recommended" and g["loan_rate"] is None  # nothing changed
    ok(await diligence(client, gid, loan_rate="0.050001"))


async def test_G4_a_fee_rate_must_be_positive_with_at_most_six_places(client) -> None:
    gid = await recommended(client, person(42))
    ok(await diligence(client, gid))
    ok(await approve(client, gid, LENDER))
    for bad in ("0", "-0.001", "0.0100001"):
        r = await approve(client, gid, GUARANTOR, bad)
        assert r.status_code == 422 and {f for f, _ in fields(r)} == {"fee_rate"}, bad
    r = await approve(client, gid, GUARANTOR, "0")
    assert fields(r) == {("fee_rate", "G4")}
    g = ok(await client.get(f"/guarantees/{gid}", headers=GUARANTOR))
    assert g["state"] == "diligence_reported" and g["fee_rate"] is None


def test_G9_overdue_interest_cap_is_the_rate_with_penalty_over_the_days_rounded_up() -> None:
    from decimal import Decimal

    from guarantee.guarantees.rules import overdue_interest_cap

    # 500,000 元 at 5% × 1.5 for 365 days = 37,500 元
    assert overdue_interest_cap(50_000_000, Decimal("0.05"), Decimal("0.5"), 365) == 3_750_000
    # one day of 1 元 at 5%: 0.0002 元 → rounded up to one fen
    assert overdue_interest_cap(100, Decimal("0.05"), Decimal("0"), 1) == 1
    assert overdue_interest_cap(50_000_000, Decimal("0.05"), Decimal("0.5"), 0) == 0


async def _drawn(client, party: int, amount: str = "500000") -> str:
    gid = await issued(client, person(party), "1000000")
    ok(
        await bank_entry(
            client, gid, "drawdowns", {"amount": amount, "bank_reference": "D1"}, f"d{party}"
        ),
        201,
    )
    return gid


async def test_G9_overdue_interest_above_what_the_loan_can_owe_is_refused(client) -> None:
    gid = await _drawn(client, 43)
    client.clock.advance(timedelta(days=365))
    # the claim: 99,999,999.99 of interest on 500,000 drawn
    r = await report_overdue(client, gid, "500000.00", "99999999.99", "O1")
    assert r.status_code == 422 and fields(r) == {("interest", "G9")}
    [e] = r.json()["errors"]
    # 500,000 × 0.05 × 1.5 × 365 ÷ 365 = 37,500.00: the bound is named
    assert "37500.00" in e["message"] and "37500.00" in e["message_zh"]
    r = await report_overdue(client, gid, "500000.01", "0", "O2")
    assert r.status_code == 422 and fields(r) == {("principal", "G6")}
    g = ok(await client.get(f"/guarantees/{gid}", headers=LENDER))
    assert g["state"] == "active" and g["overdue"] == "0.00"  # nothing changed
    g = ok(
        await report_overdue(client, gid, "500000.00", "37500.00", "O3"),
        201,
    )
    assert g["state"] == "overdue" and g["overdue"] == "537500.00"


async def test_G9_no_interest_can_be_overdue_on_the_day_of_the_drawdown(client) -> None:
    gid = await _drawn(client, 44)
    r = await report_overdue(client, gid, "1000", "0.01", "O1")
    assert r.status_code == 422 and fields(r) == {("interest", "G9")}


async def _small_pool(client, amount: str) -> None:
    await set_param(client, "reward_pool_initial", amount, "试点")


async def test_G8_county_finance_sees_the_queue_in_order_and_what_blocks_it(client) -> None:
    await _small_pool(client, "100000")
    first = await overdue_guarantee(client, person(45), principal="1000000")
    ok(await compensate(client, first), 201)  # county share 300,000: queued
    second = await _drawn(client, 46, "1000000")
    body = {"principal": "200000", "interest": "0", "bank_reference": "O46"}
    ok(await bank_entry(client, second, "overdue", body, "o46"), 201)
    client.clock.advance(timedelta(hours=1))
    ok(await compensate(client, second), 201)  # 60,000: queued behind the first
    pool = ok(await client.get(POOL, headers=FINANCE))
    # 100,000 − the rewards on the first drawdown (7,000); the second's rewards queue
    # behind the first county share like everything after it
    assert pool["balance"] == "93000.00" and pool["queued"] == "367000.00"
    assert "first in, first out" in pool["queue_order"]
    queue = [
        (q["position"], q["payment"]["kind"], q["payment"]["amount"], q["needed"])
        for q in pool["queue"]
    ]
    # the two rewards were queued in the same instant: either may go first
    assert queue[0] == (1, "county_compensation", "300000.00", "207000.00")
    assert sorted(q[1:3] for q in queue[1:3]) == [
        ("bank_reward", "5000.00"),
        ("township_reward", "2000.00"),
    ]
    assert queue[3] == (4, "county_compensation", "60000.00", "274000.00")
    assert [pool["queue"][i]["payment"]["reference"] for i in (0, 3)] == [first, second]
    blocked = pool["blocked_by"]
    assert blocked["payment"]["reference"] == first and blocked["needed"] == "207000.00"
    assert blocked["payment"]["kind"] == "county_compensation"
    await deposit(client, POOL, "214000")
    pool = ok(await client.get(POOL, headers=FINANCE))
    assert [q["payment"]["reference"] for q in pool["queue"]] == [second]
    assert pool["blocked_by"]["needed"] == "60000.00"


async def test_views_agree_on_compensation_fee_and_county_payment(client) -> None:
    gid = await recommended(client, person(47))
    ok(await diligence(client, gid, amount="123456.78"))
    ok(await approve(client, gid, LENDER))
    g = ok(await approve(client, gid, GUARANTOR, "0.012"))
    assert g["fee_rate"] == "0.012" and g["fee"] == "1481.48"  # before the contract too
    [listed] = [x for x in ok(await client.get("/guarantees", headers=GUARANTOR)) if x["id"] == gid]
    assert listed["fee"] == "1481.48"

    await _small_pool(client, "100000")
    comp_id = await overdue_guarantee(client, person(48), principal="1000000")
    g = ok(await compensate(client, comp_id), 201)
    c = g["compensation"]
    assert c["county_payment_status"] == "queued" and c["county_paid_at"] is None
    assert "paid_at" not in c
    assert datetime.fromisoformat(c["compensated_at"]) == client.clock.now()
    [listed] = [
        x for x in ok(await client.get("/guarantees", headers=GUARANTOR)) if x["id"] == comp_id
    ]
    assert listed["state"] == "compensated" and listed["compensation"] == c
    client.clock.advance(timedelta(hours=1))
    await deposit(client, POOL, "300000")
    c = ok(await client.get(f"/guarantees/{comp_id}", headers=FINANCE))["compensation"]
    assert c["county_payment_status"] == "paid"
    assert datetime.fromisoformat(c["county_paid_at"]) == client.clock.now()
