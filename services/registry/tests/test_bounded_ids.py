"""Issue 15 defect 2: a visit id beyond the database integer was a 500 (OverflowError)."""

from __future__ import annotations

import pytest
from registry_testkit import BANK_A

VISIT = {
    "collateral_condition": "normal",
    "use_of_funds": "as_agreed",
    "operation": "normal",
}


@pytest.mark.parametrize("visit_id", [str(2**63), str(2**63 - 1), str(2**31), "-1"])
async def test_X4_an_out_of_range_visit_id_is_a_422_not_a_500(reg, visit_id: str) -> None:
    lien = await reg.lien()
    r = await reg.c.post(
        f"/liens/{lien['id']}/visits/{visit_id}",
        json={**VISIT, "visited_on": str(reg.today)},
        headers=BANK_A,
    )
    assert r.status_code == 422, r.text
    assert [e["field"] for e in r.json()["errors"]] == ["visit_id"]


async def test_X4_the_largest_visit_id_the_column_holds_is_a_404(reg) -> None:
    lien = await reg.lien()
    r = await reg.c.post(
        f"/liens/{lien['id']}/visits/{2**31 - 1}",
        json={**VISIT, "visited_on": str(reg.today)},
        headers=BANK_A,
    )
    assert r.status_code == 404, r.text
