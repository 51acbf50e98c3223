"""The staff list ``GET /listings`` as the consoles' work queues read it (issue 19):
filter, text search, sort, paging on the server, and the total in ``X-Total-Count``."""

from __future__ import annotations

from datetime import timedelta


async def test_X3_staff_list_pages_sorts_and_counts_only_the_callers_township(lite) -> None:
    for title, price in (
        ("乙村承包地", "300.00"),
        ("甲村承包地", "100.00"),
        ("丙村鱼塘", "200.00"),
    ):
        await lite.create(title=title, reserve_price=price, deposit="10.00", increment="1.00")
        lite.clock.advance(timedelta(minutes=1))  # taken in one after another
    await lite.create(title="外乡镇承包地", headers=lite.clerk(lite.OTHER_TOWNSHIP))

    r = await lite.c.get("/listings", params={"limit": 2}, headers=lite.clerk())
    assert r.status_code == 200 and r.headers["X-Total-Count"] == "3"
    first = [x["title"] for x in r.json()]
    assert first == ["乙村承包地", "甲村承包地"]  # oldest first , one page
    assert all(x["updated_at"] and x["created_at"] for x in r.json())  # how long it waited
    r = await lite.c.get("/listings", params={"limit": 2, "offset": 2}, headers=lite.clerk())
    assert [x["title"] for x in r.json()] == ["丙村鱼塘"]

    r = await lite.c.get("/listings", params={"sort": "-reserve_price"}, headers=lite.clerk())
    assert [x["reserve_price"] for x in r.json()] == ["300.00", "200.00", "100.00"]

    r = await lite.c.get("/listings", params={"q": "承包地"}, headers=lite.clerk())
    assert r.headers["X-Total-Count"] == "2"  # the other township's is never counted
    assert {x["title"] for x in r.json()} == {"乙村承包地", "甲村承包地"}

    r = await lite.c.get("/listings", params={"status": "submitted"}, headers=lite.clerk())
    assert r.json() == [] and r.headers["X-Total-Count"] == "0"

    r = await lite.c.get("/listings", headers=lite.staff())  # the county sees all four
    assert r.headers["X-Total-Count"] == "4" and len(r.json()) == 4


async def test_X4_staff_list_refuses_an_unknown_sort_or_a_bad_page_naming_the_field(lite) -> None:
    for params, field in (
        ({"sort": "seller_party_id"}, "sort"),
        ({"limit": 0}, "limit"),
        ({"limit": 201}, "limit"),
        ({"offset": -1}, "offset"),
    ):
        r = await lite.c.get("/listings", params=params, headers=lite.clerk())
        assert r.status_code == 422, params
        assert r.json()["errors"][0]["field"] == field
