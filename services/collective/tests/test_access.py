"""X3 in the collective service: a village homestead officer sees and records only its own
collective, a township homestead office its own township, the county readers (county
office, joint inspection) their county."""

from __future__ import annotations

import pytest
from collective_helpers import (
    COUNTY_OFFICE,
    FAR_OFFICER,
    FAR_VILLAGE,
    INSPECTION,
    NEIGHBOUR,
    NEIGHBOUR_OFFICER,
    OFFICER,
    OTHER_COUNTY_INSPECTION,
    OTHER_TOWNSHIP,
    OTHER_TOWNSHIP_OFFICE,
    TOWNSHIP_OFFICE,
    collective,
    household,
    ok,
    person,
    propose,
    resolution,
)


@pytest.fixture
async def village(lite) -> dict:
    await collective(lite)
    await collective(lite, NEIGHBOUR)
    await collective(lite, FAR_VILLAGE, OTHER_TOWNSHIP)
    h = await household(lite, 1)
    r = await resolution(lite)
    q = ok(await propose(lite, h["id"], r["id"]), 201)
    return {"household": h, "resolution": r, "qualification": q}


async def test_X3_a_village_officer_sees_only_its_own_village(lite, village) -> None:
    h = village["household"]
    reads = [
        f"/households/{h['id']}",
        f"/households/{h['id']}/homestead",
        f"/resolutions/{village['resolution']['id']}",
        f"/qualifications/{village['qualification']['id']}",
        "/collectives/371324100201/qualifications",
    ]
    for url in reads:
        assert (await lite.get(url, headers=OFFICER)).status_code == 200, url
        for other in (NEIGHBOUR_OFFICER, FAR_OFFICER):
            refused = await lite.get(url, headers=other)
            assert refused.status_code == 403, url
            assert refused.json()["type"].endswith("/other-organization")
    # nor records for another village
    body = {
        "head_party_id": person(9),
        "address": "x",
        "members": [{"party_id": person(9), "name": "x", "adult": True, "confirmed": True}],
    }
    refused = await lite.post(
        "/collectives/371324100201/households", json=body, headers=NEIGHBOUR_OFFICER
    )
    assert refused.status_code == 403


async def test_X3_a_township_office_works_on_its_own_township(lite, village) -> None:
    q = village["qualification"]["id"]
    assert (await lite.get(f"/qualifications/{q}", headers=TOWNSHIP_OFFICE)).status_code == 200
    assert (
        await lite.get(f"/qualifications/{q}", headers=OTHER_TOWNSHIP_OFFICE)
    ).status_code == 403
    refused = await lite.post(f"/qualifications/{q}/confirm", headers=OTHER_TOWNSHIP_OFFICE)
    assert refused.status_code == 403
    # and enters collectives only in its own township
    body = {"id": "371324100299", "name": "x", "county": "371324", "township": OTHER_TOWNSHIP}
    assert (await lite.post("/collectives", json=body, headers=TOWNSHIP_OFFICE)).status_code == 403


async def test_X3_county_office_and_joint_inspection_read_their_county(lite, village) -> None:
    url = f"/qualifications/{village['qualification']['id']}"
    for reader in (COUNTY_OFFICE, INSPECTION):
        assert (await lite.get(url, headers=reader)).status_code == 200
    assert (await lite.get(url, headers=OTHER_COUNTY_INSPECTION)).status_code == 403
    # the joint inspection only reads
    assert (await lite.post(f"{url}/confirm", headers=INSPECTION)).status_code == 403


async def test_X3_the_list_of_collectives_is_the_callers_own(lite, village) -> None:
    """GET /collectives (the consoles' queues): a village officer its own collective, a
    township office its township's, the county readers their county's, another county
    none."""

    async def ids(headers: dict) -> list[str]:
        return [c["id"] for c in ok(await lite.get("/collectives", headers=headers))]

    assert await ids(OFFICER) == ["371324100201"]
    assert await ids(TOWNSHIP_OFFICE) == ["371324100201", NEIGHBOUR]
    assert await ids(OTHER_TOWNSHIP_OFFICE) == [FAR_VILLAGE]
    assert await ids(INSPECTION) == ["371324100201", NEIGHBOUR, FAR_VILLAGE]
    assert await ids(OTHER_COUNTY_INSPECTION) == []
