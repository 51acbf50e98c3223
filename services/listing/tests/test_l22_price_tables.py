"""L22 (004 地价; 000-房 四(四)1): base land price tables kept current — each version with its
notice, publication and valuation dates and what it supersedes; a listing keeps the version
in force on its registration day; stale after 3 years (2–3); "none" outside the graded
zones; an inconsistent or unmapped import is refused."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

from listing.params import QINGYANG_2018


def land(api: Any, **over: Any) -> dict[str, Any]:
    """The L15 construction land, sold by a cooperative rather than the collective."""
    return api.construction_land(seller_kind="cooperative", collective_id=None, **over)


async def _put(api, table: Any, effective_from: str = "2026-03-02"):
    return await api.set_parameter(
        "base_land_prices",
        table.model_dump(mode="json"),
        "基准地价更新",
        effective_from=effective_from,
    )


def _error(r) -> str:
    assert r.status_code == 422, r.text
    return " ".join(e["message"] for e in r.json()["errors"])


async def test_L22_004_dijia_import_checks_conversion_floor_price_and_zone_columns(lite) -> None:
    wan = QINGYANG_2018.model_copy(deep=True)
    wan.rows[0].price_wan_per_mu = Decimal("172.50")  # 2580 × 666.67 ÷ 10,000 = 172.00
    assert "666.67" in _error(await _put(lite, wan))
    floor = QINGYANG_2018.model_copy(deep=True)
    floor.rows[0].floor_price = 1620  # 2580 ÷ 1.6 = 1612.5
    assert "楼面地价" in _error(await _put(lite, floor))
    assert QINGYANG_2018.rows[0].floor_price == 1613  # the seed's own figure
    unmapped = QINGYANG_2018.model_copy(deep=True)
    del unmapped.zone_columns["industrial"]  # 一/二/三级 against 控制区/一/二: say which
    assert "no explicit price column" in _error(await _put(lite, unmapped))
    orphan = QINGYANG_2018.model_copy(deep=True)
    orphan.document_no, orphan.supersedes = "青政〔2026〕1号", None
    assert "supersedes" in _error(await _put(lite, orphan))
    good = orphan.model_copy(deep=True)
    good.supersedes = QINGYANG_2018.document_no
    assert (await _put(lite, good)).status_code == 201


async def test_L22_004_dijia_outside_the_graded_zones_the_reference_is_none_not_0(lite) -> None:
    listing = await lite.create(**land(lite, land_grade=None))
    r = await lite.c.get(f"/listings/{listing['id']}/reference", headers=lite.staff())
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["basis"] == "none" and body["reference_value"] is None
    assert body["warning"] is False
    zone3 = await lite.create(
        **land(lite, price_class="industrial")
        | {"land_use": "industrial", "land_grade": 3, "term_end": "2076-05-01"}
    )
    body = (await lite.c.get(f"/listings/{zone3['id']}/reference", headers=lite.staff())).json()
    assert body["basis"] == "none" and body["reference_value"] is None


async def test_L22_004_dijia_the_2018_tables_are_stale_after_3_years_configurable_2_to_3(
    lite,
) -> None:
    listing = await lite.create(**land(lite))
    body = (await lite.c.get(f"/listings/{listing['id']}/reference", headers=lite.staff())).json()
    assert body["stale"] is True and "更新" in body["stale_text"]
    assert body["document_no"] == QINGYANG_2018.document_no
    fresh = QINGYANG_2018.model_copy(deep=True)
    fresh.valuation_date = fresh.valuation_date.replace(year=2025)
    assert (await _put(lite, fresh)).status_code == 201
    body = (await lite.c.get(f"/listings/{listing['id']}/reference", headers=lite.staff())).json()
    assert body["stale"] is False and body["valuation_date"] == "2025-01-01"
    r = await lite.set_parameter("price_table_stale_years", 4, "太长")
    assert r.status_code == 422


async def test_L22_004_dijia_a_listing_keeps_the_version_in_force_on_its_registration_day(
    lite,
) -> None:
    from common.clock import local_date

    # the table is the subject here, not the 入市 plan behind the listing (E4): gate off
    off = {
        "value": False,
        "effective_from": local_date(lite.clock.now()).isoformat(),
        "reason": "价格表版本测试",
    }
    r = await lite.c.put(
        f"/county-parameters/{lite.COUNTY}/entry_plan_required", json=off, headers=lite.staff()
    )
    assert r.status_code == 201, r.text
    registered = await lite.to_registered(**land(lite))
    newer = QINGYANG_2018.model_copy(deep=True)
    newer.document_no, newer.supersedes = "青政〔2026〕1号", QINGYANG_2018.document_no
    newer.rows[0].price_per_m2, newer.rows[0].range_high = 3000, 3800
    newer.rows[0].price_wan_per_mu, newer.rows[0].floor_price = Decimal("200.00"), 1875
    assert (await _put(lite, newer, "2026-03-03")).status_code == 201
    lite.clock.advance(timedelta(days=1))
    body = (
        await lite.c.get(f"/listings/{registered['id']}/reference", headers=lite.staff())
    ).json()
    assert body["reference_value"] == "2580000.00" and body["table_version"] == 0
    later = await lite.to_registered(**land(lite))
    body = (await lite.c.get(f"/listings/{later['id']}/reference", headers=lite.staff())).json()
    assert body["reference_value"] == "3000000.00" and body["document_no"] == "青政〔2026〕1号"
    assert body["table_version"] == 1
