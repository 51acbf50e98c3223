"""Portal watch-view benchmark — 围观 of one hot lot (issue 17).

One ascending session in the embedded run (in process, SQLite), N public watchers
connected to the portal's ``/watch/{listing}/feed`` (each an SSE stream through the
portal's relay into bidding's public watch feed), while two bidders alternate bids at
R per second through the bidding API. Measures, for every watcher, how long after a
bid was accepted the watcher saw a state with that many bids (a watcher may skip
states: only the newest counts), and how many of the bids each watcher saw reflected.
Prints p50/p95/p99/max of that lag; exit 0 when p95 ≤ the target. Bounded: about
``--seconds`` of bidding plus set-up; run it by hand, never as a test.

    uv run python bench/portal_watch_bench.py          # 1,000 watchers, 100 bids/s, 10 s
    uv run python bench/portal_watch_bench.py --watchers 200 --seconds 5
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import httpx

from common.clock import ManualClock
from common.embedded import create_embedded_app, discover_services
from common.ids import generate_resident_id
from common.migrations import upgrade
from common.settings import Settings
from portal.upstream import StreamingASGITransport
from testkit.platform_client import PlatformClient, buyer, staff

BANK = "BANK-QY-ABC"


async def trading_session(root: object, clock: ManualClock) -> tuple[str, str, list[str]]:
    async with PlatformClient.embedded("http://bench") as p:
        p.http = httpx.AsyncClient(transport=httpx.ASGITransport(app=root), timeout=30)
        seller = generate_resident_id("620821", birth=date(1970, 1, 1), seq=5)
        await p.register_right("QYWATCH0001", seller, "王建国")
        listing = await p.announced_listing(
            seller_party_id=seller,
            seller_name="王建国",
            title="木镇镇村东20亩承包地经营权出租",
            right_certificate_no="QYWATCH0001",
            reserve_price="100000.00",
            deposit="0.00",
            increment="100.00",
            free_period_seconds=7 * 86400,
            extension_seconds=300,
        )
        await p.poll(
            lambda: p.raw("bidding", "GET", f"/listings/{listing['id']}/deposits", staff()),
            lambda r: r.status_code == 200,
        )
        bidders = [generate_resident_id("620821", birth=date(1980, 1, 1), seq=s) for s in (7, 9)]
        for party in bidders:
            await p.qualified_buyer(listing["id"], party, "竞买人", deposit="0.00", bank_org=BANK)
        clock.advance(timedelta(days=20, minutes=1))
        await p.wait_listing(listing["id"], "trading")
        sid = (await p.session_of(listing["id"]))["session_id"]
        return listing["id"], sid, bidders


async def watch(
    client: httpx.AsyncClient,
    path: str,
    seen: dict[int, float],
    ready: asyncio.Event,
    stop: asyncio.Event,
) -> None:
    async with client.stream("GET", path) as r:
        event, data = None, None
        async for line in r.aiter_lines():
            if line.startswith("event: "):
                event = line[7:]
            elif line.startswith("data: "):
                data = line[6:]
            elif line == "" and data is not None:
                if event == "state":
                    state = json.loads(data)
                    seen.setdefault(state["bid_count"], time.perf_counter())
                    ready.set()
                event, data = None, None
            if stop.is_set():
                return


async def run(args: argparse.Namespace) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(data_dir=Path(tmp), log_json=False, log_level="WARNING")
        services = discover_services()
        for d in services.values():
            await upgrade(d, settings)
        clock = ManualClock()
        root = create_embedded_app(settings, services=services, clock=clock)
        async with root.router.lifespan_context(root):
            lid, sid, bidders = await trading_session(root, clock)
            stop = asyncio.Event()
            client = httpx.AsyncClient(
                transport=StreamingASGITransport(root),
                base_url="http://bench",
                timeout=None,
                limits=httpx.Limits(max_connections=None),
            )
            seen: list[dict[int, float]] = [{} for _ in range(args.watchers)]
            ready = [asyncio.Event() for _ in range(args.watchers)]
            tasks = [
                asyncio.create_task(watch(client, f"/watch/{lid}/feed", seen[i], ready[i], stop))
                for i in range(args.watchers)
            ]
            t0 = time.perf_counter()
            await asyncio.wait_for(asyncio.gather(*(e.wait() for e in ready)), 60)
            print(f"{args.watchers} watchers connected in {time.perf_counter() - t0:.1f} s")
            api = httpx.AsyncClient(
                transport=httpx.ASGITransport(app=root), base_url="http://bench"
            )
            accepted: dict[int, float] = {}
            refused = 0
            headers = [buyer(b).headers() for b in bidders]

            async def bid(n: int) -> None:
                # each bid one increment above the last offered, the bidders alternating:
                # sent on schedule, not after the previous answer (bids overlap)
                nonlocal refused
                r = await api.post(
                    f"/bidding/sessions/{sid}/bids",
                    json={"amount": f"{100_000 + n * 100}.00"},
                    headers=headers[n % 2],
                )
                if r.status_code == 201:
                    accepted[r.json()["state"]["bid_count"]] = time.perf_counter()
                else:
                    refused += 1

            interval = 1.0 / args.rate
            start = time.perf_counter()
            sent: list[asyncio.Task[None]] = []
            n = 0
            while time.perf_counter() - start < args.seconds:
                sent.append(asyncio.create_task(bid(n)))
                n += 1
                await asyncio.sleep(max(0.0, start + n * interval - time.perf_counter()))
            await asyncio.gather(*sent)
            await asyncio.sleep(2)  # the last frames arrive
            stop.set()
            for t in tasks:
                t.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            await client.aclose()
            await api.aclose()
            lags: list[float] = []
            reflected = []
            for watcher in seen:
                got = sorted(watcher.items())
                count = 0
                for bid_count, at in accepted.items():
                    # the first state the watcher saw that includes this bid
                    later = [t for c, t in got if c >= bid_count]
                    if later:
                        lags.append((min(later) - at) * 1000)
                        count += 1
                reflected.append(count / max(1, len(accepted)))
            lags.sort()

            def pct(q: float) -> float:
                return lags[min(len(lags) - 1, int(len(lags) * q))]

            print(
                f"bids sent {n}, accepted {len(accepted)}, refused {refused} (outbid in "
                f"flight) in {args.seconds} s, offered {args.rate:.0f}/s"
            )
            print(
                f"watcher lag after acceptance: p50 {pct(0.5):.0f} ms  p95 {pct(0.95):.0f} ms  "
                f"p99 {pct(0.99):.0f} ms  max {lags[-1]:.0f} ms"
            )
            print(
                f"bids reflected per watcher: min {min(reflected):.0%}  "
                f"mean {statistics.mean(reflected):.0%}"
            )
            ok = pct(0.95) <= args.target_ms and min(reflected) >= 0.99
            print(
                f"target: p95 ≤ {args.target_ms} ms and every watcher sees every bid "
                f"reflected — {'met' if ok else 'MISSED'}"
            )
            return 0 if ok else 1


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--watchers", type=int, default=1000)
    ap.add_argument("--rate", type=float, default=100.0, help="bids per second")
    ap.add_argument("--seconds", type=float, default=10.0)
    ap.add_argument("--target-ms", type=float, default=1000.0)
    sys.exit(asyncio.run(run(ap.parse_args())))


if __name__ == "__main__":
    main()
