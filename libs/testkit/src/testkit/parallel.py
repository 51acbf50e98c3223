"""Running the suite on two processes (pytest-xdist), as ``scripts/test.sh`` does —
并行测试.

What may run side by side and what may not (docs/foundation.md, "Parallel test run"):

- Every test module that reaches only PostgreSQL or SQLite runs whole on one worker
  (``--dist loadgroup`` with the scheduler below, which groups a test by its file, so a
  module's embedded server or module fixtures are made once, not once per worker). Each
  worker has its own template database and clones (named by its pid).
- Every test that reaches Kafka (the ``kafka`` marker) is in one group, ``kafka``: they
  run one after another on one worker, as in a serial run, so no test's consumers see
  another test's events while both run. The marker comes from the fixtures a test uses,
  which only a worker's collection knows: each worker writes the node ids of its Kafka
  tests to a folder the controller made (``REX_XDIST_SHARED``), and the scheduler reads
  them before it splits the work. (xdist's own ``xdist_group`` mark renames the node id,
  which pytest 9 no longer lets it do.)
- The browser tests (``tests/browser/``) are one unit: they share one embedded server
  per worker, which a split would start on both.
- The scheduler hands out the longest unit first, by the seconds each test took in the
  last run this checkout recorded (pytest's cache, ``testkit/durations``), or by a
  guess for a test it has not seen.
- No test stops or restarts a shared server: the fault tests that kill the broker and
  restart the database start their own (tests/e2e/test_faults.py), so every test runs
  in the one parallel run. A serial run (no ``-n``) runs everything as before.
"""

from __future__ import annotations

import atexit
import json
import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from testkit.testing import mark_server_tests

KAFKA_GROUP = "kafka"
SHARED = "REX_XDIST_SHARED"  # the folder where workers name their Kafka tests


def worker_id() -> str | None:
    """``gw0``, ``gw1``… inside an xdist worker; None in a serial run."""
    return os.environ.get("PYTEST_XDIST_WORKER")


def pytest_configure(config: pytest.Config) -> None:
    if worker_id() is None and config.getoption("dist", "no") != "no":
        # the controller, before it starts the workers (they inherit the environment)
        shared = tempfile.mkdtemp(prefix="rex-xdist-")
        atexit.register(shutil.rmtree, shared, ignore_errors=True)
        os.environ[SHARED] = shared


# tryfirst: before xdist's worker hook, which appends the group to the node id, and
# before ``-m`` deselects by the markers set here.
@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    mark_server_tests(items)  # the kafka marker decides the group
    if worker_id() is not None and (shared := os.environ.get(SHARED)):
        kafka = [i.nodeid for i in items if i.get_closest_marker("kafka") is not None]
        (Path(shared) / f"{worker_id()}.json").write_text(json.dumps(kafka))


def kafka_tests(shared: str | None = None) -> set[str]:
    """The node ids the workers named as Kafka tests (their collections are the same)."""
    folder = Path(shared or os.environ[SHARED])
    reports = sorted(folder.glob("*.json"))
    if not reports:
        raise RuntimeError(f"no worker named its Kafka tests in {folder}")
    return {nodeid for report in reports for nodeid in json.loads(report.read_text())}


# tryfirst: before xdist's own hook, which would answer ``loadgroup`` with its scheduler
@pytest.hookimpl(optionalhook=True, tryfirst=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """``--dist loadgroup`` as this project means it: the Kafka tests one unit, every
    other test with its file (xdist's own loadgroup sends a test outside a group alone,
    and each worker would set up that module's fixtures — a database clone, an embedded
    server — again)."""
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class FileOrKafkaScheduling(LoadScopeScheduling):
        kafka: frozenset[str] = frozenset()

        seconds: Mapping[str, float] = recorded_seconds(config)

        def schedule(self) -> None:
            if self.collection is None:  # the first call: every worker has collected
                self.kafka = frozenset(kafka_tests())
            super().schedule()

        def _split_scope(self, nodeid: str) -> str:
            return scope_of(nodeid, self.kafka)

        def _assign_work_unit(self, node: Any) -> None:
            # The longest unit first (LPT): a long unit handed out last leaves the other
            # worker idle at the end of the run.
            longest = max(
                self.workqueue,
                key=lambda scope: weight(scope, self.workqueue[scope], self.seconds),
            )
            self.workqueue.move_to_end(longest, last=False)
            super()._assign_work_unit(node)

    return FileOrKafkaScheduling(config, log)


# Files whose tests run one by one on any worker: each is long (a service's OpenAPI fuzzed)
# and the module's fixture (an embedded server) is cheap beside it.
SPLIT_BY_TEST = ("tests/test_fuzz_openapi.py",)
# Files whose tests each take many times a unit test's time (a browser, processes).
SLOW_PREFIXES = ("tests/browser/", "tests/e2e/", *SPLIT_BY_TEST)
# A test's seconds when no run recorded it (worker-seconds of December 2026's profile:
# 1,150 s over 1,774 tests; a browser test 17 s, a fuzzed service 38 s, an e2e test 4 s).
GUESS_S = 0.6
GUESS_SLOW_S = 15.0


# Folders run whole on one worker: the browser tests share one embedded server and
# Chromium per worker (tests/browser/conftest.py), so spread over two workers they would
# start the server twice (about 14 s) and run two browsers side by side on two cores.
ONE_UNIT_FOLDERS = ("tests/browser/",)


def scope_of(nodeid: str, kafka: set[str] | frozenset[str]) -> str:
    """The unit one worker runs whole: all Kafka tests together, a folder run as one unit
    whole, a test of a file split by test alone, else the test's file."""
    if nodeid in kafka:
        return KAFKA_GROUP
    file = nodeid.split("::", 1)[0]
    for folder in ONE_UNIT_FOLDERS:
        if file.startswith(folder):
            return folder
    return nodeid if file in SPLIT_BY_TEST else file


def weight(
    scope: str, tests: Mapping[str, Any], seconds: Mapping[str, float] | None = None
) -> float:
    """A unit's expected length in seconds, to hand out the longest first: the tests'
    recorded seconds (``seconds``), a guess for a test none was recorded for; the Kafka
    group, the longest chain, always first."""
    if scope == KAFKA_GROUP:
        return float("inf")
    guess = GUESS_SLOW_S if scope.startswith(SLOW_PREFIXES) else GUESS_S
    known = seconds or {}
    return sum(known.get(nodeid, guess) for nodeid in tests)


# --------------------------------------------------------------- recorded durations
#
# The controller (or a serial run) adds up each test's setup, call and teardown as the
# reports come in, and keeps them in pytest's cache at the end, so the next parallel run
# of this checkout orders its units by what they took. A fresh clone has none: the guess.

DURATIONS = "testkit/durations"
_took: dict[str, float] = {}


def recorded_seconds(config: pytest.Config) -> dict[str, float]:
    cache = getattr(config, "cache", None)  # None under -p no:cacheprovider
    return dict(cache.get(DURATIONS, {})) if cache is not None else {}


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if worker_id() is None:  # the workers' reports reach the controller too
        _took[report.nodeid] = _took.get(report.nodeid, 0.0) + report.duration


def pytest_sessionfinish(session: pytest.Session) -> None:
    cache = getattr(session.config, "cache", None)
    if worker_id() is None and _took and cache is not None:
        cache.set(DURATIONS, {**recorded_seconds(session.config), **_took})
