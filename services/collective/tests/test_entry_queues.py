"""The 入市 lists the portal's queues read (E4, E9, X3): the county's plans and deals for
its natural resources bureau, a collective's for its village officer — oldest first, by
state, another county's or collective's refused."""

from __future__ import annotations

from collective_helpers import (
    BUREAU,
    COUNTY,
    NEIGHBOUR,
    NEIGHBOUR_OFFICER,
    OFFICER,
    OTHER_BUREAU,
    VILLAGE,
    collective,
    contracted_entry_deal,
    ok,
)


async def test_E9_X3_the_bureau_lists_the_county_s_contracts_awaiting_filing(lite) -> None:
    plan, deal = await contracted_entry_deal(lite)
    base = f"/counties/{COUNTY}"
    (waiting,) = ok(
        await lite.get(f"{base}/entry-deals", params={"status": "contracted"}, headers=BUREAU)
    )
    assert waiting["id"] == deal["id"] and waiting["filing_late"] is False
    assert waiting["filing_due_at"] == deal["filing_due_at"]
    assert (
        ok(await lite.get(f"{base}/entry-deals", params={"status": "filed"}, headers=BUREAU)) == []
    )
    (cleared,) = ok(
        await lite.get(f"{base}/entry-plans", params={"status": "cleared"}, headers=BUREAU)
    )
    assert cleared["id"] == plan["id"]
    assert (await lite.get(f"{base}/entry-deals", headers=OTHER_BUREAU)).status_code == 403
    assert (await lite.get(f"{base}/entry-plans", headers=OFFICER)).status_code == 403
    bad = await lite.get(f"{base}/entry-deals", params={"status": "lost"}, headers=BUREAU)
    assert bad.status_code == 422 and "status" in bad.text


async def test_X3_the_village_officer_lists_its_own_collective_s_entry(lite) -> None:
    _plan, deal = await contracted_entry_deal(lite)
    await collective(lite, NEIGHBOUR)
    (mine,) = ok(await lite.get(f"/collectives/{VILLAGE}/entry-deals", headers=OFFICER))
    assert mine["id"] == deal["id"]
    assert len(ok(await lite.get(f"/collectives/{VILLAGE}/entry-plans", headers=OFFICER))) == 1
    other = await lite.get(f"/collectives/{VILLAGE}/entry-deals", headers=NEIGHBOUR_OFFICER)
    assert other.status_code == 403
    assert (
        ok(await lite.get(f"/collectives/{NEIGHBOUR}/entry-plans", headers=NEIGHBOUR_OFFICER)) == []
    )
