"""R24 at a county's scale (issue 20, bench/reports_bench.py): the pilot statistics read
the county's liens as rows and join their disposals and visits on them — no lien's id is
bound as a parameter (40,000 of them exceed PostgreSQL's 32,767 and the filing failed),
no lien loaded as an entity — and the figures stay the same."""

from __future__ import annotations

from registry_testkit import COUNTY

from common.filings import parse_period
from registry.liens.models import Lien
from registry.statistics import service
from testkit.testing import watching


async def test_R24_binds_no_lien_id_and_loads_no_lien_entity(reg) -> None:
    kept = await reg.lien(loan_amount="50000.00")
    repaid = await reg.lien(loan_amount="30000.00")
    r = await reg.discharge(repaid["id"], note="结清")
    assert r.status_code == 200, r.text
    with watching(reg.c.runtime.engine, Lien) as seen:
        async with reg.c.runtime.transaction() as s:
            stats = await service.compute(s, COUNTY, parse_period(f"{reg.today:%Y-%m}"))
    assert seen.loaded == []
    assert not {kept["id"], repaid["id"]} & {str(p) for p in seen.bound}
    (land,) = [x for x in stats.rows if x.right_class == "land"]
    assert (land.registered, land.outstanding, land.discharged_repaid) == (2, 1, 1)
