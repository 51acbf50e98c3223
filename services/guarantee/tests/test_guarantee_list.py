"""Issue 19: the guarantee list for the guarantor's console — filtered by state and by a
search, sorted and paged on the server, with the count of all that match; an unknown
state or sort is a 422 naming the field; a bank still sees only its own (X3)."""

from __future__ import annotations

from guarantee_helpers import GUARANTOR, LENDER, OTHER_LENDER, approved, issued, ok, person


async def test_G5_the_guarantee_list_pages_sorts_and_filters_on_the_server(client) -> None:
    small = await approved(client, person(1), "200000")
    client.clock.advance(minutes=1)
    big = await approved(client, person(2), "900000")
    client.clock.advance(minutes=1)
    third = await issued(client, person(3), "500000")
    r = await client.get("/guarantees?limit=2", headers=GUARANTOR)
    assert r.headers["X-Total-Count"] == "3"
    assert [g["id"] for g in ok(r)] == [small, big]  # oldest first
    r = await client.get("/guarantees?limit=2&offset=2", headers=GUARANTOR)
    assert [g["id"] for g in ok(r)] == [third]
    r = await client.get("/guarantees?sort=-amount", headers=GUARANTOR)
    assert [g["id"] for g in ok(r)] == [big, third, small]
    r = await client.get("/guarantees?state=approved&sort=amount", headers=GUARANTOR)
    assert [g["id"] for g in ok(r)] == [small, big] and r.headers["X-Total-Count"] == "2"
    r = await client.get(f"/guarantees?q={person(3)}", headers=GUARANTOR)
    assert [g["id"] for g in ok(r)] == [third]
    bad = await client.get("/guarantees?state=nonsense&sort=price", headers=GUARANTOR)
    assert bad.status_code == 422
    assert {e["field"].split(".")[-1] for e in bad.json()["errors"]} >= {"sort"}
    bad = await client.get("/guarantees?state=nonsense", headers=GUARANTOR)
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "state"
    # X3: another bank sees none of them, however it pages
    r = await client.get("/guarantees?limit=50", headers=OTHER_LENDER)
    assert ok(r) == [] and r.headers["X-Total-Count"] == "0"
    assert len(ok(await client.get("/guarantees", headers=LENDER))) == 3
