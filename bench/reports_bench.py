"""Reports benchmark — G9, L25, R24 at 100,000 guarantees and 50,000 listings (issue 20).

One county (620821) with ``--guarantees`` guarantees — borrowers' files, guarantees in
every stage of G5, their bank's drawdowns, repayments and overdue reports, the
compensations, spread over 15 townships and 5 banks and two years — and ``--listings``
listings with what L25 reads (every state, the decision log's closings, suspensions and
terminations, buyers' registrations with refusals, L9 violations, bars and blacklist
entries, farmland references), and ``--liens`` liens on pledged rights with the lenders'
post-loan visits (R24). The rows go straight into a fresh database of the deploy/
PostgreSQL (``rex_reports_bench``, created and dropped by the bench) with COPY into the
services' own tables, migrated by the services' own Alembic revisions.

Then it times the quarter's reports as X7 files them: the filing timer's handler
(``Filings.on_timer``: the definition's compute — the report and its workbook — the
filing row, its decision, the next period's timer), then the xlsx a download renders
from the filed workbook (``common.filings.workbook_xlsx``). G9's and R24's quarterly
reports, and L25's three monthly reports of the same quarter. Each is run ``--repeat``
times, in a transaction rolled back afterwards, and printed beside a plain SQL aggregate
over the same rows (what PostgreSQL alone needs to sum them). Target (issue 20): each quarter's
reports in under 10 s. A script, not a test: ~2 minutes to seed and ~1-2 to time on two
cores. Figures: bench/README.md, "Reports benchmark".

    . scripts/env.sh && export REX_PG_PORT=...     # the deploy/ PostgreSQL (deploy/up.sh)
    uv run --frozen python bench/reports_bench.py
    uv run --frozen python bench/reports_bench.py --guarantees 10000 --listings 5000 --repeat 1
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import asyncpg
from sqlalchemy import Table

REPO = Path(__file__).resolve().parents[1]
BENCH_DB = "rex_reports_bench"
COUNTY = "620821"
TOWNSHIPS = [f"620821{100 + i}" for i in range(1, 16)]
BANKS = ["BANK-QY-ABC", "BANK-QY-RCC", "BANK-QY-PSBC", "BANK-QY-CCB", "BANK-QY-BOC"]
GUARANTOR = "AHNDB-QY"
#: the data spans two years up to the quarter's end; the clock stands after the filings'
#: due moments (10 days after the quarter, the 10th of the next month)
FIRST = datetime(2024, 10, 1, tzinfo=UTC)


def month_of(p: str) -> list[str]:
    year, q = p.split("-Q")
    return [f"{year}-{3 * (int(q) - 1) + m:02d}" for m in (1, 2, 3)]


# --- loading ------------------------------------------------------------------------------


async def copy(conn: asyncpg.Connection, schema: str, table: Table, rows: list[dict]) -> None:
    """COPY ``rows`` into ``schema.table``: the columns the rows give, plus every column
    with a scalar default (what an insert through the model would have set)."""
    if not rows:
        return
    given = list(rows[0])
    defaults = {
        c.name: c.default.arg
        for c in table.columns
        if c.name not in given and c.default is not None and c.default.is_scalar
    }
    json_cols = {c.name for c in table.columns if c.type.__class__.__name__ == "JSON"}
    columns = given + list(defaults)

    def record(r: dict) -> tuple:
        values = [r[k] for k in given] + list(defaults.values())
        return tuple(
            json.dumps(v, ensure_ascii=False) if k in json_cols and v is not None else v
            for k, v in zip(columns, values, strict=True)
        )

    await conn.copy_records_to_table(
        table.name, records=[record(r) for r in rows], columns=columns, schema_name=schema
    )


def spread(rng: random.Random, start: datetime, end: datetime) -> datetime:
    return start + timedelta(seconds=rng.uniform(0, (end - start).total_seconds()))


def guarantee_rows(n: int, until: datetime, rng: random.Random) -> dict[str, list[dict]]:
    """G9's inputs: files, guarantees in every stage, the bank's entries, compensations."""
    borrowers: list[dict] = []
    guarantees: list[dict] = []
    entries: list[dict] = []
    comps: list[dict] = []
    first_time = int(n * 0.85)  # the rest are a second guarantee of an earlier borrower
    extra_files = n // 10  # files that never got a guarantee (the beneficiary rate's base)
    for i in range(first_time + extra_files):
        created = spread(rng, FIRST - timedelta(days=60), until - timedelta(days=45))
        borrowers.append(
            {
                "id": f"B{i:011d}",
                "county": COUNTY,
                "township_id": TOWNSHIPS[i % len(TOWNSHIPS)],
                "village": f"第{i % 40 + 1}村",
                "party_id": f"6208211980{i:08d}",
                "name": f"经营主体{i}",
                "kind": ("family_farm", "cooperative", "large_grower", "enterprise")[i % 4],
                "phone": f"139{i:08d}",
                "purpose": ("planting", "breeding", "processing")[i % 3],
                "main_business": "种植",
                "haves": {"land": True, "skill": True},
                "category": "A",
                "category_by_rule": "A",
                "import_batch": f"IMP{i // 1000:05d}",
                "created_by": "bench",
                "created_at": created,
                "updated_at": created,
            }
        )
    ref = 0
    for i in range(n):
        b = borrowers[i if i < first_time else rng.randrange(first_time)]
        roll = rng.random()
        state = (
            "recommended"
            if roll < 0.02
            else "diligence_reported"
            if roll < 0.04
            else "approved"
            if roll < 0.05
            else "in_notice"
            if roll < 0.06
            else "county_recommended"
            if roll < 0.07
            else "rejected"
            if roll < 0.09
            else "issued"
            if roll < 0.11
            else "active"
            if roll < 0.60
            else "repaid"
            if roll < 0.86
            else "overdue"
            if roll < 0.95
            else "compensated"
        )
        # a loan repaid, overdue or compensated by the quarter's end began early enough
        # for its whole story (drawdown, repayments, overdue report, compensation) to fit
        settled = state in ("repaid", "overdue", "compensated")
        latest = until - timedelta(days=340 if settled else 40)
        created = spread(rng, min(max(b["created_at"], FIRST), latest), latest)
        amount = rng.randrange(50_000, 300_001, 1000) * 100
        issued = state in ("issued", "active", "repaid", "overdue", "compensated")
        issued_at = created + timedelta(days=30) if issued else None
        gid = f"G{i:011d}"
        guarantees.append(
            {
                "id": gid,
                "county": COUNTY,
                "borrower_id": b["id"],
                "party_id": b["party_id"],
                "township_id": b["township_id"],
                "lender_org_id": BANKS[rng.randrange(len(BANKS))],
                "guarantor_org_id": GUARANTOR,
                "state": state,
                "amount_fen": amount,
                "term_months": 12,
                "issued_at": issued_at,
                "created_at": created,
                "updated_at": created,
            }
        )
        if not issued or state == "issued":
            continue

        def entry(kind: str, principal: int, at: datetime, gid: str = gid) -> None:
            nonlocal ref
            ref += 1
            entries.append(
                {
                    "guarantee_id": gid,
                    "kind": kind,
                    "principal_fen": principal,
                    "interest_fen": principal // 20,
                    "bank_reference": f"R{ref:010d}",
                    "recorded_by": "bench",
                    "recorded_at": at,
                }
            )

        drawn_at = issued_at + timedelta(days=3)
        entry("drawdown", amount, drawn_at)
        if state == "active":
            if rng.random() < 0.5:
                entry("repayment", amount // 4, drawn_at + timedelta(days=90))
        elif state == "repaid":
            entry("repayment", amount // 2, drawn_at + timedelta(days=120))
            entry("repayment", amount - amount // 2, drawn_at + timedelta(days=300))
        else:  # overdue or compensated
            entry("repayment", amount // 5, drawn_at + timedelta(days=90))
            overdue_at = drawn_at + timedelta(days=200)
            entry("overdue", amount - amount // 5, overdue_at)
            if state == "compensated":
                owed = amount - amount // 5
                comps.append(
                    {
                        "guarantee_id": gid,
                        "overdue_fen": owed,
                        "guarantor_paid_fen": owed,
                        "county_share_fen": owed * 3 // 10,
                        "bank_share_fen": owed * 2 // 10,
                        "guarantor_net_fen": owed - owed * 3 // 10 - owed * 2 // 10,
                        "basis": "principal",
                        "paid_by": "bench",
                        "paid_at": overdue_at + timedelta(days=30),
                    }
                )
    # an active loan's repayment may fall after the quarter: later entries are not
    # loaded (the book is dated; nothing is recorded in the future)
    entries = [e for e in entries if e["recorded_at"] < until]
    return {
        "borrowers": borrowers,
        "guarantees": guarantees,
        "loan_entries": entries,
        "compensations": comps,
    }


LISTING_STATES = [
    ("draft", 0.03),
    ("submitted", 0.02),
    ("returned", 0.03),
    ("registered", 0.02),
    ("announced", 0.05),
    ("suspended", 0.01),
    ("trading", 0.02),
    ("concluded", 0.10),
    ("contracted", 0.47),
    ("failed", 0.20),
    ("terminated", 0.05),
]
CLOSED_STATES = ("trading", "concluded", "contracted", "failed")


def actor(decided_at: datetime) -> dict[str, Any]:
    return {
        "actor_subject": "bench",
        "actor_name": "交易中心",
        "actor_roles": ["exchange_staff"],
        "actor_org": f"county:{COUNTY}",
        "rule": "L4",
        "reason": None,
        "decided_at": decided_at,
    }


def listing_rows(n: int, until: datetime, rng: random.Random) -> dict[str, list[dict]]:
    """L25's inputs: listings in every state, their decision log, registrations, L9
    violations, bars and blacklist entries."""
    listings: list[dict] = []
    decisions: list[dict] = []
    registrations: list[dict] = []
    states = [s for s, _ in LISTING_STATES]
    weights = [w for _, w in LISTING_STATES]
    for i in range(n):
        lid = f"L{i:011d}"
        created = spread(rng, FIRST, until - timedelta(days=1))
        status = rng.choices(states, weights)[0]
        published = created + timedelta(days=5)
        farmland = i % 3 == 0
        listings.append(
            {
                "id": lid,
                "county": COUNTY,
                "township": TOWNSHIPS[i % 9],
                "title": f"第{i}号地块经营权出租",
                "description": "",
                "product": "land_contract" if farmland else "collective_asset",
                "way": "lease",
                "mode": "ascending",
                "term_start": date(2025, 1, 1),
                "term_end": date(2035, 12, 31),
                "area_mu": Decimal("20.0000"),
                "location": "木镇镇",
                "seller_party_id": f"6208211970{i:08d}",
                "seller_name": f"出让方{i}",
                "seller_kind": "individual",
                "reserve_price_fen": rng.randrange(20_000, 200_000) * 100,
                "deposit_fen": 200_000,
                "increment_fen": 100_000,
                "annual_transfer_price_fen": 60_000 if farmland else None,
                "return_reasons": [],
                "status": status,
                "published_at": published if status not in states[:4] else None,
                "outcome": "failed" if status == "failed" else None,
                "created_by": "bench",
                "created_at": created,
                "updated_at": created,
            }
        )
        # the log every listing has (create, submit, approvals …) and the ones L25 reads
        for k, action in enumerate(("listing.created", "listing.submitted", "listing.approved")):
            decisions.append(
                {
                    "subject_type": "listing",
                    "subject_id": lid,
                    "action": action,
                    "data": {},
                    **actor(created + timedelta(hours=k)),
                }
            )
        closes = published + timedelta(days=20)
        if status in CLOSED_STATES and closes < until:
            outcome = "failed" if status == "failed" else "buyers"
            decisions.append(
                {
                    "subject_type": "listing",
                    "subject_id": lid,
                    "action": "listing.announcement_closed",
                    "data": {"outcome": outcome},
                    **actor(closes),
                }
            )
        if status in ("suspended", "terminated"):
            decisions.append(
                {
                    "subject_type": "listing",
                    "subject_id": lid,
                    "action": f"listing.{status}",
                    "data": {"reason_code": "dispute", "reason": "权属争议"},
                    **actor(min(published + timedelta(days=7), until - timedelta(hours=1))),
                }
            )
        if status in CLOSED_STATES or status == "announced":
            for k in range(rng.randrange(1, 3)):
                rejected = rng.random() < 0.08
                at = min(published + timedelta(days=10), until - timedelta(hours=1))
                registrations.append(
                    {
                        "id": f"R{i:010d}{k}",
                        "listing_id": lid,
                        "party_id": f"6208211990{i:07d}{k}",
                        "name": f"意向受让方{i}-{k}",
                        "buyer_kind": "individual",
                        "phone": "13900000000",
                        "status": "rejected" if rejected else "qualified",
                        "reasons": [{"rule": "L13", "message": "barred"}] if rejected else [],
                        "deposit_paid_fen": 0,
                        "registered_by": "bench",
                        "registered_at": at - timedelta(days=1),
                        "decided_by": "bench",
                        "decided_at": at,
                    }
                )
    flags = [
        {
            "county": COUNTY,
            "collective_id": f"COL{i:04d}",
            "asset": f"集体资产{i}",
            "asset_kind": "building",
            "value_fen": 50_000_000,
            "threshold_fen": 10_000_000,
            "violation": i % 2 == 0,
            "note": "",
            "recorded_by": "bench",
            "recorded_at": spread(rng, FIRST, until - timedelta(days=1)),
        }
        for i in range(max(1, n // 250))
    ]
    restrictions = [
        {
            "party_id": f"6208211960{i:08d}",
            "source": "centre" if i % 2 else "guarantee",
            "county": COUNTY if i % 2 else "",
            "name": f"受限方{i}",
            "active": i % 5 != 0,
            "reason": "L13",
            "decided_by": "bench",
            "changed_at": FIRST,
        }
        for i in range(max(1, n // 500))
    ]
    return {
        "listings": listings,
        "decisions": decisions,
        "registrations": registrations,
        "off_exchange_flags": flags,
        "restrictions": restrictions,
    }


def lien_rows(n: int, until: datetime, rng: random.Random) -> dict[str, list[dict]]:
    """R24's inputs: the pledged rights, their liens (registered over two years, a third
    discharged) and the lenders' post-loan visits (some overdue or done late)."""
    rights: list[dict] = []
    liens: list[dict] = []
    visits: list[dict] = []
    for i in range(n):
        cert = f"QY{i:010d}"
        housing = i % 5 == 0
        registered = spread(rng, FIRST, until - timedelta(days=1))
        rights.append(
            {
                "certificate_no": cert,
                "county": COUNTY,
                "township": TOWNSHIPS[i % len(TOWNSHIPS)],
                "right_type": "farmer_housing" if housing else "land_contract",
                "origin": "other",
                "holder_party_id": f"6208211985{i:08d}",
                "holder_name": f"权利人{i}",
                "co_owners": [],
                "location": "木镇镇",
                "area_mu": "20",
                "created_at": FIRST - timedelta(days=30),
                "updated_at": FIRST - timedelta(days=30),
            }
        )
        discharged = registered + timedelta(days=365)
        ended = rng.random() < 0.35 and discharged < until
        lien_id = f"LN{i:010d}"
        amount = rng.randrange(50_000, 500_001, 1000) * 100
        liens.append(
            {
                "id": lien_id,
                "application_id": f"LA{i:010d}",
                "certificate_no": cert,
                "county": COUNTY,
                "lender_org_id": BANKS[i % len(BANKS)],
                "lender_name": "合作银行",
                "borrower_party_id": f"6208211985{i:08d}",
                "borrower_name": f"权利人{i}",
                "secured_amount_fen": amount,
                "appraised_value_fen": amount * 2,
                "rank": 1,
                "term_end": (registered + timedelta(days=3 * 365)).date(),
                "registered_at": registered,
                "annotation": "抵押登记",
                "publicity": {},
                "status": "discharged" if ended else "active",
                "discharge_reason": "repaid" if ended else None,
                "discharged_at": discharged if ended else None,
            }
        )
        for k in (1, 2):
            due = (registered + timedelta(days=180 * k)).date()
            if due >= until.date():
                break
            roll = rng.random()
            visits.append(
                {
                    "lien_id": lien_id,
                    "lender_org_id": BANKS[i % len(BANKS)],
                    "due_on": due,
                    "status": "overdue" if roll < 0.05 else "done_late" if roll < 0.1 else "done",
                }
            )
    return {"rights": rights, "liens": liens, "visits": visits}


async def seed(dsn: str, args: argparse.Namespace, until: datetime) -> str:
    """A fresh bench database with guarantee's and listing's schemas, loaded by COPY."""
    from common.migrations import upgrade
    from common.settings import Settings
    from guarantee.borrowers.models import Borrower
    from guarantee.guarantees.models import CompensationRecord, Guarantee, LoanEntry
    from guarantee.main import service as guarantee_service
    from listing.listings.models import Listing, OffExchangeFlag
    from listing.main import service as listing_service
    from listing.parties.models import Restriction
    from listing.registrations.models import Registration
    from registry.liens.models import Lien
    from registry.main import service as registry_service
    from registry.rights.models import Right
    from registry.visits.models import Visit

    conn = await asyncpg.connect(dsn)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)')
        await conn.execute(f'CREATE DATABASE "{BENCH_DB}"')
    finally:
        await conn.close()
    bench = dsn.rsplit("/", 1)[0] + "/" + BENCH_DB
    url = bench.replace("postgresql://", "postgresql+asyncpg://")
    settings = Settings(database_url=url, log_json=False, log_level="WARNING")
    t0 = time.monotonic()
    await upgrade(guarantee_service, settings)
    await upgrade(listing_service, settings)
    await upgrade(registry_service, settings)
    print(f"migrated guarantee, listing and registry in {time.monotonic() - t0:.1f} s")
    rng = random.Random(20)
    t0 = time.monotonic()
    g = guarantee_rows(args.guarantees, until, rng)
    ls = listing_rows(args.listings, until, rng)
    rg = lien_rows(args.liens, until, rng)
    print(f"generated the rows in {time.monotonic() - t0:.1f} s")
    t0 = time.monotonic()
    conn = await asyncpg.connect(bench)
    try:
        tables = {
            "guarantee": [
                (Borrower.__table__, g["borrowers"]),
                (Guarantee.__table__, g["guarantees"]),
                (LoanEntry.__table__, g["loan_entries"]),
                (CompensationRecord.__table__, g["compensations"]),
            ],
            "listing": [
                (Listing.__table__, ls["listings"]),
                (listing_service.infra.decisions, ls["decisions"]),
                (Registration.__table__, ls["registrations"]),
                (OffExchangeFlag.__table__, ls["off_exchange_flags"]),
                (Restriction.__table__, ls["restrictions"]),
            ],
            "registry": [
                (Right.__table__, rg["rights"]),
                (Lien.__table__, rg["liens"]),
                (Visit.__table__, rg["visits"]),
            ],
        }
        for schema, items in tables.items():
            for table, rows in items:
                await copy(conn, schema, table, rows)
        counts = {f"{s}.{t.name}": len(rows) for s, items in tables.items() for t, rows in items}
        await conn.execute("VACUUM ANALYZE")  # as autovacuum would have by now
    finally:
        await conn.close()
    print(
        f"loaded by COPY in {time.monotonic() - t0:.1f} s: "
        + ", ".join(f"{k} {v:,}" for k, v in counts.items())
    )
    return url


async def drop(dsn: str) -> None:
    conn = await asyncpg.connect(dsn)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)')
    finally:
        await conn.close()


# --- the reference: plain SQL over the same rows --------------------------------------------

G9_SQL = """
WITH issued AS (
  SELECT id, township_id, lender_org_id, party_id, amount_fen FROM guarantee.guarantees
  WHERE county = $1 AND issued_at IS NOT NULL AND issued_at < $2
), book AS (
  SELECT e.guarantee_id,
         sum(CASE WHEN e.kind = 'drawdown' THEN e.principal_fen ELSE 0 END)
       - sum(CASE WHEN e.kind = 'repayment' THEN e.principal_fen ELSE 0 END) AS balance,
         (array_agg(e.principal_fen ORDER BY e.id DESC)
            FILTER (WHERE e.kind = 'overdue'))[1] AS last_overdue
  FROM guarantee.loan_entries e JOIN issued i ON i.id = e.guarantee_id
  WHERE e.recorded_at < $2 GROUP BY e.guarantee_id
), comp AS (
  SELECT c.guarantee_id, c.guarantor_paid_fen FROM guarantee.compensations c
  JOIN issued i ON i.id = c.guarantee_id WHERE c.paid_at < $2
)
SELECT i.township_id, i.lender_org_id, count(*) AS issued,
       count(DISTINCT i.party_id) AS beneficiaries, sum(i.amount_fen) AS guaranteed,
       sum(CASE WHEN c.guarantee_id IS NULL THEN coalesce(b.balance, 0) ELSE 0 END) AS balance,
       sum(CASE WHEN c.guarantee_id IS NULL AND coalesce(b.balance, 0) > 0
                THEN least(coalesce(b.last_overdue, 0), b.balance) ELSE 0 END) AS overdue,
       sum(coalesce(c.guarantor_paid_fen, 0)) AS compensated
FROM issued i LEFT JOIN book b ON b.guarantee_id = i.id
LEFT JOIN comp c ON c.guarantee_id = i.id
GROUP BY ROLLUP (i.township_id, i.lender_org_id)
"""

L25_SQL = """
WITH l AS (SELECT id, township, status FROM listing.listings
           WHERE county = $1 AND created_at < $3)
SELECT l.township, l.status, count(*) AS listings,
       count(*) FILTER (WHERE d.action = 'listing.announcement_closed') AS closed,
       count(*) FILTER (WHERE d.action = 'listing.announcement_closed'
                        AND d.data->>'outcome' = 'failed') AS failed,
       count(*) FILTER (WHERE d.action IN ('listing.suspended', 'listing.terminated')) AS stops,
       (SELECT count(*) FROM listing.registrations r JOIN l l2 ON l2.id = r.listing_id
        WHERE r.status = 'rejected' AND r.decided_at >= $2 AND r.decided_at < $3) AS refused
FROM l LEFT JOIN listing.decisions d
  ON d.subject_type = 'listing' AND d.subject_id = l.id
 AND d.action IN ('listing.announcement_closed', 'listing.suspended', 'listing.terminated')
 AND d.decided_at >= $2 AND d.decided_at < $3
GROUP BY l.township, l.status
"""


R24_SQL = """
SELECT l.lender_org_id,
       CASE WHEN r.right_type IN ('farmer_housing', 'homestead') THEN 'housing' ELSE 'land' END
         AS right_class,
       count(*) FILTER (WHERE l.registered_at >= $2) AS registered,
       coalesce(sum(l.secured_amount_fen) FILTER (WHERE l.registered_at >= $2), 0) AS amount,
       count(*) FILTER (WHERE l.discharged_at IS NULL OR l.discharged_at >= $3) AS outstanding,
       (SELECT count(*) FROM registry.visits v JOIN registry.liens l2 ON l2.id = v.lien_id
        WHERE l2.county = $1 AND l2.registered_at < $3
          AND v.status IN ('overdue', 'done_late') AND v.due_on >= $4 AND v.due_on <= $5)
         AS overdue_visits
FROM registry.liens l LEFT JOIN registry.rights r ON r.certificate_no = l.certificate_no
WHERE l.county = $1 AND l.registered_at < $3
GROUP BY 1, 2
"""


# --- timing -----------------------------------------------------------------------------------


async def timed(fn: Callable[[], Awaitable[Any]], repeat: int) -> tuple[list[float], Any]:
    times, out = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = await fn()
        times.append(time.perf_counter() - t0)
    return times, out


def fmt(times: list[float]) -> str:
    best, med = min(times), statistics.median(times)
    return f"best {best * 1000:8.0f} ms   median {med * 1000:8.0f} ms"


async def file_report(rt: Any, filings: Any, key: str, period: str) -> tuple[float, float, Any]:
    """The filing timer's handler for ``period`` (compute, freeze, log, next timer), then
    the xlsx of the filed workbook; rolled back, so the next repeat files again."""
    from common.filings import FILING_TIMER, due_moment, workbook_xlsx
    from common.service import Timer

    d = filings.definition(key)
    p = d.period(period)
    timer = Timer(
        0,
        FILING_TIMER,
        f"{key}:{COUNTY}:{period}",
        due_moment(d.due_date(p)),
        {"report": key, "county": COUNTY, "period": period},
        0,
    )
    async with rt.sessionmaker() as session:
        await session.begin()
        try:
            t0 = time.perf_counter()
            await filings.on_timer(session, timer)
            row = await filings.latest(session, key, COUNTY, period)
            t1 = time.perf_counter()
            xlsx = workbook_xlsx(row.content["workbook"])
            t2 = time.perf_counter()
            data = row.content["data"]
        finally:
            await session.rollback()
    return t1 - t0, t2 - t1, (data, len(xlsx))


async def run(args: argparse.Namespace) -> int:
    from common.clock import ManualClock
    from common.filings import parse_period
    from common.runtime import ServiceRuntime
    from common.settings import Settings
    from guarantee.main import service as guarantee_service
    from guarantee.reports.service import FILINGS as G9_FILINGS
    from listing.main import service as listing_service
    from listing.monitoring.views import FILINGS as L25_FILINGS
    from registry.main import service as registry_service
    from registry.statistics.service import FILINGS as R24_FILINGS

    dsn = os.environ.get(
        "REX_PG_DSN", f"postgresql://rex:rex@127.0.0.1:{os.environ.get('REX_PG_PORT', '55432')}/rex"
    )
    if args.pg:
        dsn = args.pg
    quarter = parse_period(args.quarter)
    # the clock: the day after the last filing's due moment (the 11th after the quarter)
    at = datetime.combine(quarter.end + timedelta(days=11), datetime.min.time(), tzinfo=UTC)
    until = datetime.combine(quarter.end + timedelta(days=1), datetime.min.time(), tzinfo=UTC)
    await environment(dsn)
    started = time.monotonic()
    if args.reuse:  # a database an earlier --keep run left, for trying a fix
        url = (dsn.rsplit("/", 1)[0] + "/" + BENCH_DB).replace(
            "postgresql://", "postgresql+asyncpg://"
        )
        print(f"reusing {BENCH_DB} as an earlier --keep run left it")
    else:
        url = await seed(dsn, args, until - timedelta(hours=8))  # before the local end
        print(f"seeded in {time.monotonic() - started:.0f} s")
    settings = Settings(database_url=url, log_json=False, log_level="WARNING")
    clock = ManualClock(at)
    g_rt = ServiceRuntime(guarantee_service, settings, clock=clock)
    l_rt = ServiceRuntime(listing_service, settings, clock=clock)
    r_rt = ServiceRuntime(registry_service, settings, clock=clock)
    ref = await asyncpg.connect(dsn.rsplit("/", 1)[0] + "/" + BENCH_DB)
    worst = 0.0
    try:
        print(f"\nload average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores before timing")
        print(f"{'':<44}{'each of ' + str(args.repeat) + ' runs':>12}")
        # G9, the quarter (as the filing timer runs it, then the xlsx)
        g9 = [await file_report(g_rt, G9_FILINGS, "g9", args.quarter) for _ in range(args.repeat)]
        q_until = until - timedelta(hours=8)  # the quarter's end, 00:00 Asia/Shanghai
        sql_times, sql_rows = await timed(lambda: ref.fetch(G9_SQL, COUNTY, q_until), args.repeat)
        compute = [t for t, _x, _d in g9]
        render = [x for _t, x, _d in g9]
        total = [t + x for t, x, _d in g9]
        print(f"G9 {args.quarter} quarterly: filing timer      {fmt(compute)}")
        print(f"G9 {args.quarter} quarterly: xlsx               {fmt(render)}")
        print(f"G9 {args.quarter} quarterly: total              {fmt(total)}")
        print(f"  reference: plain SQL aggregate        {fmt(sql_times)}")
        worst = max(worst, statistics.median(total))
        ind = g9[-1][2][0]["indicators"]
        grand = next(r for r in sql_rows if r["township_id"] is None)
        print(
            f"  report: {ind['guarantees_issued']:,} issued, balance {ind['in_guarantee_balance']}"
            f" 元, overdue {ind['overdue_principal']} 元, compensated "
            f"{ind['compensated_amount']} 元; xlsx {g9[-1][2][1]:,} bytes"
        )
        print(
            f"  SQL:    {grand['issued']:,} issued, balance {Decimal(grand['balance']) / 100:.2f}"
            f" 元, overdue {Decimal(grand['overdue']) / 100:.2f} 元, compensated "
            f"{Decimal(grand['compensated']) / 100:.2f} 元"
        )
        # L25, the quarter's three months
        l25_total: list[float] = [0.0] * args.repeat
        sql_total: list[float] = [0.0] * args.repeat
        for month in month_of(args.quarter):
            p = parse_period(month)
            runs = [await file_report(l_rt, L25_FILINGS, "l25", month) for _ in range(args.repeat)]
            m_start = datetime.combine(p.start, datetime.min.time(), tzinfo=UTC) - timedelta(
                hours=8
            )
            m_end = datetime.combine(
                p.end + timedelta(days=1), datetime.min.time(), tzinfo=UTC
            ) - timedelta(hours=8)
            s_times, s_rows = await timed(
                lambda s=m_start, e=m_end: ref.fetch(L25_SQL, COUNTY, s, e), args.repeat
            )
            for k, (t, x, _d) in enumerate(runs):
                l25_total[k] += t + x
                sql_total[k] += s_times[k]
            print(f"L25 {month} monthly: filing timer + xlsx  {fmt([t + x for t, x, _ in runs])}")
            data = runs[-1][2][0]["county_total"]
            print(
                f"  report: {sum(data['by_state'].values()):,} listings, {data['closed']:,} closed"
                f" ({data['failed']:,} failed), {len(data['stops'])} stops, "
                f"{data['restriction_hits']} refusals; SQL: "
                f"{sum(r['listings'] for r in s_rows):,} listings, "
                f"{sum(r['closed'] for r in s_rows):,} closed "
                f"({sum(r['failed'] for r in s_rows):,} failed), "
                f"{sum(r['stops'] for r in s_rows)} stops, "
                f"{s_rows[0]['refused'] if s_rows else 0} refusals"
            )
        print(f"L25 {args.quarter}, three months:             {fmt(l25_total)}")
        print(f"  reference: plain SQL aggregate        {fmt(sql_total)}")
        worst = max(worst, statistics.median(l25_total))
        # R24, the quarter (the pilot statistics' quarterly filing)
        r24 = [
            await file_report(r_rt, R24_FILINGS, "r24", args.quarter) for _ in range(args.repeat)
        ]
        q_start = datetime.combine(quarter.start, datetime.min.time(), tzinfo=UTC) - timedelta(
            hours=8
        )
        s_times, s_rows = await timed(
            lambda: ref.fetch(R24_SQL, COUNTY, q_start, q_until, quarter.start, quarter.end),
            args.repeat,
        )
        r24_total = [t + x for t, x, _d in r24]
        print(f"R24 {args.quarter} quarterly: filing timer + xlsx {fmt(r24_total)}")
        print(f"  reference: plain SQL aggregate        {fmt(s_times)}")
        rows = r24[-1][2][0]["rows"]
        print(
            f"  report: {sum(r.get('registered', 0) for r in rows):,} registered, "
            f"{sum(r.get('outstanding', 0) for r in rows):,} outstanding, "
            f"{sum(r.get('overdue_visits', 0) for r in rows):,} overdue visits; SQL: "
            f"{sum(r['registered'] for r in s_rows):,} registered, "
            f"{sum(r['outstanding'] for r in s_rows):,} outstanding, "
            f"{s_rows[0]['overdue_visits'] if s_rows else 0:,} overdue visits"
        )
        worst = max(worst, statistics.median(r24_total))
        print(f"\nload average now {os.getloadavg()[0]:.1f}")
        ok = worst < args.target_s
        print(
            f"slowest quarter's reports (median): {worst:.1f} s; target: under "
            f"{args.target_s:.0f} s — {'met' if ok else 'MISSED'}"
        )
        return 0 if ok else 1
    finally:
        await ref.close()
        await g_rt.dispose()
        await l_rt.dispose()
        await r_rt.dispose()
        if not (args.keep or args.reuse):
            await drop(dsn)


def machine() -> str:
    """The box and the code: RAM, the git HEAD and whether services/ or libs/ differ."""
    mem = next(
        (x.split()[1] for x in Path("/proc/meminfo").read_text().splitlines() if "MemTotal" in x),
        "0",
    )
    head = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True
    ).stdout.strip()
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "--", "services", "libs"],
        cwd=REPO,
        capture_output=True,
        text=True,
    ).stdout.strip()
    return (
        f"{os.cpu_count()} CPUs, {int(mem) // 1024 // 1024} GB RAM; Python "
        f"{platform.python_version()}; git {head}"
        + (" + uncommitted changes in services/ or libs/" if dirty else "")
    )


async def environment(dsn: str) -> None:
    """The machine and the server, printed first: the figures mean nothing without them."""
    load = os.getloadavg()
    box = machine()
    conn = await asyncpg.connect(dsn)
    try:
        version = await conn.fetchval("SHOW server_version")
        settings = {
            k: await conn.fetchval(f"SHOW {k}")
            for k in ("fsync", "synchronous_commit", "shared_buffers", "work_mem")
        }
    finally:
        await conn.close()
    print(
        f"{box}; load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}; PostgreSQL "
        f"{version} ({', '.join(f'{k}={v}' for k, v in settings.items())})"
    )
    if settings["fsync"] == "off":
        print("NOTE: PostgreSQL runs without fsync (REX_PG_FAST=1); the reports only read.")


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--guarantees", type=int, default=100_000)
    ap.add_argument("--listings", type=int, default=50_000)
    ap.add_argument("--liens", type=int, default=40_000, help="registry's liens (R24)")
    ap.add_argument("--quarter", default="2026-Q3", help="the quarter filed (YYYY-Qn)")
    ap.add_argument("--repeat", type=int, default=3, help="runs of each report")
    ap.add_argument("--target-s", type=float, default=10.0)
    ap.add_argument("--pg", help="an existing database of the server (default: REX_PG_*)")
    ap.add_argument("--keep", action="store_true", help="keep rex_reports_bench afterwards")
    ap.add_argument(
        "--reuse", action="store_true", help="time the reports on a kept rex_reports_bench"
    )
    sys.exit(asyncio.run(run(ap.parse_args())))


if __name__ == "__main__":
    main()
