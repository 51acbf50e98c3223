"""L25 at a county's scale (issue 20, bench/reports_bench.py): the monthly report counts
and joins the county's listings in SQL — it binds no listing's id as a parameter (50,000
of them exceed PostgreSQL's 32,767 and the report failed) and loads no listing but the
month's priced ones — and its figures stay the same."""

from __future__ import annotations

from listing.listings.models import Listing
from listing.monitoring import service
from testkit.testing import watching


async def test_L25_the_month_binds_no_listing_id_and_loads_only_priced_listings(lite) -> None:
    failing, stopped, other = await lite.month_of_listings()
    ids = {failing["id"], stopped["id"], other["id"]}
    with watching(lite.rt.engine, Listing) as seen:
        async with lite.rt.transaction() as s:
            report = await service.compute(s, lite.COUNTY, lite.clock.now().date().replace(day=1))
    assert not ids & {str(p) for p in seen.bound}
    assert all(x.price_class or x.annual_transfer_price_fen is not None for x in seen.loaded)
    rows = {r.township: r for r in report.townships}
    assert rows[lite.TOWNSHIP].by_state == {"failed": 1, "suspended": 1}
    assert (rows[lite.TOWNSHIP].closed, rows[lite.TOWNSHIP].failed) == (1, 1)
    assert [s.listing_id for s in rows[lite.TOWNSHIP].stops] == [stopped["id"]]
    assert rows[lite.OTHER_TOWNSHIP].by_state == {"draft": 1}
