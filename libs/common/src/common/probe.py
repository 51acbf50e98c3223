"""Probe events: write ``count`` ProbeRecorded events into a service's outbox."""

from __future__ import annotations

import uuid

from common.contracts.platform import ProbeRecorded
from common.outbox import record_event
from common.runtime import ServiceRuntime


async def write_probes(runtime: ServiceRuntime, count: int = 1, note: str = "") -> str:
    probe_id = uuid.uuid4().hex
    async with runtime.transaction() as session:
        for i in range(count):
            await record_event(
                session,
                ProbeRecorded(
                    probe_id=probe_id, sequence=i, sent_at=runtime.clock.now(), note=note
                ),
            )
    return probe_id
