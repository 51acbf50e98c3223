"""Fault tolerance across processes (DOMAIN X1): the broker, a worker and the database
fail in the middle of real cross-service traffic, and every event is still applied
exactly once in effect, in per-aggregate order.

The traffic is the G11 → L13 flow: the guarantee service blacklists and clears parties
(``POST /blacklist``, ``/blacklist/{party}/clear``), its relay publishes
``guarantee.party_blacklisted`` / ``party_cleared`` from the outbox, and the listing
service's worker projects them into its restrictions
(``GET /parties/{party}/restrictions``). Each party gets an alternating sequence of
decisions, each with its own reason, so the final projection names exactly the last
decision, and the listing inbox must hold exactly one row per decision.

Only the two services of that flow run (each as its own ``rex api`` and ``rex worker``
process, as in production, see ``testkit.processes``): the other two take no
part in it and would only slow a two-core box. They listen on free ports, so another
test run on the box cannot collide with them. What each fault measured is printed
(run with ``-s`` to see it).
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import signal
import tempfile
import uuid
from collections import defaultdict
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest
from aiokafka import TopicPartition

from common.ids import generate_resident_id
from common.inbox import dlq_topic
from common.migrations import upgrade
from common.transport import KafkaPublisher, OutgoingMessage
from testkit.processes import REX, PlatformProcesses, free_port, running_platform
from testkit.testing import (
    REPO,
    auth,
    group_caught_up,
    pg_settings,
    process_alive,
    read_topic,
    rewind_group,
    wait_until,
)

# These tests kill the broker and restart the database: their own (``own_servers``), so
# they run beside the other tests; until December 2026 they stopped the shared servers and
# ran alone (``exclusive``), after everything else.
pytestmark = [pytest.mark.postgres, pytest.mark.kafka]

SERVICES = ["guarantee", "listing"]
PG_USER = os.environ.get("REX_PG_USER", "rex")
PG_PASSWORD = os.environ.get("REX_PG_PASSWORD", "rex")
TOPIC = "guarantee.events"
GUARANTOR = auth("guarantor", org_type="guarantor", org_id="G-QY-01", subject="g-1")
STAFF = auth("exchange_staff", org_type="county", org_id="620821", subject="centre-1")
EVENT_TYPES = ("guarantee.party_blacklisted", "guarantee.party_cleared")


# ----------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
async def own_servers() -> AsyncIterator[dict[str, str]]:
    """This module's own PostgreSQL and Kafka: ``deploy/up.sh`` on free ports with a state
    folder of its own (under /var/tmp, where the ``postgres`` user may enter, named by this
    process's pid), stopped and deleted after; those of a run that died first are stopped
    and deleted before. The environment that names them is what ``deploy()`` runs with."""
    for orphan in _orphaned_states():  # a run killed before its teardown left them running
        try:
            await deploy("down.sh", env={"REX_STATE_DIR": orphan})
        finally:
            shutil.rmtree(orphan, ignore_errors=True)
    state = tempfile.mkdtemp(prefix=f"{STATE_PREFIX}{os.getpid()}-", dir=STATE_PARENT)
    os.chmod(state, 0o755)
    env = {
        "REX_STATE_DIR": state,
        "REX_PG_PORT": str(free_port()),
        "REX_KAFKA_PORT": str(free_port()),
        "REX_KAFKA_CONTROLLER_PORT": str(free_port()),
        "REX_PG_FAST": "1",
        "REX_TOPICS_CMD": f"{REX} topics create",
    }
    try:
        await deploy("up.sh", env=env)
        yield env
    finally:
        try:
            await deploy("down.sh", env=env)
        finally:
            shutil.rmtree(state, ignore_errors=True)


STATE_PARENT, STATE_PREFIX = "/var/tmp", "rex-faults-"


def _orphaned_states() -> list[str]:
    """State folders of ``own_servers`` whose test process is gone (named by its pid)."""
    found = []
    for entry in os.scandir(STATE_PARENT):
        if not entry.name.startswith(STATE_PREFIX):
            continue
        owner = entry.name.removeprefix(STATE_PREFIX).split("-", 1)[0]
        if owner.isdigit() and not process_alive(int(owner)):
            found.append(entry.path)
    return found


@pytest.fixture(scope="module")
def kafka(own_servers: dict[str, str]) -> str:
    """Replaces the shared broker here: this module's own."""
    return f"127.0.0.1:{own_servers['REX_KAFKA_PORT']}"


@pytest.fixture(scope="module")
async def own_pg(own_servers: dict[str, str], services: dict) -> str:
    """The test database of this module's own PostgreSQL, the two services migrated."""
    url = (
        f"postgresql+asyncpg://{PG_USER}:{PG_PASSWORD}@127.0.0.1:"
        f"{own_servers['REX_PG_PORT']}/{os.environ.get('REX_PG_DB', 'rex')}_test"
    )
    for name in SERVICES:
        await upgrade(services[name], pg_settings(database_url=url))
    return url


@pytest.fixture(scope="module")
async def duo(
    own_pg: str, kafka: str, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[Any]:
    """guarantee + listing as their own api and worker processes, started once for the
    module (a start costs 40-50 s on a loaded two-core box); each test counts only its own
    parties. Consumer groups (and the listing's dead-letter replay group) start at the end
    of every topic, so only this module's events count."""
    async with running_platform(
        tmp_path_factory.mktemp("faults") / "platform",
        database_url=own_pg,
        kafka_bootstrap=kafka,
        services=list(SERVICES),
        repo=REPO,
        other_groups={"listing-dlq-replay": [dlq_topic("listing")]},
    ) as procs:
        yield procs


@pytest.fixture(autouse=True)
async def _every_process_up(duo: PlatformProcesses) -> None:
    """A test that failed half-way may have left a process killed: start it again."""
    await duo.restart_stopped()
    await duo.wait_ready()  # and every API answers again (after a database restart too)


@pytest.fixture
def pg(own_pg: str) -> str:
    """Replaces the shared ``pg`` fixture here: this module's own database, not emptied
    while the module's platform runs; each test counts only its own parties."""
    return own_pg


# ------------------------------------------------------------------------------ helpers


def _dsn(pg: str) -> str:
    return pg.replace("postgresql+asyncpg://", "postgresql://")


async def _rows(pg: str, sql: str, *args: Any) -> list[asyncpg.Record]:
    """Read (never write) a service's tables to assert."""
    conn = await asyncpg.connect(_dsn(pg), timeout=5)
    try:
        return await conn.fetch(sql, *args)
    finally:
        await conn.close()


async def _pg_readable(pg: str) -> bool:
    try:
        await _rows(pg, "SELECT 1")
    except (OSError, asyncpg.PostgresError, TimeoutError):
        return False
    return True


async def outbox_rows(pg: str, parties: list[str]) -> list[asyncpg.Record]:
    return await _rows(
        pg,
        "SELECT id, event_id, aggregate_id, published_at FROM guarantee.outbox"
        " WHERE event_type = ANY($1::text[]) AND aggregate_id = ANY($2::text[]) ORDER BY id",
        list(EVENT_TYPES),
        parties,
    )


async def inbox_rows(pg: str, parties: list[str]) -> list[asyncpg.Record]:
    """The listing's inbox rows of the guarantee's events about ``parties``."""
    return await _rows(
        pg,
        'SELECT i.event_id, i."partition", i."offset", i.processed_at FROM listing.inbox i'
        " JOIN guarantee.outbox o ON o.event_id = i.event_id"
        " WHERE i.consumer = 'listing' AND i.topic = $1 AND o.aggregate_id = ANY($2::text[])",
        TOPIC,
        parties,
    )


async def inbox_count(pg: str, parties: list[str]) -> int:
    return len(await inbox_rows(pg, parties))


async def published_count(pg: str, parties: list[str]) -> int:
    return sum(1 for r in await outbox_rows(pg, parties) if r["published_at"] is not None)


def party(seq: int) -> str:
    return generate_resident_id("620821", birth=date(1975, 3, 9), seq=seq)


def reason(p: str, step: int) -> str:
    return f"{p} 第{step}次决定"


@dataclass
class Burst:
    """Alternating blacklist / clear decisions on many parties, sent concurrently across
    parties and in order within each party. Every request carries an Idempotency-Key and
    is retried (bounded) on a 5xx or a lost connection, as a real client does while the
    database restarts: a retried request that had committed is answered from the store."""

    url: str
    parties: list[str]
    steps: int
    done: int = 0
    retries: int = 0
    log: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.parties) * self.steps

    def expected(self, p: str) -> tuple[bool, str]:
        """The final restriction: blacklisted after an odd number of decisions."""
        last = self.steps - 1
        return last % 2 == 0, reason(p, last)

    async def _send(self, client: httpx.AsyncClient, p: str, step: int) -> None:
        if step % 2 == 0:
            path, body, status = (
                "/blacklist",
                {"party_id": p, "party_name": "王" + p[-4:], "reason": reason(p, step)},
                201,
            )
        else:
            path, body, status = f"/blacklist/{p}/clear", {"reason": reason(p, step)}, 200
        headers = {**GUARANTOR, "Idempotency-Key": f"faults-{p}-{step}"}

        async def attempt() -> bool:
            try:
                r = await client.post(f"{self.url}{path}", json=body, headers=headers)
            except httpx.TransportError as exc:
                self.retries += 1
                self.log.append(f"{p}#{step}: {type(exc).__name__}")
                return False
            if r.status_code >= 500:
                self.retries += 1
                self.log.append(f"{p}#{step}: {r.status_code}")
                return False
            assert r.status_code == status, (p, step, r.status_code, r.text)
            return True

        await wait_until(attempt, 90, f"decision {step} on {p} to be accepted")
        self.done += 1

    async def _party(self, client: httpx.AsyncClient, p: str) -> None:
        for step in range(self.steps):
            await self._send(client, p, step)

    async def run(self) -> None:
        async with httpx.AsyncClient(timeout=10) as client:
            await asyncio.gather(*(self._party(client, p) for p in self.parties))


def burst(platform: PlatformProcesses, first: int, n: int, steps: int) -> Burst:
    return Burst(platform.url("guarantee"), [party(first + i) for i in range(n)], steps)


async def restrictions(platform: PlatformProcesses, p: str) -> list[dict[str, Any]]:
    async with httpx.AsyncClient(timeout=10) as client:
        r = await client.get(f"{platform.url('listing')}/parties/{p}/restrictions", headers=STAFF)
    assert r.status_code == 200, r.text
    return r.json()


async def all_applied(pg: str, b: Burst) -> bool:
    return await inbox_count(pg, b.parties) >= b.total


async def assert_exactly_once_in_order(
    platform: PlatformProcesses, pg: str, kafka: str, b: Burst
) -> dict[str, int]:
    """Every decision applied once, in each party's order; returns what the wire held."""
    outbox = await outbox_rows(pg, b.parties)
    assert len(outbox) == b.total, "one outbox row per accepted decision (nothing doubled)"
    assert all(r["published_at"] is not None for r in outbox), "every event published"
    inbox = {r["event_id"]: r for r in await inbox_rows(pg, b.parties)}
    assert set(inbox) == {r["event_id"] for r in outbox}, "the listing applied every event"
    assert len(inbox) == b.total

    # per aggregate: consumed in the order the guarantee service decided
    by_party: dict[str, list[asyncpg.Record]] = defaultdict(list)
    for r in outbox:
        by_party[r["aggregate_id"]].append(r)
    for p, rows in by_party.items():
        applied = [inbox[r["event_id"]] for r in rows]
        positions = [(a["partition"], a["offset"]) for a in applied]
        assert len({part for part, _ in positions}) == 1, f"{p} spread over partitions"
        offsets = [off for _, off in positions]
        assert offsets == sorted(offsets) and len(set(offsets)) == len(offsets), f"{p} reordered"

    # the wire: first copies in decision order; duplicates (a re-sent batch) are counted
    ours = {r["event_id"]: r["aggregate_id"] for r in outbox}
    seen: set[uuid.UUID] = set()
    firsts: dict[str, list[uuid.UUID]] = defaultdict(list)
    copies = 0
    for record in await read_topic(kafka, TOPIC, timeout_s=60):
        event_id = uuid.UUID(json.loads(record.value)["event_id"])
        if event_id not in ours:
            continue
        copies += 1
        if event_id not in seen:
            seen.add(event_id)
            firsts[ours[event_id]].append(event_id)
    assert seen == set(ours), "every event is on the topic"
    for p, rows in by_party.items():
        assert firsts[p] == [r["event_id"] for r in rows], f"{p} out of order on the wire"

    # the effect: each party's projection holds exactly its last decision (L13, G11)
    for p in b.parties:
        active, why = b.expected(p)
        got = await restrictions(platform, p)
        assert [(x["source"], x["active"], x["reason"]) for x in got] == [
            ("guarantee", active, why)
        ], p
    return {"events": b.total, "wire_copies": copies, "wire_duplicates": copies - b.total}


async def deploy(script: str, *args: str, env: dict[str, str] | None = None) -> float:
    """Run a deploy/ script (bounded); returns how long it took."""
    loop = asyncio.get_running_loop()
    t0 = loop.time()
    code, out, _ = await run_bounded(
        [str(REPO / "deploy" / script), *args],
        150,
        env={**os.environ, **(env or {})},
        merge_stderr=True,
    )
    assert code == 0, f"{script} {args} failed:\n{out.decode(errors='replace')}"
    return loop.time() - t0


async def run_bounded(
    argv: list[str],
    timeout_s: float,
    *,
    env: dict[str, str],
    cwd: Path | None = None,
    merge_stderr: bool = False,
) -> tuple[int | None, bytes, bytes]:
    """Run a command to its end, killed after ``timeout_s``: its exit code, its output and
    its error output (empty when ``merge_stderr`` sends it to the output)."""
    proc = await asyncio.create_subprocess_exec(
        *argv,
        env=env,
        cwd=cwd,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT if merge_stderr else asyncio.subprocess.PIPE,
    )
    try:
        out, err = await asyncio.wait_for(proc.communicate(), timeout_s)
    except TimeoutError:
        proc.kill()
        raise
    return proc.returncode, out, err or b""


async def readyz(platform: PlatformProcesses, service: str) -> int:
    try:
        async with httpx.AsyncClient(timeout=8) as client:
            return (await client.get(f"{platform.url(service)}/readyz")).status_code
    except httpx.HTTPError:
        return 0


async def every_readyz(platform: PlatformProcesses, status: int) -> bool:
    return all([await readyz(platform, s) == status for s in SERVICES])


def _fail_with_logs(platform: PlatformProcesses) -> str:
    return "\n".join(
        f"--- {s}-{p}\n{platform.logs(s, p, 30)}" for s in SERVICES for p in ("api", "worker")
    )


# -------------------------------------------------------------------------------- tests


async def test_X1_kafka_killed_mid_burst_every_event_applied_once_in_order_G11_L13(
    duo: PlatformProcesses, pg: str, kafka: str, own_servers: dict[str, str]
) -> None:
    """kill -9 of the broker while decisions flow; the API keeps accepting them (the
    outbox holds them); once the broker is back, relay and consumer resume by
    themselves and the listing ends with exactly the final state of every party."""
    loop = asyncio.get_running_loop()
    b = burst(duo, 100, 24, 7)
    task = asyncio.create_task(b.run())
    killed = False
    try:
        await wait_until(
            lambda: _at_least(inbox_count(pg, b.parties), b.total // 5), 60, "first events"
        )
        await deploy("kafka/stop.sh", "--kill", env=own_servers)
        killed = True
        done_at_kill, applied_at_kill = b.done, await inbox_count(pg, b.parties)
        # the decisions go on while the broker is down: accepted, kept in the outbox
        await asyncio.wait_for(task, 120)
        applied_while_down = await inbox_count(pg, b.parties)
        assert applied_while_down < b.total, "nothing can be consumed without a broker"
        restart_s = await deploy("kafka/start.sh", env=own_servers)
        killed = False
        back = loop.time()
        await wait_until(lambda: all_applied(pg, b), 120, "every event after the broker came back")
        recovery_s = loop.time() - back
    finally:
        if not task.done():
            task.cancel()
        if killed:
            await deploy("kafka/start.sh", env=own_servers)  # later tests need the broker
    assert not duo.dead(), _fail_with_logs(duo)
    wire = await assert_exactly_once_in_order(duo, pg, kafka, b)
    print(
        f"\n[kafka kill] {b.total} events; at kill {done_at_kill} decided, {applied_at_kill} "
        f"applied; {applied_while_down} applied while down; broker restart {restart_s:.1f} s; "
        f"all applied {recovery_s:.1f} s after it was back; wire {wire}"
    )


async def test_X1_workers_killed_mid_batch_lose_and_double_nothing_G11_L13(
    duo: PlatformProcesses, pg: str, kafka: str
) -> None:
    """SIGKILL of the guarantee worker (relay) and the listing worker (consumer) while a
    burst is relayed and consumed, then of the listing worker again while it works off
    the backlog: nothing lost, nothing doubled, order kept."""
    loop = asyncio.get_running_loop()
    b = burst(duo, 200, 30, 6)
    task = asyncio.create_task(b.run())
    try:
        await wait_until(
            lambda: _at_least(inbox_count(pg, b.parties), b.total // 5), 60, "first events"
        )
        duo.kill("guarantee", "worker", signal.SIGKILL)
        duo.kill("listing", "worker", signal.SIGKILL)
        done_at_kill = b.done
        published_at_kill, applied_at_kill = (
            await published_count(pg, b.parties),
            await inbox_count(pg, b.parties),
        )
        await asyncio.wait_for(task, 120)  # the backlog builds up in the outbox
    finally:
        if not task.done():
            task.cancel()
    t0 = loop.time()
    duo.start("guarantee", "worker")
    duo.start("listing", "worker")
    # the consumer again, in the middle of the backlog
    await wait_until(
        lambda: _at_least(inbox_count(pg, b.parties), applied_at_kill + 1),
        60,
        "the backlog to flow",
    )
    duo.kill("listing", "worker", signal.SIGKILL)
    applied_at_second_kill = await inbox_count(pg, b.parties)
    duo.start("listing", "worker")
    await wait_until(lambda: all_applied(pg, b), 120, "every event after the restarts")
    recovery_s = loop.time() - t0
    assert not duo.dead(), _fail_with_logs(duo)
    wire = await assert_exactly_once_in_order(duo, pg, kafka, b)
    print(
        f"\n[worker kill] {b.total} events; first kill at {done_at_kill} decided, "
        f"{published_at_kill} published, {applied_at_kill} applied; second kill (listing "
        f"worker) at {applied_at_second_kill} applied; all applied {recovery_s:.1f} s after "
        f"the restart; wire {wire}"
    )


async def test_X1_the_same_events_delivered_twice_change_nothing_G11_L13(
    duo: PlatformProcesses, pg: str, kafka: str
) -> None:
    """The listing's consumer group is rewound over every event already applied (as
    after a lost offset commit) and the worker restarted: the whole stream is delivered
    a second time and the projection, the inbox and the decision times stay as they were."""
    b = burst(duo, 300, 12, 3)
    await b.run()
    await wait_until(lambda: all_applied(pg, b), 60, "every event")
    group = f"{duo.group_prefix}listing"
    await wait_until(lambda: group_caught_up(kafka, group, [TOPIC]), 30, "offsets committed")
    before_inbox = {r["event_id"]: r["processed_at"] for r in await inbox_rows(pg, b.parties)}
    before = {p: await restrictions(duo, p) for p in b.parties}

    duo.kill("listing", "worker", signal.SIGTERM)  # stopped cleanly: its offsets are final
    first: dict[TopicPartition, int] = {}
    for r in await inbox_rows(pg, b.parties):
        tp = TopicPartition(TOPIC, r["partition"])
        first[tp] = min(first.get(tp, r["offset"]), r["offset"])
    await rewind_group(kafka, group, first)
    assert not await group_caught_up(kafka, group, [TOPIC]), "the rewind took"
    redelivered = sum(
        1
        for rec in await read_topic(kafka, TOPIC)
        if rec.offset >= first.get(TopicPartition(TOPIC, rec.partition), 1 << 62)
    )

    duo.start("listing", "worker")
    await wait_until(lambda: group_caught_up(kafka, group, [TOPIC]), 60, "the redelivery")
    after_inbox = {r["event_id"]: r["processed_at"] for r in await inbox_rows(pg, b.parties)}
    assert after_inbox == before_inbox, "no event applied a second time"
    assert {p: await restrictions(duo, p) for p in b.parties} == before
    await assert_exactly_once_in_order(duo, pg, kafka, b)
    assert not duo.dead(), _fail_with_logs(duo)
    print(f"\n[duplicates] {redelivered} records delivered a second time, effect unchanged")


async def test_X1_postgres_restart_under_load_recovers_by_itself_readyz_503_then_200(
    duo: PlatformProcesses, pg: str, kafka: str, own_servers: dict[str, str]
) -> None:
    """PostgreSQL stopped (fast shutdown: every connection cut) and started again while
    decisions flow: /readyz says 503 while it is down and 200 after, with no process
    restarted; clients retry with their Idempotency-Key; nothing lost or doubled."""
    loop = asyncio.get_running_loop()
    fsync = (await _rows(pg, "SHOW fsync"))[0][0]
    pg_env = {**own_servers, "REX_PG_FAST": "1" if fsync == "off" else "0"}  # as it was
    b = burst(duo, 400, 24, 7)
    task = asyncio.create_task(b.run())
    stopped = False
    try:
        await wait_until(
            lambda: _at_least(inbox_count(pg, b.parties), b.total // 5), 60, "first events"
        )
        done_at_stop = b.done
        await deploy("postgres/stop.sh", env=pg_env)
        stopped = True
        down_at = loop.time()
        await wait_until(lambda: every_readyz(duo, 503), 30, "/readyz 503 while down")
        seen_503_s = loop.time() - down_at
        start_s = await deploy("postgres/start.sh", env=pg_env)
        stopped = False
        up_at = loop.time()
        await wait_until(lambda: every_readyz(duo, 200), 60, "/readyz 200 after the restart")
        ready_s = loop.time() - up_at
        await asyncio.wait_for(task, 120)
        await wait_until(lambda: all_applied(pg, b), 120, "every event after the restart")
        recovery_s = loop.time() - up_at
    finally:
        if not task.done():
            task.cancel()
        if stopped or not await _pg_readable(pg):
            await deploy("postgres/start.sh", env=pg_env)
    assert not duo.dead(), _fail_with_logs(duo)
    wire = await assert_exactly_once_in_order(duo, pg, kafka, b)
    print(
        f"\n[postgres restart] {b.total} events; stopped after {done_at_stop} decided; "
        f"/readyz 503 {seen_503_s:.1f} s after the stop; start took {start_s:.1f} s; /readyz "
        f"200 {ready_s:.1f} s after it; all applied {recovery_s:.1f} s after it; "
        f"{b.retries} client retries; wire {wire}"
    )


async def test_X1_poison_event_dead_lettered_with_its_error_and_replayed_once_fixed_G11_L13(
    duo: PlatformProcesses, pg: str, kafka: str
) -> None:
    """The poison: a ``guarantee.party_blacklisted`` with a valid envelope whose
    ``reason`` holds a NUL character, as a guarantee release without the API's text guard
    (or an operator's hand-made correction) would put it on ``guarantee.events`` — the
    contract allows it (its strings are bounded, not filtered), PostgreSQL cannot store it.
    The listing cannot apply it (the database refuses the value: not an infrastructure
    error), retries, then dead-letters it to ``dlq.listing`` with the error, and the
    stream moves on. A replay before the cause is fixed dead-letters it again. (A
    payload that breaks the contract itself — a name over its bound — is dead-lettered
    the same way, before any database write: ``tests/test_contract_bounds.py``.)

    The fix goes through the API: the guarantor records the decision on that party
    properly (``POST /blacklist``). The listing projects that newer decision; the replay
    (``rex dlq replay listing``, a CLI process with the platform's environment) then
    applies the dead letter as what it is — an older fact — so it is recorded in the
    inbox once and leaves the projection on the newer decision (a projection never lets
    an older fact overwrite a newer one), and nothing goes back to the DLQ.
    """
    poison_party, healthy = party(500), party(501)
    decided = datetime.now(UTC) - timedelta(hours=1)
    event_id = uuid.uuid4()
    envelope = {
        "event_id": str(event_id),
        "event_type": "guarantee.party_blacklisted",
        "version": 1,
        "occurred_at": decided.isoformat(),
        "producer": "guarantee",
        "aggregate_type": "party",
        "aggregate_id": poison_party,
        "payload": {
            "party_id": poison_party,
            "party_name": "甘肃省庆阳市某某农业发展有限公司",
            "reason": "恶意逃废\x00债务",  # NUL: PostgreSQL text cannot hold it
            "decided_by": "g-legacy",
            "decided_at": decided.isoformat(),
        },
    }
    publisher = KafkaPublisher(kafka)
    try:
        await publisher.publish(
            [OutgoingMessage(TOPIC, poison_party.encode(), json.dumps(envelope).encode())]
        )
    finally:
        await publisher.close()
    healthy_burst = Burst(duo.url("guarantee"), [healthy], 1)
    await healthy_burst.run()

    async def dead_letters() -> list[Any]:
        return [
            r
            for r in await read_topic(kafka, dlq_topic("listing"))
            if json.loads(r.value).get("event_id") == str(event_id)
        ]

    await wait_until(lambda: _nonempty(dead_letters()), 60, "the poison on dlq.listing")
    await wait_until(lambda: _at_least(inbox_count(pg, [healthy]), 1), 30, "the healthy event")
    headers = dict((await dead_letters())[-1].headers)
    assert headers["dlq_topic"] == TOPIC.encode()
    assert headers["dlq_consumer"] == b"listing"
    assert b"0x00" in headers["dlq_error"], headers["dlq_error"]
    assert await restrictions(duo, poison_party) == [], "nothing of the poison applied"
    assert [x["active"] for x in await restrictions(duo, healthy)] == [True], "stream moved on"
    poisoned_in_inbox = "SELECT count(*) FROM listing.inbox WHERE event_id = $1"
    assert (await _rows(pg, poisoned_in_inbox, event_id))[0][0] == 0

    # replayed before the cause is fixed: it fails again and goes back to the DLQ
    assert await replay_cli(duo) == 1
    assert len(await dead_letters()) == 2
    assert (await _rows(pg, poisoned_in_inbox, event_id))[0][0] == 0

    # the fix, through the API: the decision recorded properly, projected by the listing
    fixed = Burst(duo.url("guarantee"), [poison_party], 1)
    await fixed.run()

    async def projected() -> bool:
        got = await restrictions(duo, poison_party)
        return [(x["active"], x["reason"]) for x in got] == [(True, reason(poison_party, 0))]

    await wait_until(projected, 60, "the corrected decision projected")
    assert await replay_cli(duo) == 1
    assert (await _rows(pg, poisoned_in_inbox, event_id))[0][0] == 1, "applied once"
    assert await projected(), "the newer decision stands"
    assert len(await dead_letters()) == 2, "the fixed replay dead-lettered nothing"
    assert not duo.dead(), _fail_with_logs(duo)
    print(f"\n[poison] error: {headers['dlq_error'][:120].decode(errors='replace')}")


async def replay_cli(platform: PlatformProcesses) -> int:
    """``rex dlq replay listing`` as an operator runs it; returns how many it replayed."""
    code, out, err = await run_bounded(
        [REX, "dlq", "replay", "listing"], 90, env=platform.env("listing"), cwd=platform.repo
    )
    text = err.decode(errors="replace")
    assert code == 0, text + out.decode(errors="replace")
    lines = [line for line in text.splitlines() if line.startswith("replayed ")]
    assert lines, text
    return int(lines[-1].split()[1])


async def _at_least(aw: Any, n: int) -> bool:
    return (await aw) >= n


async def _nonempty(aw: Any) -> bool:
    return bool(await aw)
