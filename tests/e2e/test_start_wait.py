"""The e2e harness's start-up wait (issue 18): it follows the processes' progress — each
one seen ready, a pending one's CPU time or log growing — bounded in all (300 s) and without
progress (120 s), and a failure names the process not ready with its log's tail. No
PostgreSQL or Kafka: a stand-in process that never gets ready."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from testkit.processes import START_STALL_S, START_TOTAL_S, PlatformProcesses, StartWatch, _Proc


def test_the_start_goes_on_while_it_makes_progress_and_is_bounded_in_all() -> None:
    watch = StartWatch({"listing-api", "listing-worker"}, started=0.0)
    assert (START_TOTAL_S, START_STALL_S) == (300.0, 120.0)
    watch.working("listing-api", (0, 0), 10.0)  # no CPU time, nothing written: no progress
    assert watch.overdue(119.0) is None
    assert watch.overdue(121.0) == "no progress for 120 s (121 s in all)"
    watch.working("listing-api", (300, 0), 100.0)  # importing under load: CPU, no log yet
    watch.working("listing-api", (300, 2_000), 150.0)  # its log grew: the start moves
    assert watch.overdue(260.0) is None  # past the old 120 s bound, still moving
    watch.working("listing-api", (300, 2_000), 200.0)  # the same: no news
    watch.ready("listing-worker", 215.0)
    assert watch.pending == {"listing-api"} and watch.ready_after == {"listing-worker": 215.0}
    assert watch.overdue(300.0) is None
    assert watch.overdue(300.5) == "not ready after 300 s"  # bounded whatever moves


def _never_ready(log: Path) -> subprocess.Popen[bytes]:
    """A process that stays alive and never answers: it waits for a line on stdin."""
    with log.open("ab") as out:
        return subprocess.Popen(
            [sys.executable, "-c", "input()"],
            stdin=subprocess.PIPE,
            stdout=out,
            stderr=subprocess.STDOUT,
        )


async def test_a_process_not_ready_is_named_with_the_tail_of_its_log(tmp_path: Path) -> None:
    procs = PlatformProcesses(
        workdir=tmp_path,
        database_url="postgresql://unused",
        kafka_bootstrap="127.0.0.1:9",
        services=["listing"],
        group_prefix="unused-",
    )
    log = tmp_path / "listing-api.log"
    log.write_text("listing api: migrations pending\n")  # written once, then nothing
    stand_in = _never_ready(log)
    procs.procs[("listing", "api")] = _Proc(stand_in, log)
    try:
        with pytest.raises(TimeoutError) as failed:
            await procs.wait_ready(total_s=60.0, stall_s=1.0)
    finally:
        stand_in.kill()
        stand_in.wait(10)
    message = str(failed.value)
    assert message.startswith("no progress for 1 s"), message
    assert "['listing-api'] (ready: none)" in message
    assert "listing api: migrations pending" in message
