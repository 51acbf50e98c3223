"""The platform as production runs it, for end-to-end tests: each service its own API
and worker processes, on the real PostgreSQL and Kafka, time moved through one shared
offset file (``REX_CLOCK_OFFSET_FILE``), never by sleeping.

Test-only. Processes are started from this interpreter's ``rex`` script, log to files
under the test's temporary folder, and can be killed (``kill -9``) and restarted one by
one for fault tests.
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import httpx

from common.clock import OffsetFileClock, local_date

REX = str(Path(sys.executable).with_name("rex"))


def free_port() -> int:
    """A TCP port nobody listens on now (the OS picks it)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class _Proc:
    popen: subprocess.Popen[bytes]
    log: Path


#: Starting the platform on a loaded box (two cores shared by many runs; loads of 10 to 27
#: seen) takes minutes, so the wait follows progress: it goes on while a process becomes
#: ready or one not ready yet works (its CPU time or its log grows: a process importing
#: under load writes nothing for minutes), gives up after ``START_STALL_S`` without
#: either, and after ``START_TOTAL_S`` in any case.
START_TOTAL_S = 300.0
START_STALL_S = 120.0


@dataclass
class StartWatch:
    """How a start goes: the processes not ready yet, how long each ready one took, and
    when anything last moved (a process ready, a pending one's CPU time or log grown)."""

    pending: set[str]
    started: float
    total_s: float = START_TOTAL_S
    stall_s: float = START_STALL_S
    ready_after: dict[str, float] = field(default_factory=dict)
    signs: dict[str, tuple[int, int]] = field(default_factory=dict)
    moved: float = 0.0

    def __post_init__(self) -> None:
        self.moved = self.started

    def ready(self, name: str, at: float) -> None:
        if name in self.pending:
            self.pending.discard(name)
            self.ready_after[name] = at - self.started
            self.moved = at

    def working(self, name: str, signs: tuple[int, int], at: float) -> None:
        """A pending process's signs of work now (its CPU ticks, its log's bytes): one
        grown, the start is moving."""
        before = self.signs.get(name, (0, 0))
        if any(now > was for now, was in zip(signs, before, strict=True)):
            self.moved = at
        self.signs[name] = signs

    def overdue(self, at: float) -> str | None:
        """Why the wait is over without every process ready, or None while it goes on."""
        if at - self.started > self.total_s:
            return f"not ready after {self.total_s:.0f} s"
        if at - self.moved > self.stall_s:
            return f"no progress for {self.stall_s:.0f} s ({at - self.started:.0f} s in all)"
        return None


@dataclass
class PlatformProcesses:
    """api + worker per service; ``url(service)`` is where its API answers."""

    workdir: Path
    database_url: str
    kafka_bootstrap: str
    services: list[str]
    group_prefix: str
    repo: Path = Path(".")
    procs: dict[tuple[str, str], _Proc] = field(default_factory=dict)
    # Free ports picked once per platform, so parallel runs on one machine never collide.
    ports: dict[str, int] = field(default_factory=dict)

    @property
    def clock_file(self) -> Path:
        return self.workdir / "clock-offset"

    def port(self, service: str) -> int:
        if service not in self.ports:
            self.ports[service] = free_port()
        return self.ports[service]

    def url(self, service: str) -> str:
        return f"http://127.0.0.1:{self.port(service)}"

    def probe(self, service: str, part: str) -> str:
        """Where ``part`` says it is ready: the API's /readyz (its database and Kafka
        reachable), the worker's /healthz (its relay, consumer and scheduler running)."""
        if part == "api":
            return f"{self.url(service)}/readyz"
        return f"http://127.0.0.1:{self.port(f'{service}-worker')}/healthz"

    def env(self, service: str) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("REX_")}
        env.update(
            REX_ENV="development",
            REX_DATABASE_URL=self.database_url,
            REX_EVENT_TRANSPORT="kafka",
            REX_KAFKA_BOOTSTRAP=self.kafka_bootstrap,
            REX_KAFKA_GROUP_PREFIX=self.group_prefix,
            REX_CLOCK_OFFSET_FILE=str(self.clock_file),
            REX_TOPICS_FILE=str(self.repo / "deploy" / "topics.toml"),
            REX_RELAY_IDLE_S="0.02",
            REX_SCHEDULER_IDLE_S="0.1",
            REX_LOG_JSON="false",
            REX_LOG_LEVEL="INFO",
            REX_DATA_DIR=str(self.workdir / "data"),
            REX_DB_POOL_SIZE="5",
            REX_DB_MAX_OVERFLOW="5",
            REX_RATE_LIMIT_AUTH_FAILURES="0",  # tests write from one account, fast
            REX_RATE_LIMIT_WRITES="0",
        )
        for peer in self.services:
            env[f"REX_{peer.upper()}_URL"] = self.url(peer)
        return env

    def start(self, service: str, part: str) -> None:
        """Start ``part`` ("api" or "worker") of ``service``."""
        args = [REX, part, service]
        env = self.env(service)
        if part == "api":
            args += ["--host", "127.0.0.1", "--port", str(self.port(service))]
        else:  # its health endpoint, for wait_ready
            env["REX_WORKER_METRICS_PORT"] = str(self.port(f"{service}-worker"))
            env["REX_WORKER_METRICS_HOST"] = "127.0.0.1"
        log = self.workdir / f"{service}-{part}.log"
        with log.open("ab") as out:
            popen = subprocess.Popen(
                args, env=env, stdout=out, stderr=subprocess.STDOUT, cwd=self.repo
            )
        self.procs[(service, part)] = _Proc(popen, log)

    def start_all(self) -> None:
        self.workdir.mkdir(parents=True, exist_ok=True)
        for service in self.services:
            self.start(service, "api")
            self.start(service, "worker")

    def kill(self, service: str, part: str, sig: int = signal.SIGKILL) -> None:
        proc = self.procs.pop((service, part))
        proc.popen.send_signal(sig)
        proc.popen.wait(30)

    async def restart_stopped(self) -> None:
        """Start again every part that is not running (a test that failed half-way may
        have left one killed), and wait until the APIs are ready if any was."""
        stopped = [
            (service, part)
            for service in self.services
            for part in ("api", "worker")
            if (proc := self.procs.get((service, part))) is None or proc.popen.poll() is not None
        ]
        for service, part in stopped:
            self.procs.pop((service, part), None)
            self.start(service, part)
        if stopped:
            await self.wait_ready()

    def stop_all(self) -> None:
        for proc in self.procs.values():
            if proc.popen.poll() is None:
                proc.popen.terminate()
        for proc in self.procs.values():
            try:
                proc.popen.wait(20)
            except subprocess.TimeoutExpired:
                proc.popen.kill()
                proc.popen.wait(5)
        self.procs.clear()

    def today(self) -> date:
        """The business date every process sees now (Beijing time, the clock moved)."""
        return local_date(OffsetFileClock(self.clock_file).now())

    def advance(self, delta: timedelta) -> float:
        """Move every process's clock forward by ``delta``."""
        return OffsetFileClock.advance_file(self.clock_file, delta)

    def logs(self, service: str, part: str, tail: int = 40) -> str:
        path = self.workdir / f"{service}-{part}.log"
        lines = path.read_text(errors="replace").splitlines() if path.exists() else []
        return "\n".join(lines[-tail:])

    def dead(self) -> list[str]:
        return [f"{s}-{p}" for (s, p), pr in self.procs.items() if pr.popen.poll() is not None]

    async def wait_ready(
        self, total_s: float = START_TOTAL_S, stall_s: float = START_STALL_S
    ) -> None:
        """Every running process is ready (``probe``), waiting while the start makes
        progress (``StartWatch``); a failure names the processes not ready, how long the
        others took, and the tail of each one's log."""
        loop = asyncio.get_running_loop()
        parts = {f"{service}-{part}": (service, part) for service, part in self.procs}
        watch = StartWatch(set(parts), loop.time(), total_s, stall_s)
        async with httpx.AsyncClient(timeout=3) as client:
            while watch.pending:
                if dead := self.dead():
                    raise RuntimeError(
                        f"processes exited: {dead}\n"
                        + "\n".join(self.logs(*d.split("-", 1)) for d in dead)
                    )
                for name in sorted(watch.pending):
                    service, part = parts[name]
                    try:
                        if (await client.get(self.probe(service, part))).status_code == 200:
                            watch.ready(name, loop.time())
                            continue
                    except httpx.HTTPError:
                        pass
                    watch.working(name, self._signs(service, part), loop.time())
                if watch.pending and (why := watch.overdue(loop.time())):
                    raise TimeoutError(self._not_ready(watch, why, parts))
                if watch.pending:
                    await asyncio.sleep(0.1)  # between two polls of the processes' readiness

    def _signs(self, service: str, part: str) -> tuple[int, int]:
        """The process's CPU time so far (clock ticks, from /proc; 0 where there is none)
        and its log's size."""
        proc = self.procs[(service, part)]
        try:
            stat = Path(f"/proc/{proc.popen.pid}/stat").read_text()
            after_name = stat.rsplit(")", 1)[1].split()  # fields from the 3rd (state) on
            ticks = int(after_name[11]) + int(after_name[12])  # utime + stime
        except (OSError, IndexError, ValueError):
            ticks = 0
        return ticks, proc.log.stat().st_size if proc.log.exists() else 0

    def _not_ready(self, watch: StartWatch, why: str, parts: dict[str, tuple[str, str]]) -> str:
        took = ", ".join(f"{n} {s:.0f} s" for n, s in sorted(watch.ready_after.items()))
        lines = [f"{why}: {sorted(watch.pending)} (ready: {took or 'none'})"]
        for name in sorted(watch.pending):
            lines += [f"--- {name}: the last lines of its log ---", self.logs(*parts[name])]
        return "\n".join(lines)


@asynccontextmanager
async def running_platform(
    workdir: Path,
    *,
    database_url: str,
    kafka_bootstrap: str,
    services: list[str],
    repo: Path,
    other_groups: dict[str, list[str]] | None = None,
) -> AsyncIterator[PlatformProcesses]:
    """``services`` as their own api and worker processes, ready; stopped afterwards.

    Their consumer groups get a prefix of their own, committed at the end of every topic
    first, so the platform sees only events written while it runs, not those earlier
    tests or runs left on the broker; ``other_groups`` (name after the prefix → topics)
    are started there too.
    """
    from common.topics import load_topics
    from testkit.testing import start_group_at_end

    prefix = f"e2e-{uuid.uuid4().hex[:8]}-"
    topics = [t.name for t in load_topics(repo / "deploy" / "topics.toml")]
    groups = {name: topics for name in services} | (other_groups or {})
    for name, its_topics in groups.items():
        await start_group_at_end(kafka_bootstrap, f"{prefix}{name}", its_topics)
    procs = PlatformProcesses(
        workdir=workdir,
        database_url=database_url,
        kafka_bootstrap=kafka_bootstrap,
        services=services,
        group_prefix=prefix,
        repo=repo,
    )
    procs.start_all()
    try:
        await procs.wait_ready()
        yield procs
    finally:
        procs.stop_all()


@contextmanager
def embedded_server(data_dir: Path, **env_extra: str) -> Iterator[str]:
    """A real ``rex embedded`` process on SQLite in ``data_dir``; yields its base URL.

    ``env_extra`` adds REX_ settings (e.g. ``REX_CLOCK_OFFSET_FILE``). Waits (bounded)
    until it answers /readyz; its output goes to ``data_dir/server.log``.
    """
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("REX_")}
    env.update(REX_DATA_DIR=str(data_dir), REX_LOG_JSON="false", REX_LOG_LEVEL="WARNING")
    env.update(REX_RATE_LIMIT_AUTH_FAILURES="0", REX_RATE_LIMIT_WRITES="0")  # tests write fast
    env.update(env_extra)
    log_path = data_dir / "server.log"
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            [REX, "embedded", "--port", str(port)],
            env=env,
            cwd=Path(__file__).resolve().parents[4],  # the repository, as run.sh runs it
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + START_TOTAL_S  # generous: a loaded box starts slowly
    try:
        # one client for the whole wait: ``httpx.get`` builds a client, and so an SSL
        # context from certifi's bundle, per call — about 0.1 s of CPU a poll, taken from
        # the server that is starting beside it (measured with cProfile, issue 18)
        with httpx.Client(timeout=2) as http:
            while True:
                try:
                    if http.get(f"{base}/listing/readyz").status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"embedded server did not start: {log_path.read_text()}")
                time.sleep(0.1)  # waiting for a process to come up, not for time to pass
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
