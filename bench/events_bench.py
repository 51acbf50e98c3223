"""Events benchmark — outbox → relay → Kafka → inbox, beside a raw aiokafka round trip.

    uv run python bench/events_bench.py            # full run (~90 s)
    uv run python bench/events_bench.py --quick    # smoke run (~40-50 s)
    uv run python bench/events_bench.py --rates 200,500,1000 --seconds 10

What runs (bench/README.md says what each figure means):

- two production workers as their own OS processes — guarantee (its relay publishes)
  and listing (its consumer applies into the listing inbox) — each running exactly what
  ``rex worker SERVICE`` runs (relay + consumer + scheduler), on a dedicated database
  ``rex_bench`` and the real Kafka;
- this process writes probe events through the guarantee runtime at offered rates, one
  transaction per event, then a burst of 100 per transaction; end-to-end lag per event
  is ``listing.inbox.processed_at - guarantee.outbox.occurred_at`` joined on event_id;
- in the same run, on the same broker, a raw aiokafka producer → consumer round trip on a
  scratch topic ``bench.raw`` (idempotent acks=all, and transactional one-per-message);
- resident memory of each process, and of the embedded run (all four services, SQLite,
  in-process bus) while probe events go through it.

By default the workers use names of their own (topic ``bench.probe``, consumer groups
and transactional id prefixed ``rex-bench-``) so that the benchmark never joins the test
suite's consumer groups, fences its relay, or piles events onto ``platform.probe``;
``--shared-names`` runs ``python -m common.cli worker SERVICE`` verbatim instead.
Exit status: 0 targets met, 1 targets missed, 2 could not run.
"""

from __future__ import annotations

import argparse
import asyncio
import atexit
import contextlib
import itertools
import json
import math
import os
import platform
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

THIS = Path(__file__).resolve()
REPO = THIS.parents[1]
DEFAULT_PG = "postgresql://rex:rex@127.0.0.1:55432/rex"
DEFAULT_KAFKA = "127.0.0.1:9092"
BENCH_DB = "rex_bench"
RAW_TOPIC = "bench.raw"
ISO_TOPIC = "bench.probe"  # --isolated (default): the probe path on a topic of our own
ISO_PREFIX = "rex-bench-"  # --isolated: prefix of the workers' group and transactional ids
AGGREGATES = 64  # each step's events are spread over this many probe ids (aggregates)
PRODUCER_SVC, CONSUMER_SVC = "guarantee", "listing"
LAG_TARGET_MS = 100.0
RAW_RATIO_TARGET = 5.0
EMBEDDED_RSS_TARGET_MB = 400.0
START_HINT = "start PostgreSQL and Kafka with: deploy/up.sh  (not with REX_PG_FAST=1)"
T_START = time.monotonic()


class BenchError(Exception):
    """A precondition failed; the message says what to do."""


def say(msg: str = "") -> None:
    print(msg, flush=True)


def note(msg: str) -> None:
    say(f"[{time.monotonic() - T_START:6.1f}s] {msg}")


# ------------------------------------------------------------------ statistics


def pct(values: Sequence[float], q: float) -> float | None:
    """Nearest-rank percentile (q in 0..100); None for no values."""
    if not values:
        return None
    s = sorted(values)
    k = max(0, min(len(s) - 1, math.ceil(q / 100.0 * len(s)) - 1))
    return s[k]


def ms(v: float | None) -> str:
    return "-" if v is None else f"{v * 1000:.1f}"


@dataclass
class Lat:
    """Latencies in seconds."""

    values: list[float] = field(default_factory=list)

    def p(self, q: float) -> float | None:
        return pct(self.values, q)

    @property
    def max(self) -> float | None:
        return max(self.values) if self.values else None

    def summary(self) -> str:
        return (
            f"p50 {ms(self.p(50))}  p95 {ms(self.p(95))}  p99 {ms(self.p(99))}  "
            f"max {ms(self.max)} ms  (n={len(self.values)})"
        )


@dataclass
class RawResult:
    name: str
    offered: float | None
    sent: int
    received: int
    send_s: float
    lat: Lat

    @property
    def send_rate(self) -> float:
        return self.sent / self.send_s if self.send_s > 0 else 0.0


@dataclass
class PipeResult:
    name: str
    offered: float | None
    written: int
    write_s: float
    applied: int
    span_s: float  # first write → last apply
    lag: Lat
    relay_lag: Lat  # outbox.published_at - occurred_at (relay poll + Kafka transaction)
    write_txn: Lat  # the writer's own transaction (pool checkout + INSERT + COMMIT)
    drain_s: float  # last write → last apply
    complete: bool
    cpu: dict[str, float] = field(default_factory=dict)  # process → CPU % during the step
    pg_xacts: int | None = None
    raw: RawResult | None = None
    raw_txn: RawResult | None = None
    warnings: list[str] = field(default_factory=list)

    @property
    def achieved(self) -> float:
        return self.applied / self.span_s if self.span_s > 0 else 0.0

    @property
    def write_rate(self) -> float:
        return self.written / self.write_s if self.write_s > 0 else 0.0


# ------------------------------------------------------------------ processes and memory


class Sampler(threading.Thread):
    """Samples resident memory (peak) of watched processes every 100 ms; reads CPU times.

    A process is watched alone, or with its children (``tree``: the embedded run, or the
    PostgreSQL postmaster whose backends do the database work — CPU only, since shared
    buffers would be counted once per backend).
    """

    def __init__(self, interval_s: float = 0.1) -> None:
        super().__init__(name="rss-sampler", daemon=True)
        import psutil

        self._psutil = psutil
        self._interval = interval_s
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._procs: dict[str, tuple[Any, bool, bool]] = {}  # name → (process, tree, rss)
        self.peak: dict[str, int] = {}
        self.last: dict[str, int] = {}

    def watch(self, name: str, pid: int, *, tree: bool = False, rss: bool = True) -> None:
        with self._lock:
            self._procs[name] = (self._psutil.Process(pid), tree, rss)
            if rss:
                self.peak.setdefault(name, 0)
        self._sample_one(name)

    def unwatch(self, name: str) -> None:
        with self._lock:
            self._procs.pop(name, None)

    def reset_peak(self, name: str) -> None:
        with self._lock:
            self.peak[name] = self.last.get(name, 0)

    def _members(self, proc: Any, tree: bool) -> list[Any]:
        if not tree:
            return [proc]
        with contextlib.suppress(self._psutil.Error):
            return [proc, *proc.children(recursive=True)]
        return [proc]

    def _sample_one(self, name: str) -> None:
        with self._lock:
            entry = self._procs.get(name)
        if entry is None or not entry[2]:
            return
        proc, tree, _ = entry
        total = 0
        for p in self._members(proc, tree):
            with contextlib.suppress(self._psutil.Error):
                total += p.memory_info().rss
        if not total:
            return
        with self._lock:
            self.last[name] = total
            self.peak[name] = max(self.peak.get(name, 0), total)

    def rss_now(self, name: str) -> int:
        self._sample_one(name)
        return self.last.get(name, 0)

    def cpu_times(self) -> dict[str, float]:
        """CPU seconds per watched name, plus ``machine`` (busy seconds, all cores)."""
        out: dict[str, float] = {}
        with self._lock:
            procs = dict(self._procs)
        for name, (proc, tree, _) in procs.items():
            total = 0.0
            for p in self._members(proc, tree):
                with contextlib.suppress(self._psutil.Error):
                    t = p.cpu_times()
                    total += t.user + t.system
            out[name] = total
        t = self._psutil.cpu_times()
        out["machine"] = (
            t.user + t.nice + t.system + getattr(t, "irq", 0) + getattr(t, "softirq", 0)
        )
        out["machine"] += getattr(t, "steal", 0)
        return out

    def run(self) -> None:
        while not self._stop.wait(self._interval):
            with self._lock:
                names = list(self._procs)
            for name in names:
                self._sample_one(name)

    def stop(self) -> None:
        self._stop.set()


_CHILDREN: list[Proc] = []


def stop_children() -> None:
    """Last resort (atexit): no process of ours outlives the benchmark."""
    for child in _CHILDREN:
        if child.alive():
            child.stop(10)


class Proc:
    """A child process we started; stopped with SIGTERM, then SIGKILL, always bounded."""

    def __init__(self, name: str, argv: list[str], env: dict[str, str], log_dir: Path) -> None:
        self.name = name
        self.log_path = log_dir / f"{name}.log"
        self._log = self.log_path.open("wb")
        self.popen = subprocess.Popen(
            argv,
            env=env,
            cwd=REPO,
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # a Ctrl-C in the terminal is ours to forward
        )
        self.pid = self.popen.pid
        _CHILDREN.append(self)

    def alive(self) -> bool:
        return self.popen.poll() is None

    def stop(self, timeout_s: float = 15.0) -> int | None:
        if self.popen.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                self.popen.send_signal(signal.SIGTERM)
            try:
                self.popen.wait(timeout_s)
            except subprocess.TimeoutExpired:
                note(f"{self.name} (pid {self.pid}) did not stop in {timeout_s:.0f}s: SIGKILL")
                with contextlib.suppress(ProcessLookupError):
                    self.popen.kill()
                with contextlib.suppress(subprocess.TimeoutExpired):
                    self.popen.wait(5)
        with contextlib.suppress(OSError):
            self._log.close()
        return self.popen.returncode

    def log_lines(self) -> list[str]:
        with contextlib.suppress(OSError):
            return self.log_path.read_text(errors="replace").splitlines()
        return []


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def wait_for_condition(
    check: Callable[[], Awaitable[Any]],
    timeout_s: float,
    *,
    interval_s: float = 0.1,
    stall_s: float | None = None,
    progress: Callable[[], Any] | None = None,
) -> bool:
    """Poll ``check`` until truthy; False on timeout, or when ``progress()`` stalls."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout_s
    last_progress, last_change = None, loop.time()
    while True:
        if await check():
            return True
        now = loop.time()
        if now > deadline:
            return False
        if progress is not None and stall_s is not None:
            p = progress()
            if p != last_progress:
                last_progress, last_change = p, now
            elif now - last_change > stall_s:
                return False
        await asyncio.sleep(interval_s)


# ------------------------------------------------------------------ environment


async def pg_connect(dsn: str, what: str = "PostgreSQL") -> Any:
    import asyncpg

    try:
        return await asyncio.wait_for(asyncpg.connect(dsn), 10)
    except Exception as exc:
        raise BenchError(f"{what} is not reachable at {dsn}: {exc}\n  {START_HINT}") from exc


async def pg_environment(conn: Any) -> dict[str, str]:
    out = {}
    for name in ("server_version", "fsync", "synchronous_commit", "full_page_writes"):
        out[name] = str(await conn.fetchval(f"SHOW {name}"))
    out["wal_sync_method"] = str(await conn.fetchval("SHOW wal_sync_method"))
    return out


def kafka_version(bootstrap: str) -> str:
    """The broker's version from the jars of the process listening on its port."""
    import psutil

    port = int(bootstrap.rsplit(":", 1)[1])
    try:
        pids = {
            c.pid
            for c in psutil.net_connections(kind="tcp")
            if c.status == psutil.CONN_LISTEN and c.laddr and c.laddr.port == port and c.pid
        }
        for pid in pids:
            cmd = psutil.Process(pid).cmdline()
            if "-cp" in cmd:
                for entry in cmd[cmd.index("-cp") + 1].split(":"):
                    lib = Path(entry.rstrip("*"))
                    for jar in sorted(lib.glob("kafka_2.*-*.jar")) if lib.is_dir() else []:
                        name = jar.stem  # kafka_2.13-3.9.1
                        if not name.endswith(("-sources", "-javadoc", "-test")):
                            return f"{name.split('-', 1)[1]} (pid {pid}, {jar.name})"
    except Exception:
        pass
    return f"unknown (REX_KAFKA_VERSION={os.environ.get('REX_KAFKA_VERSION', 'unset')})"


def listening_pid(port: int | str) -> int | None:
    """The process listening on a local TCP port (the broker, the postmaster)."""
    import psutil

    port = int(port)
    with contextlib.suppress(Exception):
        for c in psutil.net_connections(kind="tcp"):
            if c.status == psutil.CONN_LISTEN and c.laddr and c.laddr.port == port and c.pid:
                return c.pid
    return None


async def group_members(bootstrap: str, groups: Sequence[str]) -> dict[str, int]:
    """Members of each consumer group right now ({} when the broker cannot say).

    aiokafka 0.14's ``describe_consumer_groups`` picks DescribeGroups v3 but decodes the
    answer as v2 (``DescribeGroupsRequest_v3.RESPONSE_TYPE``), which breaks the
    connection; this asks with v0..v2 only.
    """
    from aiokafka.admin import AIOKafkaAdminClient
    from aiokafka.protocol.admin import (
        DescribeGroupsRequest_v0,
        DescribeGroupsRequest_v1,
        DescribeGroupsRequest_v2,
    )
    from aiokafka.protocol.api import Request

    class DescribeGroups(
        Request[DescribeGroupsRequest_v0 | DescribeGroupsRequest_v1 | DescribeGroupsRequest_v2]
    ):
        API_KEY = 15

        def __init__(self, names: list[str]) -> None:
            self.names = names

        def build(self, request_struct_class: Any) -> Any:
            return request_struct_class(self.names)

    out: dict[str, int] = {}
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=10000)
    try:
        await asyncio.wait_for(admin.start(), 10)
        for g in groups:
            node = await asyncio.wait_for(admin.find_coordinator(g), 10)
            resp = await asyncio.wait_for(admin._client.send(node, DescribeGroups([g])), 10)
            for desc in resp.groups:
                out[desc[1]] = len(desc[5])
    except Exception as exc:
        note(f"(could not describe consumer groups: {type(exc).__name__}: {exc})")
        return {}
    finally:
        with contextlib.suppress(Exception):
            await asyncio.wait_for(admin.close(), 10)
    return out


async def check_interference(bootstrap: str, groups: Sequence[str], res: PipeResult) -> None:
    members = await group_members(bootstrap, groups)
    crowded = {g: n for g, n in members.items() if n != 1}
    if crowded:
        res.warnings.append(
            f"consumer group members after the step: {members} (expected 1 each: our worker)"
        )


def pytest_running() -> list[str]:
    """Command lines of pytest processes on this machine (--shared-names refuses them)."""
    import psutil

    found = []
    for proc in psutil.process_iter(["pid", "cmdline"]):
        argv = proc.info.get("cmdline") or []
        names = [Path(a).name for a in argv]
        is_pytest = any(n in ("pytest", "py.test") for n in names) or any(
            a == "-m" and b == "pytest" for a, b in itertools.pairwise(argv)
        )
        if is_pytest and proc.info["pid"] != os.getpid():
            found.append(f"{proc.info['pid']}: {' '.join(argv)[:120]}")
    return found


async def watch_groups(
    bootstrap: str, groups: Sequence[str], workers: list[Proc], reason: list[str], main: Any
) -> None:
    """--shared-names: the moment anyone else joins our groups, stop our workers (so as
    to leave their run alone) and end the benchmark."""
    while True:
        await asyncio.sleep(2)
        crowded = {g: n for g, n in (await group_members(bootstrap, groups)).items() if n > 1}
        if crowded:
            reason.append(
                f"another consumer joined {crowded} during the run (a test?): stopped the "
                "workers to leave it alone; results of this run are not valid"
            )
            for w in workers:
                w.stop(10)
            main.cancel()
            return


async def wait_groups_free(
    bootstrap: str, groups: Sequence[str], timeout_s: float, quiet_s: float = 0.0
) -> None:
    """Refuse to join a group someone else consumes in (tests on the same broker).

    The workers' group ids are the service names and the relay's transactional id is
    ``rex-relay-<service>`` — the same as the test suite's. Running beside a test that
    consumes as ``listing`` would split the partition between it and our worker, and
    fence each other's relay producers: both runs would be wrong.
    """
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout_s
    said = False
    quiet_since = loop.time()
    while True:
        busy = {g: n for g, n in (await group_members(bootstrap, groups)).items() if n}
        if busy:
            quiet_since = loop.time()  # a test run leaves and rejoins between its tests
        elif loop.time() - quiet_since >= quiet_s:
            return
        if loop.time() > deadline:
            raise BenchError(
                f"consumer groups {busy} have members on this broker (a test run, another "
                "benchmark, or workers of a dev stack using the same service names). "
                "Run the benchmark when they are gone (a killed consumer leaves within ~10 s)."
            )
        if busy and not said:
            note(f"waiting ≤ {timeout_s:.0f}s for consumer groups {busy} to become empty")
            said = True
        await asyncio.sleep(1)


async def check_kafka(bootstrap: str) -> list[str]:
    from aiokafka.admin import AIOKafkaAdminClient

    from common.transport import kafka_ping

    if not await kafka_ping(bootstrap, timeout_s=10):
        raise BenchError(f"Kafka is not reachable at {bootstrap}\n  {START_HINT}")
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=10000)
    await asyncio.wait_for(admin.start(), 15)
    try:
        topics = list(await asyncio.wait_for(admin.list_topics(), 15))
    finally:
        with contextlib.suppress(Exception):
            await asyncio.wait_for(admin.close(), 10)
    if "platform.probe" not in topics:
        raise BenchError(
            f"topic platform.probe is missing on {bootstrap}: run `uv run rex topics create`"
        )
    return topics


def fsync_banner(env: dict[str, str]) -> list[str]:
    bad = [
        f"{k}={env[k]}"
        for k in ("fsync", "synchronous_commit", "full_page_writes")
        if env.get(k) == "off"
    ]
    if not bad:
        return []
    line = "!" * 96
    return [
        line,
        f"!!  WARNING: this PostgreSQL runs with {', '.join(bad)} (REX_PG_FAST=1).",
        "!!  Commits are NOT durable: write and apply latencies below are lower than a",
        "!!  durable server's. Restart PostgreSQL without REX_PG_FAST=1 (deploy/postgres/",
        "!!  stop.sh; deploy/up.sh) when nothing else uses it, or pass --pg to another server.",
        line,
    ]


# ------------------------------------------------------------------ bench database


async def prepare_database(admin_dsn: str) -> tuple[str, Any]:
    """Create ``rex_bench`` if missing, migrate the two services, empty their tables.

    Returns the SQLAlchemy URL and an asyncpg connection to the bench database that holds
    an advisory lock (one benchmark at a time).
    """
    from common.embedded import discover_services
    from common.migrations import upgrade
    from common.settings import Settings

    conn = await pg_connect(admin_dsn)
    try:
        exists = await conn.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", BENCH_DB)
        if not exists:
            note(f"creating database {BENCH_DB}")
            with contextlib.suppress(Exception):  # a concurrent creator won the race
                await conn.execute(f'CREATE DATABASE "{BENCH_DB}"')
    finally:
        await conn.close()
    base, _, _db = admin_dsn.rpartition("/")
    bench_dsn = f"{base}/{BENCH_DB}"
    url = bench_dsn.replace("postgresql://", "postgresql+asyncpg://", 1)
    db = await pg_connect(bench_dsn, f"database {BENCH_DB}")
    if not await db.fetchval("SELECT pg_try_advisory_lock(hashtext('rex-bench'))"):
        await db.close()
        raise BenchError("another events benchmark is running against this database")
    services = discover_services()
    settings = Settings(_env_file=None, database_url=url, log_json=False)
    for name in (PRODUCER_SVC, CONSUMER_SVC):
        await asyncio.wait_for(upgrade(services[name], settings), 120)
    await db.execute(
        f"TRUNCATE {PRODUCER_SVC}.outbox, {PRODUCER_SVC}.inbox, "
        f"{CONSUMER_SVC}.outbox, {CONSUMER_SVC}.inbox RESTART IDENTITY"
    )
    return url, db


async def pg_xacts(db: Any) -> int | None:
    with contextlib.suppress(Exception):
        await db.execute("SELECT pg_stat_clear_snapshot()")
        return int(
            await db.fetchval(
                "SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = $1",
                BENCH_DB,
            )
        )
    return None


async def pg_cpu(db: Any, pids: Sequence[int] | None = None) -> tuple[list[int], float]:
    """CPU seconds of this database's backends and the server's own processes (WAL
    writer, checkpointer…): the PostgreSQL work of the benchmark, not of other databases.
    Pass the pids of the first call to the second, so that only survivors are compared."""
    import psutil

    if pids is None:
        with contextlib.suppress(Exception):
            rows = await db.fetch(
                "SELECT pid FROM pg_stat_activity WHERE datname = $1"
                " OR backend_type <> 'client backend'",
                BENCH_DB,
            )
            pids = [r["pid"] for r in rows]
    total, alive = 0.0, []
    for pid in pids or []:
        with contextlib.suppress(psutil.Error):
            t = psutil.Process(pid).cpu_times()
            total += t.user + t.system
            alive.append(pid)
    return alive, total


# ------------------------------------------------------------------ the pipeline


class Pipeline:
    """Writes probes through the guarantee runtime and measures them in the listing inbox."""

    def __init__(self, url: str, bootstrap: str, db: Any, sampler: Sampler, event_cls: Any) -> None:
        from common.embedded import discover_services
        from common.runtime import ServiceRuntime
        from common.settings import Settings

        settings = Settings(
            _env_file=None,
            database_url=url,
            event_transport="kafka",
            kafka_bootstrap=bootstrap,
            log_json=False,
        )
        # No relay in this process (as an API process): wake_relay() reaches nobody, so the
        # worker's relay finds the rows by polling — what production does.
        self.rt = ServiceRuntime(discover_services()[PRODUCER_SVC], settings)
        self.db = db
        self.sampler = sampler
        self.event_cls = event_cls

    async def close(self) -> None:
        await self.rt.dispose()

    async def _write(self, prefix: str, seq: int, count: int = 1) -> None:
        """Events ``seq .. seq+count-1`` of a step in one transaction.

        Event i belongs to aggregate ``<prefix>-<i % 64>``: real traffic spreads over many
        aggregates, and record_event serialises the writers of one aggregate.
        """
        from common.outbox import record_event

        async with self.rt.transaction() as s:
            for i in range(seq, seq + count):
                await record_event(
                    s,
                    self.event_cls(
                        probe_id=f"{prefix}-{i % AGGREGATES}",
                        sequence=i,
                        sent_at=self.rt.clock.now(),
                        note="bench",
                    ),
                )

    async def write_at_rate(
        self, probe_id: str, rate: float, seconds: float, concurrency: int = 16
    ) -> tuple[int, float, Lat]:
        """Open loop: event i is due at t0 + i/rate; each in its own transaction.

        Stops issuing at t0 + seconds (what is not written by then is not written), so
        the step is bounded even when the writer cannot keep up.
        """
        n = max(1, round(rate * seconds))
        loop = asyncio.get_running_loop()
        sem = asyncio.Semaphore(concurrency)
        txn = Lat()
        tasks: set[asyncio.Task[None]] = set()
        errors: list[str] = []

        async def one(i: int) -> None:
            t = time.perf_counter()
            try:
                await asyncio.wait_for(self._write(probe_id, i), 30)
                txn.values.append(time.perf_counter() - t)
            except Exception as exc:
                errors.append(f"{type(exc).__name__}: {exc}")
            finally:
                sem.release()

        t0 = loop.time()
        end = t0 + seconds
        i = 0
        while i < n and loop.time() < end:
            due = min(n, int((loop.time() - t0) * rate) + 1)
            while i < due and loop.time() < end:
                await asyncio.wait_for(sem.acquire(), 60)
                task = asyncio.create_task(one(i))
                tasks.add(task)
                task.add_done_callback(tasks.discard)
                i += 1
            await asyncio.sleep(max(0.0, t0 + i / rate - loop.time()))
        if tasks:
            await asyncio.wait(set(tasks), timeout=60)
        write_s = loop.time() - t0
        if errors:
            note(f"  {len(errors)} writes failed, e.g. {errors[0]}")
        return len(txn.values), write_s, txn

    async def write_burst(self, probe_id: str, total: int, per_txn: int) -> tuple[int, float, Lat]:
        loop = asyncio.get_running_loop()
        txn = Lat()
        t0 = loop.time()
        written = 0
        for start in range(0, total, per_txn):
            count = min(per_txn, total - start)
            t = time.perf_counter()
            await asyncio.wait_for(self._write(probe_id, start, count), 60)
            txn.values.append(time.perf_counter() - t)
            written += count
        return written, loop.time() - t0, txn

    async def applied(self, probe_id: str, consumer: str = CONSUMER_SVC) -> int:
        return int(
            await self.db.fetchval(
                f"SELECT count(*) FROM {PRODUCER_SVC}.outbox o JOIN {consumer}.inbox i"
                " ON i.consumer = $2 AND i.event_id = o.event_id"
                " WHERE o.aggregate_id LIKE $1 || '-%'",
                probe_id,
                consumer,
            )
        )

    async def wait_applied(
        self, probe_id: str, expected: int, timeout_s: float, consumer: str = CONSUMER_SVC
    ) -> bool:
        """Wait until ``expected`` events of the probe are in the consumer's inbox.

        Gives up after ``timeout_s``, or after 20 s in which the consumer's inbox did not
        grow at all (it may be busy with older events before ours: that is progress).
        """
        state = {"n": -1, "total": -1}

        async def done() -> bool:
            state["n"] = await self.applied(probe_id, consumer)
            if state["n"] >= expected:
                return True
            state["total"] = int(await self.db.fetchval(f"SELECT count(*) FROM {consumer}.inbox"))
            return False

        return await wait_for_condition(
            done, timeout_s, interval_s=0.1, stall_s=20, progress=lambda: state["total"]
        )

    async def measure(self, probe_id: str) -> tuple[Lat, Lat, int, float, float]:
        rows = await self.db.fetch(
            f"SELECT o.occurred_at, o.published_at, i.processed_at"
            f" FROM {PRODUCER_SVC}.outbox o LEFT JOIN {CONSUMER_SVC}.inbox i"
            " ON i.consumer = $2 AND i.event_id = o.event_id"
            " WHERE o.aggregate_id LIKE $1 || '-%'",
            probe_id,
            CONSUMER_SVC,
        )
        lag, relay = Lat(), Lat()
        first_write = min((r["occurred_at"] for r in rows), default=None)
        last_write = max((r["occurred_at"] for r in rows), default=None)
        applied = [r for r in rows if r["processed_at"] is not None]
        for r in applied:
            lag.values.append((r["processed_at"] - r["occurred_at"]).total_seconds())
        for r in rows:
            if r["published_at"] is not None:
                relay.values.append((r["published_at"] - r["occurred_at"]).total_seconds())
        last_apply = max((r["processed_at"] for r in applied), default=None)
        span = drain = 0.0
        if first_write and last_apply:
            span = (last_apply - first_write).total_seconds()
            drain = (last_apply - last_write).total_seconds()
        return lag, relay, len(applied), span, drain

    async def step(
        self,
        name: str,
        write: Callable[[str], Awaitable[tuple[int, float, Lat]]],
        offered: float | None,
        drain_timeout_s: float,
    ) -> PipeResult:
        probe_id = f"bench-{name.replace(' ', '')}-{uuid.uuid4().hex[:10]}"  # a prefix
        cpu0, x0, w0 = self.sampler.cpu_times(), await pg_xacts(self.db), time.monotonic()
        pg_pids, pg0 = await pg_cpu(self.db)
        written, write_s, txn = await write(probe_id)
        complete = await self.wait_applied(probe_id, written, drain_timeout_s)
        wall = time.monotonic() - w0
        cpu1, x1 = self.sampler.cpu_times(), await pg_xacts(self.db)
        pg_pids1, pg1 = await pg_cpu(self.db, pg_pids)
        if len(pg_pids1) == len(pg_pids):  # no backend of ours left meanwhile
            cpu0["postgres"], cpu1["postgres"] = pg0, pg1
        lag, relay, applied, span, drain = await self.measure(probe_id)
        cpu = {k: max(0.0, 100.0 * (cpu1[k] - cpu0[k]) / wall) for k in cpu1 if k in cpu0}
        return PipeResult(
            name=name,
            offered=offered,
            written=written,
            write_s=write_s,
            applied=applied,
            span_s=span,
            lag=lag,
            relay_lag=relay,
            write_txn=txn,
            drain_s=drain,
            complete=complete and applied >= written,
            cpu=cpu,
            pg_xacts=(x1 - x0) if x0 is not None and x1 is not None else None,
        )


# ------------------------------------------------------------------ topics, code state


async def ensure_topic(bootstrap: str, name: str, partitions: int) -> None:
    from aiokafka.admin import AIOKafkaAdminClient, NewTopic
    from aiokafka.errors import TopicAlreadyExistsError

    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=15000)
    await asyncio.wait_for(admin.start(), 15)
    try:
        with contextlib.suppress(TopicAlreadyExistsError):
            await asyncio.wait_for(admin.create_topics([NewTopic(name, partitions, 1)]), 15)
    finally:
        with contextlib.suppress(Exception):
            await asyncio.wait_for(admin.close(), 10)


async def delete_topic(bootstrap: str, name: str) -> None:
    from aiokafka.admin import AIOKafkaAdminClient

    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=10000)
    try:
        await asyncio.wait_for(admin.start(), 10)
        await asyncio.wait_for(admin.delete_topics([name]), 15)
    except Exception as exc:
        note(f"could not delete topic {name}: {type(exc).__name__}: {exc}")
    finally:
        with contextlib.suppress(Exception):
            await asyncio.wait_for(admin.close(), 10)


def git_state() -> str:
    """HEAD and whether libs/common differs from it (the workers run the work tree)."""
    try:
        head = (
            subprocess.run(
                ["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, timeout=10
            )
            .stdout.decode()
            .strip()
        )
        dirty = (
            subprocess.run(
                ["git", "status", "--porcelain", "--", "libs/common/src"],
                cwd=REPO,
                capture_output=True,
                timeout=10,
            )
            .stdout.decode()
            .split("\n")
        )
    except (OSError, subprocess.SubprocessError):
        return "unknown (no git)"
    changed = [ln[3:] for ln in dirty if ln.strip()]
    if not changed:
        return f"HEAD {head}, libs/common clean"
    return f"HEAD {head} + uncommitted changes in {', '.join(changed)}"


# ------------------------------------------------------------------ raw aiokafka reference


class RawKafka:
    """aiokafka producer → consumer on a scratch topic, in this process, same broker."""

    def __init__(self, bootstrap: str, timeout_s: float = 15.0) -> None:
        self.bootstrap = bootstrap
        self.timeout_s = timeout_s
        self.producer: Any = None
        self.txn_producer: Any = None
        self.consumer: Any = None
        self.created = False

    async def start(self) -> None:
        from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition

        from common.transport import producer_defaults

        await ensure_topic(self.bootstrap, RAW_TOPIC, 3)
        self.created = True
        # The same client settings as the relay: acks=all, idempotent, linger 2 ms.
        base = producer_defaults(self.bootstrap, self.timeout_s)
        self.producer = AIOKafkaProducer(**{**base, "client_id": "rex-bench-raw"})
        self.txn_producer = AIOKafkaProducer(
            **{
                **base,
                "client_id": "rex-bench-raw-txn",
                "transactional_id": f"rex-bench-raw-{uuid.uuid4().hex[:8]}",
                "transaction_timeout_ms": 60_000,
            }
        )
        # The same fetch settings as the platform's consumers, without a group.
        self.consumer = AIOKafkaConsumer(
            bootstrap_servers=self.bootstrap,
            enable_auto_commit=False,
            isolation_level="read_committed",
            fetch_max_wait_ms=100,
            auto_offset_reset="latest",
            client_id="rex-bench-raw",
        )
        for c in (self.producer, self.txn_producer, self.consumer):
            await asyncio.wait_for(c.start(), self.timeout_s)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + 30
        parts: set[int] = set()
        while not parts:
            await self.consumer._client.force_metadata_update()
            parts = self.consumer._client.cluster.partitions_for_topic(RAW_TOPIC) or set()
            if not parts and loop.time() > deadline:
                raise BenchError(f"topic {RAW_TOPIC} has no partitions after 30 s")
            if not parts:
                await asyncio.sleep(0.2)
        self.parts = [TopicPartition(RAW_TOPIC, p) for p in sorted(parts)]
        self.consumer.assign(self.parts)
        await self.consumer.seek_to_end(*self.parts)
        for tp in self.parts:
            await asyncio.wait_for(self.consumer.position(tp), self.timeout_s)

    async def close(self) -> None:
        for c in (self.producer, self.txn_producer, self.consumer):
            if c is not None:
                with contextlib.suppress(BaseException):
                    await asyncio.wait_for(c.stop(), 10)
        if self.created:
            await delete_topic(self.bootstrap, RAW_TOPIC)

    @staticmethod
    def _value(run: str, seq: int) -> bytes:
        # ~ the size of a probe envelope on the wire (~400 bytes)
        return json.dumps({"run": run, "seq": seq, "t": time.perf_counter(), "pad": "x" * 300})[
            :1000
        ].encode()

    async def _collect(self, run: str, got: dict[int, float], stop: asyncio.Event) -> None:
        while not stop.is_set():
            batches = await self.consumer.getmany(timeout_ms=50)
            now = time.perf_counter()
            for records in batches.values():
                for r in records:
                    d = json.loads(r.value)
                    if d.get("run") == run:
                        got[d["seq"]] = now - d["t"]

    async def step(
        self,
        name: str,
        rate: float | None,
        seconds: float,
        *,
        transactional: bool,
        burst: int = 0,
        per_txn: int = 1,
    ) -> RawResult:
        """Open-loop sends at ``rate`` for ``seconds`` (or ``burst`` messages at once)."""
        run = uuid.uuid4().hex
        got: dict[int, float] = {}
        stop = asyncio.Event()
        collector = asyncio.create_task(self._collect(run, got, stop))
        loop = asyncio.get_running_loop()
        futures: list[asyncio.Future[Any]] = []
        sent = 0
        t0 = loop.time()
        try:
            if burst:
                if transactional:
                    for start in range(0, burst, per_txn):
                        async with asyncio.timeout(self.timeout_s):
                            async with self.txn_producer.transaction():
                                for i in range(start, min(burst, start + per_txn)):
                                    await self.txn_producer.send(
                                        RAW_TOPIC, self._value(run, i), key=str(i % 16).encode()
                                    )
                        sent = min(burst, start + per_txn)
                else:
                    for i in range(burst):
                        futures.append(
                            await self.producer.send(
                                RAW_TOPIC, self._value(run, i), key=str(i % 16).encode()
                            )
                        )
                    sent = burst
            else:
                assert rate is not None
                n = max(1, round(rate * seconds))
                end = t0 + seconds
                while sent < n and loop.time() < end:
                    due = min(n, int((loop.time() - t0) * rate) + 1)
                    while sent < due and loop.time() < end:
                        value, key = self._value(run, sent), str(sent % 16).encode()
                        if transactional:  # one transaction per message, awaited
                            async with asyncio.timeout(self.timeout_s):
                                async with self.txn_producer.transaction():
                                    await self.txn_producer.send(RAW_TOPIC, value, key=key)
                        else:
                            futures.append(await self.producer.send(RAW_TOPIC, value, key=key))
                        sent += 1
                    await asyncio.sleep(max(0.0, t0 + sent / rate - loop.time()))
            if futures:
                await asyncio.wait_for(asyncio.gather(*futures), self.timeout_s)
            send_s = loop.time() - t0
            await wait_for_condition(
                _true_when(lambda: len(got) >= sent),
                15,
                interval_s=0.01,
                stall_s=5,
                progress=lambda: len(got),
            )
        finally:
            stop.set()
            with contextlib.suppress(TimeoutError, asyncio.CancelledError):
                await asyncio.wait_for(collector, 5)
        return RawResult(name, rate, sent, len(got), send_s, Lat(list(got.values())))


def _true_when(pred: Callable[[], bool]) -> Callable[[], Awaitable[bool]]:
    async def check() -> bool:
        return pred()

    return check


# ------------------------------------------------------------------ embedded run


@dataclass
class EmbeddedResult:
    ok: bool
    rss_idle: int = 0
    rss_after_health: int = 0
    rss_peak: int = 0
    ready: dict[str, int] = field(default_factory=dict)
    probe_count: int = 0
    delivered: dict[str, int] = field(default_factory=dict)
    drain_s: float = 0.0
    lag: Lat = field(default_factory=Lat)
    singles: int = 0  # probes written one transaction each, after the burst
    single_lag: Lat = field(default_factory=Lat)
    error: str = ""


def _sqlite_counts(data_dir: Path, services: Sequence[str]) -> dict[str, int]:
    out = {}
    for svc in services:
        path = data_dir / f"{svc}.db"
        try:
            with contextlib.closing(
                sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
            ) as c:
                out[svc] = c.execute(
                    "SELECT count(*) FROM inbox WHERE event_type = 'platform.probe_recorded'"
                ).fetchone()[0]
        except sqlite3.Error:
            out[svc] = 0
    return out


def _sqlite_lag(data_dir: Path, producer: str, consumer: str, probe_id: str) -> list[float]:
    def ts(v: str) -> datetime:
        return datetime.fromisoformat(v)

    with contextlib.closing(
        sqlite3.connect(f"file:{data_dir / f'{consumer}.db'}?mode=ro", uri=True, timeout=5)
    ) as c:
        c.execute("ATTACH DATABASE ? AS p", (f"file:{data_dir / f'{producer}.db'}?mode=ro",))
        rows = c.execute(
            "SELECT o.occurred_at, i.processed_at FROM p.outbox o JOIN inbox i"
            " ON i.event_id = o.event_id AND i.consumer = ?"
            " WHERE json_extract(o.payload, '$.probe_id') = ?",
            (consumer, probe_id),
        ).fetchall()
    return [(ts(b) - ts(a)).total_seconds() for a, b in rows]


#: After the burst: this many probes, one transaction each, this far apart — the lag of
#: a single event (a demo's click), not of a burst.
EMBEDDED_SINGLES, EMBEDDED_SINGLES_SPACED_MS = 20, 50


def _start_probe_cli(
    env: dict[str, str], count: int, spaced_ms: float | None = None
) -> subprocess.Popen[bytes]:
    spaced = [] if spaced_ms is None else ["--spaced-ms", str(spaced_ms)]
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "common.cli",
            "events",
            "probe",
            PRODUCER_SVC,
            "--count",
            str(count),
            *spaced,
        ],
        env=env,
        cwd=REPO,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


async def embedded_run(
    sampler: Sampler, log_dir: Path, count: int, extra_env: dict[str, str]
) -> EmbeddedResult:
    import httpx

    from common.embedded import discover_services

    services = list(discover_services())
    data_dir = Path(tempfile.mkdtemp(prefix="rex-bench-embedded-"))
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("REX_")}
    env.update(
        REX_DATA_DIR=str(data_dir),
        REX_EVENT_TRANSPORT="inprocess",
        REX_LOG_JSON="false",
        PYTHONUNBUFFERED="1",
    )
    env.update(extra_env)
    res = EmbeddedResult(ok=False, probe_count=count)
    proc = Proc(
        "embedded",
        [sys.executable, "-m", "common.cli", "embedded", "--port", str(port)],
        env,
        log_dir,
    )
    sampler.watch("embedded", proc.pid, tree=True)
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=5) as http:

            async def healthy() -> bool:
                if not proc.alive():
                    raise BenchError(
                        "embedded run exited:\n  " + "\n  ".join(proc.log_lines()[-15:])
                    )
                with contextlib.suppress(httpx.HTTPError):
                    return (await http.get("/listing/healthz")).status_code == 200
                return False

            if not await wait_for_condition(healthy, 90, interval_s=0.2):
                raise BenchError("embedded run: /listing/healthz did not answer in 90 s")
            await asyncio.sleep(1.0)  # let the workers settle into their idle loops
            res.rss_idle = sampler.rss_now("embedded")
            for svc in services:
                with contextlib.suppress(httpx.HTTPError):
                    res.ready[svc] = (await http.get(f"/{svc}/readyz")).status_code
                with contextlib.suppress(httpx.HTTPError):
                    await http.get(f"/{svc}/healthz")
            res.rss_after_health = sampler.rss_now("embedded")
            sampler.reset_peak("embedded")

            async def probe(n: int, spaced_ms: float | None = None) -> str:
                cli = _start_probe_cli(env, n, spaced_ms)
                try:
                    out, err = await asyncio.wait_for(asyncio.to_thread(cli.communicate), 120)
                except TimeoutError:
                    cli.kill()
                    raise BenchError("`rex events probe` against the embedded run hung") from None
                if cli.returncode != 0:
                    raise BenchError(
                        "`rex events probe` failed while the embedded run was up:\n"
                        + err.decode(errors="replace")[-1500:]
                    )
                return out.decode().strip().splitlines()[-1]

            state: dict[str, dict[str, int]] = {"c": {}}

            async def delivered(total: int) -> bool:
                state["c"] = await asyncio.to_thread(_sqlite_counts, data_dir, services)
                return all(v >= total for v in state["c"].values())

            async def all_delivered(total: int) -> bool:
                return await wait_for_condition(
                    lambda: delivered(total),
                    120,
                    interval_s=0.2,
                    stall_s=20,
                    progress=lambda: dict(state["c"]),
                )

            async def lags(probe_id: str) -> Lat:
                with contextlib.suppress(Exception):
                    return Lat(
                        await asyncio.to_thread(
                            _sqlite_lag, data_dir, PRODUCER_SVC, CONSUMER_SVC, probe_id
                        )
                    )
                return Lat()

            t0 = time.monotonic()
            burst = await probe(count)
            done = await all_delivered(count)
            res.drain_s = time.monotonic() - t0
            res.delivered = state["c"]
            res.rss_peak = sampler.peak.get("embedded", 0)
            res.lag = await lags(burst)
            if done:
                res.singles = EMBEDDED_SINGLES
                singles = await probe(EMBEDDED_SINGLES, EMBEDDED_SINGLES_SPACED_MS)
                done = await all_delivered(count + EMBEDDED_SINGLES)
                res.single_lag = await lags(singles)
            res.ok = done
            if not done:
                res.error = f"only {state['c']} of {count} (+ singles) delivered per service"
    except BenchError as exc:
        res.error = str(exc)
    finally:
        sampler.unwatch("embedded")
        rc = proc.stop(20)
        if rc not in (0, -signal.SIGTERM) and not res.error:
            res.error = f"embedded run exited with {rc}"
        shutil.rmtree(data_dir, ignore_errors=True)
    return res


# ------------------------------------------------------------------ report


def mb(b: int) -> str:
    return f"{b / 2**20:.0f} MB"


def verdict(r: PipeResult) -> str:
    if r.offered is None:
        return "info (burst)"
    if not r.complete:
        return "NO: incomplete"
    if r.warnings:
        return "? (interference)"
    p99 = r.lag.p(99)
    raw = r.raw.lat.p(99) if r.raw else None
    why = []
    if p99 is None or p99 * 1000 > LAG_TARGET_MS:
        why.append(f"p99>{LAG_TARGET_MS:.0f}ms")
    if raw and p99 is not None and p99 / raw > RAW_RATIO_TARGET:
        why.append(f">{RAW_RATIO_TARGET:.0f}x raw")
    return "yes" if not why else "NO: " + ", ".join(why)


def print_table(results: list[PipeResult]) -> None:
    head = (
        f"{'step':<11}{'offered/s':>10}{'written/s':>10}{'achieved/s':>11}"
        f"{'lag p50':>9}{'p99':>9}{'max':>9}{'raw p99':>9}{'raw txn p99':>12}"
        f"{'p99/raw':>9}  target met?"
    )
    say(head)
    say("-" * len(head) + "-" * 14)
    for r in results:
        raw = r.raw.lat.p(99) if r.raw else None
        raw_txn = r.raw_txn.lat.p(99) if r.raw_txn else None
        p99 = r.lag.p(99)
        ratio = f"{p99 / raw:.1f}x" if raw and p99 is not None else "-"
        offered = f"{r.offered:.0f}" if r.offered else "max"
        say(
            f"{r.name:<11}{offered:>10}{r.write_rate:>10.0f}{r.achieved:>11.0f}"
            f"{ms(r.lag.p(50)):>9}{ms(p99):>9}{ms(r.lag.max):>9}{ms(raw):>9}{ms(raw_txn):>12}"
            f"{ratio:>9}  {verdict(r)}"
        )
    say("(latencies in ms; targets: lag p99 <= 100 ms and <= 5x the raw idempotent p99)")


def print_step(r: PipeResult) -> None:
    status = "" if r.complete else f"  INCOMPLETE: {r.applied}/{r.written} applied"
    say(
        f"  {r.name}: wrote {r.written} in {r.write_s:.1f}s ({r.write_rate:.0f}/s), "
        f"applied {r.applied} at {r.achieved:.0f}/s, drained {r.drain_s * 1000:.0f} ms after "
        f"the last write{status}"
    )
    say(f"    end-to-end lag   {r.lag.summary()}")
    say(f"    relay part       {r.relay_lag.summary()}   (outbox.published_at - occurred_at)")
    say(f"    write txn        {r.write_txn.summary()}")
    if r.raw:
        say(f"    raw idempotent   {r.raw.lat.summary()}  sent {r.raw.send_rate:.0f}/s")
    if r.raw_txn:
        say(f"    raw txn          {r.raw_txn.lat.summary()}  sent {r.raw_txn.send_rate:.0f}/s")
    cpu = "  ".join(f"{k} {v:.0f}%" for k, v in sorted(r.cpu.items()) if k != "machine")
    if "machine" in r.cpu:
        cpu += f"  | whole machine {r.cpu['machine']:.0f}% of {100 * (os.cpu_count() or 1)}%"
    xacts = (
        f"; PG transactions {r.pg_xacts} (~{r.pg_xacts / max(1, r.applied):.1f}/event)"
        if r.pg_xacts is not None
        else ""
    )
    say(f"    CPU (% of one core) {cpu}{xacts}")
    for w in r.warnings:
        say(f"    WARNING: {w}")


# ------------------------------------------------------------------ experiments (--patch)
# Proposed changes to libs/common, measured without editing it: with --patch the workers
# start as ``python bench/events_bench.py --as-worker SERVICE --patch NAME`` which applies
# the monkeypatch and then runs exactly ``rex worker SERVICE``.


def isolate_worker() -> None:
    """--isolated: the same code path under names of our own, so that a benchmark never
    shares a consumer group, a transactional id or the probe topic with the test suite
    (or a dev stack) on the same broker. Names only: relay, publisher, consumer runner
    and inbox are untouched."""
    import common.inbox as inbox_mod
    import common.runtime as runtime_mod

    inbox_mod.PROBE_TOPIC = ISO_TOPIC  # the consumers subscribe to it, as to platform.probe
    make_consumer, publisher = inbox_mod.make_consumer, runtime_mod.KafkaPublisher

    def prefixed_consumer(bootstrap: str, group_id: str, topics: Any) -> Any:
        return make_consumer(bootstrap, ISO_PREFIX + group_id, topics)

    def prefixed_publisher(bootstrap: str, **kw: Any) -> Any:
        if kw.get("transactional_id"):
            kw["transactional_id"] = ISO_PREFIX + kw["transactional_id"]
        return publisher(bootstrap, **kw)

    inbox_mod.make_consumer = prefixed_consumer
    runtime_mod.KafkaPublisher = prefixed_publisher  # type: ignore[misc]


_EVENT_CLS: dict[str, Any] = {}


def probe_event_class(isolated: bool) -> Any:
    """ProbeRecorded, or (isolated) the same event on ``bench.probe``."""
    from common.contracts.platform import ProbeRecorded

    if not isolated:
        return ProbeRecorded
    if "iso" not in _EVENT_CLS:

        class BenchProbeRecorded(
            ProbeRecorded,
            type="bench.probe_recorded",
            version=1,
            topic=ISO_TOPIC,
            aggregate="probe",
            aggregate_key="probe_id",
        ):
            """ProbeRecorded on the benchmark's own topic."""

        _EVENT_CLS["iso"] = BenchProbeRecorded
    return _EVENT_CLS["iso"]


def _patch_txn_backoff_2ms() -> None:
    """aiokafka: a transaction begun right after the previous commit gets
    CONCURRENT_TRANSACTIONS until the commit markers are written, and retries after a
    fixed 20 ms (aiokafka/producer/sender.py BACKOFF_OVERRIDE). 2 ms instead."""
    import aiokafka.producer.sender as sender

    sender.BACKOFF_OVERRIDE = 0.002


PATCHES: dict[str, Callable[[], None]] = {
    "txn-backoff-2ms": _patch_txn_backoff_2ms,
}


def run_as_worker(service: str, patches: Sequence[str], isolated: bool) -> None:
    if isolated:
        isolate_worker()
    for name in patches:
        PATCHES[name]()
    from common.cli import main as rex_main

    rex_main(["worker", service])


# ------------------------------------------------------------------ main


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--quick", action="store_true", help="short steps: a smoke run (~40-50 s)")
    p.add_argument("--rates", help="offered events/s, comma separated (default 200,500,1000)")
    p.add_argument("--seconds", type=float, help="seconds per rate step (default 6)")
    p.add_argument("--raw-seconds", type=float, help="seconds per raw step (default 3)")
    p.add_argument("--burst", type=int, help="burst size, written 100 per transaction (5000)")
    p.add_argument(
        "--embedded-count", type=int, help="probe events through the embedded run (1000)"
    )
    p.add_argument("--skip-embedded", action="store_true", help="do not measure the embedded run")
    p.add_argument(
        "--embedded-only",
        action="store_true",
        help="measure only the embedded run (no PostgreSQL, no Kafka; ~15 s)",
    )
    p.add_argument(
        "--wait-groups",
        type=float,
        default=120.0,
        metavar="S",
        help="wait this long for groups guarantee/listing to have no members (default 120)",
    )
    p.add_argument("--pg", default=DEFAULT_PG, help=f"admin DSN (default {DEFAULT_PG})")
    p.add_argument("--kafka", default=DEFAULT_KAFKA, help="bootstrap (default %(default)s)")
    p.add_argument(
        "--worker-env",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="extra environment for both workers, e.g. REX_RELAY_IDLE_S=0.005 (experiments)",
    )
    p.add_argument(
        "--embedded-env",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="extra environment for the embedded run (experiments)",
    )
    p.add_argument(
        "--patch",
        action="append",
        default=[],
        choices=sorted(PATCHES),
        help="run the workers with a proposed libs/common change monkeypatched in",
    )
    p.add_argument(
        "--shared-names",
        action="store_true",
        help="run exactly `python -m common.cli worker SERVICE` on platform.probe, with the\n"
        "services' own group and transactional ids (what production runs). Shares them with\n"
        "the test suite on this broker: never while tests run; every run leaves its events\n"
        "on platform.probe (7-day retention), which tests replaying that topic must re-read.",
    )
    p.add_argument("--as-worker", metavar="SERVICE", help=argparse.SUPPRESS)
    p.add_argument("--isolate", action="store_true", help=argparse.SUPPRESS)
    a = p.parse_args(argv)
    a.rates = [float(x) for x in (a.rates or ("200,500" if a.quick else "200,500,1000")).split(",")]
    a.seconds = a.seconds or (2.0 if a.quick else 6.0)
    a.raw_seconds = a.raw_seconds or (1.0 if a.quick else 3.0)
    a.burst = a.burst if a.burst is not None else (500 if a.quick else 5000)
    a.embedded_count = a.embedded_count or (200 if a.quick else 1000)
    for kv in a.worker_env + a.embedded_env:
        if "=" not in kv:
            p.error(f"--worker-env needs KEY=VALUE, got {kv!r}")
    return a


#: Embedded delivery (issue 15): lag p99 ≤ 100 ms; before the batch delivery, on an idle box,
#: 200 probes took p50 519 ms, p99 1,062 ms (283 applies/s).
EMBEDDED_LAG_P99_TARGET_MS = 100.0
EMBEDDED_LAG_BEFORE = "p50 519 ms, p99 1,062 ms (issue 15, 200 probes, 283 applies/s)"


def embedded_lag_verdict(emb: EmbeddedResult) -> str:
    """The burst's lag beside the issue's figure and the target, then single events'."""
    p99 = emb.lag.p(99)
    met = p99 is not None and p99 <= EMBEDDED_LAG_P99_TARGET_MS / 1000
    line = (
        f"embedded lag, burst of {emb.probe_count}: p50 {ms(emb.lag.p(50))} ms, "
        f"p99 {ms(p99)} ms — issue 15 figure: {EMBEDDED_LAG_BEFORE}; "
        f"target p99 ≤ {EMBEDDED_LAG_P99_TARGET_MS:.0f} ms: {'met' if met else 'NOT MET'}"
    )
    if emb.singles:
        line += (
            f"\nembedded lag, {emb.singles} single events {EMBEDDED_SINGLES_SPACED_MS} ms "
            f"apart (one transaction each): {emb.single_lag.summary()}"
        )
    return line


async def run_embedded_only(args: argparse.Namespace) -> int:
    """The embedded run alone: in-process delivery, SQLite, no broker or server needed."""
    say("== Events benchmark: embedded run only ==")
    say(f"date {datetime.now().astimezone():%Y-%m-%d %H:%M %Z}; code: {git_state()}")
    sampler = Sampler()
    sampler.start()
    log_dir = Path(tempfile.mkdtemp(prefix="rex-bench-logs-"))
    emb = await embedded_run(
        sampler, log_dir, args.embedded_count, dict(kv.split("=", 1) for kv in args.embedded_env)
    )
    sampler.stop()
    say(
        f"embedded: {emb.probe_count} probes, delivered per service inbox {emb.delivered} in "
        f"{emb.drain_s:.1f}s "
        f"({emb.probe_count * len(emb.delivered) / max(emb.drain_s, 1e-9):.0f} applies/s); "
        f"listing lag {emb.lag.summary()}; peak RSS {mb(emb.rss_peak)}"
    )
    say(embedded_lag_verdict(emb))
    if emb.error:
        say(f"  embedded run problem: {emb.error}")
    return 0 if emb.ok else 2


async def run(args: argparse.Namespace) -> int:
    import psutil

    if args.embedded_only:
        return await run_embedded_only(args)

    say("== Events benchmark: outbox → relay → Kafka → inbox ==")
    say(f"date {datetime.now().astimezone():%Y-%m-%d %H:%M %Z}")
    conn = await pg_connect(args.pg)
    try:
        pg_env = await pg_environment(conn)
    finally:
        await conn.close()
    await check_kafka(args.kafka)
    kver = kafka_version(args.kafka)
    la = os.getloadavg()
    say(
        f"machine: {platform.node()} {platform.machine()}, CPUs {os.cpu_count()} logical / "
        f"{psutil.cpu_count(logical=False)} physical, RAM {mb(psutil.virtual_memory().total)}, "
        f"load avg {la[0]:.2f} {la[1]:.2f} {la[2]:.2f}"
    )
    say(f"python {platform.python_version()} ({sys.executable})")
    say(
        f"postgresql {pg_env['server_version']} at {args.pg.rpartition('@')[2]}: "
        f"fsync={pg_env['fsync']} synchronous_commit={pg_env['synchronous_commit']} "
        f"full_page_writes={pg_env['full_page_writes']} wal_sync_method={pg_env['wal_sync_method']}"
    )
    say(f"kafka {kver} at {args.kafka}")
    banner = fsync_banner(pg_env)
    for line in banner:
        say(line)
    extra = {k: v for k, v in os.environ.items() if k.startswith("REX_")}
    if extra:
        say(f"REX_* in this environment (inherited by the workers): {extra}")
    if args.worker_env:
        say(f"worker overrides: {' '.join(args.worker_env)}")
    if args.patch:
        say(f"EXPERIMENT: workers run with monkeypatches {args.patch} (not libs/common as is)")
    say(f"code: {git_state()}")
    isolated = not args.shared_names
    if isolated:
        groups = [ISO_PREFIX + svc for svc in (PRODUCER_SVC, CONSUMER_SVC)]
        say(
            f"mode: isolated — topic {ISO_TOPIC}, groups {', '.join(groups)}, transactional id "
            f"{ISO_PREFIX}rex-relay-{PRODUCER_SVC} (same code path; --shared-names for the "
            "services' own names)"
        )
    else:
        prefix = os.environ.get("REX_KAFKA_GROUP_PREFIX", "")  # newer settings honour it
        groups = [prefix + svc for svc in (PRODUCER_SVC, CONSUMER_SVC)]
        say(
            "mode: shared names — `python -m common.cli worker`, topic platform.probe, groups "
            f"{', '.join(groups)}: do not run while tests use this broker"
        )

    log_dir = Path(tempfile.mkdtemp(prefix="rex-bench-logs-"))
    sampler = Sampler()
    sampler.start()
    sampler.watch("bench", os.getpid())
    kpid = listening_pid(args.kafka.rsplit(":", 1)[1])
    if kpid:
        with contextlib.suppress(Exception):
            sampler.watch("kafka", kpid)
    workers: list[Proc] = []
    made_topics: list[str] = []
    raw = RawKafka(args.kafka)
    pipe: Pipeline | None = None
    db: Any = None
    results: list[PipeResult] = []
    emb: EmbeddedResult | None = None
    failed = False
    abort_reason: list[str] = []
    watchdog: asyncio.Task[None] | None = None
    try:
        note(f"preparing database {BENCH_DB} (migrate {PRODUCER_SVC}, {CONSUMER_SVC}; truncate)")
        url, db = await prepare_database(args.pg)
        env = dict(os.environ)
        env.update(
            REX_DATABASE_URL=url,
            REX_EVENT_TRANSPORT="kafka",
            REX_KAFKA_BOOTSTRAP=args.kafka,
            REX_LOG_JSON="false",
            PYTHONUNBUFFERED="1",
        )
        if isolated:
            env["REX_KAFKA_GROUP_PREFIX"] = ""  # the groups are exactly rex-bench-<service>
        env.update(dict(kv.split("=", 1) for kv in args.worker_env))
        if not isolated and pytest_running():
            raise BenchError(
                "--shared-names: pytest is running on this machine and may be using the "
                "same consumer groups and transactional ids:\n  " + "\n  ".join(pytest_running())
            )
        await wait_groups_free(
            args.kafka, groups, args.wait_groups, quiet_s=0.0 if isolated else 10.0
        )
        note(f"creating scratch topics {RAW_TOPIC}{', ' + ISO_TOPIC if isolated else ''}")
        if isolated:
            await ensure_topic(args.kafka, ISO_TOPIC, 1)  # as platform.probe: 1 partition
            made_topics.append(ISO_TOPIC)
        for svc in (PRODUCER_SVC, CONSUMER_SVC):
            argv = [sys.executable, "-m", "common.cli", "worker", svc]
            if args.patch or isolated:
                argv = [sys.executable, str(THIS), "--as-worker", svc]
                argv += ["--isolate"] if isolated else []
                argv += [x for name in args.patch for x in ("--patch", name)]
            w = Proc(f"worker-{svc}", argv, env, log_dir)
            workers.append(w)
            sampler.watch(w.name, w.pid)
        note(f"workers started: {', '.join(f'{w.name} pid {w.pid}' for w in workers)}")
        if not isolated:
            watchdog = asyncio.create_task(
                watch_groups(args.kafka, groups, workers, abort_reason, asyncio.current_task())
            )
        pipe = Pipeline(url, args.kafka, db, sampler, probe_event_class(isolated))
        await raw.start()

        # Warm-up: proves relay and both consumers are live, and that both groups have
        # drained whatever older probes were on the topic (consumption is in order).
        warm = f"bench-warmup-{uuid.uuid4().hex[:10]}"
        warm_n, _, _ = await pipe.write_at_rate(warm, 50, 0.5)
        note("warm-up: both consumer groups join and drain the probe topic (≤ 180 s)")
        for consumer in (CONSUMER_SVC, PRODUCER_SVC):
            ok = await pipe.wait_applied(warm, warm_n, 180, consumer=consumer)
            for w in workers:
                if not w.alive():
                    raise BenchError(
                        f"{w.name} exited ({w.popen.returncode}):\n  "
                        + "\n  ".join(w.log_lines()[-20:])
                    )
            if not ok:
                raise BenchError(
                    f"warm-up probes did not reach the {consumer} inbox; another consumer in "
                    f"its group (a test run on the same broker?) may hold the partition. "
                    f"Worker logs: {log_dir}"
                )
        await raw.step("warm", 100, 0.3, transactional=False)
        await raw.step("warm", 20, 0.3, transactional=True)
        for w in workers:
            sampler.reset_peak(w.name)
        note("warm-up done")

        drain_timeout = max(30.0, args.seconds * 4)
        for rate in args.rates:
            name = f"rate {rate:.0f}"
            note(f"{name}: raw idempotent {args.raw_seconds:.1f}s")
            r_raw = await raw.step(name, rate, args.raw_seconds, transactional=False)
            note(f"{name}: raw transactional (one transaction per message) {args.raw_seconds:.1f}s")
            r_txn = await raw.step(name, rate, args.raw_seconds, transactional=True)
            note(f"{name}: pipeline {args.seconds:.0f}s")
            res = await pipe.step(
                name,
                lambda pid, rate=rate: pipe.write_at_rate(pid, rate, args.seconds),
                rate,
                drain_timeout,
            )
            res.raw, res.raw_txn = r_raw, r_txn
            await check_interference(args.kafka, groups, res)
            results.append(res)
            print_step(res)
        if args.burst:
            note(f"burst: raw {args.burst} idempotent sends, and {args.burst} in txns of 100")
            r_raw = await raw.step("burst", None, 0, transactional=False, burst=args.burst)
            r_txn = await raw.step(
                "burst", None, 0, transactional=True, burst=args.burst, per_txn=100
            )
            note(f"burst: pipeline {args.burst} events, 100 per transaction")
            res = await pipe.step(
                "burst",
                lambda pid: pipe.write_burst(pid, args.burst, 100),
                None,
                max(60.0, args.burst / 50),
            )
            res.raw, res.raw_txn = r_raw, r_txn
            await check_interference(args.kafka, groups, res)
            results.append(res)
            print_step(res)
    except BenchError as exc:
        failed = True
        say(f"\nERROR: {exc}")
    except asyncio.CancelledError:
        if not abort_reason:
            raise
        task = asyncio.current_task()
        if task is not None:
            task.uncancel()
        failed = True
        say(f"\nERROR: {abort_reason[0]}")
    finally:
        if watchdog is not None:
            watchdog.cancel()
            with contextlib.suppress(BaseException):
                await watchdog
        # Workers first, and blocking: nothing (a second signal, a cancellation) can
        # interrupt it, and a worker left running would sit in the consumer groups.
        codes = {}
        for w in workers:
            codes[w.name] = w.stop(20)
            sampler.unwatch(w.name)
        if pipe is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(pipe.close(), 10)
        with contextlib.suppress(Exception):
            await raw.close()
        for topic in made_topics:  # after the workers: they consume it until they stop
            await delete_topic(args.kafka, topic)
        if db is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(db.close(), 10)

    if workers:
        note("workers stopped: " + ", ".join(f"{k} rc={v}" for k, v in codes.items()))
        for w in workers:
            noisy = [ln for ln in w.log_lines() if " WARNING " in ln or " ERROR " in ln]
            if noisy:
                say(f"  {w.name}: {len(noisy)} warning/error log lines, last ones:")
                for ln in noisy[-5:]:
                    say(f"    {ln[:300]}")

    if not args.skip_embedded and not failed:
        note(f"embedded run: all services, SQLite, {args.embedded_count} probe events")
        emb = await embedded_run(
            sampler,
            log_dir,
            args.embedded_count,
            dict(kv.split("=", 1) for kv in args.embedded_env),
        )
    sampler.stop()

    # ---------------------------------------------------------------- summary
    say("\n== Summary ==")
    for line in banner:
        say(line)
    if results:
        print_table(results)
    say("\nresident memory (peak during the measured steps):")
    for name in [w.name for w in workers] + ["bench", "kafka"]:
        if name in sampler.peak:
            say(f"  {name:<18} {mb(sampler.peak[name])}")
    if emb is not None:
        ok = emb.rss_peak and emb.rss_peak / 2**20 < EMBEDDED_RSS_TARGET_MB
        say(
            f"  embedded: idle {mb(emb.rss_idle)}, after health checks "
            f"{mb(emb.rss_after_health)}, peak while {emb.probe_count} probes went through "
            f"{mb(emb.rss_peak)}"
        )
        say(
            f"embedded RSS: {emb.rss_peak / 2**20:.0f} MB (target < "
            f"{EMBEDDED_RSS_TARGET_MB:.0f} MB) {'met' if ok else 'NOT MET'}"
        )
        say(
            f"  embedded readyz: {emb.ready}; probes delivered per service inbox: "
            f"{emb.delivered} in {emb.drain_s:.1f}s "
            f"({emb.probe_count * len(emb.delivered) / max(emb.drain_s, 1e-9):.0f} applies/s); "
            f"listing lag {emb.lag.summary()}"
        )
        say("  " + embedded_lag_verdict(emb).replace("\n", "\n  "))
        if emb.error:
            say(f"  embedded run problem: {emb.error}")
    say(f"\nlogs: {log_dir}   total {time.monotonic() - T_START:.0f}s")
    if failed:
        return 2
    return 0 if all(verdict(r) in ("yes", "info (burst)") for r in results) else 1


def main() -> None:
    args = parse_args()
    os.chdir(REPO)
    if args.as_worker:
        run_as_worker(args.as_worker, args.patch, args.isolate)
        return

    async def guarded() -> int:
        task = asyncio.current_task()
        loop = asyncio.get_running_loop()
        signalled: list[int] = []

        def stop(sig: int) -> None:
            # Cancel once; further signals (`timeout` signals the command AND its process
            # group, `uv run` forwards too) must not interrupt the cleanup.
            if not signalled and task is not None:
                signalled.append(sig)
                task.cancel()

        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, stop, sig)
        return await run(args)

    atexit.register(stop_children)

    try:
        code = asyncio.run(guarded())
    except BenchError as exc:
        say(f"ERROR: {exc}")
        code = 2
    except (KeyboardInterrupt, asyncio.CancelledError):
        say("interrupted")
        code = 130
    sys.exit(code)


if __name__ == "__main__":
    main()
