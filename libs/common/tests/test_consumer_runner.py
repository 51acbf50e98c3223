"""The Kafka consumer runner outlives whatever a broker loss does to aiokafka (X1)."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

import common.inbox as inbox
from common.runtime import ServiceRuntime
from common.settings import Transport
from testkit.testing import make_settings, wait_until


class _FakeConsumer:
    """First incarnation: the broker is gone (getmany fails) and aiokafka's cleanup
    raises the CancelledError of a task it cancelled itself, as its ``stop()`` does
    after a commit timed out. Later incarnations poll normally."""

    made = 0

    def __init__(self) -> None:
        _FakeConsumer.made += 1
        self.first = _FakeConsumer.made == 1
        self.polls = 0

    async def start(self) -> None:
        return None

    async def getmany(self, **_: Any) -> dict:
        if self.first:
            raise ConnectionError("broker lost")
        self.polls += 1
        await asyncio.sleep(0)
        return {}

    def assignment(self) -> set:
        return set()

    async def stop(self) -> None:
        if self.first:
            raise asyncio.CancelledError()


async def test_X1_consumer_runner_survives_a_cancelled_error_from_aiokafka_cleanup(
    services: dict, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    made: list[_FakeConsumer] = []

    def fake(*_: Any, **__: Any) -> _FakeConsumer:
        made.append(_FakeConsumer())
        return made[-1]

    _FakeConsumer.made = 0
    monkeypatch.setattr(inbox, "make_consumer", fake)
    settings = make_settings(
        data_dir=tmp_path, event_transport=Transport.kafka, kafka_bootstrap="127.0.0.1:1"
    )
    runtime = ServiceRuntime(services["listing"], settings)
    runner = inbox.KafkaConsumerRunner(runtime)
    stop = asyncio.Event()
    task = asyncio.create_task(runner.run(stop))
    try:
        # before the fix the runner's task ended here, and nothing consumed again
        await wait_until(lambda: len(made) >= 2 and made[1].polls > 0, 10, "a new consumer")
        assert not task.done()
    finally:
        stop.set()
        await asyncio.wait_for(task, 10)
        await runtime.dispose()
    # a real shutdown (the task itself cancelled) still ends the runner
    stop2 = asyncio.Event()
    runtime = ServiceRuntime(services["listing"], settings)
    task = asyncio.create_task(inbox.KafkaConsumerRunner(runtime).run(stop2))
    await wait_until(lambda: made[-1].polls > 0, 10, "polling")
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    await runtime.dispose()
