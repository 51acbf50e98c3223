"""Z11 homestead income (主要收益归农民): the farmer part is more than 50 % — the seed's 50 %
refused, 50.01 % accepted — exact to the fen with parts that add up; the collective part
paid as dividends by a share-register snapshot (股权) where the village's yearly income
reaches the county threshold, else retained by X5."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from collective_helpers import (
    NEIGHBOUR_OFFICER,
    OFFICER,
    VILLAGE,
    collective,
    county_parameter,
    effective_resolution,
    household,
    member_shares,
    ok,
    person,
    pilot,
    today,
)

from collective.income.rules import split, split_problems


def test_Z11_the_farmer_part_is_more_than_half_exact_to_the_fen() -> None:
    amount = 1_000_000  # 10,000.00 元
    assert [(p.field, p.rule) for p in split_problems(amount, Decimal("50"), Decimal(50))] == [
        ("farmer_percent", "Z11")
    ]
    assert split_problems(amount, Decimal("50.01"), Decimal(50)) == []
    assert split(amount, Decimal("50.01")) == (500_100, 499_900)
    farmer, collective_part = split(3, Decimal("50.01"))  # 0.03 元: parts add up
    assert (farmer, collective_part) == (2, 1)
    # 0.02 元 at 50.01 % is one fen each: not more than half to the fen
    assert [p.field for p in split_problems(2, Decimal("50.01"), Decimal(50))] == ["amount"]
    # a county may ask more, never less
    assert split_problems(amount, Decimal("55"), Decimal(60))[0].rule == "Z11"


def income(c: Any, percent: str, amount: str = "10000.00", **kw: Any) -> dict:
    body = {
        "collective_id": VILLAGE,
        "source": "paid_use",
        "reference": "有偿使用费收据001",
        "received_on": today(c).isoformat(),
        "amount": amount,
        "farmer_percent": percent,
    }
    body.update(kw)
    return body


async def test_Z11_50_percent_refused_50_01_accepted_and_retained_by_X5(lite) -> None:
    await collective(lite)
    await pilot(lite)
    refused = await lite.post("/homestead-incomes", json=income(lite, "50.00"), headers=OFFICER)
    assert refused.status_code == 422
    assert [(e["field"], e["rule"]) for e in refused.json()["errors"]] == [
        ("farmer_percent", "Z11"),
        ("resolution_id", "Z11"),  # below the threshold the collective part needs X5
    ]
    r = await effective_resolution(lite, "homestead")
    got = ok(
        await lite.post(
            "/homestead-incomes",
            json=income(lite, "50.01", resolution_id=r["id"]),
            headers=OFFICER,
        ),
        201,
    )
    assert (got["farmer_part"], got["collective_part"]) == ("5001.00", "4999.00")
    assert got["disposition"] == "retained" and got["dividends"] == []
    assert ok(await lite.get(f"/homestead-incomes/{got['id']}", headers=OFFICER))["id"] == got["id"]
    other = await lite.get(f"/homestead-incomes/{got['id']}", headers=NEIGHBOUR_OFFICER)
    assert other.status_code == 403


async def test_Z11_dividends_by_the_share_register_snapshot(lite) -> None:
    await collective(lite)
    await pilot(lite)
    await household(lite, 1, 2)
    await household(lite, 3)
    await county_parameter(lite, "homestead_dividend_threshold", "10000", "收益较多")
    refused = await lite.post(
        "/homestead-incomes", json=income(lite, "60", "20000.00"), headers=OFFICER
    )
    assert [(e["field"], e["rule"]) for e in refused.json()["errors"]] == [("collective_id", "Z11")]
    await member_shares(lite, {1: 3, 2: 1, 3: 2})
    stranger = await lite.put(
        f"/collectives/{VILLAGE}/shares/{person(9)}", json={"shares": 1}, headers=OFFICER
    )
    assert stranger.status_code == 422 and stranger.json()["errors"][0]["rule"] == "Z11"
    got = ok(
        await lite.post("/homestead-incomes", json=income(lite, "60", "20000.00"), headers=OFFICER),
        201,
    )
    assert (got["farmer_part"], got["collective_part"], got["disposition"]) == (
        "12000.00",
        "8000.00",
        "dividend",
    )
    paid = {d["party_id"]: d["amount"] for d in got["dividends"]}
    assert paid == {person(1): "4000.00", person(2): "1333.33", person(3): "2666.67"}
    assert sum(Decimal(v) for v in paid.values()) == Decimal("8000.00")
    register = ok(await lite.get(f"/collectives/{VILLAGE}/shares", headers=OFFICER))
    assert sorted(h["shares"] for h in register) == [1, 2, 3]
