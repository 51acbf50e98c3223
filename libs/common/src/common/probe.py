"""Probe events: write ``count`` ProbeRecorded events into a service's outbox."""

from __future__ import annotations

import asyncio
import uuid

from common.contracts.platform import ProbeRecorded
from common.outbox import record_events
from common.runtime import ServiceRuntime


async def write_probes(
    runtime: ServiceRuntime, count: int = 1, note: str = "", *, spaced_s: float | None = None
) -> str:
    """``count`` probes of one new probe id (returned): a burst in one transaction, or
    with ``spaced_s`` one transaction per probe, that many seconds apart (the lag of a
    single event, not of a burst)."""
    probe_id = uuid.uuid4().hex

    def probe(i: int) -> ProbeRecorded:
        return ProbeRecorded(probe_id=probe_id, sequence=i, sent_at=runtime.clock.now(), note=note)

    if spaced_s is None:
        async with runtime.transaction() as session:
            await record_events(session, [probe(i) for i in range(count)])
        return probe_id
    for i in range(count):
        if i:
            await asyncio.sleep(spaced_s)  # a real pause between real writes (a CLI, no clock)
        async with runtime.transaction() as session:
            await record_events(session, [probe(i)])
    return probe_id
