"""R24 at a county's scale (issue 20, bench/reports_bench.py): the pilot statistics read
the county's liens as rows and join their disposals and visits on them — no lien's id is
bound as a parameter (40,000 of them exceed PostgreSQL's 32,767 and the filing failed),
no lien loaded as an entity — and the figures stay the same."""

from __future__ import annotations

from registry_testkit import COUNTY
from sqlalchemy import event

from common.filings import parse_period
from registry.liens.models import Lien
from registry.statistics import service


async def test_R24_binds_no_lien_id_and_loads_no_lien_entity(reg) -> None:
    kept = await reg.lien(loan_amount="50000.00")
    repaid = await reg.lien(loan_amount="30000.00")
    r = await reg.discharge(repaid["id"], note="结清")
    assert r.status_code == 200, r.text
    bound: list[object] = []
    loaded: list[Lien] = []

    def record(_conn, _cursor, _statement, parameters, _context, _many) -> None:
        bound.extend(parameters.values() if isinstance(parameters, dict) else parameters)

    def load(target: Lien, _context: object) -> None:
        loaded.append(target)

    engine = reg.c.runtime.engine.sync_engine
    event.listen(engine, "before_cursor_execute", record)
    event.listen(Lien, "load", load)
    try:
        async with reg.c.runtime.transaction() as s:
            stats = await service.compute(s, COUNTY, parse_period(f"{reg.today:%Y-%m}"))
    finally:
        event.remove(engine, "before_cursor_execute", record)
        event.remove(Lien, "load", load)
    assert loaded == []
    assert not {kept["id"], repaid["id"]} & {str(p) for p in bound}
    (land,) = [x for x in stats.rows if x.right_class == "land"]
    assert (land.registered, land.outstanding, land.discharged_repaid) == (2, 1, 1)
