"""Races on the real PostgreSQL: two approvals of one borrower cannot both fit under the
G3 cap; two first payments from a county fund open it once (G8)."""

from __future__ import annotations

import asyncio

import pytest
from guarantee_helpers import (
    COUNTY,
    FINANCE,
    GUARANTOR,
    LENDER,
    approve,
    diligence,
    import_rows,
    ok,
    person,
    row,
)

pytestmark = pytest.mark.postgres


async def test_G3_two_concurrent_approvals_cannot_both_fit_under_the_cap(pgclient) -> None:
    c = pgclient
    party = person(1)
    await import_rows(c, row(party))
    bid = ok(await c.get("/borrowers", headers=GUARANTOR))[0]["id"]
    made = ok(
        await c.post(
            "/guarantees/recommendations",
            json={"lender_org_id": "BANK-A", "borrower_ids": [bid, bid]},
            headers=GUARANTOR,
        ),
        201,
    )
    ids = [g["id"] for g in made]
    for gid in ids:
        ok(await diligence(c, gid, amount="1200000"))
        ok(await approve(c, gid, LENDER))
    results = await asyncio.gather(*(approve(c, gid, GUARANTOR, "0.01") for gid in ids))
    assert sorted(r.status_code for r in results) == [200, 422]
    refused = next(r for r in results if r.status_code == 422)
    assert refused.json()["errors"][0]["rule"] == "G3"
    states = [ok(await c.get(f"/guarantees/{g}", headers=GUARANTOR))["state"] for g in ids]
    assert sorted(states) == ["approved", "diligence_reported"]


async def test_G8_two_first_deposits_open_the_fund_once(pgclient) -> None:
    c = pgclient
    path = f"/funds/{COUNTY}/reward_pool/deposits"
    results = await asyncio.gather(
        *(c.post(path, json={"amount": "1.00", "note": f"n{i}"}, headers=FINANCE) for i in range(2))
    )
    assert [r.status_code for r in results] == [201, 201]
    fund = ok(await c.get(f"/funds/{COUNTY}/reward_pool", headers=FINANCE))
    assert fund["balance"] == "10000002.00"
    assert [e["kind"] for e in fund["entries"]].count("opening") == 1


async def test_G11_two_concurrent_blacklistings_of_one_party_stand_once(pgclient) -> None:
    c = pgclient
    body = {"party_id": person(9), "party_name": "王五", "reason": "恶意骗贷"}
    results = await asyncio.gather(
        *(c.post("/blacklist", json=body, headers=h) for h in (GUARANTOR, FINANCE))
    )
    assert sorted(r.status_code for r in results) == [201, 409]
    assert len(ok(await c.get("/blacklist", headers=GUARANTOR))) == 1


async def test_G5_reading_a_guarantee_does_not_wait_behind_a_step_in_progress(pgclient) -> None:
    """Reads take no row lock (issue 18): a step holding the guarantee's row (FOR UPDATE)
    does not hold up ``GET /guarantees/{id}``, its decisions or the bank's report."""
    from sqlalchemy import select

    from guarantee.guarantees.models import Guarantee

    c = pgclient
    party = person(2)
    await import_rows(c, row(party))
    bid = ok(await c.get("/borrowers", headers=GUARANTOR))[0]["id"]
    [made] = ok(
        await c.post(
            "/guarantees/recommendations",
            json={"lender_org_id": "BANK-A", "borrower_ids": [bid]},
            headers=GUARANTOR,
        ),
        201,
    )
    gid = made["id"]
    ok(await diligence(c, gid))
    async with c.runtime.transaction() as session:
        await session.execute(select(Guarantee).where(Guarantee.id == gid).with_for_update())
        for path in (f"/guarantees/{gid}", f"/guarantees/{gid}/decisions"):
            r = await asyncio.wait_for(c.get(path, headers=GUARANTOR), timeout=10)
            assert r.status_code == 200, r.text
        r = await asyncio.wait_for(
            c.get(f"/guarantees/{gid}/due-diligence/report", headers=GUARANTOR), timeout=10
        )
        assert r.status_code == 200
