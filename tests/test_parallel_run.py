"""The parallel run's rules (testkit.parallel, docs/foundation.md "Parallel test run"):
a module runs whole on one worker, every Kafka test in one group, and no test stops a
shared server."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from testkit import parallel


class _Item:
    def __init__(self, nodeid: str, fixtures: tuple[str, ...], *marks: str) -> None:
        self.nodeid, self.fixturenames = nodeid, fixtures
        self.marks: dict[str, Any] = {m: getattr(pytest.mark, m) for m in marks}

    def get_closest_marker(self, name: str) -> Any:
        return self.marks.get(name)

    def add_marker(self, mark: Any) -> None:
        mark = getattr(pytest.mark, mark) if isinstance(mark, str) else mark
        self.marks[mark.name] = mark


def _items() -> list[_Item]:
    return [
        _Item("a/test_db.py::test_one", ("pg",)),
        _Item("a/test_bus.py::test_two", ("kafka", "pg")),
        _Item("tests/e2e/test_faults.py::test_three", ("kafka",)),
    ]


def _run(
    monkeypatch: pytest.MonkeyPatch, worker: str | None, shared: Path | None = None
) -> list[_Item]:
    if worker is None:
        monkeypatch.delenv("PYTEST_XDIST_WORKER", raising=False)
    else:
        monkeypatch.setenv("PYTEST_XDIST_WORKER", worker)
    if shared is None:
        monkeypatch.delenv(parallel.SHARED, raising=False)
    else:
        monkeypatch.setenv(parallel.SHARED, str(shared))
    items = _items()
    parallel.pytest_collection_modifyitems(None, items)  # type: ignore[arg-type]
    return items


def test_a_worker_names_its_kafka_tests_and_keeps_every_test(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    kept = _run(monkeypatch, "gw1", shared=tmp_path)
    assert [i.nodeid for i in kept] == [i.nodeid for i in _items()]
    assert kept[1].get_closest_marker("kafka") is not None  # set from the fixture it uses
    # the controller's scheduler reads what the workers wrote: one unit for Kafka tests
    kafka = parallel.kafka_tests(str(tmp_path))
    assert kafka == {"a/test_bus.py::test_two", "tests/e2e/test_faults.py::test_three"}
    assert parallel.scope_of("a/test_bus.py::test_two", kafka) == parallel.KAFKA_GROUP
    assert parallel.scope_of("a/test_db.py::test_one", kafka) == "a/test_db.py"


def test_the_scheduler_refuses_to_guess_when_no_worker_named_its_kafka_tests(
    tmp_path: Path,
) -> None:
    with pytest.raises(RuntimeError, match="Kafka tests"):
        parallel.kafka_tests(str(tmp_path))


def test_a_serial_run_keeps_every_test(monkeypatch: pytest.MonkeyPatch) -> None:
    assert len(_run(monkeypatch, None)) == 3


def test_a_module_runs_whole_on_one_worker_the_kafka_tests_across_modules() -> None:
    kafka = {"a/test_bus.py::test_two", "b/test_flow.py::test_three[x]"}
    assert parallel.scope_of("a/test_db.py::test_one[sqlite]", kafka) == "a/test_db.py"
    assert parallel.scope_of("a/test_db.py::Cls::test_one", kafka) == "a/test_db.py"
    assert parallel.scope_of("a/test_bus.py::test_four", kafka) == "a/test_bus.py"
    assert {parallel.scope_of(n, kafka) for n in kafka} == {parallel.KAFKA_GROUP}


def test_the_fuzzed_services_spread_over_workers_and_the_longest_unit_goes_first() -> None:
    fuzz = "tests/test_fuzz_openapi.py::test_X4_fuzzed[listing]"
    assert parallel.scope_of(fuzz, set()) == fuzz  # one unit a service, not one a file
    units = {
        "a/test_db.py": dict.fromkeys(["a", "b", "c"], False),
        "tests/browser/": dict.fromkeys(["x"], False),
        parallel.KAFKA_GROUP: dict.fromkeys(["k"], False),
    }
    order = sorted(units, key=lambda s: parallel.weight(s, units[s]), reverse=True)
    assert order == [parallel.KAFKA_GROUP, "tests/browser/", "a/test_db.py"]


def test_the_browser_tests_are_one_unit_sharing_one_server() -> None:
    board = "tests/browser/test_portal_board.py::test_L5_board"
    consoles = "tests/browser/test_portal_consoles.py::test_L3_clerk[x]"
    assert parallel.scope_of(board, set()) == parallel.scope_of(consoles, set())
    assert parallel.scope_of(board, set()) == "tests/browser/"


def test_the_fault_tests_stop_and_restart_only_servers_of_their_own() -> None:
    faults = Path(__file__).parent / "e2e" / "test_faults.py"
    text = faults.read_text()
    stops = [
        line
        for line in text.splitlines()
        if 'deploy("kafka/' in line or 'deploy("postgres/' in line
    ]
    assert stops and all("env=own_servers" in ln or "env=pg_env" in ln for ln in stops)
    assert "pg_env = {**own_servers," in text


def test_recorded_seconds_order_the_units_and_a_guess_stands_in_for_an_unseen_test() -> None:
    units = {
        "a/test_many.py": dict.fromkeys([f"a/test_many.py::t{i}" for i in range(20)], False),
        "a/test_one_long.py": dict.fromkeys(["a/test_one_long.py::t"], False),
        "tests/browser/test_board.py": dict.fromkeys(["tests/browser/test_board.py::x"], False),
    }
    guessed = sorted(units, key=lambda s: parallel.weight(s, units[s]), reverse=True)
    assert guessed == ["tests/browser/test_board.py", "a/test_many.py", "a/test_one_long.py"]
    seconds = {"a/test_one_long.py::t": 60.0, "a/test_many.py::t0": 0.2}
    measured = sorted(units, key=lambda s: parallel.weight(s, units[s], seconds), reverse=True)
    assert measured == ["a/test_one_long.py", "tests/browser/test_board.py", "a/test_many.py"]
    assert parallel.weight("a/test_many.py", units["a/test_many.py"], seconds) == pytest.approx(
        0.2 + 19 * parallel.GUESS_S
    )


class _Report:
    def __init__(self, nodeid: str, duration: float) -> None:
        self.nodeid, self.duration = nodeid, duration


class _Cache(dict):
    def set(self, key: str, value: Any) -> None:
        self[key] = value


def test_the_controller_records_each_tests_seconds_for_the_next_run(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(parallel, "_took", {})
    cache = _Cache({parallel.DURATIONS: {"old.py::t": 3.0, "a.py::t": 9.0}})
    session = type("S", (), {"config": type("C", (), {"cache": cache})()})()
    monkeypatch.setenv("PYTEST_XDIST_WORKER", "gw0")
    parallel.pytest_runtest_logreport(_Report("a.py::t", 5.0))  # type: ignore[arg-type]
    parallel.pytest_sessionfinish(session)  # type: ignore[arg-type]
    assert cache[parallel.DURATIONS] == {"old.py::t": 3.0, "a.py::t": 9.0}  # a worker: not
    monkeypatch.delenv("PYTEST_XDIST_WORKER")
    for phase in (0.5, 1.0, 0.25):  # setup, call, teardown
        parallel.pytest_runtest_logreport(_Report("a.py::t", phase))  # type: ignore[arg-type]
    parallel.pytest_sessionfinish(session)  # type: ignore[arg-type]
    assert cache[parallel.DURATIONS] == {"old.py::t": 3.0, "a.py::t": 1.75}
    assert parallel.recorded_seconds(session.config) == {"old.py::t": 3.0, "a.py::t": 1.75}
