"""Z1 under concurrency on PostgreSQL: two proposals for one household at the same moment
leave exactly one active qualification (the partial unique index decides, the loser gets
the same refusal as when it comes second)."""

from __future__ import annotations

import asyncio

import pytest
from collective_helpers import OFFICER, collective, household, propose, resolution

pytestmark = pytest.mark.postgres


async def test_Z1_two_simultaneous_proposals_leave_one_active_qualification(pgclient) -> None:
    await collective(pgclient)
    h = await household(pgclient, 1)
    r = await resolution(pgclient)
    first, second = await asyncio.gather(
        propose(pgclient, h["id"], r["id"]), propose(pgclient, h["id"], r["id"])
    )
    assert sorted([first.status_code, second.status_code]) == [201, 422]
    loser = first if first.status_code == 422 else second
    assert [(e["field"], e["rule"]) for e in loser.json()["errors"]] == [("household_id", "Z1")]
    url = f"/collectives/{h['collective_id']}/qualifications"
    register = (await pgclient.get(url, headers=OFFICER)).json()
    assert len(register) == 1
