"""Running the suite on two processes (pytest-xdist), as ``scripts/test.sh`` does —
并行测试.

What may run side by side and what may not (docs/foundation.md, "Parallel test run"):

- Every test module that reaches only PostgreSQL or SQLite runs whole on one worker
  (``--dist loadgroup`` with the scheduler below: a test without a group is grouped by
  its file, so a module's database clone or embedded server is made once, not once per
  worker). Each worker has its own template database and clones (named by its pid).
- Every test that reaches Kafka (the ``kafka`` marker) is in one group, ``kafka``: they
  run one after another on one worker, as in a serial run, so no test's consumers see
  another test's events while both run.
- A test marked ``exclusive`` stops or restarts a shared server (the broker, the
  database): nothing may run beside it. A worker leaves it out; ``scripts/test.sh``
  runs those after the parallel run with ``--exclusive-only``. A serial run
  (no ``-n``) runs everything as before.
"""

from __future__ import annotations

import os
from typing import Any

import pytest

from testkit.testing import mark_server_tests

KAFKA_GROUP = "kafka"


def worker_id() -> str | None:
    """``gw0``, ``gw1``… inside an xdist worker; None in a serial run."""
    return os.environ.get("PYTEST_XDIST_WORKER")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--exclusive-only",
        action="store_true",
        default=False,
        help="run only the tests marked 'exclusive' (scripts/test.sh, after the parallel run)",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "exclusive: stops or restarts a shared server (PostgreSQL, Kafka): never runs beside "
        "another test; a parallel worker leaves it for the serial run (--exclusive-only)",
    )


# tryfirst: before xdist's worker hook, which appends the group to the node id, and
# before ``-m`` deselects by the markers set here.
@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    mark_server_tests(items)  # the kafka marker decides the group
    only = config.getoption("--exclusive-only")
    in_worker = worker_id() is not None
    keep: list[pytest.Item] = []
    left: list[pytest.Item] = []
    for item in items:
        exclusive = item.get_closest_marker("exclusive") is not None
        if (only and not exclusive) or (in_worker and exclusive):
            left.append(item)
            continue
        if in_worker and item.get_closest_marker("kafka") is not None:
            item.add_marker(pytest.mark.xdist_group(KAFKA_GROUP))
        keep.append(item)
    if left:
        config.hook.pytest_deselected(items=left)
        items[:] = keep


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """``--dist loadgroup``, with a test outside any group scoped by its file (xdist's own
    loadgroup sends such a test alone, and each worker would set up that module's
    fixtures — a database clone, an embedded server — again)."""
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class FileOrGroupScheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return scope_of(nodeid)

    return FileOrGroupScheduling(config, log)


def scope_of(nodeid: str) -> str:
    """The unit one worker runs whole: the xdist group a worker appended to the node id
    (``…::test_x@kafka``; an ``@`` inside the parameters is not one), else the file."""
    if nodeid.rfind("@") > nodeid.rfind("]"):
        return nodeid.rsplit("@", 1)[-1]
    return nodeid.split("::", 1)[0]
