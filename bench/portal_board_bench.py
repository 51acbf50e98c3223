"""Portal board benchmark — 交易公告 with 10,000 published listings (issue 17).

Fills the embedded run's listing database with N published listings (copies of one
listing published through the APIs, each with its own id, title, price and time), then
times the portal's board page in process (httpx → the embedded root → the portal →
listing's public board API → SQLite): the first page, a deep page, a text search, a
township filter and a price range. Prints p50/p95/max per case; exit 0 when every p95 is
under the target, 1 otherwise. A script, not a test: run it by hand.

    uv run python bench/portal_board_bench.py                 # 10,000 listings
    uv run python bench/portal_board_bench.py --listings 2000 --rounds 10
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

import httpx
from sqlalchemy import select

from common.embedded import create_embedded_app, discover_services
from common.ids import generate_resident_id
from common.migrations import upgrade
from common.settings import Settings
from testkit.platform_client import PlatformClient

CASES = {
    "first page": "/board",
    "deep page (250)": "/board?page=250",
    "text search": "/board?q=%E6%9D%91%E4%B8%9C",  # 村东
    "township": "/board?township=620821101",
    "price range": "/board?min_price=50000&max_price=90000",
}


async def seed(root: object, listing_rt: object, count: int) -> None:
    from listing.listings.models import Listing

    base = "http://bench"
    async with PlatformClient.embedded(base) as p:
        p.http = httpx.AsyncClient(transport=httpx.ASGITransport(app=root), timeout=30)
        seller = generate_resident_id("620821", birth=date(1970, 1, 1), seq=5)
        await p.register_right("QYBENCH0001", seller, "王建国")
        await p.announced_listing(
            seller_party_id=seller,
            seller_name="王建国",
            title="木镇镇村东20亩承包地经营权出租",
            right_certificate_no="QYBENCH0001",
            reserve_price="60000.00",
            deposit="6000.00",
            increment="1000.00",
        )
    table = Listing.__table__
    async with listing_rt.transaction() as s:  # type: ignore[attr-defined]
        row = dict((await s.execute(select(table))).mappings().one())
        rows = []
        for i in range(count - 1):
            rows.append(
                row
                | {
                    "id": uuid.uuid4().hex,
                    "title": f"{'木镇镇村东' if i % 3 == 0 else '王湾镇张家湾'}{i}号地块经营权出租",
                    "township": ("620821101", "620821102", "620821103")[i % 3],
                    "reserve_price_fen": 3_000_000 + (i % 100) * 100_000,
                    "published_at": row["published_at"] - timedelta(minutes=i),
                }
            )
        for start in range(0, len(rows), 1000):
            await s.execute(table.insert(), rows[start : start + 1000])


async def run(args: argparse.Namespace) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(data_dir=Path(tmp), log_json=False, log_level="WARNING")
        services = discover_services()
        for d in services.values():
            await upgrade(d, settings)
        root = create_embedded_app(settings, services=services)
        async with root.router.lifespan_context(root):
            started = time.perf_counter()
            await seed(root, root.state.runtimes["listing"], args.listings)
            print(f"seeded {args.listings} listings in {time.perf_counter() - started:.1f} s")
            ok = True
            transport = httpx.ASGITransport(app=root)
            async with httpx.AsyncClient(transport=transport, base_url="http://bench") as c:
                for name, path in CASES.items():
                    times = []
                    for _ in range(args.rounds):
                        t0 = time.perf_counter()
                        r = await c.get(path, headers={"Accept": "text/html"})
                        times.append((time.perf_counter() - t0) * 1000)
                        assert r.status_code == 200, (path, r.status_code)
                    times.sort()
                    p95 = times[max(0, int(len(times) * 0.95) - 1)]
                    ok &= p95 <= args.target_ms
                    print(
                        f"{name:<16} p50 {statistics.median(times):7.1f} ms   "
                        f"p95 {p95:7.1f} ms   max {times[-1]:7.1f} ms"
                    )
            print(f"target: p95 ≤ {args.target_ms} ms — {'met' if ok else 'MISSED'}")
            return 0 if ok else 1


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--listings", type=int, default=10_000)
    ap.add_argument("--rounds", type=int, default=20)
    ap.add_argument("--target-ms", type=float, default=300.0)
    sys.exit(asyncio.run(run(ap.parse_args())))


if __name__ == "__main__":
    main()
