"""Collective commercial construction land (L15) and reference prices (L16)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from common.contracts.collective import EntryCleared
from listing.params import QINGYANG_2018, STATUTORY_MAX_TERMS
from listing.pricing.rules import (
    construction_land_reference,
    farmland_reference_fen,
    remaining_whole_years,
)


async def test_L15_eligible_land_with_planning_conditions_is_accepted(api) -> None:
    r = await api.c.post("/listings", json=api.construction_land(), headers=api.clerk())
    assert r.status_code == 201, r.text


async def test_L15_two_preconditions_and_three_negatives_all_named_at_once(api) -> None:
    r = await api.c.post(
        "/listings",
        json=api.construction_land(
            spatial_plan_done=False,
            ownership_registered=False,
            converted_farmland=True,
            is_homestead=True,
            for_commercial_housing=True,
            planning_conditions="",
        ),
        headers=api.clerk(),
    )
    assert r.status_code == 422
    fields = {e["field"] for e in r.json()["errors"] if e["rule"] == "L15"}
    assert fields == {
        "spatial_plan_done",
        "ownership_registered",
        "converted_farmland",
        "is_homestead",
        "land_use",
        "planning_conditions",
    }


@pytest.mark.parametrize("use", ["industrial", "commercial", "affordable_rental_housing"])
async def test_L15_permitted_uses(lite, use: str) -> None:
    r = await lite.c.post(
        "/listings",
        json=lite.construction_land(land_use=use, term_end="2056-05-01"),
        headers=lite.clerk(),
    )
    assert r.status_code == 201, r.text


async def test_L15_never_commercial_housing(lite) -> None:
    r = await lite.c.post(
        "/listings",
        json=lite.construction_land(land_use="commercial_housing"),
        headers=lite.clerk(),
    )
    assert r.status_code == 422
    assert r.json()["errors"][0] == {
        "field": "land_use",
        "rule": "L15",
        "message": "never for commercial housing",
        "message_zh": "入市土地严禁用于商品住宅开发",
    }


@pytest.mark.parametrize(
    ("use", "years"), [("commercial", 40), ("industrial", 50), ("affordable_rental_housing", 70)]
)
async def test_L15_term_at_most_the_statutory_maximum(lite, use: str, years: int) -> None:
    ok_end = f"{2026 + years}-05-01"
    too_long = f"{2026 + years}-05-02"
    ok = await lite.c.post(
        "/listings",
        json=lite.construction_land(land_use=use, term_end=ok_end),
        headers=lite.clerk(),
    )
    assert ok.status_code == 201, ok.text
    bad = await lite.c.post(
        "/listings",
        json=lite.construction_land(land_use=use, term_end=too_long),
        headers=lite.clerk(),
    )
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["rule"] == "L15"
    assert f"{years} years" in bad.json()["errors"][0]["message"]


def test_L15_statutory_maximum_terms_are_the_documents_numbers() -> None:
    assert STATUTORY_MAX_TERMS == {
        "commercial": 40,
        "residential": 70,
        "industrial": 50,
        "public": 50,
    }


async def test_L15_way_is_sale_lease_or_equity(lite) -> None:
    r = await lite.c.post(
        "/listings", json=lite.construction_land(way="other"), headers=lite.clerk()
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "way"


async def test_L15_is_checked_again_when_the_centre_registers(lite) -> None:
    # E3/E4: the collective's cleared 入市 plan for this parcel (collective.entry_cleared)
    await lite.deliver(
        EntryCleared(
            plan_id="plan-l15",
            collective_id=lite.COLLECTIVE,
            county="620821",
            township="620821101",
            certificate_no="集建(2026)0100",
            parcel_number="620821101001JA00100",
            way="transfer",
            trading_method="auction",  # online ascending bidding (B2)
            land_use="commercial",
            area_m2="1000",
            term_years=40,
            reserve_price=Decimal("2000000.00"),
            supply_year=2026,
            cleared_at=datetime(2026, 3, 1, tzinfo=UTC),
        )
    )
    decision = {
        "body": "members_representative_meeting",
        "votes_for": 25,
        "votes_total": 30,
        "reserve_price": "2000000.00",
        "township_approval_ref": "批-1",
        "decided_on": "2026-02-20",
    }
    listing = await lite.to_registered(
        decision=decision,
        **lite.construction_land(entry_plan_id="plan-l15", right_certificate_no="集建(2026)0100"),
    )
    assert listing["status"] == "registered"


# --- L16 -----------------------------------------------------------------------------


def test_L16_the_base_land_price_tables_are_the_documents_numbers() -> None:
    assert QINGYANG_2018.valuation_date == date(2018, 1, 1)
    retail1 = QINGYANG_2018.find("retail_commercial", 1)
    assert retail1 is not None
    assert (retail1.price_per_m2, retail1.range_low, retail1.range_high) == (2580, 1810, 3350)
    assert retail1.price_wan_per_mu == Decimal("172.00") and retail1.plot_ratio == Decimal("1.6")
    res4 = QINGYANG_2018.find("residential", 4)
    assert res4 is not None and (res4.price_per_m2, res4.price_wan_per_mu) == (
        540,
        Decimal("36.00"),
    )
    ind2 = QINGYANG_2018.find("industrial", 2)
    assert ind2 is not None and (ind2.price_per_m2, ind2.range_low, ind2.range_high) == (
        180,
        130,
        220,
    )
    assert QINGYANG_2018.find("public_utilities", 3).plot_ratio is None  # type: ignore[union-attr]
    assert len(QINGYANG_2018.rows) == 4 * 6 + 2 * 2 + 3 * 3
    # the seeds' own conversion: 2580 元/m² × 666.67 m²/亩 = 172.00 万元/亩
    for row in QINGYANG_2018.rows:
        wan = Decimal(row.price_per_m2) * Decimal("666.67") / 10000
        assert abs(wan - row.price_wan_per_mu) <= Decimal("0.01"), row


def test_L16_reference_and_warning_below_the_range() -> None:
    row = QINGYANG_2018.find("retail_commercial", 1)
    ref = construction_land_reference(row, Decimal("1000"), reserve_fen=180_000_000)
    assert ref.reference_fen == 258_000_000  # 2580 元/m² × 1000 m²
    assert (ref.low_fen, ref.high_fen) == (181_000_000, 335_000_000)
    assert ref.warning is True
    assert construction_land_reference(row, Decimal("1000"), 181_000_000).warning is False


async def test_L16_staff_see_the_reference_beside_the_reserve(api) -> None:
    listing = await api.create(**api.construction_land(reserve_price="1800000.00"))
    r = await api.c.get(f"/listings/{listing['id']}/reference", headers=api.staff())
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["reference_value"] == "2580000.00"
    assert body["range_low"] == "1810000.00" and body["range_high"] == "3350000.00"
    assert body["warning"] is True and body["valuation_date"] == "2018-01-01"
    # the window reads its own township's reference (the wizard shows L16's warning),
    # another township's window does not
    r = await api.c.get(f"/listings/{listing['id']}/reference", headers=api.clerk())
    assert r.status_code == 200 and r.json()["warning"] is True
    other = api.clerk("620821102")
    r = await api.c.get(f"/listings/{listing['id']}/reference", headers=other)
    assert r.status_code == 403


async def test_L15_L16_the_listing_returns_every_field_so_a_correction_keeps_them(api) -> None:
    """GET /listings/{id} gives back what the window recorded (L15's facts, L16's class,
    grade and area, the appraisal, the extension and free period), so a correction —
    the whole-listing PUT of what was read — changes none of them."""
    sent = api.construction_land(
        appraisal_value="2500000.00",
        extension_seconds=600,
        free_period_seconds=7200,
        description="村东地块",
    )
    created = await api.create(**sent)
    got = await api.get(created["id"])
    for name in (
        "land_use",
        "planning_conditions",
        "spatial_plan_done",
        "ownership_registered",
        "price_class",
        "land_grade",
        "area_m2",
        "appraisal_value",
        "extension_seconds",
        "free_period_seconds",
        "description",
    ):
        assert got[name] == sent[name], name
    assert got["converted_farmland"] is False and got["is_homestead"] is False
    # a correction sends back what it read, with one change
    again = {k: got[k] for k in sent if k != "agent"} | {"title": "村东地块（补正）"}
    r = await api.c.put(f"/listings/{created['id']}", json=again, headers=api.clerk())
    assert r.status_code == 200, r.text
    after = await api.get(created["id"])
    assert after["title"] == "村东地块（补正）"
    assert {k: after[k] for k in sent if k not in ("title", "agent")} == {
        k: got[k] for k in sent if k not in ("title", "agent")
    }


async def test_L16_the_tables_are_replaceable_county_data(lite) -> None:
    table = QINGYANG_2018.model_copy(deep=True)
    table.valuation_date = date(2026, 1, 1)
    table.rows[0].price_per_m2 = 3000
    table.rows[0].range_high = 3800
    # L22: the 万元/亩 and 楼面地价 columns follow the price (3000 × 666.67 ÷ 10,000; ÷ 1.6)
    table.rows[0].price_wan_per_mu = Decimal("200.00")
    table.rows[0].floor_price = 1875
    r = await lite.set_parameter("base_land_prices", table.model_dump(mode="json"), "基准地价更新")
    assert r.status_code == 201, r.text
    listing = await lite.create(**lite.construction_land())
    body = (await lite.c.get(f"/listings/{listing['id']}/reference", headers=lite.staff())).json()
    assert body["reference_value"] == "3000000.00" and body["valuation_date"] == "2026-01-01"
    bad = table.model_copy(deep=True)
    bad.rows[0].price_per_m2 = 9999
    r = await lite.set_parameter("base_land_prices", bad.model_dump(mode="json"), "错误")
    assert r.status_code == 422 and r.json()["errors"][0]["rule"] == "L16"


def test_L16_R6_appendix_e_farmland_formula_and_the_10000_per_mu_cap() -> None:
    # 20 mu × 800 元/亩/年 × 10 years = 160,000 元
    assert farmland_reference_fen(Decimal("20"), 80_000, 10, 1_000_000) == 16_000_000
    # 1,500 × 10 = 15,000 元/亩 → capped at 10,000 元/亩 → 200,000 元
    assert farmland_reference_fen(Decimal("20"), 150_000, 10, 1_000_000) == 20_000_000
    assert farmland_reference_fen(Decimal("2.5"), 80_000, 3, 1_000_000) == 600_000


def test_L16_remaining_whole_years() -> None:
    assert remaining_whole_years(date(2026, 5, 1), date(2036, 5, 1)) == 10
    assert remaining_whole_years(date(2026, 5, 1), date(2036, 4, 30)) == 9
    assert remaining_whole_years(date(2026, 5, 1), date(2020, 1, 1)) == 0


@given(
    area=st.decimals(min_value=0, max_value=100_000, places=4),
    price=st.integers(min_value=0, max_value=10_000_000),
    years=st.integers(min_value=0, max_value=70),
)
def test_L16_farmland_reference_never_exceeds_the_cap_per_mu(area, price, years) -> None:
    cap = 1_000_000
    value = farmland_reference_fen(area, price, years, cap)
    assert isinstance(value, int) and value >= 0
    assert Decimal(value) <= area * cap + Decimal("0.5")


async def test_L16_farmland_reference_on_the_listing(api) -> None:
    listing = await api.create(annual_transfer_price_per_mu="800.00")
    body = (await api.c.get(f"/listings/{listing['id']}/reference", headers=api.staff())).json()
    # 20 mu × 800 × 10 years (2026-05-01 … 2036-04-30) = 160,000 > reserve 100,000
    assert body["reference_value"] == "160000.00" and body["warning"] is True
    assert body["basis"] == "appendix_e:10y"


async def test_L9_L15_the_checks_of_a_listing_for_the_centres_check_page(api) -> None:
    """Issue 19: ``GET /listings/{id}/checks`` — the L15 facts and problems of collective
    construction land, and whether a collective asset must trade in the exchange (L9)."""
    staff = api.staff

    r = await api.c.post("/listings", json=api.construction_land(), headers=api.clerk())
    assert r.status_code == 201, r.text
    land = r.json()["id"]
    checks = await api.c.get(f"/listings/{land}/checks", headers=staff())
    assert checks.status_code == 200, checks.text
    c = checks.json()
    assert c["l15"]["applies"] is True and c["l15"]["problems"] == []
    assert (c["l15"]["land_use"], c["l15"]["spatial_plan_done"]) == ("commercial", True)
    assert c["l15"]["max_term_years"]["commercial"] == 40
    assert c["l9"]["applies"] is False and c["l9"]["threshold"] == "500000.00"
    asset = await api.collective_asset("500000.01")
    c = (await api.c.get(f"/listings/{asset['id']}/checks", headers=staff())).json()
    assert c["l9"] == {
        "applies": True,
        "asset_value": "500000.01",
        "threshold": "500000.00",
        "mandatory_in_exchange": True,
    }
    assert c["l15"]["applies"] is False and c["l15"]["problems"] == []
    other = await api.c.get(f"/listings/{asset['id']}/checks", headers=staff(api.OTHER_COUNTY))
    assert other.status_code in (403, 404)
