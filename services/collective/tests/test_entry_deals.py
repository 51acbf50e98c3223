"""入市 after the trade (DOMAIN E9, E11–E13): the result publicity (5 working days) before
the contract, the contract on the model text with L15's fields, the filing within 30 days
(a persisted timer flags it late), the proceeds only into the dedicated account, split in
order 调节金 → taxes and fees → retention → members, the fund's rate table bounded
(19.99 % refused), the members paid by the share register, a joint split one fen off
refused."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from collective_helpers import (
    BUREAU,
    COUNTY,
    COUNTY_OFFICE,
    ENTRY_ACCOUNT,
    ENTRY_FIELDS,
    NEIGHBOUR,
    NEIGHBOUR_OFFICER,
    OFFICER,
    VILLAGE,
    after_publicity,
    cleared_entry_plan,
    collective,
    contracted_entry_deal,
    county_parameter,
    deliver,
    effective_resolution,
    entry_account,
    entry_deal,
    entry_deal_of,
    entry_template,
    household,
    member_shares,
    ok,
    outbox_events,
    person,
    reasons,
    to_publicity_end,
    today,
    trade_concluded,
)

from collective.entrydeals.handlers import on_trade_concluded
from collective.entrydeals.rules import split
from common.scheduler import Scheduler


async def _deal(c: Any) -> tuple[dict, dict, dict]:
    """A cleared plan, its deal at 2,100,000.00 in publicity, and the model contract."""
    plan, deal = await entry_deal(c)
    return plan, deal, await entry_template(c)


def _contract(template: dict, **fields: str) -> dict:
    return {
        "contract_no": "兰入市合2026-001",
        "contract": {"template_id": template["id"], "fields": ENTRY_FIELDS | fields},
        "mortgage_allowed": True,
        "transfer_allowed": True,
    }


async def _publicity_told_to_bidding(c: Any, deal: dict) -> None:
    """B6 after E9: bidding learns the publicity's end and runs its contract deadline
    from it (``collective.entry_publicity_started``)."""
    [event] = [e["payload"] for e in await outbox_events(c, "collective.entry_publicity_started")]
    assert (event["deal_id"], event["trade_id"]) == (deal["id"], "T-RM-0001")
    assert event["publicity_ends_at"] == "2026-01-19T16:00:00Z"


async def test_E9_no_contract_before_the_5_working_day_publicity_ends(lite) -> None:
    _plan, deal, template = await _deal(lite)
    # concluded on Monday 12 January 2026 (after the plan's X5 publicity): five working
    # days are 13–16 and 19 January, so the publicity ends at midnight closing the 19th
    assert deal["publicity_ends_at"] == "2026-01-20T00:00:00+08:00"
    url = f"/entry-deals/{deal['id']}/contract"
    await _publicity_told_to_bidding(lite, deal)
    early = await lite.post(url, json=_contract(template), headers=OFFICER)
    assert early.status_code == 409 and reasons(early) == {("contract_no", "E9")}
    to_publicity_end(lite, deal)
    missing = await lite.post(
        url, json=_contract(template, planning_conditions=""), headers=OFFICER
    )
    assert reasons(missing) == {("contract.fields.planning_conditions", "E9")}
    signed = ok(await lite.post(url, json=_contract(template), headers=OFFICER))
    assert signed["status"] == "contracted" and signed["mortgage_allowed"] is True


async def test_E9_filing_within_30_days_or_flagged_late_by_the_timer(lite) -> None:
    _plan, deal = await contracted_entry_deal(lite)
    url = f"/entry-deals/{deal['id']}"
    lite.clock.advance(timedelta(days=30))
    assert await Scheduler(lite.runtime).run_once() >= 1
    assert ok(await lite.get(url, headers=OFFICER))["filing_late"] is True
    filed = ok(
        await lite.post(f"{url}/filing", json={"filing_no": "兰自然资备2026-1"}, headers=BUREAU)
    )
    assert filed["status"] == "filed" and filed["filing_late"] is True


async def _filed(c: Any) -> tuple[dict, dict, dict]:
    plan, deal = await contracted_entry_deal(c)
    url = f"/entry-deals/{deal['id']}"
    ok(await c.post(f"{url}/filing", json={"filing_no": "兰自然资备2026-1"}, headers=BUREAU))
    r = await effective_resolution(c, "land_entry", vote_for=20, eligible=30)
    return plan, deal, r


async def test_E11_settlement_to_any_other_account_is_refused(lite) -> None:
    _plan, deal, r = await _filed(lite)
    await entry_account(lite, r["id"], ENTRY_ACCOUNT)
    body = {"account_no": "6228480000000000999", "resolution_id": r["id"]}
    refused = await lite.post(f"/entry-deals/{deal['id']}/settlement", json=body, headers=OFFICER)
    assert refused.status_code == 409 and reasons(refused) == {("account_no", "E11")}
    assert ok(await lite.get(f"/entry-deals/{deal['id']}", headers=OFFICER))["status"] == "filed"


async def test_E9_the_proceeds_wait_for_the_filing(lite) -> None:
    _plan, deal = await contracted_entry_deal(lite)
    url = f"/entry-deals/{deal['id']}"
    r = await effective_resolution(lite, "land_entry", vote_for=20, eligible=30)
    await entry_account(lite, r["id"], ENTRY_ACCOUNT)
    body = {"account_no": ENTRY_ACCOUNT, "resolution_id": r["id"]}
    early = await lite.post(f"{url}/settlement", json=body, headers=OFFICER)
    assert reasons(early) == {("deal_id", "E9")}


async def test_E12_a_fund_rate_of_19_99_percent_is_refused(lite) -> None:
    url = f"/county-parameters/{COUNTY}/adjustment_fund_rates"

    def table(rate: str) -> dict:
        return {
            "value": {"rows": [{"use": "commercial", "rate": rate}]},
            "effective_from": today(lite).isoformat(),
            "reason": "县调节金征收比例",
        }

    low = await lite.put(url, json=table("0.1999"), headers=COUNTY_OFFICE)
    assert low.status_code == 422, low.text
    assert "19.99%" in low.text
    high = await lite.put(url, json=table("0.5001"), headers=COUNTY_OFFICE)
    assert high.status_code == 422
    assert (await lite.put(url, json=table("0.30"), headers=COUNTY_OFFICE)).status_code == 201


def test_E12_E11_the_split_is_exact_rounded_once_and_adds_up() -> None:
    parts = split(210_000_000, 60_000_000, Decimal("0.3"), 3_333_333, Decimal("30"))
    assert parts.fund_fen == 45_000_000  # 30 % of the increment 1,500,000.00
    assert parts.ours_fen == 210_000_000 - 45_000_000 - 3_333_333
    assert parts.retention_fen == 48_500_000  # 30 % of 1,616,666.67 = 485,000.001 → .00
    assert parts.retention_fen + parts.members_fen == parts.ours_fen
    odd = split(100_001, 0, Decimal("0.2"), 0, Decimal("0"))
    assert odd.fund_fen == 20_000  # 200.002 → 200.00, half up once


async def test_E11_E12_E13_settled_into_the_account_fund_withheld_members_paid(lite) -> None:
    plan, deal, r = await _filed(lite)
    await household(lite, 1, 2, 3)
    await member_shares(lite, {1: 1, 2: 1, 3: 1})
    await county_parameter(
        lite,
        "adjustment_fund_rates",
        {"rows": [{"use": "commercial", "rate": "0.30"}]},
        "县调节金征收比例",
    )
    lite.clock.advance(timedelta(days=1))  # the rate in force from today
    await entry_account(lite, r["id"], ENTRY_ACCOUNT)
    body = {
        "account_no": ENTRY_ACCOUNT,
        "costs": "600000.00",
        "taxes_fees": "33333.33",
        "resolution_id": r["id"],
    }
    settled = ok(
        await lite.post(f"/entry-deals/{deal['id']}/settlement", json=body, headers=OFFICER)
    )
    assert settled["status"] == "settled"
    assert (settled["fund_rate"], settled["adjustment_fund"]) == ("0.30", "450000.00")
    assert settled["taxes_fees"] == "33333.33"
    assert settled["retention"] == "485000.00"  # plan's 30 % of 1,616,666.67
    assert settled["members"] == "1131666.67"
    amounts = sorted(p["amount_fen"] for p in settled["payouts"])
    assert amounts == [37_722_222, 37_722_222, 37_722_223]  # by shares, to the fen
    assert {p["party_id"] for p in settled["payouts"]} == {person(s) for s in (1, 2, 3)}
    assert plan["retention_percent"] == "30.00"
    # E12: registry learns the fund was withheld (and the contract's flags, R23/E8)
    [event] = [e["payload"] for e in await outbox_events(lite, "collective.entry_settled")]
    assert (event["deal_id"], event["certificate_no"]) == (deal["id"], plan["certificate_no"])
    assert (event["adjustment_fund"], event["fund"]) == ("450000.00", "withheld")
    assert (event["mortgage_allowed"], event["no_sale"]) == (True, False)


async def test_E13_a_joint_entry_split_one_fen_off_is_refused(lite) -> None:
    _plan, deal, r = await _filed(lite)
    await household(lite, 1)
    await member_shares(lite, {1: 1})
    await entry_account(lite, r["id"], ENTRY_ACCOUNT)
    # default table: 20 %; net = 2,100,000 − 420,000 = 1,680,000.00
    body = {
        "account_no": ENTRY_ACCOUNT,
        "resolution_id": r["id"],
        "joint_split": [
            {"collective_id": VILLAGE, "amount": "1000000.00"},
            {"collective_id": NEIGHBOUR, "amount": "679999.99"},
        ],
    }
    url = f"/entry-deals/{deal['id']}/settlement"
    off = await lite.post(url, json=body, headers=OFFICER)
    assert off.status_code == 422 and reasons(off) == {("joint_split", "E13")}
    body["joint_split"][1]["amount"] = "680000.00"
    settled = ok(await lite.post(url, json=body, headers=OFFICER))
    assert settled["retention"] == "300000.00" and settled["members"] == "700000.00"
    assert (await lite.get(url.rsplit("/", 1)[0], headers=NEIGHBOUR_OFFICER)).status_code == 403


async def test_X3_the_deal_is_the_collective_s_and_the_filing_the_bureau_s(lite) -> None:
    _plan, deal, _t = await _deal(lite)
    url = f"/entry-deals/{deal['id']}"
    assert (await lite.get(url, headers=NEIGHBOUR_OFFICER)).status_code == 403
    ok(await lite.get(url, headers=BUREAU))
    await after_publicity(lite, 0)


async def test_E9_the_deal_follows_bidding_s_concluded_trade_once(lite) -> None:
    """bidding's trade of the plan's listing becomes the deal, the publicity from the
    trade; a redelivery or another trade of the same plan makes no second deal."""
    await collective(lite)
    plan = await cleared_entry_plan(lite)
    event = trade_concluded(lite, plan["id"])
    await deliver(lite, on_trade_concluded, event, "L-RM-0001")
    await deliver(lite, on_trade_concluded, event, "L-RM-0001")
    await deliver(
        lite, on_trade_concluded, trade_concluded(lite, plan["id"], trade_id="T-2"), "L-RM-0001"
    )
    deal = await entry_deal_of(lite, plan["id"])
    assert deal is not None and deal["status"] == "in_publicity"
    assert (deal["listing_id"], deal["price"]) == ("L-RM-0001", "2100000.00")
    assert datetime.fromisoformat(deal["concluded_at"]) == event.concluded_at
    # the manual route is gone: every 入市 trade goes through the exchange (B7)
    gone = await lite.post("/entry-deals", json={"plan_id": plan["id"]}, headers=OFFICER)
    assert gone.status_code in (404, 405)


async def test_E5_a_trade_below_the_plan_s_reserve_makes_no_deal(lite) -> None:
    await collective(lite)
    plan = await cleared_entry_plan(lite)
    below = Decimal(plan["reserve_price"]) - Decimal("0.01")
    await deliver(lite, on_trade_concluded, trade_concluded(lite, plan["id"], str(below)), "L-1")
    assert await entry_deal_of(lite, plan["id"]) is None
    # a trade of a listing that is not 入市 is not the collective's
    await deliver(lite, on_trade_concluded, trade_concluded(lite, None), "L-1")
    assert await entry_deal_of(lite, plan["id"]) is None
