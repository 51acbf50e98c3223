"""E16: the 入市 disclosure's reference prices are the county's construction-land base
prices in force (基准地价, L22), read on the public board without a token."""

from __future__ import annotations


async def test_E16_the_board_shows_the_base_land_prices_in_force_without_a_token(lite) -> None:
    r = await lite.c.get("/board/reference-prices", params={"county": "620821"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["valuation_date"] == "2018-01-01"
    assert body["supersedes"] == "青政〔2015〕35号"
    first = next(x for x in body["rows"] if x["use"] == "retail_commercial" and x["grade"] == 1)
    assert (first["price_per_m2"], first["range_low"], first["range_high"]) == (2580, 1810, 3350)
    assert first["floor_price"] == 1613


async def test_E16_a_malformed_county_is_422(lite) -> None:
    r = await lite.c.get("/board/reference-prices", params={"county": "62"})
    assert r.status_code == 422
    assert r.headers["content-type"].startswith("application/problem+json")
