"""L25 at a county's scale (issue 20, bench/reports_bench.py): the monthly report counts
and joins the county's listings in SQL — it binds no listing's id as a parameter (50,000
of them exceed PostgreSQL's 32,767 and the report failed) and loads no listing but the
month's priced ones — and its figures stay the same."""

from __future__ import annotations

from sqlalchemy import event

from listing.listings.models import Listing
from listing.monitoring import service


async def test_L25_the_month_binds_no_listing_id_and_loads_only_priced_listings(lite) -> None:
    failing, stopped, other = await lite.month_of_listings()
    ids = {failing["id"], stopped["id"], other["id"]}
    bound: list[object] = []
    loaded: list[Listing] = []

    def record(_conn, _cursor, _statement, parameters, _context, _many) -> None:
        bound.extend(parameters.values() if isinstance(parameters, dict) else parameters)

    def load(target: Listing, _context: object) -> None:
        loaded.append(target)

    engine = lite.rt.engine.sync_engine
    event.listen(engine, "before_cursor_execute", record)
    event.listen(Listing, "load", load)
    try:
        async with lite.rt.transaction() as s:
            report = await service.compute(s, lite.COUNTY, lite.clock.now().date().replace(day=1))
    finally:
        event.remove(engine, "before_cursor_execute", record)
        event.remove(Listing, "load", load)
    assert not ids & {str(p) for p in bound}
    assert all(x.price_class or x.annual_transfer_price_fen is not None for x in loaded)
    rows = {r.township: r for r in report.townships}
    assert rows[lite.TOWNSHIP].by_state == {"failed": 1, "suspended": 1}
    assert (rows[lite.TOWNSHIP].closed, rows[lite.TOWNSHIP].failed) == (1, 1)
    assert [s.listing_id for s in rows[lite.TOWNSHIP].stops] == [stopped["id"]]
    assert rows[lite.OTHER_TOWNSHIP].by_state == {"draft": 1}
