"""The whole happy path once: window → township → county → centre → announcement."""

from __future__ import annotations


async def test_L4_L5_happy_path_reaches_the_board(api) -> None:
    listing = await api.to_announced()
    assert listing["status"] == "announced"
    r = await api.c.get("/board/listings")
    assert [x["id"] for x in r.json()] == [listing["id"]]
