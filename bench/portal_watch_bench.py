"""Portal watch-view benchmark — 围观 of one hot lot (issue 17).

Layout: the **embedded run** (services and portal in one server process, SQLite) served
by uvicorn over TCP in this process, and the **clients in a separate process** (so the
1,000 clients' own reading does not share the server's event loop): N public watchers
connected to the portal's ``/watch/{listing}/feed`` (plain sockets, no HTTP library:
the client side must stay cheap), and two bidders alternating bids at R per second
through the bidding API (sent on schedule, overlapping). Every process reads the same
system-wide monotonic clock. For every watcher and every accepted bid it measures how long
after the bid's 201 the watcher saw a state with that many bids (a watcher may skip
states: only the newest counts), beside the bid's own latency (request → 201). Prints
p50/p95/p99/max, the CPU seconds of each process and the box's load; exit 0 when the
watcher-lag p99 ≤ the target (100 ms) and every watcher saw every bid reflected.
Bounded: about ``--seconds`` of bidding plus set-up; run it by hand, never as a test.

    uv run python bench/portal_watch_bench.py          # 1,000 watchers, 100 bids/s, 10 s
    uv run python bench/portal_watch_bench.py --watchers 200 --seconds 5
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import cProfile
import json
import os
import re
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import httpx

from common.clock import ManualClock
from common.ids import generate_resident_id
from portal.settings import SERVICES
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


BID_COUNT = re.compile(rb'"bid_count":\s*([0-9]+)[,}]')


async def watch(port: int, path: str, seen: dict[int, float], ready: asyncio.Event) -> None:
    """One watcher on a plain socket: it notes when each bid count first appeared."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(
        f"GET {path} HTTP/1.1\r\nHost: bench\r\nAccept: text/event-stream\r\n\r\n".encode()
    )
    head = await reader.readuntil(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200"), head[:200]
    tail = b""
    try:
        while chunk := await reader.read(65536):
            at = time.monotonic()
            text = tail + chunk
            for m in BID_COUNT.finditer(text):
                seen.setdefault(int(m.group(1)), at)
                ready.set()
            tail = text[-64:]
    finally:
        writer.close()


async def clients(args: argparse.Namespace) -> None:
    """The client process: watchers and bidders; prints one JSON line of raw timings."""
    port, lid, sid = args.port, args.listing, args.session
    watch_port = args.watch_port or port  # the portal's (its own processes: --portal-workers)
    seen: list[dict[int, float]] = [{} for _ in range(args.watchers)]
    ready = [asyncio.Event() for _ in range(args.watchers)]
    tasks = [
        asyncio.create_task(watch(watch_port, f"/watch/{lid}/feed", seen[i], ready[i]))
        for i in range(args.watchers)
    ]
    t0 = time.monotonic()
    await asyncio.wait_for(asyncio.gather(*(e.wait() for e in ready)), 60)
    connected_s = time.monotonic() - t0
    accepted: dict[int, float] = {}
    latency: list[float] = []
    refused = 0
    headers = [buyer(b).headers() for b in args.bidders.split(",")]
    api = httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=30)

    async def bid(n: int) -> None:
        # each bid one increment above the last offered, the bidders alternating
        nonlocal refused
        sent_at = time.monotonic()
        r = await api.post(
            f"/bidding/sessions/{sid}/bids",
            json={"amount": f"{100_000 + n * 100}.00"},
            headers=headers[n % 2],
        )
        at = time.monotonic()
        if r.status_code == 201:
            accepted[r.json()["state"]["bid_count"]] = at
            latency.append((at - sent_at) * 1000)
        else:
            refused += 1

    interval = 1.0 / args.rate
    start = time.monotonic()
    sent: list[asyncio.Task[None]] = []
    n = 0
    while time.monotonic() - start < args.seconds:
        sent.append(asyncio.create_task(bid(n)))
        n += 1
        await asyncio.sleep(max(0.0, start + n * interval - time.monotonic()))
    await asyncio.gather(*sent)
    await asyncio.sleep(2)  # the last frames arrive
    for t in tasks:
        t.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
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
    cpu = resource.getrusage(resource.RUSAGE_SELF)
    out = {
        "connected_s": connected_s,
        "sent": n,
        "accepted": len(accepted),
        "refused": refused,
        "lags": lags,
        "latency": latency,
        "reflected": reflected,
        "cpu_s": cpu.ru_utime + cpu.ru_stime,
    }
    print(json.dumps(out))


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * q))] if values else float("nan")


def line(name: str, values: list[float]) -> str:
    return (
        f"{name}: p50 {pct(values, 0.5):.0f} ms  p95 {pct(values, 0.95):.0f} ms  "
        f"p99 {pct(values, 0.99):.0f} ms  max {max(values, default=float('nan')):.0f} ms"
    )


def tree_cpu_s(pid: int) -> float:
    """CPU seconds so far of a process and its children (Linux's /proc; NaN elsewhere)."""
    try:
        stats = {}
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                with contextlib.suppress(OSError):
                    fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                    stats[int(entry.name)] = (int(fields[1]), int(fields[11]) + int(fields[12]))
    except OSError:
        return float("nan")
    tree, total = {pid}, 0
    for _ in range(3):  # the supervisor and its workers
        tree |= {p for p, (parent, _) in stats.items() if parent in tree}
    total = sum(ticks for p, (_, ticks) in stats.items() if p in tree)
    return total / os.sysconf("SC_CLK_TCK")


async def portal_processes(port: int, workers: int) -> tuple[asyncio.subprocess.Process, int]:
    """``rex portal --workers N`` on a free port, calling the embedded run's services over
    HTTP as the production layout's portal does; it and its port once it answers."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        portal_port = probe.getsockname()[1]
    base = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        **{f"REX_{name.upper()}_URL": f"{base}/{name}" for name in SERVICES},
        "REX_LOG_LEVEL": "WARNING",
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "common.cli",
        "portal",
        "--port",
        str(portal_port),
        "--workers",
        str(workers),
        env=env,
    )
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{portal_port}") as c:
        for _ in range(300):  # bounded: 30 s for the workers to start
            try:
                if (await c.get("/healthz")).status_code == 200:
                    return process, portal_port
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.1)
    process.terminate()
    raise RuntimeError("the portal processes did not start")


async def server(args: argparse.Namespace) -> int:
    """The server process: the embedded run on a TCP port; starts the client process."""
    import uvicorn

    from common.embedded import create_embedded_app, discover_services
    from common.migrations import upgrade
    from common.runtime import freeze_heap
    from common.settings import Settings

    if args.room_interval_ms is not None:
        # experiment: how often bidding's room may send a frame (or read; its default 50 ms)
        from bidding.sessions import room

        room.MIN_INTERVAL_S = args.room_interval_ms / 1000
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(data_dir=Path(tmp), log_json=False, log_level="WARNING")
        services = discover_services()
        for d in services.values():
            await upgrade(d, settings)
        clock = ManualClock()
        root = create_embedded_app(settings, services=services, clock=clock)
        async with root.router.lifespan_context(root):
            lid, sid, bidders = await trading_session(root, clock)
            with socket.socket() as probe:
                probe.bind(("127.0.0.1", 0))
                port = probe.getsockname()[1]
            config = uvicorn.Config(
                root,
                host="127.0.0.1",
                port=port,
                lifespan="off",
                log_level="warning",
                backlog=4096,
            )
            web = uvicorn.Server(config)
            serving = asyncio.create_task(web.serve())
            while not web.started:  # noqa: ASYNC110 — uvicorn offers no event to await
                await asyncio.sleep(0.05)
            freeze_heap()  # as a server process does once its app is built
            portal, watch_port = None, port
            if args.portal_workers:
                portal, watch_port = await portal_processes(port, args.portal_workers)
            profile = cProfile.Profile() if args.profile else None
            if profile is not None:
                profile.enable()
            before = resource.getrusage(resource.RUSAGE_SELF)
            portal_before = tree_cpu_s(portal.pid) if portal is not None else 0.0
            load_before = os.getloadavg()
            child = await asyncio.create_subprocess_exec(
                sys.executable,
                __file__,
                "--client",
                "--port",
                str(port),
                "--listing",
                lid,
                "--session",
                sid,
                "--bidders",
                ",".join(bidders),
                "--watch-port",
                str(watch_port),
                "--watchers",
                str(args.watchers),
                "--rate",
                str(args.rate),
                "--seconds",
                str(args.seconds),
                stdout=subprocess.PIPE,
            )
            out, _ = await child.communicate()
            after = resource.getrusage(resource.RUSAGE_SELF)
            if profile is not None:
                profile.disable()
                profile.dump_stats(args.profile)
            load_after = os.getloadavg()
            portal_cpu = tree_cpu_s(portal.pid) - portal_before if portal is not None else 0.0
            if portal is not None:
                portal.terminate()
                await portal.wait()
            web.should_exit = True
            await serving
        if child.returncode != 0:
            print("the client process failed")
            return 2
        r = json.loads(out.decode().strip().splitlines()[-1])
        server_cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
        if args.portal_workers:
            print(
                "layout: embedded run (services, SQLite) in one uvicorn process; the portal "
                f"alone (`rex portal --workers {args.portal_workers}`) calling it over HTTP; "
                "clients in a separate process, over TCP"
            )
        else:
            print(
                "layout: embedded run (services + portal, SQLite) in one uvicorn process; "
                "clients in a separate process, over TCP"
            )
        print(f"{args.watchers} watchers connected in {r['connected_s']:.1f} s")
        print(
            f"bids sent {r['sent']}, accepted {r['accepted']}, refused {r['refused']} "
            f"(outbid in flight) in {args.seconds:.0f} s, offered {args.rate:.0f}/s"
        )
        print(line("bid latency (request → 201)", r["latency"]))
        print(line("watcher lag after the 201   ", r["lags"]))
        reflected = r["reflected"]
        print(
            f"bids reflected per watcher: min {min(reflected):.0%}  "
            f"mean {statistics.mean(reflected):.0%}"
        )
        print(
            f"CPU: server {server_cpu:.1f} s, "
            + (f"portal processes {portal_cpu:.1f} s, " if args.portal_workers else "")
            + f"clients {r['cpu_s']:.1f} s over about "
            f"{args.seconds + 2:.0f} s of bidding; load average "
            f"{load_before[0]:.1f} → {load_after[0]:.1f} ({os.cpu_count()} cores)"
        )
        ok = pct(r["lags"], 0.99) <= args.target_ms and min(reflected) >= 0.99
        print(
            f"target: watcher lag p99 ≤ {args.target_ms:.0f} ms and every watcher sees "
            f"every bid reflected — {'met' if ok else 'MISSED'}"
        )
        return 0 if ok else 1


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--watchers", type=int, default=1000)
    ap.add_argument("--rate", type=float, default=100.0, help="bids per second")
    ap.add_argument("--seconds", type=float, default=10.0)
    ap.add_argument("--target-ms", type=float, default=100.0)
    ap.add_argument("--profile", help="write the server's cProfile stats to this file")
    ap.add_argument(
        "--room-interval-ms",
        type=float,
        help="experiment: the least time between two frames of bidding's room (default 50)",
    )
    ap.add_argument(
        "--portal-workers",
        type=int,
        default=0,
        help="serve the watchers from `rex portal --workers N` in processes of their own "
        "(the production layout's portal) instead of the embedded run's portal",
    )
    ap.add_argument("--client", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--watch-port", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--port", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--listing", help=argparse.SUPPRESS)
    ap.add_argument("--session", help=argparse.SUPPRESS)
    ap.add_argument("--bidders", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.client:
        asyncio.run(clients(args))
        return
    sys.exit(asyncio.run(server(args)))


if __name__ == "__main__":
    main()
