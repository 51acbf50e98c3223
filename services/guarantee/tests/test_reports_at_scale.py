"""G9 at a county's scale (issue 20, bench/reports_bench.py): the quarterly filing reads
the county's book as rows in a few set-based queries — no entity per guarantee or per
borrower's file, no list of ids bound as parameters — and its figures stay the same."""

from __future__ import annotations

from datetime import UTC, datetime

from guarantee_helpers import CLERK, COUNTY, bank_entry, issued, ok, person
from sqlalchemy import event

from common.filings import parse_period
from guarantee.borrowers.models import Borrower
from guarantee.guarantees.models import Guarantee
from guarantee.reports.service import G9_REPORT
from testkit.testing import watching


async def test_G9_filing_loads_no_entity_per_guarantee_or_file_and_binds_no_id(client) -> None:
    ids = [await issued(client, person(n), "100000") for n in (1, 2, 3)]
    for n, gid in enumerate(ids):
        body = {"amount": "100000", "bank_reference": f"d{n}"}
        ok(await bank_entry(client, gid, "drawdowns", body, f"d{n}"), 201)
    client.clock.set(datetime(2026, 4, 11, 3, 0, tzinfo=UTC))
    with watching(client.runtime.engine, Guarantee, Borrower) as seen:
        async with client.runtime.transaction() as s:
            data, book = await G9_REPORT.compute(s, COUNTY, parse_period("2026-Q1"))
    assert seen.loaded == []
    assert not set(ids) & {str(p) for p in seen.bound}
    ind = data["indicators"]
    assert (ind["guarantees_issued"], ind["new_entities"], ind["beneficiaries"]) == (3, 3, 3)
    assert ind["in_guarantee_balance"] == "300000.00"
    (by_township,) = [t for t in book["tables"] if t["name"] == "按乡镇"]
    assert sum(r["balance_fen"] for r in by_township["rows"]) == 30_000_000


async def test_G12_credit_bureau_export_names_the_borrowers_without_binding_their_ids(
    client,
) -> None:
    """The month's loans in arrears read their borrowers' names by a subquery on the
    county's overdue reports, not a list of ids bound as parameters (past 32,767 ids
    PostgreSQL refuses the statement); each loan keeps its own borrower's name."""
    from guarantee_helpers import import_rows, row

    from common.clock import local_date
    from guarantee.reports import credit

    ids = [await issued(client, person(n), "100000") for n in (1, 2, 3)]
    for n, gid in enumerate(ids):
        body = {"amount": "100000", "bank_reference": f"d{n}"}
        ok(await bank_entry(client, gid, "drawdowns", body, f"d{n}"), 201)
    first, second, _never_overdue = ids  # the third is not in the export
    for n, gid in enumerate((first, second)):
        body = {"principal": "20000", "interest": "0", "bank_reference": f"o{n}"}
        ok(await bank_entry(client, gid, "overdue", body, f"o{n}"), 201)
    await import_rows(client, row(person(2), name="李四家庭农场"))  # the file renewed (G18)
    borrowers = {b["party_id"]: b for b in ok(await client.get("/borrowers", headers=CLERK))}
    bound: list[object] = []

    def record(_conn, _cursor, _statement, parameters, _context, _many) -> None:
        bound.extend(parameters.values() if isinstance(parameters, dict) else parameters)

    engine = client.runtime.engine.sync_engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        async with client.runtime.transaction() as s:
            rep = await credit.export(s, COUNTY, f"{local_date(client.clock.now()):%Y-%m}")
    finally:
        event.remove(engine, "before_cursor_execute", record)
    assert not {b["id"] for b in borrowers.values()} & {str(p) for p in bound}
    assert {loan["guarantee_id"]: loan["name"] for loan in rep["loans"]} == {
        first: borrowers[person(1)]["name"],
        second: "李四家庭农场",
    }
