"""Issue 15: a visit id beyond the database integer was a 500 (OverflowError, defect 2);
the times a person reads are Beijing time."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("visit_id", [str(2**63), str(2**63 - 1), str(2**31), "-1"])
async def test_X4_an_out_of_range_visit_id_is_a_422_not_a_500(reg, visit_id: str) -> None:
    lien = await reg.lien()
    r = await reg.visit(lien["id"], visit_id)
    assert r.status_code == 422, r.text
    assert [e["field"] for e in r.json()["errors"]] == ["visit_id"]


async def test_X4_the_largest_visit_id_the_column_holds_is_a_404(reg) -> None:
    lien = await reg.lien()
    r = await reg.visit(lien["id"], 2**31 - 1)
    assert r.status_code == 404, r.text


async def test_R1_the_search_certificate_states_its_issue_time_in_beijing_time(reg) -> None:
    """A person reads the certificate: its time is Asia/Shanghai with the offset."""
    from datetime import datetime

    from registry_testkit import person

    right = await reg.right()
    r = await reg.c.post(
        f"/rights/{right['certificate_no']}/search-certificates",
        headers=person(right["holder_party_id"]),
    )
    assert r.status_code == 200, r.text
    issued = r.json()["text"].split("出具 Issued: ", 1)[1].split()[0]
    assert issued.endswith("+08:00")
    assert datetime.fromisoformat(issued) == reg.clock.now().replace(microsecond=0)
