"""The secondary market of entered land (DOMAIN E15; E8, E12): the signed contract's
terms go to listing (``collective.entry_contracted``: the use, the term to the day, the
transfer flag, ``no_sale``), and the re-transfer's adjustment fund is the county's
re-transfer rate on the increment over the first entry's price."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from collective_helpers import (
    COUNTY,
    COUNTY_OFFICE,
    OFFICER,
    contracted_entry_deal,
    entry_deal,
    ok,
    outbox_events,
    today,
)

from collective.entryresale.rules import resale_fund, years_later


async def _rates(c: Any) -> None:
    """First entry 20 %, re-transfer 30 % for commercial land (the county's choice)."""
    rows = [
        {"use": "commercial", "first_entry": True, "rate": "0.20"},
        {"use": "commercial", "first_entry": False, "rate": "0.30"},
    ]
    r = await c.put(
        f"/county-parameters/{COUNTY}/adjustment_fund_rates",
        json={"value": {"rows": rows}, "effective_from": today(c).isoformat(), "reason": "调节金"},
        headers=COUNTY_OFFICE,
    )
    assert r.status_code == 201, r.text


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
