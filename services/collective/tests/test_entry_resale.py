"""The secondary market of entered land (DOMAIN E15; E8, E12): the signed contract's
terms go to listing (``collective.entry_contracted``: the use, the term to the day, the
transfer flag, ``no_sale``), and the re-transfer's adjustment fund is the county's
re-transfer rate on the increment over the first entry's price."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from collective_helpers import (
    BUREAU,
    OFFICER,
    contracted_entry_deal,
    county_parameter,
    deliver,
    entry_deal,
    ok,
    outbox_events,
    reasons,
    today,
    trade_concluded,
)

from collective.entrydeals.handlers import on_trade_concluded
from collective.entryresale.rules import resale_fund, years_later


async def _rates(c: Any) -> None:
    """First entry 20 %, re-transfer 30 % for commercial land (the county's choice)."""
    rows = [
        {"use": "commercial", "first_entry": True, "rate": "0.20"},
        {"use": "commercial", "first_entry": False, "rate": "0.30"},
    ]
    await county_parameter(c, "adjustment_fund_rates", {"rows": rows}, "调节金")


async def test_E15_the_signed_contract_carries_its_terms_to_listing(lite) -> None:
    plan, deal = await contracted_entry_deal(lite)
    signed = today(lite)
    [event] = await outbox_events(lite, "collective.entry_contracted")
    p = event["payload"]
    assert (p["deal_id"], p["plan_id"], p["land_use"], p["way"]) == (
        deal["id"],
        plan["id"],
        "commercial",
        "transfer",
    )
    assert p["term_start"] == signed.isoformat()
    assert p["term_end"] == years_later(signed, 40).isoformat()
    assert (p["transfer_allowed"], p["mortgage_allowed"], p["no_sale"]) == (True, True, False)
    assert p["certificate_no"] == plan["certificate_no"]


async def test_E15_E12_the_re_transfer_fund_is_at_the_re_transfer_rate(lite) -> None:
    """Bought at 2,100,000.00, re-sold at 3,000,000.00 with 100,000.00 of costs: the
    increment is 800,000.00 and the fund 30 % of it, 240,000.00 (not the first entry's
    20 %, 160,000.00)."""
    await _rates(lite)
    _, deal = await contracted_entry_deal(lite)
    r = await lite.get(
        f"/entry-deals/{deal['id']}/resale-fund",
        params={"price": "3000000.00", "costs": "100000.00"},
        headers=OFFICER,
    )
    q = ok(r)
    assert (Decimal(q["rate"]), q["first_entry"]) == (Decimal("0.30"), False)
    assert (q["acquired_price"], q["increment"], q["adjustment_fund"]) == (
        "2100000.00",
        "800000.00",
        "240000.00",
    )


def test_E15_the_re_transfer_fund_is_rounded_once_and_never_below_zero() -> None:
    assert resale_fund(210_000_001, 200_000_000, 0, Decimal("0.25")).fund_fen == 2_500_000
    assert resale_fund(100_000_000, 200_000_000, 0, Decimal("0.30")).fund_fen == 0
    assert years_later(date(2028, 2, 29), 41) == date(2069, 2, 28)


async def test_E15_a_contract_that_forbids_transfer_has_no_re_transfer(lite) -> None:
    _, deal = await contracted_entry_deal(
        lite, contract_no="兰入市合2026-002", mortgage_allowed=False, transfer_allowed=False
    )
    [event] = await outbox_events(lite, "collective.entry_contracted")
    assert event["payload"]["transfer_allowed"] is False
    r = await lite.get(
        f"/entry-deals/{deal['id']}/resale-fund", params={"price": "3000000.00"}, headers=OFFICER
    )
    assert r.status_code == 409, r.text
    assert [(e["field"], e["rule"]) for e in r.json()["errors"]] == [("deal_id", "E15")]


async def test_E15_no_quote_before_the_contract_and_bad_input_is_422(lite) -> None:
    _, deal = await entry_deal(lite)
    url = f"/entry-deals/{deal['id']}/resale-fund"
    r = await lite.get(url, params={"price": "3000000.00"}, headers=OFFICER)
    assert r.status_code == 409, r.text
    bad = await lite.get(url, params={"price": "-1"}, headers=OFFICER)
    assert bad.status_code == 422


# --- the re-transfer's settlement (E15, E12): bidding's trade of a re-listing ----------

RESALE_PRICE = "2987654.32"
COSTS = "123456.79"
# 2,987,654.32 − 2,100,000.00 − 123,456.79 = 764,197.53; 30 % = 229,259.259 → 229,259.26
FUND = "229259.26"


async def _resale(c: Any) -> tuple[dict, dict]:
    """A contracted deal (bought at 2,100,000.00) whose re-listing traded at
    2,987,654.32: bidding's ``trade_concluded`` names the deal, not a plan."""
    await _rates(c)
    _, deal = await contracted_entry_deal(c)
    trade = trade_concluded(c, None, price=RESALE_PRICE, trade_id="T-RS-0001")
    trade = trade.model_copy(
        update={
            "listing_id": "L-RS-0001",
            "entry_deal_id": deal["id"],
            "buyer_party_id": "91371324MA3C00009K",
            "buyer_name": "兰陵某物流有限公司",
        }
    )
    for _ in range(2):  # a redelivery makes no second re-transfer
        await deliver(c, on_trade_concluded, trade, "L-RS-0001")
    [resale] = ok(await c.get(f"/entry-deals/{deal['id']}/resales", headers=OFFICER))
    assert (resale["status"], resale["price"], resale["trade_id"]) == (
        "concluded",
        RESALE_PRICE,
        "T-RS-0001",
    )
    assert resale["seller_party_id"] == "91371324MA3C00002X"  # the first entry's buyer
    return deal, resale


async def test_E15_E12_the_re_transfer_fund_is_withheld_at_the_resale_s_settlement(lite) -> None:
    """The bureau settles the re-transfer: 30 % of the increment, rounded once, withheld
    from the seller's proceeds; ``collective.entry_settled`` names the trade so registry
    records the transfer only now and bidding's release withholds the fund."""
    deal, resale = await _resale(lite)
    url = f"/entry-resales/{resale['id']}/settlement"
    assert (await lite.post(url, json={"costs": COSTS}, headers=OFFICER)).status_code == 403
    settled = ok(await lite.post(url, json={"costs": COSTS}, headers=BUREAU))
    assert (settled["status"], settled["fund"]) == ("settled", "withheld")
    assert (Decimal(settled["fund_rate"]), settled["increment"]) == (
        Decimal("0.30"),
        "764197.53",
    )
    assert (settled["adjustment_fund"], settled["seller_net"]) == (FUND, "2758395.06")
    [event] = [
        e["payload"]
        for e in await outbox_events(lite, "collective.entry_settled")
        if e["payload"]["trade_id"] == "T-RS-0001"
    ]
    assert (event["deal_id"], event["listing_id"], event["price"]) == (
        deal["id"],
        "L-RS-0001",
        RESALE_PRICE,
    )
    assert (event["adjustment_fund"], event["fund"]) == (FUND, "withheld")
    assert event["buyer_party_id"] == "91371324MA3C00009K"
    again = await lite.post(url, json={"costs": COSTS}, headers=BUREAU)
    assert again.status_code == 409 and again.json()["rule"] == "E12"


async def test_E12_proven_paid_exact_to_the_fen_and_then_not_withheld_again(lite) -> None:
    """The seller's receipt for the fund paid directly: one fen short is refused naming
    the amount (E12) and changes nothing; the exact amount is recorded by the bureau, and
    the settlement then says ``proven_paid`` and withholds nothing."""
    _deal, resale = await _resale(lite)
    url = f"/entry-resales/{resale['id']}/fund-proof"
    proof = {
        "costs": COSTS,
        "receipt_no": "兰税缴2026-0107",
        "amount": "229259.25",
        "paid_on": today(lite).isoformat(),
        "document_id": "DOC-RECEIPT-1",
    }
    short = await lite.post(url, json=proof, headers=BUREAU)
    assert short.status_code == 422 and reasons(short) == {("amount", "E12")}, short.text
    assert "229259.26" in short.text
    unchanged = ok(await lite.get(f"/entry-resales/{resale['id']}", headers=BUREAU))
    assert (unchanged["fund"], unchanged["receipt_no"]) == (None, None)
    assert (
        await lite.post(url, json={**proof, "amount": FUND}, headers=OFFICER)
    ).status_code == 403
    proven = ok(await lite.post(url, json={**proof, "amount": FUND}, headers=BUREAU))
    assert (proven["fund"], proven["adjustment_fund"], proven["status"]) == (
        "proven_paid",
        FUND,
        "concluded",
    )
    assert (proven["receipt_no"], proven["receipt_document_id"]) == (
        "兰税缴2026-0107",
        "DOC-RECEIPT-1",
    )
    settle = f"/entry-resales/{resale['id']}/settlement"
    other = await lite.post(settle, json={"costs": "0.00"}, headers=BUREAU)
    assert other.status_code == 422 and reasons(other) == {("costs", "E12")}
    settled = ok(await lite.post(settle, json={"costs": COSTS}, headers=BUREAU))
    assert (settled["fund"], settled["seller_net"]) == ("proven_paid", RESALE_PRICE)
    [event] = [
        e["payload"]
        for e in await outbox_events(lite, "collective.entry_settled")
        if e["payload"]["trade_id"] == "T-RS-0001"
    ]
    assert (event["fund"], event["adjustment_fund"]) == ("proven_paid", FUND)
