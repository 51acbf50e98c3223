"""Portal board benchmark — 交易公告 at 10,000 listings, production layout (issue 17).

Layout: the **production layout** — the listing API (``rex api listing``) and the portal
(``rex portal``, calling ``REX_LISTING_URL``) each in its own process, the listing data
in PostgreSQL (a fresh ``rex_portal_bench`` database of the deploy/ server, ``REX_PG_*``)
— and the load in this process: C concurrent clients on plain keep-alive sockets (no
HTTP library: the load generator must stay cheap on a 2-core box). The listings are
copies of one published through the APIs of an embedded run (SQLite), each with its own
id, title, township, price and time, inserted into the bench database.

For ``--seconds`` each, the clients fetch (1) the listing API's own JSON board
(``GET /board/listings``, the queries the portal makes for its first page and its page
100, alternating) and then (2) the portal's board page (``GET /board``, the same pages).
Prints requests/s, p50/p95/p99, the CPU seconds of each process and per request; exit 0
when the portal's p99 ≤ 300 ms and its pages/s ≥ 0.5 × the JSON board's. A script, not
a test: run it by hand, ≤ 2 minutes.

    . scripts/env.sh && export REX_PG_PORT=...     # the deploy/ PostgreSQL (deploy/up.sh)
    uv run python bench/portal_board_bench.py                      # 10,000 listings, 200 clients
    uv run python bench/portal_board_bench.py --listings 2000 --clients 50 --seconds 10
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import asyncpg
import httpx
from sqlalchemy import select

REPO = Path(__file__).resolve().parents[1]
BENCH_DB = "rex_portal_bench"
# the portal's first page and page 100 (20 a page), and the same queries of the API
PAGES = ("limit=21", "limit=21&offset=1980")
PORTAL_PAGES = ("", "page=100")


async def template_row() -> dict[str, Any]:
    """One listing published through the APIs (embedded run, SQLite), as a row."""
    from common.embedded import create_embedded_app, discover_services
    from common.ids import generate_resident_id
    from common.migrations import upgrade
    from common.settings import Settings
    from listing.listings.models import Listing
    from testkit.platform_client import PlatformClient

    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(data_dir=Path(tmp), log_json=False, log_level="WARNING")
        services = discover_services()
        for d in services.values():
            await upgrade(d, settings)
        root = create_embedded_app(settings, services=services)
        async with root.router.lifespan_context(root):
            async with PlatformClient.embedded("http://bench") as p:
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
            async with root.state.runtimes["listing"].transaction() as s:
                return dict((await s.execute(select(Listing.__table__))).mappings().one())


async def seed(dsn: str, count: int, index: bool) -> str:
    """A fresh bench database with listing's schema and ``count`` published listings."""
    from common.migrations import upgrade
    from common.runtime import ServiceRuntime
    from common.settings import Settings
    from listing.listings.models import Listing
    from listing.main import service

    conn = await asyncpg.connect(dsn)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)')
        await conn.execute(f'CREATE DATABASE "{BENCH_DB}"')
    finally:
        await conn.close()
    bench = dsn.rsplit("/", 1)[0] + "/" + BENCH_DB
    url = bench.replace("postgresql://", "postgresql+asyncpg://")
    settings = Settings(database_url=url, log_json=False, log_level="WARNING")
    await upgrade(service, settings)
    row = await template_row()
    table = Listing.__table__
    rows = [row]
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
    rt = ServiceRuntime(service, settings)
    async with rt.transaction() as s:
        for start in range(0, len(rows), 1000):
            await s.execute(table.insert(), rows[start : start + 1000])
    await rt.dispose()
    conn = await asyncpg.connect(bench)
    try:
        if index:  # the experiment: what an index in listing's own migration would buy
            await conn.execute(
                "CREATE INDEX ix_bench_board ON listing.listings (published_at DESC, id)"
            )
        await conn.execute("VACUUM ANALYZE")  # as autovacuum would have by now
    finally:
        await conn.close()
    return url


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start(args: list[str], env: dict[str, str]) -> subprocess.Popen[bytes]:
    full = dict(os.environ) | {"REX_LOG_JSON": "false", "REX_LOG_LEVEL": "WARNING"} | env
    return subprocess.Popen(
        [sys.executable, "-m", "common.cli", *args], env=full, cwd=REPO, start_new_session=True
    )


def stop(proc: subprocess.Popen[bytes]) -> None:
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(20)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)


def cpu_s(proc: subprocess.Popen[bytes]) -> float:
    """User + system CPU seconds of a process so far (/proc, Linux)."""
    fields = Path(f"/proc/{proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def wait_ready(url: str, proc: subprocess.Popen[bytes]) -> None:
    async with httpx.AsyncClient() as c:
        for _ in range(600):
            if proc.poll() is not None:
                raise SystemExit(f"{url}: the process exited with {proc.returncode}")
            try:
                if (await c.get(url)).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.1)
    raise SystemExit(f"{url} did not answer in 60 s")


async def client(
    port: int, paths: list[bytes], until: float, times: list[float], errors: list[int]
) -> None:
    """One keep-alive connection asking for the paths in turn until ``until``."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    n = 0
    try:
        while time.monotonic() < until:
            path = paths[n % len(paths)]
            n += 1
            t0 = time.monotonic()
            writer.write(b"GET " + path + b" HTTP/1.1\r\nHost: bench\r\nAccept: text/html\r\n\r\n")
            head = await reader.readuntil(b"\r\n\r\n")
            length = 0
            for line in head.split(b"\r\n"):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":", 1)[1])
            await reader.readexactly(length)
            times.append((time.monotonic() - t0) * 1000)
            if not head.startswith(b"HTTP/1.1 200"):
                errors.append(int(head[9:12]))
    finally:
        writer.close()


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * q))] if values else float("nan")


async def phase(
    name: str, port: int, paths: list[str], args: argparse.Namespace, procs: dict
) -> tuple[float, float]:
    """Requests per second (0 when any failed) and the p99 in ms."""
    times: list[float] = []
    errors: list[int] = []
    encoded = [p.encode() for p in paths]
    before = {k: cpu_s(p) for k, p in procs.items()}
    own = time.process_time()
    t0 = time.monotonic()
    until = t0 + args.seconds
    await asyncio.gather(
        *(client(port, encoded, until, times, errors) for _ in range(args.clients))
    )
    wall = time.monotonic() - t0
    used = {k: cpu_s(p) - before[k] for k, p in procs.items()}
    rate = len(times) / wall
    print(
        f"{name:<32} {rate:6.0f} req/s   p50 {pct(times, 0.5):6.0f} ms   "
        f"p95 {pct(times, 0.95):6.0f} ms   p99 {pct(times, 0.99):6.0f} ms   "
        f"errors {len(errors)}"
    )
    per = max(1, len(times))
    print(
        "    CPU s: "
        + ", ".join(f"{k} {v:.1f} ({v / per * 1000:.1f} ms/request)" for k, v in used.items())
        + f", load generator {time.process_time() - own:.1f} (over {wall:.0f} s)"
    )
    if errors:
        print(f"    errors by status: {dict(Counter(errors))}")
    return (rate if not errors else 0.0), pct(times, 0.99)


async def run(args: argparse.Namespace) -> int:
    dsn = os.environ.get(
        "REX_PG_DSN", f"postgresql://rex:rex@127.0.0.1:{os.environ.get('REX_PG_PORT', '55432')}/rex"
    )
    started = time.monotonic()
    url = await seed(dsn, args.listings, args.index)
    print(f"seeded {args.listings} listings into {BENCH_DB} in {time.monotonic() - started:.0f} s")
    listing_port, portal_port = free_port(), free_port()
    listing = start(
        ["api", "listing", "--host", "127.0.0.1", "--port", str(listing_port)],
        {"REX_DATABASE_URL": url},
    )
    portal = start(
        ["portal", "--host", "127.0.0.1", "--port", str(portal_port)],
        {"REX_LISTING_URL": f"http://127.0.0.1:{listing_port}"},
    )
    try:
        await wait_ready(f"http://127.0.0.1:{listing_port}/healthz", listing)
        await wait_ready(f"http://127.0.0.1:{portal_port}/healthz", portal)
        procs = {"listing": listing, "portal": portal}
        load = os.getloadavg()[0]
        print(
            f"layout: production (rex api listing, rex portal: own processes; PostgreSQL); "
            f"{args.clients} clients, keep-alive, {args.seconds:.0f} s per phase; "
            f"load average {load:.1f} on {os.cpu_count()} cores"
        )
        api = [f"/board/listings?{p}" for p in PAGES]
        pages = [f"/board?{p}" if p else "/board" for p in PORTAL_PAGES]
        # a short warm-up: connections, caches, the first templates
        warm = argparse.Namespace(**{**vars(args), "seconds": 2.0, "clients": 10})
        await phase("(warm-up) JSON board", listing_port, api, warm, procs)
        await phase("(warm-up) portal board", portal_port, pages, warm, procs)
        json_rate, _ = await phase("listing JSON board (API)", listing_port, api, args, procs)
        page_rate, p99 = await phase("portal board page (HTML)", portal_port, pages, args, procs)
        print(f"load average now {os.getloadavg()[0]:.1f}")
        ratio = page_rate / json_rate if json_rate else 0.0
        ok = p99 <= args.target_ms and ratio >= 0.5
        print(
            f"portal pages/s ÷ JSON board req/s = {ratio:.2f}; target: portal p99 ≤ "
            f"{args.target_ms:.0f} ms and ratio ≥ 0.5 — {'met' if ok else 'MISSED'}"
        )
        return 0 if ok else 1
    finally:
        stop(portal)
        stop(listing)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--listings", type=int, default=10_000)
    ap.add_argument("--clients", type=int, default=200)
    ap.add_argument("--seconds", type=float, default=20.0)
    ap.add_argument("--target-ms", type=float, default=300.0)
    ap.add_argument(
        "--index",
        action="store_true",
        help="experiment: add an index on (published_at DESC, id) to the bench database",
    )
    sys.exit(asyncio.run(run(ap.parse_args())))


if __name__ == "__main__":
    main()
